//! Monte Carlo jobs: started by `POST /v1/simulate` with `runs`, followed by `GET
//! /v1/jobs/{id}` and its server-sent events, cancelled by `DELETE`. At most
//! `Config::max_jobs` run at once; finished jobs are kept (the last 64) for their results.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::api::json;
use crate::error::ApiError;

/// Finished jobs kept for their results.
const KEPT: usize = 64;

/// One job.
struct Job {
    id: String,
    total: u64,
    done: AtomicU64,
    stop: AtomicBool,
    outcome: Mutex<Outcome>,
}

#[derive(Clone)]
enum Outcome {
    Running,
    Done(Arc<casus_sim::MonteCarlo>),
    Cancelled,
}

/// The state of a job, as `GET /v1/jobs/{id}` gives it.
#[derive(Serialize, ToSchema)]
pub(crate) struct JobView {
    id: String,
    /// running, done or cancelled.
    state: &'static str,
    /// Runs done.
    done: u64,
    /// Runs asked for.
    total: u64,
    /// When done: the report of `casus simulate --runs N --format json`.
    #[schema(value_type = Option<Object>)]
    result: Option<Arc<casus_sim::MonteCarlo>>,
}

/// The answer to a job's start.
#[derive(Serialize, ToSchema)]
pub(crate) struct JobCreated {
    /// The job's id.
    job: String,
    /// Its state: `GET` this.
    status: String,
    /// Its progress as server-sent events.
    events: String,
}

impl Job {
    fn view(&self) -> JobView {
        let outcome = self.outcome.lock().map(|o| o.clone()).unwrap_or(Outcome::Cancelled);
        let (state, result) = match outcome {
            Outcome::Running => ("running", None),
            Outcome::Done(m) => ("done", Some(m)),
            Outcome::Cancelled => ("cancelled", None),
        };
        JobView { id: self.id.clone(), state, done: self.done.load(Ordering::Relaxed), total: self.total, result }
    }

    fn running(&self) -> bool {
        matches!(self.outcome.lock().as_deref(), Ok(Outcome::Running))
    }
}

/// Every job of the server.
pub(crate) struct Jobs {
    max: usize,
    next: AtomicU64,
    all: Mutex<BTreeMap<u64, Arc<Job>>>,
}

impl Jobs {
    pub(crate) fn new(max: usize) -> Jobs {
        Jobs { max, next: AtomicU64::new(1), all: Mutex::new(BTreeMap::new()) }
    }

    /// Starts `runs` Monte Carlo runs of `graph` on the blocking pool.
    pub(crate) fn start(
        &self,
        graph: Arc<casus_sim::Graph>,
        runs: u64,
        seed: u64,
        rounds: u32,
    ) -> Result<JobCreated, ApiError> {
        let poisoned = || ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the job table is damaged");
        let mut all = self.all.lock().map_err(|_| poisoned())?;
        let running = all.values().filter(|j| j.running()).count();
        if running >= self.max {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_jobs",
                format!("{running} simulations are running, the most this server runs at once (`--max-jobs`)"),
            )
            .with_hint(Some("wait for one to finish, or cancel one with DELETE /v1/jobs/{id}".into())));
        }
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let job = Arc::new(Job {
            id: n.to_string(),
            total: runs,
            done: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            outcome: Mutex::new(Outcome::Running),
        });
        all.insert(n, job.clone());
        // Forget the oldest finished jobs.
        while all.len() > KEPT {
            let Some(old) = all.iter().find(|(_, j)| !j.running()).map(|(k, _)| *k) else { break };
            all.remove(&old);
        }
        drop(all);
        let worker = job.clone();
        tokio::task::spawn_blocking(move || {
            let tick = || {
                worker.done.fetch_add(1, Ordering::Relaxed);
            };
            let m = casus_sim::monte_carlo_until(&graph, runs, seed, rounds, &[], &tick, &worker.stop);
            if let Ok(mut o) = worker.outcome.lock() {
                *o = match m {
                    Some(m) => Outcome::Done(Arc::new(m)),
                    None => Outcome::Cancelled,
                };
            }
        });
        Ok(JobCreated { status: format!("/v1/jobs/{n}"), events: format!("/v1/jobs/{n}/events"), job: n.to_string() })
    }

    fn get(&self, id: &str) -> Result<Arc<Job>, ApiError> {
        let found = id.parse::<u64>().ok().and_then(|n| self.all.lock().ok().and_then(|a| a.get(&n).cloned()));
        found.ok_or_else(|| {
            ApiError::unknown("id", "job", id, Some("jobs are kept until 64 newer ones have finished".into()))
        })
    }
}

/// A job's state, and its result once done.
#[utoipa::path(get, path = "/v1/jobs/{id}", tag = "jobs", params(("id" = String, Path)),
    responses((status = 200, body = JobView), (status = 404, description = "no such job")))]
pub(crate) async fn job(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(json(&s.jobs.get(&id)?.view()))
}

/// Cancels a running job (a finished one is left as it is).
#[utoipa::path(delete, path = "/v1/jobs/{id}", tag = "jobs", params(("id" = String, Path)),
    responses((status = 200, body = JobView), (status = 404, description = "no such job")))]
pub(crate) async fn cancel(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let job = s.jobs.get(&id)?;
    job.stop.store(true, Ordering::Relaxed);
    Ok(json(&job.view()))
}

/// A job's progress as server-sent events: `progress` (`{"done", "total"}`) as it moves,
/// then one `done` or `cancelled` event with the job's state.
#[utoipa::path(get, path = "/v1/jobs/{id}/events", tag = "jobs", params(("id" = String, Path)),
    responses((status = 200, description = "text/event-stream"), (status = 404, description = "no such job")))]
pub(crate) async fn events(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let job = s.jobs.get(&id)?;
    let stream = futures_util::stream::unfold((job, u64::MAX, false), |(job, last, ended)| async move {
        if ended {
            return None;
        }
        loop {
            let done = job.done.load(Ordering::Relaxed);
            if !job.running() {
                let view = job.view();
                let name = view.state;
                let data = serde_json::to_string(&view).unwrap_or_default();
                return Some((Ok::<Event, Infallible>(Event::default().event(name).data(data)), (job, done, true)));
            }
            if done != last {
                let data = format!("{{\"done\":{done},\"total\":{}}}", job.total);
                return Some((Ok(Event::default().event("progress").data(data)), (job, done, false)));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()).into_response())
}
