//! The hand-written baseline: serde structs for the same JSON, written as a careful person
//! would write them from the documentation pages — `Option` for optional fields,
//! `#[serde(default)]` on optional arrays, enums for the documented value lists, an untagged
//! enum for a load balancer's resources — and nothing else.
//!
//! Request types skip absent fields (so both clients send the same bytes); response types are
//! plain derives.

use serde::{Deserialize, Serialize};

/// `POST /organizations/organization/load_balancers` 201.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateLoadBalancerResponse {
    pub load_balancer: LoadBalancer,
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Annotation {
    pub key: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadBalancer {
    pub id: Option<String>,
    pub name: Option<String>,
    pub api_reference: Option<String>,
    pub resource_type: Option<ResourceType>,
    #[serde(default)]
    pub resources: Vec<LoadBalancerResource>,
    #[serde(default)]
    pub resource_ids: Vec<String>,
    pub ip_address: Option<IpAddressSummary>,
    pub https_redirect: Option<bool>,
    pub backend_certificate: Option<String>,
    pub backend_certificate_key: Option<String>,
    pub data_center: Option<DataCenter>,
    pub enable_weighting: Option<bool>,
    #[serde(default)]
    pub weights: Vec<Weight>,
    #[serde(default)]
    pub standby_vms: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceType {
    VirtualMachines,
    VirtualMachineGroups,
    Tags,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadBalancerResource {
    pub resources: Option<Resource>,
}

/// A virtual machine, a virtual machine group or a tag (unboxed, like the generated enum).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Resource {
    VirtualMachine(VirtualMachine),
    VirtualMachineGroup(VirtualMachineGroup),
    Tag(Tag),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IpAddressSummary {
    pub id: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataCenter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub permalink: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Weight {
    pub virtual_machine_id: Option<String>,
    pub weight: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VirtualMachine {
    pub id: Option<String>,
    pub name: Option<String>,
    pub hostname: Option<String>,
    pub fqdn: String,
    pub description: Option<String>,
    pub created_at: Option<i64>,
    pub initial_root_password: Option<String>,
    pub state: Option<VirtualMachineState>,
    pub zone: Option<Zone>,
    pub organization: Option<Organization>,
    pub group: Option<VirtualMachineGroup>,
    pub package: Option<Package>,
    pub attached_iso: Option<Iso>,
    pub memory_in_gb: Option<i64>,
    pub cpu_cores: Option<i64>,
    pub use_dedicated_cpus: Option<bool>,
    pub gpu_type: Option<GpuType>,
    #[serde(default)]
    pub gpus: Vec<Gpu>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub tag_names: Vec<String>,
    #[serde(default)]
    pub ip_addresses: Vec<IpAddress>,
    pub hypervisor: Option<Hypervisor>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VirtualMachineState {
    Stopped,
    Failed,
    Started,
    Starting,
    Allocated,
    Allocating,
    Resetting,
    Migrating,
    Stopping,
    ShuttingDown,
    Transferring,
    Orphaned,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Zone {
    pub id: Option<String>,
    pub name: Option<String>,
    pub permalink: Option<String>,
    pub data_center: Option<DataCenterWithCountry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataCenterWithCountry {
    pub id: Option<String>,
    pub name: Option<String>,
    pub permalink: Option<String>,
    pub country: Option<Country>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Country {
    pub id: Option<String>,
    pub name: Option<String>,
    pub iso_code2: Option<String>,
    pub iso_code3: Option<String>,
    pub time_zone: Option<String>,
    pub eu: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Organization {
    pub id: Option<String>,
    pub name: Option<String>,
    pub sub_domain: Option<String>,
    pub infrastructure_domain: Option<String>,
    pub created_at: Option<i64>,
    pub activated_at: Option<i64>,
    pub suspended: Option<bool>,
    pub managed: Option<bool>,
    pub billing_name: Option<String>,
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub address3: Option<String>,
    pub address4: Option<String>,
    pub postcode: Option<String>,
    pub vat_number: Option<String>,
    pub phone_number: Option<String>,
    pub currency: Option<Currency>,
    pub country: Option<Country>,
    pub country_state: Option<CountryState>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Currency {
    pub id: Option<String>,
    pub name: Option<String>,
    pub iso_code: Option<String>,
    pub symbol: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CountryState {
    pub id: Option<String>,
    pub name: Option<String>,
    pub code: Option<String>,
    pub country: Option<Country>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VirtualMachineGroup {
    pub id: Option<String>,
    pub name: Option<String>,
    pub segregate: bool,
    pub auto_segregate: Option<bool>,
    pub created_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Package {
    pub id: Option<String>,
    pub name: Option<String>,
    pub permalink: Option<String>,
    pub cpu_cores: Option<i64>,
    pub ipv4_addresses: Option<i64>,
    pub memory_in_gb: Option<i64>,
    pub storage_in_gb: Option<i64>,
    pub monthly_bandwidth_allowance_in_gb: Option<i64>,
    pub privacy: Option<Privacy>,
    pub icon: Option<Attachment>,
    pub use_dedicated_cpus: Option<bool>,
    pub group: Option<PackageGroup>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Privacy {
    Public,
    Private,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attachment {
    pub url: Option<String>,
    pub file_name: Option<String>,
    pub file_type: Option<String>,
    pub file_size: Option<i64>,
    pub digest: Option<String>,
    pub token: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PackageGroup {
    pub id: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Iso {
    pub id: Option<String>,
    pub name: Option<String>,
    pub operating_system: Option<OperatingSystem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OperatingSystem {
    pub id: Option<String>,
    pub name: Option<String>,
    pub badge: Option<Attachment>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GpuType {
    pub id: Option<String>,
    pub name: Option<String>,
    pub manufacturer: Option<String>,
    pub memory_in_gb: Option<i64>,
    pub memory_type: Option<String>,
    pub permalink: Option<String>,
    #[serde(default)]
    pub data_centers: Vec<DataCenterWithCountry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Gpu {
    pub id: Option<String>,
    pub status: Option<GpuStatus>,
    pub pending_action: Option<GpuAction>,
    pub available: Option<bool>,
    #[serde(rename = "type")]
    pub kind: Option<GpuType>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GpuStatus {
    Attached,
    Attaching,
    Detached,
    Detaching,
    Unknown,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GpuAction {
    Attach,
    Detach,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tag {
    pub id: Option<String>,
    pub name: Option<String>,
    pub color: TagColor,
    pub created_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagColor {
    Red,
    Pink,
    Purple,
    DarkBlue,
    Green,
    Teal,
    Aqua,
    LightBlue,
    Yellow,
    Orange,
    OrangeRed,
    Brown,
    Black,
    DarkGray,
    LightGray,
    LightBrown,
    PastelRed,
    PastelPink,
    PastelPurple,
    PastelDarkBlue,
    PastelGreen,
    PastelTeal,
    PastelAqua,
    PastelLightBlue,
    PastelYellow,
    PastelOrange,
    PastelOrangeRed,
    PastelBrown,
    PastelBlack,
    PastelDarkGray,
    PastelLightGray,
    PastelLightBrown,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IpAddress {
    pub id: Option<String>,
    pub address: Option<String>,
    pub reverse_dns: Option<String>,
    pub vip: Option<bool>,
    pub label: Option<String>,
    pub address_with_mask: Option<String>,
    pub network: Option<Network>,
    pub allocation_id: Option<String>,
    pub allocation_type: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Network {
    pub id: Option<String>,
    pub name: Option<String>,
    pub permalink: Option<String>,
    pub data_center: Option<DataCenterWithCountry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hypervisor {
    pub id: Option<String>,
    pub name: Option<String>,
    pub ip_address: Option<String>,
}

/// `POST /organizations/organization/ip_addresses` request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateIpAddressRequest {
    pub organization: Lookup,
    pub network: NetworkLookup,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<IpVersion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vip: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// An organization (`id` or `sub_domain`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lookup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_domain: Option<String>,
}

/// A network or data centre (`id` or `permalink`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NetworkLookup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permalink: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IpVersion {
    Ipv4,
    Ipv6,
}

/// `POST /organizations/organization/ip_addresses` 200.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateIpAddressResponse {
    pub ip_address: IpAddress,
}

/// `POST /organizations/organization/load_balancers` request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateLoadBalancerRequest {
    pub organization: Lookup,
    pub properties: LoadBalancerArguments,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadBalancerArguments {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<ResourceType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_center: Option<NetworkLookup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub https_redirect: Option<bool>,
}
