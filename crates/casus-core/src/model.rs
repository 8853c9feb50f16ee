//! The casus model: treaties, commitments, regions and deployments, as checked.
//!
//! This is the contract every part of casus shares and the shape of the JSON form
//! (`casus export`). Values read from `.casus` files keep their spans for diagnostics;
//! spans are not part of the JSON and do not take part in equality.

use casus_syntax::{FileId, Span, Spanned};
use serde::{Deserialize, Serialize};

pub use jiff::civil::Date;

use crate::vocab::{
    Act, Confidence, Domain, Kind, ObjectKind, PriorAct, Role, Severity, Status, Strength, TerritoryStatus, Tri, Unit,
    VerdictKind, Weapon,
};

/// Everything read from a set of files: the unit that is checked, evaluated and exported.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    /// Treaties, guarantee designs and other instruments.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "shrunk::treaties")]
    pub treaties: Vec<Treaty>,
    /// Territories with their sovereign and controller over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "shrunk::regions")]
    pub regions: Vec<Region>,
    /// Forces stationed abroad.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deployments: Vec<Deployment>,
    /// Incidents (scenarios), with the verdicts expected of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<Incident>,
}

impl Library {
    /// Gives back the room lists grew into while they were read. A list grown by pushes
    /// holds room for four items at least, so a treaty with one commitment of 448 bytes kept
    /// 1,344 bytes it never used: on 20,000 small treaties, a third of the model. Linear in
    /// the model; called by the loader on each file's fragment and once at the end.
    pub fn shrink_to_fit(&mut self) {
        self.treaties.iter_mut().for_each(Treaty::shrink_to_fit);
        self.regions.iter_mut().for_each(Region::shrink_to_fit);
        self.treaties.shrink_to_fit();
        self.regions.shrink_to_fit();
        self.deployments.shrink_to_fit();
        self.incidents.shrink_to_fit();
    }

    /// Appends everything in `other`.
    pub fn extend(&mut self, other: Library) {
        self.treaties.extend(other.treaties);
        self.regions.extend(other.regions);
        self.deployments.extend(other.deployments);
        self.incidents.extend(other.incidents);
    }

    /// Records `file` as the origin of every top-level item that has none (items read from JSON).
    pub fn set_origin(&mut self, file: FileId) {
        for t in &mut self.treaties {
            t.file = Origin(file);
        }
        for r in &mut self.regions {
            r.file = Origin(file);
        }
        for d in &mut self.deployments {
            d.file = Origin(file);
        }
        for i in &mut self.incidents {
            i.file = Origin(file);
        }
    }
}

/// A treaty, agreement, declaration or guarantee design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Treaty {
    /// Short id used in references (`nato`).
    pub id: Spanned<String>,
    /// Full name (`North Atlantic Treaty`).
    pub name: String,
    /// Where it stands; when absent it follows from the dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Spanned<Status>>,
    /// Date of signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<Spanned<Date>>,
    /// Date of entry into force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<Spanned<Date>>,
    /// Date it ceased to bind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<Spanned<Date>>,
    /// Fixed term, renewal and ending event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// Where its text (or its reporting) can be read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Spanned<String>>,
    /// Membership periods, one per party per period (a party that leaves and returns has two).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Membership>,
    /// Named events the treaty refers to (a ceasefire, NATO accession).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Named bodies the treaty refers to (a monitoring mission that attributes breaches).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bodies: Vec<Body>,
    /// The event after which the whole treaty applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_after: Option<Spanned<String>>,
    /// Who decides that a breach happened and by whom, unless a commitment says otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Spanned<String>>,
    /// Named areas its commitments refer to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
    /// Its clauses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Commitment>,
    /// The treaty's header in its file.
    #[serde(skip)]
    pub span: Origin<Span>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: Origin<FileId>,
}

/// A fixed term with optional renewal and an event that ends it early.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    /// The term.
    pub term: Period,
    /// Whether the term renews.
    #[serde(default, skip_serializing_if = "is_false")]
    pub renewable: bool,
    /// An event that ends the treaty before the term (Ukraine's accession to NATO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Spanned<String>>,
}

/// An amount of time: `24 hours`, `10 years`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// How many units.
    pub amount: u32,
    /// Which unit.
    pub unit: Unit,
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = self.unit.to_string();
        if self.amount == 1 {
            write!(f, "1 {}", unit.trim_end_matches('s'))
        } else {
            write!(f, "{} {unit}", self.amount)
        }
    }
}

