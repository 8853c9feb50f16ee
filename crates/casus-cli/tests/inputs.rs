//! Hostile and careless inputs, run through the real `casus` binary: anything that is not a
//! regular file is refused by name, reads are capped, folders never lose a file in silence,
//! over-long lines and binary data are errors with their line, and data that reads cleanly
//! but cannot be right (swapped columns) is refused. Every run has a time limit, so an input
//! that made casus block or spin fails the test as "hung" instead of stalling it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The longest any run may take: these inputs must be answered at once.
const LIMIT: Duration = Duration::from_secs(30);

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("casus")
}

/// Runs `casus args…` with `stdin` (nothing by default), killing it after [`LIMIT`].
fn run_with(args: &[&str], stdin: Stdio) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CASUS_ATOP_DIR")
        .env_remove("CASUS_COW_DIR")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("casus starts");
    // Drain the pipes on threads so a chatty child cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out_pipe, &mut v).ok();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err_pipe, &mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > LIMIT {
            child.kill().ok();
            child.wait().ok();
            panic!("hung: `casus {}` gave no answer in {} s", args.join(" "), LIMIT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: out.join().expect("stdout"), stderr: err.join().expect("stderr") }
}

fn run(args: &[&str]) -> Output {
    run_with(args, Stdio::null())
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Asserts the exit status and that standard error says each of `words`.
#[track_caller]
fn expect(o: &Output, code: i32, words: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}\nstdout: {}", stdout(o));
    for w in words {
        assert!(err.contains(w), "expected `{w}` in stderr: {err}");
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().expect("mkfifo runs").success();
    assert!(ok, "mkfifo {}", p.display());
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared_data(dataset: &str) -> Option<PathBuf> {
    let p = repo().join("../shared/data").join(dataset);
    if p.is_dir() {
        return Some(p);
    }
    assert!(std::env::var("CASUS_REQUIRE_DATA").as_deref() != Ok("1"), "data missing at {}", p.display());
    eprintln!("skipped: no data at {}", p.display());
    None
}

const PACT: &str = r#"treaty pact "A pact" {
    in-force 2000-01-01
    source "https://example.org/pact"
    parties {
        POL LTU from 2000-01-01
    }
    commitment art1 defence "Article 1" {
        clause "Article 1"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when armed-attack against beneficiary
        owe "all the military aid in its power" strength automatic
    }
}
"#;

// ---------------------------------------------------------------- not a regular file

#[test]
fn a_fifo_or_device_given_as_a_treaty_file_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("t.casus");
    mkfifo(&fifo);
    for cmd in ["check", "export", "eval", "fmt"] {
        let o = run(&[cmd, s(&fifo)]);
        expect(&o, 1, &[&format!("`{}` is a FIFO (named pipe), not a regular file", fifo.display())]);
    }
    for dev in ["/dev/zero", "/dev/urandom"] {
        let o = run(&["check", dev]);
        expect(&o, 1, &[&format!("`{dev}` is a character device, not a regular file")]);
    }
    // As a library and as compare's designs too.
    let o = run(&["eval", "--library", s(&fifo), "--on", "2020-01-01", "--actor", "RUS", "--target", "POL"]);
    expect(&o, 1, &["is a FIFO"]);
    let o = run(&["compare", "--designs", s(&fifo)]);
    expect(&o, 1, &["is a FIFO"]);
}

#[test]
fn a_fifo_or_device_inside_a_folder_is_refused_not_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.casus"), PACT).expect("write");
    mkfifo(&dir.path().join("b.casus"));
    let o = run(&["check", s(dir.path())]);
    expect(&o, 1, &["b.casus` is a FIFO (named pipe), not a regular file"]);
    // A FIFO whose name casus does not read is no concern of it.
    let other = tempfile::tempdir().expect("tempdir");
    std::fs::write(other.path().join("a.casus"), PACT).expect("write");
    mkfifo(&other.path().join("notes.txt"));
    let o = run(&["check", s(other.path())]);
    expect(&o, 0, &[]);
    assert!(stdout(&o).contains("checked 1 file"), "{}", stdout(&o));
}

