//! The closed word lists of the language: kinds, strengths, severities, domains, objects.
//!
//! Each list is an enum whose words are the same in `.casus` files, in JSON and in output,
//! and whose declaration order is its ordinal order where it has one (strengths, severities).

use serde::{Deserialize, Serialize};

/// A closed list of words that the lowering can read and suggest from.
pub trait Vocabulary: Sized + Copy + 'static {
    /// What a value of the list is called in messages, e.g. `strength`.
    const WHAT: &'static str;
    /// Every word with its value, in declaration order.
    const WORDS: &'static [(&'static str, Self)];

    /// The value a word names.
    fn from_word(word: &str) -> Option<Self> {
        Self::WORDS.iter().find(|(w, _)| *w == word).map(|&(_, v)| v)
    }

    /// The word for this value.
    fn word(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::WORDS.iter().find(|(_, v)| *v == self).map_or("?", |&(w, _)| w)
    }
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }
        impl Vocabulary for $name {
            const WHAT: &'static str = $what;
            const WORDS: &'static [(&'static str, Self)] = &[$(($word, Self::$variant)),+];
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}

vocabulary! {
    /// Where a treaty stands; designs under negotiation are `proposed`.
    Status, "status" {
        /// Put forward, not signed.
        Proposed = "proposed",
        /// Signed, not (yet) in force.
        Signed = "signed",
        /// Binding.
        InForce = "in-force",
        /// Ended by its terms, denunciation or dissolution.
        Terminated = "terminated",
        /// Put forward or signed and abandoned.
        Failed = "failed",
    }
}

vocabulary! {
    /// What a commitment promises, as ATOP classifies obligations (plus assurance and assistance).
    Kind, "commitment kind" {
        /// To come to a victim's aid against an attack.
        Defence = "defence",
        /// To consult when a threat arises.
        Consultation = "consultation",
        /// To stay out of a conflict involving the beneficiary.
        Neutrality = "neutrality",
        /// Not to use force against the beneficiary.
        NonAggression = "non-aggression",
        /// To join the beneficiary in a war it begins.
        Offence = "offence",
        /// A positive promise made to the beneficiary short of aid (seek Security Council
        /// action); promises to refrain from force are `non-aggression`.
        Assurance = "assurance",
        /// Aid short of defence: arms, training, intelligence, finance.
        Assistance = "assistance",
    }
}

vocabulary! {
    /// The act a trigger names; each has a lowest severity it covers.
    Act, "act" {
        /// A threat of force.
        Threat = "threat",
        /// Any use of force.
        UseOfForce = "use-of-force",
        /// An armed attack in the sense of Article 51 of the UN Charter.
        ArmedAttack = "armed-attack",
    }
}

impl Act {
    /// The lowest incident severity the act covers when the trigger sets no other.
    pub fn default_severity(self) -> Severity {
        match self {
            Act::Threat => Severity::Threat,
            Act::UseOfForce => Severity::Incursion,
            Act::ArmedAttack => Severity::ArmedAttack,
        }
    }
}

vocabulary! {
    /// How grave an incident is, on one ordinal scale (least grave first).
    Severity, "severity" {
        /// A threat of force.
        Threat = "threat",
        /// A violation of airspace, waters or border without force.
        Violation = "violation",
        /// An incursion of armed forces or weapons (drones, missiles) without a deliberate strike.
        Incursion = "incursion",
        /// A limited strike.
        LimitedStrike = "limited-strike",
        /// An armed attack.
        ArmedAttack = "armed-attack",
        /// A full-scale invasion.
        Invasion = "invasion",
    }
}

vocabulary! {
    /// What was or may be struck.
    ObjectKind, "object" {
        /// Land territory and its airspace and waters.
        Territory = "territory",
        /// Islands (NATO Art. 6 names them apart).
        Islands = "islands",
        /// Armed forces.
        Forces = "forces",
        /// Ships.
        Vessels = "vessels",
        /// Aircraft.
        Aircraft = "aircraft",
        /// Infrastructure: energy, cables, ports.
        Infrastructure = "infrastructure",
        /// The civilian population.
        Population = "population",
    }
}

