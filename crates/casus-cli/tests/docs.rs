//! The documentation is a test: every example in `README.md` and `docs/*.md` is run with the
//! real `casus` binary, and what the page shows must be what comes out.
//!
//! # Updating examples
//!
//! When a change alters an output that a page shows, re-bless every page with one command:
//!
//! ```sh
//! DOCS=overwrite cargo test -p casus-cli --test docs
//! ```
//!
//! It rewrites the outputs (and `(exit status N)` lines) of the transcripts that no longer
//! hold, keeping their elisions where they still fit, and leaves the rest of each page alone.
//! Review the result with `git diff` like any other change; prose that quotes a figure from
//! an output (a count, a verdict) is not rewritten. `casus` blocks are inputs, so they are
//! never rewritten: a failing one is reported, to be fixed by hand.
//!
//! # What is run, and how
//!
//! * **```` ```console ```` blocks are transcripts.** A line starting with `$ ` is a command
//!   (a line ending in ` \` continues it, as in a shell); the lines up to the next command are
//!   its output, standard output and standard error together in the order written. A
//!   command that exits with a status other than 0 ends its output with the line
//!   `(exit status N)`; without that line the status must be 0.
//! * **The command shown is the command run**, by `sh -c`, with `PATH` starting with a folder
//!   whose `casus` is the binary under test, so pipes and redirections (`> dyads.csv`,
//!   `< t.casus`) work as they read. `export NAME=VALUE …` sets variables for the rest of its
//!   block. Only `casus` and a few standard tools (see [`TOOLS`]) may be run, so that every
//!   page runs on CI; standard input is empty unless redirected; `CASUS_*` variables of the
//!   calling environment are removed and `NO_COLOR=1` is set.
//! * **Elisions.** `…` alone on a line stands for any number of lines (none included), so a
//!   block may honestly show only the first lines of a long output; `…` inside a line stands
//!   for any characters, so a wide table may be cut on the right. Trailing spaces at the end
//!   of lines, and empty lines at the end of an output, are ignored.
//! * **Where it runs.** Each page runs, block after block in page order, in a fresh temporary
//!   directory laid out as CI lays out the clone: `TMP/casus/` is the working directory and
//!   holds copies of the repository's `library/` and `tests/`, and `TMP/shared` is a link to
//!   the reference data beside the repository, so the paths the pages show
//!   (`library/scenarios/…`, `../shared/data/…`) are the paths a reader types at the root of
//!   the repository, and files a command writes (`alerts.db`, `dyads.csv`) stay in that
//!   directory, where later blocks of the same page see them.
//! * **Files.** A block of any kind whose info string names a file (```` ```casus
//!   file=pact.casus ````, ```` ```toml file=params.toml ````) is written to that file in the
//!   working directory, for the transcripts after it, and must be named by one of them: that
//!   is how a page shows an input, wrong or right, and what casus makes of it.
//! * **```` ```casus ```` blocks are checked** with `casus check --format json`:
//!   - in `docs/diagnostics.md`, the first block of a `## CODE: …` section is its example and
//!     must report CODE (an example said to be saved as Latin-1 is written in Latin-1); a
//!     later block (a fix) that is a whole file — starting at column 1, braces balanced — must
//!     report no error; a fix that is a fragment of a file (the lines to change) is checked
//!     only for problems a fragment cannot excuse: characters, strings, escapes and encoding
//!     (E0001, E0002, E0006, E0008). A `json` example is written as a `.json` file;
//!   - every other `casus` block must check clean: no error, no warning.
//! * **Not run.** A block whose info string has `not-run` (```` ```sh not-run ````) is not run:
//!   the README's set-up commands, which *are* CI, and commands that need what CI lacks
//!   (Graphviz). Any other block (`text`, `sh`, `json`, …) must not contain a command line
//!   (`$ …` or `casus …`): a command is either a checked transcript or marked `not-run`.
//!
//! An own harness rather than `trycmd`: trycmd's Markdown mode runs each command without a
//! shell, so the pages could not show pipes, redirections, `export` or ` \` continuations as
//! typed; it runs a page's commands in the page's own folder rather than at the repository
//! root; and it has no notion of the `casus` blocks that must also be checked. What trycmd
//! does that matters here — elisions and a re-bless mode — is small and is done below.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// The programs a transcript may run besides `casus` (all in POSIX or GNU coreutils/grep).
const TOOLS: &[&str] = &["casus", "export", "grep", "head", "tail", "wc", "sort", "cut", "cat", "ls", "sed"];