#[test]
fn params_that_are_a_fifo_or_not_utf8_are_errors_with_their_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scenarios = repo().join("library/scenarios/historical.casus");
    let base = ["simulate", s(&scenarios), "--incident", "germany-invades-poland", "--runs", "10", "--params"];
    let fifo = dir.path().join("p.toml");
    mkfifo(&fifo);
    let o = run(&[&base[..], &[s(&fifo)]].concat());
    expect(&o, 1, &["p.toml` is a FIFO"]);
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, b"# honour\nseed = 1\nname = \"caf\xe9\"\n").expect("write");
    let o = run(&[&base[..], &[s(&bad)]].concat());
    expect(&o, 1, &[&format!("{}:3:12: not valid UTF-8", bad.display()), "save the file as UTF-8"]);
    let o = run(&[&base[..], &["/dev/zero"]].concat());
    expect(&o, 1, &["`/dev/zero` is a character device"]);
}

// ---------------------------------------------------------------- standard input and size caps

#[test]
fn fmt_reads_standard_input_with_a_cap() {
    // `/dev/zero` on standard input never ends: casus stops at the cap.
    let zero = std::fs::File::open("/dev/zero").expect("/dev/zero");
    let o = run_with(&["fmt", "-"], Stdio::from(zero));
    expect(&o, 1, &["standard input is longer than the 16 MiB casus reads for treaty files"]);
    // A treaty on standard input still works.
    let mut child =
        Command::new(bin()).args(["fmt", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("starts");
    child.stdin.take().expect("stdin").write_all(PACT.as_bytes()).expect("write");
    let o = child.wait_with_output().expect("runs");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), PACT);
}

#[test]
fn a_treaty_file_over_the_cap_is_refused_from_its_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.casus");
    // Sparse: 3 GB of NULs on disk cost nothing, and casus must not read them.
    std::fs::File::create(&big).expect("create").set_len(3 << 30).expect("size");
    let o = run(&["check", s(&big)]);
    expect(&o, 1, &["big.casus` is 3 GiB long, more than the 16 MiB casus reads for treaty files"]);
}

// ---------------------------------------------------------------- folders

#[test]
fn a_symlinked_treaty_file_in_a_folder_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("elsewhere");
    std::fs::create_dir(&real).expect("mkdir");
    std::fs::write(real.join("pact.casus"), PACT).expect("write");
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).expect("mkdir");
    std::os::unix::fs::symlink(real.join("pact.casus"), lib.join("pact.casus")).expect("symlink");
    // Its only treaty file is a link: it is read, not replaced by the built-in library.
    let o = run(&["check", s(&lib)]);
    expect(&o, 0, &[]);
    assert_eq!(stdout(&o), "checked 1 file: 0 errors, 0 warnings\n");
    let o = run(&["export", s(&lib)]);
    assert!(stdout(&o).contains("\"pact\""), "{}", stdout(&o));
    // A linked folder is followed too.
    let outer = dir.path().join("outer");
    std::fs::create_dir(&outer).expect("mkdir");
    std::os::unix::fs::symlink(&real, outer.join("linked")).expect("symlink");
    let o = run(&["check", s(&outer)]);
    expect(&o, 0, &[]);
    assert_eq!(stdout(&o), "checked 1 file: 0 errors, 0 warnings\n");
}

#[test]
fn a_dangling_symlink_in_a_folder_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.casus"), PACT).expect("write");
    let gone = dir.path().join("b.casus");
    std::os::unix::fs::symlink(dir.path().join("deleted.casus"), &gone).expect("symlink");
    let o = run(&["check", s(dir.path())]);
    expect(&o, 2, &[&format!("`{}` is a symbolic link to", gone.display()), "which does not exist"]);
    // Given directly, the same.
    let o = run(&["check", s(&gone)]);
    expect(&o, 2, &["is a symbolic link to", "which does not exist"]);
}

#[test]
fn a_link_back_up_is_read_once_and_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::write(sub.join("pact.casus"), PACT).expect("write");
    std::os::unix::fs::symlink(dir.path(), sub.join("loop")).expect("symlink");
    std::os::unix::fs::symlink(sub.join("pact.casus"), sub.join("same.casus")).expect("symlink");
    let o = run(&["check", s(dir.path())]);
    expect(&o, 0, &["already read: not read again", "is the same file as", "read once"]);
    assert_eq!(stdout(&o), "checked 1 file: 0 errors, 0 warnings\n");
}

#[test]
fn a_folder_with_no_treaty_file_is_an_error_not_the_builtin_library() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    std::fs::write(empty.join("README.md"), "notes").expect("write");
    for cmd in ["check", "export", "test", "eval"] {
        let o = run(&[cmd, s(&empty)]);
        expect(&o, 1, &[&format!("no .casus or .json file in the folder `{}`", empty.display())]);
        assert!(stdout(&o).is_empty(), "{cmd}: {}", stdout(&o));
    }
    let o = run(&["fmt", "--check", s(&empty)]);
    expect(&o, 1, &["no .casus file in the folder"]);
    let o = run(&["eval", "--library", s(&empty), "--on", "2020-01-01", "--actor", "RUS", "--target", "POL"]);
    expect(&o, 1, &["no .casus or .json file in the folder"]);
}

