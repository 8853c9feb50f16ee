//! The API against a real server on an ephemeral port of loopback: every route, every
//! class of error (malformed JSON, wrong types, unknown ids, oversized bodies, invalid
//! dates, slow clients), the OpenAPI document against the routes, and no 5xx on garbage.

use std::time::Duration;

use serde_json::{Value, json};

use casus_server::{AppState, Config, Workbench};

/// A server of its own for one test, and its base URL.
struct Server {
    base: String,
    _rt: tokio::runtime::Runtime,
}

fn start(config: Config) -> Server {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let state = AppState::new(Workbench::builtin(), config);
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let addr = listener.local_addr().expect("address");
    rt.spawn(casus_server::serve(listener, state, std::future::pending()));
    Server { base: format!("http://{addr}"), _rt: rt }
}

fn server() -> Server {
    start(Config::default())
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(60)).build().expect("client")
}

/// Runs a future on a runtime of the test's.
fn block<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

/// GET → (status, JSON body, library header).
fn get(s: &Server, path: &str) -> (u16, Value, String) {
    block(async {
        let r = client().get(format!("{}{path}", s.base)).send().await.expect("request");
        let status = r.status().as_u16();
        let lib = r.headers().get("casus-library").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let body = r.json::<Value>().await.unwrap_or(Value::Null);
        (status, body, lib)
    })
}

fn post_raw(s: &Server, path: &str, body: Vec<u8>, content_type: &str) -> (u16, Value) {
    block(async {
        let r = client()
            .post(format!("{}{path}", s.base))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json::<Value>().await.unwrap_or(Value::Null))
    })
}

fn post(s: &Server, path: &str, body: Value) -> (u16, Value) {
    post_raw(s, path, body.to_string().into_bytes(), "application/json")
}

/// The error of a body, as (code, field).
fn error(body: &Value) -> (String, String) {
    let e = &body["error"];
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "an error has a message: {body}");
    (e["code"].as_str().unwrap_or("").to_string(), e["field"].as_str().unwrap_or("").to_string())
}

fn nine_eleven() -> Value {
    json!({"on": "2001-09-11", "actor": {"non-state": "al-Qaeda"}, "target": "USA", "object": "territory",
           "at": {"lat": 40.71, "lon": -74.01}, "domains": ["air"], "severity": "armed-attack", "intentional": "yes"})
}

fn verdict<'a>(eval: &'a Value, key: &str) -> &'a Value {
    let (t, c) = key.split_once('/').expect("treaty/commitment");
    eval["verdicts"]
        .as_array()
        .and_then(|vs| vs.iter().find(|v| v["treaty"] == t && v["commitment"] == c))
        .unwrap_or_else(|| panic!("no verdict {key}"))
}

fn design() -> &'static str {
    "treaty mine \"A guarantee of my own\" {\n    status proposed\n    source \"https://example.org/mine\"\n\n    parties {\n        UKR POL\n    }\n\n    \
     commitment defend defence \"Defend Ukraine\" {\n        clause \"Article 1\"\n        guarantors all parties except beneficiary\n        \
     beneficiaries UKR\n        when armed-attack against territory of beneficiary\n        \
     owe \"military assistance\" strength obligatory\n    }\n}\n"
}

#[test]
fn health_and_the_library_hash_on_every_response() {
    let s = server();
    let (status, body, lib) = get(&s, "/healthz");
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert!(lib.starts_with("sha256:") && lib.len() == 71, "{lib}");
    assert_eq!(body["library"], lib.as_str());
    // Errors and the UI carry it too.
    let (status, _, lib404) = get(&s, "/v1/treaties/no-such");
    assert_eq!((status, lib404.as_str()), (404, lib.as_str()));
    let (status, _, lib_ui) = get(&s, "/no-such-file.js");
    assert_eq!((status, lib_ui.as_str()), (404, lib.as_str()));
    // The same library gives the same hash in another server.
    assert_eq!(get(&server(), "/healthz").2, lib);
}

