//! From parsed arguments to a request body, and from a command to a call of the generated
//! client. Bodies are built with exhaustive struct literals (no `..Default::default()`), so a
//! property added to the spec fails to compile here until the CLI has a flag for it.

use katapult_core::Client;
use katapult_core::types;

use crate::args::{
    AnnotationArgs, AssignDiskArgs, Command, CreateFileStorageVolumeArgs, CreateIpAddressArgs,
    CreateLoadBalancerArgs, DataCenterArgs, DisksCommand, FileStorageVolumesCommand,
    IpAddressesCommand, LoadBalancersCommand, NetworkArgs, OrganizationArgs, VirtualMachineArgs,
};
use crate::output::{Failure, Settings, outcome};

/// Sends the request `command` describes and returns the response body as pretty JSON.
pub async fn run(
    command: Command,
    client: &Client,
    settings: &Settings,
) -> Result<String, Failure> {
    match command {
        Command::FileStorageVolumes(FileStorageVolumesCommand::Create(args)) => {
            let result = client
                .create_file_storage_volume()
                .body(file_storage_volume_request(args))
                .send()
                .await;
            outcome("create_file_storage_volume", result, settings).await
        }
        Command::Disks(DisksCommand::Assign(args)) => {
            let result = client
                .assign_disk()
                .body(assign_disk_request(args))
                .send()
                .await;
            outcome("assign_disk", result, settings).await
        }
        Command::IpAddresses(IpAddressesCommand::Create(args)) => {
            let result = client
                .create_ip_address()
                .body(ip_address_request(args))
                .send()
                .await;
            outcome("create_ip_address", result, settings).await
        }
        Command::LoadBalancers(LoadBalancersCommand::Create(args)) => {
            let result = client
                .create_load_balancer()
                .body(load_balancer_request(args))
                .send()
                .await;
            outcome("create_load_balancer", result, settings).await
        }
    }
}

/// The body of `create_file_storage_volume`.
pub fn file_storage_volume_request(
    args: CreateFileStorageVolumeArgs,
) -> types::CreateFileStorageVolumeRequest {
    types::CreateFileStorageVolumeRequest {
        organization: organization(args.organization),
        properties: types::FileStorageVolumeArguments {
            name: args.name,
            data_center: data_center(args.data_center),
            associations: args.associations,
        },
        annotations: annotations(args.annotations),
    }
}

/// The body of `assign_disk`.
pub fn assign_disk_request(args: AssignDiskArgs) -> types::AssignDiskRequest {
    let VirtualMachineArgs {
        virtual_machine_id,
        virtual_machine_fqdn,
    } = args.virtual_machine;
    types::AssignDiskRequest {
        disk: types::DiskLookup {
            id: Some(args.disk_id),
        },
        virtual_machine: types::VirtualMachineLookup {
            id: virtual_machine_id,
            fqdn: virtual_machine_fqdn,
        },
    }
}

/// The body of `create_ip_address`.
pub fn ip_address_request(args: CreateIpAddressArgs) -> types::CreateIpAddressRequest {
    let NetworkArgs {
        network_id,
        network_permalink,
    } = args.network;
    types::CreateIpAddressRequest {
        organization: organization(args.organization),
        network: types::NetworkLookup {
            id: network_id,
            permalink: network_permalink,
        },
        version: args.version,
        vip: args.vip,
        label: args.label,
    }
}

/// The body of `create_load_balancer`.
pub fn load_balancer_request(args: CreateLoadBalancerArgs) -> types::CreateLoadBalancerRequest {
    types::CreateLoadBalancerRequest {
        organization: organization(args.organization),
        properties: types::LoadBalancerArguments {
            name: args.name,
            resource_type: args.resource_type,
            resource_ids: args.resource_ids,
            data_center: data_center(args.data_center),
            https_redirect: args.https_redirect,
            backend_certificate: args.backend_certificate,
            backend_certificate_key: args.backend_certificate_key,
            enable_weighting: args.enable_weighting,
            weights: args
                .weights
                .into_iter()
                .map(|weight| types::LoadBalancerWeightArguments {
                    virtual_machine_id: Some(weight.virtual_machine_id),
                    weight: Some(weight.weight),
                })
                .collect(),
            standby_vms: args.standby_vms,
        },
        annotations: annotations(args.annotations),
    }
}

