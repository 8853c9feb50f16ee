//! The alerts `casus watch` stores in its SQLite file: read with `GET /v1/alerts`, and
//! followed live with `GET /v1/alerts/stream` (the store polled once a second, read-only).

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::AppState;
use crate::api::{blocking, json};
use crate::error::ApiError;

type Params = Query<std::collections::HashMap<String, String>>;

fn db(s: &AppState) -> Result<PathBuf, ApiError> {
    s.config.db.clone().ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "no_store", "this server was started without an alert store")
            .with_hint(Some("start it with `casus serve --db alerts.db` (the file `casus watch --db` writes)".into()))
    })
}

fn read(path: &std::path::Path, since: Option<&str>) -> Result<Vec<casus_screen::alert::Alert>, ApiError> {
    let store = casus_screen::store::Store::open_read_only(path)
        .map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "store_unavailable", e.to_string()))?;
    store.alerts(since).map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "store_unavailable", e.to_string()))
}

fn since(q: &std::collections::HashMap<String, String>) -> Result<Option<String>, ApiError> {
    match q.get("since") {
        None => Ok(None),
        Some(d) => casus_ops::input::date("since", d).map(|d| Some(d.to_string())).map_err(ApiError::from),
    }
}

#[derive(Serialize)]
struct AlertList {
    alerts: Vec<casus_screen::alert::Alert>,
}

/// The stored alerts on or after `since`, in date order (at most `limit`, default 1000).
#[utoipa::path(get, path = "/v1/alerts", tag = "alerts",
    params(("since" = Option<String>, Query, description = "YYYY-MM-DD"), ("limit" = Option<usize>, Query)),
    responses((status = 200, description = "`{\"alerts\": [...]}`, each as `casus alerts --format json`", body = Object),
              (status = 404, description = "no store")))]
pub(crate) async fn alerts(State(s): State<AppState>, Query(q): Params) -> Result<Response, ApiError> {
    let path = db(&s)?;
    let since = since(&q)?;
    let limit = match q.get("limit") {
        None => 1000,
        Some(l) => l
            .parse::<usize>()
            .map_err(|_| ApiError::field("invalid_field", "limit", format!("`{l}` is not a count")))?,
    };
    blocking(move || {
        let mut all = read(&path, since.as_deref())?;
        all.truncate(limit);
        Ok(json(&AlertList { alerts: all }))
    })
    .await
}

/// New alerts as they are stored, as server-sent events `alert` (one alert each).
#[utoipa::path(get, path = "/v1/alerts/stream", tag = "alerts",
    params(("since" = Option<String>, Query, description = "also send the stored alerts from this date")),
    responses((status = 200, description = "text/event-stream"), (status = 404, description = "no store")))]
pub(crate) async fn stream(State(s): State<AppState>, Query(q): Params) -> Result<Response, ApiError> {
    let path = db(&s)?;
    let since = since(&q)?;
    // Alerts already stored are not news, unless `since` asks for them.
    let seen: BTreeSet<String> = if since.is_some() {
        BTreeSet::new()
    } else {
        let p = path.clone();
        blocking(move || Ok(read(&p, None).unwrap_or_default())).await?.into_iter().map(|a| a.key).collect()
    };
    let state = (path, since, seen, Vec::<casus_screen::alert::Alert>::new());
    let stream = futures_util::stream::unfold(state, |(path, since, mut seen, mut queue)| async move {
        loop {
            if let Some(a) = queue.pop() {
                let data = serde_json::to_string(&a).unwrap_or_default();
                return Some((
                    Ok::<Event, Infallible>(Event::default().event("alert").data(data)),
                    (path, since, seen, queue),
                ));
            }
            let p = path.clone();
            let sn = since.clone();
            let fresh = tokio::task::spawn_blocking(move || read(&p, sn.as_deref()).unwrap_or_default())
                .await
                .unwrap_or_default();
            let mut new: Vec<_> = fresh.into_iter().filter(|a| seen.insert(a.key.clone())).collect();
            if new.is_empty() {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
            new.reverse();
            queue = new;
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()).into_response())
}
