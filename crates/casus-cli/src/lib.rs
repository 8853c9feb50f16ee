//! The `casus` command-line interface: commands over the casus model.
//!
//! `main.rs` only calls [`main`]; everything here is a library so that the integration
//! tests and the snapshot tests can call the same rendering code the binary uses.

pub use casus_ops::builtin;
pub mod compare;
pub mod coverage;
pub mod dataset;
pub mod diff;
pub mod files;
pub mod flags;
pub mod incident;
pub mod library;
pub mod network;
pub mod obligations;
pub mod render;
pub mod report;
pub mod screen;
pub mod serve;
pub mod simulate;
pub mod tools;

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use casus_core::Loaded;
use casus_core::eval::{Evaluation, Evaluator, Options};
use casus_core::model::{Expected, Incident};

use crate::incident::IncidentFlags;

/// Collective-defence commitments as code.
///
/// casus reads security guarantees written in the casus treaty language (`.casus` files,
/// or their JSON form), checks them, and formats and exports them. Without a PATH, the
/// commands that read treaties use the built-in library (NATO and the other treaties it
/// ships with).
#[derive(Parser, Debug)]
#[command(name = "casus", version, about, long_about, propagate_version = true, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  casus check                      check the built-in library
  casus eval --on 2025-09-10 --actor RUS --target POL --object territory --region PL-06 \
             --domain air --severity incursion --intentional yes
  casus eval library/scenarios/    evaluate every incident in a folder
  casus explain library/scenarios/ --incident nine-eleven --commitment nato/art5
  casus test library/              run every scenario's expectations
  casus check my-treaties/         check every .casus and .json file under a folder
  casus check --format json a.casus
  casus fmt --check library/       list files that are not in canonical form
  casus export --format json nato.casus > nato.json
  casus explain E0201              what a diagnostic code means and how to fix it
  casus completions bash > ~/.local/share/bash-completion/completions/casus
  casus man | man -l -             the manual page

Docs: docs/language.md (the language), docs/cli.md (every command).";

const OBLIGATIONS_EXAMPLES: &str = "\
Examples:
  casus obligations --state EST --on 2024-06-01
  casus obligations --state EST --on today
  casus obligations --state POL --on 1939-09-01 --kind defence
  casus obligations --state USA --on 1980-01-01 --atop /data/atop --format csv > usa-1980.csv
  casus obligations --state UKR --on 2026-07-01 --hypothetical --format json
  casus obligations --state RUS --on 2018-06-01 --atop --no-builtin";

const SERVE_EXAMPLES: &str = "\
Examples:
  casus serve                                  the workbench at http://127.0.0.1:7878
  casus serve --bind 127.0.0.1:0               any free port (printed on start)
  casus serve --atop /data/atop --db alerts.db ATOP beside the library; the alerts of `casus watch`
  casus serve --library my-treaties/           your treaties instead of the built-in library
  curl -s localhost:7878/v1/openapi.json       the API, described";

