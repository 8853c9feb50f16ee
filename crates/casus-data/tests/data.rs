//! The ATOP and COW readers, the dyad-year table and its writers.
//!
//! Small fixtures under `tests/fixtures/` cover the rule's corner cases and bad input; the
//! real data is read from `CASUS_ATOP_DIR` / `CASUS_COW_DIR`, or `../shared/data/atop` and
//! `../shared/data/cow` beside the repository. Tests that need it are skipped with a
//! message when it is absent, unless `CASUS_REQUIRE_DATA=1`, when they fail.

use std::io::Write;
use std::path::{Path, PathBuf};

use casus_data::atop::{self, AtopData};
use casus_data::cow::{self, CowData};
use casus_data::dyads::{DyadOptions, DyadTable, Rule};
use casus_data::{DataError, Dataset, WarningKind};
use sha2::{Digest, Sha256};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The real ATOP and COW folders, or `None` (with a message) when they are absent.
fn real_data() -> Option<(PathBuf, PathBuf)> {
    let dir = |var: &str, default: &str| {
        std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or_else(|| repo().join(default))
    };
    let atop = dir("CASUS_ATOP_DIR", "../shared/data/atop");
    let cow = dir("CASUS_COW_DIR", "../shared/data/cow");
    if atop.join(atop::MEMBER_FILE).is_file() && cow.join(cow::SYSTEM_FILE).is_file() {
        return Some((atop, cow));
    }
    let msg = format!(
        "ATOP/COW data not found at {} and {} (set CASUS_ATOP_DIR and CASUS_COW_DIR)",
        atop.display(),
        cow.display()
    );
    if std::env::var("CASUS_REQUIRE_DATA").is_ok_and(|v| v == "1") {
        panic!("{msg}");
    }
    eprintln!("skipped: {msg}");
    None
}

/// The real data read once per test.
fn real() -> Option<(AtopData, CowData)> {
    let (a, c) = real_data()?;
    let atop = AtopData::read_dir(&a).expect("ATOP v5.1 reads");
    let cow = CowData::read_dir(&c).expect("COW v2016 reads");
    assert!(atop.warnings.is_empty(), "{:?}", atop.warnings);
    assert!(cow.warnings.is_empty(), "{:?}", cow.warnings);
    Some((atop, cow))
}

fn mini() -> (AtopData, CowData) {
    let atop = AtopData::read_dir(&fixtures().join("mini/atop")).expect("mini ATOP reads");
    let cow = CowData::read_dir(&fixtures().join("mini/cow")).expect("mini COW reads");
    assert!(atop.warnings.is_empty(), "{:?}", atop.warnings);
    assert!(cow.warnings.is_empty(), "{:?}", cow.warnings);
    (atop, cow)
}

fn csv_of(table: &DyadTable) -> String {
    let mut out = Vec::new();
    table.write_csv(&mut out).expect("writes to memory");
    String::from_utf8(out).expect("ASCII")
}

fn row<'a>(csv: &'a str, prefix: &str) -> &'a str {
    csv.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no row {prefix}"))
}

/// A `Write` that hashes what it is given.
struct Hasher(Sha256, u64);

impl Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        self.1 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------- the rule, on a small world

#[test]
fn mini_rows_follow_the_rule() {
    let (atop, cow) = mini();
    let table = DyadTable::new(&atop, &cow, &DyadOptions::default()).expect("builds");
    let csv = csv_of(&table);
    assert_eq!(
        csv.lines().next(),
        Some(
            "stateA,stateB,year,atopally,defense,offense,neutral,nonagg,consul,shareob,transyr,bilatno,multino,number,asymm"
        )
    );
    assert_eq!(table.len(), 96);
    assert_eq!(csv.lines().count(), 97);
    assert_eq!(table.allied_len(), 32);
    // Before any alliance: zeros.
    assert_eq!(row(&csv, "2,200,2010,"), "2,200,2010,0,0,0,0,0,0,0,0,0,0,0,0");
    // 1001 begins: a transition year; A's row gives the obligations (200 also owes consultation, asymmetrically).
    assert_eq!(row(&csv, "2,200,2011,"), "2,200,2011,1,1,0,0,0,0,0,1,1,0,1,0");
    assert_eq!(row(&csv, "200,2,2011,"), "200,2,2011,1,1,0,0,0,1,0,1,1,0,1,1");
    // 1002 phase 1 begins beside 1001: one bilateral, one multilateral.
    assert_eq!(row(&csv, "2,200,2012,"), "2,200,2012,1,1,0,0,1,0,0,1,1,1,2,0");
    assert_eq!(row(&csv, "2,200,2013,"), "2,200,2013,1,1,0,0,1,0,0,0,1,1,2,0");
    // The phase change of 2014 is a transition; the later phase gives the flags.
    assert_eq!(row(&csv, "2,220,2014,"), "2,220,2014,1,1,0,0,1,0,0,1,0,1,1,0");
    assert_eq!(row(&csv, "2,220,2013,"), "2,220,2013,1,0,0,0,1,0,0,0,0,1,1,0");
    // France leaves in December 2015 (day unknown): a transition, then nothing.
    assert_eq!(row(&csv, "2,220,2015,"), "2,220,2015,1,1,0,0,1,0,0,1,0,1,1,0");
    assert_eq!(row(&csv, "2,220,2016,"), "2,220,2016,0,0,0,0,0,0,0,0,0,0,0,0");
    // Spells that only touch (exit on the day of entry) do not ally.
    assert_eq!(row(&csv, "2,255,2013,"), "2,255,2013,0,0,0,0,0,0,0,0,0,0,0,0");
    // COW runs to 2020, ATOP to 2018: later years are missing, not zero.
    assert_eq!(row(&csv, "2,200,2018,"), "2,200,2018,1,1,0,0,1,0,0,0,1,1,2,0");
    assert_eq!(row(&csv, "2,200,2019,"), "2,200,2019,,,,,,,,,,,,");
    assert_eq!(row(&csv, "255,2,2020,"), "255,2,2020,,,,,,,,,,,,");
    // The iterator gives the same rows as the writer.
    let from_rows: usize = table.rows().count();
    assert_eq!(from_rows as u64, table.len());
    let missing = table.rows().filter(|r| r.alliances.is_none()).count();
    assert_eq!(missing, 12);
}

/// Locarno's five parties in a small world where Belgium leaves the system after 2010.
fn partners_world() -> (AtopData, CowData) {
    let atop = AtopData::read_dir(&fixtures().join("partners/atop")).expect("fixture ATOP reads");
    let cow = CowData::read_dir(&fixtures().join("partners/cow")).expect("fixture COW reads");
    assert!(atop.warnings.is_empty() && cow.warnings.is_empty());
    (atop, cow)
}

