//! The hostile-input corpus: every case of `tests/hostile/*.toml` run against the real
//! `casus` binary, with its exit status, the place its message must name, a time limit
//! and a memory limit. The format is documented in `tests/hostile/README.md`.
//!
//! This test has no libtest harness (`harness = false`): `main` loads the corpus, runs the
//! cases on a few worker threads and prints a table of failures. Arguments that do not
//! start with `-` filter cases by name (`cargo test -p casus-cli --test hostile -- gdelt`);
//! `HOSTILE_REPORT=FILE` also writes one TSV row per case (status, peak memory, time).
//!
//! **How memory is measured.** Every run of `casus` goes through a wrapper: this same test
//! binary re-executed as `hostile --wrap`, which spawns `casus`, waits for it and reads
//! `getrusage(RUSAGE_CHILDREN).ru_maxrss` — the kernel's exact peak resident set of the
//! waited-for children, which a poll of `/proc` could miss between two looks. A wrapper
//! per run is needed because `RUSAGE_CHILDREN` is the maximum over every child a process
//! has ever waited for. While it waits, the wrapper also polls `/proc/PID/status`
//! (`VmHWM`) every few milliseconds and kills a child past 1 GiB, so that a runaway case
//! cannot take the machine's memory before its time runs out; it kills a child that
//! writes more than 256 MiB of output, and one still running after its time limit
//! (reported "hung"). The wrapper can also drop root privileges (to `nobody`) for cases
//! about permissions, which root would ignore.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// Per-case time limit unless the case says otherwise.
const TIMEOUT_S: f64 = 20.0;
/// Memory every case may use whatever its input size.
const FLOOR: u64 = 64 << 20;
/// Memory no case may exceed.
const CAP: u64 = 1 << 30;
/// Output (stdout plus stderr) past which a run is killed.
const OUTPUT_CAP: u64 = 256 << 20;
/// The input kinds the corpus must cover, one file each (`tests/hostile/KIND.toml`).
const KINDS: &[&str] =
    &["treaty", "json", "folders", "stdin", "flags", "params", "atop", "cow", "gdelt", "dyads", "store", "watch"];
/// The least number of cases the corpus must hold.
const LEAST: usize = 150;

// ---------------------------------------------------------------------------------------
// The corpus format (see tests/hostile/README.md).

/// One file of the corpus: one input kind.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    /// The input kind; must equal the file's name.
    kind: String,
    /// What the file covers.
    about: String,
    #[serde(default)]
    case: Vec<Case>,
}

/// One class of hostile input.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    why: String,
    /// The issue-18 heading the class is listed under (panic, hang, silent, vague,
    /// concurrency), if it is.
    issue: Option<String>,
    /// A class still open: why it does not yet answer as expected. The case runs and must
    /// still fail; once it passes the corpus fails until `open` is removed (a strict
    /// expected failure, so a fix is noticed and a regression of a fixed class is not
    /// hidden). The one exception is a note that says the case `hung`: whether it ends
    /// inside its time depends on the machine's speed, so a pass is reported, not failed.
    open: Option<String>,
    #[serde(default)]
    files: Vec<FileSpec>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    /// Seconds before a run counts as hung.
    timeout: Option<f64>,
    /// Peak memory in MiB, for an input whose model is rightly many times its size
    /// (the default is ten times the input, 64 MiB at least).
    memory: Option<u64>,
    /// Run as `nobody` when the test runs as root (permissions mean nothing to root).
    #[serde(default)]
    unprivileged: bool,
    /// Steps before the case's own run (or instead of it).
    #[serde(default)]
    step: Vec<Step>,
    // The case's own run: the same fields as a step.
    run: Option<Vec<String>>,
    sql: Option<Sql>,
    chmod: Option<Chmod>,
    truncate: Option<Truncate>,
    stdin: Option<Input>,
    parallel: Option<usize>,
    interrupt_after: Option<f64>,
    status: Option<Status>,
    place: Option<Place>,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    one_of: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    stdout_lines: Option<usize>,
    #[serde(default)]
    alongside: Vec<Vec<String>>,
}

/// One step: a run of `casus`, or an SQL statement, a `chmod` or a truncation done by the
/// runner.
#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct Step {
    run: Option<Vec<String>>,
    sql: Option<Sql>,
    chmod: Option<Chmod>,
    truncate: Option<Truncate>,
    stdin: Option<Input>,
    parallel: Option<usize>,
    interrupt_after: Option<f64>,
    status: Option<Status>,
    place: Option<Place>,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    one_of: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    stdout_lines: Option<usize>,
    /// Other runs of casus, each started again and again while this step's run lasts;
    /// every one must exit 0.
    #[serde(default)]
    alongside: Vec<Vec<String>>,
}

/// The expected exit status: one, or (where the issue allows either of two fixes, such as
/// "a refusal or a bounded read") a list of the acceptable ones.
#[derive(Deserialize, Clone, Debug)]
#[serde(untagged)]
enum Status {
    One(i32),
    Any(Vec<i32>),
}

impl Status {
    fn allows(&self, code: Option<i32>) -> bool {
        match self {
            Status::One(c) => code == Some(*c),
            Status::Any(list) => code.is_some_and(|c| list.contains(&c)),
        }
    }

    fn success_only(&self) -> bool {
        match self {
            Status::One(c) => *c == 0,
            Status::Any(list) => list.iter().all(|c| *c == 0),
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::One(c) => write!(f, "{c}"),
            Status::Any(list) => {
                let l: Vec<String> = list.iter().map(i32::to_string).collect();
                write!(f, "{}", l.join("|"))
            }
        }
    }
}

/// The place the message must name, or the spellings of one place that are all right
/// (`<stdin>` or `standard input`).
#[derive(Deserialize, Clone, Debug)]
#[serde(untagged)]
enum Place {
    One(String),
    Any(Vec<String>),
}

