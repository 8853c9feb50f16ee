//! The casus workbench: an HTTP API over the operations of `casus_ops` (JSON everywhere,
//! under `/v1`) and the web UI served at `/` from assets embedded in the binary.
//!
//! This crate is a face, like the CLI: it reads requests, hands them to the library
//! crates, and writes their answers as the CLI's `--format json` prints them. Nothing in a
//! request names a path on the server's disk (texts and ids only); CPU work runs off the
//! async threads; every response carries the library's content hash (`Casus-Library`).

// An error answer is built once per failed request, on the cold path: its size (a status,
// three strings and an optional JSON value) costs nothing worth boxing it for.
#![allow(clippy::result_large_err)]

mod alerts;
mod api;
mod assets;
pub mod error;
mod extract;
mod jobs;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method};
use axum::response::IntoResponse as _;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use casus_core::Loaded;
use casus_ops::assemble::Base;

pub use api::openapi;

/// The limits and options of a server.
#[derive(Clone, Debug)]
pub struct Config {
    /// The largest request body accepted, in bytes (1 MiB by default).
    pub body_limit: usize,
    /// How long one request may take before it is answered 408.
    pub timeout: Duration,
    /// The most Monte Carlo runs one request may ask for (a job's, or each cell's of a
    /// comparison).
    pub max_runs: u64,
    /// Monte Carlo jobs running at once; more are refused with 429.
    pub max_jobs: usize,
    /// Origins allowed by CORS; none (the default) turns CORS off.
    pub cors: Vec<String>,
    /// The SQLite alert store `casus watch` writes, for `/v1/alerts`.
    pub db: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            body_limit: 1 << 20,
            timeout: Duration::from_secs(30),
            max_runs: 1_000_000,
            max_jobs: 4,
            cors: Vec::new(),
            db: None,
        }
    }
}

/// The library a server answers from: its base (built-in, or the `--library` files),
/// ATOP's alliances beside it, the base loaded once, and its content hash.
pub struct Workbench {
    base: Base,
    extra: Option<(String, casus_core::Library)>,
    loaded: Loaded,
    /// Every built-in scenario, loaded once: listed by `/v1/library`, named by
    /// `/v1/simulate`'s `scenario`.
    scenarios: Loaded,
    hash: String,
    describe: String,
}

impl Workbench {
    /// Loads the base; `Err` holds the loaded library when it does not check (the caller
    /// renders its diagnostics).
    pub fn new(
        base: Base,
        extra: Option<(String, casus_core::Library)>,
        describe: String,
    ) -> Result<Workbench, Box<Loaded>> {
        let loaded = casus_ops::assemble::beside(Vec::new(), &base, extra.clone(), casus_ops::assemble::Reads::Disk);
        if loaded.has_errors() {
            return Err(Box::new(loaded));
        }
        let hash = casus_ops::assemble::content_hash(&loaded.library);
        let (scenarios, _) = casus_ops::compare::load(
            Vec::new(),
            Vec::new(),
            casus_ops::compare::Suite::All,
            true,
            casus_ops::assemble::Reads::Embedded,
        );
        Ok(Workbench { base, extra, loaded, scenarios, hash, describe })
    }

    /// The built-in library.
    pub fn builtin() -> Workbench {
        match Workbench::new(Base::Builtin, None, "the built-in library".into()) {
            Ok(w) => w,
            Err(l) => panic!("the built-in library does not check: {} diagnostics", l.diagnostics.len()),
        }
    }

    /// The content hash, `sha256:…`.
    pub fn hash(&self) -> &str {
        &self.hash
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    wb: Arc<Workbench>,
    config: Arc<Config>,
    jobs: Arc<jobs::Jobs>,
}

impl AppState {
    /// The state of a server over `wb` with `config`.
    pub fn new(wb: Workbench, config: Config) -> AppState {
        let jobs = Arc::new(jobs::Jobs::new(config.max_jobs));
        AppState { wb: Arc::new(wb), config: Arc::new(config), jobs }
    }
}

/// The whole application: the API, the OpenAPI document and the web UI, with the limits
/// of the configuration (body limit, timeout, CORS, compression) and the library's hash
/// on every response.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let hash = HeaderValue::from_str(state.wb.hash()).unwrap_or(HeaderValue::from_static("unknown"));
    let (api, _doc) = api::routes().split_for_parts();
    let mut app = Router::new()
        .merge(api)
        .merge(assets::routes())
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(config.body_limit))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, config.timeout))
        .layer(CompressionLayer::new())
        // Defence in depth: a bug that panics in a handler answers 500 in JSON, and the
        // server goes on.
        .layer(CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            error::ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the server failed on this request",
            )
            .into_response()
        }))
        .layer(SetResponseHeaderLayer::overriding(HeaderName::from_static("casus-library"), hash));
    if !config.cors.is_empty() {
        let origins: Vec<HeaderValue> = config.cors.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST, Method::DELETE])
                .allow_headers([axum::http::header::CONTENT_TYPE])
                .expose_headers([HeaderName::from_static("casus-library")]),
        );
    }
    app
}

/// Serves `router(state)` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Whether serving on `addr` reaches beyond this machine (anything but loopback).
pub fn is_exposed(addr: &SocketAddr) -> bool {
    !addr.ip().is_loopback()
}

impl std::fmt::Debug for Workbench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Workbench({}, {})", self.describe, self.hash)
    }
}

/// Binds `addr` and serves until Ctrl-C (or SIGTERM), on a runtime of its own; `ready` is
/// called with the address bound (the port, when 0 was asked for) before the first request.
pub fn run(addr: SocketAddr, state: AppState, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        serve(listener, state, shutdown_signal()).await
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