#[test]
fn per_partner_obligations_replace_the_member_row_and_set_shareob() {
    let (atop, cow) = partners_world();
    let atop_rule = csv_of(&DyadTable::new(&atop, &cow, &DyadOptions::default()).expect("builds"));
    // The United Kingdom guarantees France's frontier: its member row (defence) holds.
    assert_eq!(row(&atop_rule, "200,220,2011,"), "200,220,2011,1,1,0,0,0,0,0,0,0,1,1,1");
    // France owes the guarantor nothing: allied, no obligation, `shareob`.
    assert_eq!(row(&atop_rule, "220,200,2011,"), "220,200,2011,1,0,0,0,0,0,1,0,0,1,1,1");
    // Germany owes France non-aggression only (Art. 2), France owes Germany its member row.
    assert_eq!(row(&atop_rule, "255,220,2011,"), "255,220,2011,1,0,0,0,1,0,0,0,0,1,1,1");
    assert_eq!(row(&atop_rule, "220,255,2011,"), "220,255,2011,1,1,0,0,1,0,0,0,0,1,1,1");
    // The member-file rule owes every partner the member row.
    let member_rule = csv_of(
        &DyadTable::new(&atop, &cow, &DyadOptions { rule: Rule::MemberFile, ..DyadOptions::default() })
            .expect("builds"),
    );
    assert_eq!(row(&member_rule, "220,200,2011,"), "220,200,2011,1,1,0,0,1,0,0,0,0,1,1,1");
    assert_eq!(row(&member_rule, "255,220,2011,"), "255,220,2011,1,1,0,0,1,0,0,0,0,1,1,1");
}

#[test]
fn outside_system_rows_are_added_in_order_and_only_when_asked() {
    let (atop, cow) = partners_world();
    let inside = DyadTable::new(&atop, &cow, &DyadOptions::default()).expect("builds");
    // 2010: four members, 12 directed dyads; 2011–2018: three (COW's 2012 carried forward).
    assert_eq!(inside.len(), 12 + 6 * 8);
    let csv = csv_of(&inside);
    assert_eq!(row(&csv, "255,211,2010,"), "255,211,2010,1,0,0,0,1,0,0,1,0,1,1,1");
    assert!(!csv.contains("\n255,211,2011,"));

    let options = DyadOptions { outside_system: true, alliance_ids: true, ..DyadOptions::default() };
    let all = DyadTable::new(&atop, &cow, &options).expect("builds");
    // Belgium's alliance rows after it left the system: 3 partners × 2 directions × 8 years.
    assert_eq!(all.len(), 12 + 6 * 8 + 48);
    let csv = csv_of(&all);
    assert_eq!(csv.lines().count() as u64, all.len() + 1);
    assert_eq!(row(&csv, "255,211,2011,"), "255,211,2011,1,0,0,0,1,0,0,0,0,1,1,1,2130,,,,,,,,");
    // Sorted by (stateA, stateB, year) throughout, and the iterator agrees with the writer.
    let keys: Vec<(u16, u16, i16)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<i64> = l.split(',').take(3).map(|x| x.parse().expect("number")).collect();
            (f[0] as u16, f[1] as u16, f[2] as i16)
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    let from_rows: Vec<(u16, u16, i16)> = all.rows().map(|r| (r.state_a, r.state_b, r.year)).collect();
    assert_eq!(from_rows, keys);
    assert!(all.rows().all(|r| r.alliances.is_some()));
}

#[test]
fn mini_alliance_ids_are_ascending_and_empty_when_absent() {
    let (atop, cow) = mini();
    let options = DyadOptions { alliance_ids: true, ..DyadOptions::default() };
    let table = DyadTable::new(&atop, &cow, &options).expect("builds");
    let csv = csv_of(&table);
    assert!(csv.lines().next().is_some_and(|h| {
        h.ends_with(",asymm,atopid1,atopid2,atopid3,atopid4,atopid5,atopid6,atopid7,atopid8,atopid9")
    }));
    assert_eq!(row(&csv, "2,200,2012,"), "2,200,2012,1,1,0,0,1,0,0,1,1,1,2,0,1001,1002,,,,,,,");
    assert_eq!(row(&csv, "2,200,2010,"), "2,200,2010,0,0,0,0,0,0,0,0,0,0,0,0,,,,,,,,,");
    assert_eq!(row(&csv, "2,200,2019,"), "2,200,2019,,,,,,,,,,,,,,,,,,,,,");
    let r = table.rows().find(|r| (r.state_a, r.state_b, r.year) == (200, 2, 2015)).expect("row");
    assert_eq!(r.alliances.expect("covered").atopids, &[1001, 1002]);
}

#[test]
fn year_bounds_cut_the_table() {
    let (atop, cow) = mini();
    let options = DyadOptions { from: Some(2012), to: Some(2013), ..DyadOptions::default() };
    let table = DyadTable::new(&atop, &cow, &options).expect("builds");
    assert_eq!(table.len(), 24);
    assert!(table.rows().all(|r| (2012..=2013).contains(&r.year)));
    // A bound does not change a year's values: 2012 is still a transition year.
    assert_eq!(row(&csv_of(&table), "2,200,2012,"), "2,200,2012,1,1,0,0,1,0,0,1,1,1,2,0");
    let err = DyadTable::new(&atop, &cow, &DyadOptions { from: Some(2014), to: Some(2013), ..DyadOptions::default() });
    assert!(matches!(err, Err(DataError::Years { from: 2014, to: 2013 })));
    let empty =
        DyadTable::new(&atop, &cow, &DyadOptions { from: Some(1700), to: Some(1710), ..DyadOptions::default() })
            .expect("builds");
    assert!(empty.is_empty());
    assert_eq!(csv_of(&empty).lines().count(), 1);
}

#[test]
fn last_cow_year_is_carried_to_atop_last_year() {
    let (atop, _) = mini();
    let system: Vec<cow::StateYear> =
        [(2, 2015), (2, 2016), (200, 2016)].map(|(ccode, year)| cow::StateYear { ccode, year }).to_vec();
    let table = DyadTable::from_parts(&atop.members, &system, &DyadOptions::default()).expect("builds");
    let years: Vec<i16> = table.rows().filter(|r| r.state_a == 2).map(|r| r.year).collect();
    assert_eq!(years, [2016, 2017, 2018]);
}

// ---------------------------------------------------------------- readers and bad input

#[test]
fn reads_the_mini_files_with_their_details() {
    let (atop, cow) = mini();
    assert_eq!(atop.members.len(), 10);
    let france = &atop.members[7];
    assert_eq!((france.atopid, france.ccode, france.phase, france.line), (1002, 220, 2, 9));
    assert_eq!(france.exit, Some(atop::AtopDate { year: 2015, month: 12, day: None }));
    assert_eq!(france.exit_key(), 20151299);
    assert_eq!(atop.members[0].exit_key(), 99_999_999);
    assert_eq!(atop.alliances.len(), 3);
    assert_eq!(atop.alliances[1].members, [2, 200, 220]);
    assert_eq!(cow.states.len(), 4);
    assert_eq!(cow.states[1].name, "United Kingdom");
    assert_eq!(cow.last_year(), Some(2020));
}

#[test]
fn missing_column_is_an_error_naming_file_and_column() {
    let path = fixtures().join("bad/missing_column.csv");
    let err = AtopData::read_member_file(&path).expect_err("missing `phase`");
    match &err {
        DataError::MissingColumns { path: p, columns, found_version, .. } => {
            assert_eq!(p, &path);
            assert_eq!(columns, &["phase"]);
            assert_eq!(found_version.as_deref(), Some("5.1"));
        }
        e => panic!("unexpected {e:?}"),
    }
    assert_eq!(err.to_string(), format!("{}:1: missing column `phase`", path.display()));
    assert_eq!(err.place().and_then(|p| p.column).as_deref(), Some("phase"));
}