impl Place {
    fn found_in(&self, text: &str) -> bool {
        match self {
            Place::One(p) => text.contains(p.as_str()),
            Place::Any(list) => list.iter().any(|p| text.contains(p.as_str())),
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::One(p) => write!(f, "`{}`", escape(p)),
            Place::Any(list) => {
                let l: Vec<String> = list.iter().map(|p| format!("`{}`", escape(p))).collect();
                write!(f, "{}", l.join(" or "))
            }
        }
    }
}

/// SQL run by the runner on a database of the case.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Sql {
    db: String,
    exec: String,
}

/// Cutting a file of the case to `len` bytes (a damaged database).
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Truncate {
    path: String,
    len: u64,
}

/// A change of permissions done by the runner.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Chmod {
    path: String,
    mode: u32,
}

/// Standard input of a run: redirected from `path` (`< PATH`: a file of the case,
/// `/dev/zero`, …), or the bytes of the other fields through a pipe (`printf … | casus`).
#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct Input {
    path: Option<String>,
    hex: Option<String>,
    text: Option<String>,
    copy: Option<String>,
    head: Option<usize>,
    #[serde(default)]
    replace: Vec<[String; 2]>,
    #[serde(default)]
    gdelt: Vec<Gdelt>,
    generate: Option<Generate>,
    tail: Option<String>,
    nul: Option<u64>,
}

/// A file (or folder, FIFO, link, database) the case creates in its folder (`times` of
/// them, numbered, if it says): `kind` is
/// `file` (the default), `dir`, `fifo`, `symlink` (to `target`, which need not exist) or
/// `sqlite` (created by `schema`); `mode` is set last. The bytes of a file, in this order:
/// `hex`, `text` (or `copy`, edited by `head` and `replace`), `gdelt` rows, `generate`,
/// `tail`, then `nul` NUL bytes (sparse, so a 2 GB file costs no disk); `gzip` compresses
/// them.
#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    path: String,
    /// Make this many files, `{i}` in the path and the text replaced by 0, 1, …
    times: Option<u64>,
    kind: Option<String>,
    target: Option<String>,
    schema: Option<String>,
    mode: Option<u32>,
    hex: Option<String>,
    text: Option<String>,
    copy: Option<String>,
    head: Option<usize>,
    #[serde(default)]
    replace: Vec<[String; 2]>,
    #[serde(default)]
    gdelt: Vec<Gdelt>,
    generate: Option<Generate>,
    tail: Option<String>,
    nul: Option<u64>,
    /// Gzip the bytes (not with `nul`).
    #[serde(default)]
    gzip: bool,
}

/// The bytes of a file or of standard input (see [`FileSpec`]).
struct Content<'a> {
    hex: Option<&'a str>,
    text: Option<&'a str>,
    copy: Option<&'a str>,
    head: Option<usize>,
    replace: &'a [[String; 2]],
    gdelt: &'a [Gdelt],
    generate: Option<&'a Generate>,
    tail: Option<&'a str>,
    nul: Option<u64>,
    gzip: bool,
}

impl FileSpec {
    fn content(&self) -> Content<'_> {
        Content {
            hex: self.hex.as_deref(),
            text: self.text.as_deref(),
            copy: self.copy.as_deref(),
            head: self.head,
            replace: &self.replace,
            gdelt: &self.gdelt,
            generate: self.generate.as_ref(),
            tail: self.tail.as_deref(),
            nul: self.nul,
            gzip: self.gzip,
        }
    }
}

impl Input {
    fn content(&self) -> Content<'_> {
        Content {
            hex: self.hex.as_deref(),
            text: self.text.as_deref(),
            copy: self.copy.as_deref(),
            head: self.head,
            replace: &self.replace,
            gdelt: &self.gdelt,
            generate: self.generate.as_ref(),
            tail: self.tail.as_deref(),
            nul: self.nul,
            gzip: false,
        }
    }
}

/// `times` copies of `repeat` (with `{i}` and `{i+1}` replaced by the copy's number, from
/// 0, and the next) or of a GDELT row
/// (whose event id is increased by the copy's number).
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Generate {
    repeat: Option<String>,
    gdelt: Option<Gdelt>,
    times: u64,
}

/// One GDELT 1.0 daily event line (58 tab-separated fields unless `fields` says).
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Gdelt {
    id: u64,
    date: u32,
    actor: String,
    target: String,
    code: String,
    #[serde(default = "two")]
    sources: u32,
    #[serde(default)]
    lat: String,
    #[serde(default)]
    lon: String,
    #[serde(default = "fifty_eight")]
    fields: usize,
    /// SOURCEURL (default `https://example.org/ID`).
    url: Option<String>,
}

fn two() -> u32 {
    2
}

fn fifty_eight() -> usize {
    58
}

impl Gdelt {
    fn line(&self, plus: u64) -> String {
        let mut f = vec![String::new(); self.fields.max(58)];
        let id = self.id + plus;
        f[0] = id.to_string();
        f[1] = self.date.to_string();
        f[7].clone_from(&self.actor);
        f[17].clone_from(&self.target);
        f[26].clone_from(&self.code);
        f[28] = self.code.chars().take(2).collect();
        f[31] = (self.sources * 2).to_string();
        f[32] = self.sources.to_string();
        f[33] = (self.sources * 3).to_string();
        f[53].clone_from(&self.lat);
        f[54].clone_from(&self.lon);
        f[56] = self.date.to_string();
        f[57] = self.url.clone().unwrap_or_else(|| format!("https://example.org/{id}"));
        f.truncate(self.fields);
        f.join("\t") + "\n"
    }
}

// ---------------------------------------------------------------------------------------
// The wrapper: one per run, so that RUSAGE_CHILDREN covers exactly that run.

/// What the runner asks the wrapper to run.
#[derive(Serialize, Deserialize)]
struct Request {
    program: PathBuf,
    args: Vec<String>,
    cwd: PathBuf,
    env: BTreeMap<String, String>,
    /// `None`: /dev/null; `Some((path, false))`: redirect from path; `Some((path, true))`:
    /// the bytes of path written through a pipe.
    stdin: Option<(PathBuf, bool)>,
    copies: usize,
    timeout_ms: u64,
    interrupt_ms: Option<u64>,
    out_dir: PathBuf,
    unprivileged: bool,
    /// Runs repeated while the copies run.
    alongside: Vec<Vec<String>>,
}

