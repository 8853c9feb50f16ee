//! Lowering: from the statement tree of one file to the model, reporting every statement
//! that does not fit the grammar and reading the rest.
//!
//! The grammar of each statement is documented in `docs/language.md`; the functions here
//! follow it one statement kind at a time.

use casus_syntax::{Diagnostic, FileId, Span, Spanned, Statement, SyntaxTree, WordKind};

use crate::cursor::{Cursor, Read};
use crate::model::{
    Actor, Area, AreaItem, Body, Clause, Commitment, Condition, Coordinates, Date, Deployment, Duration, Event,
    Expectation, Expected, Fact, Holding, Incident, IncidentDuration, LatitudeBound, Library, Member, Membership,
    Origin, Owners, Place, Prior, Region, Response, SetExpr, Side, Treaty, Trigger, VoidCondition,
};
use crate::suggest::did_you_mean;
use crate::vocab::{
    Act, Confidence, Domain, Kind, ObjectKind, PriorAct, Role, Severity, Status, Strength, TerritoryStatus, Tri,
    VerdictKind, Vocabulary, Weapon,
};

/// Lowers one parsed file into a library fragment and its diagnostics.
pub fn lower(tree: &SyntaxTree, file: FileId) -> (Library, Vec<Diagnostic>) {
    let mut f = FileLowering::new(file);
    for st in &tree.statements {
        f.statement(st);
    }
    f.finish()
}

/// Lowering one file a top-level statement at a time, for a parser that hands them over
/// as it reads them ([`casus_syntax::parse_each`]): each statement's tree can be dropped
/// once it is lowered. The result is the same as [`lower`] on the whole tree.
pub struct FileLowering {
    l: Lowerer,
    lib: Library,
    file: FileId,
}

impl FileLowering {
    /// Lowering for the file `file`, nothing read yet.
    pub fn new(file: FileId) -> Self {
        Self::into(Library::default(), file)
    }

    /// Lowering for the file `file` that adds what it reads to `lib`.
    pub fn into(lib: Library, file: FileId) -> Self {
        FileLowering { l: Lowerer { diags: Vec::new() }, lib, file }
    }

    /// Lowers one top-level statement.
    pub fn statement(&mut self, st: &Statement) {
        let (l, lib, file) = (&mut self.l, &mut self.lib, self.file);
        match st.keyword() {
            Some("treaty") => {
                let t = l_treaty(l, st, file).map(|mut t| {
                    t.shrink_to_fit();
                    t
                });
                lib.treaties.extend(l.report(t));
            }
            Some("region") => {
                let r = l_region(l, st, file).map(|mut r| {
                    r.shrink_to_fit();
                    r
                });
                lib.regions.extend(l.report(r));
            }
            Some("deployment") => {
                let d = l_deployment(l, st, file);
                lib.deployments.extend(l.report(d));
            }
            Some("incident") => {
                let i = l_incident(l, st, file);
                lib.incidents.extend(l.report(i));
            }
            _ => l.unknown(st, "at the top of a file", TOP),
        }
    }

    /// The library (the fragment of the file, after what it was given) and the
    /// diagnostics of lowering the file.
    pub fn finish(self) -> (Library, Vec<Diagnostic>) {
        (self.lib, self.l.diags)
    }
}

const TOP: &[&str] = &["treaty", "region", "deployment", "incident"];
const INCIDENT: &[&str] = &[
    "on",
    "time",
    "duration",
    "actor",
    "attribution",
    "target",
    "object",
    "region",
    "at",
    "domain",
    "severity",
    "casualties",
    "intentional",
    "forces-hit",
    "initiator",
    "weapons",
    "judged",
    "given",
    "prior",
    "source",
    "expect",
];
const TREATY: &[&str] = &[
    "status",
    "signed",
    "in-force",
    "terminated",
    "duration",
    "source",
    "parties",
    "event",
    "body",
    "active",
    "attribution",
    "area",
    "commitment",
];
const COMMITMENT: &[&str] = &["clause", "guarantors", "beneficiaries", "when", "if", "void", "owe", "attribution"];
const REGION: &[&str] = &["part-of", "sovereign", "controller", "claimed-by", "geometry", "precision", "source"];
const DEPLOYMENT: &[&str] = &["forces", "in", "from", "until", "role", "personnel", "for", "source"];

struct Lowerer {
    diags: Vec<Diagnostic>,
}

impl Lowerer {
    fn report<T>(&mut self, r: Read<T>) -> Option<T> {
        r.map_err(|d| self.diags.push(*d)).ok()
    }