#[test]
fn a_folder_named_like_a_treaty_file_is_read_as_a_folder_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let odd = dir.path().join("x.casus");
    std::fs::create_dir(&odd).expect("mkdir");
    let o = run(&["check", s(&odd)]);
    expect(&o, 1, &["no .casus or .json file in the folder", "x.casus"]);
    std::fs::write(odd.join("pact.casus"), PACT).expect("write");
    let o = run(&["check", s(&odd)]);
    expect(&o, 0, &["x.casus` is a folder, not a file: reading the .casus and .json files in it"]);
    assert_eq!(stdout(&o), "checked 1 file: 0 errors, 0 warnings\n");
}

// ---------------------------------------------------------------- event files

/// A GDELT 1.0 daily line (58 fields): a material-conflict event with `sources` sources.
fn event(id: u64, actor: &str, target: &str, sources: u32) -> String {
    let mut f = vec![String::new(); 58];
    f[0] = id.to_string();
    f[1] = "20250910".into();
    f[7] = actor.into();
    f[17] = target.into();
    f[26] = "190".into();
    f[28] = "19".into();
    f[32] = sources.to_string();
    f.join("\t")
}

struct Dyads {
    dir: tempfile::TempDir,
}

impl Dyads {
    fn new() -> Dyads {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("xw.csv"), "cameo,ccode\nRUS,365\nPOL,290\nLTU,368\n").expect("write");
        std::fs::write(dir.path().join("dyads.csv"), "ccode1,ccode2,year,defense\n290,368,2025,1\n").expect("write");
        Dyads { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, events: &Path, dyads: &str) -> Output {
        run(&["screen-dyads", s(events), "--dyads", s(&self.path(dyads)), "--crosswalk", s(&self.path("xw.csv"))])
    }
}

const W2_HEADER: &str = "event_id,sqldate,attacker,target,ally_count\n";

#[test]
fn screen_dyads_refuses_a_dyads_file_with_a_header_only() {
    let d = Dyads::new();
    std::fs::write(d.path("events.tsv"), event(1, "RUS", "POL", 3) + "\n").expect("write");
    std::fs::write(d.path("header.csv"), "ccode1,ccode2,year,defense\r\n").expect("write");
    let o = d.run(&d.path("events.tsv"), "header.csv");
    expect(&o, 1, &["header.csv: a header line and no dyad-year row"]);
    // Rows, but no defence pact: said, as the answer is then empty.
    std::fs::write(d.path("nodef.csv"), "ccode1,ccode2,year,defense\n290,368,2025,0\n").expect("write");
    let o = d.run(&d.path("events.tsv"), "nodef.csv");
    expect(&o, 0, &["nodef.csv: none of its 1 dyad-years has `defense` = 1"]);
    assert_eq!(stdout(&o), W2_HEADER);
}

#[test]
fn screen_dyads_counts_lines_of_another_width_as_malformed() {
    let d = Dyads::new();
    let good = event(1, "RUS", "POL", 3);
    // 1,000 fields whose first 33 look like an event: not one.
    let wide = event(2, "RUS", "POL", 3) + &"\tx".repeat(1000 - 58);
    let short = "3\t20250910\tRUS".to_string();
    std::fs::write(d.path("events.tsv"), [good, wide, short].join("\n") + "\n").expect("write");
    let o = d.run(&d.path("events.tsv"), "dyads.csv");
    let events = d.path("events.tsv");
    expect(
        &o,
        0,
        &[
            &format!("{}:2: 1000 fields; GDELT event files have 57, 58 or 61; line skipped", events.display()),
            &format!("{}:3: 3 fields", events.display()),
            "2 of 3 lines skipped as malformed",
        ],
    );
    assert_eq!(stdout(&o), format!("{W2_HEADER}1,20250910,RUS,POL,1\n"));
    // Nothing but malformed lines: an error, not an empty answer.
    std::fs::write(d.path("junk.tsv"), "not\tan\tevent\n").expect("write");
    let o = d.run(&d.path("junk.tsv"), "dyads.csv");
    let junk = d.path("junk.tsv");
    expect(&o, 1, &["the one line of", "is no GDELT event", &format!("{}:1: 3 fields", junk.display())]);
    // An empty file is screened: the header alone, and a warning.
    std::fs::write(d.path("empty.tsv"), "").expect("write");
    let o = d.run(&d.path("empty.tsv"), "dyads.csv");
    expect(&o, 0, &["holds no line: nothing screened"]);
    assert_eq!(stdout(&o), W2_HEADER);
}

