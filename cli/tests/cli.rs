//! The `katapult` binary, run as a user runs it, against the fake server started in-process on
//! 127.0.0.1:0: each command's success (the JSON on stdout), a documented error per command,
//! validation errors with their detail, the token handling, usage errors, transport errors and
//! retries. Every run is killed after [`DEADLINE`], and no run may print the token.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use fake_server::{Config, FakeServer, seed};
use serde_json::Value;

/// Longest a single run of the binary may take.
const DEADLINE: Duration = Duration::from_secs(60);

const ORGANIZATION_NOT_FOUND: &str =
    "No organization was found matching any of the criteria provided in the arguments";
const VALIDATION_ERROR: &str =
    "A validation error occurred with the object that was being created/updated/deleted";

/// A seeded fake server on its own runtime (the binary runs on the test thread meanwhile).
struct Fake {
    // Dropped first: stops the server, then the runtime.
    server: FakeServer,
    _runtime: tokio::runtime::Runtime,
}

fn fake() -> Fake {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let server = runtime
        .block_on(fake_server::start("127.0.0.1:0", Config::default()))
        .expect("the fake starts on 127.0.0.1");
    Fake {
        server,
        _runtime: runtime,
    }
}

impl Fake {
    /// `katapult --base-url <the fake> --timeout 10 …` with `token` in `KATAPULT_API_TOKEN`.
    fn katapult(&self, token: &str) -> Katapult {
        Katapult::new()
            .base_url(&self.server.katapult_url())
            .token(token)
    }
}

/// One invocation of the binary, with a clean environment for its own variables.
struct Katapult {
    command: Command,
    token: Option<String>,
}

/// What a finished run left.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Katapult {
    fn new() -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_katapult"));
        command
            .env_remove("KATAPULT_API_TOKEN")
            .env_remove("KATAPULT_BASE_URL")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        Self {
            command,
            token: None,
        }
    }

    fn base_url(mut self, url: &str) -> Self {
        self.command.args(["--base-url", url, "--timeout", "10"]);
        self
    }

    fn token(mut self, token: &str) -> Self {
        self.command.env("KATAPULT_API_TOKEN", token);
        self.token = Some(token.to_string());
        self
    }

    fn env(mut self, name: &str, value: &str) -> Self {
        self.command.env(name, value);
        self
    }

    fn args(mut self, args: &[&str]) -> Self {
        self.command.args(args);
        self
    }

    /// Runs to the end (or [`DEADLINE`]) and checks that the token appears nowhere.
    fn run(mut self) -> Run {
        let (child, stdout, stderr) = spawn(&mut self.command);
        let stdout = thread::spawn(move || read_all(stdout));
        let stderr = read_all(stderr);
        let code = finish(&child);
        let run = Run {
            code,
            stdout: stdout.join().expect("stdout reader"),
            stderr,
        };
        self.assert_no_token(&run);
        run
    }

    fn assert_no_token(&self, run: &Run) {
        if let Some(token) = self.token.as_deref().map(str::trim)
            && !token.is_empty()
        {
            assert!(
                !run.stdout.contains(token),
                "the token is on stdout: {run:?}"
            );
            assert!(
                !run.stderr.contains(token),
                "the token is on stderr: {run:?}"
            );
        }
    }
}