/// One period of one state's membership.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// ISO 3166-1 alpha-3 code.
    pub state: Spanned<String>,
    /// Accession; absent means from entry into force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Spanned<Date>>,
    /// Withdrawal; absent means still a party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Spanned<Date>>,
    /// Whether this period is a suspension of an otherwise running membership.
    #[serde(default, skip_serializing_if = "is_false")]
    pub suspended: bool,
    /// Why this membership is contested in law, when it is (an instrument one government
    /// deposited and the government holding the state rejects): a verdict protecting the
    /// state in this period is indeterminate, waiting on the point named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contested: Option<Spanned<String>>,
}

/// An event a treaty refers to by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Its id.
    pub id: Spanned<String>,
    /// What it is.
    pub description: String,
    /// When it happened, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<Spanned<Date>>,
}

/// A body a treaty refers to by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Its id.
    pub id: Spanned<String>,
    /// Its name.
    pub name: String,
}

/// A named area, such as NATO's Article 6 area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Its id.
    pub id: Spanned<String>,
    /// Its name.
    pub name: String,
    /// What it contains; a place is in the area if any item contains it.
    pub items: Vec<AreaItem>,
}

/// One part of an area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaItem {
    /// What is covered: territory, forces, vessels …
    pub objects: Vec<Spanned<ObjectKind>>,
    /// Whose: the parties, the beneficiary, or named states; absent for regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Owners>,
    /// Regions (by id) covered whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Spanned<String>>,
    /// Where the objects must be; empty means anywhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Place>,
    /// Whether "in" includes the airspace over the places.
    #[serde(default, skip_serializing_if = "is_false")]
    pub or_over: bool,
    /// When the item starts to count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Spanned<Date>>,
    /// When it stops (the Algerian departments of France, 1962).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Spanned<Date>>,
}

/// Whose objects an area item covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Owners {
    /// Any party of the treaty.
    Parties,
    /// The beneficiary of the commitment.
    Beneficiary,
    /// Named states.
    States(Vec<Spanned<String>>),
}

/// A place: a continent, a sea, a region, another area, or `this-area`, with an optional
/// latitude bound.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Its name.
    pub name: Spanned<String>,
    /// `north of tropic-of-cancer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<LatitudeBound>,
}

/// A limit by latitude.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatitudeBound {
    /// North or south of the line.
    pub side: Side,
    /// A named line (`tropic-of-cancer`) or degrees (`23.44`).
    pub line: Spanned<String>,
}

/// A side of a latitude line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// North of it.
    North,
    /// South of it.
    South,
}

/// One clause: who owes what to whom, when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// Its id within the treaty (`art5`).
    pub id: Spanned<String>,
    /// What kind of promise it is.
    pub kind: Spanned<Kind>,
    /// A short title (`Article 5`).
    pub title: String,
    /// The clause it encodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<Clause>,
    /// Who owes.
    pub guarantors: SetExpr,
    /// Who is owed.
    pub beneficiaries: SetExpr,
    /// What sets it off.
    pub trigger: Trigger,
    /// Further conditions, all of which must hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Spanned<Condition>>,
    /// Conditions under which the commitment lapses or does not apply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub void_if: Vec<Spanned<VoidCondition>>,
    /// What is owed, rung by rung.
    pub responses: Vec<Response>,
    /// Who attributes a breach, when not the treaty's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Spanned<String>>,
    /// The commitment's header.
    #[serde(skip)]
    pub span: Origin<Span>,
}

impl Commitment {
    /// The strongest response the commitment can give.
    pub fn strength(&self) -> Option<Strength> {
        self.responses.iter().map(|r| r.strength.value).max()
    }
}

/// The citation of a clause.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// The article or paragraph (`Article 5`).
    pub text: Spanned<String>,
    /// Where the clause can be read, when not the treaty's source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A set of states, written over the parties of a treaty.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetExpr {
    /// Who is in.
    pub include: Vec<Spanned<Member>>,
    /// Who is then taken out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<Spanned<Member>>,
}

/// One term of a set expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Member {
    /// Every party on the date in question.
    AllParties,
    /// The beneficiary in question.
    Beneficiary,
    /// One state.
    State(String),
}

impl From<Member> for String {
    fn from(m: Member) -> String {
        match m {
            Member::AllParties => "all-parties".into(),
            Member::Beneficiary => "beneficiary".into(),
            Member::State(s) => s,
        }
    }
}

