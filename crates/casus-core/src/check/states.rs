//! E0201: state codes that are not in the ISO 3166 table.

use casus_syntax::{Diagnostic, FileId, Spanned};

use super::{Cx, field};
use crate::model::{Actor, Condition, Member, Owners, VoidCondition};
use crate::states;
use crate::vocab::PriorAct;

pub(super) fn check(cx: &mut Cx<'_>) {
    let lib = cx.lib;
    let mut refs: Vec<(Spanned<String>, FileId, String)> = Vec::new();
    for t in &lib.treaties {
        let tf = format!("treaty {}", t.id.value);
        for m in &t.parties {
            refs.push((m.state.clone(), t.file.0, field(&[&tf, "parties"])));
        }
        for a in &t.areas {
            for item in &a.items {
                if let Some(Owners::States(codes)) = &item.of {
                    refs.extend(
                        codes.iter().map(|c| (c.clone(), t.file.0, field(&[&tf, &format!("area {}", a.id.value)]))),
                    );
                }
            }
        }
        for c in &t.commitments {
            let cf = field(&[&tf, &format!("commitment {}", c.id.value)]);
            for (name, set) in [("guarantors", &c.guarantors), ("beneficiaries", &c.beneficiaries)] {
                for m in set.include.iter().chain(&set.except) {
                    if let Member::State(code) = &m.value {
                        refs.push((Spanned::new(code.clone(), m.span), t.file.0, field(&[&cf, name])));
                    }
                }
            }
            for cond in &c.conditions {
                if let Condition::Attacker { states } | Condition::AttackerNot { states } = &cond.value {
                    refs.extend(states.iter().map(|s| (s.clone(), t.file.0, field(&[&cf, "if attacker"]))));
                }
            }
            for v in &c.void_if {
                if let VoidCondition::Invades { states } = &v.value {
                    refs.extend(states.iter().map(|s| (s.clone(), t.file.0, field(&[&cf, "void if"]))));
                }
            }
        }
    }
    for r in &lib.regions {
        let rf = format!("region {}", r.id.value);
        for (what, list) in [("sovereign", &r.sovereign), ("controller", &r.controller), ("claimed by", &r.claimants)] {
            refs.extend(list.iter().map(|h| (h.state.clone(), r.file.0, field(&[&rf, what]))));
        }
        if let Some(p) = &r.part_of
            && !cx.regions.contains_key(p.value.as_str())
            && !p.value.contains('-')
        {
            refs.push((p.clone(), r.file.0, field(&[&rf, "part of"])));
        }
    }
    for d in &lib.deployments {
        let df = format!("deployment {}", d.id.value);
        refs.extend(d.forces.iter().map(|s| (s.clone(), d.file.0, field(&[&df, "forces"]))));
        if !cx.regions.contains_key(d.location.value.as_str()) && !d.location.value.contains('-') {
            refs.push((d.location.clone(), d.file.0, field(&[&df, "in"])));
        }
    }
    for i in &lib.incidents {
        let f = format!("incident {}", i.id.value);
        if let Actor::States(states) = &i.actor {
            refs.extend(states.iter().map(|s| (s.clone(), i.file.0, field(&[&f, "actor"]))));
        }
        for (what, v) in [("target", &i.target), ("initiator", &i.initiator)] {
            refs.extend(v.iter().map(|s| (s.clone(), i.file.0, field(&[&f, what]))));
        }
        for p in &i.prior {
            refs.push((p.state.clone(), i.file.0, field(&[&f, "prior"])));
            if p.act == PriorAct::Invades {
                refs.extend(p.objects.iter().map(|s| (s.clone(), i.file.0, field(&[&f, "prior"]))));
            }
        }
    }
    for (code, file, path) in refs {
        if states::get(&code.value).is_none() {
            let mut d = Diagnostic::error("E0201", code.span, format!("unknown state code `{}`", code.value));
            d = match states::suggest(&code.value) {
                Some(help) => d.with_help(help),
                None => d.with_help("states are written as ISO 3166-1 alpha-3 codes such as `POL`; former states use ISO 3166-3 codes such as `SUN`"),
            };
            cx.emit(d, file, path);
        }
    }
}