    fn unknown(&mut self, st: &Statement, where_: &str, known: &[&str]) {
        let Some(first) = st.words.first() else {
            return;
        };
        let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        let mut d = if first.kind == WordKind::Word {
            Diagnostic::error("E0103", first.span, format!("unknown statement `{}` {where_}", first.text))
        } else {
            Diagnostic::error("E0103", first.span, format!("a statement {where_} must start with a keyword"))
        };
        d = match did_you_mean(&first.text, known.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`? expected one of {list}")),
            None => d.with_help(format!("expected one of {list}")),
        };
        self.diags.push(d);
    }

    /// The statements of `st`'s block, reporting a missing block.
    fn block<'s>(&mut self, st: &'s Statement, what: &str) -> &'s [Statement] {
        match &st.block {
            Some(b) => &b.statements,
            None => {
                self.diags.push(
                    Diagnostic::error("E0104", st.head_span(), format!("{what} needs a `{{ … }}` block"))
                        .with_help("write its statements between `{` and `}` on the lines after the header"),
                );
                &[]
            }
        }
    }

    fn no_block(&mut self, st: &Statement) {
        if let Some(b) = &st.block {
            self.diags.push(
                Diagnostic::error("E0102", b.open, format!("`{}` takes no block", st.keyword().unwrap_or("this")))
                    .with_help("remove the `{ … }`"),
            );
        }
    }

    /// Sets a single-valued field, reporting a repeat.
    fn once<T>(&mut self, slot: &mut Option<T>, value: T, st: &Statement, first: &mut Option<Span>) {
        if let Some(prev) = first {
            self.diags.push(
                Diagnostic::error("E0105", st.head_span(), format!("`{}` is given twice", st.keyword().unwrap_or("?")))
                    .with_label(*prev, "first given here")
                    .with_help("keep one of them"),
            );
            return;
        }
        *first = Some(st.head_span());
        *slot = Some(value);
    }
}

fn cursor(st: &Statement) -> Cursor<'_> {
    Cursor::new(&st.words, st.span)
}

fn l_treaty(l: &mut Lowerer, st: &Statement, file: FileId) -> Read<Treaty> {
    let mut c = cursor(st);
    c.expect("treaty")?;
    let id = c.ident("a treaty id such as `nato`")?;
    let name = c.string("the treaty's name in quotes")?;
    c.finish()?;
    let mut t = Treaty {
        id,
        name: name.value,
        status: None,
        signed: None,
        in_force: None,
        terminated: None,
        duration: None,
        sources: Vec::new(),
        parties: Vec::new(),
        events: Vec::new(),
        bodies: Vec::new(),
        active_after: None,
        attribution: None,
        areas: Vec::new(),
        commitments: Vec::new(),
        span: Origin(st.head_span()),
        file: Origin(file),
    };
    let mut seen: [Option<Span>; 7] = Default::default();
    for s in l.block(st, "a treaty") {
        let mut c = cursor(s);
        let kw = s.keyword();
        if kw.is_some_and(|k| TREATY.contains(&k)) && !matches!(kw, Some("parties" | "area" | "commitment")) {
            l.no_block(s);
        }
        let r: Read<()> = (|| {
            match kw {
                Some("status") => {
                    c.bump();
                    let v = c.vocab::<Status>()?;
                    c.finish()?;
                    l.once(&mut t.status, v, s, &mut seen[0]);
                }
                Some("signed") => {
                    c.bump();
                    let v = c.date()?;
                    c.finish()?;
                    l.once(&mut t.signed, v, s, &mut seen[1]);
                }
                Some("in-force") => {
                    c.bump();
                    let v = c.date()?;
                    c.finish()?;
                    l.once(&mut t.in_force, v, s, &mut seen[2]);
                }
                Some("terminated") => {
                    c.bump();
                    let v = c.date()?;
                    c.finish()?;
                    l.once(&mut t.terminated, v, s, &mut seen[3]);
                }
                Some("duration") => {
                    c.bump();
                    let term = c.period()?;
                    let renewable = c.eat("renewable").is_some();
                    let until = if c.eat("or until").is_some() { Some(c.ident("an event id")?) } else { None };
                    c.finish()?;
                    l.once(&mut t.duration, Duration { term, renewable, until }, s, &mut seen[4]);
                }
                Some("source") => {
                    c.bump();
                    t.sources.push(c.string("the source in quotes, such as a URL")?);
                    c.finish()?;
                }
                Some("parties") => {
                    c.bump();
                    c.finish()?;
                    for p in l.block(s, "`parties`") {
                        l.no_block(p);
                        if let Some(rows) = l.report(l_party_line(p)) {
                            t.parties.extend(rows);
                        }
                    }
                }
                Some("event") => {
                    c.bump();
                    let id = c.ident("an event id such as `ceasefire`")?;
                    let description = c.string("what the event is, in quotes")?.value;
                    let on = if c.eat("on").is_some() { Some(c.date()?) } else { None };
                    c.finish()?;
                    t.events.push(Event { id, description, on });
                }
                Some("body") => {
                    c.bump();
                    let id = c.ident("a body id such as `monitor`")?;
                    let name = c.string("the body's name in quotes")?.value;
                    c.finish()?;
                    t.bodies.push(Body { id, name });
                }
                Some("active") => {
                    c.bump();
                    c.expect("after")?;
                    let v = c.ident("an event id")?;
                    c.finish()?;
                    l.once(&mut t.active_after, v, s, &mut seen[5]);
                }
                Some("attribution") => {
                    let v = attribution(&mut c)?;
                    l.once(&mut t.attribution, v, s, &mut seen[6]);
                }
                Some("area") => {
                    let a = l_area(&mut *l, s);
                    t.areas.extend(l.report(a));
                }
                Some("commitment") => {
                    let cm = l_commitment(&mut *l, s);
                    t.commitments.extend(l.report(cm).flatten());
                }
                _ => l.unknown(s, "in a treaty", TREATY),
            }
            Ok(())
        })();
        l.report(r);
    }
    Ok(t)
}

fn attribution(c: &mut Cursor<'_>) -> Read<Spanned<String>> {
    c.expect("attribution")?;
    c.expect("by")?;
    let v = if let Some(span) = c.eat("each guarantor") {
        Spanned::new("each-guarantor".to_string(), span)
    } else {
        c.ident("`each guarantor` or a body id")?
    };
    c.finish()?;
    Ok(v)
}

/// `USA GBR FRA from 1949-08-24 until 2000-01-01`, `ARM suspended from 2024-02-22`, or
/// `VEN from 2019-08-06 contested "…"`.
fn l_party_line(st: &Statement) -> Read<Vec<Membership>> {
    let mut c = cursor(st);
    let states = c.idents_until("state codes such as `USA GBR`", &["from", "until", "suspended", "contested"])?;
    let suspended = c.eat("suspended").is_some();
    let (from, until) = c.date_range()?;
    let contested =
        if c.eat("contested").is_some() { Some(c.string("why the membership is contested, in quotes")?) } else { None };
    c.finish()?;
    Ok(states
        .into_iter()
        .map(|state| Membership {
            state,
            from: from.clone(),
            until: until.clone(),
            suspended,
            contested: contested.clone(),
        })
        .collect())
}

fn l_area(l: &mut Lowerer, st: &Statement) -> Read<Area> {
    let mut c = cursor(st);
    c.expect("area")?;
    let id = c.ident("an area id such as `article-6`")?;
    let name = c.string("the area's name in quotes")?.value;
    c.finish()?;
    let mut items = Vec::new();
    let mut failed = false;
    for s in l.block(st, "an area") {
        l.no_block(s);
        match l_area_item(s) {
            Ok(item) => items.push(item),
            Err(d) => {
                failed = true;
                l.diags.push(*d);
            }
        }
    }
    if items.is_empty() && st.block.is_some() && !failed {
        l.diags.push(
            Diagnostic::error("E0104", st.head_span(), format!("area `{}` contains nothing", id.value))
                .with_help("add lines such as `territory of parties in europe` or `region UA-43`"),
        );
    }
    Ok(Area { id, name, items })
}

const ITEM_STOPS: &[&str] = &["in", "from", "until"];

/// `territory of parties in europe, north-america`, `forces vessels aircraft of parties in or over this area`,
/// `territory TUR`, `region DZ from 1949-08-24 until 1962-07-03`.
fn l_area_item(st: &Statement) -> Read<AreaItem> {
    let mut c = cursor(st);
    let mut item = AreaItem {
        objects: Vec::new(),
        of: None,
        regions: Vec::new(),
        places: Vec::new(),
        or_over: false,
        from: None,
        until: None,
    };
    if c.eat("region").is_some() || c.eat("regions").is_some() {
        item.objects = Vec::new();
        item.regions = c.idents_until("region ids such as `UA-43`", ITEM_STOPS)?;
    } else {
        if c.peek_word().and_then(<ObjectKind as crate::vocab::Vocabulary>::from_word).is_none() {
            return Err(Box::new(
                Diagnostic::error("E0102", c.here(), "an area line must start with `region` or what it covers")
                    .with_help("write e.g. `territory of parties in europe` or `region UA-43`; the objects are `territory`, `islands`, `forces`, `vessels`, `aircraft`, `infrastructure`, `population`"),
            ));
        }
        item.objects = c.vocab_list::<ObjectKind>()?;
        c.eat("of");
        item.of = Some(owners(&mut c, ITEM_STOPS)?);
    }
    if c.eat("in or over").is_some() {
        item.or_over = true;
        item.places = places(&mut c)?;
    } else if c.eat("in").is_some() {
        item.places = places(&mut c)?;
    }
    let (from, until) = c.date_range()?;
    item.from = from;
    item.until = until;
    c.finish()?;
    Ok(item)
}

fn owners(c: &mut Cursor<'_>, stops: &[&str]) -> Read<Owners> {
    if c.eat("parties").is_some() || c.eat("all parties").is_some() {
        Ok(Owners::Parties)
    } else if c.eat("beneficiary").is_some() {
        Ok(Owners::Beneficiary)
    } else {
        Ok(Owners::States(c.idents_until("`parties`, `beneficiary` or state codes", stops)?))
    }
}

/// `this area, mediterranean, north-atlantic north of tropic-of-cancer`.
fn places(c: &mut Cursor<'_>) -> Read<Vec<Place>> {
    let mut out = Vec::new();
    loop {
        c.skip_separators();
        let name = if let Some(span) = c.eat("this area") {
            Spanned::new("this-area".to_string(), span)
        } else {
            match c.peek_word() {
                Some(w) if !matches!(w, "from" | "until") => c.ident("a place")?,
                _ => break,
            }
        };
        let bound = if c.at_phrase("north of") || c.at_phrase("south of") {
            let side = if c.eat("north of").is_some() {
                Side::North
            } else {
                c.expect("south of")?;
                Side::South
            };
            let line = match c.peek() {
                Some(w) if w.kind == WordKind::Number => {
                    c.bump();
                    Spanned::new(w.text.clone(), w.span)
                }
                _ => c.ident("a latitude line such as `tropic-of-cancer`, or degrees")?,
            };
            Some(LatitudeBound { side, line })
        } else {
            None
        };
        out.push(Place { name, bound });
    }
    if out.is_empty() { Err(c.expected("a place such as `europe`, `mediterranean` or a region id")) } else { Ok(out) }
}

/// `Ok(None)` when the commitment is incomplete and the reason has been reported.
fn l_commitment(l: &mut Lowerer, st: &Statement) -> Read<Option<Commitment>> {
    let mut c = cursor(st);
    c.expect("commitment")?;
    let id = c.ident("a commitment id such as `art5`")?;
    let kind = c.vocab::<Kind>()?;
    let title = c.string("the commitment's title in quotes")?.value;
    c.finish()?;
    let mut clause = None;
    let (mut guarantors, mut beneficiaries, mut trigger, mut attribution_by) = (None, None, None, None);
    let mut seen: [Option<Span>; 5] = Default::default();
    let (mut conditions, mut void_if, mut responses) = (Vec::new(), Vec::new(), Vec::new());
    let mut failed: Vec<String> = Vec::new();
    if st.block.is_none() {
        l.block(st, "a commitment");
    }
    for s in l.block(st, "a commitment") {
        l.no_block(s);
        let mut c = cursor(s);
        let r: Read<()> = (|| {
            match s.keyword() {
                Some("clause") => {
                    c.bump();
                    let text = c.string("the clause in quotes, such as `\"Article 5\"`")?;
                    let source = c.opt_string().map(|s| s.value);
                    c.finish()?;
                    l.once(&mut clause, Clause { text, source }, s, &mut seen[0]);
                }
                Some("guarantors") => {
                    c.bump();
                    let v = set_expr(&mut c)?;
                    l.once(&mut guarantors, v, s, &mut seen[1]);
                }
                Some("beneficiaries") => {
                    c.bump();
                    let v = set_expr(&mut c)?;
                    l.once(&mut beneficiaries, v, s, &mut seen[2]);
                }
                Some("when") => {
                    let v = when(&mut c)?;
                    l.once(&mut trigger, v, s, &mut seen[3]);
                }
                Some("if") => conditions.push(condition(&mut c, s.head_span())?),
                Some("void") => void_if.push(void_condition(&mut c, s.head_span())?),
                Some("owe") => responses.push(owe(&mut c)?),
                Some("attribution") => {
                    let v = attribution(&mut c)?;
                    l.once(&mut attribution_by, v, s, &mut seen[4]);
                }
                _ => l.unknown(s, "in a commitment", COMMITMENT),
            }
            Ok(())
        })();
        if r.is_err() {
            failed.extend(s.keyword().map(str::to_string));
        }
        l.report(r);
    }
    // A required statement that was written but could not be read has been reported
    // already; saying it is missing too would only add noise.
    let mut missing_any = false;
    let mut missing = |what: &str, example: &str| {
        missing_any = true;
        if st.block.is_some() && !failed.iter().any(|f| f == what) {
            l.diags.push(
                Diagnostic::error("E0104", st.head_span(), format!("commitment `{}` has no `{what}`", id.value))
                    .with_help(format!("add a line such as `{example}`")),
            );
        }
    };
    if guarantors.is_none() {
        missing("guarantors", "guarantors all parties except beneficiary");
    }
    if beneficiaries.is_none() {
        missing("beneficiaries", "beneficiaries all parties");
    }
    if trigger.is_none() {
        missing("when", "when armed-attack against beneficiary");
    }
    if responses.is_empty() {
        missing("owe", "owe \"such action as it deems necessary\" strength discretionary");
    }
    let (Some(guarantors), Some(beneficiaries), Some(trigger), false) =
        (guarantors, beneficiaries, trigger, missing_any)
    else {
        return Ok(None);
    };
    Ok(Some(Commitment {
        id,
        kind,
        title,
        clause,
        guarantors,
        beneficiaries,
        trigger,
        conditions,
        void_if,
        responses,
        attribution: attribution_by,
        span: Origin(st.head_span()),
    }))
}

