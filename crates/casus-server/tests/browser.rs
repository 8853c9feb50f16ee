//! The workbench in a real browser: headless Chromium driven through chromedriver
//! (fantoccini) against a real server on an ephemeral port. Each view is loaded and used as
//! an analyst would — a matrix cell opened for its reasoning, an error typed in the editor,
//! the date slider moved until an occupied region changes hands, a click on the map at Kyiv
//! evaluated, a state of the network opened, a simulation followed to 100%, a stored alert
//! read — and a screenshot of each view is saved under `target/browser-screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); without them
//! the test fails saying so, unless `CASUS_SKIP_BROWSER=1`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use casus_server::{AppState, Config, Workbench};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn shots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// An alert store with one alert, for the Alerts view.
fn store(dir: &Path) -> PathBuf {
    let db = dir.join("alerts.db");
    let alert: casus_screen::alert::Alert = serde_json::from_value(json!({"key": "gdelt:42", "date": "2025-09-10",
        "actor": "RUS", "target": "POL", "code": "195", "label": "Employ aerial weapons", "lat": 51.2, "lon": 23.5,
        "country": "POL", "evidence": "strong", "confidence": "confirmed", "events": [42], "sources": 12, "articles": 30,
        "urls": ["https://example.org/report"], "commitments": ["nato/art4: triggered"],
        "summary": "RUS employs aerial weapons against POL", "verdicts": []}))
    .expect("alert");
    let mut s = casus_screen::store::Store::open(&db).expect("store");
    let record = casus_screen::store::FileRecord {
        path: "events.csv".into(),
        size: 1,
        mtime: 1,
        lines: 1,
        malformed: 0,
        incidents: 1,
        alerts_new: 1,
    };
    s.save(&record, &[alert], casus_screen::store::SaveMode { whole: true, mark_done: true, skip_if_done: false })
        .expect("save");
    db
}

/// Waits until `script` (a JS expression) is truthy; returns its value.
async fn until(c: &Client, what: &str, script: &str, secs: u64) -> Value {
    let start = Instant::now();
    loop {
        let v = c.execute(&format!("return ({script});"), vec![]).await.unwrap_or(Value::Null);
        if !(v.is_null() || v == Value::Bool(false) || v == json!("") || v == json!(0)) {
            return v;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let text = c
                .execute("return document.querySelector('main').innerText.slice(0, 1500);", vec![])
                .await
                .unwrap_or_default();
            panic!("{what}: not seen within {secs} s; the page shows:\n{text}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(shots().join(format!("{name}.png")), png).expect("write screenshot");
}

#[test]
fn the_six_views_work_in_a_real_browser() {
    if std::env::var_os("CASUS_SKIP_BROWSER").is_some() {
        eprintln!("CASUS_SKIP_BROWSER is set: the browser tests are skipped");
        return;
    }
    assert!(
        Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists(),
        "the browser tests need {CHROMIUM} and {CHROMEDRIVER}: apt-get install chromium chromium-driver \
         (or set CASUS_SKIP_BROWSER=1 to skip them)"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = store(tmp.path());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let state = AppState::new(Workbench::builtin(), Config { db: Some(db), ..Config::default() });
    rt.spawn(casus_server::serve(listener, state, std::future::pending()));

    let port = free_port();
    let _driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let profile = tmp.path().join("profile");
    rt.block_on(async {
        let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1400,1000", format!("--user-data-dir={}", profile.display())]
            }
        }))
        .expect("capabilities");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let start = Instant::now();
        let c = loop {
            match ClientBuilder::new(connector.clone()).capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await {
                Ok(c) => break c,
                Err(e) if start.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("cannot start a browser session through chromedriver: {e}"),
            }
        };
        let result = views(&c, &base).await;
        let _ = c.close().await;
        result
    });
}