/// How each copy of the run ended.
#[derive(Serialize, Deserialize, Clone, Debug, Default)]
struct Ended {
    code: Option<i32>,
    signal: Option<i32>,
    hung: bool,
    /// Killed for passing the memory cap, at this many bytes.
    memory_killed: Option<u64>,
    flooded: bool,
    elapsed_ms: u64,
}

/// The wrapper's answer.
#[derive(Serialize, Deserialize, Debug)]
struct Outcome {
    ended: Vec<Ended>,
    /// Peak resident set of the largest child, in bytes.
    max_rss: u64,
    /// How many alongside runs ended, and the first that failed (status, stderr).
    alongside_runs: usize,
    alongside_failed: Option<(String, String)>,
    /// A failure of the wrapper itself.
    error: Option<String>,
}

impl Outcome {
    fn failed(e: String) -> Outcome {
        Outcome { ended: vec![], max_rss: 0, alongside_runs: 0, alongside_failed: None, error: Some(e) }
    }
}

fn wrap() -> ExitCode {
    let mut text = String::new();
    let outcome = match std::io::stdin().read_to_string(&mut text) {
        Ok(_) => match serde_json::from_str::<Request>(&text) {
            Ok(req) => supervise(&req).unwrap_or_else(Outcome::failed),
            Err(e) => Outcome::failed(format!("bad request: {e}")),
        },
        Err(e) => Outcome::failed(format!("cannot read the request: {e}")),
    };
    println!("{}", serde_json::to_string(&outcome).unwrap_or_default());
    ExitCode::SUCCESS
}