/// Starts the binary, with a watchdog that kills it after [`DEADLINE`].
fn spawn(command: &mut Command) -> (Arc<Mutex<Child>>, impl Read + Send + 'static, impl Read) {
    let mut child = command.spawn().expect("the binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let stderr = child.stderr.take().expect("piped stderr");
    let child = Arc::new(Mutex::new(child));
    let watched = child.clone();
    thread::spawn(move || {
        let started = Instant::now();
        loop {
            {
                let mut child = watched.lock().expect("child");
                if child.try_wait().expect("try_wait").is_some() {
                    return;
                }
                if started.elapsed() > DEADLINE {
                    let _ = child.kill();
                    return;
                }
            }
            thread::sleep(Duration::from_millis(20));
        }
    });
    (child, stdout, stderr)
}

/// Waits for the exit code (the watchdog bounds the wait); a killed run fails the test.
fn finish(child: &Arc<Mutex<Child>>) -> i32 {
    let started = Instant::now();
    loop {
        if let Some(status) = child.lock().expect("child").try_wait().expect("try_wait") {
            return status
                .code()
                .unwrap_or_else(|| panic!("killed after {DEADLINE:?}: {status}"));
        }
        assert!(
            started.elapsed() < DEADLINE + Duration::from_secs(5),
            "no exit"
        );
        thread::sleep(Duration::from_millis(10));
    }
}

fn read_all(mut reader: impl Read) -> String {
    let mut text = String::new();
    reader.read_to_string(&mut text).expect("UTF-8 output");
    text
}

impl Run {
    /// Exit 0 and the JSON on stdout, nothing on stderr.
    fn json(&self) -> Value {
        assert_eq!(self.code, 0, "{self:?}");
        assert_eq!(self.stderr, "", "{self:?}");
        serde_json::from_str(&self.stdout).unwrap_or_else(|err| panic!("{err}: {self:?}"))
    }

    /// Exit `code`, nothing on stdout and exactly one line on stderr, which is returned.
    fn error_line(&self, code: i32) -> &str {
        assert_eq!(self.code, code, "{self:?}");
        assert_eq!(self.stdout, "", "{self:?}");
        let line = self
            .stderr
            .strip_suffix('\n')
            .unwrap_or_else(|| panic!("a line on stderr: {self:?}"));
        assert!(!line.contains('\n'), "one line: {self:?}");
        assert!(line.starts_with("error: "), "{self:?}");
        line
    }
}

fn str_at<'a>(json: &'a Value, pointer: &str) -> &'a str {
    json.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {json:#}"))
}

// ---------------------------------------------------------------------------------------
// ip-addresses create

#[test]
fn ip_addresses_create_prints_the_created_address() {
    let fake = fake();
    let created = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&[
            "ip-addresses",
            "create",
            "--organization-sub-domain",
            "acme",
            "--network-permalink",
            "uk-lon-01-public",
            "--version",
            "ipv4",
            "--vip",
            "--label",
            "web",
        ])
        .run()
        .json();
    assert!(str_at(&created, "/ip_address/id").starts_with("ip_"));
    assert_eq!(str_at(&created, "/ip_address/address"), "185.199.216.10");
    assert_eq!(created.pointer("/ip_address/vip"), Some(&Value::Bool(true)));
    assert_eq!(str_at(&created, "/ip_address/label"), "web");
    assert_eq!(
        str_at(&created, "/ip_address/network/permalink"),
        "uk-lon-01-public"
    );
    let first_id = str_at(&created, "/ip_address/id").to_string();

    let created = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&[
            "ip-addresses",
            "create",
            "--organization-id",
            seed::ORG_ACME,
            "--network-id",
            seed::NETWORK_LONDON,
            "--version",
            "ipv6",
        ])
        .run()
        .json();
    assert!(str_at(&created, "/ip_address/address").contains(':'));

    let stored: Vec<Option<String>> = fake
        .server
        .store()
        .ip_addresses()
        .into_iter()
        .map(|address| address.id)
        .collect();
    assert_eq!(
        stored,
        vec![
            Some(first_id),
            Some(str_at(&created, "/ip_address/id").to_string())
        ]
    );
}

#[test]
fn ip_addresses_create_reports_documented_errors() {
    let fake = fake();
    let run = |args: &[&str]| {
        let mut all = vec!["ip-addresses", "create"];
        all.extend_from_slice(args);
        fake.katapult(seed::TOKEN_ADMIN).args(&all).run()
    };

    let unknown = run(&[
        "--organization-sub-domain",
        "nope",
        "--network-permalink",
        "uk-lon-01-public",
    ]);
    assert_eq!(
        unknown.error_line(1),
        format!(
            "error: create_ip_address: organization_not_found (HTTP 404): {ORGANIZATION_NOT_FOUND}"
        )
    );

    // Not retryable although it is a 503: no hint to retry.
    let exhausted = run(&[
        "--organization-sub-domain",
        "acme",
        "--network-permalink",
        "uk-lon-01-legacy",
    ]);
    let line = exhausted.error_line(1);
    assert!(
        line.starts_with("error: create_ip_address: no_available_addresses (HTTP 503): "),
        "{line}"
    );
    assert!(!line.contains("retr"), "{line}");

    let invalid = run(&[
        "--organization-sub-domain",
        "acme",
        "--network-permalink",
        "uk-lon-01-public",
        "--label",
        "no-vip",
    ]);
    assert_eq!(
        invalid.error_line(1),
        format!(
            "error: create_ip_address: validation_error (HTTP 422): {VALIDATION_ERROR} \
             [label: can only be given to a VIP (`vip: true`)]"
        )
    );
    // `--vip=false` is sent as false, so the label is still refused.
    let explicit = run(&[
        "--organization-sub-domain",
        "acme",
        "--network-permalink",
        "uk-lon-01-public",
        "--vip=false",
        "--label",
        "no-vip",
    ]);
    assert!(explicit.error_line(1).contains("validation_error"));
    assert!(fake.server.store().ip_addresses().is_empty());
}