impl From<String> for Member {
    fn from(s: String) -> Member {
        match s.as_str() {
            "all-parties" => Member::AllParties,
            "beneficiary" => Member::Beneficiary,
            _ => Member::State(s),
        }
    }
}

/// What sets a commitment off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// The act.
    pub act: Spanned<Act>,
    /// The least severity that counts; absent means the act's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Spanned<Severity>>,
    /// What must be struck; empty means anything of the beneficiary's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<Spanned<ObjectKind>>,
    /// Where; empty means anywhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub within: Vec<Place>,
}

impl Trigger {
    /// The least severity that counts.
    pub fn min_severity(&self) -> Severity {
        self.severity.as_ref().map_or(self.act.value.default_severity(), |s| s.value)
    }
}

/// A further condition of a trigger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "if", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Condition {
    /// The act was deliberate.
    Deliberate,
    /// The act was sustained at least this long.
    Sustained {
        /// The least duration.
        at_least: Period,
    },
    /// A political judgement (e.g. that an attack is "significant"): never settled by data.
    Judged {
        /// The quality judged.
        what: String,
        /// Who judges, a body id, when the text names one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<Spanned<String>>,
    },
    /// The attacker is one of these states (a specific-adversary clause).
    Attacker {
        /// The states.
        states: Vec<Spanned<String>>,
    },
    /// The attacker is none of these states.
    AttackerNot {
        /// The states.
        states: Vec<Spanned<String>>,
    },
    /// At least this many states attack together.
    Attackers {
        /// The least number.
        at_least: u32,
    },
    /// The beneficiary did not provoke the attack.
    Unprovoked,
    /// The struck place's status with respect to the beneficiary.
    Territory {
        /// De jure sovereignty or de facto control.
        status: Spanned<TerritoryStatus>,
        /// The moment control is judged at (the ceasefire), when not the incident's date.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        as_of: Option<Spanned<String>>,
    },
    /// The act is in one of these domains.
    Domain {
        /// The domains.
        domains: Vec<Spanned<Domain>>,
    },
    /// A named event has happened before the act.
    After {
        /// The event's id.
        event: Spanned<String>,
    },
    /// The act used one of these weapons.
    Weapons {
        /// The weapons.
        kinds: Vec<Spanned<Weapon>>,
    },
}

/// A condition that voids a commitment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "void-if", rename_all = "kebab-case", deny_unknown_fields)]
pub enum VoidCondition {
    /// The beneficiary used force first.
    AttacksFirst,
    /// The beneficiary invades one of these states.
    Invades {
        /// The states.
        states: Vec<Spanned<String>>,
    },
    /// The beneficiary strikes one of these regions.
    Strikes {
        /// Region ids.
        regions: Vec<Spanned<String>>,
    },
    /// A condition stated in words, left to judgement.
    Judged {
        /// The condition.
        what: String,
    },
}

/// One rung of what is owed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// What is owed, in the treaty's own words.
    pub text: String,
    /// How strong it is.
    pub strength: Spanned<Strength>,
    /// The deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<Period>,
    /// Whether the guarantors' constitutional processes apply.
    #[serde(default, skip_serializing_if = "is_false")]
    pub constitutional: bool,
}

/// A territory with its sovereign and controller over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// ISO 3166-2 code or a user-defined id.
    pub id: Spanned<String>,
    /// Its name.
    pub name: String,
    /// The state (alpha-3) or region it lies in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<Spanned<String>>,
    /// De jure sovereign over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sovereign: Vec<Holding>,
    /// De facto controller over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controller: Vec<Holding>,
    /// States claiming it (annexation claims) over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claimants: Vec<Holding>,
    /// Sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Spanned<String>>,
    /// A GeoJSON file with the region's shape, relative to the file that declares it;
    /// `FILE#ID` takes the one feature of a collection whose id is `ID`. Coordinates inside
    /// the shape (and inside the region it is `part of`) are in this region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geometry: Option<Spanned<String>>,
    /// How far, in km, the shape may lie from the true boundary: a point nearer than this
    /// to its edge could be on either side, and a verdict that depends on the side is
    /// indeterminate. Without it the shape is taken as exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<Spanned<u32>>,
    /// The shape read from [`Region::geometry`] by the loader, as a GeoJSON MultiPolygon
    /// in the JSON form: exported with the region, so that the JSON stands on its own, and
    /// taken from there when read back instead of reading the file again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Shape>,
    /// The region's header.
    #[serde(skip)]
    pub span: Origin<Span>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: Origin<FileId>,
}