const NETWORK_EXAMPLES: &str = "\
Examples:
  casus network --on 1955-06-01 --kind defence
  casus network --on 1955-06-01 --kind defence --format dot | dot -Tsvg > nato-1955.svg
  casus network --on 2018-06-01 --atop /data/atop --no-builtin --format json > atop-2018.json
  casus network --on 2018-06-01 --atop /data/atop --no-builtin --format csv > edges.csv
  casus network --on 2018-06-01 --atop /data/atop --no-builtin --format csv --nodes > nodes.csv";

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check treaty files and report every problem, with its place and a hint.
    ///
    /// Exit status: 0 when there are no errors (warnings allowed), 1 when there is any
    /// error, 2 when the check could not run (a path that does not exist, an unreadable file).
    #[command(
        after_help = "Examples:\n  casus check\n  casus check library/ my-design.casus\n  casus check --format json treaty.casus\n  casus check --exhaustive my-design.casus"
    )]
    Check {
        /// Files or folders (searched recursively for .casus and .json); the built-in library if none.
        paths: Vec<String>,
        /// Output format: `text` for people, `json` for editors and CI.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Treat warnings as errors (exit 1 on any warning).
        #[arg(long)]
        deny_warnings: bool,
        /// Also analyse each commitment of the checked files over every incident its
        /// conditions tell apart, as `casus diff` does: warns of a commitment that can never
        /// be triggered (W0501), one never triggered without a judgement (W0502), and a
        /// condition that never changes a verdict (W0503). Designs are analysed as if in
        /// force. A diff per condition: from a fraction of a second to seconds per
        /// commitment, so not by default; only when the files have no errors.
        #[arg(long)]
        exhaustive: bool,
        /// Treaty files or folders that the checked files refer to (scenario files alone
        /// are checked against the built-in library).
        #[arg(long, value_name = "PATH")]
        library: Vec<String>,
        /// Check ATOP 5.1's alliances as treaties `atop-N` too, read from the folder holding
        /// atop5_1m.csv and atop5_1a.csv (without DIR: $CASUS_ATOP_DIR); scenario files may
        /// then refer to them. `--atop=DIR` before paths.
        #[arg(long, value_name = "DIR", num_args = 0..=1)]
        atop: Option<Option<std::path::PathBuf>>,
    },
    /// Rewrite treaty files in canonical form, keeping comments.
    ///
    /// With `--check` nothing is written: the files that would change are listed and the
    /// exit status is 1 if there are any. `casus fmt -` formats standard input to standard output
    /// (with `--check`: prints `would reformat <stdin>` and exits 1 if it is not in canonical form).
    #[command(
        after_help = "Examples:\n  casus fmt library/\n  casus fmt --check library/\n  cat t.casus | casus fmt -"
    )]
    Fmt {
        /// Files or folders (searched recursively for .casus), or `-` for standard input.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Only report files that are not formatted; exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Print the checked model of treaty files in a machine format.
    ///
    /// The JSON printed is accepted back anywhere a .casus file is (give the file a `.json`
    /// name), so tools in other languages can read and write treaties.
    #[command(
        after_help = "Examples:\n  casus export --format json > library.json\n  casus export --format json nato.casus | jq '.treaties[0].parties | length'"
    )]
    Export {
        /// Files or folders; the built-in library if none.
        paths: Vec<String>,
        /// The format to print.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Add ATOP 5.1's alliances as treaties `atop-N`, read from the folder holding
        /// atop5_1m.csv and atop5_1a.csv (without DIR: $CASUS_ATOP_DIR); `--atop=DIR` before
        /// paths.
        #[arg(long, value_name = "DIR", num_args = 0..=1)]
        atop: Option<Option<std::path::PathBuf>>,
        /// Leave out the built-in library (with --atop: ATOP's alliances alone).
        #[arg(long)]
        no_builtin: bool,
    },
    /// Compare guarantee designs: every design against every scenario, as a matrix.
    ///
    /// Each cell is the strongest obligation the design triggers in the scenario (none,
    /// assurance, consult, discretionary, obligatory, automatic) and how many guarantors
    /// owe it; designs are evaluated as if in force. With no arguments: the built-in
    /// Ukraine designs (library/designs/ukraine/) against the built-in Ukraine scenario
    /// suite (library/scenarios/ukraine.casus).
    #[command(
        after_help = "Examples:\n  casus compare\n  casus compare --format html > matrix.html\n  casus compare --designs my-designs/ --scenarios my-scenarios.casus --format csv\n  casus compare --designs mine.casus --only"
    )]
    Compare {
        /// Design files or folders (each treaty is a column), beside the built-in Ukraine
        /// designs; a design with the id of a built-in one replaces it.
        #[arg(long, value_name = "PATH")]
        designs: Vec<String>,
        /// Only the designs given with --designs as columns, not the built-in ones beside
        /// them (which stay loaded, for the scenarios' expectations).
        #[arg(long, requires = "designs")]
        only: bool,
        /// Scenario files or folders (each incident is a row); the built-in Ukraine suite if none.
        #[arg(long, value_name = "PATH")]
        scenarios: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
        /// Also run a Monte Carlo cascade per cell: the share of runs in which the design
        /// brings a guarantor into the war, and in which the war widens.
        #[arg(long)]
        simulate: bool,
        /// Runs per cell with --simulate (default 2000; 1 to 100,000,000, and at most
        /// 100,000,000 over all cells).
        #[arg(long, value_name = "N", requires = "simulate", value_parser = flags::runs)]
        runs: Option<u64>,
        /// Seed with --simulate (default 1).
        #[arg(long, value_name = "S", requires = "simulate")]
        seed: Option<u64>,
    },
    /// Where two designs part, over the whole space of incidents.
    ///
    /// From the two designs' own conditions, casus derives every class of incidents the
    /// evaluator can tell apart (actors, targets, places and who held them, severities,
    /// answers to judgements and events, dates …), evaluates one incident of each class
    /// with both designs, and prints the transition table of outcomes and, for every pair
    /// of outcomes where they part, short rules that say exactly which incidents, each
    /// with a witness incident as `.casus` text (`--format casus` writes them all as a
    /// scenario file). Designs are evaluated as if in force. See docs/diff.md.
    #[command(
        after_help = "Examples:\n  casus diff ua-own-borders ua-own-control-line\n  casus diff old.casus new.casus --format html > diff.html\n  casus diff ua-own-no-forces ua-own-tripwire --on 2026-09-01 --format casus > witnesses.casus\n  casus diff --check implies ua-own-control-line ua-own-borders"
    )]
    Diff(Box<diff::DiffArgs>),
    /// Simulate how a crisis cascades: who enters the war, when, why — and how likely.
    ///
    /// Starts from an incident (files or flags, as `casus eval` takes them). Without
    /// `--runs`, one deterministic cascade: every triggered defence commitment of at least
    /// `--threshold` strength is honoured and each guarantor's strike on the attacker is
    /// evaluated against the attacker's alliances in the next round; indeterminate
    /// commitments are listed as branches. With `--runs N`, a seeded Monte Carlo: honour is
    /// a draw with the probabilities of `--params` (defaults: docs/cascades.md).
    #[command(
        after_help = "Examples:\n  casus simulate library/scenarios/historical.casus --incident germany-invades-poland\n  casus simulate --on 2026-03-01 --actor RUS --target EST --object territory --region EE-37 \\\n                 --severity armed-attack --intentional yes --runs 100000 --seed 7 --pair USA,RUS\n  casus simulate … --format dot | dot -Tsvg > cascade.svg\n  casus simulate --atop data/atop --no-builtin --on 1939-09-01 --actor DEU --target POL \\\n                 --object territory --severity invasion --intentional yes"
    )]
    Simulate(Box<simulate::SimulateArgs>),
    /// Screen GDELT event files: material-conflict events to deduplicated, explained alerts.
    ///
    /// Reads GDELT 1.0 (57 or 58 columns) and 2.0 (61 columns) event files — plain, .gz or
    /// .zip, files, folders or `-` for standard input — keeps CAMEO roots 18–20 with a target
    /// state, merges repeats of one event, evaluates each incident against the library and
    /// stores those that trigger (or may trigger) a commitment in an SQLite database,
    /// idempotently: screening a file again adds nothing. See docs/screening.md.
    #[command(
        after_help = "Examples:\n  casus screen events/20191024143000.export.CSV --db alerts.db\n  casus screen events/ --min-sources 2 --window 48\n  casus alerts --db alerts.db --since 2019-10-01"
    )]
    Screen {
        /// Event files or folders, or `-` for standard input.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Settings.
        #[command(flatten)]
        args: screen::ScreenArgs,
    },
    /// Screen events against defence pacts: every material-conflict event (CAMEO 18–20,
    /// two or more sources) whose target has defence allies that year, with how many.
    ///
    /// Output CSV: `event_id,sqldate,attacker,target,ally_count`, sorted by event id (the W2
    /// workload of shared/bench/SYNTHETIC.md; allies exclude the attacker).
    #[command(
        name = "screen-dyads",
        after_help = "Example:\n  casus screen-dyads /tmp/casus-bench/events.tsv --dyads w1.csv --crosswalk /tmp/casus-bench/cameo_ccode.csv --out w2.csv"
    )]
    ScreenDyads {
        /// A GDELT 1.0 events file (plain).
        events: String,
        /// Directed dyad-years with `ccode1, ccode2, year, defense` (or `stateA, stateB`, as
        /// `casus dyads` writes them).
        #[arg(long, value_name = "CSV")]
        dyads: String,
        /// CAMEO country code to state number, `cameo,ccode`.
        #[arg(long, value_name = "CSV")]
        crosswalk: String,
        /// Where to write the CSV (standard output if absent).
        #[arg(long, value_name = "FILE")]
        out: Option<String>,
    },
    /// Write directed dyad-years of the COW state system with ATOP's alliance columns.
    ///
    /// Every directed pair of system members in every year from --from to --to (COW
    /// `system2016`; 2017–2018 carry 2016's members forward) with `atopally, defense,
    /// offense, neutral, nonagg, consul, shareob, transyr, bilatno, multino, number, asymm`
    /// derived from the ATOP 5.1 member file, as ATOP codes them (A's obligations to B).
    /// By default the pledges that 17 alliances owe only to some partners (Locarno, the
    /// 1840 Convention of London, …) are read from casus's per-partner table, so that the
    /// output equals ATOP's own directed dyad-year file (`atop5_1ddyr.csv`) in every
    /// column; `--rule member-file` uses the member rows alone (benchmark workload W1-real).
    /// CSV or Parquet by the output's extension; `--ids` adds the ids of the shared
    /// alliances. The folders default to $CASUS_ATOP_DIR and $CASUS_COW_DIR.
    #[command(
        after_help = "Examples:\n  casus dyads --atop data/atop --cow data/cow --out dyads.csv\n  casus dyads --from 1946 --to 2018 --ids --out dyads.parquet\n  casus dyads --ids --outside-system --out like-atop5_1ddyr.csv\n  casus dyads --rule member-file --out w1-real.csv"
    )]
    Dyads {
        /// First year, 1 to 9999 (default: the first year of the data).
        #[arg(long, value_name = "YEAR", value_parser = flags::year)]
        from: Option<i16>,
        /// Last year, 1 to 9999, not before --from (default: the last year of the data).
        #[arg(long, value_name = "YEAR", value_parser = flags::year)]
        to: Option<i16>,
        /// Output file: `.csv` or `.parquet`, or `-` for CSV on standard output.
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
        /// The folder holding ATOP 5.1's files (default: $CASUS_ATOP_DIR).
        #[arg(long, value_name = "DIR")]
        atop: Option<std::path::PathBuf>,
        /// The folder holding COW's state-system files (default: $CASUS_COW_DIR).
        #[arg(long, value_name = "DIR")]
        cow: Option<std::path::PathBuf>,
        /// Add the ids of the shared alliances (atopid1..atopid9).
        #[arg(long)]
        ids: bool,
        /// How A's obligations to B are read: `atop` (member rows, corrected per partner
        /// where a treaty owes its pledges only to some partners; ATOP's own directed
        /// coding) or `member-file` (member rows alone, `shareob` always 0).
        #[arg(long, value_enum, default_value_t = DyadRule::Atop)]
        rule: DyadRule,
        /// Also write the allied dyad-years of COW states that are not system members that
        /// year, as ATOP's own file has them (micro-states under the Helsinki Final Act,
        /// governments in exile in 1942–45).
        #[arg(long)]
        outside_system: bool,
    },
    /// Show what a commitment's area covers on a date, place by place.
    ///
    /// For each state the commitment protects: its metropolitan territory (each continent
    /// of it), its first-level subdivisions, its overseas territories, dependencies and
    /// outlying parts (Hawaii, the Canary Islands, Greenland …), the library's regions under
    /// their controller of the date; and the seas the commitment names, for its vessels.
    /// Each is covered, not covered or indeterminate, with the condition and clause that
    /// decide it: the evaluator's own answer to an invasion of that place. Designs count as
    /// in force. `--format geojson` is the map layer. See docs/cli.md.
    #[command(
        after_help = "Examples:\n  casus coverage nato/art5 --on 2025-06-01\n  casus coverage nato/art5 --only not-covered\n  casus coverage ua-own-control-line --on 2026-07-01 --format csv\n  casus coverage us-japan/art5 --format geojson > us-japan.geojson"
    )]
    Coverage(Box<coverage::CoverageArgs>),
    /// List every commitment that binds a state (it owes) or protects it (it is owed) on a date.
    ///
    /// One row per commitment and role, with who the state owes or who owes it that day,
    /// resolved as `casus eval` resolves parties, guarantors and beneficiaries: from the
    /// built-in library, ATOP's alliances (--atop), or both. Exit status: 0 (even when
    /// nothing binds the state), 1 on invalid input, 2 when it could not run.
    #[command(after_help = OBLIGATIONS_EXAMPLES)]
    Obligations(Box<obligations::ObligationsArgs>),
    /// The alliance network of a date: states, directed obligations, degrees and components.
    ///
    /// An edge A -> B means A owes B something under a commitment in force that day (of the
    /// --kind asked for). Nodes carry out-degree (states owed), in-degree (states owing),
    /// degree (distinct partners) and their connected component (undirected, largest first).
    /// Output is byte-identical for the same library and date.
    #[command(after_help = NETWORK_EXAMPLES)]
    Network(Box<network::NetworkArgs>),
    /// The analyst's workbench: an HTTP API (JSON under /v1) and a web UI at /.
    ///
    /// Serves the library (built-in, --library, --atop) to a browser and to other tools:
    /// the comparison matrix with each cell's reasoning, an editor with diagnostics as you
    /// type, a map of what a commitment covers on a date, the alliance network, cascades and
    /// stored alerts. Every asset is in the binary: nothing is fetched from the internet.
    /// Binds loopback unless told otherwise. docs/api.md documents every route.
    #[command(after_help = SERVE_EXAMPLES)]
    Serve(Box<serve::ServeArgs>),
    /// List the alerts stored by `casus screen`.
    Alerts {
        /// The alert database (opened read-only; never created).
        #[arg(long, value_name = "FILE", default_value = "casus-alerts.db")]
        db: String,
        /// Only alerts on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = screen::AlertFormat::Text)]
        format: screen::AlertFormat,
    },
    /// Watch a folder and screen new event files as they appear, until Ctrl-C.
    Watch {
        /// The folder (not a file: `casus screen` screens files).
        dir: String,
        /// Seconds between looks at the folder (1 to 86400).
        #[arg(long, value_name = "S", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        interval: u64,
        /// Settings.
        #[command(flatten)]
        args: screen::ScreenArgs,
    },
    /// Evaluate incidents: which commitments they trigger, who owes what, and why.
    ///
    /// Give incident files (`.casus` files with `incident` blocks) or describe one incident
    /// with flags. Every commitment of the library gets a verdict: triggered, not_triggered,
    /// indeterminate (with what would settle it), violated, or not_in_force. Exit status: 0
    /// whatever the verdicts, 1 on invalid input, 2 when it could not run.
    #[command(
        after_help = "Examples:\n  casus eval --on 2001-09-11 --actor non-state --actor-name al-Qaeda --target USA --object territory \\\n             --region US-NY --domain air --severity armed-attack --intentional yes --attribution confirmed\n  casus eval library/scenarios/evaluator.casus --incident nine-eleven --format json\n  casus eval --atop data/atop --on 2014-06-01 --actor RUS --target EST --region EE-37 \\\n             --object territory --severity armed-attack --intentional yes"
    )]
    Eval(EvalArgs),
    /// Run the expectations written in incident files (`expect nato/art5 triggered`).
    ///
    /// Prints one line per expectation that fails (all with `--verbose`) and `N passed, M
    /// failed` as its last line; exit status 1 if any failed. When the PATHs hold no treaty,
    /// the built-in library is used alongside them. Designs (treaties whose status is
    /// proposed, signed or failed) are evaluated as if in force — an expectation about a
    /// design asks what it would do — unless `--actual` is given.
    #[command(
        after_help = "Examples:\n  casus test library/\n  casus test --library my-treaties/ my-scenarios/\n  casus test --atop=data/atop my-atop-scenarios.casus"
    )]
    Test {
        /// Files or folders with incidents (and treaties).
        #[arg(required = true)]
        paths: Vec<String>,
        /// Where the treaties come from.
        #[command(flatten)]
        library: library::LibraryArgs,
        /// Treat designs as what they are (not in force) instead of as if in force.
        #[arg(long)]
        actual: bool,
        /// List passing expectations too.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Explain a diagnostic code, or the reasoning behind one commitment's verdict.
    ///
    /// `casus explain E0201` documents a diagnostic code (an unknown code is invalid input,
    /// exit status 1). With `--commitment TREATY/ID`, evaluates the incident (from files or
    /// flags, as `casus eval` takes them) and prints every condition checked for that
    /// commitment, with its result, a note and the clause it comes from.
    #[command(
        after_help = "Examples:\n  casus explain E0201\n  casus explain --list\n  casus explain library/scenarios/evaluator.casus --incident przewodow --commitment nato/art5"
    )]
    Explain {
        /// A diagnostic code such as `E0201`; or, with `--commitment`, incident files.
        targets: Vec<String>,
        /// List every diagnostic code with its title.
        #[arg(long, conflicts_with_all = ["targets", "commitment"])]
        list: bool,
        /// The commitment to explain, as `treaty/commitment`.
        #[arg(long, value_name = "TREATY/ID")]
        commitment: Option<String>,
        /// The incident and library to evaluate.
        #[command(flatten)]
        eval: EvalArgsNoFiles,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    ///
    /// Install it where your shell looks for completions, e.g. `casus completions bash >
    /// ~/.local/share/bash-completion/completions/casus`, or for zsh `casus completions zsh >
    /// ~/.zfunc/_casus` (with `fpath+=~/.zfunc` before `compinit`).
    #[command(
        after_help = "Examples:\n  casus completions bash > ~/.local/share/bash-completion/completions/casus\n  casus completions zsh > ~/.zfunc/_casus\n  casus completions fish > ~/.config/fish/completions/casus.fish\n  casus completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) of casus, or of one command.
    ///
    /// `casus man | man -l -` reads it at once; `casus man > casus.1` writes it for `man`'s
    /// path (e.g. into ~/.local/share/man/man1/). The page of `casus` lists every command;
    /// `casus man eval` is the page of `casus eval` alone.
    #[command(
        after_help = "Examples:\n  casus man | man -l -\n  casus man > ~/.local/share/man/man1/casus.1\n  casus man simulate > casus-simulate.1"
    )]
    Man {
        /// A command whose page to print (`casus man eval`); the page of casus if none.
        command: Option<String>,
    },
}