// ---------------------------------------------------------------------------------------
// file-storage-volumes create

#[test]
fn file_storage_volumes_create_prints_the_created_volume() {
    let fake = fake();
    let created = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&[
            "file-storage-volumes",
            "create",
            "--organization-sub-domain",
            "acme",
            "--name",
            "shared-data",
            "--data-center-permalink",
            "uk-lon-01",
            "--association",
            seed::VM_WEB_1,
            "--association",
            seed::VM_WEB_2,
            "--annotation",
            "team=storage",
            "--annotation",
            "note=a=b",
        ])
        .run()
        .json();
    let id = str_at(&created, "/file_storage_volume/id");
    assert!(id.starts_with("fsv_"), "{id}");
    assert_eq!(str_at(&created, "/file_storage_volume/name"), "shared-data");
    assert_eq!(str_at(&created, "/file_storage_volume/state"), "pending");
    assert_eq!(
        str_at(&created, "/file_storage_volume/data_center/permalink"),
        "uk-lon-01"
    );
    assert_eq!(
        created.pointer("/file_storage_volume/associations"),
        Some(&serde_json::json!([seed::VM_WEB_1, seed::VM_WEB_2]))
    );
    assert_eq!(
        created.pointer("/annotations"),
        Some(&serde_json::json!([
            {"key": "team", "value": "storage"},
            {"key": "note", "value": "a=b"}
        ]))
    );
    let stored = fake.server.store().file_storage_volumes();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id.as_deref(), Some(id));
}

#[test]
fn file_storage_volumes_create_reports_documented_errors() {
    let fake = fake();
    let suspended = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&[
            "file-storage-volumes",
            "create",
            "--organization-sub-domain",
            "umbrella",
            "--name",
            "x",
            "--data-center-permalink",
            "uk-lon-01",
        ])
        .run();
    assert_eq!(
        suspended.error_line(1),
        "error: create_file_storage_volume: organization_suspended (HTTP 403): \
         An organization was found from the arguments provided but it was suspended"
    );

    // Every problem the API lists is on the line.
    let invalid = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&[
            "file-storage-volumes",
            "create",
            "--organization-sub-domain",
            "acme",
            "--name",
            "",
            "--association",
            "vm_nope",
            "--annotation",
            "=blank",
        ])
        .run();
    let line = invalid.error_line(1);
    assert!(
        line.starts_with(&format!(
            "error: create_file_storage_volume: validation_error (HTTP 422): {VALIDATION_ERROR} ["
        )),
        "{line}"
    );
    for problem in [
        "properties.name: can't be blank",
        "properties.data_center: a data centre must be given",
        "properties.associations: `vm_nope` is not a virtual machine of this organization",
        "annotations[0].key: can't be blank",
    ] {
        assert!(line.contains(problem), "{problem} in {line}");
    }

    // The detail of a permission error says why.
    let denied = fake
        .katapult(seed::TOKEN_ACME_ONLY)
        .args(&[
            "file-storage-volumes",
            "create",
            "--organization-sub-domain",
            "globex",
            "--name",
            "x",
            "--data-center-permalink",
            "uk-lon-01",
        ])
        .run();
    assert!(
        denied.error_line(1).ends_with(
            "permission_denied (HTTP 403): The authenticated identity is not permitted to \
             perform this action [details: This identity has no access to the organization 'globex']"
        ),
        "{denied:?}"
    );
    assert!(fake.server.store().file_storage_volumes().is_empty());
}

// ---------------------------------------------------------------------------------------
// disks assign