#[test]
fn other_version_column_set_is_an_error_that_says_so() {
    let path = fixtures().join("bad/other_version_columns.csv");
    let err = AtopData::read_member_file(&path).expect_err("ATOP 3 layout");
    assert_eq!(
        err.to_string(),
        format!(
            "{}:1: missing columns `phase`, `asymm` (the file says it is version `3.0`; casus reads version 5.1)",
            path.display()
        )
    );
    assert!(err.help().is_some_and(|h| h.contains("ATOP v5.1")));
}

#[test]
fn other_declared_version_with_matching_columns_is_a_warning() {
    let path = fixtures().join("bad/declares_other_version.csv");
    let data = AtopData::read_member_file(&path).expect("columns match");
    assert_eq!(data.members.len(), 2);
    assert_eq!(data.warnings.len(), 1);
    let w = &data.warnings[0];
    assert_eq!((w.place.line, w.place.column.as_deref()), (2, Some("version")));
    assert_eq!(w.kind, WarningKind::OtherVersion { found: "5.0".into(), expected: "5.1" });
    assert!(!w.skipped_row());
    assert_eq!(data.skipped_rows(), 0);
}

#[test]
fn non_numeric_year_skips_the_row_with_a_warning() {
    let path = fixtures().join("bad/non_numeric_year.csv");
    let data = AtopData::read_member_file(&path).expect("the rest can be trusted");
    assert_eq!(data.members.len(), 2);
    assert_eq!(data.skipped_rows(), 1);
    let w = &data.warnings[0];
    assert_eq!(w.place.file, path);
    assert_eq!((w.place.line, w.place.column.as_deref()), (3, Some("yrent")));
    assert_eq!(w.kind, WarningKind::NotANumber { value: "20l1".into() });
    assert_eq!(
        w.to_string(),
        format!("{}:3, column `yrent`: `20l1` is not a whole number; row skipped", path.display())
    );
}

#[test]
fn inverted_dates_skip_the_row_with_a_warning() {
    let path = fixtures().join("bad/inverted_dates.csv");
    let data = AtopData::read_member_file(&path).expect("the rest can be trusted");
    assert_eq!(data.members.len(), 2);
    let w = &data.warnings[..];
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].place.line, w[0].place.column.as_deref()), (4, None));
    assert_eq!(w[0].kind, WarningKind::InvertedDates { entry: "2012-01-01".into(), exit: "2011-06-30".into() });
    assert_eq!(
        w[0].to_string(),
        format!("{}:4: membership ends (2011-06-30) before it begins (2012-01-01); row skipped", path.display())
    );
}

#[test]
fn truncated_last_line_skips_the_row_with_a_warning() {
    let path = fixtures().join("bad/truncated_last_line.csv");
    let data = AtopData::read_member_file(&path).expect("the rest can be trusted");
    assert_eq!(data.members.len(), 3);
    let w = &data.warnings[..];
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].place.line, 5);
    assert_eq!(w[0].kind, WarningKind::FieldCount { found: 6, expected: 18 });
    assert_eq!(
        w[0].to_string(),
        format!("{}:5: row has 6 fields but the header has 18 (truncated line?); row skipped", path.display())
    );
}

#[test]
fn cow_duplicates_and_bad_years_are_warnings() {
    let path = fixtures().join("bad/cow_system_duplicate.csv");
    let data = CowData::read_system_file(&path).expect("reads");
    assert_eq!(data.system.len(), 3);
    let kinds: Vec<(u64, &WarningKind)> = data.warnings.iter().map(|w| (w.place.line, &w.kind)).collect();
    assert_eq!(
        kinds,
        [(5, &WarningKind::Duplicate { first_line: 3 }), (6, &WarningKind::NotANumber { value: "2O16".into() })]
    );
    assert_eq!(data.warnings[1].place.column.as_deref(), Some("year"));
}

#[test]
fn missing_folder_and_files_say_where_the_data_is_published() {
    let nowhere = fixtures().join("no-such-folder");
    let err = AtopData::read_dir(&nowhere).expect_err("no folder");
    assert_eq!(err.to_string(), format!("ATOP v5.1 folder `{}` not found", nowhere.display()));
    let help = err.help().expect("help");
    assert!(help.contains("http://www.atopdata.org/") && help.contains("CASUS_ATOP_DIR"), "{help}");

    let err = CowData::read_dir(&nowhere).expect_err("no folder");
    let help = err.help().expect("help");
    assert!(help.contains("https://correlatesofwar.org/") && help.contains("CASUS_COW_DIR"), "{help}");

    // The member file is missing, another version's is there.
    let dir = fixtures().join("bad/other_version_dir");
    let err = AtopData::read_dir(&dir).expect_err("no v5.1 file");
    match &err {
        DataError::MissingFile { dataset: Dataset::Atop, path, other_version: Some(other), in_subfolder: None } => {
            assert_eq!(path, &dir.join("atop5_1m.csv"));
            assert_eq!(other, &dir.join("atop4_01m.csv"));
        }
        e => panic!("unexpected {e:?}"),
    }
    assert!(err.help().is_some_and(|h| h.contains("atop4_01m.csv") && h.contains("http://www.atopdata.org/")));

    // A missing file read directly is the same kind of error.
    let err = CowData::read_system_file(&dir.join("system2016.csv")).expect_err("no file");
    assert!(matches!(err, DataError::MissingFile { dataset: Dataset::Cow, .. }));
}

#[test]
fn data_dir_comes_from_the_argument_first() {
    let given = Path::new("/some/where");
    assert_eq!(casus_data::data_dir(Dataset::Atop, Some(given)).expect("given"), given);
}

// ---------------------------------------------------------------- Parquet