#[test]
fn screen_dyads_reads_gzip_and_zip_by_their_first_bytes() {
    let d = Dyads::new();
    let text = [event(1, "RUS", "POL", 3), event(2, "LTU", "POL", 2)].join("\n") + "\n";
    std::fs::write(d.path("events.tsv"), &text).expect("write");
    let plain = d.run(&d.path("events.tsv"), "dyads.csv");
    expect(&plain, 0, &[]);
    assert_eq!(stdout(&plain), format!("{W2_HEADER}1,20250910,RUS,POL,1\n"));
    // gzip, under a name that does not say so.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).expect("gzip");
    std::fs::write(d.path("events-gz.tsv"), gz.finish().expect("gzip")).expect("write");
    let o = d.run(&d.path("events-gz.tsv"), "dyads.csv");
    expect(&o, 0, &[]);
    assert_eq!(stdout(&o), stdout(&plain));
    // zip, as GDELT ships its files, when the `zip` tool is there to make one.
    let zipped = d.path("events.zip");
    let made = Command::new("zip")
        .current_dir(d.dir.path())
        .args(["-q", s(&zipped), "events.tsv"])
        .status()
        .is_ok_and(|st| st.success());
    if made {
        let o = d.run(&zipped, "dyads.csv");
        expect(&o, 0, &[]);
        assert_eq!(stdout(&o), stdout(&plain));
    } else {
        eprintln!("skipped the zip case: no `zip` tool");
    }
}

#[test]
fn an_endless_line_in_an_event_file_is_an_error_with_its_line() {
    let d = Dyads::new();
    let events = d.path("long.tsv");
    let mut f = std::fs::File::create(&events).expect("create");
    writeln!(f, "{}", event(1, "RUS", "POL", 3)).expect("write");
    // 100 MB without a newline.
    let block = vec![b'x'; 1 << 20];
    for _ in 0..100 {
        f.write_all(&block).expect("write");
    }
    drop(f);
    let o = d.run(&events, "dyads.csv");
    expect(&o, 1, &[&format!("{}:2: the line is longer than 1 MiB", events.display())]);
    let db = d.path("a.db");
    let o = run(&["screen", s(&events), "--db", s(&db)]);
    expect(&o, 0, &[]);
    assert!(stdout(&o).contains("long.tsv:2: the line is longer than 1 MiB"), "{}", stdout(&o));
}

#[test]
fn a_fifo_or_device_given_as_an_event_file_is_refused() {
    let d = Dyads::new();
    let fifo = d.path("events.csv");
    mkfifo(&fifo);
    let o = d.run(&fifo, "dyads.csv");
    expect(&o, 1, &["events.csv` is a FIFO (named pipe), not a regular file"]);
    let o = run(&["screen-dyads", s(&d.path("xw.csv")), "--dyads", s(&fifo), "--crosswalk", s(&d.path("xw.csv"))]);
    expect(&o, 1, &["is a FIFO"]);
    let db = d.path("a.db");
    let o = run(&["screen", s(&fifo), "--db", s(&db)]);
    expect(&o, 1, &["events.csv` is a FIFO (named pipe), not a regular file"]);
    let o = run(&["screen", "/dev/urandom", "--db", s(&db)]);
    expect(&o, 1, &["`/dev/urandom` is a character device"]);
    // In a folder, a FIFO with an event file's name is refused, not skipped.
    let o = run(&["screen", s(d.dir.path()), "--db", s(&db)]);
    expect(&o, 1, &["events.csv` is a FIFO"]);
}

#[test]
fn random_bytes_on_standard_input_end_the_screening_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("a.db");
    let urandom = std::fs::File::open("/dev/urandom").expect("/dev/urandom");
    let o = run_with(&["screen", "-", "--db", s(&db)], Stdio::from(urandom));
    expect(&o, 0, &[]);
    assert!(stdout(&o).contains("binary data, not a GDELT event file"), "{}", stdout(&o));
}

// ---------------------------------------------------------------- ATOP and COW files

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