/// `VmHWM` of a live process, in bytes (0 once it has exited).
fn high_water(pid: u32) -> u64 {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else { return 0 };
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

fn supervise(req: &Request) -> Result<Outcome, String> {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    use std::os::unix::process::ExitStatusExt as _;

    if req.unprivileged && nix::unistd::geteuid().is_root() {
        let nobody = 65534;
        nix::unistd::setgroups(&[]).map_err(|e| format!("setgroups: {e}"))?;
        nix::unistd::setgid(nix::unistd::Gid::from_raw(nobody)).map_err(|e| format!("setgid: {e}"))?;
        nix::unistd::setuid(nix::unistd::Uid::from_raw(nobody)).map_err(|e| format!("setuid: {e}"))?;
    }
    let start = Instant::now();
    let mut children = Vec::new();
    for i in 0..req.copies {
        let out = std::fs::File::create(req.out_dir.join(format!("{i}.out"))).map_err(|e| e.to_string())?;
        let err = std::fs::File::create(req.out_dir.join(format!("{i}.err"))).map_err(|e| e.to_string())?;
        let args: Vec<String> = req.args.iter().map(|a| a.replace("{copy}", &(i + 1).to_string())).collect();
        let mut cmd = command(req, &args, out, err);
        let mut pipe = None;
        match &req.stdin {
            None => {
                cmd.stdin(Stdio::null());
            }
            Some((path, false)) => {
                cmd.stdin(std::fs::File::open(path).map_err(|e| format!("stdin `{}`: {e}", path.display()))?);
            }
            Some((path, true)) => {
                cmd.stdin(Stdio::piped());
                pipe = Some(std::fs::read(path).map_err(|e| e.to_string())?);
            }
        }
        let mut child = cmd.spawn().map_err(|e| format!("cannot start casus: {e}"))?;
        if let (Some(bytes), Some(mut w)) = (pipe, child.stdin.take()) {
            // Errors (the child closed its end) are the child's business.
            std::thread::spawn(move || {
                let _ = w.write_all(&bytes);
            });
        }
        children.push((i, child, Ended::default(), false));
    }
    let deadline = Duration::from_millis(req.timeout_ms);
    let mut interrupted = false;
    let (mut alongside_runs, mut alongside_failed) = (0, None);
    let mut along: Vec<Option<std::process::Child>> = req.alongside.iter().map(|_| None).collect();
    while children.iter().any(|c| !c.3) {
        for (j, slot) in along.iter_mut().enumerate() {
            if let Some(c) = slot {
                match c.try_wait() {
                    Ok(Some(status)) => {
                        alongside_runs += 1;
                        if !status.success() && alongside_failed.is_none() {
                            let err = std::fs::read(req.out_dir.join(format!("along{j}.err"))).unwrap_or_default();
                            let what = status.code().map_or_else(|| format!("{status}"), |c| format!("exit {c}"));
                            alongside_failed = Some((what, String::from_utf8_lossy(&err).into_owned()));
                        }
                        *slot = None;
                    }
                    Ok(None) => {}
                    Err(e) => return Err(format!("wait: {e}")),
                }
            }
            if slot.is_none() {
                let out =
                    std::fs::File::create(req.out_dir.join(format!("along{j}.out"))).map_err(|e| e.to_string())?;
                let err =
                    std::fs::File::create(req.out_dir.join(format!("along{j}.err"))).map_err(|e| e.to_string())?;
                let mut cmd = command(req, &req.alongside[j], out, err);
                cmd.stdin(Stdio::null());
                *slot = Some(cmd.spawn().map_err(|e| format!("cannot start casus: {e}"))?);
            }
        }
        let now = start.elapsed();
        if let Some(ms) = req.interrupt_ms
            && !interrupted
            && now >= Duration::from_millis(ms)
        {
            interrupted = true;
            for (_, child, _, done) in &children {
                if !done {
                    let _ = kill(Pid::from_raw(child.id() as i32), Signal::SIGINT);
                }
            }
        }
        for (i, child, ended, done) in &mut children {
            if *done {
                continue;
            }
            match child.try_wait() {
                Ok(Some(status)) => {
                    ended.code = status.code();
                    ended.signal = status.signal();
                    ended.elapsed_ms = start.elapsed().as_millis() as u64;
                    *done = true;
                    continue;
                }
                Ok(None) => {}
                Err(e) => return Err(format!("wait: {e}")),
            }
            let hwm = high_water(child.id());
            let output = ["out", "err"]
                .iter()
                .filter_map(|x| std::fs::metadata(req.out_dir.join(format!("{i}.{x}"))).ok())
                .map(|m| m.len())
                .sum::<u64>();
            if hwm > CAP {
                ended.memory_killed = Some(hwm);
            } else if output > OUTPUT_CAP {
                ended.flooded = true;
            } else if now > deadline {
                ended.hung = true;
            } else {
                continue;
            }
            let _ = child.kill();
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    for mut c in along.into_iter().flatten() {
        // The last alongside run is not waited for: kill it, so that it cannot outlive us.
        let _ = c.kill();
        let _ = c.wait();
    }
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .map_err(|e| format!("getrusage: {e}"))?;
    Ok(Outcome {
        ended: children.into_iter().map(|c| c.2).collect(),
        max_rss: u64::try_from(usage.max_rss()).unwrap_or(0) * 1024,
        alongside_runs,
        alongside_failed,
        error: None,
    })
}

/// `casus ARGS` as the case runs it: in its folder, without the data folders of the
/// environment, without colour or backtraces.
fn command(req: &Request, args: &[String], out: std::fs::File, err: std::fs::File) -> Command {
    let mut cmd = Command::new(&req.program);
    cmd.args(args).current_dir(&req.cwd).stdout(out).stderr(err);
    cmd.env_remove("CASUS_ATOP_DIR").env_remove("CASUS_COW_DIR");
    cmd.env("NO_COLOR", "1").env("RUST_BACKTRACE", "0").envs(&req.env);
    cmd
}

// ---------------------------------------------------------------------------------------
// The runner.

/// Where things are.
struct Places {
    repo: PathBuf,
    data: PathBuf,
    casus: PathBuf,
    me: PathBuf,
}

impl Places {
    fn expand(&self, s: &str, dir: &Path) -> String {
        s.replace("{data}", &self.data.to_string_lossy())
            .replace("{repo}", &self.repo.to_string_lossy())
            .replace("{dir}", &dir.to_string_lossy())
    }
}

/// The result of one case.
#[derive(Clone)]
enum Verdict {
    Pass,
    Skip(String),
    Fail {
        expected: String,
        got: String,
        excerpt: String,
    },
    /// Failed as its `open` note says it still does.
    Open(String),
}

struct Report {
    kind: String,
    name: String,
    issue: Option<String>,
    verdict: Verdict,
    peak: u64,
    limit: u64,
    elapsed: Duration,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--wrap") {
        return wrap();
    }
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = manifest.join("../..").canonicalize().unwrap_or_else(|_| manifest.join("../.."));
    let data = std::env::var_os("CASUS_HOSTILE_DATA").map_or_else(|| repo.join("../shared/data"), PathBuf::from);
    let data = data.canonicalize().unwrap_or(data);
    let places = Places {
        repo: repo.clone(),
        data,
        casus: PathBuf::from(env!("CARGO_BIN_EXE_casus")),
        me: std::env::current_exe().unwrap_or_default(),
    };

    let (cases, mut problems) = load(&repo.join("tests/hostile"), filters.is_empty());
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("corpus: {p}");
        }
        return ExitCode::FAILURE;
    }
    let todo: Vec<&(String, Case)> = cases
        .iter()
        .filter(|(_, c)| filters.is_empty() || filters.iter().any(|f| c.name.contains(f.as_str())))
        .collect();
    let jobs = std::env::var("HOSTILE_JOBS").ok().and_then(|j| j.parse().ok()).unwrap_or(3usize).max(1);
    eprintln!("hostile: {} cases of {} ({} at a time)", todo.len(), cases.len(), jobs);

    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let reports = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some((kind, case)) = todo.get(i) else { break };
                    let report = run_case(&places, kind, case);
                    if let Verdict::Fail { got, .. } = &report.verdict {
                        eprintln!("  FAIL {} ({got})", report.name);
                    }
                    reports.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(report);
                }
            });
        }
    });
    let mut reports = reports.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let open: BTreeMap<&str, &str> =
        cases.iter().filter_map(|(_, c)| c.open.as_deref().map(|o| (c.name.as_str(), o))).collect();
    for r in &mut reports {
        if let Some(why) = open.get(r.name.as_str()) {
            r.verdict = match &r.verdict {
                Verdict::Fail { .. } => Verdict::Open((*why).to_string()),
                Verdict::Pass if why.contains("hung") => {
                    eprintln!("  note: {} passes now on this machine (its open note says it hung)", r.name);
                    Verdict::Pass
                }
                Verdict::Pass => Verdict::Fail {
                    expected: "still open".into(),
                    got: "passes now".into(),
                    excerpt: "remove its `open` note".into(),
                },
                other => other.clone(),
            };
        }
    }
    reports.sort_by(|a, b| (&a.kind, &a.name).cmp(&(&b.kind, &b.name)));
    let total = started.elapsed();
    summarise(&reports, total, &mut problems);
    if let Some(path) = std::env::var_os("HOSTILE_REPORT") {
        let _ = std::fs::write(path, tsv(&reports));
    }
    if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// Reads every `KIND.toml`, and checks the corpus itself: every kind present and enough