/// A region's shape, shared between the copies of a library; equal to every other shape
/// (like [`Origin`], it says where the region is, not what it is).
#[derive(Clone)]
pub struct Shape(pub std::sync::Arc<casus_geo::Geometry>);

impl PartialEq for Shape {
    fn eq(&self, _: &Shape) -> bool {
        true
    }
}

impl Serialize for Shape {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.to_geojson().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Shape, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        casus_geo::Geometry::from_geojson(&value.to_string(), None)
            .map(|g| Shape(std::sync::Arc::new(g)))
            .map_err(|e| serde::de::Error::custom(format!("the shape is not a usable GeoJSON geometry: {e}")))
    }
}

impl std::fmt::Debug for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shape({} polygons, {} positions)", self.0.polygons.len(), self.0.vertex_count())
    }
}

/// A state's hold on a region over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holding {
    /// The state.
    pub state: Spanned<String>,
    /// Start; absent means since before any date of interest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Spanned<Date>>,
    /// End; absent means still.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Spanned<Date>>,
}

/// Forces of one or more states stationed somewhere over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    /// Its id.
    pub id: Spanned<String>,
    /// Its name.
    pub name: String,
    /// The states whose forces are deployed.
    pub forces: Vec<Spanned<String>>,
    /// Where: a state code or a region id.
    pub location: Spanned<String>,
    /// Start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Spanned<Date>>,
    /// End.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Spanned<Date>>,
    /// Why they are there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Spanned<Role>>,
    /// How many personnel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personnel: Option<u32>,
    /// The treaties whose commitments weigh it (`for ua-own-tripwire`): a design's force is
    /// a parameter of that design. Empty: every treaty's (a deployment that exists).
    #[serde(default, rename = "for", skip_serializing_if = "Vec::is_empty")]
    pub treaties: Vec<Spanned<String>>,
    /// Sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Spanned<String>>,
    /// The deployment's header.
    #[serde(skip)]
    pub span: Origin<Span>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: Origin<FileId>,
}

/// Something that happened, or might: the input of an evaluation. Every field may be unknown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Its id.
    pub id: Spanned<String>,
    /// A short title.
    pub title: String,
    /// The date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<Spanned<Date>>,
    /// The time of day, `HH:MM`, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// How long it lasted: a single strike, or sustained for a period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<IncidentDuration>,
    /// Who acted.
    #[serde(default)]
    pub actor: Actor,
    /// How firmly the act is attributed to the actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Spanned<Confidence>>,
    /// The state acted against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Spanned<String>>,
    /// What was struck.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<Spanned<ObjectKind>>,
    /// Where: a region id (declared, or any ISO 3166-2 code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Spanned<String>>,
    /// Where: coordinates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Spanned<Coordinates>>,
    /// The domains.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Spanned<Domain>>,
    /// How grave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Spanned<Severity>>,
    /// People killed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub casualties: Option<u32>,
    /// Whether it was intentional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intentional: Option<Spanned<Tri>>,
    /// Whether forces deployed where it struck were hit (absent: unknown). A deployment
    /// at the place on the date lets the incident reach the commitments protecting the
    /// deploying states' forces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forces_hit: Option<Spanned<Tri>>,
    /// The state that started the hostilities, when not the actor (for non-provocation
    /// clauses and "void if the beneficiary attacks first").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiator: Option<Spanned<String>>,
    /// The weapons used, when known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weapons: Vec<Spanned<Weapon>>,
    /// Answers to the political judgements treaties ask for (`judged "significant" yes`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub judged: Vec<Fact>,
    /// Whether named events have happened (`given ceasefire yes`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub given: Vec<Fact>,
    /// Earlier acts that lapse conditions ask about (`prior UKR strikes RU-MOW`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prior: Vec<Prior>,
    /// Where it is reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Spanned<String>>,
    /// Verdicts expected of it, checked by `casus test`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expect: Vec<Expectation>,
    /// The incident's header.
    #[serde(skip)]
    pub span: Origin<Span>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: Origin<FileId>,
}