#[cfg(feature = "parquet")]
mod parquet_output {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Int16Type, Int32Type, UInt8Type, UInt16Type};
    use arrow_array::{Array, RecordBatch};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn read_back(table: &DyadTable) -> (Vec<RecordBatch>, Vec<u8>) {
        let mut file = tempfile::tempfile().expect("temp file");
        let written = table.write_parquet(&mut file).expect("writes");
        assert_eq!(written.rows, table.len());
        assert_eq!(written.bytes, file.metadata().expect("metadata").len());
        let reader = ParquetRecordBatchReaderBuilder::try_new(file.try_clone().expect("clone"))
            .expect("a Parquet file")
            .build()
            .expect("reader");
        let batches = reader.collect::<Result<Vec<_>, _>>().expect("batches");
        let mut bytes = Vec::new();
        table.write_parquet(&mut bytes).expect("writes again");
        (batches, bytes)
    }

    #[test]
    fn outside_system_rows_and_shareob_reach_parquet() {
        let (atop, cow) = partners_world();
        let options = DyadOptions { outside_system: true, ..DyadOptions::default() };
        let table = DyadTable::new(&atop, &cow, &options).expect("builds");
        let (batches, _) = read_back(&table);
        let b = &batches[0];
        assert_eq!(b.num_rows() as u64, table.len());
        let col = |i: usize| b.column(i).as_primitive::<Int16Type>().values().to_vec();
        let (a, s, y) = (col(0), col(1), col(2));
        let shareob = b.column(9).as_primitive::<UInt8Type>();
        let nonagg = b.column(7).as_primitive::<UInt8Type>();
        let find = |k: (i16, i16, i16)| (0..b.num_rows()).find(|&i| (a[i], s[i], y[i]) == k).expect("row");
        assert_eq!(shareob.value(find((220, 200, 2011))), 1);
        let i = find((255, 211, 2015));
        assert_eq!((nonagg.value(i), shareob.value(i)), (1, 0));
    }

    #[test]
    fn mini_round_trip_keeps_values_and_nulls() {
        let (atop, cow) = mini();
        let options = DyadOptions { alliance_ids: true, ..DyadOptions::default() };
        let table = DyadTable::new(&atop, &cow, &options).expect("builds");
        let (batches, bytes) = read_back(&table);
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(rows as u64, table.len());
        let b = &batches[0];
        let names: Vec<String> = b.schema().fields().iter().map(|f| f.name().clone()).collect();
        assert_eq!(names, table.column_names());
        let a = b.column(0).as_primitive::<Int16Type>();
        let s = b.column(1).as_primitive::<Int16Type>();
        let y = b.column(2).as_primitive::<Int16Type>();
        let defense = b.column(4).as_primitive::<UInt8Type>();
        let number = b.column(13).as_primitive::<UInt16Type>();
        let id2 = b.column(16).as_primitive::<Int32Type>();
        let find = |sa: i16, sb: i16, yr: i16| {
            (0..b.num_rows()).find(|&i| (a.value(i), s.value(i), y.value(i)) == (sa, sb, yr)).expect("row")
        };
        let i = find(2, 200, 2012);
        assert_eq!((defense.value(i), number.value(i), id2.value(i)), (1, 2, 1002));
        let i = find(2, 200, 2011);
        assert!(id2.is_null(i));
        let i = find(2, 200, 2019);
        assert!(defense.is_null(i) && number.is_null(i) && id2.is_null(i));
        // The same table gives the same bytes.
        let mut again = Vec::new();
        table.write_parquet(&mut again).expect("writes");
        assert_eq!(bytes, again);
    }

    #[test]
    fn real_round_trip_matches_the_csv_rows() {
        let Some((atop, cow)) = real() else { return };
        // Five years keep the test quick in debug builds; the CSV test covers the whole table.
        let options = DyadOptions { from: Some(2014), to: Some(2018), ..DyadOptions::default() };
        let table = DyadTable::new(&atop, &cow, &options).expect("builds");
        let (batches, _) = read_back(&table);
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(rows as u64, table.len());
        let mut expected = table.rows();
        let mut atopally = 0u64;
        for b in &batches {
            let a = b.column(0).as_primitive::<Int16Type>();
            let y = b.column(2).as_primitive::<Int16Type>();
            let ally = b.column(3).as_primitive::<UInt8Type>();
            let number = b.column(13).as_primitive::<UInt16Type>();
            assert_eq!(ally.null_count(), 0);
            for i in 0..b.num_rows() {
                let r = expected.next().expect("as many rows");
                let c = r.alliances.expect("inside coverage");
                assert_eq!((a.value(i), y.value(i)), (r.state_a as i16, r.year));
                assert_eq!((ally.value(i), number.value(i)), (u8::from(c.atopally), c.number));
                atopally += u64::from(ally.value(i));
            }
        }
        assert_eq!(atopally, table.allied_len());
        assert!(expected.next().is_none());
    }
}

// ---------------------------------------------------------------- the real data (W1-real)

/// The options of workload W1-real: the member-file rule over the system domain.
fn w1_real() -> DyadOptions {
    DyadOptions { rule: Rule::MemberFile, ..DyadOptions::default() }
}

#[test]
fn w1_real_csv_is_byte_identical_to_the_reference() {
    let Some((atop, cow)) = real() else { return };
    let table = DyadTable::new(&atop, &cow, &w1_real()).expect("builds");
    assert_eq!(table.len(), 1_988_010);
    let mut h = Hasher(Sha256::new(), 0);
    let written = table.write_csv(&mut h).expect("writes");
    assert_eq!((written.rows, written.allied, written.bytes), (1_988_010, 267_402, 73_020_679));
    assert_eq!(h.1, 73_020_679);
    assert_eq!(hex(&h.0.finalize()), "866d4bc5d2bb68dfb71d7791cb9afaa655cddfe49aabedcb216c6449ae676d82");
}

#[test]
fn w1_real_column_sums_match_the_bench_readme() {
    let Some((atop, cow)) = real() else { return };
    let table = DyadTable::new(&atop, &cow, &DyadOptions { alliance_ids: true, ..w1_real() }).expect("builds");
    assert_eq!(
        column_sums(&table),
        [267_402, 135_605, 5_157, 4_532, 257_540, 130_070, 0, 23_768, 27_490, 375_142, 402_632, 4_036]
    );
    assert_eq!(table.id_columns(), 9);
}

#[test]
fn atop_rule_changes_only_the_obligation_columns_and_shareob() {
    let Some((atop, cow)) = real() else { return };
    let table =
        DyadTable::new(&atop, &cow, &DyadOptions { alliance_ids: true, ..DyadOptions::default() }).expect("builds");
    // Per-partner obligations: fewer pledges, 258 `shareob` rows; everything else as W1-real.
    assert_eq!(
        column_sums(&table),
        [267_402, 135_392, 5_124, 4_431, 257_466, 130_070, 258, 23_768, 27_490, 375_142, 402_632, 4_036]
    );
}

/// The sums of the twelve alliance columns, checking the alliance ids on the way.
fn column_sums(table: &DyadTable) -> [u64; 12] {
    let mut sums = [0u64; 12];
    let mut max_number = 0;
    for r in table.rows() {
        let c = r.alliances.expect("1816–2018 is inside ATOP's coverage");
        let v = [
            u64::from(c.atopally),
            u64::from(c.defense),
            u64::from(c.offense),
            u64::from(c.neutral),
            u64::from(c.nonagg),
            u64::from(c.consul),
            u64::from(c.shareob),
            u64::from(c.transyr),
            u64::from(c.bilatno),
            u64::from(c.multino),
            u64::from(c.number),
            u64::from(c.asymm),
        ];
        for (s, x) in sums.iter_mut().zip(v) {
            *s += x;
        }
        assert_eq!(c.atopids.len(), usize::from(c.number));
        assert!(c.atopids.windows(2).all(|w| w[0] < w[1]));
        max_number = max_number.max(c.number);
    }
    assert_eq!(max_number, 9);
    sums
}

#[test]
fn real_files_read_completely() {
    let Some((atop, cow)) = real() else { return };
    assert_eq!(atop.members.len(), 2_510);
    assert_eq!(atop.alliances.len(), 789);
    assert_eq!(cow.system.len(), 15_951);
    assert_eq!(cow.states.len(), 243);
    let nato = atop.alliances.iter().find(|a| a.atopid == 3180).expect("NATO");
    assert!(nato.end.is_none() && nato.obligations.defense);
}

// ---------------------------------------------------------------- ATOP alliances as treaties

fn check_clean(lib: &casus_core::Library) {
    let diags = casus_core::check::check(lib);
    let shown: Vec<String> = diags
        .iter()
        .take(10)
        .map(|d| format!("{} {} [{}]", d.code, d.message, d.field.as_deref().unwrap_or("")))
        .collect();
    assert!(diags.is_empty(), "{} diagnostics, first: {shown:#?}", diags.len());
}

