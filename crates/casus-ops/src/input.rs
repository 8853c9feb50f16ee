//! The plain values every face reads the same way: dates (`today` included), state codes
//! and commitment kinds, each refused with the field it came from and a hint.

use std::collections::BTreeSet;

use casus_core::model::Date;
use casus_core::states;
use casus_core::vocab::{Kind, Vocabulary};

use crate::Refusal;

/// A `YYYY-MM-DD` date or `today` (see [`today`]), or advice on writing one.
pub fn parse_date(d: &str) -> Result<Date, String> {
    let bad = || "write the date as YYYY-MM-DD, or `today`".to_string();
    if d.trim().eq_ignore_ascii_case("today") {
        return today();
    }
    if d.len() != 10 {
        return Err(bad());
    }
    casus_core::cursor::parse_date(d, casus_syntax::Span::DETACHED).map_err(|e| e.help.clone().unwrap_or_else(bad))
}

/// Today's date in the local time zone (`TZ`, else the system's), or the date in
/// `$CASUS_TODAY` when it is set (for reproducible scripts and examples).
pub fn today() -> Result<Date, String> {
    match std::env::var("CASUS_TODAY") {
        Ok(d) if !d.eq_ignore_ascii_case("today") => {
            parse_date(&d).map_err(|h| format!("$CASUS_TODAY is `{d}`, not a date: {h}"))
        }
        _ => Ok(jiff::ZonedDateTime::now().date()),
    }
}

/// The date in `field`, or a refusal that quotes it.
pub fn date(field: &str, d: &str) -> Result<Date, Refusal> {
    parse_date(d).map_err(|h| Refusal::new(field, format!("`{d}` is not a date"), Some(h)))
}

/// A state code from the table, or a refusal with the code it most likely means.
pub fn state(field: &str, code: &str) -> Result<String, Refusal> {
    if states::get(code).is_some() {
        Ok(code.to_string())
    } else {
        Err(Refusal::new(field, format!("unknown state code `{code}`"), states::suggest(code)))
    }
}

/// Commitment kinds, each item a kind or a comma-separated list of them (`None`: any —
/// nothing given, or `any` among them).
pub fn kinds(field: &str, list: &[String]) -> Result<Option<BTreeSet<Kind>>, Refusal> {
    let mut out = BTreeSet::new();
    for w in list.iter().flat_map(|k| k.split(',')).map(str::trim).filter(|w| !w.is_empty()) {
        if w == "any" {
            return Ok(None);
        }
        let Some(k) = Kind::from_word(w) else {
            let words: Vec<&str> = Kind::WORDS.iter().map(|(w, _)| *w).chain(["any"]).collect();
            let hint = match casus_core::suggest::did_you_mean(w, words.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("a commitment kind is one of {}", words.join(", ")),
            };
            return Err(Refusal::new(field, format!("unknown commitment kind `{w}`"), Some(hint)));
        };
        out.insert(k);
    }
    Ok(if out.is_empty() { None } else { Some(out) })
}

/// The kinds in words (`defence, consultation`, or `any`).
pub fn kinds_words(kinds: &Option<BTreeSet<Kind>>) -> Vec<String> {
    match kinds {
        None => vec!["any".to_string()],
        Some(k) => k.iter().map(|k| k.word().to_string()).collect(),
    }
}
