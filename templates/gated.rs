/// The items it is given, unchanged: a run of items that the same Cargo features gate (a
/// tag's types, errors, request builders or trait methods) is one call under one `cfg`,
/// `#[cfg(feature = "tag")] gated! { item… }`, which leaves the call out, items and all,
/// where the features are off (as every call may be: hence the `allow`).
#[allow(unused_macros)]
macro_rules! gated {
    ($($tokens:tt)*) => {
        $($tokens)*
    };
}