#[test]
fn library_lists_treaties_designs_regions_scenarios_and_states() {
    let s = server();
    let (status, body, _) = get(&s, "/v1/library");
    assert_eq!(status, 200);
    let treaties = body["treaties"].as_array().expect("treaties");
    let nato = treaties.iter().find(|t| t["id"] == "nato").expect("nato");
    assert_eq!(nato["design"], false);
    assert!(nato["commitments"].as_array().expect("commitments").iter().any(|c| c["id"] == "art5"));
    assert!(nato["sources"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(treaties.iter().any(|t| t["design"] == true), "the Ukraine designs are marked");
    assert!(body["regions"].as_array().expect("regions").iter().any(|r| r["id"] == "UA-14-occ2022"));
    assert!(body["scenarios"].as_array().expect("scenarios").iter().any(|x| x["id"] == "nine-eleven"));
    let ukr = body["states"].as_array().expect("states").iter().find(|x| x["code"] == "UKR").expect("UKR");
    assert_eq!((ukr["name"].as_str(), ukr["numeric"].as_str()), (Some("Ukraine"), Some("804")));
}

#[test]
fn a_treaty_with_its_source_and_unknown_ids_with_a_hint() {
    let s = server();
    let (status, body, _) = get(&s, "/v1/treaties/nato");
    assert_eq!(status, 200);
    assert_eq!(body["treaty"]["id"], "nato");
    assert!(body["source"].as_str().is_some_and(|t| t.contains("treaty nato")));
    assert!(body["file"].as_str().is_some_and(|f| f.starts_with("library/")));
    let (status, body, _) = get(&s, "/v1/treaties/natp");
    assert_eq!(status, 404);
    assert_eq!(error(&body), ("unknown_id".into(), "id".into()));
    assert!(body["error"]["hint"].as_str().is_some_and(|h| h.contains("nato")));
}

#[test]
fn check_gives_the_diagnostics_of_casus_check() {
    let s = server();
    let good = design();
    let (status, body) = post(&s, "/v1/check", json!({"files": {"mine.casus": good}}));
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["files"].as_u64(), body["errors"].as_u64()), (Some(1), Some(0)), "{body}");
    let bad = design().replace("UKR POL", "UKR PLO");
    let (status, body) = post(&s, "/v1/check", json!({"files": {"mine.casus": bad}}));
    assert_eq!(status, 200);
    let d = &body["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["file"].as_str(), d["line"].as_u64()),
        (Some("E0201"), Some("mine.casus"), Some(6)),
        "{body}"
    );
    assert!(d["column"].as_u64().is_some_and(|c| c > 1));
    // Built-in regions resolve beside a user's file.
    let region = design().replace(
        "    commitment defend",
        "    area kyiv \"Kyiv\" {\n        region UA-30\n    }\n\n    commitment defend",
    );
    let region = region.replace("against territory of beneficiary", "against territory of beneficiary within kyiv");
    let (_, body) = post(&s, "/v1/check", json!({"files": {"r.casus": &region}}));
    assert_eq!(body["errors"], 0, "{body}");
    let (_, body) = post(&s, "/v1/check", json!({"files": {"r.casus": region.replace("UA-30", "UA-3O")}}));
    assert!(body["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == "E0202")), "{body}");
    // A geometry file is never read from the server's disk.
    let geo = "region x \"X\" {\n    part of UKR\n    geometry \"/etc/passwd\"\n}\n";
    let (_, body) = post(&s, "/v1/check", json!({"files": {"g.casus": geo}}));
    assert!(body["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == "E0212")), "{body}");
    let (status, body) = post(&s, "/v1/check", json!({"files": {"../x.txt": good}}));
    assert_eq!((status, error(&body).1.as_str()), (400, "files.../x.txt"));
    let (status, _) = post(&s, "/v1/check", json!({"files": {}}));
    assert_eq!(status, 400);
}

#[test]
fn format_as_casus_fmt_and_syntax_errors_as_422() {
    let s = server();
    let (status, body) = post(&s, "/v1/format", json!({"text": "treaty   a \"A\"   {\nstatus proposed\n}"}));
    assert_eq!(status, 200);
    assert_eq!(body["text"], "treaty a \"A\" {\n    status proposed\n}\n");
    let (status, body) = post(&s, "/v1/format", json!({"text": "treaty a \"A {"}));
    assert_eq!(status, 422);
    assert_eq!(error(&body).0, "invalid_input");
    assert!(body["error"]["diagnostics"]["diagnostics"][0]["line"].as_u64().is_some());
}

#[test]
fn eval_gives_the_contract_of_casus_eval_with_traces() {
    let s = server();
    let (status, body) = post(&s, "/v1/eval", json!({"incident": nine_eleven()}));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["incident"]["location"]["region"], "US-NY");
    let art5 = verdict(&body, "nato/art5");
    assert_eq!(art5["verdict"], "triggered");
    assert!(art5["trace"].as_array().is_some_and(|t| t.len() > 3));
    assert!(art5["guarantors"].as_array().is_some_and(|g| g.len() > 10));
    // The same answer as the evaluator's own over the same library.
    let lib = casus_ops::assemble::beside(
        Vec::new(),
        &casus_ops::assemble::Base::Builtin,
        None,
        casus_ops::assemble::Reads::Disk,
    );
    let mut inc: casus_core::model::Incident = serde_json::from_value(
        json!({"id": "request", "title": "incident of the request"})
            .as_object()
            .cloned()
            .map(|mut m| {
                m.extend(nine_eleven().as_object().cloned().unwrap_or_default());
                Value::Object(m)
            })
            .unwrap_or_default(),
    )
    .expect("incident");
    inc.id.value = "request".into();
    let direct = casus_core::eval::Evaluator::new(&lib.library, casus_core::eval::Options { hypothetical: false })
        .evaluate(&inc);
    assert_eq!(serde_json::to_value(&direct).expect("json"), body);
}

#[test]
fn eval_with_a_design_of_the_clients() {
    let s = server();
    let design = design();
    let incident = json!({"on": "2026-07-01", "actor": {"states": ["RUS"]}, "target": "UKR", "object": "territory",
                          "at": {"lat": 50.45, "lon": 30.52}, "severity": "armed-attack", "intentional": "yes"});
    let (status, body) =
        post(&s, "/v1/eval", json!({"incident": incident, "designs": {"mine.casus": design}, "hypothetical": true}));
    if status == 422 {
        panic!("the design does not check: {body}");
    }
    assert_eq!(status, 200, "{body}");
    assert_eq!(verdict(&body, "nato/art5")["verdict"], "not_triggered");
    assert_eq!(verdict(&body, "mine/defend")["verdict"], "triggered", "{}", verdict(&body, "mine/defend"));
    let broken = design.replace("UKR POL", "UKR PLO");
    let (status, body) = post(&s, "/v1/eval", json!({"incident": incident, "designs": {"mine.casus": broken}}));
    assert_eq!(status, 422);
    assert_eq!(body["error"]["diagnostics"]["diagnostics"][0]["code"], "E0201");
}

#[test]
fn eval_refuses_bad_input_with_the_field() {
    let s = server();
    let cases: Vec<(Value, &str)> = vec![
        (json!({"incident": {"on": "2001-09-11", "target": "USX"}}), "incident.target"),
        (json!({"incident": {"on": "2024-02-30", "target": "USA"}}), "incident.on"),
        (json!({"incident": {"target": "USA"}}), "incident.on"),
        (json!({"incident": {"on": "2001-09-11", "severity": "huge"}}), "incident.severity"),
        (json!({"incident": {"on": "2001-09-11", "casualties": "many"}}), "incident.casualties"),
        (json!({"incident": {"on": "2001-09-11", "at": {"lat": 95.0, "lon": 0.0}}}), "incident.at.lat"),
        (json!({"incident": {"on": "2001-09-11", "region": "west-of-the-moon"}}), "incident.region"),
        (json!({"incident": {"on": "2001-09-11", "colour": "red"}}), "incident.colour"),
        (json!({"incident": {"on": "2001-09-11", "actor": {"states": ["RUS"]}, "target": "RUS"}}), "incident.target"),
        (json!({"incident": "yesterday"}), "incident"),
        (json!({"incident": {"on": "2001-09-11"}, "hypothetical": "yes"}), "hypothetical"),
        (json!({"incident": {"on": "2001-09-11"}, "extra": 1}), ""),
    ];
    for (body, field) in cases {
        let (status, answer) = post(&s, "/v1/eval", body.clone());
        assert_eq!(status, 400, "{body} → {answer}");
        let (code, f) = error(&answer);
        assert_eq!(code, "invalid_field", "{body} → {answer}");
        if !field.is_empty() {
            assert!(f.starts_with(field), "{body}: field `{f}`, expected `{field}` ({answer})");
        }
    }
    let (status, body) = post_raw(&s, "/v1/eval", b"{\"incident\": ".to_vec(), "application/json");
    assert_eq!((status, error(&body).0.as_str()), (400, "invalid_json"));
    let (status, body) = post_raw(&s, "/v1/eval", b"{}".to_vec(), "text/plain");
    assert_eq!((status, error(&body).0.as_str()), (415, "unsupported_media_type"));
    let huge = format!("{{\"incident\": {{\"on\": \"2001-09-11\", \"title\": \"{}\"}}}}", "x".repeat(2 << 20));
    let (status, body) = post_raw(&s, "/v1/eval", huge.into_bytes(), "application/json");
    assert_eq!((status, error(&body).0.as_str()), (413, "payload_too_large"));
}

#[test]
fn compare_the_matrix_with_reasoning_and_a_design_of_ones_own() {
    let s = server();
    let (status, m) = post(&s, "/v1/compare", json!({}));
    assert_eq!(status, 200, "{m}");
    let designs = m["designs"].as_array().expect("designs").len();
    let rows = m["scenarios"].as_array().expect("scenarios").len();
    assert!(designs >= 3 && rows >= 10, "{designs} × {rows}");
    let cell = &m["cells"][0][0];
    assert!(cell["verdicts"][0]["trace"].as_array().is_some_and(|t| !t.is_empty()), "{cell}");
    // Ids pick columns and rows.
    let first = m["designs"][0]["id"].as_str().expect("id").to_string();
    let scen = m["scenarios"][0]["id"].as_str().expect("id").to_string();
    let (status, one) = post(&s, "/v1/compare", json!({"designs": [first], "scenarios": [scen, "nine-eleven"]}));
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["designs"].as_array().map(Vec::len), Some(1));
    assert_eq!(one["scenarios"].as_array().map(Vec::len), Some(2));
    // A pasted design alone.
    let design = design();
    let (status, mine) =
        post(&s, "/v1/compare", json!({"designs": [{"name": "mine.casus", "text": design}], "only": true}));
    assert_eq!(status, 200, "{mine}");
    assert_eq!(mine["designs"][0]["id"], "mine");
    assert_eq!(mine["designs"].as_array().map(Vec::len), Some(1));
    let (status, body) = post(&s, "/v1/compare", json!({"designs": ["no-such-design"]}));
    assert_eq!((status, error(&body).1.as_str()), (404, "designs[0]"));
    let (status, body) = post(&s, "/v1/compare", json!({"scenarios": ["nine-elevn"]}));
    assert_eq!(status, 404);
    assert!(body["error"]["hint"].as_str().is_some_and(|h| h.contains("nine-eleven")));
    let (status, body) = post(&s, "/v1/compare", json!({"designs": 3}));
    assert_eq!((status, error(&body).1.as_str()), (400, "designs"));
    let (status, m) =
        post(&s, "/v1/compare", json!({"designs": [first], "scenarios": [scen], "simulate": {"runs": 50}}));
    assert_eq!(status, 200, "{m}");
    assert!(m["cells"][0][0]["p_wider_war"].as_f64().is_some());
    let (status, body) = post(&s, "/v1/compare", json!({"simulate": {"runs": 100000000}}));
    assert_eq!((status, error(&body).1.as_str()), (400, "simulate.runs"));
}

fn wait_done(s: &Server, job: &str) -> Value {
    for _ in 0..600 {
        let (status, j, _) = get(s, &format!("/v1/jobs/{job}"));
        assert_eq!(status, 200);
        if j["state"] != "running" {
            return j;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("job {job} did not finish");
}

#[test]
fn simulate_deterministic_and_monte_carlo_jobs_with_progress_and_cancellation() {
    let s = start(Config { max_jobs: 1, ..Config::default() });
    let (status, c) = post(&s, "/v1/simulate", json!({"scenario": "nine-eleven"}));
    assert_eq!(status, 200, "{c}");
    assert!(c.is_object());
    let (status, created) = post(&s, "/v1/simulate", json!({"incident": nine_eleven(), "runs": 3000, "seed": 7}));
    assert_eq!(status, 202, "{created}");
    let job = created["job"].as_str().expect("job").to_string();
    // The events: progress, then done with the result.
    let text = block(async {
        let r = client().get(format!("{}/v1/jobs/{job}/events", s.base)).send().await.expect("events");
        assert_eq!(r.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("text/event-stream"));
        r.text().await.expect("stream")
    });
    assert!(text.contains("event: done"), "{text}");
    let last = text.lines().rev().find(|l| l.starts_with("data:")).expect("data");
    let done: Value = serde_json::from_str(last.trim_start_matches("data:").trim()).expect("json");
    assert_eq!((done["done"].as_u64(), done["total"].as_u64()), (Some(3000), Some(3000)));
    assert_eq!(done["result"]["runs"], 3000);
    assert_eq!(done["result"]["seed"], 7);
    assert_eq!(wait_done(&s, &job)["state"], "done");
    // One job at a time here: a second is refused while the first runs, then cancelled.
    let (status, big) = post(&s, "/v1/simulate", json!({"incident": nine_eleven(), "runs": 1000000}));
    assert_eq!(status, 202, "{big}");
    let big = big["job"].as_str().expect("job").to_string();
    let (status, body) = post(&s, "/v1/simulate", json!({"incident": nine_eleven(), "runs": 10}));
    assert_eq!((status, error(&body).0.as_str()), (429, "too_many_jobs"));
    let (status, _) = block(async {
        let r = client().delete(format!("{}/v1/jobs/{big}", s.base)).send().await.expect("delete");
        (r.status().as_u16(), ())
    });
    assert_eq!(status, 200);
    assert_eq!(wait_done(&s, &big)["state"], "cancelled");
    let (status, body, _) = get(&s, "/v1/jobs/999");
    assert_eq!((status, error(&body).0.as_str()), (404, "unknown_id"));
    let (status, body) = post(&s, "/v1/simulate", json!({"incident": nine_eleven(), "runs": 100000000}));
    assert_eq!((status, error(&body).1.as_str()), (400, "runs"));
    let (status, body) = post(&s, "/v1/simulate", json!({"scenario": "nine-eleven", "threshold": "strong"}));
    assert_eq!((status, error(&body).1.as_str()), (400, "threshold"));
    let (status, body) = post(&s, "/v1/simulate", json!({}));
    assert_eq!((status, error(&body).1.as_str()), (400, "incident"));
}

#[test]
fn obligations_network_and_coverage() {
    let s = server();
    let (status, o, _) = get(&s, "/v1/obligations?state=EST&on=2024-06-01&kind=defence");
    assert_eq!(status, 200, "{o}");
    assert_eq!(o["state"], "EST");
    assert!(o["obligations"].as_array().is_some_and(|r| r.iter().any(|r| r["treaty"] == "nato")));
    let (status, n, _) = get(&s, "/v1/network?on=1955-06-01&kind=defence");
    assert_eq!(status, 200);
    assert!(n["nodes"].as_array().is_some_and(|x| x.iter().any(|n| n["state"] == "DEU" || n["state"] == "FRA")));
    let (status, c, _) = get(&s, "/v1/coverage?commitment=nato/art5&on=2024-06-01");
    assert_eq!(status, 200);
    assert_eq!(c["type"], "FeatureCollection");
    let (status, rows, _) = get(&s, "/v1/coverage?commitment=nato/art5&on=2024-06-01&format=json&only=covered");
    assert_eq!(status, 200);
    assert!(rows[0]["rows"].as_array().is_some_and(|r| r.iter().all(|r| r["coverage"] == "covered")));
    for (path, code, field) in [
        ("/v1/obligations?on=2024-06-01", 400, "state"),
        ("/v1/obligations?state=ESX&on=2024-06-01", 400, "state"),
        ("/v1/obligations?state=EST&on=2024-13-01", 400, "on"),
        ("/v1/obligations?state=EST&on=2024-06-01&kind=defense", 400, "kind"),
        ("/v1/obligations?state=EST&on=2024-06-01&hypothetical=maybe", 400, "hypothetical"),
        ("/v1/network?on=yesterday", 400, "on"),
        ("/v1/coverage?commitment=natp/art5&on=2024-06-01", 404, "commitment"),
        ("/v1/coverage?commitment=nato/art5&on=2024-06-01&only=maybe", 400, "only"),
        ("/v1/coverage?commitment=nato/art5&on=2024-06-01&format=kml", 400, "format"),
    ] {
        let (status, body, _) = get(&s, path);
        assert_eq!((status, error(&body).1.as_str()), (code, field), "{path}: {body}");
    }
}

#[test]
fn alerts_from_the_store_and_live() {
    let s = server();
    let (status, body, _) = get(&s, "/v1/alerts");
    assert_eq!((status, error(&body).0.as_str()), (404, "no_store"));
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("alerts.db");
    let alert = |key: &str, date: &str| -> casus_screen::alert::Alert {
        serde_json::from_value(json!({"key": key, "date": date, "actor": "RUS", "target": "POL", "code": "190",
            "label": "Use conventional military force", "lat": 50.0, "lon": 23.0, "country": "POL", "evidence": "strong",
            "confidence": "confirmed", "events": [1], "sources": 3, "articles": 5, "urls": [], "commitments": ["nato/art5: triggered"],
            "summary": "RUS uses force against POL", "verdicts": []}))
        .expect("alert")
    };
    let db2 = db.clone();
    let save = move |alerts: &[casus_screen::alert::Alert], name: &str| {
        let mut store = casus_screen::store::Store::open(&db2).expect("store");
        let record = casus_screen::store::FileRecord {
            path: name.into(),
            size: 1,
            mtime: 1,
            lines: 1,
            malformed: 0,
            incidents: 1,
            alerts_new: 1,
        };
        let mode = casus_screen::store::SaveMode { whole: false, mark_done: false, skip_if_done: false };
        store.save(&record, alerts, mode).expect("save");
    };
    save(&[alert("gdelt:1", "2025-09-10")], "a.csv");
    let s = start(Config { db: Some(db.clone()), ..Config::default() });
    let (status, body, _) = get(&s, "/v1/alerts?since=2025-01-01");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["alerts"][0]["key"], "gdelt:1");
    let (_, body, _) = get(&s, "/v1/alerts?since=2026-01-01");
    assert_eq!(body["alerts"].as_array().map(Vec::len), Some(0));
    let (status, body, _) = get(&s, "/v1/alerts?since=soon");
    assert_eq!((status, error(&body).1.as_str()), (400, "since"));
    // The stream sends what is stored after it opened.
    let got = block(async {
        use futures_util::StreamExt as _;
        let r = client().get(format!("{}/v1/alerts/stream", s.base)).send().await.expect("stream");
        let mut bytes = r.bytes_stream();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            save(&[alert("gdelt:2", "2025-09-11")], "b.csv");
        });
        let mut text = String::new();
        while let Ok(Some(Ok(chunk))) = tokio::time::timeout(Duration::from_secs(20), bytes.next()).await {
            text.push_str(&String::from_utf8_lossy(&chunk));
            if text.contains("gdelt:2") {
                break;
            }
        }
        text
    });
    assert!(got.contains("event: alert") && got.contains("gdelt:2") && !got.contains("gdelt:1"), "{got}");
}

#[test]
fn the_openapi_document_describes_exactly_the_routes() {
    let s = server();
    let (status, doc, _) = get(&s, "/v1/openapi.json");
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    let mut paths: Vec<String> = doc["paths"].as_object().expect("paths").keys().cloned().collect();
    paths.sort();
    let expected = [
        "/healthz",
        "/v1/alerts",
        "/v1/alerts/stream",
        "/v1/check",
        "/v1/compare",
        "/v1/coverage",
        "/v1/diff",
        "/v1/eval",
        "/v1/format",
        "/v1/jobs/{id}",
        "/v1/jobs/{id}/events",
        "/v1/library",
        "/v1/network",
        "/v1/obligations",
        "/v1/openapi.json",
        "/v1/simulate",
        "/v1/treaties/{id}",
    ];
    assert_eq!(paths, expected);
    // Every documented route and method answers (never the UI's "no route" 404).
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            let url = format!("{}{}", s.base, path.replace("{id}", "1"));
            let (status, body) = block(async {
                let c = client();
                let r = match method.as_str() {
                    "get" => c.get(&url).send().await,
                    "post" => c.post(&url).header("content-type", "application/json").body("{}").send().await,
                    "delete" => c.delete(&url).send().await,
                    other => panic!("method {other}"),
                }
                .expect("request");
                let status = r.status().as_u16();
                let body = if path.ends_with("stream") || path.ends_with("events") {
                    Value::Null
                } else {
                    r.json::<Value>().await.unwrap_or(Value::Null)
                };
                (status, body)
            });
            assert!(status < 500, "{method} {path}: {status}");
            assert_ne!(body["error"]["code"], "not_found", "{method} {path} is documented but not routed");
        }
    }
}