/// `all parties except beneficiary`, `USA GBR`, `beneficiary`.
fn set_expr(c: &mut Cursor<'_>) -> Read<SetExpr> {
    let include = members(c, "`all parties`, `beneficiary` or state codes")?;
    let except = if c.eat("except").is_some() { members(c, "what to leave out")? } else { Vec::new() };
    c.finish()?;
    Ok(SetExpr { include, except })
}

fn members(c: &mut Cursor<'_>, what: &str) -> Read<Vec<Spanned<Member>>> {
    let mut out = Vec::new();
    loop {
        c.skip_separators();
        if c.at_phrase("except") || c.done() {
            break;
        }
        if let Some(span) = c.eat("all parties").or_else(|| c.eat("parties")) {
            out.push(Spanned::new(Member::AllParties, span));
        } else if let Some(span) = c.eat("beneficiary") {
            out.push(Spanned::new(Member::Beneficiary, span));
        } else {
            let code = c.ident(what)?;
            if code.value.chars().any(|ch| ch.is_ascii_lowercase()) {
                let mut d = Diagnostic::error("E0102", code.span, format!("expected {what}, found `{}`", code.value));
                d = match did_you_mean(&code.value, ["beneficiary", "parties", "except"]) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("state codes are upper case, such as `USA`"),
                };
                return Err(Box::new(d));
            }
            out.push(Spanned::new(Member::State(code.value), code.span));
        }
    }
    if out.is_empty() { Err(c.expected(what)) } else { Ok(out) }
}