/// The repository folders copied into each page's working directory.
const COPIED: &[&str] = &["library", "tests"];

/// How long one command may run before the harness gives up on it (a hang guard, not a
/// performance assertion: every command on the pages takes well under a second).
const HANG: Duration = Duration::from_secs(300);

/// The codes a fragment of a file must not give whatever its context.
const LEXICAL: &[&str] = &["E0001", "E0002", "E0006", "E0008"];

/// The pages whose examples are checked: the README and every page of `docs/`.
fn pages() -> Vec<PathBuf> {
    let root = Path::new(ROOT);
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ is readable")
        .map(|e| e.expect("docs/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages.insert(0, root.join("README.md"));
    pages
}

/// A fenced code block of a page.
#[derive(Debug)]
struct Block {
    /// The first word of the info string (`console`, `casus`, `text`, …).
    lang: String,
    /// The other words of the info string (`file=pact.casus`, `not-run`).
    attrs: Vec<String>,
    /// How far the fence is indented (blocks inside list items); body lines lose as much.
    indent: usize,
    /// The index of the opening fence line in the page.
    open: usize,
    /// The lines between the fences, without the indent.
    body: Vec<String>,
    /// The `## ` heading the block is under.
    heading: String,
    /// The prose between the previous block (or heading) and this one.
    prose: String,
}

impl Block {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find_map(|a| a.strip_prefix(name)?.strip_prefix('='))
    }

    fn has(&self, flag: &str) -> bool {
        self.attrs.iter().any(|a| a == flag)
    }
}

/// The fenced blocks of a page, in order. Linear in the number of lines.
fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let (mut heading, mut prose) = (String::new(), String::new());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        if let Some(h) = line.strip_prefix("## ") {
            heading = h.to_string();
            prose.clear();
        }
        if let Some(info) = trimmed.strip_prefix("```") {
            let indent = line.len() - trimmed.len();
            let mut words = info.split_whitespace().map(str::to_string);
            let lang = words.next().unwrap_or_default();
            let attrs = words.collect();
            let open = i;
            i += 1;
            let mut body = Vec::new();
            while i < lines.len() && lines[i].trim() != "```" {
                let l = lines[i];
                let cut = l.len() - l.trim_start().len();
                body.push(l[cut.min(indent)..].to_string());
                i += 1;
            }
            out.push(Block { lang, attrs, indent, open, body, heading: heading.clone(), prose: prose.clone() });
            prose.clear();
        } else {
            prose.push_str(line);
            prose.push('\n');
        }
        i += 1;
    }
    out
}

/// One command of a transcript and the output the page shows for it.
#[derive(Debug)]
struct Step {
    /// The command as `sh` receives it (continuation lines included).
    command: String,
    /// The body line of the command's first line.
    line: usize,
    /// The body lines holding the shown output (and status line): `start..end`.
    output: std::ops::Range<usize>,
    /// The shown output, without the status line.
    expected: Vec<String>,
    /// The shown exit status.
    status: i32,
}

/// Reads a transcript into its commands. Linear in the number of lines.
fn steps(body: &[String]) -> Result<Vec<Step>, String> {
    let mut steps: Vec<Step> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let Some(first) = body[i].strip_prefix("$ ") else {
            if steps.is_empty() && !body[i].trim().is_empty() {
                return Err(format!("line {} is output before any `$ ` command", i + 1));
            }
            i += 1;
            continue;
        };
        let line = i;
        let mut command = first.to_string();
        while command.ends_with('\\') && i + 1 < body.len() {
            i += 1;
            command.push('\n');
            command.push_str(&body[i]);
        }
        i += 1;
        let start = i;
        while i < body.len() && !body[i].starts_with("$ ") {
            i += 1;
        }
        let mut expected: Vec<String> = body[start..i].iter().map(|l| l.trim_end().to_string()).collect();
        while expected.last().is_some_and(String::is_empty) {
            expected.pop();
        }
        let mut status = 0;
        if let Some(n) = expected.last().and_then(|l| l.strip_prefix("(exit status ")?.strip_suffix(')')) {
            status = n.parse().map_err(|_| format!("line {i}: bad status line `(exit status {n})`"))?;
            expected.pop();
        }
        steps.push(Step { command, line, output: start..i, expected, status });
    }
    Ok(steps)
}

