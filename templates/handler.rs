/// An operation's axum handler, from what differs between operations:
/// - the handler's name, and in its parentheses the operation's `Operation` (its credentials
///   and the stub's own answers; nothing for `Operation::PLAIN`) and, when the operation takes
///   credentials, the trait's method that admits a caller;
/// - the trait method, called with each argument read from the request in order:
///   `path("id")`, `query("q")`, `required_header("h")`, `body()`, `optional_text_body()`,
///   or a form's or multipart body's fields by kind (`form(text("name"), value_list("ids"))`);
///   a body is read asynchronously;
/// - how the call's outcome is answered: `by_status`, a status, or `empty` and a status.
///
/// The generator writes the macro once, here, and calls it for each operation.
#[allow(unused_macros)]
macro_rules! handler {
    (@read $input:ident body()) => {
        $input.body().await?
    };
    (@read $input:ident optional_body()) => {
        $input.optional_body().await?
    };
    (@read $input:ident text_body()) => {
        $input.text_body().await?
    };
    (@read $input:ident optional_text_body()) => {
        $input.optional_text_body().await?
    };
    (@read $input:ident bytes_body()) => {
        $input.bytes_body().await?
    };
    (@read $input:ident optional_bytes_body()) => {
        $input.optional_bytes_body().await?
    };
    (@read $input:ident form($($kind:ident($name:literal)),*)) => {
        handler!(@fields $input fields_body Form $($kind $name)*)
    };
    (@read $input:ident optional_form($($kind:ident($name:literal)),*)) => {
        handler!(@fields $input optional_fields_body Form $($kind $name)*)
    };
    (@read $input:ident multipart($($kind:ident($name:literal)),*)) => {
        handler!(@fields $input fields_body Multipart $($kind $name)*)
    };
    (@read $input:ident optional_multipart($($kind:ident($name:literal)),*)) => {
        handler!(@fields $input optional_fields_body Multipart $($kind $name)*)
    };
    (@fields $input:ident $read:ident $encoding:ident $($kind:ident $name:literal)*) => {
        $input
            .$read(
                crate::server_forms::FieldEncoding::$encoding,
                &[$(handler!(@field $kind $name)),*],
            )
            .await?
    };
    (@field text $name:literal) => {
        crate::server_forms::FormField { name: $name, list: false, text: true }
    };
    (@field value $name:literal) => {
        crate::server_forms::FormField { name: $name, list: false, text: false }
    };
    (@field text_list $name:literal) => {
        crate::server_forms::FormField { name: $name, list: true, text: true }
    };
    (@field value_list $name:literal) => {
        crate::server_forms::FormField { name: $name, list: true, text: false }
    };
    (@read $input:ident $reader:ident($name:literal)) => {
        $input.$reader($name)
    };
    (@caller $caller:ident $admit:ident) => {
        $caller
    };
    (@respond $input:ident $call:ident by_status) => {
        $input.respond_by_status($call, |success| success.to_status_and_json()).await
    };
    (@respond $input:ident $call:ident empty $status:literal) => {
        $input.respond_empty($status, $call).await
    };
    (@respond $input:ident $call:ident $status:literal) => {
        $input.respond($status, $call).await
    };
    ($handler:ident() => $($call:tt)+) => {
        handler!($handler(Operation::PLAIN) => $($call)+);
    };
    (
        $handler:ident($operation:expr $(, $admit:ident)?)
        => $method:ident($($reader:ident($($argument:tt)*)),* $(,)?) $($respond:tt)+
    ) => {
        // Not an `async fn`: the request is taken apart before the future is made, so the
        // future (which axum boxes) holds `Input` and not also the `Incoming` it came from.
        fn $handler<A: Api>(incoming: Incoming<A>) -> impl std::future::Future<Output = Handled> {
            #[allow(unused_mut)]
            let (api, mut input) = incoming.input(&$operation);
            async move {
                $(
                    let caller = input.caller()?;
                    input.admit(api.$admit(&caller)).await?;
                )?
                // Pinned where it stands: the answer polls it in place instead of moving it
                // through each step's future.
                let call = std::pin::pin!(api.$method(
                    $(handler!(@caller caller $admit),)?
                    $(handler!(@read input $reader($($argument)*))),*
                ));
                handler!(@respond input call $($respond)+)
            }
        }
    };
}