vocabulary! {
    /// Where force is used.
    Domain, "domain" {
        /// Land.
        Land = "land",
        /// Air.
        Air = "air",
        /// Sea.
        Sea = "sea",
        /// Cyberspace.
        Cyber = "cyber",
        /// Outer space.
        Space = "space",
    }
}

vocabulary! {
    /// How strong a response is, weakest first.
    Strength, "strength" {
        /// A statement of support or of the guarantor's own conduct.
        Assurance = "assurance",
        /// Consultation.
        Consultation = "consultation",
        /// Assistance as each guarantor deems necessary.
        Discretionary = "discretionary",
        /// Assistance the guarantor must give.
        Obligatory = "obligatory",
        /// Immediate assistance with all the means in the guarantor's power.
        Automatic = "automatic",
    }
}

vocabulary! {
    /// A time unit for deadlines and durations.
    Unit, "time unit" {
        /// Hours.
        Hours = "hours",
        /// Days.
        Days = "days",
        /// Weeks.
        Weeks = "weeks",
        /// Months.
        Months = "months",
        /// Years.
        Years = "years",
    }
}

vocabulary! {
    /// What a territory condition asks of the struck place.
    TerritoryStatus, "territory status" {
        /// The beneficiary is the de jure sovereign.
        DeJure = "de-jure",
        /// The beneficiary administers or controls it de facto.
        Controlled = "controlled",
    }
}

vocabulary! {
    /// A class of weapon a condition may require.
    Weapon, "weapon" {
        /// Nuclear weapons.
        Nuclear = "nuclear",
        /// Chemical weapons.
        Chemical = "chemical",
        /// Biological weapons.
        Biological = "biological",
        /// Conventional weapons.
        Conventional = "conventional",
    }
}

vocabulary! {
    /// Why forces are deployed.
    Role, "deployment role" {
        /// A force whose presence makes an attack on the host an attack on its own state.
        Tripwire = "tripwire",
        /// A reassurance or deterrence force.
        Reassurance = "reassurance",
        /// A permanent base.
        Base = "base",
        /// Training and advisory missions.
        Training = "training",
        /// Monitoring a ceasefire.
        Monitoring = "monitoring",
    }
}

/// `a` or `an` before a noun, by its first letter.
pub fn a_or_an(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

/// Words that are a single unit for singular use ("1 year") as well as plural.
pub fn unit_from_word(word: &str) -> Option<Unit> {
    Unit::from_word(word).or_else(|| Unit::from_word(&format!("{word}s")))
}

vocabulary! {
    /// How firmly an act is attributed to its actor.
    Confidence, "attribution confidence" {
        /// Attributed by the victim and its allies on firm evidence.
        Confirmed = "confirmed",
        /// Attributed with high probability.
        Likely = "likely",
        /// Attribution is contested.
        Disputed = "disputed",
        /// Nobody knows who did it.
        Unknown = "unknown",
    }
}

vocabulary! {
    /// A yes / no / unknown answer.
    Tri, "answer" {
        /// Yes.
        Yes = "yes",
        /// No.
        No = "no",
        /// Not known.
        Unknown = "unknown",
    }
}

vocabulary! {
    /// The verdict on one commitment for one incident.
    VerdictKind, "verdict" {
        /// The treaty was not in force, or the party concerned had not joined or had left.
        NotInForce = "not_in_force",
        /// Every condition holds.
        Triggered = "triggered",
        /// Some condition fails.
        NotTriggered = "not_triggered",
        /// The outcome hinges on an unknown input or a political judgement.
        Indeterminate = "indeterminate",
        /// A party bound not to act did act against a protected party.
        Violated = "violated",
    }
}

vocabulary! {
    /// A past act recorded on an incident, for lapse conditions.
    PriorAct, "prior act" {
        /// An invasion of a state.
        Invades = "invades",
        /// A strike on a region.
        Strikes = "strikes",
        /// Being the first to use force in the conflict.
        AttacksFirst = "attacks-first",
    }
}