/// `when armed-attack [at least SEVERITY] against [OBJECTS of] beneficiary [within PLACES]`.
fn when(c: &mut Cursor<'_>) -> Read<Trigger> {
    c.expect("when")?;
    let act = c.vocab::<Act>()?;
    let severity = if c.eat("at least").is_some() { Some(c.vocab::<Severity>()?) } else { None };
    c.expect("against")?;
    let objects = if c.peek_word().and_then(<ObjectKind as crate::vocab::Vocabulary>::from_word).is_some() {
        let o = c.vocab_list::<ObjectKind>()?;
        c.expect("of")?;
        o
    } else {
        Vec::new()
    };
    c.expect("beneficiary").map_err(|_| {
        Box::new(
            Diagnostic::error("E0102", c.here(), "a trigger names acts against the `beneficiary`")
                .with_help("write e.g. `when armed-attack against beneficiary within article-6`; say who is protected with `beneficiaries`"),
        )
    })?;
    let within = if c.eat("within").is_some() { places(c)? } else { Vec::new() };
    c.finish()?;
    Ok(Trigger { act, severity, objects, within })
}

/// The conditions after `if`.
fn condition(c: &mut Cursor<'_>, whole: Span) -> Read<Spanned<Condition>> {
    c.expect("if")?;
    let cond = if c.eat("deliberate").is_some() {
        Condition::Deliberate
    } else if c.eat("unprovoked").is_some() {
        Condition::Unprovoked
    } else if c.eat("sustained").is_some() {
        c.eat("for");
        c.eat("at least");
        Condition::Sustained { at_least: c.period()? }
    } else if c.eat("judged").is_some() {
        let what = c.string("what is judged, in quotes, such as `\"significant\"`")?.value;
        let by = if c.eat("by").is_some() { Some(c.ident("a body id")?) } else { None };
        Condition::Judged { what, by }
    } else if c.eat("attackers").is_some() {
        c.expect("at least")?;
        Condition::Attackers { at_least: c.number("the least number of attackers")? }
    } else if c.eat("attacker").is_some() {
        c.eat("is");
        if c.eat("not").is_some() {
            Condition::AttackerNot { states: c.idents_until("state codes", &[])? }
        } else {
            c.eat("one of");
            Condition::Attacker { states: c.idents_until("state codes", &[])? }
        }
    } else if c.eat("territory").is_some() {
        let status = c.vocab::<TerritoryStatus>()?;
        let as_of = if c.eat("as of").is_some() {
            Some(match c.peek() {
                Some(w) if w.kind == WordKind::Date => {
                    let d = c.date()?;
                    Spanned::new(d.value.to_string(), d.span)
                }
                _ => c.ident("a date or an event id")?,
            })
        } else {
            None
        };
        Condition::Territory { status, as_of }
    } else if c.eat("domain").is_some() || c.eat("domains").is_some() {
        Condition::Domain { domains: c.vocab_list::<Domain>()? }
    } else if c.eat("after").is_some() {
        Condition::After { event: c.ident("an event id")? }
    } else if c.eat("weapons").is_some() || c.eat("weapon").is_some() {
        Condition::Weapons { kinds: c.vocab_list::<Weapon>()? }
    } else {
        return Err(Box::new(
            Diagnostic::error("E0102", c.here(), "unknown condition")
                .with_help("the conditions are `deliberate`, `unprovoked`, `sustained for N days`, `judged \"…\"`, `attacker CODE…`, `attacker not CODE…`, `attackers at least N`, `territory de-jure|controlled`, `domain …`, `after EVENT`, `weapons …`"),
        ));
    };
    c.finish()?;
    Ok(Spanned::new(cond, whole))
}

