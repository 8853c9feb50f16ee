//! docs/api.md is a test: every request it shows (an ```` ```http ```` block starting with a
//! method) is sent to a real server on an ephemeral port, in page order, and the answer
//! must match the response block after it (```` ```http ```` starting with `HTTP/1.1`): the
//! status, and the body shown as a subset — every field shown is there with the value
//! shown, `"…"` stands for any value, and an array ending in `"…"` may go on. A
//! ```` ```json ```` block after a response must match the response's body or a value
//! inside it (a verdict of the list, say).

use std::time::Duration;

use serde_json::Value;

use casus_server::{AppState, Config, Workbench};

/// A fenced block: its info string's first word, its first line number, its lines.
struct Block {
    lang: String,
    line: usize,
    body: Vec<String>,
}

fn blocks(page: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (n, l) in page.lines().enumerate() {
        let t = l.trim_start();
        if let Some(info) = t.strip_prefix("```") {
            match open.take() {
                Some(b) => out.push(b),
                None => {
                    open = Some(Block {
                        lang: info.split_whitespace().next().unwrap_or("").to_string(),
                        line: n + 1,
                        body: Vec::new(),
                    })
                }
            }
        } else if let Some(b) = &mut open {
            b.body.push(l.to_string());
        }
    }
    out
}

/// Whether `actual` holds what `shown` shows.
fn matches(actual: &Value, shown: &Value) -> bool {
    match (actual, shown) {
        (_, Value::String(s)) if s == "…" => true,
        (Value::Object(a), Value::Object(s)) => s.iter().all(|(k, v)| a.get(k).is_some_and(|x| matches(x, v))),
        (Value::Array(a), Value::Array(s)) => {
            let open = s.last().is_some_and(|l| l == "…");
            let shown = if open { &s[..s.len() - 1] } else { &s[..] };
            (if open { a.len() >= shown.len() } else { a.len() == shown.len() })
                && shown.iter().zip(a).all(|(s, a)| matches(a, s))
        }
        (a, s) => a == s,
    }
}

/// Whether `shown` matches `actual` or any value inside it.
fn matches_within(actual: &Value, shown: &Value) -> bool {
    matches(actual, shown)
        || match actual {
            Value::Object(m) => m.values().any(|v| matches_within(v, shown)),
            Value::Array(a) => a.iter().any(|v| matches_within(v, shown)),
            _ => false,
        }
}

#[test]
fn every_request_of_the_api_page_gets_the_answer_shown() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/api.md")).expect("docs/api.md");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    rt.spawn(casus_server::serve(
        listener,
        AppState::new(Workbench::builtin(), Config::default()),
        std::future::pending(),
    ));
    let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().expect("client");
    let mut failures = Vec::new();
    let mut last: Option<Value> = None;
    let mut pending: Option<(usize, u16, Value)> = None;
    let all = blocks(&page);
    let mut requests = 0;
    for b in &all {
        match b.lang.as_str() {
            "http" if b.body.first().is_some_and(|l| l.starts_with("HTTP/")) => {
                let Some((line, status, body)) = pending.take() else {
                    failures.push(format!("docs/api.md:{}: a response with no request before it", b.line));
                    continue;
                };
                let want: u16 = b.body[0].split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
                if status != want {
                    failures.push(format!("docs/api.md:{line}: status {status}, the page shows {want}: {body}"));
                }
                let text = b.body.iter().skip_while(|l| !l.trim().is_empty()).cloned().collect::<Vec<_>>().join("\n");
                match serde_json::from_str::<Value>(&text) {
                    Ok(shown) if matches(&body, &shown) => {}
                    Ok(_) => failures
                        .push(format!("docs/api.md:{}: the answer does not hold what the page shows: {body}", b.line)),
                    Err(e) => failures.push(format!("docs/api.md:{}: the response shown is not JSON: {e}", b.line)),
                }
                last = Some(body);
            }
            "http" => {
                requests += 1;
                let first = b.body.first().cloned().unwrap_or_default();
                let (method, path) = first.split_once(' ').unwrap_or(("", ""));
                let body = b.body.iter().skip(1).cloned().collect::<Vec<_>>().join("\n");
                let url = format!("{base}{}", path.trim());
                let (status, answer) = rt.block_on(async {
                    let req = match method {
                        "GET" => client.get(&url),
                        "POST" => {
                            client.post(&url).header("content-type", "application/json").body(body.trim().to_string())
                        }
                        "DELETE" => client.delete(&url),
                        other => panic!("docs/api.md:{}: method `{other}`", b.line),
                    };
                    let r = req.send().await.expect("request");
                    let status = r.status().as_u16();
                    let lib = r.headers().get("casus-library").is_some();
                    (
                        status,
                        if lib {
                            r.json::<Value>().await.unwrap_or(Value::Null)
                        } else {
                            Value::String("no Casus-Library header".into())
                        },
                    )
                });
                // A job shown started must be followed to its end for the page's next step.
                if let Some(job) = answer.get("job").and_then(Value::as_str) {
                    for _ in 0..400 {
                        let state = rt.block_on(async {
                            let r = client.get(format!("{base}/v1/jobs/{job}")).send().await.expect("job");
                            r.json::<Value>().await.unwrap_or(Value::Null)
                        });
                        if state["state"] != "running" {
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(25));
                    }
                }
                pending = Some((b.line, status, answer));
            }
            "json" => match (&last, serde_json::from_str::<Value>(&b.body.join("\n"))) {
                (Some(body), Ok(shown)) if matches_within(body, &shown) => {}
                (_, Ok(_)) => {
                    failures.push(format!("docs/api.md:{}: no value of the answer before it holds this", b.line))
                }
                (_, Err(e)) => failures.push(format!("docs/api.md:{}: not JSON: {e}", b.line)),
            },
            _ => {}
        }
    }
    if pending.is_some() {
        failures.push("docs/api.md: the last request has no response shown".into());
    }
    assert!(requests >= 15, "only {requests} requests found in docs/api.md");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_matcher_reads_elisions_as_the_page_says() {
    let a: Value = serde_json::json!({"a": [1, 2, 3], "b": {"c": "x", "d": 1}});
    assert!(matches(&a, &serde_json::json!({"a": [1, "…"]})));
    assert!(!matches(&a, &serde_json::json!({"a": [1]})));
    assert!(!matches(&a, &serde_json::json!({"a": [2, "…"]})));
    assert!(matches(&a, &serde_json::json!({"b": {"c": "…"}})));
    assert!(!matches(&a, &serde_json::json!({"e": "…"})));
    assert!(matches_within(&a, &serde_json::json!({"c": "x"})));
}
