//! Variants: a small file that `extends` a scenario and states only what
//! differs, and the field paths (`delegations.USA.vote_call`) that variants
//! and parameter sweeps use to address a scenario's fields.
//!
//! A path walks the scenario file as written. Dots separate fields; a list of
//! delegations, blocs, stages, events or red lines is entered by the item's
//! `id`, `name` or `issue` (names may contain dots and spaces:
//! `calendar.Rev.3.date`), or by its position. Two shortcuts:
//! `delegations.X` also finds a bloc X, and a behaviour parameter may be named
//! without `behaviour.` (`delegations.USA.vote_call`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::plain_types;
use super::file::{EventFile, RefsFile, ScenarioFile};

/// A variant file, as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Variant", deny_unknown_fields)]
pub struct VariantFile {
    /// The scenario (or variant) this one changes, relative to this file.
    pub extends: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// path -> new value (a number, boolean or string).
    #[serde(default)]
    pub set: BTreeMap<String, ron::Value>,
    /// Paths of list items or map entries to delete, or of fields to put
    /// back to their default (an optional field, such as `president`, to none).
    #[serde(default)]
    pub remove: Vec<String>,
    /// Issue references appended after the base's (later entries override).
    #[serde(default)]
    pub add_refs: Vec<RefsFile>,
    #[serde(default)]
    pub add_events: Vec<EventFile>,
    /// Negotiator id -> amendments appended to its `amendments` (rule 90):
    /// `{"USA": [Delete(paragraph: 38)]}`.
    #[serde(default)]
    pub add_amendments: BTreeMap<String, Vec<super::file::AmendmentFile>>,
    /// The variant's uncertain parameters, in place of the base's (none
    /// given: the base's, less those its `set` or `remove` fix).
    #[serde(default)]
    pub uncertain: Option<Vec<super::file::UncertainFile>>,
}

/// Whether the text's first item is `Variant(`: blanks and comments
/// (nested block comments too) skipped, as RON skips them.
pub fn is_variant(text: &str) -> bool {
    super::syntax::first_name(text) == "Variant"
}

/// The text from its first item on: blanks, comments and `#![...]`
/// attributes skipped (empty if there is nothing else).
pub fn first_item(text: &str) -> &str {
    super::syntax::first_item(text)
}