#[test]
fn mini_alliances_become_treaties() {
    use casus_core::model::{Condition, Member as SetMember};
    use casus_core::vocab::{Act, Kind, Strength};
    let (atop, _) = mini();
    let lib = atop::to_library(&atop);
    check_clean(&lib);
    let ids: Vec<&str> = lib.treaties.iter().map(|t| t.id.value.as_str()).collect();
    // 1002 pledges non-aggression in phase 1, defence too in phase 2: a treaty per phase.
    assert_eq!(ids, ["atop-1001", "atop-1002-p1", "atop-1002-p2", "atop-1003"]);

    let t = &lib.treaties[0];
    assert_eq!(t.in_force.as_ref().map(|d| d.value.to_string()).as_deref(), Some("2011-03-05"));
    assert!(t.terminated.is_none());
    let parties: Vec<&str> = t.parties.iter().map(|p| p.state.value.as_str()).collect();
    assert_eq!(parties, ["GBR", "USA"]);
    let kinds: Vec<(&str, Kind)> = t.commitments.iter().map(|c| (c.id.value.as_str(), c.kind.value)).collect();
    assert_eq!(kinds, [("defence", Kind::Defence), ("consultation", Kind::Consultation)]);
    let defence = &t.commitments[0];
    assert_eq!(defence.guarantors.include[0].value, SetMember::AllParties);
    assert_eq!(defence.guarantors.except[0].value, SetMember::Beneficiary);
    assert_eq!(defence.trigger.act.value, Act::ArmedAttack);
    assert_eq!(defence.strength(), Some(Strength::Obligatory));
    assert_eq!(defence.clause.as_ref().map(|c| c.text.value.as_str()), Some("ATOP 5.1, atopid 1001"));
    // Only the United Kingdom's row pledges consultation.
    let consult = &t.commitments[1];
    assert_eq!(consult.guarantors.include[0].value, SetMember::State("GBR".into()));

    let phase1 = &lib.treaties[1];
    let span = |t: &casus_core::model::Treaty| {
        format!(
            "{:?}..{:?}",
            t.in_force.as_ref().map(|d| d.value.to_string()),
            t.terminated.as_ref().map(|d| d.value.to_string())
        )
    };
    assert_eq!(span(phase1), r#"Some("2012-01-01")..Some("2014-06-30")"#);
    let kinds = |t: &casus_core::model::Treaty| t.commitments.iter().map(|c| c.kind.value).collect::<Vec<_>>();
    assert_eq!(kinds(phase1), [Kind::NonAggression]);
    assert_eq!(
        phase1.commitments[0].clause.as_ref().map(|c| c.text.value.as_str()),
        Some("ATOP 5.1, atopid 1002, phase 1")
    );
    // Phase 2 is open (France leaves it at the end of December 2015, day unknown).
    let phase2 = &lib.treaties[2];
    assert_eq!(span(phase2), r#"Some("2014-06-30")..None"#);
    assert_eq!(kinds(phase2), [Kind::Defence, Kind::NonAggression]);
    let fra: Vec<String> = phase2
        .parties
        .iter()
        .filter(|p| p.state.value == "FRA")
        .map(|p| format!("{:?}..{:?}", p.from.as_ref().map(|d| d.value), p.until.as_ref().map(|d| d.value)))
        .collect();
    assert_eq!(fra, ["None..Some(2015-12-31)"]);

    let t = &lib.treaties[3];
    assert_eq!(t.terminated.as_ref().map(|d| d.value.to_string()).as_deref(), Some("2013-05-05"));
    assert_eq!(t.commitments[0].kind.value, Kind::Neutrality);
    assert!(t.commitments[0].conditions.iter().all(|c| !matches!(c.value, Condition::Unprovoked)));
}

#[test]
fn real_alliances_become_treaties_that_check_clean() {
    use casus_core::model::Condition;
    let Some((atop, _)) = real() else { return };
    let lib = atop::to_library(&atop);
    check_clean(&lib);
    let unmapped = atop::unmapped_members(&atop);
    let unmapped_codes: std::collections::BTreeSet<u16> = unmapped.iter().map(|&(_, c)| c).collect();
    // COW states without an ISO code have COW's abbreviation; only ATOP's 8152 (no COW state) is left.
    assert_eq!(unmapped_codes.into_iter().collect::<Vec<_>>(), [8152]);
    // Every alliance with two mappable members is there.
    assert!(lib.treaties.len() > 740, "{}", lib.treaties.len());
    let nato = lib.treaties.iter().find(|t| t.id.value == "atop-3180").expect("NATO");
    assert!(nato.parties.iter().any(|p| p.state.value == "USA"));
    assert!(nato.parties.iter().any(|p| p.state.value == "DEU"));
    assert!(nato.commitments.iter().any(|c| c.id.value == "defence"));
    // The Warsaw Pact binds the Soviet Union, not Russia.
    let warsaw = lib.treaties.iter().find(|t| t.id.value == "atop-3285").expect("Warsaw Pact");
    assert!(warsaw.parties.iter().any(|p| p.state.value == "SUN"));
    assert!(warsaw.parties.iter().all(|p| p.state.value != "RUS"));
    // Specific adversaries become attacker conditions somewhere.
    assert!(
        lib.treaties
            .iter()
            .flat_map(|t| &t.commitments)
            .any(|c| c.conditions.iter().any(|k| matches!(k.value, Condition::Attacker { .. })))
    );
}

/// One published or written allied dyad-year: the twelve alliance columns then the ids.
type Published = std::collections::BTreeMap<(u16, u16, i16), Vec<i64>>;

/// ATOP's directed dyad-year file, as (stateA, stateB, year) → columns; an empty `shareob`
/// is 0 (ATOP leaves it empty where it is not 1).
fn published(dir: &Path) -> Published {
    let mut reader = csv::Reader::from_path(dir.join("atop5_1ddyr.csv")).expect("ATOP's directed dyad-year file");
    let headers = reader.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    let names: Vec<String> = casus_data::dyads::COLUMNS[3..]
        .iter()
        .map(|c| c.to_string())
        .chain((1..=9).map(|i| format!("atopid{i}")))
        .collect();
    let cols: Vec<usize> = names.iter().map(|n| col(n)).collect();
    let (a, b, y) = (col("stateA"), col("stateB"), col("year"));
    let mut out = Published::new();
    for rec in reader.records() {
        let rec = rec.expect("row");
        let num = |i: usize| rec[i].trim().parse::<i64>().ok();
        let key = (num(a).expect("stateA") as u16, num(b).expect("stateB") as u16, num(y).expect("year") as i16);
        out.insert(key, cols.iter().map(|&i| num(i).unwrap_or(0)).collect());
    }
    out
}

/// The allied rows of a table in the same shape.
fn written(table: &DyadTable) -> Published {
    table
        .allied_rows()
        .map(|r| {
            let c = r.alliances.expect("covered");
            let mut v: Vec<i64> =
                [c.atopally, c.defense, c.offense, c.neutral, c.nonagg, c.consul, c.shareob, c.transyr]
                    .iter()
                    .map(|&f| i64::from(f))
                    .collect();
            v.extend([i64::from(c.bilatno), i64::from(c.multino), i64::from(c.number), i64::from(c.asymm)]);
            v.extend((0..9).map(|i| c.atopids.get(i).map_or(0, |&id| i64::from(id))));
            ((r.state_a, r.state_b, r.year), v)
        })
        .collect()
}

/// The differences from ATOP's file that `tests/atop/ddyr-exceptions.tsv` explains, as
/// (stateA, stateB, year, column) → reason.
fn ddyr_exceptions() -> std::collections::BTreeMap<(u16, u16, i16, String), String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/atop/ddyr-exceptions.tsv");
    let text = std::fs::read_to_string(&path).expect("the exceptions file");
    let mut out = std::collections::BTreeMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        assert!(
            f.len() == 5 && !f[4].trim().is_empty(),
            "{}:{}: want stateA, stateB, year, column, reason",
            path.display(),
            n + 1
        );
        let num = |s: &str| {
            s.parse::<i64>().unwrap_or_else(|_| panic!("{}:{}: `{s}` is not a number", path.display(), n + 1))
        };
        out.insert((num(f[0]) as u16, num(f[1]) as u16, num(f[2]) as i16, f[3].to_string()), f[4].to_string());
    }
    out
}