#[test]
fn a_slow_client_is_answered_408_and_the_server_goes_on() {
    use std::io::{Read as _, Write as _};
    let s = start(Config { timeout: Duration::from_millis(500), ..Config::default() });
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut sock = std::net::TcpStream::connect(&addr).expect("connect");
    sock.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    sock.write_all(
        b"POST /v1/eval HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"inc",
    )
    .expect("write");
    let mut answer = String::new();
    let _ = sock.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(get(&s, "/healthz").0, 200);
}

#[test]
fn garbage_never_gets_a_5xx() {
    use proptest::prelude::*;
    let s = server();
    let mut runner =
        proptest::test_runner::TestRunner::new(proptest::test_runner::Config { cases: 40, ..Default::default() });
    let routes = ["/v1/eval", "/v1/check", "/v1/compare", "/v1/simulate", "/v1/format"];
    let strategy = (
        0..routes.len(),
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..200),
            "[\\{\\}\\[\\]\":,a-z0-9 ]{0,120}".prop_map(String::into_bytes),
        ],
    );
    runner
        .run(&strategy, |(r, body)| {
            let (status, answer) = post_raw(&s, routes[r], body, "application/json");
            prop_assert!((200..500).contains(&status), "{} → {status} {answer}", routes[r]);
            Ok(())
        })
        .expect("no 5xx");
    for path in [
        "/v1/obligations?state=%ff%fe&on=%00",
        "/v1/coverage?commitment=&on=",
        "/v1/treaties/%2e%2e%2f%2e%2e",
        "/v1/network?on=9999-99-99",
    ] {
        let (status, _, _) = get(&s, path);
        assert!((400..500).contains(&status), "{path}: {status}");
    }
}