/// Apply a variant to its base. Errors are (field, message) pairs.
pub fn apply(base: &ScenarioFile, variant: &VariantFile) -> Result<ScenarioFile, Vec<(String, String)>> {
    let mut problems = Vec::new();
    let mut tree = serde_json::to_value(base).expect("a scenario file serializes");
    // `set` is a map, applied in the order of its paths: two paths to one
    // field would leave whichever sorts last, so they are refused.
    let mut reached: Vec<(Vec<Slot>, &str)> = Vec::new();
    for path in variant.set.keys() {
        let Ok(steps) = steps(&tree, path) else { continue }; // reported below
        match reached.iter().find(|(s, _)| *s == steps) {
            Some((_, first)) => problems.push((
                format!("set[{path}]"),
                format!("reaches the same field as set[{first}]; give the field once"),
            )),
            None => reached.push((steps, path)),
        }
    }
    for (path, value) in &variant.set {
        // RON allows map keys that JSON does not (a tuple, a number).
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => {
                problems.push((format!("set[{path}]"), format!("not a value a scenario holds: {e}")));
                continue;
            }
        };
        // Each change is tried on its own first, so that a value of the
        // wrong type is reported at the path the variant gave for it.
        let mut changed = tree.clone();
        let tried = set_value(&mut changed, path, value)
            .and_then(|()| ScenarioFile::deserialize(&changed).map_err(|e| plain_types(&e.to_string())));
        match tried {
            Ok(_) => tree = changed,
            Err(e) => problems.push((format!("set[{path}]"), e)),
        }
    }
    for (i, path) in variant.remove.iter().enumerate() {
        let mut changed = tree.clone();
        let tried = remove(&mut changed, path).and_then(|()| {
            ScenarioFile::deserialize(&changed).map_err(|e| {
                format!("{}: a field without a default cannot be removed", plain_types(&e.to_string()))
            })
        });
        match tried {
            Ok(_) => tree = changed,
            Err(e) => problems.push((format!("remove[{i}] `{path}`"), e)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut file: ScenarioFile = serde_json::from_value(tree).map_err(|e| {
        vec![(
            "set/remove".to_string(),
            format!("the changed scenario is not valid: {}", plain_types(&e.to_string())),
        )]
    })?;
    file.paragraphs.refs.extend(variant.add_refs.iter().cloned());
    file.events.extend(variant.add_events.iter().cloned());
    for (id, amendments) in &variant.add_amendments {
        let list = if let Some(d) = file.delegations.iter_mut().find(|d| &d.id == id) {
            &mut d.amendments
        } else if let Some(b) = file.blocs.iter_mut().find(|b| &b.id == id) {
            &mut b.amendments
        } else {
            let ids: Vec<&str> = file
                .blocs
                .iter()
                .map(|b| b.id.as_str())
                .chain(file.delegations.iter().map(|d| d.id.as_str()))
                .collect();
            return Err(vec![(
                format!("add_amendments[{id}]"),
                format!("no delegation or bloc `{id}` in the scenario (it has {})", ids.join(", ")),
            )]);
        };
        list.extend(amendments.iter().cloned());
    }
    match &variant.uncertain {
        Some(uncertain) => file.uncertain.clone_from(uncertain),
        // The base's parameters, less those the variant fixes: a value it
        // sets, or a field it removes (docs/SCENARIOS.md, "Uncertain
        // parameters"). A variant that says "the US calls a vote" means it
        // whatever the prior of that call.
        None => {
            let (base_tree, file_tree) = (FileTree::of(base), FileTree::of(&file));
            let set_reaches =
                |path: &str| variant.set.keys().any(|s| s == path || base_tree.same_field(s, path));
            let kept: Vec<_> = file
                .uncertain
                .iter()
                .filter(|u| !set_reaches(&u.path) && matches!(file_tree.number_at(&u.path), Ok(Some(_))))
                .cloned()
                .collect();
            file.uncertain = kept;
        }
    }
    if let Some(name) = &variant.name {
        file.name.clone_from(name);
    }
    if let Some(description) = &variant.description {
        file.description.clone_from(description);
    }
    Ok(file)
}

/// A copy of `file` with the field at `path` set to `value` (for sweeps).
/// A field that holds a whole number (a count) takes a whole number; an
/// optional number left unset takes `value` as a whole number if its type
/// is one, and as written otherwise.
pub fn with_value(file: &ScenarioFile, path: &str, value: f64) -> Result<ScenarioFile, String> {
    FileTree::of(file).with_value(path, value)
}

/// The number at `path`: `Some` if it is one, `None` if it is an optional
/// number left unset; an error for anything else.
pub fn number_at(file: &ScenarioFile, path: &str) -> Result<Option<f64>, String> {
    FileTree::of(file).number_at(path)
}

/// Whether two paths reach the same field of `file` (false if either does
/// not reach one).
pub fn same_field(file: &ScenarioFile, a: &str, b: &str) -> bool {
    FileTree::of(file).same_field(a, b)
}

/// A scenario file as the tree its paths walk, serialized once: asking it
/// about many paths (the uncertain parameters of a file, each checked against
/// every other) then costs the walks, not one serialization of the whole
/// scenario per question.
pub struct FileTree(Value);

impl FileTree {
    pub fn of(file: &ScenarioFile) -> Self {
        FileTree(serde_json::to_value(file).expect("a scenario file serializes"))
    }

    /// [`with_value`] on this tree's file.
    pub fn with_value(&self, path: &str, value: f64) -> Result<ScenarioFile, String> {
        let mut tree = self.0.clone();
        let (parent, slot) = locate(&mut tree, path)?;
        let current = child(parent, &slot).cloned().unwrap_or(Value::Null);
        let whole = (value.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&value))
            .then(|| serde_json::json!(value as u64));
        let tries: Vec<Value> = match (&current, whole) {
            (c, Some(w)) if c.is_u64() || c.is_i64() => vec![w],
            (c, None) if c.is_u64() || c.is_i64() => {
                return Err(format!("`{path}` = {value}: expected a whole number from 0 to {}", u32::MAX));
            }
            (Value::Null, Some(w)) => vec![w, serde_json::json!(value)],
            _ => vec![serde_json::json!(value)],
        };
        let mut error = String::new();
        for json in tries {
            let mut changed = tree.clone();
            set_value(&mut changed, path, json)?;
            match serde_json::from_value(changed) {
                Ok(file) => return Ok(file),
                Err(e) => error = format!("`{path}` = {value}: {e}"),
            }
        }
        Err(error)
    }

    /// [`number_at`] on this tree's file.
    pub fn number_at(&self, path: &str) -> Result<Option<f64>, String> {
        let mut slots = steps(&self.0, path)?;
        let last = slots.pop().expect("a path takes at least one step");
        let mut cur = &self.0;
        for slot in &slots {
            cur = unwrap_variant_ref(child(cur, slot).expect("steps found it"));
        }
        match child(cur, &last) {
            Some(Value::Null) | None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| format!("`{path}` is not a number")),
        }
    }

    /// [`same_field`] on this tree's file.
    pub fn same_field(&self, a: &str, b: &str) -> bool {
        matches!((steps(&self.0, a), steps(&self.0, b)), (Ok(x), Ok(y)) if x == y)
    }
}