/// Arguments of `casus eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Incident files or folders; or describe one incident with the flags below.
    pub files: Vec<String>,
    /// The rest.
    #[command(flatten)]
    pub rest: EvalArgsNoFiles,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The evaluation arguments shared by `eval` and `explain`.
#[derive(Args, Debug, Default)]
pub struct EvalArgsNoFiles {
    /// The treaties: the built-in library, --library paths, ATOP.
    #[command(flatten)]
    pub lib: library::LibraryArgs,
    /// Only the incident with this id (from the files).
    #[arg(long, value_name = "ID")]
    pub incident: Option<String>,
    /// Evaluate proposed, signed and failed designs as if in force.
    #[arg(long)]
    pub hypothetical: bool,
    /// The incident, for a quick question.
    #[command(flatten)]
    pub flags: IncidentFlags,
}

/// Output formats of `check` and `eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text for people.
    Text,
    /// JSON for scripts, editors and CI.
    Json,
}

/// Output formats of `compare`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// An aligned table.
    Text,
    /// Designs, scenarios and every cell with its reasoning.
    Json,
    /// One row per cell (long form), for R and pandas.
    Csv,
    /// A Markdown table.
    Markdown,
    /// A self-contained HTML page, colour-coded, with each cell's reasoning on hover and click.
    Html,
}

