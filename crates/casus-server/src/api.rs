//! The `/v1` routes: each reads its request, runs the operation of `casus_ops` (or of the
//! evaluator and the simulator) off the async threads, and answers with the JSON the CLI's
//! `--format json` prints.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use casus_core::Library;
use casus_core::eval::{Evaluator, Options};
use casus_core::model::Incident;
use casus_ops::assemble::{Input, Reads};
use casus_ops::compare::Suite;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::JsonBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "casus",
        description = "Collective-defence commitments as code: the workbench's API. Every response carries the \
                       library's content hash in the `Casus-Library` header; errors are `{\"error\": {\"code\", \
                       \"message\", \"field\"}}` with a 4xx status. docs/api.md has an example of each route."
    ),
    tags((name = "library"), (name = "evaluate"), (name = "ties"), (name = "alerts"), (name = "jobs"))
)]
struct ApiDoc;

/// Every API route, with its OpenAPI description: the router and the document come from
/// the same list, so the document cannot name a route that does not exist or miss one.
pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(healthz))
        .routes(routes!(library))
        .routes(routes!(treaty))
        .routes(routes!(check))
        .routes(routes!(format))
        .routes(routes!(eval))
        .routes(routes!(compare))
        .routes(routes!(diff))
        .routes(routes!(simulate))
        .routes(routes!(crate::jobs::job, crate::jobs::cancel))
        .routes(routes!(crate::jobs::events))
        .routes(routes!(obligations))
        .routes(routes!(network))
        .routes(routes!(coverage))
        .routes(routes!(crate::alerts::alerts))
        .routes(routes!(crate::alerts::stream))
        .routes(routes!(openapi_json))
}

/// The OpenAPI 3.1 document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().split_for_parts().1
}

/// A JSON response of `value`.
pub(crate) fn json(value: &impl Serialize) -> Response {
    // An evaluation's answer is some 50 to 100 KB: one allocation rather than a dozen.
    let mut bytes = Vec::with_capacity(128 * 1024);
    match serde_json::to_writer(&mut bytes, value) {
        Ok(()) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", format!("cannot write JSON: {e}"))
            .into_response(),
    }
}

/// Runs `f` on the blocking pool (evaluation and loading are CPU work).
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the request failed inside the server: {e}"),
        )
    })?
}

#[derive(Serialize, ToSchema)]
struct Health {
    /// `ok`.
    status: &'static str,
    /// The library's content hash.
    library: String,
}

/// Liveness, and the library's content hash.
#[utoipa::path(get, path = "/healthz", tag = "library", responses((status = 200, body = Health)))]
async fn healthz(State(s): State<AppState>) -> Response {
    json(&Health { status: "ok", library: s.wb.hash.clone() })
}

#[derive(Serialize, ToSchema)]
struct LibraryIndex {
    /// The content hash, `sha256:…`.
    library: String,
    /// Where the treaties come from, in words.
    from: String,
    treaties: Vec<TreatyEntry>,
    regions: Vec<RegionEntry>,
    scenarios: Vec<ScenarioEntry>,
    states: Vec<StateEntry>,
}

#[derive(Serialize, ToSchema)]
struct TreatyEntry {
    id: String,
    name: String,
    /// in-force, proposed, signed, failed, terminated ….
    status: String,
    /// A draft guarantee of `library/designs/`: a column of the comparison.
    design: bool,
    file: String,
    signed: Option<String>,
    in_force: Option<String>,
    sources: Vec<String>,
    commitments: Vec<CommitmentEntry>,
}

#[derive(Serialize, ToSchema)]
struct CommitmentEntry {
    id: String,
    title: String,
    kind: String,
}