/// cases (unless a filter picks some), and unique names, a `why` and an expected status everywhere, a place for every
/// failure status.
fn load(dir: &Path, whole: bool) -> (Vec<(String, Case)>, Vec<String>) {
    let mut problems = Vec::new();
    let mut cases = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_else(|e| {
            problems.push(format!("cannot read {}: {e}", dir.display()));
            Vec::new()
        });
    files.retain(|p| p.extension().is_some_and(|x| x == "toml"));
    files.sort();
    let mut kinds = Vec::new();
    for file in files {
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let corpus: Corpus = match std::fs::read_to_string(&file)
            .map_err(|e| e.to_string())
            .and_then(|t| toml::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(c) => c,
            Err(e) => {
                problems.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        if corpus.kind != stem {
            problems.push(format!("{}: kind `{}` is not the file's name", file.display(), corpus.kind));
        }
        if corpus.about.trim().is_empty() {
            problems.push(format!("{}: `about` is empty", file.display()));
        }
        kinds.push(stem.clone());
        for case in corpus.case {
            let at = format!("{}: case `{}`", file.display(), case.name);
            if !case.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                problems.push(format!("{at}: names are lower-case words joined by `-`"));
            }
            if !names.insert(case.name.clone()) {
                problems.push(format!("{at}: the name is used twice"));
            }
            if case.why.trim().is_empty() {
                problems.push(format!("{at}: no `why`"));
            }
            if let Some(i) = &case.issue
                && !["panic", "hang", "silent", "vague", "concurrency"].contains(&i.as_str())
            {
                problems.push(format!("{at}: issue `{i}` is not a heading of issue 18"));
            }
            let steps = steps(&case);
            if !steps.iter().any(|s| s.run.is_some()) {
                problems.push(format!("{at}: no run of casus"));
            }
            for (n, s) in steps.iter().enumerate() {
                let ops = usize::from(s.run.is_some())
                    + usize::from(s.sql.is_some())
                    + usize::from(s.chmod.is_some())
                    + usize::from(s.truncate.is_some());
                if ops != 1 {
                    problems.push(format!("{at}: step {} must have exactly one of run, sql, chmod, truncate", n + 1));
                }
                if s.run.is_some() && s.status.is_none() {
                    problems.push(format!("{at}: step {} has no expected `status`", n + 1));
                }
                if s.run.is_some() && s.status.as_ref().is_some_and(|c| !c.success_only()) && s.place.is_none() {
                    problems.push(format!("{at}: step {} fails but names no `place`", n + 1));
                }
            }
            cases.push((stem.clone(), case));
        }
    }
    for k in KINDS.iter().filter(|_| whole) {
        if !kinds.iter().any(|x| x == k) {
            problems.push(format!("no file for the input kind `{k}` (tests/hostile/{k}.toml)"));
        }
    }
    if whole && cases.len() < LEAST {
        problems.push(format!("{} cases; the corpus must hold at least {LEAST}", cases.len()));
    }
    (cases, problems)
}

/// The case's steps, its own run last.
fn steps(case: &Case) -> Vec<Step> {
    let mut v = case.step.clone();
    if case.run.is_some() || case.sql.is_some() || case.chmod.is_some() || case.truncate.is_some() {
        v.push(Step {
            run: case.run.clone(),
            sql: case.sql.clone(),
            chmod: case.chmod.clone(),
            truncate: case.truncate.clone(),
            stdin: case.stdin.clone(),
            parallel: case.parallel,
            interrupt_after: case.interrupt_after,
            status: case.status.clone(),
            place: case.place.clone(),
            words: case.words.clone(),
            one_of: case.one_of.clone(),
            absent: case.absent.clone(),
            stdout_lines: case.stdout_lines,
            alongside: case.alongside.clone(),
        });
    }
    v
}

fn uses_data(case: &Case) -> bool {
    let mut texts: Vec<&str> = Vec::new();
    for s in &case.step {
        texts.extend(s.run.iter().flatten().map(String::as_str));
    }
    texts.extend(case.run.iter().flatten().map(String::as_str));
    texts.extend(case.files.iter().filter_map(|f| f.copy.as_deref()));
    texts.extend(case.files.iter().filter_map(|f| f.target.as_deref()));
    texts.extend(case.env.values().map(String::as_str));
    texts.iter().any(|t| t.contains("{data}"))
}

fn run_case(places: &Places, kind: &str, case: &Case) -> Report {
    let started = Instant::now();
    let mut report = Report {
        kind: kind.into(),
        name: case.name.clone(),
        issue: case.issue.clone(),
        verdict: Verdict::Pass,
        peak: 0,
        limit: 0,
        elapsed: Duration::ZERO,
    };
    let fail = |expected: &str, got: String| Verdict::Fail { expected: expected.into(), got, excerpt: String::new() };
    if uses_data(case) && !places.data.is_dir() {
        assert!(
            std::env::var("CASUS_REQUIRE_DATA").as_deref() != Ok("1"),
            "reference data missing at {}",
            places.data.display()
        );
        report.verdict = Verdict::Skip(format!("no data at {}", places.data.display()));
        return report;
    }
    let dir = match tempfile::Builder::new().prefix("hostile-").tempdir() {
        Ok(d) => d,
        Err(e) => {
            report.verdict = fail("a temporary folder", e.to_string());
            return report;
        }
    };
    let out = match tempfile::Builder::new().prefix("hostile-out-").tempdir() {
        Ok(d) => d,
        Err(e) => {
            report.verdict = fail("a temporary folder", e.to_string());
            return report;
        }
    };
    let root = dir.path().to_path_buf();
    for f in &case.files {
        if let Err(e) = materialise(places, &root, f) {
            report.verdict = fail("the case's files", format!("{}: {e}", f.path));
            return report;
        }
    }
    if case.unprivileged && nix::unistd::geteuid().is_root() {
        // `nobody` must be able to enter and write the case's folders; files keep theirs.
        let _ = open_up(&root);
        let _ = open_up(out.path());
    }
    let env: BTreeMap<String, String> = case.env.iter().map(|(k, v)| (k.clone(), places.expand(v, &root))).collect();
    for (n, step) in steps(case).iter().enumerate() {
        let label = if case.step.is_empty() { String::new() } else { format!("step {}: ", n + 1) };
        if let Some(sql) = &step.sql {
            let r = rusqlite::Connection::open(root.join(&sql.db)).and_then(|c| c.execute_batch(&sql.exec));
            if let Err(e) = r {
                report.verdict = fail(&format!("{label}SQL runs"), e.to_string());
                break;
            }
            continue;
        }
        if let Some(ch) = &step.chmod {
            use std::os::unix::fs::PermissionsExt as _;
            if let Err(e) = std::fs::set_permissions(root.join(&ch.path), std::fs::Permissions::from_mode(ch.mode)) {
                report.verdict = fail(&format!("{label}chmod"), e.to_string());
                break;
            }
            continue;
        }
        if let Some(t) = &step.truncate {
            let r = std::fs::OpenOptions::new().write(true).open(root.join(&t.path)).and_then(|f| f.set_len(t.len));
            if let Err(e) = r {
                report.verdict = fail(&format!("{label}truncate"), e.to_string());
                break;
            }
            continue;
        }
        let Some(args) = &step.run else { continue };
        let args: Vec<String> = args.iter().map(|a| places.expand(a, &root)).collect();
        let stdin = match stdin_for(places, &root, out.path(), step.stdin.as_ref()) {
            Ok(s) => s,
            Err(e) => {
                report.verdict = fail(&format!("{label}standard input"), e);
                break;
            }
        };
        let size = input_size(places, &root, &args, stdin.as_ref());
        let limit = case.memory.map_or(size.saturating_mul(10).clamp(FLOOR, CAP), |m| (m << 20).min(CAP));
        let copies = step.parallel.unwrap_or(1).max(1);
        let req = Request {
            program: places.casus.clone(),
            args: args.clone(),
            cwd: root.clone(),
            env: env.clone(),
            stdin,
            copies,
            timeout_ms: (case.timeout.unwrap_or(TIMEOUT_S) * 1000.0) as u64,
            interrupt_ms: step.interrupt_after.map(|s| (s * 1000.0) as u64),
            out_dir: out.path().to_path_buf(),
            unprivileged: case.unprivileged,
            alongside: step.alongside.iter().map(|a| a.iter().map(|x| places.expand(x, &root)).collect()).collect(),
        };
        let outcome = match wrapped(places, &req) {
            Ok(o) => o,
            Err(e) => {
                report.verdict = fail(&format!("{label}the wrapper runs"), e);
                break;
            }
        };
        report.peak = report.peak.max(outcome.max_rss);
        report.limit = limit;
        let expected = describe(step);
        let mut problems = Vec::new();
        let mut excerpt = String::new();
        for (i, ended) in outcome.ended.iter().enumerate() {
            let stdout = read_lossy(&out.path().join(format!("{i}.out")));
            let stderr = read_lossy(&out.path().join(format!("{i}.err")));
            if excerpt.is_empty() {
                excerpt = first_lines(if stderr.trim().is_empty() { &stdout } else { &stderr });
            }
            let who = if copies > 1 { format!("copy {}: ", i + 1) } else { String::new() };
            let found = judge(step, ended, &stdout, &stderr);
            if !found.is_empty() && std::env::var_os("HOSTILE_VERBOSE").is_some() {
                let head = |t: &str| t.lines().take(25).map(escape).collect::<Vec<_>>().join("\n    ");
                eprintln!(
                    "--- {} {label}{who}{:?}\n  stdout:\n    {}\n  stderr:\n    {}",
                    case.name,
                    args,
                    head(&stdout),
                    head(&stderr)
                );
            }
            problems.extend(found.into_iter().map(|p| format!("{who}{p}")));
        }
        if let Some((what, err)) = &outcome.alongside_failed {
            problems.push(format!("an alongside run ended with {what}: {}", first_lines(err)));
        } else if !step.alongside.is_empty() && outcome.alongside_runs == 0 {
            problems.push("no alongside run ended while the step ran".into());
        }
        if outcome.max_rss > limit {
            problems.push(format!("peak memory {} > limit {} (input {})", mib(outcome.max_rss), mib(limit), mib(size)));
        }
        if !problems.is_empty() {
            report.verdict =
                Verdict::Fail { expected: format!("{label}{expected}"), got: problems.join("; "), excerpt };
            break;
        }
    }
    report.elapsed = started.elapsed();
    report
}

/// Gives everyone access to a folder and the folders in it.
fn open_up(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777))?;
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        if e.file_type()?.is_dir() {
            open_up(&e.path())?;
        }
    }
    Ok(())
}