fn set_value(tree: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let (parent, slot) = locate(tree, path)?;
    match (parent, slot) {
        (Value::Object(map), Slot::Key(k)) => {
            map.insert(k, value);
        }
        (Value::Array(items), Slot::Index(i)) => items[i] = value,
        _ => unreachable!("locate returns a slot of its parent's kind"),
    }
    Ok(())
}

fn remove(tree: &mut Value, path: &str) -> Result<(), String> {
    let (parent, slot) = locate(tree, path)?;
    match (parent, slot) {
        // A removed field falls back to its default (an optional field to
        // none); a removed map entry is gone.
        (Value::Object(map), Slot::Key(k)) => {
            map.remove(&k);
        }
        (Value::Array(items), Slot::Index(i)) => {
            items.remove(i);
        }
        _ => unreachable!("locate returns a slot of its parent's kind"),
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Key(String),
    Index(usize),
}

fn child<'a>(v: &'a Value, slot: &Slot) -> Option<&'a Value> {
    match (v, slot) {
        (Value::Object(m), Slot::Key(k)) => m.get(k),
        (Value::Array(a), Slot::Index(i)) => a.get(*i),
        _ => None,
    }
}

/// An enum value such as a red line serializes as `{"AtMost": {...}}`: its
/// fields are one level down.
fn unwrap_variant(v: &mut Value) -> &mut Value {
    if is_variant_wrapper(v) {
        v.as_object_mut().and_then(|m| m.values_mut().next()).expect("checked above")
    } else {
        v
    }
}

/// [`unwrap_variant`] without changing the tree.
fn unwrap_variant_ref(v: &Value) -> &Value {
    if is_variant_wrapper(v) {
        v.as_object().and_then(|m| m.values().next()).expect("checked above")
    } else {
        v
    }
}

fn is_variant_wrapper(v: &Value) -> bool {
    matches!(v, Value::Object(m) if m.len() == 1
        && m.keys().all(|k| k.starts_with(|c: char| c.is_ascii_uppercase()))
        && m.values().all(Value::is_object))
}