#[derive(Serialize, ToSchema)]
struct RegionEntry {
    id: String,
    name: String,
    part_of: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct ScenarioEntry {
    id: String,
    title: String,
    on: Option<String>,
    file: String,
}

#[derive(Serialize, ToSchema)]
struct StateEntry {
    /// ISO 3166-1 alpha-3.
    code: String,
    name: String,
    /// ISO 3166-1 numeric (Natural Earth's world atlas ids).
    numeric: String,
}

fn file_of(loaded: &casus_core::Loaded, f: casus_syntax::FileId) -> String {
    loaded.sources.try_get(f).map_or_else(String::new, |s| s.path().to_string())
}

/// Treaties (with their commitments), regions, the built-in scenarios and the state table.
#[utoipa::path(get, path = "/v1/library", tag = "library", responses((status = 200, body = LibraryIndex)))]
async fn library(State(s): State<AppState>) -> Result<Response, ApiError> {
    blocking(move || {
        let loaded = &s.wb.loaded;
        let lib = &loaded.library;
        let treaties = lib
            .treaties
            .iter()
            .map(|t| {
                let file = file_of(loaded, t.file.0);
                TreatyEntry {
                    id: t.id.value.clone(),
                    name: t.name.clone(),
                    status: t.status.as_ref().map_or("in-force".into(), |x| x.value.to_string()),
                    design: casus_ops::builtin::is_design(&file),
                    file,
                    signed: t.signed.as_ref().map(|d| d.value.to_string()),
                    in_force: t.in_force.as_ref().map(|d| d.value.to_string()),
                    sources: t.sources.iter().map(|x| x.value.clone()).collect(),
                    commitments: t
                        .commitments
                        .iter()
                        .map(|c| CommitmentEntry {
                            id: c.id.value.clone(),
                            title: c.title.clone(),
                            kind: c.kind.value.to_string(),
                        })
                        .collect(),
                }
            })
            .collect();
        let regions = lib
            .regions
            .iter()
            .map(|r| RegionEntry {
                id: r.id.value.clone(),
                name: r.name.clone(),
                part_of: r.part_of.as_ref().map(|p| p.value.clone()),
            })
            .collect();
        let scen = &s.wb.scenarios;
        let scenarios = scen
            .library
            .incidents
            .iter()
            .map(|i| ScenarioEntry {
                id: i.id.value.clone(),
                title: i.title.clone(),
                on: i.on.as_ref().map(|d| d.value.to_string()),
                file: file_of(scen, i.file.0),
            })
            .collect();
        let states = casus_core::states::all()
            .values()
            .map(|i| StateEntry { code: i.alpha3.into(), name: i.name.into(), numeric: i.numeric.into() })
            .collect();
        Ok(json(&LibraryIndex {
            library: s.wb.hash.clone(),
            from: s.wb.describe.clone(),
            treaties,
            regions,
            scenarios,
            states,
        }))
    })
    .await
}

#[derive(Serialize, ToSchema)]
struct TreatySource {
    /// The model's JSON form of the treaty (as `casus export --format json`).
    #[schema(value_type = Object)]
    treaty: serde_json::Value,
    /// The file that declares it.
    file: String,
    /// That file's text.
    source: String,
}

/// One treaty: its model and the text of the file that declares it.
#[utoipa::path(get, path = "/v1/treaties/{id}", tag = "library",
    params(("id" = String, Path, description = "treaty id, e.g. `nato`")),
    responses((status = 200, body = TreatySource), (status = 404, description = "no such treaty")))]
async fn treaty(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let loaded = &s.wb.loaded;
    let Some(t) = loaded.library.treaties.iter().find(|t| t.id.value == id) else {
        let hint = casus_core::suggest::did_you_mean(&id, loaded.library.treaties.iter().map(|t| t.id.value.as_str()))
            .map(|x| format!("did you mean `{x}`?"));
        return Err(ApiError::unknown("id", "treaty", &id, hint));
    };
    let source = loaded.sources.try_get(t.file.0).map_or_else(String::new, |f| f.text().to_string());
    let treaty = serde_json::to_value(t)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    Ok(json(&TreatySource { treaty, file: file_of(loaded, t.file.0), source }))
}