/// The conditions after `void if`.
fn void_condition(c: &mut Cursor<'_>, whole: Span) -> Read<Spanned<VoidCondition>> {
    c.expect("void")?;
    c.expect("if")?;
    let v = if let Some(w) = c.opt_string() {
        VoidCondition::Judged { what: w.value }
    } else {
        c.expect("beneficiary")?;
        if c.eat("attacks first").is_some() {
            VoidCondition::AttacksFirst
        } else if c.eat("invades").is_some() {
            VoidCondition::Invades { states: c.idents_until("state codes", &[])? }
        } else if c.eat("strikes").is_some() {
            VoidCondition::Strikes { regions: c.idents_until("region ids", &[])? }
        } else {
            return Err(c.expected("`attacks first`, `invades CODE…` or `strikes REGION…`"));
        }
    };
    c.finish()?;
    Ok(Spanned::new(v, whole))
}

/// `owe "text" strength S [within PERIOD] [subject to constitutional processes]`.
fn owe(c: &mut Cursor<'_>) -> Read<Response> {
    c.expect("owe")?;
    let text = c.string("what is owed, in the treaty's words, in quotes")?.value;
    c.expect("strength")?;
    let strength = c.vocab::<Strength>()?;
    let within = if c.eat("within").is_some() { Some(c.period()?) } else { None };
    let constitutional = if c.eat("subject to").is_some() {
        c.expect("constitutional processes")?;
        true
    } else {
        false
    };
    c.finish()?;
    Ok(Response { text, strength, within, constitutional })
}

