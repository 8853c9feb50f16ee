//! libFuzzer entry point of [`casus_fuzz::json_model`], with a structure-aware mutator: an
//! input that is JSON is changed as a tree — a node replaced by an interesting number, an
//! extreme date, a state code, a word of the vocabulary or a string found elsewhere in the
//! document (which makes references to itself: an area that names itself, a region part of
//! itself), a node copied over another, an array element repeated, a key dropped — and
//! written back; one time in eight, and for inputs that are not JSON, libFuzzer's byte
//! mutations run instead. Seeded with exported models, this reaches the checker and the
//! evaluator with well-formed models instead of stopping at the JSON parser.
#![no_main]

use casus_core::vocab::{
    Act, Confidence, Domain, Kind, ObjectKind, PriorAct, Role, Severity, Status, Strength, TerritoryStatus, Tri, Unit,
    VerdictKind, Vocabulary, Weapon,
};
use libfuzzer_sys::{fuzz_mutator, fuzz_target, fuzzer_mutate};
use serde_json::{Number, Value};

fuzz_target!(|data: &[u8]| casus_fuzz::json_model::run(data));

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let mut rng = Rng(u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    if rng.below(8) == 0 {
        return fuzzer_mutate(data, size, max_size);
    }
    let Ok(mut doc) = serde_json::from_slice::<Value>(&data[..size]) else {
        return fuzzer_mutate(data, size, max_size);
    };
    for _ in 0..=rng.below(3) {
        mutate(&mut doc, &mut rng);
    }
    let out = if rng.below(2) == 0 { serde_json::to_vec(&doc) } else { serde_json::to_vec_pretty(&doc) };
    match out {
        Ok(bytes) if bytes.len() <= max_size => {
            data[..bytes.len()].copy_from_slice(&bytes);
            bytes.len()
        }
        _ => fuzzer_mutate(data, size, max_size),
    }
});

/// A small deterministic generator (xorshift64*), seeded by libFuzzer.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() { None } else { items.get(self.below(items.len())) }
    }
}

/// Paths to every node, as a list of steps (object key or array index).
#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                here.push(Step::Key(k.clone()));
                paths(x, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                here.push(Step::Index(i));
                paths(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut v = v;
    for s in path {
        v = match (s, v) {
            (Step::Key(k), Value::Object(o)) => o.get_mut(k)?,
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn get<'a>(v: &'a Value, path: &[Step]) -> Option<&'a Value> {
    let mut v = v;
    for s in path {
        v = match (s, v) {
            (Step::Key(k), Value::Object(o)) => o.get(k)?,
            (Step::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn strings(v: &Value, out: &mut Vec<String>, keys: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out, keys)),
        Value::Object(o) => {
            for (k, x) in o {
                keys.push(k.clone());
                strings(x, out, keys);
            }
        }
        _ => {}
    }
}

fn vocabulary() -> Vec<&'static str> {
    fn words<V: Vocabulary>(out: &mut Vec<&'static str>) {
        out.extend(V::WORDS.iter().map(|(w, _)| *w));
    }
    let mut out = Vec::new();
    words::<Status>(&mut out);
    words::<Kind>(&mut out);
    words::<Act>(&mut out);
    words::<Severity>(&mut out);
    words::<ObjectKind>(&mut out);
    words::<Domain>(&mut out);
    words::<Strength>(&mut out);
    words::<Unit>(&mut out);
    words::<TerritoryStatus>(&mut out);
    words::<Weapon>(&mut out);
    words::<Role>(&mut out);
    words::<Confidence>(&mut out);
    words::<Tri>(&mut out);
    words::<VerdictKind>(&mut out);
    words::<PriorAct>(&mut out);
    out
}

const DATES: &[&str] = &[
    "-9999-01-01",
    "9999-12-31",
    "0000-01-01",
    "2024-02-29",
    "2023-02-29",
    "1939-09-01",
    "1949-08-24",
    "2025-01-01",
    "+10000-01-01",
];

fn number(rng: &mut Rng) -> Value {
    let ints: [i64; 10] = [0, 1, -1, 2, 20_000, 4_294_967_295, 4_294_967_296, 1 << 53, i64::MAX, i64::MIN];
    match rng.below(3) {
        0 => Value::Number(Number::from(*rng.pick(&ints).unwrap_or(&0))),
        1 => Value::Number(Number::from(rng.next() % 100_000)),
        _ => {
            let floats = [0.5, -0.0, 1e308, -1e308, 90.000_000_1, 180.5, -90.0, 5e-324];
            Number::from_f64(*rng.pick(&floats).unwrap_or(&0.5)).map_or(Value::Null, Value::Number)
        }
    }
}

/// One random change to the document.
fn mutate(doc: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let (mut found, mut keys) = (Vec::new(), Vec::new());
    strings(doc, &mut found, &mut keys);
    let Some(target) = rng.pick(&all).cloned() else { return };
    let donor = rng.pick(&all).and_then(|p| get(doc, p)).cloned();
    let Some(node) = at(doc, &target) else { return };
    match rng.below(10) {
        // A string found elsewhere in the document: a reference to itself or a sibling.
        0 | 1 => {
            if let Some(s) = rng.pick(&found) {
                *node = Value::String(s.clone());
            }
        }
        2 => *node = Value::String((*rng.pick(DATES).unwrap_or(&"9999-12-31")).to_string()),
        3 => {
            let states: Vec<&str> = casus_core::states::all().keys().copied().collect();
            *node = Value::String((*rng.pick(&states).unwrap_or(&"USA")).to_string());
        }
        4 => *node = Value::String((*rng.pick(&vocabulary()).unwrap_or(&"defence")).to_string()),
        5 => *node = number(rng),
        // A subtree copied over another: shapes from elsewhere in the model.
        6 => {
            if let Some(d) = donor {
                *node = d;
            }
        }
        // An element repeated, or a key (seen in the document) added with a copied value.
        7 => match node {
            Value::Array(a) if !a.is_empty() => {
                let i = rng.below(a.len());
                let copies = 1 + rng.below(3);
                for _ in 0..copies {
                    a.insert(i, a[i].clone());
                }
            }
            Value::Object(o) => {
                if let (Some(k), Some(d)) = (rng.pick(&keys), donor) {
                    o.insert(k.clone(), d);
                }
            }
            _ => *node = Value::Array(vec![node.clone()]),
        },
        // Something dropped.
        8 => match node {
            Value::Array(a) if !a.is_empty() => {
                a.remove(rng.below(a.len()));
            }
            Value::Object(o) if !o.is_empty() => {
                let k = o.keys().nth(rng.below(o.len())).cloned().unwrap_or_default();
                o.remove(&k);
            }
            _ => *node = Value::Null,
        },
        // A scalar of another type.
        _ => {
            *node = match rng.below(4) {
                0 => Value::Bool(rng.below(2) == 0),
                1 => Value::Object(serde_json::Map::new()),
                2 => Value::Array(Vec::new()),
                _ => Value::String(String::new()),
            }
        }
    }
}