/// `--organization-id` / `--organization-sub-domain` (clap guarantees exactly one).
fn organization(args: OrganizationArgs) -> types::OrganizationLookup {
    types::OrganizationLookup {
        id: args.organization_id,
        sub_domain: args.organization_sub_domain,
    }
}

/// `--data-center-id` / `--data-center-permalink`: at most one; none sends no lookup.
fn data_center(args: DataCenterArgs) -> Option<types::DataCenterLookup> {
    match args {
        DataCenterArgs {
            data_center_id: None,
            data_center_permalink: None,
        } => None,
        DataCenterArgs {
            data_center_id,
            data_center_permalink,
        } => Some(types::DataCenterLookup {
            id: data_center_id,
            permalink: data_center_permalink,
        }),
    }
}

/// Every `--annotation KEY=VALUE`, in order.
fn annotations(args: AnnotationArgs) -> Vec<types::AnnotationArguments> {
    args.annotations
        .into_iter()
        .map(|annotation| types::AnnotationArguments {
            key: Some(annotation.key),
            value: Some(annotation.value),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use clap::Parser;
    use serde_json::json;

    use super::*;
    use crate::args::Cli;

    fn parse(args: &[&str]) -> Command {
        Cli::try_parse_from(std::iter::once("katapult").chain(args.iter().copied()))
            .expect("valid arguments")
            .command
    }

    #[test]
    fn every_load_balancer_flag_lands_in_the_body() {
        let Command::LoadBalancers(LoadBalancersCommand::Create(args)) = parse(&[
            "load-balancers",
            "create",
            "--organization-id",
            "org_acme",
            "--name",
            "web",
            "--resource-type",
            "virtual_machines",
            "--resource-id",
            "vm_web1",
            "--resource-id",
            "vm_web2",
            "--data-center-id",
            "dc_lon",
            "--https-redirect",
            "--backend-certificate",
            "CERT",
            "--backend-certificate-key",
            "KEY",
            "--enable-weighting=false",
            "--weight",
            "vm_web1=60",
            "--standby-vm",
            "vm_web2",
            "--annotation",
            "env=production",
        ]) else {
            panic!("a load balancer command")
        };
        let body = serde_json::to_value(load_balancer_request(args)).expect("serialises");
        assert_eq!(
            body,
            json!({
                "organization": {"id": "org_acme"},
                "properties": {
                    "name": "web",
                    "resource_type": "virtual_machines",
                    "resource_ids": ["vm_web1", "vm_web2"],
                    "data_center": {"id": "dc_lon"},
                    "https_redirect": true,
                    "backend_certificate": "CERT",
                    "backend_certificate_key": "KEY",
                    "enable_weighting": false,
                    "weights": [{"virtual_machine_id": "vm_web1", "weight": 60}],
                    "standby_vms": ["vm_web2"],
                },
                "annotations": [{"key": "env", "value": "production"}],
            })
        );
    }

    #[test]
    fn omitted_flags_are_omitted_from_the_body() {
        let Command::IpAddresses(IpAddressesCommand::Create(args)) = parse(&[
            "ip-addresses",
            "create",
            "--organization-sub-domain",
            "acme",
            "--network-id",
            "netw_lon_public",
        ]) else {
            panic!("an IP address command")
        };
        let body = serde_json::to_value(ip_address_request(args)).expect("serialises");
        assert_eq!(
            body,
            json!({"organization": {"sub_domain": "acme"}, "network": {"id": "netw_lon_public"}})
        );
        let Command::FileStorageVolumes(FileStorageVolumesCommand::Create(args)) = parse(&[
            "file-storage-volumes",
            "create",
            "--organization-sub-domain",
            "acme",
        ]) else {
            panic!("a volume command")
        };
        let body = serde_json::to_value(file_storage_volume_request(args)).expect("serialises");
        assert_eq!(
            body,
            json!({"organization": {"sub_domain": "acme"}, "properties": {}})
        );
    }
}