fn labels(item: &Value) -> Vec<&str> {
    let inner = match item {
        Value::Object(m) if m.len() == 1 => m.values().next().filter(|v| v.is_object()).unwrap_or(item),
        _ => item,
    };
    // An unset name is "": it labels nothing.
    ["id", "name", "issue"]
        .iter()
        .filter_map(|k| inner.get(*k).and_then(Value::as_str))
        .filter(|label| !label.is_empty())
        .collect()
}

/// The item of a list that `rest` starts with (longest label wins).
fn find_item(items: &[Value], rest: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, item) in items.iter().enumerate() {
        for label in labels(item) {
            let fits = rest == label || rest.strip_prefix(label).is_some_and(|r| r.starts_with('.'));
            if fits && best.is_none_or(|(_, len)| label.len() > len) {
                best = Some((i, label.len()));
            }
        }
    }
    best
}

/// One step of a path: the slot in `v` and the rest of the path after it.
fn step<'p>(v: &Value, rest: &'p str, path: &str) -> Result<(Slot, &'p str), String> {
    let after = |n: usize| rest.get(n..).map_or("", |r| r.strip_prefix('.').unwrap_or(r));
    // Where the walk is: the part of the path before `rest`.
    let walked =
        path.len().checked_sub(rest.len()).and_then(|n| path.get(..n)).unwrap_or("").trim_end_matches('.');
    let here = if walked.is_empty() { "at the top level".to_string() } else { format!("in `{walked}`") };
    match v {
        Value::Object(map) => {
            let key = rest.split('.').next().unwrap_or(rest);
            if key == "delegations" && !map.contains_key("behaviour") {
                // delegations.X may name a bloc.
                let inner = after(key.len());
                let in_list = |list: &str| {
                    map.get(list).and_then(Value::as_array).is_some_and(|a| find_item(a, inner).is_some())
                };
                if !in_list("delegations") && in_list("blocs") {
                    return Ok((Slot::Key("blocs".into()), inner));
                }
                let item = inner.split('.').next().unwrap_or(inner);
                let numbered = item.parse::<usize>().is_ok();
                if !in_list("delegations") && !numbered && !inner.is_empty() {
                    let ids = |list: &str| -> Vec<&str> {
                        map.get(list)
                            .and_then(Value::as_array)
                            .map_or(Vec::new(), |a| a.iter().flat_map(labels).collect())
                    };
                    return Err(format!(
                        "no delegation or bloc `{item}` (delegations: {}; blocs: {})",
                        ids("delegations").join(", "),
                        ids("blocs").join(", ")
                    ));
                }
            }
            if map.contains_key(key) {
                Ok((Slot::Key(key.into()), after(key.len())))
            } else if map.get("behaviour").and_then(|b| b.get(key)).is_some() {
                Ok((Slot::Key("behaviour".into()), rest))
            } else {
                let mut known: Vec<&str> = map.keys().map(String::as_str).collect();
                known.sort_unstable();
                Err(format!("no field `{key}` {here} (fields there: {})", known.join(", ")))
            }
        }
        Value::Array(items) => {
            if let Some((i, len)) = find_item(items, rest) {
                return Ok((Slot::Index(i), after(len)));
            }
            let first = rest.split('.').next().unwrap_or(rest);
            match first.parse::<usize>() {
                Ok(i) if i < items.len() => Ok((Slot::Index(i), after(first.len()))),
                _ => {
                    let names: Vec<&str> = items.iter().flat_map(labels).collect();
                    if names.is_empty() {
                        Err(format!("no item `{first}` {here}: the list is empty"))
                    } else {
                        Err(format!("no item `{first}` {here} (items: {})", names.join(", ")))
                    }
                }
            }
        }
        _ => Err(format!("`{path}` goes past a plain value at `{rest}`")),
    }
}