#[test]
fn diff_says_where_two_designs_part() {
    let s = server();
    let (status, body) = post(&s, "/v1/diff", json!({"a": "ua-own-borders", "b": "ua-own-control-line"}));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["equivalent"], false);
    let rules = body["differences"][0]["rules"].as_array().expect("rules");
    assert!(rules.iter().any(|r| r["text"].as_str().is_some_and(|t| t.contains("UA-43"))), "{rules:?}");
    assert!(rules[0]["witness"].as_str().is_some_and(|w| w.starts_with("# Witness of:")));
    // A design of the client's, diffed with the built-in one it copies: equivalent.
    let text = casus_ops::builtin::FILES
        .iter()
        .find(|(p, _)| p.ends_with("own-control-line.casus"))
        .map(|(_, t)| t.to_string())
        .expect("built-in design");
    let (status, body) = post(
        &s,
        "/v1/diff",
        json!({"a": {"name": "mine.casus", "text": text}, "b": "ua-own-no-forces", "on": "2026-09-01"}),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["equivalent"], true, "{}", body["transitions"]);
    // An unknown design is a 4xx naming the field, with the id it likely means.
    let (status, body) = post(&s, "/v1/diff", json!({"a": "ua-own-border", "b": "ua-own-control-line"}));
    assert_eq!(status, 400, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("ua-own-border")), "{body}");
    assert!(body["error"]["hint"].as_str().is_some_and(|m| m.contains("ua-own-borders")), "{body}");
    assert_eq!(body["error"]["field"], "a");
}
