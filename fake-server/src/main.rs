//! `fake-server`: serves the fake Katapult Core API and Cinder volume-manage API until Ctrl-C
//! (or SIGTERM), logging one line per request to standard error.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use fake_server::{Config, KATAPULT_PREFIX, Store};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

const USAGE: &str = "\
Usage: fake-server [--listen ADDR] [--rate-limit N] [--low-rate-limit N] [--quiet]

  --listen ADDR        address to listen on (default 127.0.0.1:8080; port 0 picks one)
  --rate-limit N       requests per minute per Katapult token (default 5000)
  --low-rate-limit N   requests per minute of the token kat_rate_limited (default 3)
  --quiet              do not log requests

The first line on standard output is `fake-server listening on http://<address>`.";

/// How long requests in flight may take to finish after a shutdown signal.
const DRAIN: Duration = Duration::from_secs(10);

struct Options {
    listen: String,
    config: Config,
}

fn parse(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        listen: "127.0.0.1:8080".into(),
        config: Config {
            log_requests: true,
            ..Config::default()
        },
    };
    let mut args = args;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--listen" => options.listen = value("--listen")?,
            "--rate-limit" => options.config.rate_limit = number(&value("--rate-limit")?)?,
            "--low-rate-limit" => {
                options.config.low_rate_limit = number(&value("--low-rate-limit")?)?
            }
            "--quiet" => options.config.log_requests = false,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(options))
}

fn number(text: &str) -> Result<u32, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a whole number"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("fake-server: {problem}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(&options.listen).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("fake-server: cannot listen on {}: {err}", options.listen);
            return ExitCode::FAILURE;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(err) => {
            eprintln!("fake-server: {err}");
            return ExitCode::FAILURE;
        }
    };
    let base = format!("http://{address}");
    // One write, and no panic if nobody reads standard output any more: a server must not die
    // because whoever started it stopped listening to its banner.
    let banner = format!(
        "fake-server listening on {base}\n  Katapult Core API: {base}{KATAPULT_PREFIX} (try the token kat_admin)\n  Cinder:            {base}/v2/{{project_id}}/os-volume-manage\n"
    );
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(banner.as_bytes())
        .and_then(|()| stdout.flush());
    drop(stdout);

    let store = Store::seeded(options.config, base);
    let (stop, stopped) = oneshot::channel::<()>();
    let mut server = tokio::spawn(fake_server::serve(listener, store, async {
        let _ = stopped.await;
    }));
    tokio::select! {
        result = &mut server => {
            eprintln!("fake-server: stopped unexpectedly: {result:?}");
            return ExitCode::FAILURE;
        }
        () = shutdown_signal() => {}
    }
    eprintln!("fake-server: shutting down");
    let _ = stop.send(());
    match tokio::time::timeout(DRAIN, server).await {
        Ok(Ok(Ok(()))) => {
            eprintln!("fake-server: stopped");
            ExitCode::SUCCESS
        }
        Ok(Ok(Err(err))) => {
            eprintln!("fake-server: {err}");
            ExitCode::FAILURE
        }
        Ok(Err(err)) => {
            eprintln!("fake-server: {err}");
            ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!("fake-server: requests still open after {DRAIN:?}; stopping anyway");
            ExitCode::SUCCESS
        }
    }
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|arg| arg.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn parses_the_options() {
        let options = parse(args(&[
            "--listen",
            "127.0.0.1:0",
            "--rate-limit",
            "7",
            "--quiet",
        ]))
        .expect("valid")
        .expect("not help");
        assert_eq!(options.listen, "127.0.0.1:0");
        assert_eq!(options.config.rate_limit, 7);
        assert!(!options.config.log_requests);
        assert!(parse(args(&["--help"])).expect("valid").is_none());
        assert!(parse(args(&["--listen"])).is_err());
        assert!(parse(args(&["--rate-limit", "many"])).is_err());
        assert!(parse(args(&["--bogus"])).is_err());
    }
}