/// Whether one shown line matches one actual line: `…` stands for any characters.
fn line_matches(pattern: &str, actual: &str) -> bool {
    let parts: Vec<&str> = pattern.split('…').collect();
    if parts.len() == 1 {
        return pattern == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() || !actual.ends_with(last) {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

fn is_gap(line: &str) -> bool {
    line.trim() == "…"
}

/// Whether the shown lines match the actual lines; a line `…` stands for any number of lines.
/// Quadratic at worst in the number of lines (a table of shown × actual), which is small.
fn matches(expected: &[String], actual: &[String]) -> bool {
    let (n, m) = (expected.len(), actual.len());
    // ok[i][j]: expected[i..] matches actual[j..].
    let mut ok = vec![vec![false; m + 1]; n + 1];
    ok[n][m] = true;
    for i in (0..n).rev() {
        for j in (0..=m).rev() {
            ok[i][j] = if is_gap(&expected[i]) {
                ok[i + 1][j] || (j < m && ok[i][j + 1])
            } else {
                j < m && line_matches(&expected[i], &actual[j]) && ok[i + 1][j + 1]
            };
        }
    }
    ok[0][0]
}

/// An alignment of shown and actual lines: pairs of indices that match, in order (the
/// longest such sequence). Quadratic in the number of lines.
fn align(expected: &[String], actual: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (expected.len(), actual.len());
    let mut len = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if !is_gap(&expected[i]) && line_matches(&expected[i], &actual[j]) {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        if !is_gap(&expected[i]) && line_matches(&expected[i], &actual[j]) && len[i][j] == len[i + 1][j + 1] + 1 {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// The shown lines re-blessed against the actual ones: lines that still match are kept as
/// shown (with their elisions); a `…` line keeps standing for the actual lines between its
/// neighbours; a line cut with a trailing `…` that no longer matches is replaced by the
/// actual line cut at the same width; any other actual line is shown in full.
fn bless(expected: &[String], actual: &[String]) -> Vec<String> {
    let pairs = align(expected, actual);
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let flush = |out: &mut Vec<String>, ei: std::ops::Range<usize>, aj: std::ops::Range<usize>| {
        // The shown lines `ei` stand unmatched against the actual lines `aj`.
        let shown = &expected[ei];
        let cut = shown.iter().find_map(|l| {
            let prefix = l.strip_suffix('…')?;
            (!prefix.trim().is_empty() && !prefix.contains('…')).then(|| prefix.chars().count())
        });
        let show = |a: &String| match cut {
            Some(w) if a.chars().count() > w => a.chars().take(w).collect::<String>() + "…",
            _ => a.clone(),
        };
        let actual = &actual[aj];
        match shown.iter().position(|l| is_gap(l)) {
            // As many lines as were shown before the first gap and after the last one,
            // and a gap for the rest.
            Some(first) => {
                let last = shown.len() - 1 - shown.iter().rev().position(|l| is_gap(l)).unwrap_or(0);
                let (head, tail) = (first, shown.len() - 1 - last);
                if actual.len() > head + tail {
                    out.extend(actual[..head].iter().map(show));
                    out.push("…".to_string());
                    out.extend(actual[actual.len() - tail..].iter().map(show));
                } else {
                    out.extend(actual.iter().map(show));
                }
            }
            None => out.extend(actual.iter().map(show)),
        }
    };
    for &(pi, pj) in &pairs {
        flush(&mut out, i..pi, j..pj);
        out.push(expected[pi].clone());
        i = pi + 1;
        j = pj + 1;
    }
    flush(&mut out, i..expected.len(), j..actual.len());
    out
}

/// A line diff of shown against actual output, for failure messages.
fn diff(expected: &[String], actual: &[String]) -> String {
    let pairs = align(expected, actual);
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    for &(pi, pj) in pairs.iter().chain(std::iter::once(&(expected.len(), actual.len()))) {
        for e in &expected[i..pi] {
            let _ = writeln!(out, "  - {e}");
        }
        for a in &actual[j..pj] {
            let _ = writeln!(out, "  + {a}");
        }
        if pi < expected.len() {
            let _ = writeln!(out, "    {}", expected[pi]);
        }
        i = pi + 1;
        j = pj + 1;
    }
    out
}

/// The lines of an output as compared: trailing spaces and trailing empty lines dropped.
fn output_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// The programs a command runs: its first word and the first word after each `|`, `&&`,
/// `||` and `;`.
fn programs(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = true;
    for word in command.split_whitespace() {
        if next && word != "\\" {
            out.push(word.to_string());
            next = false;
        }
        if matches!(word, "|" | "&&" | "||" | ";") {
            next = true;
        }
    }
    out
}

/// The place one page's examples run in.
struct Sandbox {
    /// Holds `casus/`, `shared` and `bin/`; removed when dropped.
    _dir: tempfile::TempDir,
    /// The working directory, `TMP/casus`.
    work: PathBuf,
    /// The folder put first on `PATH`, whose `casus` is the binary under test.
    bin: PathBuf,
    /// Where command outputs are captured (outside the working directory).
    capture: PathBuf,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder in the sandbox");
    for entry in std::fs::read_dir(from).expect("read a repository folder") {
        let entry = entry.expect("folder entry");
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            copy_dir(&src, &dst);
        } else if kind.is_file() {
            std::fs::copy(&src, &dst).expect("copy a repository file");
        }
    }
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temporary directory");
        let work = dir.path().join("casus");
        for folder in COPIED {
            copy_dir(&Path::new(ROOT).join(folder), &work.join(folder));
        }
        let shared = Path::new(ROOT).join("../shared");
        assert!(
            shared.join("data").is_dir(),
            "the examples need the reference data in `../shared/data` beside the repository, as CI has it"
        );
        std::os::unix::fs::symlink(shared.canonicalize().expect("shared path"), dir.path().join("shared"))
            .expect("link shared/");
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).expect("bin folder");
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_casus"), bin.join("casus")).expect("link casus");
        let capture = dir.path().join("output");
        Sandbox { _dir: dir, work, bin, capture }
    }

    /// Runs one command with `sh -c`; returns its exit status and its output.
    fn run(&self, command: &str, env: &[(String, String)]) -> Result<(i32, Vec<String>), String> {
        let out = std::fs::File::create(&self.capture).expect("capture file");
        let err = out.try_clone().expect("capture file");
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![self.bin.clone()];
        paths.extend(std::env::split_paths(&path));
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(command).current_dir(&self.work);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("CASUS_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("PATH", std::env::join_paths(paths).expect("PATH")).env("NO_COLOR", "1");
        cmd.envs(env.iter().map(|(k, v)| (k, v)));
        let mut child =
            cmd.stdin(Stdio::null()).stdout(out).stderr(err).spawn().map_err(|e| format!("cannot run sh: {e}"))?;
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            if start.elapsed() > HANG {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("still running after {} s: killed", HANG.as_secs()));
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let bytes = std::fs::read(&self.capture).expect("read captured output");
        Ok((status.code().unwrap_or(-1), output_lines(&bytes)))
    }

    /// The diagnostic codes `casus check` reports for one file, and how many are errors.
    /// With `exhaustive`, as `casus check --exhaustive` (the W05xx codes come only from it).
    fn check(&self, name: &str, bytes: &[u8], exhaustive: bool) -> Result<(Vec<String>, u64), String> {
        let file = self.work.join(name);
        std::fs::write(&file, bytes).expect("write the block");
        let out = Command::new(env!("CARGO_BIN_EXE_casus"))
            .args(["check", "--format", "json"])
            .args(exhaustive.then_some("--exhaustive"))
            .arg(&file)
            .current_dir(&self.work)
            .env("NO_COLOR", "1")
            .output()
            .map_err(|e| format!("cannot run casus: {e}"))?;
        let _ = std::fs::remove_file(&file);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|_| {
            format!(
                "`casus check` did not print JSON (exit status {:?}): {}{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
        let codes = report["diagnostics"]
            .as_array()
            .map(|ds| ds.iter().filter_map(|d| d["code"].as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        Ok((codes, report["errors"].as_u64().unwrap_or(0)))
    }
}

/// What went wrong with one page, and its re-blessed text if re-blessing.
struct Outcome {
    failures: Vec<String>,
    blessed: Option<String>,
}

/// Whether a `casus` block is a whole file: it starts at column 1 and its braces balance.
fn whole_file(body: &[String]) -> bool {
    let first = body.iter().find(|l| !l.trim().is_empty());
    let starts = first.is_some_and(|l| !l.starts_with(char::is_whitespace));
    let mut depth = 0i64;
    for line in body {
        let mut in_string = false;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '#' if !in_string => break,
                '{' if !in_string => depth += 1,
                '}' if !in_string => depth -= 1,
                _ => {}
            }
        }
    }
    starts && depth == 0
}

/// The section code of a `docs/diagnostics.md` heading (`E0201: unknown state code`).
fn section_code(heading: &str) -> Option<&str> {
    let code = heading.split_once(": ")?.0;
    let ok = code.len() == 5
        && (code.starts_with('E') || code.starts_with('W'))
        && code[1..].chars().all(|c| c.is_ascii_digit());
    ok.then_some(code)
}

/// Runs every example of one page.
fn run_page(page: &Path, overwrite: bool) -> Outcome {
    let name = page.strip_prefix(ROOT).unwrap_or(page).display().to_string();
    let text = std::fs::read_to_string(page).expect("read the page");
    let lines: Vec<&str> = text.lines().collect();
    let is_diagnostics = name.ends_with("docs/diagnostics.md");
    let sandbox = Sandbox::new();
    let mut failures = Vec::new();
    let mut fail = |line: usize, what: String| failures.push(format!("{name}:{}: {what}", line + 1));
    // Replacements of body lines, as (first page line, line count, new lines).
    let mut edits: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut named: Vec<(usize, String)> = Vec::new();
    let mut commands: Vec<String> = Vec::new();
    let mut section_seen: BTreeSet<String> = BTreeSet::new();

    for block in blocks(&lines) {
        let body_line = |i: usize| block.open + 1 + i;
        if block.has("not-run") {
            continue;
        }
        if let Some(file) = block.attr("file") {
            std::fs::write(sandbox.work.join(file), block.body.join("\n") + "\n").expect("write a named block");
            named.push((block.open, file.to_string()));
            continue;
        }
        match block.lang.as_str() {
            "console" => {
                let steps = match steps(&block.body) {
                    Ok(s) if !s.is_empty() => s,
                    Ok(_) => {
                        fail(block.open, "a console block without a `$ ` command".into());
                        continue;
                    }
                    Err(e) => {
                        fail(block.open, e);
                        continue;
                    }
                };
                let mut env: Vec<(String, String)> = Vec::new();
                for step in steps {
                    let at = body_line(step.line);
                    commands.push(step.command.clone());
                    let unknown: Vec<String> =
                        programs(&step.command).into_iter().filter(|p| !TOOLS.contains(&p.as_str())).collect();
                    if !unknown.is_empty() {
                        fail(
                            at,
                            format!(
                                "`{}` runs {unknown:?}, which CI may not have: mark the block `not-run`",
                                step.command
                            ),
                        );
                        continue;
                    }
                    let (status, actual) = if let Some(vars) = step.command.strip_prefix("export ") {
                        for assignment in vars.split_whitespace() {
                            match assignment.split_once('=') {
                                Some((k, v)) => env.push((k.to_string(), v.trim_matches(['"', '\'']).to_string())),
                                None => fail(at, format!("`export {assignment}`: expected NAME=VALUE")),
                            }
                        }
                        (0, Vec::new())
                    } else {
                        match sandbox.run(&step.command, &env) {
                            Ok(r) => r,
                            Err(e) => {
                                fail(at, format!("`{}`: {e}", step.command));
                                continue;
                            }
                        }
                    };
                    if status == step.status && matches(&step.expected, &actual) {
                        continue;
                    }
                    if overwrite {
                        let mut new = bless(&step.expected, &actual);
                        if status != 0 {
                            new.push(format!("(exit status {status})"));
                        }
                        let prefix = " ".repeat(block.indent);
                        let new = new.into_iter().map(|l| if l.is_empty() { l } else { format!("{prefix}{l}") });
                        // Keep the empty lines that separated this output from the next command.
                        let kept =
                            block.body[step.output.clone()].iter().rev().take_while(|l| l.trim().is_empty()).count();
                        let mut new: Vec<String> = new.collect();
                        new.extend(std::iter::repeat_n(String::new(), kept));
                        edits.push((body_line(step.output.start), step.output.len(), new));
                    } else {
                        let mut msg = format!("`{}`", step.command);
                        if status != step.status {
                            let _ = write!(msg, ": exit status {status}, the page shows {}", step.status);
                        }
                        let _ = write!(msg, "\n{}", diff(&step.expected, &actual));
                        fail(at, msg);
                    }
                }
            }
            "casus" | "json" => {
                let ext = if block.lang == "json" { "json" } else { "casus" };
                let source = block.body.join("\n") + "\n";
                if block.lang == "json" && !is_diagnostics {
                    // JSON blocks elsewhere are excerpts of outputs and forms, not files.
                    continue;
                }
                let code = if is_diagnostics { section_code(&block.heading) } else { None };
                let example = code.is_some_and(|c| section_seen.insert(c.to_string()));
                let exhaustive = code.is_some_and(|c| c.starts_with("W05"));
                let bytes: Vec<u8> = if example && block.prose.contains("Latin-1") {
                    source.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect()
                } else {
                    source.clone().into_bytes()
                };
                if code.is_some() && !example && (ext == "json" || !whole_file(&block.body)) {
                    // A fragment of a fix: only what no context can excuse.
                    match sandbox.check(&format!("fragment.{ext}"), &bytes, exhaustive) {
                        Ok((codes, _)) => {
                            let bad: Vec<&String> = codes.iter().filter(|c| LEXICAL.contains(&c.as_str())).collect();
                            if !bad.is_empty() && ext == "casus" {
                                fail(block.open, format!("this fragment gives {bad:?} whatever its context"));
                            }
                        }
                        Err(e) => fail(block.open, e),
                    }
                    continue;
                }
                match sandbox.check(&format!("example.{ext}"), &bytes, exhaustive) {
                    Ok((codes, errors)) => match code {
                        Some(code) if example => {
                            if !codes.iter().any(|c| c == code) {
                                fail(block.open, format!("the example of {code} gives {codes:?}, not {code}"));
                            }
                        }
                        Some(code) => {
                            if errors > 0 {
                                fail(block.open, format!("the fix of {code} still has errors: {codes:?}"));
                            }
                        }
                        None => {
                            if !codes.is_empty() {
                                fail(
                                    block.open,
                                    format!(
                                        "this casus block gives {codes:?}; an example must check clean, or be \
                                         named (```casus file=NAME) and shown failing in a transcript"
                                    ),
                                );
                            }
                        }
                    },
                    Err(e) => fail(block.open, e),
                }
            }
            _ => {
                for (i, line) in block.body.iter().enumerate() {
                    let l = line.trim_start();
                    if l.starts_with("$ ") || l.starts_with("casus ") {
                        fail(
                            body_line(i),
                            format!(
                                "a command in a ```{} block is not run: make it a ```console transcript, or mark \
                                 the block `not-run`",
                                block.lang
                            ),
                        );
                    }
                }
            }
        }
    }
    for (line, file) in named {
        if !commands.iter().any(|c| c.contains(file.as_str())) {
            fail(line, format!("the block written to `{file}` is named by no transcript"));
        }
    }
    let blessed = (overwrite && !edits.is_empty()).then(|| {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        for (start, len, new) in edits {
            out.splice(start..start + len, new);
        }
        out.join("\n") + if text.ends_with('\n') { "\n" } else { "" }
    });
    Outcome { failures, blessed }
}

#[test]
fn every_example_in_the_readme_and_docs_holds() {
    let overwrite = std::env::var("DOCS").is_ok_and(|v| v == "overwrite");
    let pages = pages();
    let outcomes: Vec<(PathBuf, Outcome)> = std::thread::scope(|s| {
        let handles: Vec<_> = pages.iter().map(|p| (p.clone(), s.spawn(move || run_page(p, overwrite)))).collect();
        handles.into_iter().map(|(p, h)| (p, h.join().expect("a page's examples ran"))).collect()
    });
    let mut failures = Vec::new();
    for (page, outcome) in outcomes {
        if let Some(text) = outcome.blessed {
            std::fs::write(&page, text).expect("rewrite the page");
            eprintln!("re-blessed {}", page.display());
        }
        failures.extend(outcome.failures);
    }
    assert!(
        failures.is_empty(),
        "{} example(s) in the docs do not hold:\n\n{}\n\nIf the new outputs are right, re-bless them with \
         `DOCS=overwrite cargo test -p casus-cli --test docs` and review the diff.",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_gap_line_stands_for_any_number_of_lines_and_an_inline_ellipsis_for_any_characters() {
    let v = |s: &[&str]| s.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(matches(&v(&["a", "…"]), &v(&["a", "b", "c"])));
    assert!(matches(&v(&["a", "…"]), &v(&["a"])));
    assert!(matches(&v(&["…", "c"]), &v(&["a", "b", "c"])));
    assert!(!matches(&v(&["a", "…", "d"]), &v(&["a", "b", "c"])));
    assert!(!matches(&v(&["a"]), &v(&["a", "b"])));
    assert!(matches(&v(&["row 1  x…"]), &v(&["row 1  xyz  w"])));
    assert!(matches(&v(&["a…c…e"]), &v(&["abcde"])));
    assert!(!matches(&v(&["a…c…e"]), &v(&["abde"])));
    assert!(!matches(&v(&["ab…ba"]), &v(&["aba"])));
}

#[test]
fn reblessing_keeps_elisions_that_still_fit_and_cuts_wide_lines_at_the_same_width() {
    let v = |s: &[&str]| s.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let shown = v(&["header", "old 1", "row 2  x…", "…"]);
    let actual = v(&["header", "new 1", "row 2  xyz", "more", "more"]);
    assert_eq!(bless(&shown, &actual), v(&["header", "new 1", "row 2  x…", "…"]));
    let shown = v(&["abcdef…"]);
    assert_eq!(bless(&shown, &v(&["xyzuvwrst"])), v(&["xyzuvw…"]));
    assert_eq!(bless(&v(&["a", "b"]), &v(&["a", "c"])), v(&["a", "c"]));
    // Changed lines between a kept line and a gap are shown anew, the gap still ends them.
    let shown = v(&["…", "head", "old 1", "old 2", "…"]);
    let actual = v(&["x", "head", "new 1", "new 2", "y", "z"]);
    assert_eq!(bless(&shown, &actual), v(&["…", "head", "new 1", "new 2", "…"]));
}

#[test]
fn a_transcript_reads_continued_commands_outputs_and_exit_statuses() {
    let body: Vec<String> = [
        "$ casus eval --on 2025-09-10 \\",
        "    --target PL",
        "error: …",
        "(exit status 1)",
        "",
        "$ casus check",
        "ok",
    ]
    .iter()
    .map(|l| l.to_string())
    .collect();
    let steps = steps(&body).expect("a transcript");
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0].command, "casus eval --on 2025-09-10 \\\n    --target PL");
    assert_eq!((steps[0].status, steps[0].expected.clone()), (1, vec!["error: …".to_string()]));
    assert_eq!((steps[1].status, steps[1].output.clone()), (0, 6..7));
}
