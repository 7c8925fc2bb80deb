//! The command line: clap types only. Each flag names the request property it sets; turning
//! the parsed arguments into a request body is [`crate::commands`]' job.

use std::fmt::Display;
use std::str::FromStr;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use katapult_core::types::{CreateIpAddressRequestVersion, LoadBalancerResourceType};

/// The documented base URL of the Katapult Core API.
pub const DEFAULT_BASE_URL: &str = "https://api.katapult.io/core/v1";

/// `katapult`: create Katapult resources from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "katapult",
    version,
    about = "Create Katapult resources from the command line.",
    long_about = "Create Katapult resources from the command line.\n\n\
        The API token is read from the KATAPULT_API_TOKEN environment variable. The created \
        object is printed on stdout as JSON (the API's response body); an error is printed as \
        one line on stderr.",
    after_help = "Exit codes: 0 success; 1 the API answered with an error; 2 bad usage; \
        3 no answer (connection, timeout) or a configuration problem (no token)."
)]
pub struct Cli {
    /// Options of every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every command: where the API is and how to talk to it.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Base URL of the Katapult Core API.
    #[arg(
        long,
        global = true,
        env = "KATAPULT_BASE_URL",
        default_value = DEFAULT_BASE_URL,
        value_name = "URL",
        value_parser = parse_base_url,
    )]
    pub base_url: String,

    /// Retry up to N times when the API says it did not process the request (rate limit,
    /// temporary outage) or the connection failed before sending; 0 disables retries.
    #[arg(
        long,
        global = true,
        default_value_t = 0,
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(0..=10),
    )]
    pub retries: u32,

    /// Give up on a request after SECS seconds (each attempt, response body included).
    #[arg(
        long,
        global = true,
        default_value_t = 60,
        value_name = "SECS",
        value_parser = clap::value_parser!(u64).range(1..=3600),
    )]
    pub timeout: u64,

    /// Log the client's debug events (each retry, with its reason and wait) to stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The resources, each with its operations.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// File storage volumes (NFS shares for virtual machines).
    #[command(subcommand)]
    FileStorageVolumes(FileStorageVolumesCommand),
    /// Disks.
    #[command(subcommand)]
    Disks(DisksCommand),
    /// IP addresses.
    #[command(subcommand)]
    IpAddresses(IpAddressesCommand),
    /// Load balancers.
    #[command(subcommand)]
    LoadBalancers(LoadBalancersCommand),
}

/// `katapult file-storage-volumes …`
#[derive(Debug, Subcommand)]
pub enum FileStorageVolumesCommand {
    /// Create a file storage volume for an organization (create_file_storage_volume).
    Create(CreateFileStorageVolumeArgs),
}

/// `katapult disks …`
#[derive(Debug, Subcommand)]
pub enum DisksCommand {
    /// Assign a disk to a virtual machine (assign_disk).
    Assign(AssignDiskArgs),
}

/// `katapult ip-addresses …`
#[derive(Debug, Subcommand)]
pub enum IpAddressesCommand {
    /// Create an IP address on an organization (create_ip_address).
    Create(CreateIpAddressArgs),
}

/// `katapult load-balancers …`
#[derive(Debug, Subcommand)]
pub enum LoadBalancersCommand {
    /// Create a load balancer for an organization (create_load_balancer).
    Create(CreateLoadBalancerArgs),
}

/// The organization that will own what is created: exactly one of its id or sub-domain.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct OrganizationArgs {
    /// The organization's id.
    #[arg(long, value_name = "ID")]
    pub organization_id: Option<String>,
    /// The organization's sub-domain (e.g. acme).
    #[arg(long, value_name = "SUB_DOMAIN")]
    pub organization_sub_domain: Option<String>,
}

/// A data centre: at most one of its id or permalink (the API says whether one is needed).
#[derive(Debug, Args)]
#[group(required = false, multiple = false)]
pub struct DataCenterArgs {
    /// The data centre's id.
    #[arg(long, value_name = "ID")]
    pub data_center_id: Option<String>,
    /// The data centre's permalink (e.g. uk-lon-01).
    #[arg(long, value_name = "PERMALINK")]
    pub data_center_permalink: Option<String>,
}

/// A network: exactly one of its id or permalink.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct NetworkArgs {
    /// The network's id.
    #[arg(long, value_name = "ID")]
    pub network_id: Option<String>,
    /// The network's permalink (e.g. uk-lon-01-public).
    #[arg(long, value_name = "PERMALINK")]
    pub network_permalink: Option<String>,
}

/// A virtual machine: exactly one of its id or FQDN.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct VirtualMachineArgs {
    /// The virtual machine's id.
    #[arg(long, value_name = "ID")]
    pub virtual_machine_id: Option<String>,
    /// The virtual machine's fully qualified domain name.
    #[arg(long, value_name = "FQDN")]
    pub virtual_machine_fqdn: Option<String>,
}