#[test]
fn disks_assign_prints_the_assigned_disk() {
    let fake = fake();
    let assigned = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&[
            "disks",
            "assign",
            "--disk-id",
            seed::DISK_DATA_1,
            "--virtual-machine-fqdn",
            "web-1.acme.katapult.cloud",
        ])
        .run()
        .json();
    assert_eq!(str_at(&assigned, "/disk/id"), seed::DISK_DATA_1);
    assert_eq!(
        str_at(&assigned, "/disk/virtual_machine_disk/virtual_machine/id"),
        seed::VM_WEB_1
    );
    assert_eq!(
        str_at(&assigned, "/disk/virtual_machine_disk/state"),
        "attached"
    );

    let assigned = fake
        .katapult(seed::TOKEN_DISKS_ONLY)
        .args(&[
            "disks",
            "assign",
            "--disk-id",
            seed::DISK_DATA_2,
            "--virtual-machine-id",
            seed::VM_WEB_2,
        ])
        .run()
        .json();
    assert_eq!(
        str_at(&assigned, "/disk/virtual_machine_disk/virtual_machine/id"),
        seed::VM_WEB_2
    );
    let stored = fake.server.store().disk(seed::DISK_DATA_2).expect("seeded");
    assert!(stored.virtual_machine_disk.is_some());
}

#[test]
fn disks_assign_reports_documented_errors() {
    let fake = fake();
    let assign = |disk: &str, vm: &str| {
        fake.katapult(seed::TOKEN_ADMIN)
            .args(&[
                "disks",
                "assign",
                "--disk-id",
                disk,
                "--virtual-machine-id",
                vm,
            ])
            .run()
    };
    assert_eq!(
        assign("nope", seed::VM_WEB_1).error_line(1),
        "error: assign_disk: disk_not_found (HTTP 404): \
         No disk was found matching any of the criteria provided in the arguments"
    );
    let trashed = assign(seed::DISK_TRASHED, seed::VM_WEB_1);
    let line = trashed.error_line(1);
    assert!(
        line.starts_with("error: assign_disk: object_in_trash (HTTP 406): "),
        "{line}"
    );
    assert!(
        line.contains(r#"[trash_object: {"id":"trsh_disk_trashed""#),
        "{line}"
    );
    // unable_to_assign's detail lists its reasons like a validation error.
    assert_eq!(
        assign(seed::DISK_WEB_1_ROOT, seed::VM_WEB_2).error_line(1),
        "error: assign_disk: unable_to_assign (HTTP 422): The disk can not be assigned to the \
         virtual machine. [The disk is already assigned to the virtual machine web-1.acme.katapult.cloud]"
    );
}

// ---------------------------------------------------------------------------------------
// load-balancers create

#[test]
fn load_balancers_create_sends_every_property() {
    let fake = fake();
    let dir = std::env::temp_dir().join(format!("katapult-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let certificate = dir.join("backend.crt");
    let key = dir.join("backend.key");
    std::fs::write(&certificate, "-----BEGIN CERTIFICATE-----\nMIIB\n").expect("written");
    std::fs::write(&key, "-----BEGIN PRIVATE KEY-----\nMIIE\n").expect("written");
    let certificate_arg = format!("@{}", certificate.display());
    let key_arg = format!("@{}", key.display());

    let created = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&[
            "load-balancers",
            "create",
            "--organization-sub-domain",
            "acme",
            "--name",
            "web",
            "--data-center-permalink",
            "uk-lon-01",
            "--resource-type",
            "virtual_machines",
            "--resource-id",
            seed::VM_WEB_1,
            "--resource-id",
            seed::VM_WEB_2,
            "--https-redirect",
            "--backend-certificate",
            &certificate_arg,
            "--backend-certificate-key",
            &key_arg,
            "--enable-weighting",
            "--weight",
            "vm_web1=60",
            "--weight",
            "vm_web2=40",
            "--standby-vm",
            seed::VM_WEB_2,
            "--annotation",
            "env=production",
        ])
        .run()
        .json();
    let _ = std::fs::remove_dir_all(&dir);
    let lb = created.pointer("/load_balancer").expect("a load balancer");
    assert!(str_at(lb, "/id").starts_with("lb_"));
    assert_eq!(str_at(lb, "/name"), "web");
    assert_eq!(str_at(lb, "/resource_type"), "virtual_machines");
    assert_eq!(
        lb.pointer("/resource_ids"),
        Some(&serde_json::json!([seed::VM_WEB_1, seed::VM_WEB_2]))
    );
    assert_eq!(str_at(lb, "/data_center/permalink"), "uk-lon-01");
    assert_eq!(lb.pointer("/https_redirect"), Some(&Value::Bool(true)));
    assert_eq!(lb.pointer("/enable_weighting"), Some(&Value::Bool(true)));
    assert_eq!(
        lb.pointer("/weights"),
        Some(&serde_json::json!([
            {"virtual_machine_id": seed::VM_WEB_1, "weight": 60},
            {"virtual_machine_id": seed::VM_WEB_2, "weight": 40}
        ]))
    );
    assert_eq!(
        lb.pointer("/standby_vms"),
        Some(&serde_json::json!([seed::VM_WEB_2]))
    );
    assert_eq!(
        str_at(&created, "/annotations/0/value"),
        "production",
        "{created:#}"
    );
    let stored = fake.server.store().load_balancers();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].backend_certificate.as_deref(),
        Some("-----BEGIN CERTIFICATE-----\nMIIB\n"),
        "read from the @file"
    );
    assert_eq!(
        stored[0].backend_certificate_key.as_deref(),
        Some("-----BEGIN PRIVATE KEY-----\nMIIE\n")
    );

    // Groups are resources too.
    let by_group = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&[
            "load-balancers",
            "create",
            "--organization-id",
            seed::ORG_ACME,
            "--name",
            "by-group",
            "--data-center-id",
            seed::DC_LONDON,
            "--resource-type",
            "virtual_machine_groups",
            "--resource-id",
            seed::GROUP_WEB,
        ])
        .run()
        .json();
    assert_eq!(
        str_at(&by_group, "/load_balancer/resource_type"),
        "virtual_machine_groups"
    );
}