fn l_region(l: &mut Lowerer, st: &Statement, file: FileId) -> Read<Region> {
    let mut c = cursor(st);
    c.expect("region")?;
    let id = c.ident("a region id such as `UA-43`")?;
    let name = c.string("the region's name in quotes")?.value;
    c.finish()?;
    let mut r = Region {
        id,
        name,
        part_of: None,
        sovereign: Vec::new(),
        controller: Vec::new(),
        claimants: Vec::new(),
        sources: Vec::new(),
        geometry: None,
        precision: None,
        shape: None,
        span: Origin(st.head_span()),
        file: Origin(file),
    };
    let mut seen = None;
    let (mut seen_geometry, mut seen_precision) = (None, None);
    for s in l.block(st, "a region") {
        l.no_block(s);
        let mut c = cursor(s);
        let res: Read<()> = (|| {
            if c.eat("part of").is_some() {
                let v = c.ident("a state code or region id")?;
                c.finish()?;
                l.once(&mut r.part_of, v, s, &mut seen);
            } else if c.eat("sovereign").is_some() {
                r.sovereign.push(holding(&mut c)?);
            } else if c.eat("controller").is_some() {
                r.controller.push(holding(&mut c)?);
            } else if c.eat("claimed by").is_some() {
                r.claimants.push(holding(&mut c)?);
            } else if c.eat("source").is_some() {
                r.sources.push(c.string("the source in quotes")?);
                c.finish()?;
            } else if c.eat("geometry").is_some() {
                let v = c.string("a GeoJSON file in quotes, such as \"line.geojson\" or \"lines.geojson#2025\"")?;
                c.finish()?;
                l.once(&mut r.geometry, v, s, &mut seen_geometry);
            } else if c.eat("precision").is_some() {
                let n = c.number("the precision in km, such as `precision 10 km`")?;
                let span = c.expect("km")?;
                c.finish()?;
                l.once(&mut r.precision, Spanned::new(n, span), s, &mut seen_precision);
            } else {
                l.unknown(s, "in a region", REGION);
            }
            Ok(())
        })();
        l.report(res);
    }
    Ok(r)
}

fn holding(c: &mut Cursor<'_>) -> Read<Holding> {
    let state = c.ident("a state code")?;
    let (from, until) = c.date_range()?;
    c.finish()?;
    Ok(Holding { state, from, until })
}

fn l_deployment(l: &mut Lowerer, st: &Statement, file: FileId) -> Read<Deployment> {
    let mut c = cursor(st);
    c.expect("deployment")?;
    let id = c.ident("a deployment id")?;
    let name = c.string("the deployment's name in quotes")?.value;
    c.finish()?;
    let (mut forces, mut location, mut from, mut until, mut role, mut personnel) = (None, None, None, None, None, None);
    let mut sources = Vec::new();
    let mut treaties = Vec::new();
    let mut seen: [Option<Span>; 6] = Default::default();
    for s in l.block(st, "a deployment") {
        l.no_block(s);
        let mut c = cursor(s);
        let res: Read<()> = (|| {
            match s.keyword() {
                Some("forces") => {
                    c.bump();
                    let v = c.idents_until("state codes", &[])?;
                    l.once(&mut forces, v, s, &mut seen[0]);
                }
                Some("in") => {
                    c.bump();
                    let v = c.ident("a state code or region id")?;
                    c.finish()?;
                    l.once(&mut location, v, s, &mut seen[1]);
                }
                Some("from") => {
                    c.bump();
                    let v: Spanned<Date> = c.date()?;
                    c.finish()?;
                    l.once(&mut from, v, s, &mut seen[2]);
                }
                Some("until") => {
                    c.bump();
                    let v = c.date()?;
                    c.finish()?;
                    l.once(&mut until, v, s, &mut seen[3]);
                }
                Some("role") => {
                    c.bump();
                    let v = c.vocab::<Role>()?;
                    c.finish()?;
                    l.once(&mut role, v, s, &mut seen[4]);
                }
                Some("personnel") => {
                    c.bump();
                    let v = c.number("the number of personnel")?;
                    c.finish()?;
                    l.once(&mut personnel, v, s, &mut seen[5]);
                }
                Some("for") => {
                    c.bump();
                    treaties.extend(c.idents_until("treaty ids", &[])?);
                }
                Some("source") => {
                    c.bump();
                    sources.push(c.string("the source in quotes")?);
                    c.finish()?;
                }
                _ => l.unknown(s, "in a deployment", DEPLOYMENT),
            }
            Ok(())
        })();
        l.report(res);
    }
    let missing = |what: &str, example: &str| {
        Box::new(
            Diagnostic::error("E0104", st.head_span(), format!("deployment `{}` has no `{what}`", id.value))
                .with_help(format!("add a line such as `{example}`")),
        )
    };
    let forces = forces.ok_or_else(|| missing("forces", "forces GBR FRA"))?;
    let location = location.ok_or_else(|| missing("in", "in UKR"))?;
    Ok(Deployment {
        id,
        name,
        forces,
        location,
        from,
        until,
        role,
        personnel,
        treaties,
        sources,
        span: Origin(st.head_span()),
        file: Origin(file),
    })
}

