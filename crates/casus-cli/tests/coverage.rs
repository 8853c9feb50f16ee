//! `casus coverage` as a user runs it: the coverage of every defence commitment of the
//! library, committed as reviewed snapshots, and its GeoJSON read back by an independent
//! GeoJSON parser.

use assert_cmd::Command;

fn casus() -> Command {
    let mut c = Command::cargo_bin("casus").expect("binary builds");
    c.env("NO_COLOR", "1").current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    c
}

/// Every defence commitment of the built-in library, with the date its coverage is shown
/// for: 2025-06-01 for the treaties in force, 2026-07-01 (after the hypothetical ceasefire)
/// for the Ukraine designs, and a date inside the life of each ended treaty.
const DEFENCE: &[(&str, &str)] = &[
    ("anzus/art4", "2025-06-01"),
    ("anzus/art4-nzl", "2025-06-01"),
    ("anzus-us-nzl/art4", "2025-06-01"),
    ("china-dprk-1961/art2", "2025-06-01"),
    ("csto/art4", "2025-06-01"),
    ("eu/art42-7", "2025-06-01"),
    ("nato/art5", "2025-06-01"),
    ("rio/art3", "2025-06-01"),
    ("russia-dprk-2024/art4", "2025-06-01"),
    ("us-japan/art5", "2025-06-01"),
    ("us-japan/art5-us", "2025-06-01"),
    ("us-philippines/art4", "2025-06-01"),
    ("us-rok/art3", "2025-06-01"),
    ("us-rok/art3-forces", "2025-06-01"),
    ("poland-guarantee-1939/assurance", "1939-05-01"),
    ("anglo-polish/art1", "1939-08-30"),
    ("franco-polish/art3-1921", "1925-01-01"),
    ("franco-polish/art1-1925", "1930-01-01"),
    ("franco-polish/military-1939", "1939-08-30"),
    ("franco-polish/military-1939-iii", "1939-08-30"),
    ("brussels-1948/art4", "1950-01-01"),
    ("weu/art5", "1990-01-01"),
    ("ua-own-borders/guarantee", "2026-07-01"),
    ("ua-own-control-line/guarantee", "2026-07-01"),
    ("ua-own-no-forces/guarantee", "2026-07-01"),
    ("ua-own-tripwire/guarantee", "2026-07-01"),
    ("ua-own-tripwire/force", "2026-07-01"),
    ("ua-paris-2026-01/support", "2026-07-01"),
    ("ua-20-point-2025-12/guarantee", "2026-07-01"),
    ("ua-20-point-2025-12/invasion", "2026-07-01"),
    ("ua-us-draft-2025-11/guarantee", "2026-07-01"),
    ("ua-us-draft-2025-11/concert", "2026-07-01"),
];

#[test]
fn every_defence_commitment_of_the_library_has_a_reviewed_coverage() {
    // The list is the library's: a defence commitment added without a snapshot fails here.
    let out = casus().args(["export"]).output().expect("runs");
    let lib: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut defence: Vec<String> = Vec::new();
    for t in lib["treaties"].as_array().expect("treaties") {
        for c in t["commitments"].as_array().expect("commitments") {
            if c["kind"] == "defence" {
                defence.push(format!("{}/{}", t["id"].as_str().unwrap_or(""), c["id"].as_str().unwrap_or("")));
            }
        }
    }
    let mut listed: Vec<String> = DEFENCE.iter().map(|(k, _)| k.to_string()).collect();
    defence.sort();
    listed.sort();
    assert_eq!(defence, listed, "the defence commitments of the library and of DEFENCE differ");
    for (key, on) in DEFENCE {
        let out = casus().args(["coverage", key, "--on", on]).output().expect("runs");
        assert!(out.status.success(), "{key}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(!text.contains("protects no state"), "{key} protects no state on {on}: pick another date");
        insta::assert_snapshot!(format!("coverage-{}", key.replace('/', "-")), text);
    }
}

#[test]
fn the_geojson_layer_is_valid_geojson_with_a_feature_per_place() {
    let out = casus()
        .args(["coverage", "ua-own-control-line", "--on", "2026-07-01", "--format", "geojson"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let parsed: geojson::GeoJson = text.parse().expect("valid GeoJSON");
    let geojson::GeoJson::FeatureCollection(fc) = parsed else { panic!("not a FeatureCollection") };
    let csv = casus()
        .args(["coverage", "ua-own-control-line", "--on", "2026-07-01", "--format", "csv"])
        .output()
        .expect("runs");
    let rows = String::from_utf8_lossy(&csv.stdout).lines().count() - 1;
    assert_eq!(fc.features.len(), rows, "one feature per place");
    // The occupied parts come with their shapes, the oblasts with theirs.
    let with_polygon = |place: &str| {
        fc.features.iter().any(|f| {
            f.property("place").and_then(|p| p.as_str()) == Some(place)
                && matches!(f.geometry.as_ref().map(|g| &g.value), Some(geojson::Value::MultiPolygon(_)))
        })
    };
    assert!(with_polygon("UA-14-occ2022") && with_polygon("UA-46"));
    let covered = |place: &str| {
        fc.features
            .iter()
            .find(|f| f.property("place").and_then(|p| p.as_str()) == Some(place))
            .and_then(|f| f.property("coverage").and_then(|c| c.as_str()).map(str::to_string))
    };
    assert_eq!(covered("UA-46").as_deref(), Some("covered"));
    assert_eq!(covered("UA-14-occ2022").as_deref(), Some("not_covered"));
}

#[test]
fn coverage_answers_bad_questions_with_exit_1() {
    let out = casus().args(["coverage", "natto/art5"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `nato`?"));
    let out = casus().args(["coverage", "nato/art55"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("its commitments are"));
    let out = casus().args(["coverage", "nato", "--on", "yesterday"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let out = casus().args(["coverage", "nato", "--only", "maybe"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
}
