//! What a diff finds: rules (stable ids with a fixed severity), changes and the report.

use std::fmt;

/// How a change affects someone who uses the generated Rust SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Code written against the old SDK may stop compiling, or a released client may stop
    /// working against the new API (a request rejected, a response it cannot decode).
    Breaking,
    /// The contract changed, but old code still compiles and released clients still work.
    Compatible,
    /// Documentation only: no effect on types or on the wire.
    Info,
}

impl Severity {
    /// Every severity, most serious first.
    pub const ALL: [Severity; 3] = [Severity::Breaking, Severity::Compatible, Severity::Info];

    /// The lower-case name used in every report (`breaking`, `compatible`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! rules {
    ($($variant:ident => $id:literal, $severity:ident, $why:literal;)+) => {
        /// A rule of `cargo xtask spec-diff`: a stable id, a fixed severity and the reason, judged
        /// from the view of a user of the generated Rust SDK (progenitor's builder interface,
        /// typify types: string enums and `oneOf`s are closed Rust enums, optional and nullable
        /// both become `Option<T>`, each operation's documented errors become one enum).
        ///
        /// "Breaking" covers both ways an SDK user is hurt: code written against the old SDK no
        /// longer compiles against the new one, or a released client (built from the old spec)
        /// fails against the new API. The rule table (also in `tests/spec-diff/README.md`,
        /// which a test keeps in step with this one):
        ///
        /// | id | severity | why |
        /// | --- | --- | --- |
        $(#[doc = concat!("| `", $id, "` | ", stringify!($severity), " | ", $why, " |")])+
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(
                #[doc = concat!("`", $id, "` (", stringify!($severity), "): ", $why)]
                $variant,
            )+
        }

        impl Rule {
            /// Every rule, in the order of the table.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The stable id printed in reports, e.g. `operation-id-changed`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)+ }
            }

            /// The severity of every change this rule reports.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)+ }
            }

            /// Why the rule has its severity, from the SDK user's view.
            pub fn rationale(self) -> &'static str {
                match self { $(Rule::$variant => $why,)+ }
            }
        }
    };
}