fn l_incident(l: &mut Lowerer, st: &Statement, file: FileId) -> Read<Incident> {
    let mut c = cursor(st);
    c.expect("incident")?;
    let id = c.ident("an incident id such as `nine-eleven`")?;
    let title = c.string("the incident's title in quotes")?.value;
    c.finish()?;
    let mut i = Incident { id, span: Origin(st.head_span()), file: Origin(file), ..Incident::new("", title) };
    let mut seen: [Option<Span>; 16] = Default::default();
    let mut actor = None;
    let mut domains = None;
    let mut weapons = None;
    for s in l.block(st, "an incident") {
        l.no_block(s);
        let mut c = cursor(s);
        let res: Read<()> = (|| {
            match s.keyword() {
                Some("on") => {
                    c.bump();
                    let v = c.date()?;
                    c.finish()?;
                    l.once(&mut i.on, v, s, &mut seen[0]);
                }
                Some("time") => {
                    c.bump();
                    let t = c.string("the time in quotes, such as `\"08:46\"`")?;
                    c.finish()?;
                    if !is_time(&t.value) {
                        return Err(Box::new(
                            Diagnostic::error("E0102", t.span, format!("`{}` is not a time", t.value))
                                .with_help("write the time of day as `\"HH:MM\"`, 24-hour clock"),
                        ));
                    }
                    l.once(&mut i.time, t.value, s, &mut seen[1]);
                }
                Some("duration") => {
                    c.bump();
                    let v = if c.eat("single strike").is_some() {
                        IncidentDuration::SingleStrike
                    } else {
                        c.eat("sustained");
                        c.eat("for");
                        IncidentDuration::Sustained(c.period()?)
                    };
                    c.finish()?;
                    l.once(&mut i.duration, v, s, &mut seen[2]);
                }
                Some("actor") => {
                    c.bump();
                    let v = if c.eat("unknown").is_some() {
                        Actor::Unknown
                    } else if c.eat("non-state").is_some() {
                        Actor::NonState(c.opt_string().map(|s| s.value).unwrap_or_default())
                    } else {
                        Actor::States(c.idents_until("a state code, `non-state \"name\"` or `unknown`", &[])?)
                    };
                    c.finish()?;
                    l.once(&mut actor, v, s, &mut seen[3]);
                }
                Some("attribution") => {
                    c.bump();
                    let v = c.vocab::<Confidence>()?;
                    c.finish()?;
                    l.once(&mut i.attribution, v, s, &mut seen[4]);
                }
                Some("target") => {
                    c.bump();
                    let v = c.ident("the target's state code")?;
                    c.finish()?;
                    l.once(&mut i.target, v, s, &mut seen[5]);
                }
                Some("object") => {
                    c.bump();
                    let v = c.vocab::<ObjectKind>()?;
                    c.finish()?;
                    l.once(&mut i.object, v, s, &mut seen[6]);
                }
                Some("region") => {
                    c.bump();
                    let v = c.ident("a region id such as `UA-32` or `US-NY`")?;
                    c.finish()?;
                    l.once(&mut i.region, v, s, &mut seen[7]);
                }
                Some("at") => {
                    c.bump();
                    let v = coordinates(&mut c)?;
                    c.finish()?;
                    l.once(&mut i.at, v, s, &mut seen[8]);
                }
                Some("domain" | "domains") => {
                    c.bump();
                    let v = c.vocab_list::<Domain>()?;
                    c.finish()?;
                    l.once(&mut domains, v, s, &mut seen[9]);
                }
                Some("severity") => {
                    c.bump();
                    let v = c.vocab::<Severity>()?;
                    c.finish()?;
                    l.once(&mut i.severity, v, s, &mut seen[10]);
                }
                Some("casualties") => {
                    c.bump();
                    let v = c.number("the number of people killed")?;
                    c.finish()?;
                    l.once(&mut i.casualties, v, s, &mut seen[11]);
                }
                Some("intentional") => {
                    c.bump();
                    let v = c.vocab::<Tri>()?;
                    c.finish()?;
                    l.once(&mut i.intentional, v, s, &mut seen[12]);
                }
                Some("forces-hit" | "forces") => {
                    c.expect("forces hit")?;
                    let v = c.vocab::<Tri>()?;
                    c.finish()?;
                    l.once(&mut i.forces_hit, v, s, &mut seen[15]);
                }
                Some("initiator") => {
                    c.bump();
                    let v = c.ident("the state code of who started the hostilities")?;
                    c.finish()?;
                    l.once(&mut i.initiator, v, s, &mut seen[13]);
                }
                Some("weapons" | "weapon") => {
                    c.bump();
                    let v = c.vocab_list::<Weapon>()?;
                    c.finish()?;
                    l.once(&mut weapons, v, s, &mut seen[14]);
                }
                Some("judged") => {
                    c.bump();
                    let what = c.string("the judgement in quotes, such as `\"significant\"`")?;
                    let answer = c.vocab::<Tri>()?.value;
                    c.finish()?;
                    i.judged.push(Fact { what, answer });
                }
                Some("given") => {
                    c.bump();
                    let what = c.ident("an event id such as `ceasefire`")?;
                    let answer = c.vocab::<Tri>()?.value;
                    c.finish()?;
                    i.given.push(Fact { what, answer });
                }
                Some("prior") => {
                    c.bump();
                    let state = c.ident("a state code")?;
                    let act = if c.eat("attacks first").is_some() {
                        PriorAct::AttacksFirst
                    } else {
                        c.vocab::<PriorAct>()?.value
                    };
                    let objects = if act == PriorAct::AttacksFirst {
                        Vec::new()
                    } else {
                        c.idents_until("state codes or region ids", &[])?
                    };
                    c.finish()?;
                    i.prior.push(Prior { state, act, objects });
                }
                Some("source") => {
                    c.bump();
                    i.sources.push(c.string("the source in quotes")?);
                    c.finish()?;
                }
                Some("expect") => {
                    c.bump();
                    i.expect.push(expectation(&mut c)?);
                }
                _ => l.unknown(s, "in an incident", INCIDENT),
            }
            Ok(())
        })();
        l.report(res);
    }
    i.actor = actor.unwrap_or(Actor::Unknown);
    i.domains = domains.unwrap_or_default();
    i.weapons = weapons.unwrap_or_default();
    // Checked date arithmetic, as for a treaty's term: the incident must end by the last
    // date casus counts to.
    if let (Some(on), Some(IncidentDuration::Sustained(p)), Some(at)) = (&i.on, &i.duration, seen[2])
        && crate::eval::life::add_period(on.value, *p).is_none()
    {
        l.diags.push(
            Diagnostic::error(
                "E0211",
                at,
                format!(
                    "sustained for {p} from {}, the incident ends past 9999-12-31, the last date casus can count to",
                    on.value
                ),
            )
            .with_help("give the duration it has had so far, or a shorter one"),
        );
    }
    Ok(i)
}