/// Files of a request: `{"NAME.casus": TEXT}`.
fn inputs(field: &str, files: BTreeMap<String, String>) -> Result<Vec<Input>, ApiError> {
    files
        .into_iter()
        .map(|(name, text)| {
            if !(name.ends_with(".casus") || name.ends_with(".json")) || name.len() > 200 || name.contains('\0') {
                return Err(ApiError::field(
                    "invalid_field",
                    format!("{field}.{name}"),
                    format!("`{name}` is not a file name casus reads"),
                )
                .with_hint(Some(
                    "name each text `NAME.casus` (the treaty language) or `NAME.json` (its JSON form)".into(),
                )));
            }
            Ok(Input::text(name, text))
        })
        .collect()
}

/// The 422 of texts that do not check, with their diagnostics.
fn invalid(loaded: &casus_core::Loaded, what: &str) -> ApiError {
    let report = serde_json::to_value(casus_ops::diagnostics::JsonReport::of(loaded)).ok();
    let first = loaded.diagnostics.iter().find(|d| d.is_error());
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        format!("{what} do not check: {}", first.map_or(String::new(), |d| format!("{} {}", d.code, d.message))),
    );
    e.details = report;
    e
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    /// The files to check, by name: `{"mine.casus": "treaty mine …"}`.
    files: BTreeMap<String, String>,
}

/// The diagnostics of `casus check --format json` for texts, checked over the built-in
/// regions (a design may name `UA-30`).
#[utoipa::path(post, path = "/v1/check", tag = "library", request_body = CheckRequest,
    responses((status = 200, description = "the report of `casus check --format json`", body = Object)))]
async fn check(JsonBody(req): JsonBody<CheckRequest>) -> Result<Response, ApiError> {
    let files = inputs("files", req.files)?;
    if files.is_empty() {
        return Err(ApiError::field("invalid_field", "files", "no file to check")
            .with_hint(Some("send `{\"files\": {\"mine.casus\": TEXT}}`".into())));
    }
    blocking(move || {
        let loaded = casus_ops::assemble::for_check(files, Reads::Embedded);
        Ok(json(&casus_ops::diagnostics::JsonReport::of(&loaded)))
    })
    .await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct FormatRequest {
    /// A `.casus` text.
    text: String,
}

#[derive(Serialize, ToSchema)]
struct Formatted {
    /// The text in canonical form (as `casus fmt`).
    text: String,
}

/// A text in canonical form, as `casus fmt` writes it; 422 with the syntax errors that
/// prevent it.
#[utoipa::path(post, path = "/v1/format", tag = "library", request_body = FormatRequest,
    responses((status = 200, body = Formatted), (status = 422, description = "syntax errors")))]
async fn format(JsonBody(req): JsonBody<FormatRequest>) -> Result<Response, ApiError> {
    blocking(move || {
        let mut sources = casus_syntax::SourceMap::default();
        let id = sources.add("request.casus", req.text);
        let parsed = casus_syntax::parse(sources.get(id));
        let errors: Vec<casus_syntax::Diagnostic> = parsed.diagnostics.into_iter().filter(|d| d.is_error()).collect();
        if errors.is_empty() {
            return Ok(json(&Formatted { text: casus_syntax::format(&parsed.tree) }));
        }
        let loaded =
            casus_core::Loaded { sources, library: Library::default(), diagnostics: errors, context: BTreeSet::new() };
        Err(invalid(&loaded, "the text has syntax errors and"))
    })
    .await
}

/// The incident of a request: the model's JSON form (`id` and `title` optional), its names
/// checked against `lib`.
pub(crate) fn incident(lib: &Library, value: serde_json::Value, field: &str) -> Result<Incident, ApiError> {
    let mut value = value;
    let serde_json::Value::Object(map) = &mut value else {
        return Err(ApiError::field("invalid_field", field, "the incident is not an object")
            .with_hint(Some("send the model's JSON form, e.g. {\"on\": \"2024-06-01\", \"actor\": {\"states\": [\"RUS\"]}, \"target\": \"UKR\"}".into())));
    };
    map.entry("id").or_insert_with(|| "request".into());
    map.entry("title").or_insert_with(|| "incident of the request".into());
    let inc: Incident = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." { field.to_string() } else { format!("{field}.{path}") };
        ApiError::field("invalid_field", at, e.into_inner().to_string())
    })?;
    casus_ops::incident::check(lib, &inc, field)?;
    Ok(inc)
}