/// The differences between ATOP's file and the table, unexplained and explained.
fn differences(published: &Published, ours: &Published) -> Vec<(u16, u16, i16, String)> {
    let names: Vec<String> = casus_data::dyads::COLUMNS[3..]
        .iter()
        .map(|c| c.to_string())
        .chain((1..=9).map(|i| format!("atopid{i}")))
        .collect();
    let mut out = Vec::new();
    for (key, theirs) in published {
        match ours.get(key) {
            None => out.push((key.0, key.1, key.2, "row missing".to_string())),
            Some(mine) => {
                for ((name, t), m) in names.iter().zip(theirs).zip(mine) {
                    if t != m {
                        out.push((key.0, key.1, key.2, name.clone()));
                    }
                }
            }
        }
    }
    out.extend(ours.keys().filter(|k| !published.contains_key(k)).map(|k| (k.0, k.1, k.2, "row not published".into())));
    out
}

#[test]
fn atop_rule_reproduces_atops_directed_dyad_year_file_in_every_column() {
    let Some((atop, cow)) = real() else { return };
    let Some((dir, _)) = real_data() else { return };
    let options = DyadOptions { alliance_ids: true, outside_system: true, ..DyadOptions::default() };
    let table = DyadTable::new(&atop, &cow, &options).expect("builds");
    let published = published(&dir);
    let ours = written(&table);
    assert_eq!((published.len(), ours.len()), (273_296, 273_296));
    let exceptions = ddyr_exceptions();
    let found = differences(&published, &ours);
    let unexplained: Vec<_> =
        found.iter().filter(|(a, b, y, c)| !exceptions.contains_key(&(*a, *b, *y, c.clone()))).take(20).collect();
    assert!(
        unexplained.is_empty(),
        "differences from atop5_1ddyr.csv not in tests/atop/ddyr-exceptions.tsv: {unexplained:?}"
    );
    let stale: Vec<_> = exceptions.keys().filter(|k| !found.contains(k)).collect();
    assert!(stale.is_empty(), "exceptions that no longer happen (remove them): {stale:?}");

    // Without the rows outside the system: exactly the published rows of the domain.
    let inside =
        DyadTable::new(&atop, &cow, &DyadOptions { alliance_ids: true, ..DyadOptions::default() }).expect("builds");
    let ours = written(&inside);
    assert_eq!(ours.len(), 267_402);
    assert!(ours.iter().all(|(k, v)| published.get(k) == Some(v)));
}

#[test]
fn member_file_rule_differs_from_atop_only_in_partner_level_alliances() {
    let Some((atop, cow)) = real() else { return };
    let Some((dir, _)) = real_data() else { return };
    let table = DyadTable::new(&atop, &cow, &DyadOptions { alliance_ids: true, ..w1_real() }).expect("builds");
    let published = published(&dir);
    let found = differences(&published, &written(&table));
    // The bench README's figures: 5,894 published rows outside the domain, and the obligation
    // columns and `shareob` of 379 rows, all in alliances coded `obvary`.
    assert_eq!(found.iter().filter(|d| d.3 == "row missing").count(), 5_894);
    let mut rows: Vec<_> = found.iter().filter(|d| d.3 != "row missing").map(|d| (d.0, d.1, d.2)).collect();
    rows.dedup();
    assert_eq!(rows.len(), 379);
    assert!(
        found
            .iter()
            .all(|d| ["row missing", "defense", "offense", "neutral", "nonagg", "shareob"].contains(&d.3.as_str()))
    );
}

#[test]
fn locarno_guarantee_protects_the_frontier_states_not_the_guarantors() {
    use casus_core::model::Member as SetMember;
    use casus_core::vocab::Kind;
    let Some((atop, _)) = real() else { return };
    let lib = atop::to_library(&atop);
    let locarno = lib.treaties.iter().find(|t| t.id.value == "atop-2130").expect("Locarno");
    let names = |e: &casus_core::model::SetExpr| -> Vec<String> {
        e.include
            .iter()
            .map(|m| match &m.value {
                SetMember::State(s) => s.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    };
    let defence: Vec<(Vec<String>, Vec<String>)> = locarno
        .commitments
        .iter()
        .filter(|c| c.kind.value == Kind::Defence)
        .map(|c| (names(&c.guarantors), names(&c.beneficiaries)))
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    // The United Kingdom and Italy guarantee Germany, France and Belgium; Belgium and France
    // each other and Germany; Germany's pledge to its neighbours is non-aggression only.
    assert!(defence.contains(&(s(&["GBR", "ITA"]), s(&["BEL", "DEU", "FRA"]))), "{defence:?}");
    assert!(defence.contains(&(s(&["BEL"]), s(&["DEU", "FRA"]))), "{defence:?}");
    assert!(defence.contains(&(s(&["FRA"]), s(&["BEL", "DEU"]))), "{defence:?}");
    assert!(defence.iter().all(|(g, _)| !g.contains(&"DEU".to_string())), "{defence:?}");
    let nonagg: Vec<(Vec<String>, Vec<String>)> = locarno
        .commitments
        .iter()
        .filter(|c| c.kind.value == Kind::NonAggression)
        .map(|c| (names(&c.guarantors), names(&c.beneficiaries)))
        .collect();
    assert!(nonagg.contains(&(s(&["DEU"]), s(&["BEL", "FRA"]))), "{nonagg:?}");
}

// ---------------------------------------------------------------- damaged files: nothing lost in silence

/// The numbers of the lines after the header that hold more than spaces: each must end up a
/// row that was read or a row skipped with a warning.
fn data_lines(bytes: &[u8]) -> Vec<u64> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim_ascii().is_empty())
        .map(|(i, _)| i as u64 + 1)
        .collect()
}

/// The lines of the member rows read and of the rows skipped, in order.
fn accounted_lines(data: &AtopData) -> Vec<u64> {
    let mut lines: Vec<u64> = data
        .members
        .iter()
        .map(|m| m.line)
        .chain(data.warnings.iter().filter(|w| w.skipped_row()).map(|w| w.place.line))
        .collect();
    lines.sort_unstable();
    lines
}