/// Annotations to attach to the created object.
#[derive(Debug, Args)]
pub struct AnnotationArgs {
    /// An annotation to attach, as KEY=VALUE (repeat for more).
    #[arg(long = "annotation", value_name = "KEY=VALUE", value_parser = parse_annotation)]
    pub annotations: Vec<Annotation>,
}

/// One `--annotation KEY=VALUE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// Text before the first =.
    pub key: String,
    /// Text after the first = (may be empty).
    pub value: String,
}

/// One `--weight VM_ID=WEIGHT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Weight {
    /// The virtual machine the weight applies to.
    pub virtual_machine_id: String,
    /// Its share of the traffic.
    pub weight: i64,
}

/// `katapult file-storage-volumes create`
#[derive(Debug, Args)]
pub struct CreateFileStorageVolumeArgs {
    /// The owning organization.
    #[command(flatten)]
    pub organization: OrganizationArgs,
    /// Unique name to help identify the volume.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The data centre to create the volume in.
    #[command(flatten)]
    pub data_center: DataCenterArgs,
    /// The id of a virtual machine to associate with the volume (repeat for more).
    #[arg(long = "association", value_name = "VM_ID")]
    pub associations: Vec<String>,
    /// Annotations.
    #[command(flatten)]
    pub annotations: AnnotationArgs,
}

/// `katapult disks assign`
#[derive(Debug, Args)]
pub struct AssignDiskArgs {
    /// The disk's id.
    #[arg(long, value_name = "ID")]
    pub disk_id: String,
    /// The virtual machine to assign it to.
    #[command(flatten)]
    pub virtual_machine: VirtualMachineArgs,
}

/// `katapult ip-addresses create`
#[derive(Debug, Args)]
pub struct CreateIpAddressArgs {
    /// The owning organization.
    #[command(flatten)]
    pub organization: OrganizationArgs,
    /// The network to allocate the address from.
    #[command(flatten)]
    pub network: NetworkArgs,
    /// The IP version (the API's default when omitted).
    #[arg(long, value_name = "VERSION", value_parser = enum_parser(&ADDRESS_VERSIONS))]
    pub version: Option<CreateIpAddressRequestVersion>,
    /// Whether or not to set this address as a VIP (--vip alone means true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub vip: Option<bool>,
    /// The label to give this address if setting it as a VIP.
    #[arg(long, value_name = "LABEL")]
    pub label: Option<String>,
}

/// `katapult load-balancers create`
#[derive(Debug, Args)]
pub struct CreateLoadBalancerArgs {
    /// The owning organization.
    #[command(flatten)]
    pub organization: OrganizationArgs,
    /// The load balancer's name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// What --resource-id names.
    #[arg(long, value_name = "TYPE", value_parser = enum_parser(&RESOURCE_TYPES))]
    pub resource_type: Option<LoadBalancerResourceType>,
    /// The id of a resource (of --resource-type) to balance traffic to (repeat for more).
    #[arg(long = "resource-id", value_name = "ID")]
    pub resource_ids: Vec<String>,
    /// The data centre to create the load balancer in.
    #[command(flatten)]
    pub data_center: DataCenterArgs,
    /// Redirect HTTP to HTTPS (--https-redirect alone means true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub https_redirect: Option<bool>,
    /// Certificate presented to backends: the PEM text, or @FILE to read it from a file.
    #[arg(long, value_name = "PEM|@FILE", value_parser = parse_pem)]
    pub backend_certificate: Option<String>,
    /// Private key of the backend certificate: the PEM text, or @FILE (prefer a file: the
    /// command line is visible to other users of the machine).
    #[arg(long, value_name = "PEM|@FILE", value_parser = parse_pem)]
    pub backend_certificate_key: Option<String>,
    /// Balance by the weights given with --weight (--enable-weighting alone means true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub enable_weighting: Option<bool>,
    /// A virtual machine's weight, as VM_ID=WEIGHT (repeat for more).
    #[arg(long = "weight", value_name = "VM_ID=WEIGHT", value_parser = parse_weight)]
    pub weights: Vec<Weight>,
    /// The id of a standby virtual machine (repeat for more).
    #[arg(long = "standby-vm", value_name = "VM_ID")]
    pub standby_vms: Vec<String>,
    /// Annotations.
    #[command(flatten)]
    pub annotations: AnnotationArgs,
}

/// Every value of the generated `CreateIpAddressRequestVersion`. The `match` makes a value
/// added to the spec a compile error here rather than a value the CLI cannot send.
const ADDRESS_VERSIONS: [CreateIpAddressRequestVersion; 2] = {
    use CreateIpAddressRequestVersion as V;
    const fn covered(value: V) {
        match value {
            V::Ipv4 | V::Ipv6 => {}
        }
    }
    covered(V::Ipv4);
    [V::Ipv4, V::Ipv6]
};