/// The library of a request: the server's, or the server's with the request's designs
/// beside it (each replacing a treaty of the same id).
fn with_designs(s: &AppState, designs: BTreeMap<String, String>) -> Result<Option<casus_core::Loaded>, ApiError> {
    if designs.is_empty() {
        return Ok(None);
    }
    let files = inputs("designs", designs)?;
    let loaded = casus_ops::assemble::beside(files, &s.wb.base, s.wb.extra.clone(), Reads::Embedded);
    if loaded.has_errors() {
        return Err(invalid(&loaded, "the designs"));
    }
    Ok(Some(loaded))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct EvalRequest {
    /// The incident in the model's JSON form, as `casus eval --format json` prints it under
    /// `incident`; `id` and `title` may be left out.
    #[schema(value_type = Object)]
    incident: serde_json::Value,
    /// Designs of the client's beside the library, by file name.
    #[serde(default)]
    designs: BTreeMap<String, String>,
    /// Count proposed, signed and failed designs as if in force.
    #[serde(default)]
    hypothetical: bool,
}

/// Every commitment's verdict on one incident with its full trace: the contract of `casus
/// eval --format json`.
#[utoipa::path(post, path = "/v1/eval", tag = "evaluate", request_body = EvalRequest,
    responses((status = 200, description = "the evaluation, as `casus eval --format json`", body = Object),
              (status = 400, description = "a field that cannot be used"), (status = 422, description = "designs that do not check")))]
async fn eval(State(s): State<AppState>, JsonBody(req): JsonBody<EvalRequest>) -> Result<Response, ApiError> {
    let has_designs = !req.designs.is_empty();
    let run = move || {
        let own = with_designs(&s, req.designs)?;
        let lib = own.as_ref().map_or(&s.wb.loaded.library, |l| &l.library);
        let inc = incident(lib, req.incident, "incident")?;
        let e = Evaluator::new(lib, Options { hypothetical: req.hypothetical }).evaluate(&inc);
        Ok(json(&e))
    };
    // One evaluation takes well under a millisecond: it stays on this thread unless
    // designs must be loaded first.
    if has_designs { blocking(run).await } else { run() }
}

#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
enum Item {
    /// A built-in id.
    Id(String),
    /// A text of the client's.
    Text {
        /// Its file name, `NAME.casus` or `NAME.json`.
        name: String,
        /// The text.
        text: String,
    },
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct MonteCarloOptions {
    /// Runs per cell.
    runs: u64,
    /// The seed (default 1).
    #[serde(default = "one")]
    seed: u64,
}

fn one() -> u64 {
    1
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CompareRequest {
    /// Columns: built-in design ids and texts of the client's (default: every built-in design).
    designs: Option<Vec<Item>>,
    /// Rows: built-in scenario ids and texts (default: the built-in Ukraine suite).
    scenarios: Option<Vec<Item>>,
    /// Only the client's designs as columns (the built-in ones still resolve names).
    #[serde(default)]
    only: bool,
    /// Monte Carlo shares per cell.
    simulate: Option<MonteCarloOptions>,
}

fn split(field: &str, items: Vec<Item>) -> Result<(Vec<String>, Vec<Input>), ApiError> {
    let (mut ids, mut texts) = (Vec::new(), BTreeMap::new());
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Item::Id(id) => ids.push((i, id)),
            Item::Text { name, text } => {
                if texts.insert(name.clone(), text).is_some() {
                    return Err(ApiError::field(
                        "invalid_field",
                        format!("{field}[{i}].name"),
                        format!("`{name}` is given twice"),
                    ));
                }
            }
        }
    }
    Ok((ids.into_iter().map(|(_, id)| id).collect(), inputs(field, texts)?))
}