impl Incident {
    /// An incident with only an id and a title: every other field unknown.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Incident {
        Incident {
            id: Spanned::detached(id.into()),
            title: title.into(),
            on: None,
            time: None,
            duration: None,
            actor: Actor::Unknown,
            attribution: None,
            target: None,
            object: None,
            region: None,
            at: None,
            domains: Vec::new(),
            severity: None,
            casualties: None,
            intentional: None,
            forces_hit: None,
            initiator: None,
            weapons: Vec::new(),
            judged: Vec::new(),
            given: Vec::new(),
            prior: Vec::new(),
            sources: Vec::new(),
            expect: Vec::new(),
            span: Origin::default(),
            file: Origin::default(),
        }
    }
}

/// How long an incident lasted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IncidentDuration {
    /// One strike.
    SingleStrike,
    /// Sustained for this long.
    Sustained(Period),
}

/// Who acted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    /// Nobody knows yet.
    #[default]
    Unknown,
    /// One or more states (several for a joint attack).
    States(Vec<Spanned<String>>),
    /// A non-state group.
    NonState(String),
}

/// A point on the globe.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    /// Degrees north.
    pub lat: f64,
    /// Degrees east.
    pub lon: f64,
}

/// An answer about a named judgement or event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The judgement (`significant`) or event id (`ceasefire`).
    pub what: Spanned<String>,
    /// The answer.
    pub answer: Tri,
}

/// An earlier act of a state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prior {
    /// Who.
    pub state: Spanned<String>,
    /// What.
    pub act: PriorAct,
    /// Against what: states for `invades`, regions for `strikes`, nothing for `attacks-first`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<Spanned<String>>,
}

/// One expectation of `casus test`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// `treaty/commitment`.
    pub commitment: Spanned<String>,
    /// What is expected.
    pub expected: Expected,
}

/// What an expectation asserts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expected {
    /// This verdict.
    Verdict(VerdictKind),
    /// This many guarantors.
    Guarantors(u32),
    /// This response strength.
    Strength(Strength),
}

/// Where an item was read from: kept for diagnostics, never part of the JSON form or of
/// equality, so a model read back from JSON equals the model it was exported from.
#[derive(Clone, Copy, Debug, Default)]
pub struct Origin<T>(pub T);

impl<T> PartialEq for Origin<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Treaty {
    /// Gives back the room its lists grew into (see [`Library::shrink_to_fit`]).
    pub fn shrink_to_fit(&mut self) {
        self.sources.shrink_to_fit();
        self.parties.shrink_to_fit();
        self.events.shrink_to_fit();
        self.bodies.shrink_to_fit();
        for a in &mut self.areas {
            for i in &mut a.items {
                i.objects.shrink_to_fit();
                i.regions.shrink_to_fit();
            }
            a.items.shrink_to_fit();
        }
        self.areas.shrink_to_fit();
        for c in &mut self.commitments {
            for set in [&mut c.guarantors, &mut c.beneficiaries] {
                set.include.shrink_to_fit();
                set.except.shrink_to_fit();
            }
            c.trigger.objects.shrink_to_fit();
            c.trigger.within.shrink_to_fit();
            c.conditions.shrink_to_fit();
            c.void_if.shrink_to_fit();
            c.responses.shrink_to_fit();
        }
        self.commitments.shrink_to_fit();
    }
}

impl Region {
    /// Gives back the room its lists grew into (see [`Library::shrink_to_fit`]).
    pub fn shrink_to_fit(&mut self) {
        self.sovereign.shrink_to_fit();
        self.controller.shrink_to_fit();
        self.claimants.shrink_to_fit();
        self.sources.shrink_to_fit();
    }
}

/// Reading the JSON form's lists so that each treaty and region gives back the room its
/// own lists grew into as soon as it is read, not after the whole file: a file of 20,000
/// treaties otherwise peaks at about four times the model it leaves.
mod shrunk {
    use serde::de::{Deserializer, SeqAccess, Visitor};

    use super::{Region, Treaty};

    struct Shrunk<T>(fn(&mut T), std::marker::PhantomData<T>);

    impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for Shrunk<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(mut item) = seq.next_element::<T>()? {
                (self.0)(&mut item);
                out.push(item);
            }
            Ok(out)
        }
    }

    pub(super) fn treaties<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Treaty>, D::Error> {
        d.deserialize_seq(Shrunk(Treaty::shrink_to_fit, std::marker::PhantomData))
    }

    pub(super) fn regions<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Region>, D::Error> {
        d.deserialize_seq(Shrunk(Region::shrink_to_fit, std::marker::PhantomData))
    }
}