/// Every value of the generated `LoadBalancerResourceType` (see [`ADDRESS_VERSIONS`]).
const RESOURCE_TYPES: [LoadBalancerResourceType; 3] = {
    use LoadBalancerResourceType as T;
    const fn covered(value: T) {
        match value {
            T::VirtualMachines | T::VirtualMachineGroups | T::Tags => {}
        }
    }
    covered(T::Tags);
    [T::VirtualMachines, T::VirtualMachineGroups, T::Tags]
};

/// A parser accepting exactly the API's spellings of a generated string enum (its `Display`),
/// listed in `--help` and in the error for any other value.
fn enum_parser<T>(all: &'static [T]) -> impl TypedValueParser<Value = T>
where
    T: Display + FromStr + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(all.iter().map(ToString::to_string)).map(move |spelling| {
        all.iter()
            .find(|value| value.to_string() == spelling)
            .cloned()
            .expect("PossibleValuesParser only passes the listed spellings")
    })
}

/// `http(s)://…`, without a trailing `/` (the client appends `/organizations/…`).
fn parse_base_url(value: &str) -> Result<String, String> {
    let trimmed = value.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or("must start with http:// or https://")?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err("has no host".into());
    }
    Ok(trimmed.to_string())
}

/// `KEY=VALUE`, split at the first `=`.
fn parse_annotation(value: &str) -> Result<Annotation, String> {
    let (key, value) = value
        .split_once('=')
        .ok_or("expected KEY=VALUE, e.g. team=storage")?;
    Ok(Annotation {
        key: key.to_string(),
        value: value.to_string(),
    })
}

/// `VM_ID=WEIGHT`, the weight an integer.
fn parse_weight(value: &str) -> Result<Weight, String> {
    let (id, weight) = value
        .split_once('=')
        .ok_or("expected VM_ID=WEIGHT, e.g. vm_web1=60")?;
    let weight = weight
        .trim()
        .parse()
        .map_err(|_| format!("the weight `{weight}` is not an integer"))?;
    Ok(Weight {
        virtual_machine_id: id.to_string(),
        weight,
    })
}

/// The text itself, or with `@FILE` the contents of FILE.
fn parse_pem(value: &str) -> Result<String, String> {
    match value.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|err| format!("cannot read {path}: {err}"))
        }
        None => Ok(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn base_urls_need_a_scheme_and_a_host_and_lose_trailing_slashes() {
        assert_eq!(
            parse_base_url("http://127.0.0.1:8080/core/v1/").as_deref(),
            Ok("http://127.0.0.1:8080/core/v1")
        );
        assert_eq!(
            parse_base_url(DEFAULT_BASE_URL).as_deref(),
            Ok(DEFAULT_BASE_URL)
        );
        assert!(parse_base_url("api.katapult.io/core/v1").is_err());
        assert!(parse_base_url("https://").is_err());
        assert!(parse_base_url("ftp://example.com").is_err());
    }

    #[test]
    fn annotations_and_weights_split_at_the_first_equals_sign() {
        assert_eq!(
            parse_annotation("note=a=b"),
            Ok(Annotation {
                key: "note".into(),
                value: "a=b".into()
            })
        );
        assert_eq!(
            parse_annotation("empty=").map(|a| a.value),
            Ok(String::new())
        );
        assert!(parse_annotation("novalue").is_err());
        assert_eq!(
            parse_weight("vm_web1=60"),
            Ok(Weight {
                virtual_machine_id: "vm_web1".into(),
                weight: 60
            })
        );
        assert!(parse_weight("vm_web1=sixty").is_err());
        assert!(parse_weight("vm_web1").is_err());
    }

    #[test]
    fn enum_flags_take_the_apis_spellings() {
        let cli = Cli::try_parse_from([
            "katapult",
            "load-balancers",
            "create",
            "--organization-sub-domain",
            "acme",
            "--resource-type",
            "virtual_machine_groups",
        ])
        .expect("parses");
        let Command::LoadBalancers(LoadBalancersCommand::Create(args)) = cli.command else {
            panic!("a load balancer command");
        };
        assert_eq!(
            args.resource_type,
            Some(LoadBalancerResourceType::VirtualMachineGroups)
        );
        let wrong = Cli::try_parse_from([
            "katapult",
            "ip-addresses",
            "create",
            "--organization-sub-domain",
            "acme",
            "--network-permalink",
            "uk-lon-01-public",
            "--version",
            "ipv5",
        ])
        .expect_err("ipv5 is not a version");
        assert!(wrong.to_string().contains("ipv4"), "{wrong}");
    }
}