/// The ids a comparison keeps as columns or rows: those the request names (each must be
/// `known`, or it is a 404 on `field[i]` with the id it most likely means) and those of the
/// request's own texts.
fn kept<'a>(
    field: &str,
    what: &str,
    ids: &[String],
    known: &[&str],
    own: impl Iterator<Item = &'a String>,
) -> Result<BTreeSet<String>, ApiError> {
    let mut keep: BTreeSet<String> = own.cloned().collect();
    for (i, id) in ids.iter().enumerate() {
        if !known.contains(&id.as_str()) {
            let hint =
                casus_core::suggest::did_you_mean(id, known.iter().copied()).map(|x| format!("did you mean `{x}`?"));
            return Err(ApiError::unknown(&format!("{field}[{i}]"), what, id, hint));
        }
        keep.insert(id.clone());
    }
    Ok(keep)
}

/// Designs × scenarios: every cell's verdict, strongest obligation, guarantors and the
/// verdicts in full with their traces (`casus compare --format json`); optionally Monte
/// Carlo shares.
#[utoipa::path(post, path = "/v1/compare", tag = "evaluate", request_body = CompareRequest,
    responses((status = 200, description = "the matrix, as `casus compare --format json`", body = Object)))]
async fn compare(State(s): State<AppState>, JsonBody(req): JsonBody<CompareRequest>) -> Result<Response, ApiError> {
    let max_runs = s.config.max_runs;
    blocking(move || {
        let (design_ids, design_texts) = split("designs", req.designs.unwrap_or_default())?;
        let (scenario_ids, scenario_texts) = match req.scenarios {
            None => (Vec::new(), Vec::new()),
            Some(list) => split("scenarios", list)?,
        };
        let suite = match (scenario_ids.is_empty(), scenario_texts.is_empty()) {
            (true, true) => Suite::Default,
            (false, _) => Suite::All,
            (true, false) => Suite::None,
        };
        let names: BTreeSet<String> = design_texts.iter().map(|f| f.name.clone()).collect();
        let scenario_names: BTreeSet<String> = scenario_texts.iter().map(|f| f.name.clone()).collect();
        let (loaded, design_files) =
            casus_ops::compare::load(design_texts, scenario_texts, suite, req.only, Reads::Embedded);
        if loaded.has_errors() {
            return Err(invalid(&loaded, "the designs and scenarios"));
        }
        let mut m = casus_ops::compare::matrix(&loaded, &design_files);
        let path = |f: casus_syntax::FileId| file_of(&loaded, f);
        if !design_ids.is_empty() {
            let own = loaded.library.treaties.iter().filter(|t| names.contains(&path(t.file.0))).map(|t| &t.id.value);
            let known: Vec<&str> = m.designs.iter().map(|d| d.id.as_str()).collect();
            let keep = kept("designs", "design", &design_ids, &known, own)?;
            m.retain_designs(&keep);
        }
        if !scenario_ids.is_empty() {
            let own = loaded
                .library
                .incidents
                .iter()
                .filter(|x| scenario_names.contains(&path(x.file.0)))
                .map(|x| &x.id.value);
            let known: Vec<&str> = m.scenarios.iter().map(|x| x.id.as_str()).collect();
            let keep = kept("scenarios", "scenario", &scenario_ids, &known, own)?;
            m.retain_scenarios(&keep);
        }
        if m.designs.is_empty() || m.scenarios.is_empty() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_input",
                format!("nothing to compare: {} design(s), {} scenario(s)", m.designs.len(), m.scenarios.len()),
            ));
        }
        if let Some(mc) = req.simulate {
            let cells = (m.designs.len() * m.scenarios.len()) as u64;
            if mc.runs == 0 || mc.runs.saturating_mul(cells) > max_runs {
                return Err(ApiError::field(
                    "invalid_field",
                    "simulate.runs",
                    format!(
                        "{cells} cells × {} runs: give from 1 to {} runs per cell",
                        mc.runs,
                        (max_runs / cells.max(1)).max(1)
                    ),
                ));
            }
            // Only the designs kept are simulated: the others are not columns.
            let keep: BTreeSet<String> = m.designs.iter().map(|d| d.id.clone()).collect();
            let files: BTreeSet<casus_syntax::FileId> = design_files
                .iter()
                .copied()
                .filter(|f| loaded.library.treaties.iter().any(|t| t.file.0 == *f && keep.contains(&t.id.value)))
                .collect();
            casus_ops::compare::simulate(&loaded, &files, &mut m, mc.runs, mc.seed, &|| {});
        }
        Ok(json(&m))
    })
    .await
}