#[test]
fn load_balancers_create_reports_documented_errors() {
    let fake = fake();
    let restricted = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&[
            "load-balancers",
            "create",
            "--organization-sub-domain",
            "initech",
            "--name",
            "web",
            "--data-center-permalink",
            "uk-lon-01",
        ])
        .run();
    assert_eq!(
        restricted.error_line(1),
        "error: create_load_balancer: resource_creation_restricted (HTTP 403): \
         The organization chosen is not permitted to create resources"
    );

    let invalid = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&[
            "load-balancers",
            "create",
            "--organization-sub-domain",
            "acme",
            "--name",
            "",
            "--resource-id",
            seed::VM_WEB_1,
            "--resource-id",
            "vm_nope",
            "--weight",
            "vm_db1=0",
            "--standby-vm",
            "vm_nope",
            "--backend-certificate-key",
            "KEY",
            "--annotation",
            " =blank",
        ])
        .run();
    assert_eq!(
        invalid.error_line(1),
        format!(
            "error: create_load_balancer: validation_error (HTTP 422): {VALIDATION_ERROR} [\
             properties.name: can't be blank; \
             properties.data_center: a data centre must be given; \
             properties.resource_ids: `vm_nope` is not a virtual machine of this organization; \
             properties.weights[0].virtual_machine_id: `vm_db1` is not one of the load balancer's virtual machines; \
             properties.weights[0].weight: must be between 1 and 100; \
             properties.standby_vms: `vm_nope` is not a virtual machine of this organization; \
             properties.backend_certificate_key: needs a backend_certificate; \
             annotations[0].key: can't be blank]"
        )
    );
    assert!(fake.server.store().load_balancers().is_empty());
}

// ---------------------------------------------------------------------------------------
// The token, configuration, usage and transport

const CREATE_IN_ACME: [&str; 8] = [
    "ip-addresses",
    "create",
    "--organization-sub-domain",
    "acme",
    "--network-permalink",
    "uk-lon-01-public",
    "--version",
    "ipv4",
];

#[test]
fn a_missing_token_is_one_clear_line_and_nothing_is_sent() {
    let fake = fake();
    let expected = "error: KATAPULT_API_TOKEN is not set: create an API token in Katapult and \
                    `export KATAPULT_API_TOKEN=<token>`";
    let unset = Katapult::new()
        .base_url(&fake.server.katapult_url())
        .args(&CREATE_IN_ACME)
        .run();
    assert_eq!(unset.error_line(3), expected);
    let blank = fake.katapult("  ").args(&CREATE_IN_ACME).run();
    assert_eq!(blank.error_line(3), expected);
    assert!(fake.server.store().ip_addresses().is_empty());
}

