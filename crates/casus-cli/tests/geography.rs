//! Where an incident is, as the real `casus` binary answers it: coordinates resolved to
//! first-level subdivisions and to the shapes of occupied areas, a point near a line
//! indeterminate, the open sea on no continent, user files over the built-in regions.

use assert_cmd::Command;
use serde_json::Value;

fn casus() -> Command {
    let mut c = Command::cargo_bin("casus").expect("binary builds");
    c.env("NO_COLOR", "1");
    c
}

const WEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/suite/geography/west-of-dnipro.casus");

/// `casus eval` with flags, as JSON.
fn eval(extra: &[&str], at: &str, on: &str) -> Value {
    let out = casus()
        .args(["eval", "--format", "json", "--hypothetical", "--on", on, "--actor", "RUS", "--target", "UKR"])
        .args(["--at", at, "--severity", "armed-attack", "--intentional", "yes", "--object", "territory"])
        .args(["--attribution", "confirmed", "--domain", "land"])
        .args(extra)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn verdict<'a>(e: &'a Value, key: &str) -> &'a Value {
    let (t, c) = key.split_once('/').expect("treaty/commitment");
    e["verdicts"]
        .as_array()
        .expect("verdicts")
        .iter()
        .find(|v| v["treaty"] == t && v["commitment"] == c)
        .unwrap_or_else(|| panic!("no verdict {key}"))
}

#[test]
fn lviv_by_coordinates_is_in_its_oblast_and_triggers_a_design_of_the_west() {
    let e = eval(&[WEST], "49.84,24.03", "2026-06-01");
    assert_eq!(e["incident"]["location"]["region"], "UA-46");
    assert_eq!(verdict(&e, "west-guarantee/guarantee")["verdict"], "triggered");
    // Kharkiv is not in the design's area.
    let e = eval(&[WEST], "49.99,36.23", "2026-06-01");
    assert_eq!(e["incident"]["location"]["region"], "UA-63");
    assert_eq!(verdict(&e, "west-guarantee/guarantee")["verdict"], "not_triggered");
}

#[test]
fn occupied_donetsk_is_occupied_by_coordinates_alone() {
    // Horlivka, held by Russia since 2014 and far from both lines.
    let e = eval(&[], "48.30,38.05", "2025-06-01");
    let loc = &e["incident"]["location"];
    assert_eq!(loc["region"], "UA-14-occ2014");
    assert_eq!(loc["controller"], "RUS");
    assert_eq!(loc["sovereign"], "UKR");
    // Mariupol, taken in 2022: the band between the lines.
    let e = eval(&[], "47.10,37.50", "2025-06-01");
    assert_eq!(e["incident"]["location"]["region"], "UA-14-occ2022");
    assert_eq!(e["incident"]["location"]["controller"], "RUS");
    // Kramatorsk, held by Ukraine.
    let e = eval(&[], "48.74,37.56", "2025-06-01");
    assert_eq!(e["incident"]["location"]["region"], "UA-14");
    assert_eq!(e["incident"]["location"]["controller"], "UKR");
}

#[test]
fn a_point_within_the_precision_of_the_line_is_indeterminate_where_the_side_decides() {
    // Kostiantynivka, a few km from the front line of late 2025.
    let e = eval(&[], "48.53,37.71", "2026-07-01");
    let near = &e["incident"]["location"]["near"];
    assert_eq!(near["region"], "UA-14-occ2022");
    assert_eq!(near["inside"], false);
    assert!(near["km"].as_f64().expect("km") < 15.0);
    // The design that covers only what Kyiv controls hinges on the side ...
    let v = verdict(&e, "ua-own-control-line/guarantee");
    assert_eq!(v["verdict"], "indeterminate");
    let unknown = &v["unknowns"][0];
    assert!(unknown["input"].as_str().expect("input").contains("UA-14-occ2022"), "{unknown}");
    assert_eq!(unknown["if_true"], "not_triggered");
    assert_eq!(unknown["if_false"], "triggered");
    // ... the one that covers the recognised borders does not.
    assert_eq!(verdict(&e, "ua-own-borders/guarantee")["verdict"], "triggered");
}

#[test]
fn second_thomas_shoal_is_at_sea_on_no_continent_and_no_rio_state_enters() {
    let out = casus()
        .args(["eval", "library/scenarios/alliances.casus", "--incident", "phl-second-thomas-shoal-2024"])
        .args(["--format", "json"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("runs");
    let e: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let loc = &e["incident"]["location"];
    assert_eq!(loc["continents"], serde_json::json!([]));
    assert_eq!(loc["seas"], serde_json::json!(["south-china-sea"]));
    let out = casus()
        .args(["simulate", "library/scenarios/alliances.casus", "--incident", "phl-second-thomas-shoal-2024"])
        .args(["--runs", "500", "--format", "json"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("runs");
    let s: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let entered: Vec<&str> =
        s["belligerent"].as_array().expect("belligerent").iter().filter_map(|p| p[0].as_str()).collect();
    let rio = ["ARG", "BRA", "CHL", "COL", "PAN", "PER", "VEN", "URY", "PRY", "DOM", "GTM", "HND", "SLV", "CRI", "HTI"];
    let wrong: Vec<&&str> = entered.iter().filter(|s| rio.contains(s)).collect();
    assert!(wrong.is_empty(), "Rio states enter a war over a shoal in the South China Sea: {wrong:?}");
}

#[test]
fn a_design_file_names_built_in_regions_and_compares_beside_the_built_in_designs() {
    let out = casus().args(["check", WEST]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "checked 1 file: 0 errors, 0 warnings\n");
    let out = casus().args(["compare", "--designs", WEST, "--format", "csv"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.contains(",west-guarantee,") && csv.contains(",ua-own-borders,"), "{csv}");
    // Its export is its own model: the built-in regions it names are not copied into it.
    let out = casus().args(["export", WEST]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let model: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(model["treaties"].as_array().map(Vec::len), Some(1));
    assert!(model.get("regions").is_none_or(|r| r.as_array().is_some_and(Vec::is_empty)), "{model}");
    // With --library the built-in library is replaced: E0202 says where the region is.
    let out = casus().args(["check", "--library", WEST]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("the built-in library declares `UA-46` (library/regions/ukraine.casus)"), "{text}");
}

#[test]
fn a_user_region_with_a_shape_places_incidents_by_coordinates() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("zone.geojson"),
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[30.3,50.3],[30.8,50.3],[30.8,50.6],[30.3,50.6],[30.3,50.3]]]}}"#,
    )
    .expect("write");
    std::fs::write(
        dir.path().join("zone.casus"),
        "region kyiv-zone \"Zone around Kyiv\" {\n    part-of UA-30\n    geometry \"zone.geojson\"\n    controller UKR\n    source \"https://example.org/zone\"\n}\n",
    )
    .expect("write");
    let zone = dir.path().join("zone.casus");
    let zone = zone.to_str().expect("utf-8 path");
    let e = eval(&[zone], "50.45,30.52", "2026-06-01");
    assert_eq!(e["incident"]["location"]["region"], "kyiv-zone");
    // A shape that crosses itself is refused with its place.
    std::fs::write(
        dir.path().join("zone.geojson"),
        r#"{"type":"Polygon","coordinates":[[[30.3,50.3],[30.8,50.6],[30.8,50.3],[30.3,50.6],[30.3,50.3]]]}"#,
    )
    .expect("write");
    let out = casus().args(["check", zone, "--format", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "E0212");
    assert!(d["message"].as_str().expect("message").contains("at `coordinates[0]`: the polygon crosses itself"), "{d}");
    assert_eq!(d["line"], 3, "{d}");
}