/// One side of a diff: a treaty of the library by id, or a design's text.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
enum DiffSide {
    /// A treaty or design of the library (`ua-own-borders`).
    Id(String),
    /// A design's text, under a file name; `id` picks one of several treaties.
    Text {
        /// The file name diagnostics show.
        name: String,
        /// Its `.casus` text (or JSON, by the name).
        text: String,
        /// The treaty, when the text holds several.
        id: Option<String>,
    },
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct DiffRequest {
    /// Design A.
    a: DiffSide,
    /// Design B.
    b: DiffSide,
    /// Only this commitment of each.
    commitment: Option<String>,
    /// A fixed date, YYYY-MM-DD or `today`; absent: every date the designs name.
    on: Option<String>,
    /// Evaluate designs by their status and dates instead of as if in force.
    #[serde(default)]
    as_dated: bool,
    /// The most rules per difference (default 12).
    #[serde(default)]
    max_rules: usize,
}

/// Where two designs part over the whole space of incidents: the transition table of
/// outcomes and, for each pair of outcomes where they part, rules with a witness incident
/// and both traces (`casus diff --format json`).
#[utoipa::path(post, path = "/v1/diff", tag = "evaluate", request_body = DiffRequest,
    responses((status = 200, description = "the diff, as `casus diff --format json`", body = Object)))]
async fn diff(State(s): State<AppState>, JsonBody(req): JsonBody<DiffRequest>) -> Result<Response, ApiError> {
    blocking(move || {
        let on = req.on.as_deref().map(|d| casus_ops::input::date("on", d)).transpose()?;
        let side = |field: &str, d: DiffSide| -> Result<casus_ops::diff::Design, ApiError> {
            Ok(match d {
                DiffSide::Id(id) => casus_ops::diff::Design::Id(id),
                DiffSide::Text { name, text, id } => {
                    let mut files = inputs(field, BTreeMap::from([(name, text)]))?;
                    casus_ops::diff::Design::File { input: files.remove(0), id }
                }
            })
        };
        let ask = casus_ops::diff::Ask {
            a: side("a", req.a)?,
            b: side("b", req.b)?,
            commitment: req.commitment,
            on,
            hypothetical: !req.as_dated,
            max_rules: req.max_rules,
        };
        match casus_ops::diff::diff(ask, &s.wb.base, Reads::Embedded, &|_| {}) {
            Ok(d) => Ok(json(&d)),
            Err(casus_ops::diff::Failure::Invalid(loaded)) => Err(invalid(&loaded, "the designs")),
            Err(casus_ops::diff::Failure::Refused(r)) => Err(r.into()),
            Err(casus_ops::diff::Failure::TooLarge(t)) => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "too_large",
                format!("{t}; fix the date (`on`) or diff one commitment (`commitment`)"),
            )),
        }
    })
    .await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SimulateRequest {
    /// The first incident, in the model's JSON form (or give `scenario`).
    #[schema(value_type = Option<Object>)]
    pub incident: Option<serde_json::Value>,
    /// A built-in scenario's id instead of an incident.
    pub scenario: Option<String>,
    /// Monte Carlo runs; 0 or absent: one deterministic cascade, answered at once.
    #[serde(default)]
    pub runs: u64,
    /// The seed (default 1).
    #[serde(default = "one")]
    pub seed: u64,
    /// Rounds of the cascade, 1 to 1000 (default 8).
    pub max_rounds: Option<u32>,
    /// Deterministic: the least strength honoured (default discretionary).
    pub threshold: Option<String>,
    /// Count proposed, signed and failed designs as if in force.
    #[serde(default)]
    pub hypothetical: bool,
    /// Designs of the client's beside the library.
    #[serde(default)]
    pub designs: BTreeMap<String, String>,
}