#[test]
fn the_token_is_never_printed() {
    let fake = fake();
    // An unknown token: the API refuses it, the line names the code, not the token.
    let secret = "kat_SECRET_never_issued_0123456789";
    let refused = fake.katapult(secret).args(&CREATE_IN_ACME).run();
    assert_eq!(
        refused.error_line(1),
        "error: create_ip_address: invalid_api_token (HTTP 403): \
         The API token provided was not valid (it may not exist or have expired)"
    );
    // A token that cannot be a header value.
    let unusable = fake
        .katapult("kat_SECRET\nsecond-line")
        .args(&CREATE_IN_ACME)
        .run();
    assert_eq!(
        unusable.error_line(3),
        "error: KATAPULT_API_TOKEN cannot be used: the credential contains characters a header cannot"
    );
    assert!(!unusable.stderr.contains("second-line"));
    // Help, verbose output and retries (each `run` checks that the token is absent).
    let help = fake
        .katapult(secret)
        .args(&["ip-addresses", "create", "--help"])
        .run();
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--organization-sub-domain"));
    fake.server.store().set_unavailable(true);
    let verbose = fake
        .katapult(secret)
        .args(&["--verbose", "--retries", "1"])
        .args(&CREATE_IN_ACME)
        .run();
    assert_eq!(verbose.code, 1, "{verbose:?}");
    assert!(verbose.stderr.contains("retrying"), "{verbose:?}");
}

#[test]
fn bad_usage_exits_2_before_anything_is_sent() {
    let fake = fake();
    let usage = |args: &[&str]| {
        let run = fake.katapult(seed::TOKEN_ADMIN).args(args).run();
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}: {run:?}");
        run.stderr
    };
    // A missing command: clap shows the help on stderr.
    assert!(usage(&[]).contains("Usage: katapult"));
    assert!(usage(&["ip-addresses"]).contains("create"));
    let usage = |args: &[&str]| {
        let stderr = usage(args);
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        stderr
    };
    usage(&["volumes", "create"]);
    let missing = usage(&[
        "ip-addresses",
        "create",
        "--organization-sub-domain",
        "acme",
    ]);
    assert!(missing.contains("--network-permalink"), "{missing}");
    let both = usage(&[
        "ip-addresses",
        "create",
        "--organization-sub-domain",
        "acme",
        "--organization-id",
        seed::ORG_ACME,
        "--network-permalink",
        "uk-lon-01-public",
    ]);
    assert!(both.contains("cannot be used with"), "{both}");
    let version = usage(&[
        "ip-addresses",
        "create",
        "--organization-sub-domain",
        "acme",
        "--network-permalink",
        "uk-lon-01-public",
        "--version",
        "ipv5",
    ]);
    assert!(
        version.contains("ipv4") && version.contains("ipv6"),
        "{version}"
    );
    let resource_type = usage(&[
        "load-balancers",
        "create",
        "--organization-sub-domain",
        "acme",
        "--resource-type",
        "servers",
    ]);
    assert!(
        resource_type.contains("virtual_machine_groups"),
        "{resource_type}"
    );
    usage(&[
        "file-storage-volumes",
        "create",
        "--organization-sub-domain",
        "acme",
        "--annotation",
        "no-equals-sign",
    ]);
    usage(&[
        "load-balancers",
        "create",
        "--organization-sub-domain",
        "acme",
        "--weight",
        "vm_web1=heavy",
    ]);
    let unreadable = usage(&[
        "load-balancers",
        "create",
        "--organization-sub-domain",
        "acme",
        "--backend-certificate",
        "@/nonexistent/backend.crt",
    ]);
    assert!(
        unreadable.contains("cannot read /nonexistent/backend.crt"),
        "{unreadable}"
    );
    usage(&["disks", "assign", "--disk-id", seed::DISK_DATA_1]);
    usage(&["--retries", "11", "disks", "assign"]);
    usage(&["--timeout", "0", "disks", "assign"]);
    let scheme = Katapult::new()
        .token(seed::TOKEN_ADMIN)
        .args(&["--base-url", "api.katapult.io/core/v1"])
        .args(&CREATE_IN_ACME)
        .run();
    assert_eq!(scheme.code, 2, "{scheme:?}");
    assert!(scheme.stderr.contains("http://"), "{scheme:?}");

    assert!(fake.server.store().ip_addresses().is_empty());
    assert!(fake.server.store().file_storage_volumes().is_empty());
    assert!(fake.server.store().load_balancers().is_empty());
}