/// `bytes` with `insert` put at `at`.
fn inserted(bytes: &[u8], at: usize, insert: u8) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out.insert(at, insert);
    out
}

#[test]
fn stray_quote_spoils_only_its_own_cell() {
    let path = fixtures().join("bad/stray_quote.csv");
    let data = AtopData::read_member_file(&path).expect("the rest can be trusted");
    assert_eq!(data.members.len(), 4);
    assert_eq!(data.warnings.len(), 1);
    let w = &data.warnings[0];
    assert_eq!((w.place.line, w.place.column.as_deref()), (3, Some("yrent")));
    assert_eq!(w.kind, WarningKind::NotANumber { value: "\"2011".into() });
    assert_eq!(
        w.to_string(),
        format!("{}:3, column `yrent`: `\"2011` is not a whole number; row skipped", path.display())
    );
    // The rows after the quote are read, each on its own line.
    assert_eq!(data.members.iter().map(|m| m.line).collect::<Vec<_>>(), [2, 4, 5, 6]);
    assert_eq!(accounted_lines(&data), data_lines(&std::fs::read(&path).expect("fixture")));
}

#[test]
fn stray_quote_in_cow_system_file_spoils_only_its_own_row() {
    let path = fixtures().join("bad/cow_system_stray_quote.csv");
    let data = CowData::read_system_file(&path).expect("the rest can be trusted");
    // `USA"` is in `stateabb`, which casus does not read: that row's state-year is sound.
    let years: Vec<(u16, i16)> = data.system.iter().map(|s| (s.ccode, s.year)).collect();
    assert_eq!(years, [(2, 2015), (2, 2016), (220, 2016), (255, 2016)]);
    assert_eq!(data.warnings.len(), 1);
    let w = &data.warnings[0];
    assert_eq!((w.place.line, w.place.column.as_deref()), (4, Some("ccode")));
    assert_eq!(
        w.to_string(),
        format!("{}:4, column `ccode`: `\"200` is not a whole number; row skipped", path.display())
    );
    let lines = data_lines(&std::fs::read(&path).expect("fixture")).len();
    assert_eq!(data.system.len() + data.skipped_rows(), lines);
}

#[test]
fn any_stray_quote_newline_cr_or_comma_loses_no_line() {
    // Every byte position after the header of the mini files, four kinds of damage: every
    // line is a row read or a row skipped with a warning, never swallowed by another.
    let member = std::fs::read(fixtures().join("mini/atop/atop5_1m.csv")).expect("fixture");
    let system = std::fs::read(fixtures().join("mini/cow/system2016.csv")).expect("fixture");
    let dir = tempfile::tempdir().expect("tempdir");
    let (m_path, s_path) = (dir.path().join("atop5_1m.csv"), dir.path().join("system2016.csv"));
    let header_end = |b: &[u8]| b.iter().position(|&c| c == b'\n').expect("a header line") + 1;
    for insert in [b'"', b'\n', b'\r', b','] {
        for at in header_end(&member)..=member.len() {
            let bytes = inserted(&member, at, insert);
            std::fs::write(&m_path, &bytes).expect("write");
            let data = AtopData::read_member_file(&m_path).expect("reads");
            assert_eq!(accounted_lines(&data), data_lines(&bytes), "{:?} at {at}", insert as char);
        }
        for at in header_end(&system)..=system.len() {
            let bytes = inserted(&system, at, insert);
            std::fs::write(&s_path, &bytes).expect("write");
            let data = CowData::read_system_file(&s_path).expect("reads");
            let lines = data_lines(&bytes).len();
            assert_eq!(data.system.len() + data.skipped_rows(), lines, "{:?} at {at}", insert as char);
            assert!(data.warnings.iter().all(|w| w.place.line <= lines as u64 + 1));
        }
    }
}

#[test]
fn stray_quote_in_line_301_of_the_real_files_skips_that_row_only() {
    let Some((atop_dir, cow_dir)) = real_data() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    // A `"` at the start of line 301 of each file (with CSV quoting, lines 301 to the end
    // became one cell and were lost behind a single warning).
    let quote_line_301 = |bytes: &[u8]| {
        let at = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(299).expect("301 lines").0 + 1;
        inserted(bytes, at, b'"')
    };
    let member = quote_line_301(&std::fs::read(atop_dir.join(atop::MEMBER_FILE)).expect("member file"));
    let path = dir.path().join(atop::MEMBER_FILE);
    std::fs::write(&path, &member).expect("write");
    let data = AtopData::read_member_file(&path).expect("reads");
    assert_eq!((data.members.len(), data.skipped_rows()), (2_509, 1));
    let w = &data.warnings[0];
    assert_eq!((w.place.line, w.place.column.as_deref()), (301, Some("atopid")));
    assert_eq!(accounted_lines(&data), data_lines(&member));

    let system = quote_line_301(&std::fs::read(cow_dir.join(cow::SYSTEM_FILE)).expect("system file"));
    let path = dir.path().join(cow::SYSTEM_FILE);
    std::fs::write(&path, &system).expect("write");
    let data = CowData::read_system_file(&path).expect("reads");
    // The quote lands in `stateabb`, which casus does not read: every state-year is kept.
    assert_eq!((data.system.len(), data.warnings.len()), (15_951, 0));
}

#[test]
fn extra_fields_are_not_called_a_truncated_line() {
    let path = fixtures().join("bad/extra_field.csv");
    let data = AtopData::read_member_file(&path).expect("the rest can be trusted");
    assert_eq!(data.members.len(), 2);
    let w = &data.warnings[..];
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].place.line, w[0].place.column.as_deref()), (3, None));
    assert_eq!(w[0].kind, WarningKind::FieldCount { found: 19, expected: 18 });
    assert_eq!(
        w[0].to_string(),
        format!(
            "{}:3: row has 19 fields but the header has 18 (extra fields: a stray comma?); row skipped",
            path.display()
        )
    );
}

#[test]
fn a_file_with_only_its_header_is_an_error_naming_it() {
    let path = fixtures().join("bad/header_only_members.csv");
    let err = AtopData::read_member_file(&path).expect_err("no rows");
    assert!(matches!(&err, DataError::NoRows { dataset: Dataset::Atop, skipped, .. } if skipped.is_empty()));
    assert_eq!(err.to_string(), format!("{}: no data rows, only the header line", path.display()));
    assert_eq!(err.place().map(|p| (p.file, p.line, p.column)), Some((path.clone(), 1, None)));
    assert!(err.help().is_some_and(|h| h.contains("cut short") && h.contains("http://www.atopdata.org/")));

    let path = fixtures().join("bad/header_only_alliances.csv");
    let err = atop::read_alliances(&path, &mut Vec::new()).expect_err("no rows");
    assert_eq!(err.to_string(), format!("{}: no data rows, only the header line", path.display()));

    let path = fixtures().join("bad/cow_system_header_only.csv");
    let err = CowData::read_system_file(&path).expect_err("no rows");
    assert_eq!(err.to_string(), format!("{}: no data rows, only the header line", path.display()));
    assert!(err.help().is_some_and(|h| h.contains("https://correlatesofwar.org/")));
}