/// The cascade graph of a request, and the request's rounds and threshold.
pub(crate) fn graph(
    s: &AppState,
    req: SimulateRequest,
) -> Result<(casus_sim::Graph, u32, casus_core::vocab::Strength), ApiError> {
    use casus_core::vocab::Vocabulary;
    let rounds = req.max_rounds.unwrap_or(8);
    if !(1..=1000).contains(&rounds) {
        return Err(ApiError::field("invalid_field", "max_rounds", format!("{rounds} is not from 1 to 1000")));
    }
    let word = req.threshold.as_deref().unwrap_or("discretionary");
    let threshold = casus_core::vocab::Strength::from_word(word).ok_or_else(|| {
        ApiError::field("invalid_field", "threshold", format!("unknown strength `{word}`"))
            .with_hint(Some("one of assurance, consultation, discretionary, obligatory, automatic".into()))
    })?;
    let own = with_designs(s, req.designs)?;
    let lib = own.as_ref().map_or(&s.wb.loaded.library, |l| &l.library);
    let inc = match (req.incident, req.scenario) {
        (Some(v), None) => incident(lib, v, "incident")?,
        (None, Some(id)) => {
            let scen = &s.wb.scenarios;
            match scen.library.incidents.iter().find(|i| i.id.value == id) {
                Some(i) => i.clone(),
                None => {
                    let hint = casus_core::suggest::did_you_mean(
                        &id,
                        scen.library.incidents.iter().map(|i| i.id.value.as_str()),
                    )
                    .map(|x| format!("did you mean `{x}`?"));
                    return Err(ApiError::unknown("scenario", "scenario", &id, hint));
                }
            }
        }
        _ => {
            return Err(ApiError::field(
                "invalid_field",
                "incident",
                "give `incident` or `scenario`, not both or neither",
            ));
        }
    };
    let params = casus_sim::Params::default();
    let g = casus_sim::Graph::build(lib, &inc, &params, Options { hypothetical: req.hypothetical }, rounds);
    Ok((g, rounds, threshold))
}

/// A cascade: deterministic (200, at once) or Monte Carlo (202, a job to follow at
/// `/v1/jobs/{id}` and its events).
#[utoipa::path(post, path = "/v1/simulate", tag = "evaluate", request_body = SimulateRequest,
    responses((status = 200, description = "the deterministic cascade, as `casus simulate --format json`", body = Object),
              (status = 202, description = "a Monte Carlo job", body = crate::jobs::JobCreated),
              (status = 429, description = "too many jobs running")))]
async fn simulate(State(s): State<AppState>, JsonBody(req): JsonBody<SimulateRequest>) -> Result<Response, ApiError> {
    let runs = req.runs;
    let seed = req.seed;
    if runs > s.config.max_runs {
        return Err(ApiError::field(
            "invalid_field",
            "runs",
            format!("{runs} runs: the server runs at most {}", s.config.max_runs),
        )
        .with_hint(Some("ask for fewer runs, or start the server with a larger --max-runs".into())));
    }
    let state = s.clone();
    let (g, rounds, threshold) = blocking(move || graph(&state, req)).await?;
    if runs == 0 {
        return blocking(move || {
            let c = casus_sim::deterministic(&g, casus_sim::Threshold { strength: threshold }, rounds);
            Ok(json(&c))
        })
        .await;
    }
    let job = s.jobs.start(Arc::new(g), runs, seed, rounds)?;
    Ok((StatusCode::ACCEPTED, json(&job)).into_response())
}

/// The query parameters of a GET, by name.
type Params = Query<HashMap<String, String>>;

fn required<'a>(q: &'a HashMap<String, String>, name: &str, example: &str) -> Result<&'a str, ApiError> {
    q.get(name).map(String::as_str).ok_or_else(|| {
        ApiError::field("invalid_field", name, format!("`{name}` is missing"))
            .with_hint(Some(format!("add `?{name}={example}`")))
    })
}

fn flag(q: &HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match q.get(name).map(String::as_str) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("") => Ok(true),
        Some(other) => Err(ApiError::field("invalid_field", name, format!("`{other}` is not true or false"))),
    }
}

