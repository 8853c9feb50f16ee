//! The web UI: the files of `web/`, embedded in the binary at build time (nothing is
//! fetched from the internet), served at `/` with their content type and an ETag.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

#[derive(rust_embed::Embed)]
#[folder = "web/"]
#[exclude = "*.sh"]
struct Assets;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|h: HeaderMap| async move { file("index.html", &h) }))
        .route("/{*path}", get(|Path(path): Path<String>, h: HeaderMap| async move { file(&path, &h) }))
}

fn file(path: &str, headers: &HeaderMap) -> Response {
    let Some(f) = Assets::get(path) else {
        return crate::error::ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no route or file `/{path}`"))
            .with_hint(Some("the API is under /v1 (GET /v1/openapi.json lists it); the workbench is at /".into()))
            .into_response();
    };
    let etag = format!("\"{}\"", f.metadata.sha256_hash().iter().map(|b| format!("{b:02x}")).collect::<String>());
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    (
        [
            (header::CONTENT_TYPE, mime.as_ref().to_string()),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, "no-cache".to_string()),
        ],
        f.data.into_owned(),
    )
        .into_response()
}