fn mini(dataset: &str) -> PathBuf {
    repo().join("crates/casus-data/tests/fixtures/mini").join(dataset)
}

#[test]
fn a_fifo_or_folder_in_place_of_an_atop_file_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let atop = dir.path().join("atop");
    copy_dir(&mini("atop"), &atop);
    std::fs::remove_file(atop.join("atop5_1m.csv")).expect("rm");
    mkfifo(&atop.join("atop5_1m.csv"));
    let cow = mini("cow");
    let out = dir.path().join("out.csv");
    let o = run(&["dyads", "--atop", s(&atop), "--cow", s(&cow), "--out", s(&out)]);
    expect(&o, 1, &["atop5_1m.csv` is a FIFO (named pipe), not a regular file"]);
    assert!(!stderr(&o).contains("not found"), "{}", stderr(&o));
    std::fs::remove_file(atop.join("atop5_1m.csv")).expect("rm");
    std::fs::create_dir(atop.join("atop5_1m.csv")).expect("mkdir");
    let o = run(&["dyads", "--atop", s(&atop), "--cow", s(&cow), "--out", s(&out)]);
    expect(&o, 1, &["atop5_1m.csv` is a folder, not a regular file"]);
    // The folder itself as a FIFO.
    let fifo = dir.path().join("atop-fifo");
    mkfifo(&fifo);
    let o = run(&["obligations", "--state", "USA", "--on", "1990-01-01", &format!("--atop={}", s(&fifo))]);
    expect(&o, 1, &["atop-fifo` is a FIFO (named pipe), not a folder"]);
    // COW's optional spell file as a FIFO is refused, not quietly left out.
    let cow2 = dir.path().join("cow");
    copy_dir(&cow, &cow2);
    std::fs::remove_file(cow2.join("states2016.csv")).ok();
    mkfifo(&cow2.join("states2016.csv"));
    let o = run(&["dyads", "--atop", s(&mini("atop")), "--cow", s(&cow2), "--out", s(&out)]);
    expect(&o, 1, &["states2016.csv` is a FIFO"]);
}

#[test]
fn a_2_gb_file_of_nuls_as_member_or_system_file_fails_at_its_first_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (atop, cow) = (dir.path().join("atop"), dir.path().join("cow"));
    copy_dir(&mini("atop"), &atop);
    copy_dir(&mini("cow"), &cow);
    // Sparse files: 2 GB of NULs, no line break.
    std::fs::File::create(atop.join("atop5_1m.csv")).expect("create").set_len(2 << 30).expect("size");
    let out = dir.path().join("out.csv");
    let o = run(&["dyads", "--atop", s(&atop), "--cow", s(&cow), "--out", s(&out)]);
    expect(&o, 1, &["atop5_1m.csv:1: the line is longer than 1 MiB"]);
    copy_dir(&mini("atop"), &atop);
    std::fs::File::create(cow.join("system2016.csv")).expect("create").set_len(2 << 30).expect("size");
    let o = run(&["dyads", "--atop", s(&atop), "--cow", s(&cow), "--out", s(&out)]);
    expect(&o, 1, &["system2016.csv:1: the line is longer than 1 MiB"]);
}

#[test]
fn swapped_atopid_and_member_headers_are_refused_with_the_column() {
    let Some(real) = shared_data("atop") else { return };
    let Some(cow) = shared_data("cow") else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let atop = dir.path().join("atop");
    std::fs::create_dir(&atop).expect("mkdir");
    std::fs::copy(real.join("atop5_1a.csv"), atop.join("atop5_1a.csv")).expect("copy");
    let member = std::fs::read_to_string(real.join("atop5_1m.csv")).expect("member file");
    let swapped = member.replacen("atopid,cowid,cow4id,member,", "member,cowid,cow4id,atopid,", 1);
    assert_ne!(swapped, member, "the published header starts with atopid,cowid,cow4id,member");
    std::fs::write(atop.join("atop5_1m.csv"), swapped).expect("write");
    let out = dir.path().join("out.csv");
    let o = run(&["dyads", "--atop", s(&atop), "--cow", s(&cow), "--out", s(&out)]);
    expect(&o, 1, &["atop5_1m.csv:2, column `member`", "2510 of 2510 member rows", "look swapped"]);
    assert!(!out.exists(), "nothing written");
    let o =
        run(&["obligations", "--state", "USA", "--on", "1990-01-01", "--no-builtin", &format!("--atop={}", s(&atop))]);
    expect(&o, 1, &["column `member`", "look swapped"]);
}