#[test]
fn the_base_url_comes_from_the_environment_and_may_end_with_a_slash() {
    let fake = fake();
    let created = Katapult::new()
        .token(seed::TOKEN_ADMIN)
        .env(
            "KATAPULT_BASE_URL",
            &format!("{}/", fake.server.katapult_url()),
        )
        .args(&CREATE_IN_ACME)
        .run()
        .json();
    assert!(str_at(&created, "/ip_address/id").starts_with("ip_"));

    // Another service (here the fake's Cinder side) answering: the line says what came back.
    let elsewhere = Katapult::new()
        .token(seed::TOKEN_ADMIN)
        .base_url(&fake.server.base_url())
        .args(&CREATE_IN_ACME)
        .run();
    let line = elsewhere.error_line(1);
    assert!(line.contains("is --base-url"), "{line}");
    assert!(line.contains("itemNotFound"), "{line}");
}

#[test]
fn no_answer_exits_3() {
    // A port nobody listens on.
    let closed = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = closed.local_addr().expect("an address").port();
    drop(closed);
    let refused = Katapult::new()
        .token(seed::TOKEN_ADMIN)
        .base_url(&format!("http://127.0.0.1:{port}/core/v1"))
        .args(&CREATE_IN_ACME)
        .run();
    let line = refused.error_line(3);
    assert!(
        line.starts_with(&format!(
            "error: create_ip_address: cannot connect to http://127.0.0.1:{port}/core/v1: "
        )),
        "{line}"
    );

    // A server that accepts the connection and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let url = format!(
        "http://{}/core/v1",
        silent.local_addr().expect("an address")
    );
    let started = Instant::now();
    let timed_out = Katapult::new()
        .token(seed::TOKEN_ADMIN)
        .args(&["--base-url", &url, "--timeout", "1"])
        .args(&CREATE_IN_ACME)
        .run();
    assert!(
        timed_out
            .error_line(3)
            .starts_with("error: create_ip_address: no answer within 1 s (--timeout): "),
        "{timed_out:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(silent);
}

#[test]
fn retries_carry_a_request_through_an_outage() {
    let fake = fake();
    fake.server.store().set_unavailable(true);

    // Without --retries: the documented error, with a hint.
    let once = fake.katapult(seed::TOKEN_ADMIN).args(&CREATE_IN_ACME).run();
    assert_eq!(
        once.error_line(1),
        "error: create_ip_address: service_unavailable (HTTP 503): The service is currently \
         unavailable, please try again later (retryable: pass --retries N to retry automatically)"
    );

    // With --retries: the service comes back while the CLI waits to retry.
    let mut command = fake
        .katapult(seed::TOKEN_ADMIN)
        .args(&["--retries", "5", "--verbose"])
        .args(&CREATE_IN_ACME)
        .command;
    let (child, stdout, stderr) = spawn(&mut command);
    let stdout = thread::spawn(move || read_all(stdout));
    let mut retries = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("UTF-8");
        if line.contains("retrying a request the server did not process") {
            // Logged before the wait: the next attempt finds the service back.
            fake.server.store().set_unavailable(false);
        }
        retries.push(line);
    }
    let code = finish(&child);
    let stdout = stdout.join().expect("stdout reader");
    assert_eq!(code, 0, "{retries:?} {stdout}");
    assert!(!retries.is_empty(), "at least one retry");
    assert!(
        retries.iter().all(|line| line.contains("reason=HTTP 503")
            && line.contains("operation=\"create_ip_address\"")),
        "{retries:?}"
    );
    let created: Value = serde_json::from_str(&stdout).expect("JSON");
    assert!(str_at(&created, "/ip_address/id").starts_with("ip_"));
    assert_eq!(fake.server.store().ip_addresses().len(), 1);
}
