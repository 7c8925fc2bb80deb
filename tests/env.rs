//! Credentials from the environment. One test in its own binary: changing the environment is
//! only sound while no other thread reads it.

#[test]
fn tokens_come_from_the_environment_with_a_clear_error_when_missing() {
    // SAFETY: this binary runs this single test, on one thread, before any client exists.
    unsafe {
        std::env::remove_var("KATAPULT_API_TOKEN");
        std::env::set_var("OS_AUTH_TOKEN", "  ");
    }
    let missing = katapult_core::Client::builder("http://127.0.0.1:9")
        .api_token_from_env()
        .expect_err("no KATAPULT_API_TOKEN");
    assert_eq!(
        missing.to_string(),
        "environment variable KATAPULT_API_TOKEN is not set or empty"
    );
    let blank = cinder_volume_manage::Client::builder("http://127.0.0.1:9")
        .keystone_token_from_env()
        .expect_err("a blank OS_AUTH_TOKEN");
    assert_eq!(
        blank.to_string(),
        "environment variable OS_AUTH_TOKEN is not set or empty"
    );

    // SAFETY: as above.
    unsafe {
        std::env::set_var("KATAPULT_API_TOKEN", "from-env-token");
    }
    let builder = katapult_core::Client::builder("http://127.0.0.1:9")
        .api_token_from_env()
        .expect("KATAPULT_API_TOKEN is set");
    assert!(
        !format!("{builder:?}").contains("from-env-token"),
        "the token stays secret"
    );
    builder.build().expect("a client");

    let invalid = katapult_core::Client::builder("http://127.0.0.1:9")
        .api_token("line\nbreak")
        .expect_err("a token a header cannot carry");
    assert!(
        !invalid.to_string().contains("line"),
        "the error does not echo the token: {invalid}"
    );
}