#[test]
fn a_file_whose_every_row_is_skipped_is_an_error_naming_the_first() {
    let path = fixtures().join("bad/all_rows_skipped.csv");
    let err = AtopData::read_member_file(&path).expect_err("no row read");
    assert_eq!(err.to_string(), format!("{}: none of its 2 data rows could be read", path.display()));
    assert_eq!(
        err.help().as_deref(),
        Some("every row was skipped; the first, line 2, column `yrent`: `20l1` is not a whole number")
    );
    let place = err.place().expect("a place");
    assert_eq!((place.file, place.line, place.column.as_deref()), (path, 2, Some("yrent")));
    match err {
        DataError::NoRows { skipped, .. } => {
            assert_eq!(skipped[1].kind, WarningKind::FieldCount { found: 17, expected: 18 });
        }
        e => panic!("unexpected {e:?}"),
    }
}

#[test]
fn missing_cow_column_help_names_cow() {
    let path = fixtures().join("bad/cow_system_missing_column.csv");
    let err = CowData::read_system_file(&path).expect_err("no `year`");
    assert_eq!(err.to_string(), format!("{}:1: missing column `year`", path.display()));
    assert_eq!(err.place().and_then(|p| p.column).as_deref(), Some("year"));
    assert_eq!(
        err.help().as_deref(),
        Some(
            "casus reads the files of COW State System Membership v2016 as published, with their header line: \
             https://correlatesofwar.org/"
        )
    );
    // An ATOP file of another version says so, and names ATOP only.
    let err = AtopData::read_member_file(&fixtures().join("bad/other_version_columns.csv")).expect_err("ATOP 3");
    assert_eq!(
        err.help().as_deref(),
        Some(
            "this is another version of the data; casus reads the files of ATOP v5.1 as published, with their \
             header line: http://www.atopdata.org/"
        )
    );
}

#[test]
fn an_alliance_ending_before_it_begins_is_called_an_alliance() {
    let path = fixtures().join("bad/inverted_alliance.csv");
    let mut warnings = Vec::new();
    let alliances = atop::read_alliances(&path, &mut warnings).expect("the rest can be trusted");
    assert_eq!(alliances.iter().map(|a| a.atopid).collect::<Vec<_>>(), [1001, 1003]);
    assert_eq!(warnings.len(), 1);
    assert_eq!((warnings[0].place.line, warnings[0].place.column.as_deref()), (3, None));
    assert_eq!(
        warnings[0].kind,
        WarningKind::InvertedAlliance { begin: "2012-01-01".into(), end: "2011-06-??".into() }
    );
    assert_eq!(
        warnings[0].to_string(),
        format!("{}:3: the alliance ends (2011-06-??) before it begins (2012-01-01); row skipped", path.display())
    );
}

#[test]
fn a_file_given_as_the_folder_is_called_a_file() {
    let file = fixtures().join("mini/atop/atop5_1m.csv");
    let err = AtopData::read_dir(&file).expect_err("a file");
    assert!(matches!(&err, DataError::MissingDir { is_file: true, variable: None, .. }));
    assert_eq!(err.to_string(), format!("ATOP v5.1 folder `{}` is a file, not a folder", file.display()));
    assert_eq!(
        err.help(),
        Some(format!(
            "give the folder that holds the ATOP v5.1 files, not a file in it: did you mean `{}`?",
            fixtures().join("mini/atop").display()
        ))
    );
    // A folder that is not there is still "not found", and the variable is named only when
    // the folder came from it (see `resolve_dir`'s test in lib.rs).
    let nowhere = fixtures().join("no-such-folder");
    let err = CowData::read_dir(&nowhere).expect_err("no folder");
    assert_eq!(err.to_string(), format!("COW State System Membership v2016 folder `{}` not found", nowhere.display()));
}

#[test]
fn no_folder_help_names_the_option_and_the_variable() {
    let help = DataError::NoDir { dataset: Dataset::Atop }.help().expect("help");
    assert_eq!(
        help,
        "the ATOP v5.1 data is published at http://www.atopdata.org/; unpack its CSV files into a folder and give \
         that folder with `--atop DIR`, or set `CASUS_ATOP_DIR` to it"
    );
    let help = DataError::NoDir { dataset: Dataset::Cow }.help().expect("help");
    assert!(help.contains("`--cow DIR`") && help.contains("`CASUS_COW_DIR`"), "{help}");
}

#[test]
fn files_one_folder_down_are_suggested() {
    let dir = fixtures().join("bad/unpacked_zip");
    let err = AtopData::read_dir(&dir).expect_err("the files are one level down");
    let sub = dir.join("ATOP 5.1 (.csv)");
    match &err {
        DataError::MissingFile { path, in_subfolder: Some(s), other_version: None, .. } => {
            assert_eq!(path, &dir.join(atop::MEMBER_FILE));
            assert_eq!(s, &sub);
        }
        e => panic!("unexpected {e:?}"),
    }
    assert_eq!(err.to_string(), format!("ATOP v5.1 file `{}` not found", dir.join(atop::MEMBER_FILE).display()));
    assert_eq!(
        err.help(),
        Some(format!(
            "did you mean `{}`? it holds `atop5_1m.csv` (unpacking the published zip makes such a folder)",
            sub.display()
        ))
    );
    // And the folder it names reads.
    assert_eq!(AtopData::read_dir(&sub).expect("reads").members.len(), 10);
}

#[test]
fn another_declared_version_says_whether_the_needed_columns_are_there() {
    let path = fixtures().join("bad/declares_4_01.csv");
    let data = AtopData::read_member_file(&path).expect("every needed column is there");
    assert_eq!((data.members.len(), data.skipped_rows()), (2, 0));
    assert_eq!(data.warnings.len(), 1);
    let w = &data.warnings[0];
    assert_eq!((w.place.line, w.place.column.as_deref()), (2, Some("version")));
    assert_eq!(
        w.to_string(),
        format!(
            "{}:2, column `version`: the file declares version `4.01`, not 5.1; it has every column casus needs, so \
             it was read anyway",
            path.display()
        )
    );
}

#[test]
fn cow_folder_without_the_spell_file_reads_the_state_years() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixtures().join("mini/cow/system2016.csv"), dir.path().join(cow::SYSTEM_FILE)).expect("copy");
    let cow = CowData::read_dir(dir.path()).expect("states2016.csv is optional");
    assert!(cow.states.is_empty() && cow.warnings.is_empty());
    assert_eq!(cow.system.len(), 38);
    // The state-year file is not.
    std::fs::remove_file(dir.path().join(cow::SYSTEM_FILE)).expect("remove");
    std::fs::copy(fixtures().join("mini/cow/states2016.csv"), dir.path().join(cow::STATES_FILE)).expect("copy");
    let err = CowData::read_dir(dir.path()).expect_err("no system2016.csv");
    assert!(matches!(err, DataError::MissingFile { dataset: Dataset::Cow, .. }));
}

// ---------------------------------------------------------------- optional columns

#[test]
fn absent_optional_columns_are_listed_not_assumed() {
    let (atop, _) = mini();
    // The small fixture has `obvary` but no conditions and no named adversaries.
    assert!(!atop.absent_columns.contains(&"obvary"));
    assert!(atop.absent_columns.contains(&"defcoadv") && atop.absent_columns.contains(&"statthr1"));
    let Some((real, _)) = real() else { return };
    assert!(real.absent_columns.is_empty(), "{:?}", real.absent_columns);
}