/// The steps `path` takes through `tree`, each field and list position
/// spelled out: two paths that reach the same field (through a shortcut, an
/// id or a position) give the same steps.
fn steps(tree: &Value, path: &str) -> Result<Vec<Slot>, String> {
    if path.is_empty() {
        return Err("empty path".into());
    }
    let (mut cur, mut rest, mut out) = (tree, path, Vec::new());
    loop {
        let (slot, remaining) = step(cur, rest, path)?;
        if remaining.is_empty() {
            out.push(slot);
            return Ok(out);
        }
        let next = child(cur, &slot).expect("step found it");
        out.push(slot);
        cur = match next {
            Value::Object(m) if is_variant_wrapper(next) => m.values().next().expect("one entry"),
            _ => next,
        };
        rest = remaining;
    }
}

/// Walk `path` and return the container holding its last step, and the slot.
fn locate<'a>(tree: &'a mut Value, path: &str) -> Result<(&'a mut Value, Slot), String> {
    let mut slots = steps(tree, path)?;
    let last = slots.pop().expect("a path takes at least one step");
    let mut cur = tree;
    for slot in slots {
        let next = match (cur, &slot) {
            (Value::Object(m), Slot::Key(k)) => m.get_mut(k).expect("steps found it"),
            (Value::Array(a), Slot::Index(i)) => &mut a[*i],
            _ => unreachable!("steps returns slots of the values' kinds"),
        };
        cur = unwrap_variant(next);
    }
    Ok((cur, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> ScenarioFile {
        let text = r#"Scenario(
            name: "base",
            issues: [(id: "gender")],
            paragraphs: (count: 2),
            blocs: [(id: "G77", anonymous: 3)],
            delegations: [(id: "USA", red_lines: [AtMost(issue: "gender", level: 0.0)], behaviour: (vote_call: 0.5))],
            mediator: (skill: 0.5, step: 0.5),
            president: (skill: 0.9, step: 0.5),
            calendar: [(name: "Rev.3", kind: Revision), (name: "PGA", kind: PresidentCompromise), (name: "plenary", kind: Plenary)],
        )"#;
        crate::scenario::parse(text, std::path::Path::new("base.ron")).unwrap()
    }

    #[test]
    fn paths_reach_fields_through_ids_names_and_shortcuts() {
        let b = base();
        assert_eq!(number_at(&b, "mediator.skill").unwrap(), Some(0.5));
        assert_eq!(number_at(&b, "delegations.USA.vote_call").unwrap(), Some(0.5));
        assert_eq!(number_at(&b, "delegations.USA.behaviour.vote_call").unwrap(), Some(0.5));
        assert_eq!(number_at(&b, "delegations.USA.red_lines.gender.firmness").unwrap(), Some(1.0));
        assert_eq!(number_at(&b, "delegations.G77.tolerance").unwrap(), Some(0.1));
        // An optional count left unset: none, and a whole number can be set.
        assert_eq!(number_at(&b, "delegations.USA.max_challenges").unwrap(), None);
        let changed = with_value(&b, "delegations.USA.max_challenges", 2.0).unwrap();
        assert_eq!(changed.delegations[0].behaviour.max_challenges, Some(2));
        let e = with_value(&b, "delegations.USA.max_challenges", 2.5).unwrap_err();
        assert!(e.contains("max_challenges") && e.contains("u32"), "{e}");
        let changed = with_value(&b, "delegations.USA.vote_call", 1.0).unwrap();
        assert_eq!(changed.delegations[0].behaviour.vote_call, 1.0);
        let e = with_value(&b, "calendar.Rev.3.date", 1.0).unwrap_err();
        assert!(e.contains("calendar.Rev.3.date") && e.contains("expected a string"), "{e}");
    }

    #[test]
    fn paths_to_one_field_are_recognised_as_one() {
        let b = base();
        let same = |a: &str, c: &str| same_field(&b, a, c);
        assert!(same("delegations.USA.vote_call", "delegations.USA.behaviour.vote_call"));
        assert!(same("delegations.USA.vote_call", "delegations.0.vote_call"));
        assert!(same("delegations.G77.tolerance", "blocs.G77.behaviour.tolerance"));
        assert!(same("delegations.USA.red_lines.gender.level", "delegations.USA.red_lines.0.level"));
        assert!(!same("delegations.USA.vote_call", "delegations.USA.vote_rule"));
        assert!(!same("delegations.USA.tolerance", "delegations.G77.tolerance"));
        assert!(!same("mediator.skill", "mediator.skil"), "a path that reaches nothing is no field");
        // A variant refuses them, whatever the order its map sorts them in.
        let variant: VariantFile = crate::scenario::ron_options()
            .from_str(
                r#"Variant(extends: "base.ron",
                    set: {"delegations.USA.vote_call": 1.0, "delegations.USA.behaviour.vote_call": 0.0})"#,
            )
            .unwrap();
        let problems = apply(&b, &variant).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].1.contains("reaches the same field"), "{problems:?}");
    }

    #[test]
    fn unknown_paths_say_what_is_there() {
        let b = base();
        let e = number_at(&b, "delegations.FRA.vote_call").unwrap_err();
        assert!(e.contains("no delegation or bloc `FRA`") && e.contains("USA"), "{e}");
        let e = number_at(&b, "mediator.skil").unwrap_err();
        assert!(e.contains("no field `skil` in `mediator`") && e.contains("skill"), "{e}");
        let e = number_at(&b, "colapse_share").unwrap_err();
        assert!(
            e.contains("no field `colapse_share` at the top level") && e.contains("collapse_share"),
            "{e}"
        );
        let e = number_at(&b, "calendar.Rev.9.date").unwrap_err();
        assert!(e.contains("no item `Rev` in `calendar`"), "{e}");
    }

    #[test]
    fn a_variant_sets_removes_and_adds() {
        let variant: VariantFile = crate::scenario::ron_options()
            .from_str(
                r#"Variant(extends: "base.ron", name: "no PGA",
                    set: {"delegations.USA.vote_call": 1.0},
                    remove: ["calendar.PGA", "president"],
                    add_refs: [(paragraphs: [2], levels: {"gender": 0.4})])"#,
            )
            .unwrap();
        let f = apply(&base(), &variant).unwrap();
        assert_eq!(f.name, "no PGA");
        assert_eq!(f.delegations[0].behaviour.vote_call, 1.0);
        assert!(f.president.is_none());
        assert_eq!(f.calendar.len(), 2);
        assert_eq!(f.paragraphs.refs.len(), 1);
        let variant: VariantFile = crate::scenario::ron_options()
            .from_str(
                r#"Variant(extends: "base.ron", remove: ["delegations.USA.vote_call", "mediator.skill"])"#,
            )
            .unwrap();
        let e = apply(&base(), &variant).unwrap_err();
        assert!(e.iter().any(|(_, m)| m.contains("missing field `skill`")), "skill has no default: {e:?}");
        let variant: VariantFile = crate::scenario::ron_options()
            .from_str(r#"Variant(extends: "base.ron", remove: ["delegations.USA.vote_call"])"#)
            .unwrap();
        assert_eq!(
            apply(&base(), &variant).unwrap().delegations[0].behaviour.vote_call,
            0.0,
            "back to the default"
        );
    }

    #[test]
    fn variant_detection_skips_comments() {
        assert!(is_variant("// a variant\n/* note */ Variant(extends: \"x\")"));
        assert!(!is_variant("// Variant(\nScenario(name: \"x\")"));
        // As RON reads them: block comments nest, and strings hold no comments.
        assert!(is_variant("/* a /* nested */ note */\nVariant(extends: \"x\")"));
        assert!(!is_variant("/* a /* nested */ Variant( */ Scenario(name: \"x\")"));
        assert!(is_variant("#![enable(implicit_some)]\n// c\nVariant(extends: \"x\")"));
        assert!(!is_variant("Variants(extends: \"x\")"));
        assert_eq!(first_item("/* unclosed /* */ Variant("), "");
    }
}