fn kinds(q: &HashMap<String, String>) -> Result<Option<BTreeSet<casus_core::vocab::Kind>>, ApiError> {
    let list: Vec<String> = q.get("kind").into_iter().cloned().collect();
    Ok(casus_ops::input::kinds("kind", &list)?)
}

/// Every commitment that binds or protects a state on a date (`casus obligations --format json`).
#[utoipa::path(get, path = "/v1/obligations", tag = "ties",
    params(("state" = String, Query, description = "ISO 3166-1 alpha-3"), ("on" = String, Query, description = "YYYY-MM-DD or today"),
           ("kind" = Option<String>, Query, description = "kinds, comma-separated"), ("hypothetical" = Option<bool>, Query)),
    responses((status = 200, description = "as `casus obligations --format json`", body = Object)))]
async fn obligations(State(s): State<AppState>, Query(q): Params) -> Result<Response, ApiError> {
    let state = casus_ops::input::state("state", required(&q, "state", "EST")?.trim())?;
    let on = casus_ops::input::date("on", required(&q, "on", "2024-06-01")?)?;
    let kinds = kinds(&q)?;
    let options = Options { hypothetical: flag(&q, "hypothetical")? };
    blocking(move || Ok(json(&casus_ops::obligations::obligations(&s.wb.loaded.library, &state, on, &kinds, options))))
        .await
}

/// The alliance graph of a date (`casus network --format json`).
#[utoipa::path(get, path = "/v1/network", tag = "ties",
    params(("on" = String, Query, description = "YYYY-MM-DD or today"), ("kind" = Option<String>, Query), ("hypothetical" = Option<bool>, Query)),
    responses((status = 200, description = "as `casus network --format json`", body = Object)))]
async fn network(State(s): State<AppState>, Query(q): Params) -> Result<Response, ApiError> {
    let on = casus_ops::input::date("on", required(&q, "on", "1955-06-01")?)?;
    let kinds = kinds(&q)?;
    let options = Options { hypothetical: flag(&q, "hypothetical")? };
    blocking(move || {
        let all = casus_ops::network::ties(&s.wb.loaded.library, on, &kinds, options);
        let net = casus_network::Network::build(&all);
        Ok(json(&casus_ops::network::report(&net, on, &kinds)))
    })
    .await
}

/// What a commitment's area covers on a date: GeoJSON (`casus coverage --format geojson`),
/// or the rows with `format=json`.
#[utoipa::path(get, path = "/v1/coverage", tag = "ties",
    params(("commitment" = String, Query, description = "`nato` or `nato/art5`"), ("on" = String, Query),
           ("only" = Option<String>, Query, description = "answers, comma-separated"), ("format" = Option<String>, Query, description = "geojson (default) or json")),
    responses((status = 200, description = "a GeoJSON FeatureCollection, or the rows", body = Object)))]
async fn coverage(State(s): State<AppState>, Query(q): Params) -> Result<Response, ApiError> {
    let key = required(&q, "commitment", "nato/art5")?.to_string();
    let on = casus_ops::input::date("on", required(&q, "on", "2024-06-01")?)?;
    let only = casus_ops::coverage::answers("only", &q.get("only").into_iter().cloned().collect::<Vec<_>>())?;
    let geojson = match q.get("format").map(String::as_str) {
        None | Some("geojson") => true,
        Some("json") => false,
        Some(other) => {
            return Err(ApiError::field("invalid_field", "format", format!("`{other}` is not geojson or json")));
        }
    };
    blocking(move || {
        let lib = &s.wb.loaded.library;
        let all = casus_ops::coverage::coverage(lib, "commitment", &key, on, &only).map_err(|r| ApiError {
            status: StatusCode::NOT_FOUND,
            code: "unknown_id",
            ..ApiError::from(r)
        })?;
        Ok(if geojson { json(&casus_core::coverage::to_geojson(lib, &all)) } else { json(&all) })
    })
    .await
}

/// This document.
#[utoipa::path(get, path = "/v1/openapi.json", tag = "library", responses((status = 200, description = "OpenAPI 3.1", body = Object)))]
async fn openapi_json() -> Response {
    json(&openapi())
}