rules! {
    OperationRemoved => "operation-removed", Breaking,
        "the client method and its types are gone";
    OperationAdded => "operation-added", Compatible,
        "a new client method; nothing existing changes";
    OperationIdChanged => "operation-id-changed", Breaking,
        "the operationId names the client method and its types: they are renamed";
    OperationPathChanged => "operation-path-changed", Breaking,
        "released clients call the old URL";
    OperationMethodChanged => "operation-method-changed", Breaking,
        "released clients send the old HTTP method";
    ParameterRequiredAdded => "parameter-required-added", Breaking,
        "calls that do not set the new parameter fail when the request is built";
    ParameterOptionalAdded => "parameter-optional-added", Compatible,
        "a new builder method; existing calls are unchanged";
    ParameterRemoved => "parameter-removed", Breaking,
        "its builder method is gone";
    ParameterBecameRequired => "parameter-became-required", Breaking,
        "calls that do not set it fail when the request is built";
    ParameterBecameOptional => "parameter-became-optional", Compatible,
        "the builder method still takes a plain value";
    ParameterTypeChanged => "parameter-type-changed", Breaking,
        "the builder method takes another Rust type";
    RequestBodyAdded => "request-body-added", Breaking,
        "callers must now build a body";
    RequestBodyRemoved => "request-body-removed", Breaking,
        "`body()` and `body_map()` are gone";
    RequestPropertyRequiredAdded => "request-property-required-added", Breaking,
        "building the body fails until callers set the new field";
    RequestPropertyOptionalAdded => "request-property-optional-added", Compatible,
        "a new optional field: builder code still compiles (struct literals do not, which is why the SDK documents builders)";
    RequestPropertyRemoved => "request-property-removed", Breaking,
        "the field and its builder method are gone";
    RequestPropertyTypeChanged => "request-property-type-changed", Breaking,
        "the field has another Rust type";
    RequestPropertyBecameRequired => "request-property-became-required", Breaking,
        "bodies built without it fail (typify's builders need every required field, nullable or not), and `Option<T>` becomes `T` unless it stays nullable";
    RequestPropertyBecameOptional => "request-property-became-optional", Compatible,
        "`T` becomes `Option<T>`, but builder methods still accept a plain `T`";
    RequestEnumValueRemoved => "request-enum-value-removed", Breaking,
        "the Rust enum loses a variant that callers may send";
    RequestEnumValueAdded => "request-enum-value-added", Compatible,
        "a new variant callers may send; request enums are built, not matched";
    RequestVariantRemoved => "request-variant-removed", Breaking,
        "the `oneOf` enum loses a variant that callers may send";
    RequestVariantAdded => "request-variant-added", Compatible,
        "a new `oneOf` variant callers may send";
    ResponsePropertyRemoved => "response-property-removed", Breaking,
        "the field is gone, and released clients fail to decode responses without a required one";
    ResponsePropertyAdded => "response-property-added", Compatible,
        "a new field; released clients ignore unknown fields";
    ResponsePropertyTypeChanged => "response-property-type-changed", Breaking,
        "the field has another Rust type; released clients fail to decode the new one";
    ResponsePropertyBecameOptional => "response-property-became-optional", Breaking,
        "`T` becomes `Option<T>`; released clients fail when it is missing";
    ResponsePropertyBecameNullable => "response-property-became-nullable", Breaking,
        "`T` becomes `Option<T>`; released clients fail on `null`";
    ResponsePropertyBecameRequired => "response-property-became-required", Breaking,
        "`Option<T>` becomes `T`: code reading the `Option` no longer compiles (stricter than wire tools)";
    ResponseEnumValueAdded => "response-enum-value-added", Breaking,
        "Rust enums are closed: released clients fail to decode the new value, and exhaustive matches break";
    ResponseEnumValueRemoved => "response-enum-value-removed", Breaking,
        "the variant is gone: code that names it no longer compiles (stricter than wire tools)";
    ResponseVariantAdded => "response-variant-added", Breaking,
        "the `oneOf` enum is closed: released clients fail to decode the new variant";
    ResponseVariantRemoved => "response-variant-removed", Breaking,
        "the variant is gone: code that names it no longer compiles";
    PropertyPresenceChanged => "property-presence-changed", Compatible,
        "`required` or `nullable` changed, but the Rust type stays `Option<T>` and no builder newly needs the field";
    RefTargetChanged => "ref-target-changed", Breaking,
        "a `$ref` points at another schema: the Rust type is renamed (its shape is compared too)";
    SuccessStatusChanged => "success-status-changed", Breaking,
        "released clients treat the new success status as unexpected";
    ErrorStatusRemoved => "error-status-removed", Breaking,
        "the error enum loses a variant (or its status): code that names it no longer compiles";
    ErrorStatusAdded => "error-status-added", Breaking,
        "the error enum gains a variant: exhaustive matches break, released clients see an unexpected response";
    ErrorCodeRemoved => "error-code-removed", Breaking,
        "the error enum loses the code's variant";
    ErrorCodeAdded => "error-code-added", Breaking,
        "the error enum gains a variant: exhaustive matches break, released clients cannot decode the code";
    ErrorCodeStatusChanged => "error-code-status-changed", Compatible,
        "the variant stays; only the status it documents (`status()`) changes";
    SecurityRequirementRemoved => "security-requirement-removed", Breaking,
        "callers that authenticate that way are rejected";
    SecurityRequirementAdded => "security-requirement-added", Compatible,
        "one more way to authenticate";
    SecurityScopeAdded => "security-scope-added", Breaking,
        "tokens without the new scope are rejected";
    SecurityScopeRemoved => "security-scope-removed", Compatible,
        "fewer scopes needed";
    SecuritySchemeChanged => "security-scheme-changed", Breaking,
        "credentials configured for the scheme (header, type, environment variable) no longer fit";
    DescriptionChanged => "description-changed", Info,
        "documentation only (description, summary, title)";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The operation a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OperationRef {
    /// Its operationId (in the new spec, or the old one for a removed operation).
    pub operation_id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
}

impl fmt::Display for OperationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.operation_id, self.method, self.path)
    }
}

/// One change found between two specs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Change {
    /// The rule that reports it (and gives its severity).
    pub rule: Rule,
    /// The operation it affects; `None` for document-level changes (`info`, scheme definitions).
    pub operation: Option<OperationRef>,
    /// JSON pointer into the new spec, or into the old one for something removed.
    pub pointer: String,
    /// One line: what changed and what it does to SDK users.
    pub message: String,
}

impl Change {
    /// The change's severity (its rule's).
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}

/// Every change between two specs, breaking ones first, otherwise in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// Builds a report, ordering the changes by severity (stable, so document order stays).
    pub fn new(mut changes: Vec<Change>) -> Self {
        changes.sort_by_key(Change::severity);
        Self { changes }
    }

    /// How many changes have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|change| change.severity() == severity)
            .count()
    }

    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.count(Severity::Breaking) > 0
    }

    /// Exit-status verdict of this report.
    pub fn verdict(&self) -> Verdict {
        if self.has_breaking() {
            Verdict::Breaking
        } else {
            Verdict::NoBreaking
        }
    }
}

/// The outcome of a `spec-diff` run, which is its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Exit 0: no breaking change (or, with `--against-released`, none without a major bump).
    NoBreaking,
    /// Exit 1: a breaking change (without a major version bump, with `--against-released`).
    Breaking,
    /// Exit 2: the specs could not be compared (unreadable, invalid, bad arguments).
    CouldNotCompare,
}

impl Verdict {
    /// The process exit status: 0, 1 or 2.
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::NoBreaking => 0,
            Verdict::Breaking => 1,
            Verdict::CouldNotCompare => 2,
        }
    }
}