fn is_time(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && t[3..].parse::<u8>().is_ok_and(|m| m < 60)
        && b.iter().enumerate().all(|(k, c)| k == 2 || c.is_ascii_digit())
}

/// `50.45, 30.52` (latitude, longitude in degrees).
fn coordinates(c: &mut Cursor<'_>) -> Read<Spanned<Coordinates>> {
    let start = c.here();
    let num = |c: &mut Cursor<'_>, what: &str| -> Read<(f64, Span)> {
        match c.peek() {
            Some(w) if w.kind == WordKind::Number => {
                c.bump();
                Ok((w.text.parse::<f64>().unwrap_or(f64::NAN), w.span))
            }
            _ => Err(c.expected(what)),
        }
    };
    let (lat, lat_span) = num(c, "a latitude in degrees, such as `50.45`")?;
    c.skip_separators();
    let (lon, lon_span) = num(c, "a longitude in degrees, such as `30.52`")?;
    if !(-90.0..=90.0).contains(&lat) {
        return Err(Box::new(
            Diagnostic::error("E0102", lat_span, format!("latitude {lat} is out of range"))
                .with_help("latitude is from -90 to 90 degrees, north positive; write `at LAT, LON`"),
        ));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(Box::new(
            Diagnostic::error("E0102", lon_span, format!("longitude {lon} is out of range"))
                .with_help("longitude is from -180 to 180 degrees, east positive; write `at LAT, LON`"),
        ));
    }
    Ok(Spanned::new(Coordinates { lat, lon }, start.to(lon_span)))
}

/// `nato/art5 triggered`, `nato/art5 guarantors 18`, `nato/art5 strength discretionary`.
fn expectation(c: &mut Cursor<'_>) -> Read<Expectation> {
    let commitment = c.ident("`treaty/commitment`, such as `nato/art5`")?;
    if !commitment.value.contains('/') {
        return Err(Box::new(
            Diagnostic::error("E0102", commitment.span, format!("`{}` does not name a commitment", commitment.value))
                .with_help("write the treaty id and the commitment id with a slash: `nato/art5`"),
        ));
    }
    let expected = if c.eat("guarantors").is_some() {
        Expected::Guarantors(c.number("the number of guarantors")?)
    } else if c.eat("strength").is_some() {
        Expected::Strength(c.vocab::<Strength>()?.value)
    } else {
        let word = c.peek_word().map(|w| w.replace('-', "_"));
        match word.as_deref().and_then(VerdictKind::from_word) {
            Some(v) => {
                c.bump();
                Expected::Verdict(v)
            }
            None => return Err(c.expected("a verdict (`triggered`, `not-triggered`, `indeterminate`, `violated`, `not-in-force`), `guarantors N` or `strength S`")),
        }
    };
    c.finish()?;
    Ok(Expectation { commitment, expected })
}
