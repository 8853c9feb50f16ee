//! E0104 and E0102 for shapes the JSON form can express but the model forbids: an area with
//! no items, a commitment that owes nothing, a suspension with no start. (The `.casus`
//! reader reports the first two itself, where it knows which lines failed to read.)

use casus_syntax::Diagnostic;

use super::{Cx, field};

pub(super) fn check(cx: &mut Cx<'_>) {
    let lib = cx.lib;
    for t in &lib.treaties {
        let tf = format!("treaty {}", t.id.value);
        for a in &t.areas {
            // Text input reports an empty area while lowering; only JSON reaches here with one.
            if a.items.is_empty() && a.id.span.is_detached() {
                let d = Diagnostic::error("E0104", a.id.span, format!("area `{}` contains nothing", a.id.value))
                    .with_help("add lines such as `territory of parties in europe` or `region UA-43`");
                cx.emit(d, t.file.0, field(&[&tf, &format!("area {}", a.id.value)]));
            }
        }
        for c in &t.commitments {
            if c.responses.is_empty() && c.id.span.is_detached() {
                let d = Diagnostic::error("E0104", c.id.span, format!("commitment `{}` has no `owe`", c.id.value))
                    .with_help("add a line such as `owe \"such action as it deems necessary\" strength discretionary`");
                cx.emit(d, t.file.0, field(&[&tf, &format!("commitment {}", c.id.value)]));
            }
        }
        for m in t.parties.iter().filter(|m| m.suspended && m.from.is_none()) {
            let d = Diagnostic::error("E0102", m.state.span, "a suspension needs a `from` date")
                .with_help("write `CODE suspended from YYYY-MM-DD`, with `until YYYY-MM-DD` if it ended");
            cx.emit(d, t.file.0, field(&[&tf, "parties"]));
        }
    }
}