/// How `casus dyads` reads A's obligations to B.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DyadRule {
    /// ATOP's directed coding: member rows, corrected per partner (equals `atop5_1ddyr.csv`).
    Atop,
    /// Member rows alone, owed to every partner (benchmark workload W1-real).
    MemberFile,
}

/// Output formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The JSON form of the model.
    Json,
}

/// Runs the CLI with the process's arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Help and version are answers; anything else is invalid input (exit 1).
            return if e.use_stderr() { ExitCode::from(1) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            files::exit_status(&err)
        }
    }
}

/// Runs one parsed command; `Err` means it could not run (exit status 2).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { paths, format, deny_warnings, exhaustive, library, atop } => {
            let mut loaded = match atop {
                // Beside the files and the library they use, as `casus test --atop` has them.
                Some(dir) => {
                    let args = library::LibraryArgs { library, atop: Some(dir), no_builtin: false };
                    match library::load_unchecked(&paths, &args)? {
                        Ok(loaded) => loaded,
                        Err(code) => return Ok(code),
                    }
                }
                None if paths.is_empty() && library.is_empty() => load(&paths)?,
                None => load_with_library(&paths, &library)?,
            };
            if exhaustive {
                let bar = crate::simulate::progress(1000);
                let lint = casus_ops::diagnostics::exhaustive(&mut loaded, &|p| bar.set_position((p * 1000.0) as u64));
                bar.finish_and_clear();
                for what in &lint.skipped {
                    eprintln!(
                        "note: {what} was not analysed exhaustively: its space is larger than casus diff takes (see docs/diff.md, Limits)"
                    );
                }
            }
            match format {
                Format::Text => out(&render::text_report(&loaded)),
                Format::Json => out_with(|w| render::write_json_report(&loaded, w)),
            }
            let warned = loaded.diagnostics.iter().any(|d| !d.is_error());
            Ok(if loaded.has_errors() || (deny_warnings && warned) { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Fmt { paths, check } => fmt(&paths, check),
        Command::Export { paths, format: ExportFormat::Json, atop, no_builtin } => {
            let loaded = if atop.is_none() && !no_builtin {
                load(&paths)?
            } else {
                // `casus export --atop --no-builtin`: ATOP's alliances as casus JSON.
                let args = library::LibraryArgs { library: Vec::new(), atop, no_builtin };
                match library::load(&paths, &args)? {
                    Ok(loaded) => loaded,
                    Err(code) => return Ok(code),
                }
            };
            if loaded.has_errors() {
                eprint!("{}", render::text_report(&loaded));
                return Ok(ExitCode::from(1));
            }
            out(&(serde_json::to_string_pretty(&casus_ops::assemble::own_model(loaded))? + "\n"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare { designs, only, scenarios, format, simulate, runs, seed } => {
            let suite = if scenarios.is_empty() { compare::Suite::Default } else { compare::Suite::None };
            let (loaded, design_files) = casus_ops::compare::load(
                files::inputs(&designs)?,
                files::inputs(&scenarios)?,
                suite,
                only,
                casus_ops::assemble::Reads::Disk,
            );
            if loaded.has_errors() {
                eprint!("{}", render::text_report(&loaded));
                return Ok(ExitCode::from(1));
            }
            let mut m = compare::matrix(&loaded, &design_files);
            if m.designs.is_empty() || m.scenarios.is_empty() {
                eprintln!(
                    "error: nothing to compare: {} design(s), {} scenario(s)",
                    m.designs.len(),
                    m.scenarios.len()
                );
                return Ok(ExitCode::from(1));
            }
            if simulate {
                let runs = runs.unwrap_or(compare::DEFAULT_RUNS);
                let cells = (m.designs.len() * m.scenarios.len()) as u64;
                if let Err(msg) = flags::total_runs(runs, cells) {
                    return Ok(refuse(&msg));
                }
                let bar = simulate::progress(runs * cells);
                compare::simulate(&loaded, &design_files, &mut m, runs, seed.unwrap_or(1), &|| bar.inc(1));
                bar.finish_and_clear();
            }
            match format {
                CompareFormat::Text => out_text(&compare::text(&m)),
                CompareFormat::Json => out(&(serde_json::to_string_pretty(&m)? + "\n")),
                CompareFormat::Csv => out(&compare::csv(&m)),
                CompareFormat::Markdown => out_text(&compare::markdown(&m)),
                CompareFormat::Html => out(&compare::html(&m)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(args) => eval(&args.files, &args.rest, args.format),
        Command::Diff(args) => diff::diff(&args),
        Command::Simulate(args) => simulate::simulate(&args),
        Command::Obligations(args) => obligations::obligations(&args),
        Command::Coverage(args) => coverage::coverage(&args),
        Command::Network(args) => network::network(&args),
        Command::Serve(args) => serve::serve(&args),
        Command::Screen { paths, args } => screen::screen(&paths, &args),
        Command::ScreenDyads { events, dyads, crosswalk, out: path } => {
            use casus_screen::pacts;
            let run = || -> Result<pacts::Screened, pacts::InputError> {
                let xw = pacts::crosswalk(&crosswalk)?;
                let al = pacts::allies(&dyads)?;
                for w in al.warnings() {
                    warn(w);
                }
                pacts::screen(&events, &xw, &al)
            };
            let screened = match run() {
                Ok(r) => r,
                Err(e) => {
                    return Ok(refuse(&format!("error: {e}")));
                }
            };
            for w in screened.warnings(&events) {
                warn(w);
            }
            let rows = screened.rows;
            match path {
                Some(p) => {
                    let mut f = std::fs::File::create(&p).map_err(|e| anyhow::anyhow!("cannot write `{p}`: {e}"))?;
                    pacts::write_csv(&rows, &mut f)?;
                }
                None => pacts::write_csv(&rows, &mut std::io::stdout().lock())?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Dyads { from, to, out: path, atop, cow, ids, rule, outside_system } => {
            if let (Some(f), Some(t)) = (from, to)
                && f > t
            {
                return Ok(refuse(&format!(
                    "error: --from {f} --to {t}: the range is reversed (--from is after --to)\n  help: write --from {t} --to {f}"
                )));
            }
            let rule = match rule {
                DyadRule::Atop => casus_data::dyads::Rule::Atop,
                DyadRule::MemberFile => casus_data::dyads::Rule::MemberFile,
            };
            let options = casus_data::dyads::DyadOptions { from, to, alliance_ids: ids, rule, outside_system };
            dyads(&options, &path, atop.as_deref(), cow.as_deref())
        }
        Command::Alerts { db, since, format } => screen::alerts(&db, since.as_deref(), format),
        Command::Watch { dir, interval, args } => screen::watch(&dir, &args, interval),
        Command::Test { paths, library, actual, verbose } => test(&paths, &library, !actual, verbose),
        Command::Explain { targets, list, commitment, eval: args } => {
            if list {
                for (code, title) in render::codes() {
                    out(&format!("{code}  {title}\n"));
                }
                return Ok(ExitCode::SUCCESS);
            }
            if let Some(key) = commitment {
                return explain_commitment(&targets, &args, &key);
            }
            // Incident and library flags mean nothing for a diagnostic code.
            if args.flags.any()
                || args.incident.is_some()
                || args.hypothetical
                || !args.lib.library.is_empty()
                || args.lib.atop.is_some()
                || args.lib.no_builtin
            {
                return Ok(refuse(
                    "error: incident and library flags go with `--commitment TREATY/ID`\n  help: `casus explain CODE` takes a diagnostic code alone; to explain a verdict, add --commitment",
                ));
            }
            let code = match targets.as_slice() {
                [code] => code.clone(),
                _ => {
                    return Ok(refuse(
                        "error: give one diagnostic code (`casus explain E0201`), or `--commitment TREATY/ID` with an incident",
                    ));
                }
            };
            match render::explain(&code) {
                Some(text) => {
                    out(&text);
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    let upper = code.trim().to_ascii_uppercase();
                    let codes = render::codes();
                    let hint = casus_core::suggest::did_you_mean(&upper, codes.iter().map(|(c, _)| *c))
                        .map_or("`casus explain --list` lists them".to_string(), |c| format!("did you mean `{c}`?"));
                    Ok(refuse(&format!("error: no diagnostic code `{code}`\n  help: {hint}")))
                }
            }
        }
        Command::Completions { shell } => {
            out(&tools::completions(shell));
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { command } => match tools::man(command.as_deref()) {
            Ok(page) => {
                out(&page);
                Ok(ExitCode::SUCCESS)
            }
            Err(msg) => Ok(refuse(&msg)),
        },
    }
}

fn dyads(
    options: &casus_data::dyads::DyadOptions,
    path: &std::path::Path,
    atop: Option<&std::path::Path>,
    cow: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    use casus_data::{Dataset, atop::AtopData, cow::CowData, data_dir, dyads::DyadTable};
    let fail = |e: casus_data::DataError| {
        let help = e.help().map_or(String::new(), |h| format!("\n  help: {h}"));
        eprintln!("error: {}", render::escape_for_terminal(&format!("{e}{help}")));
        library::data_exit(&e)
    };
    let read = || -> Result<(AtopData, CowData), casus_data::DataError> {
        Ok((AtopData::read_dir(&data_dir(Dataset::Atop, atop)?)?, CowData::read_dir(&data_dir(Dataset::Cow, cow)?)?))
    };
    let (atop, cow) = match read() {
        Ok(data) => data,
        Err(e) => return Ok(fail(e)),
    };
    let warnings: Vec<String> = atop.warnings.iter().chain(&cow.warnings).map(|w| w.to_string()).collect();
    for w in &warnings {
        warn(w);
    }
    if options.rule == casus_data::dyads::Rule::Atop && atop.absent_columns.contains(&"obvary") {
        eprintln!(
            "note: the ATOP member file has no `obvary` column: no alliance is known to owe its pledges to some partners only, so the table is the member-file rule's (`shareob` 0)"
        );
    }
    let table = match DyadTable::new(&atop, &cow, options) {
        Ok(t) => t,
        Err(e) => return Ok(fail(e)),
    };
    // The years asked for against the years the data has: say what is left out. ATOP's
    // last year: its release's, or a later one its files name.
    let (_, atop_last) = dataset::atop_coverage(dataset::atop_years(&atop));
    let asked = |y: Option<i16>, default: &str| y.map_or(default.to_string(), |y| y.to_string());
    let Some((first, last)) = table.year_range() else {
        eprintln!(
            "error: no dyad-years from {} to {}: the state system of the data has at least two members only from {} to {}",
            asked(options.from, "the start"),
            asked(options.to, "the end"),
            cow.system.iter().map(|s| s.year).min().unwrap_or(0),
            atop_last.max(cow.last_year().unwrap_or(0)),
        );
        return Ok(ExitCode::from(1));
    };
    if options.from.is_some_and(|y| y < first) {
        eprintln!("note: no dyad-years before {first}: the COW state system of the data has no two members earlier");
    }
    if options.to.is_some_and(|y| y > last) {
        eprintln!(
            "note: no dyad-years after {last}: ATOP {} ends in {atop_last}; commitments after that are not in the data (COW's state system, which ends in {}, is carried forward to {atop_last})",
            casus_data::atop::VERSION,
            cow.last_year().unwrap_or(0),
        );
    }
    let written = if path.as_os_str() == "-" {
        match table.write_csv(std::io::stdout().lock()) {
            Ok(w) => w,
            // `casus dyads --out - | head`: the reader has all it wanted.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            Err(e) => return Ok(fail(casus_data::DataError::Write { path: None, source: e })),
        }
    } else {
        match table.write_path(path) {
            Ok(w) => w,
            Err(e) => return Ok(fail(e)),
        }
    };
    let n = warnings.len();
    eprintln!(
        "wrote {} dyad-years to {}{}",
        written.rows,
        if path.as_os_str() == "-" { "standard output".to_string() } else { path.display().to_string() },
        match n {
            0 => String::new(),
            1 => " (1 warning)".to_string(),
            n => format!(" ({n} warnings)"),
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes text for people to standard output with the control characters of user strings
/// escaped ([`render::escape_for_terminal`]): a treaty name holding an ANSI escape cannot
/// recolour, move or retitle the reader's terminal. For every text format; machine formats
/// (JSON, CSV, DOT, HTML) go through [`out`] unchanged.
pub fn out_text(text: &str) {
    out(&render::escape_for_terminal(text));
}

/// Writes to standard output through `write`, buffered; a closed pipe ends the program
/// quietly, as with [`out`].
pub fn out_with(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    if let Err(e) = write(&mut stdout).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write output: {e}");
        std::process::exit(2);
    }
}

/// Writes to standard output; a closed pipe (`casus … | head`) ends the program quietly.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write output: {e}");
        std::process::exit(2);
    }
}

/// Loads incident (and treaty) files together with the library: the `--library` paths, or
/// the built-in library when none are given and the files hold no treaty of their own.
pub fn load_with_library(files: &[String], library: &[String]) -> anyhow::Result<Loaded> {
    load_with(files, library, true, None)
}

/// Loads files as [`load_with_library`] does, leaving out the built-in library unless
/// `builtin`, and adding `extra` (a library built in memory, such as ATOP's alliances, with
/// the name that stands for its file) beside whatever library is used.
pub fn load_with(
    files: &[String],
    library: &[String],
    builtin: bool,
    extra: Option<(String, casus_core::Library)>,
) -> anyhow::Result<Loaded> {
    let given = files::collect(files, &["casus", "json"])?;
    let canonical = |f: &str| std::fs::canonicalize(f).ok();
    let seen: Vec<_> = given.iter().filter_map(|f| canonical(f)).collect();
    let inputs = files::inputs_of(&given)?;
    // A file named both as an input and in the library is read once, as the input.
    let base = library::base(library, !builtin, |f| canonical(f).is_some_and(|c| seen.contains(&c)))?;
    Ok(casus_ops::assemble::load(inputs, base, extra))
}

/// The incidents to evaluate: those of the files (or the one `--incident` names), or the
/// one the flags describe. `Err` holds a message for exit status 1.
pub(crate) fn incidents(loaded: &Loaded, files: &[String], args: &EvalArgsNoFiles) -> Result<Vec<Incident>, String> {
    // Flags describe the incident; files beside them are the treaties to weigh it against.
    if !files.is_empty() && args.flags.any() && !loaded.library.incidents.is_empty() {
        return Err("error: the files hold incidents and the flags describe another: give incident files or incident flags, not both\n  help: flags go alone, or with files of treaties and designs to evaluate their incident against".into());
    }
    if let (Some(id), true) = (&args.incident, args.flags.any()) {
        return Err(format!(
            "error: --incident {id} picks an incident from files, and the flags describe one of their own\n  help: give incident files with --incident, or the flags alone"
        ));
    }
    if args.flags.any() {
        return args.flags.incident(&loaded.library).map(|i| vec![i]).map_err(|e| e.to_string());
    }
    let mut list: Vec<Incident> = loaded.library.incidents.clone();
    if let Some(id) = &args.incident {
        list.retain(|i| i.id.value == *id);
        if list.is_empty() {
            return Err(format!("error: --incident: no incident `{id}` in the files"));
        }
    }
    if list.is_empty() {
        return Err(
            "error: no incident given: name incident files, or describe one with --on, --actor, --target …".into()
        );
    }
    Ok(list)
}

/// The files with their library (see [`library::load`]), or the exit status after printing
/// what went wrong.
pub(crate) fn checked(files: &[String], lib: &library::LibraryArgs) -> anyhow::Result<Result<Loaded, ExitCode>> {
    library::load(files, lib)
}

/// Prints a message about invalid input and gives exit status 1 (control characters of
/// user strings in it escaped).
/// Prints a warning to standard error, control characters escaped (the text may quote a
/// field of a data file).
pub(crate) fn warn(w: impl std::fmt::Display) {
    eprintln!("warning: {}", render::escape_for_terminal(&w.to_string()));
}

pub(crate) fn refuse(msg: &str) -> ExitCode {
    eprintln!("{}", render::escape_for_terminal(msg));
    ExitCode::from(1)
}

fn evaluate_all(loaded: &Loaded, list: &[Incident], hypothetical: bool) -> Vec<Evaluation> {
    let ev = Evaluator::new(&loaded.library, Options { hypothetical });
    list.iter().map(|i| ev.evaluate(i)).collect()
}

fn eval(files: &[String], args: &EvalArgsNoFiles, format: Format) -> anyhow::Result<ExitCode> {
    let loaded = match checked(files, &args.lib)? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let list = match incidents(&loaded, files, args) {
        Ok(l) => l,
        Err(msg) => return Ok(refuse(&msg)),
    };
    dataset::note_dates(&loaded, &args.lib, list.iter().filter_map(|i| i.on.as_ref().map(|d| d.value)));
    let results = evaluate_all(&loaded, &list, args.hypothetical);
    match format {
        Format::Json => {
            let json = if let [one] = results.as_slice() {
                serde_json::to_string_pretty(one)?
            } else {
                serde_json::to_string_pretty(&results)?
            };
            out(&(json + "\n"));
        }
        Format::Text => {
            let text: Vec<String> = results.iter().map(report::evaluation_text).collect();
            out_text(&text.join("\n"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn explain_commitment(files: &[String], args: &EvalArgsNoFiles, key: &str) -> anyhow::Result<ExitCode> {
    let loaded = match checked(files, &args.lib)? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let known = loaded
        .library
        .treaties
        .iter()
        .flat_map(|t| t.commitments.iter().map(move |c| format!("{}/{}", t.id.value, c.id.value)));
    if !known.clone().any(|k| k == key) {
        let all: Vec<String> = known.collect();
        let hint = casus_core::suggest::did_you_mean(key, all.iter().map(String::as_str))
            .map_or(String::new(), |s| format!("\n  help: did you mean `{s}`?"));
        eprintln!("error: --commitment: no commitment `{key}` in the library{hint}");
        return Ok(ExitCode::from(1));
    }
    let list = match incidents(&loaded, files, args) {
        Ok(l) => l,
        Err(msg) => return Ok(refuse(&msg)),
    };
    dataset::note_dates(&loaded, &args.lib, list.iter().filter_map(|i| i.on.as_ref().map(|d| d.value)));
    let mut text = Vec::new();
    for e in evaluate_all(&loaded, &list, args.hypothetical) {
        if let Some(v) = e.verdicts.iter().find(|v| v.key() == key) {
            text.push(report::explain_text(&e, v));
        }
    }
    out_text(&text.join("\n"));
    Ok(ExitCode::SUCCESS)
}

fn test(paths: &[String], args: &library::LibraryArgs, hypothetical: bool, verbose: bool) -> anyhow::Result<ExitCode> {
    let loaded = match library::load_unchecked(paths, args)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    if loaded.has_errors() {
        out(&render::text_report(&loaded));
        out("0 passed, 1 failed\n");
        return Ok(ExitCode::from(1));
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut text = String::new();
    for e in evaluate_all(&loaded, &loaded.library.incidents, hypothetical) {
        let inc = &e.incident.incident;
        for x in &inc.expect {
            let Some(v) = e.verdicts.iter().find(|v| v.key() == x.commitment.value) else { continue };
            let (ok, want, got) = match &x.expected {
                Expected::Verdict(k) => (v.verdict == *k, k.to_string(), v.verdict.to_string()),
                Expected::Guarantors(n) => (
                    v.guarantors.len() == *n as usize,
                    format!("{n} guarantors"),
                    format!("{} guarantors", v.guarantors.len()),
                ),
                Expected::Strength(s) => (
                    v.strength == Some(*s),
                    format!("strength {s}"),
                    v.strength.map_or("no strength".into(), |s| format!("strength {s}")),
                ),
            };
            let place = loaded.sources.try_get(inc.file.0).map_or(String::new(), |f| match x.commitment.span.range() {
                Some(r) => {
                    let (l, c) = f.line_col(r.start);
                    format!("{}:{l}:{c}: ", f.path())
                }
                None => format!("{}: ", f.path()),
            });
            if ok {
                passed += 1;
                if verbose {
                    text.push_str(&format!("ok   {place}{} {}: {want}\n", inc.id.value, x.commitment.value));
                }
            } else {
                failed += 1;
                let why = v.trace.iter().find(|s| s.result == casus_core::eval::Truth::False).map_or_else(
                    || v.unknowns.iter().map(|u| format!("unknown {}", u.input)).collect::<Vec<_>>().join(", "),
                    |s| format!("{}: {}", s.condition, s.note),
                );
                text.push_str(&format!(
                    "FAIL {place}{} {}: expected {want}, got {got}{}\n",
                    inc.id.value,
                    x.commitment.value,
                    if why.is_empty() { String::new() } else { format!(" ({why})") }
                ));
            }
        }
    }
    text.push_str(&format!("{passed} passed, {failed} failed\n"));
    out_text(&text);
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Loads the given paths, or the built-in library when there are none (see
/// [`casus_ops::assemble::for_check`]).
pub fn load(paths: &[String]) -> anyhow::Result<Loaded> {
    let inputs = if paths.is_empty() { Vec::new() } else { files::inputs(paths)? };
    Ok(casus_ops::assemble::for_check(inputs, casus_ops::assemble::Reads::Disk))
}

fn fmt(paths: &[String], check: bool) -> anyhow::Result<ExitCode> {
    if paths == ["-"] {
        let bytes = files::read_treaty_stdin()?;
        let original = bytes.clone();
        return Ok(match render::format_source("<stdin>", bytes) {
            // `--check` on standard input: nothing is printed but the verdict.
            Ok(text) if check && text.as_bytes() != original.as_slice() => {
                out("would reformat <stdin>\n");
                ExitCode::from(1)
            }
            Ok(_) if check => ExitCode::SUCCESS,
            Ok(text) => {
                std::io::stdout().write_all(text.as_bytes())?;
                ExitCode::SUCCESS
            }
            Err(report) => {
                eprint!("{report}");
                ExitCode::from(1)
            }
        });
    }
    let mut failed = false;
    let mut changed = Vec::new();
    for file in files::collect(paths, &["casus"])? {
        let bytes = files::read_treaty(&file)?;
        let original = bytes.clone();
        match render::format_source(&file, bytes) {
            Ok(text) if text.as_bytes() != original.as_slice() => {
                if !check {
                    std::fs::write(&file, &text).map_err(|e| anyhow::anyhow!("cannot write `{file}`: {e}"))?;
                }
                changed.push(file);
            }
            Ok(_) => {}
            Err(report) => {
                eprint!("{report}");
                failed = true;
            }
        }
    }
    for file in &changed {
        out(&format!("{} {file}\n", if check { "would reformat" } else { "formatted" }));
    }
    Ok(if failed || (check && !changed.is_empty()) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