fn wrapped(places: &Places, req: &Request) -> Result<Outcome, String> {
    let mut child = Command::new(&places.me)
        .arg("--wrap")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start the wrapper: {e}"))?;
    let body = serde_json::to_vec(req).map_err(|e| e.to_string())?;
    child.stdin.take().ok_or("no stdin")?.write_all(&body).map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let outcome: Outcome = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("the wrapper said `{}`: {e}", String::from_utf8_lossy(&out.stdout)))?;
    match outcome.error {
        Some(e) => Err(e),
        None => Ok(outcome),
    }
}

fn stdin_for(
    places: &Places,
    root: &Path,
    out: &Path,
    input: Option<&Input>,
) -> Result<Option<(PathBuf, bool)>, String> {
    let Some(input) = input else { return Ok(None) };
    if let Some(p) = &input.path {
        return Ok(Some((root.join(places.expand(p, root)), false)));
    }
    let path = out.join("stdin.bytes");
    write_content(places, root, &path, &input.content()).map_err(|e| e.to_string())?;
    Ok(Some((path, true)))
}

/// The input's size: the case's files, the files and folders its arguments name, and
/// standard input (a device or a FIFO counts 0, a sparse file its length). Folders are
/// walked only inside the case, the repository and the reference data.
fn input_size(places: &Places, root: &Path, args: &[String], stdin: Option<&(PathBuf, bool)>) -> u64 {
    fn walk(p: &Path, seen: &mut std::collections::BTreeSet<PathBuf>, deep: bool) -> u64 {
        let Ok(meta) = std::fs::symlink_metadata(p) else { return 0 };
        if !seen.insert(p.to_path_buf()) {
            return 0;
        }
        if meta.is_dir() && deep && !p.ends_with("target") && !p.ends_with(".git") {
            std::fs::read_dir(p)
                .map(|rd| rd.filter_map(Result::ok).map(|e| walk(&e.path(), seen, deep)).sum())
                .unwrap_or(0)
        } else if meta.is_file() {
            meta.len()
        } else {
            0
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut total = walk(root, &mut seen, true);
    for a in args {
        let value = a.split_once('=').map_or(a.as_str(), |(_, v)| v);
        for candidate in [a.as_str(), value] {
            let p = root.join(candidate);
            let deep = [root, places.data.as_path(), places.repo.as_path()].iter().any(|r| p.starts_with(r));
            total += walk(&p, &mut seen, deep);
        }
    }
    if let Some((p, _)) = stdin {
        total += walk(p, &mut seen, false);
    }
    total
}

fn materialise(places: &Places, root: &Path, f: &FileSpec) -> std::io::Result<()> {
    if let Some(n) = f.times {
        for i in 0..n {
            let i = i.to_string();
            let one = FileSpec {
                path: f.path.replace("{i}", &i),
                times: None,
                text: f.text.as_ref().map(|t| t.replace("{i}", &i)),
                ..f.clone()
            };
            materialise(places, root, &one)?;
        }
        return Ok(());
    }
    let path = root.join(&f.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match f.kind.as_deref().unwrap_or("file") {
        "file" => write_content(places, root, &path, &f.content())?,
        "dir" => std::fs::create_dir_all(&path)?,
        "fifo" => nix::unistd::mkfifo(&path, nix::sys::stat::Mode::from_bits_truncate(0o644))?,
        "symlink" => {
            let target = places.expand(f.target.as_deref().unwrap_or("missing"), root);
            std::os::unix::fs::symlink(target, &path)?;
        }
        "sqlite" => {
            let conn = rusqlite::Connection::open(&path).map_err(std::io::Error::other)?;
            conn.execute_batch(f.schema.as_deref().unwrap_or("")).map_err(std::io::Error::other)?;
        }
        other => return Err(std::io::Error::other(format!("unknown kind `{other}`"))),
    }
    if let Some(mode) = f.mode {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

fn write_content(places: &Places, root: &Path, path: &Path, c: &Content<'_>) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    if c.gzip {
        let gz = flate2::write::GzEncoder::new(std::io::BufWriter::new(&file), flate2::Compression::fast());
        let mut w = std::io::BufWriter::with_capacity(1 << 20, gz);
        write_bytes(places, root, c, &mut w)?;
        w.into_inner().map_err(std::io::IntoInnerError::into_error)?.finish()?.flush()?;
        return Ok(());
    }
    let mut w = std::io::BufWriter::new(&file);
    write_bytes(places, root, c, &mut w)?;
    w.flush()?;
    drop(w);
    if let Some(n) = c.nul {
        let len = file.metadata()?.len();
        file.set_len(len + n)?;
    }
    Ok(())
}

fn write_bytes(places: &Places, root: &Path, c: &Content<'_>, w: &mut impl std::io::Write) -> std::io::Result<()> {
    if let Some(hex) = c.hex {
        w.write_all(&unhex(hex).map_err(std::io::Error::other)?)?;
    }
    let mut body: Option<Vec<u8>> = c.text.map(|t| t.as_bytes().to_vec());
    if let Some(src) = c.copy {
        body = Some(std::fs::read(places.expand(src, root))?);
    }
    if let Some(mut b) = body {
        if let Some(n) = c.head {
            let cut = b.iter().enumerate().filter(|(_, x)| **x == b'\n').nth(n.saturating_sub(1)).map(|(i, _)| i + 1);
            if let Some(cut) = cut {
                b.truncate(cut);
            }
        }
        for [from, to] in c.replace {
            b = String::from_utf8_lossy(&b).replacen(from.as_str(), to, 1).into_bytes();
        }
        w.write_all(&b)?;
    }
    for g in c.gdelt {
        w.write_all(g.line(0).as_bytes())?;
    }
    if let Some(g) = c.generate {
        for i in 0..g.times {
            if let Some(r) = &g.repeat {
                if r.contains("{i") {
                    let r = r.replace("{i}", &i.to_string()).replace("{i+1}", &(i + 1).to_string());
                    w.write_all(r.as_bytes())?;
                } else {
                    w.write_all(r.as_bytes())?;
                }
            }
            if let Some(row) = &g.gdelt {
                w.write_all(row.line(i).as_bytes())?;
            }
        }
    }
    if let Some(t) = c.tail {
        w.write_all(t.as_bytes())?;
    }
    Ok(())
}

fn unhex(s: &str) -> Result<Vec<u8>, String> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if !s.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits in `{s}`"));
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| format!("`{s}`: {e}"))).collect()
}

/// Every way a run missed its expectations (none: it passed).
fn judge(step: &Step, ended: &Ended, stdout: &str, stderr: &str) -> Vec<String> {
    let mut p = Vec::new();
    if let Some(bytes) = ended.memory_killed {
        p.push(format!("killed at {} of memory", mib(bytes)));
        return p;
    }
    if ended.flooded {
        p.push(format!("killed after writing more than {} of output", mib(OUTPUT_CAP)));
        return p;
    }
    if ended.hung {
        p.push(format!("hung (killed after {:.0} s)", ended.elapsed_ms as f64 / 1000.0));
        return p;
    }
    let all = format!("{stdout}\n{stderr}");
    let lower = all.to_lowercase();
    if ended.code == Some(101) || all.contains("panicked at") || all.contains("has overflowed its stack") {
        p.push("panicked".into());
    } else if let Some(sig) = ended.signal {
        p.push(format!("killed by signal {sig}"));
    } else if !step.status.as_ref().is_some_and(|s| s.allows(ended.code)) {
        p.push(format!("exit {}", ended.code.map_or("?".into(), |c| c.to_string())));
    }
    if let Some(place) = &step.place
        && !place.found_in(&all)
    {
        p.push(format!("no {place} in the output"));
    }
    let missing: Vec<&str> =
        step.words.iter().filter(|w| !lower.contains(&w.to_lowercase())).map(String::as_str).collect();
    if !missing.is_empty() {
        p.push(format!("missing words {missing:?}"));
    }
    if !step.one_of.is_empty() && !step.one_of.iter().any(|w| lower.contains(&w.to_lowercase())) {
        p.push(format!("none of {:?}", step.one_of));
    }
    let present: Vec<String> = step.absent.iter().filter(|w| all.contains(w.as_str())).map(|w| escape(w)).collect();
    if !present.is_empty() {
        p.push(format!("has {present:?}"));
    }
    if let Some(n) = step.stdout_lines {
        let lines = stdout.lines().count();
        if lines != n {
            p.push(format!("{lines} lines of output"));
        }
    }
    p
}

fn describe(step: &Step) -> String {
    let mut s = format!("exit {}", step.status.as_ref().map_or("?".into(), ToString::to_string));
    if let Some(p) = &step.place {
        let _ = write!(s, " at {p}");
    }
    if !step.words.is_empty() {
        let _ = write!(s, " {:?}", step.words);
    }
    if !step.one_of.is_empty() {
        let _ = write!(s, " one of {:?}", step.one_of);
    }
    if let Some(n) = step.stdout_lines {
        let _ = write!(s, ", {n} lines");
    }
    if let Some(n) = step.parallel {
        let _ = write!(s, " (×{n})");
    }
    s
}

fn read_lossy(p: &Path) -> String {
    std::fs::read(p).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}

/// Control characters as `\u{…}`, so that the table itself is safe to print.
fn escape(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

fn first_lines(s: &str) -> String {
    let text: Vec<String> = s.lines().filter(|l| !l.trim().is_empty()).take(2).map(|l| escape(l.trim())).collect();
    let text = text.join(" ⏎ ");
    if text.chars().count() > 140 { text.chars().take(140).collect::<String>() + "…" } else { text }
}

fn mib(b: u64) -> String {
    if b >= 10 << 20 { format!("{} MiB", b >> 20) } else { format!("{:.1} MiB", b as f64 / f64::from(1 << 20)) }
}

fn summarise(reports: &[Report], total: Duration, problems: &mut Vec<String>) {
    let failed: Vec<&Report> = reports.iter().filter(|r| matches!(r.verdict, Verdict::Fail { .. })).collect();
    let skipped = reports.iter().filter(|r| matches!(r.verdict, Verdict::Skip(_))).count();
    let open: Vec<&Report> = reports.iter().filter(|r| matches!(r.verdict, Verdict::Open(_))).collect();
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in reports {
        let e = by_kind.entry(&r.kind).or_default();
        e.0 += 1;
        e.1 += usize::from(matches!(r.verdict, Verdict::Fail { .. }));
    }
    eprintln!();
    for (k, (n, f)) in &by_kind {
        eprintln!("  {k:<8} {n:>3} cases, {f:>3} failed");
    }
    let mut slow: Vec<&Report> = reports.iter().collect();
    slow.sort_by_key(|r| std::cmp::Reverse(r.elapsed));
    let slow: Vec<String> =
        slow.iter().take(5).map(|r| format!("{} {:.1} s", r.name, r.elapsed.as_secs_f64())).collect();
    let mut heavy: Vec<&Report> = reports.iter().collect();
    heavy.sort_by_key(|r| std::cmp::Reverse(r.peak));
    let heavy: Vec<String> =
        heavy.iter().take(5).map(|r| format!("{} {} (limit {})", r.name, mib(r.peak), mib(r.limit))).collect();
    eprintln!("  slowest: {}", slow.join(", "));
    eprintln!("  most memory: {}", heavy.join(", "));
    for r in &open {
        if let Verdict::Open(why) = &r.verdict {
            eprintln!("  open {}/{}: {why}", r.kind, r.name);
        }
    }
    eprintln!(
        "hostile: {} passed, {} failed, {} open, {skipped} skipped, in {:.1} s",
        reports.len() - failed.len() - skipped - open.len(),
        failed.len(),
        open.len(),
        total.as_secs_f64()
    );
    if failed.is_empty() {
        return;
    }
    let rows: Vec<[String; 4]> = failed
        .iter()
        .map(|r| match &r.verdict {
            Verdict::Fail { expected, got, excerpt } => {
                let name = match &r.issue {
                    Some(i) => format!("{}/{} [{i}]", r.kind, r.name),
                    None => format!("{}/{}", r.kind, r.name),
                };
                [name, expected.clone(), got.clone(), excerpt.clone()]
            }
            _ => Default::default(),
        })
        .collect();
    let width = |i: usize, cap: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0).min(cap);
    let (w0, w1, w2) = (width(0, 48), width(1, 60), width(2, 60));
    let cut = |s: &str, w: usize| {
        if s.chars().count() > w { s.chars().take(w - 1).collect::<String>() + "…" } else { s.to_string() }
    };
    let mut table = format!("\n{:<w0$}  {:<w1$}  {:<w2$}  {}\n", "case", "expected", "got", "stderr");
    for r in &rows {
        let _ = writeln!(table, "{:<w0$}  {:<w1$}  {:<w2$}  {}", cut(&r[0], w0), cut(&r[1], w1), cut(&r[2], w2), r[3]);
    }
    eprintln!("{table}");
    problems.push(format!("{} hostile cases failed", failed.len()));
}

fn tsv(reports: &[Report]) -> String {
    let mut s = String::from("kind\tcase\tissue\tresult\texpected\tgot\tpeak_mib\tlimit_mib\tseconds\tstderr\n");
    for r in reports {
        let (result, expected, got, excerpt) = match &r.verdict {
            Verdict::Pass => ("pass", "", "", ""),
            Verdict::Skip(why) => ("skip", "", why.as_str(), ""),
            Verdict::Open(why) => ("open", "", why.as_str(), ""),
            Verdict::Fail { expected, got, excerpt } => ("FAIL", expected.as_str(), got.as_str(), excerpt.as_str()),
        };
        let clean = |t: &str| t.replace(['\t', '\n'], " ");
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{result}\t{}\t{}\t{:.1}\t{:.0}\t{:.2}\t{}",
            r.kind,
            r.name,
            r.issue.as_deref().unwrap_or(""),
            clean(expected),
            clean(got),
            r.peak as f64 / f64::from(1 << 20),
            r.limit as f64 / f64::from(1 << 20),
            r.elapsed.as_secs_f64(),
            clean(excerpt)
        );
    }
    s
}