async fn views(c: &Client, base: &str) {
    // 1. Compare: the matrix, and a cell's full reasoning.
    c.goto(&format!("{base}/#/compare")).await.expect("goto compare");
    until(c, "the matrix", "document.querySelectorAll('[data-testid^=\"cell-\"]').length > 20", 30).await;
    let header = until(
        c,
        "design names in the headers",
        "document.querySelector('[data-testid=\"matrix\"] thead').innerText",
        5,
    )
    .await;
    assert!(header.as_str().is_some_and(|t| t.contains("Own design")), "headers show names: {header}");
    let cell =
        c.find(Locator::Css("[data-testid=\"cell-ua-kyiv-single-strike-ua-own-borders\"]")).await.expect("a cell");
    cell.click().await.expect("click the cell");
    let reasoning = until(c, "the reasoning of the cell",
        "(() => { const p = document.querySelector('[data-testid=\"reasoning\"]'); return p && !p.hidden && p.querySelector('[data-testid=\"trace\"]') && p.innerText; })()", 10).await;
    let text = reasoning.as_str().unwrap_or_default();
    assert!(
        text.contains("treaty in force") && text.contains("Guarantors"),
        "the reasoning shows the trace and the guarantors: {text}"
    );
    shot(c, "compare").await;

    // 2. Editor: an error typed at line 4 is reported at line 4.
    c.goto(&format!("{base}/#/editor")).await.expect("goto editor");
    let editor = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=\"editor\"]"))
        .await
        .expect("the editor");
    c.execute(
        "const t = arguments[0]; t.value = arguments[1]; t.dispatchEvent(new Event('input', {bubbles: true}));",
        vec![
            serde_json::to_value(&editor).expect("element"),
            json!("treaty mine \"Mine\" {\n    status proposed\n    parties {\n        UKR PLO\n    }\n}\n"),
        ],
    )
    .await
    .expect("type into the editor");
    let place = until(c, "the diagnostic of the typo",
        "(() => { const d = [...document.querySelectorAll('[data-testid=\"diagnostic\"]')].find(d => d.dataset.code === 'E0201'); return d && d.dataset.line + ':' + d.dataset.column; })()", 10).await;
    assert_eq!(place, json!("4:13"), "E0201 at the line and column of `PLO`");
    shot(c, "editor").await;

    // 3. Map: the slider moves the date and an occupied region changes controller.
    // The Budapest Memorandum protects Ukraine on both dates; the areas of Donetsk Oblast
    // occupied from April 2014 pass from Ukraine's control to Russia's.
    c.goto(&format!("{base}/#/map?commitment=budapest/para1&on=2014-01-01")).await.expect("goto map");
    until(c, "the world map", "document.querySelectorAll('[data-testid=\"map\"] path.country').length > 100", 30).await;
    let crimea = "(() => { const l = document.querySelector('[data-testid=\"controller-UA-14-occ2014\"]'); return l && l.dataset.controller; })()";
    let before = until(c, "a region's controller in January 2014", crimea, 20).await;
    let slider = c.find(Locator::Css("[data-testid=\"date-slider\"]")).await.expect("the slider");
    slider.click().await.expect("focus the slider");
    // Back to January 2014, then a year and some months on with the keyboard.
    c.execute(
        "const s = arguments[0]; s.value = (2014 - 1949) * 12; s.dispatchEvent(new Event('input', {bubbles: true}));",
        vec![serde_json::to_value(&slider).expect("element")],
    )
    .await
    .expect("set the slider");
    for key in ["\u{e00e}", "\u{e014}", "\u{e014}", "\u{e014}"] {
        // Page Up (a year), then three right arrows (three months): April 2015.
        slider.send_keys(key).await.expect("keys on the slider");
    }
    until(
        c,
        "the date label after moving the slider",
        "document.querySelector('[data-testid=\"date-label\"]').innerText.startsWith('2015-04')",
        10,
    )
    .await;
    let after = until(
        c,
        "the controller after the date moved",
        &format!("(() => {{ const c = {crimea}; return c && c !== {} && c; }})()", before),
        20,
    )
    .await;
    assert_ne!(before, after, "the region changed hands between 2014-01 and 2015-04");
    shot(c, "map-control").await;

    // 4. Map: a click at Kyiv, evaluated: NATO's Article 5 is not triggered, a Ukraine design is.
    c.goto(&format!("{base}/#/map?commitment=nato/art5&on=2026-07-01")).await.expect("goto map");
    until(
        c,
        "the world map",
        "window.casusMap && document.querySelectorAll('[data-testid=\"map\"] path.country').length > 100",
        30,
    )
    .await;
    let point =
        c.execute("const p = window.casusMap.project(50.45, 30.52); return p;", vec![]).await.expect("project Kyiv");
    let (x, y) = (point[0].as_f64().unwrap_or(0.0), point[1].as_f64().unwrap_or(0.0));
    c.execute(
        "const svg = document.querySelector('[data-testid=\"map\"]'); svg.dispatchEvent(new MouseEvent('click', {clientX: arguments[0], clientY: arguments[1], bubbles: true}));",
        vec![json!(x), json!(y)],
    )
    .await
    .expect("click at Kyiv");
    let lat = until(c, "the latitude of the click", "document.querySelector('[data-testid=\"lat\"]').value", 5).await;
    let lat: f64 = lat.as_str().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    assert!((lat - 50.45).abs() < 0.5, "the click placed the incident at Kyiv: {lat}");
    c.execute(
        "const f = (id, v) => { const e = document.querySelector(`[data-testid=\"${id}\"]`); e.value = v; e.dispatchEvent(new Event('change', {bubbles: true})); };\
         f('incident-on', '2026-07-01'); f('actor', 'RUS'); f('target', 'UKR'); f('severity', 'armed-attack'); f('object', 'territory');\
         document.querySelector('[data-testid=\"hypothetical\"]').checked = true;",
        vec![],
    )
    .await
    .expect("fill the form");
    c.find(Locator::Css("[data-testid=\"evaluate\"]")).await.expect("evaluate").click().await.expect("click evaluate");
    let nato = until(c, "NATO's verdict", "(() => { const e = document.querySelector('[data-testid=\"verdict-nato-art5\"]'); return e && e.dataset.verdict; })()", 15).await;
    assert_eq!(nato, json!("not_triggered"));
    let ua = until(c, "a Ukraine design triggered",
        "[...document.querySelectorAll('[data-testid^=\"verdict-ua-\"]')].filter(e => e.dataset.verdict === 'triggered').map(e => e.dataset.treaty).join(' ')", 5).await;
    assert!(ua.as_str().is_some_and(|t| !t.is_empty()), "{ua}");
    shot(c, "map-eval").await;

    // 5. Network: NATO in 1955, a state opened for its obligations.
    c.goto(&format!("{base}/#/network?on=1955-06-01&kind=defence")).await.expect("goto network");
    until(c, "the nodes", "document.querySelectorAll('[data-testid^=\"node-\"]').length > 30", 30).await;
    c.find(Locator::Css("[data-testid=\"node-NOR\"]")).await.expect("Norway").click().await.expect("click Norway");
    let panel = until(c, "Norway's obligations", "(() => { const p = document.querySelector('[data-testid=\"obligations-panel\"]'); return p && /nato\\/art5/.test(p.innerText) && p.innerText; })()", 10).await;
    assert!(panel.as_str().is_some_and(|t| t.contains("Owes")), "{panel}");
    shot(c, "network").await;

    // 5b. Diff: the two territorial designs part in occupied land, with a witness.
    c.goto(&format!("{base}/#/diff?a=ua-own-borders&b=ua-own-control-line")).await.expect("goto diff");
    let rule = until(
        c,
        "a rule",
        "(() => { const r = document.querySelector('[data-testid=\"diff-rule\"]'); return r && r.innerText; })()",
        30,
    )
    .await;
    assert!(rule.as_str().is_some_and(|t| t.contains("UA-43")), "the rule names Crimea: {rule}");
    let witness =
        until(c, "a witness", "document.querySelector('[data-testid=\"diff-witness\"]').textContent", 5).await;
    assert!(witness.as_str().is_some_and(|t| t.contains("expect ua-own-control-line/guarantee")), "{witness}");
    shot(c, "diff").await;

    // 6. Simulate: a Monte Carlo job followed to 100%.
    c.goto(&format!("{base}/#/simulate?scenario=nine-eleven&runs=50000&seed=3")).await.expect("goto simulate");
    let start = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=\"sim-start\"]"))
        .await
        .expect("run");
    start.click().await.expect("start");
    until(
        c,
        "the progress at 100%",
        "document.querySelector('[data-testid=\"progress-text\"]').innerText === '100%'",
        60,
    )
    .await;
    let bars = until(c, "the bars", "document.querySelectorAll('[data-testid^=\"bar-\"]').length", 10).await;
    assert!(bars.as_u64().is_some_and(|n| n > 20), "every belligerent has its bar: {bars}");
    until(c, "the cascade tree", "document.querySelector('[data-testid=\"cascade-tree\"]')", 5).await;
    shot(c, "simulate").await;

    // 7. Alerts: the stored alert with its reasoning.
    c.goto(&format!("{base}/#/alerts")).await.expect("goto alerts");
    let row = until(
        c,
        "the stored alert",
        "(() => { const r = document.querySelector('[data-testid=\"alert-gdelt:42\"]'); return r && r.innerText; })()",
        15,
    )
    .await;
    assert!(row.as_str().is_some_and(|t| t.contains("RUS") && t.contains("POL")), "{row}");
    shot(c, "alerts").await;
}
