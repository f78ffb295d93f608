//! Rosters and profiles (docs/SCENARIOS.md, "Rosters and profiles"): the
//! parts of a scenario written once and shared.
//!
//! A scenario may `include` roster files (`Roster(...)`, [`RosterFile`]),
//! whose groups give its blocs their members and whose names name its
//! delegations, and it may define `profiles` ([`ProfileFile`]) that its blocs
//! and delegations refer to (`profile: "small_delegation"`). Both are
//! resolved here, when the file is read and before anything else sees it:
//! the file that comes out has no includes, no profiles and no `profile`
//! references, only what they stood for, so that validation, variants
//! (`set` on a field a profile gave), sweeps and the engine see an ordinary
//! scenario.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::{Problem, ScenarioError};
use super::file::{BehaviourFile, BehaviourPatch, GroupFile, ProfileFile, RosterFile, ScenarioFile};
use super::limits::Limits;

/// The most roster files one scenario may read, includes of includes
/// counted: a guard far above any real use.
const MAX_INCLUDES: usize = 64;

/// What the roster files a scenario includes give it, each part with the
/// file it came from.
#[derive(Default)]
struct Shared {
    membership: Option<(usize, PathBuf)>,
    groups: BTreeMap<String, (GroupFile, PathBuf)>,
    names: BTreeMap<String, (String, PathBuf)>,
    profiles: BTreeMap<String, (ProfileFile, PathBuf)>,
    /// The roster files read, in the order read.
    files: Vec<PathBuf>,
}

/// One problem in one file, as an error (located in the file's text).
fn invalid(path: &Path, text: &str, field: String, message: String) -> ScenarioError {
    ScenarioError::Invalid { path: path.to_path_buf(), problems: vec![Problem { at: None, field, message }] }
        .located_in(text)
}

/// Whether a scenario file uses rosters or profiles at all.
fn uses_any(file: &ScenarioFile) -> bool {
    !file.include.is_empty()
        || !file.profiles.is_empty()
        || file.blocs.iter().any(|b| b.profile.is_some())
        || file.delegations.iter().any(|d| d.profile.is_some())
}

/// `file`, read from `text` at `path`, with its includes and profiles
/// resolved, and the roster files it read. Each roster file is held to
/// `limits.file_bytes`.
pub(crate) fn resolve(
    mut file: ScenarioFile,
    text: &str,
    path: &Path,
    limits: &Limits,
) -> Result<(ScenarioFile, Vec<PathBuf>), ScenarioError> {
    if !uses_any(&file) {
        return Ok((file, Vec::new()));
    }
    let mut shared = Shared::default();
    let mut stack = vec![(canonical(path), path.to_path_buf())];
    let mut seen = HashSet::new();
    read_includes(path, text, &file.include, &mut stack, &mut seen, &mut shared, limits)?;

    // The scenario's own profiles join the rosters'; a name is defined once.
    let mut problems = Vec::new();
    let mut profiles: BTreeMap<String, ProfileFile> = BTreeMap::new();
    let origins: BTreeMap<String, PathBuf> =
        shared.profiles.iter().map(|(name, (_, from))| (name.clone(), from.clone())).collect();
    for (name, (profile, _)) in std::mem::take(&mut shared.profiles) {
        profiles.insert(name, profile);
    }
    for (name, profile) in std::mem::take(&mut file.profiles) {
        if let Some(from) = origins.get(&name) {
            problems.push(Problem {
                at: None,
                field: format!("profiles[{name}]"),
                message: format!(
                    "profile `{name}` is also defined in {}: a profile is defined once among a scenario \
                     and the files it includes",
                    from.display()
                ),
            });
            continue;
        }
        profiles.insert(name, profile);
    }

    if file.membership.is_none() {
        file.membership = shared.membership.as_ref().map(|(n, _)| *n);
    }
    for bloc in &mut file.blocs {
        if let Some((group, _)) = shared.groups.get(&bloc.id) {
            if bloc.members.is_empty() && bloc.anonymous == 0 {
                bloc.members.clone_from(&group.members);
                bloc.anonymous = group.anonymous;
            }
            if bloc.name.is_empty() {
                bloc.name.clone_from(&group.name);
            }
        }
        if bloc.name.is_empty()
            && let Some((name, _)) = shared.names.get(&bloc.id)
        {
            bloc.name.clone_from(name);
        }
    }
    for delegation in &mut file.delegations {
        if delegation.name.is_empty()
            && let Some((name, _)) = shared.names.get(&delegation.id)
        {
            delegation.name.clone_from(name);
        }
    }

    // Profiles: what a negotiator writes itself is read again, as a sketch
    // of the behaviour parameters it gives (the file's `BehaviourFile` has
    // filled in the defaults of those it does not).
    let referred = file.blocs.iter().any(|b| b.profile.is_some())
        || file.delegations.iter().any(|d| d.profile.is_some());
    let sketch = if referred { sketch(text, path)? } else { Sketch::default() };
    let unknown = |name: &str| -> String {
        if profiles.is_empty() {
            format!("no profile `{name}` (the scenario and the files it includes define no profiles)")
        } else {
            let names: Vec<&str> = profiles.keys().map(String::as_str).collect();
            format!("no profile `{name}`{}", super::suggest::suggest(name, &names))
        }
    };
    for (i, bloc) in file.blocs.iter_mut().enumerate() {
        let Some(name) = bloc.profile.take() else { continue };
        match profiles.get(&name) {
            Some(profile) => {
                let own = sketch.blocs.get(i).map(|b| &b.behaviour);
                apply(profile, own, &mut bloc.stances, &mut bloc.red_lines, &mut bloc.behaviour);
            }
            None => problems.push(Problem {
                at: None,
                field: format!("blocs[{}].profile", bloc.id),
                message: unknown(&name),
            }),
        }
    }
    for (i, delegation) in file.delegations.iter_mut().enumerate() {
        let Some(name) = delegation.profile.take() else { continue };
        match profiles.get(&name) {
            Some(profile) => {
                let own = sketch.delegations.get(i).map(|d| &d.behaviour);
                apply(
                    profile,
                    own,
                    &mut delegation.stances,
                    &mut delegation.red_lines,
                    &mut delegation.behaviour,
                );
            }
            None => problems.push(Problem {
                at: None,
                field: format!("delegations[{}].profile", delegation.id),
                message: unknown(&name),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid { path: path.to_path_buf(), problems }.located_in(text));
    }
    file.include.clear();
    Ok((file, shared.files))
}

/// A negotiator's stances, red lines and behaviour with `profile` under
/// them: its own stance on an issue wins, its own red lines on an issue
/// replace the profile's on that issue (the profile's others come first),
/// and each behaviour parameter it wrote (`own`) wins over the profile's,
/// which wins over the default.
fn apply(
    profile: &ProfileFile,
    own: Option<&BehaviourPatch>,
    stances: &mut BTreeMap<String, super::file::StanceFile>,
    red_lines: &mut Vec<super::file::RedLineFile>,
    behaviour: &mut BehaviourFile,
) {
    for (issue, stance) in &profile.stances {
        stances.entry(issue.clone()).or_insert(*stance);
    }
    let issue = |line: &super::file::RedLineFile| match line {
        super::file::RedLineFile::AtMost { issue, .. } | super::file::RedLineFile::AtLeast { issue, .. } => {
            issue.clone()
        }
    };
    let own_issues: HashSet<String> = red_lines.iter().map(issue).collect();
    let mut lines: Vec<_> =
        profile.red_lines.iter().filter(|l| !own_issues.contains(&issue(l))).cloned().collect();
    lines.append(red_lines);
    *red_lines = lines;
    let mut resolved = BehaviourFile::default();
    profile.behaviour.apply(&mut resolved);
    if let Some(own) = own {
        own.apply(&mut resolved);
    }
    *behaviour = resolved;
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Read the roster files `includes` names (relative to `from`, whose text
/// is `text`), their own includes first, into `shared`. `stack` holds the
/// files being read, canonical and as named (a file among them closes a
/// cycle); `seen`, the files
/// read already (read once, however many files include them).
fn read_includes(
    from: &Path,
    text: &str,
    includes: &[String],
    stack: &mut Vec<(PathBuf, PathBuf)>,
    seen: &mut HashSet<PathBuf>,
    shared: &mut Shared,
    limits: &Limits,
) -> Result<(), ScenarioError> {
    for (i, include) in includes.iter().enumerate() {
        let field = format!("include[{i}]");
        let fail = |message: String| invalid(from, text, field.clone(), message);
        if include.trim().is_empty() {
            return Err(fail("is empty: name a roster file, relative to this file".into()));
        }
        let at = from.parent().unwrap_or(Path::new(".")).join(include);
        let key = canonical(&at);
        if let Some(j) = stack.iter().position(|(p, _)| *p == key) {
            let names: Vec<String> = stack[j..]
                .iter()
                .map(|(_, p)| p.display().to_string())
                .chain([at.display().to_string()])
                .collect();
            return Err(fail(if j + 1 == stack.len() {
                format!("`{include}` is this file itself")
            } else {
                format!("`{include}` closes a cycle: {}", names.join(" includes "))
            }));
        }
        if !seen.insert(key.clone()) {
            continue;
        }
        if seen.len() > MAX_INCLUDES {
            return Err(fail(format!("more than {MAX_INCLUDES} roster files included")));
        }
        let roster_text = match super::read_text(&at, limits.file_bytes) {
            Ok(t) => t,
            Err(ScenarioError::Io { source, .. }) => {
                return Err(fail(format!("cannot read {}: {source}", at.display())));
            }
            Err(e) => return Err(e),
        };
        let roster: RosterFile =
            super::read_ron(&roster_text, &at).map_err(|e| roster_hint(e, &roster_text))?;
        stack.push((key, at.clone()));
        read_includes(&at, &roster_text, &roster.include, stack, seen, shared, limits)?;
        stack.pop();
        add(shared, roster, &at, &roster_text)?;
    }
    Ok(())
}

/// A parse error in a file included as a roster, with a word on what a
/// roster is when the file is something else.
fn roster_hint(err: ScenarioError, text: &str) -> ScenarioError {
    match err {
        ScenarioError::Parse { path, line, column, field, mut message } => {
            let first = super::syntax::first_name(text);
            if !first.is_empty() && first != "Roster" {
                message += &format!(
                    " (an included file is a roster, `Roster(...)`, not a `{first}`: \
                     docs/SCENARIOS.md, \"Rosters and profiles\")"
                );
            }
            ScenarioError::Parse { path, line, column, field, message }
        }
        other => other,
    }
}

/// Add a roster's parts to what is shared, refusing a part given twice.
fn add(shared: &mut Shared, roster: RosterFile, path: &Path, text: &str) -> Result<(), ScenarioError> {
    let mut problems = Vec::new();
    let twice = |what: &str, field: String, from: &Path| Problem {
        at: None,
        field,
        message: format!("{what} is also given in {}: give it once", from.display()),
    };
    if let Some(n) = roster.membership {
        match &shared.membership {
            Some((m, from)) if *m != n => problems.push(Problem {
                at: None,
                field: "membership".into(),
                message: format!("{n}, but {} gives {m}", from.display()),
            }),
            Some(_) => {}
            None => shared.membership = Some((n, path.to_path_buf())),
        }
    }
    for group in roster.groups {
        if group.id.trim().is_empty() {
            problems.push(Problem {
                at: None,
                field: "groups".into(),
                message: "a group has an empty `id`".into(),
            });
            continue;
        }
        if let Some((_, from)) = shared.groups.get(&group.id) {
            problems.push(twice(&format!("group `{}`", group.id), format!("groups[{}]", group.id), from));
            continue;
        }
        shared.groups.insert(group.id.clone(), (group, path.to_path_buf()));
    }
    for (code, name) in roster.names {
        match shared.names.get(&code) {
            Some((other, from)) if *other != name => {
                problems.push(twice(&format!("the name of `{code}`"), format!("names[{code}]"), from));
            }
            Some(_) => {}
            None => {
                shared.names.insert(code, (name, path.to_path_buf()));
            }
        }
    }
    for (name, profile) in roster.profiles {
        if let Some((_, from)) = shared.profiles.get(&name) {
            problems.push(twice(&format!("profile `{name}`"), format!("profiles[{name}]"), from));
            continue;
        }
        shared.profiles.insert(name, (profile, path.to_path_buf()));
    }
    shared.files.push(path.to_path_buf());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ScenarioError::Invalid { path: path.to_path_buf(), problems }.located_in(text))
    }
}

/// The behaviour parameters each bloc and delegation writes, read from the
/// scenario's text; everything else is skipped.
#[derive(Default, Deserialize)]
#[serde(rename = "Scenario")]
struct Sketch {
    #[serde(default)]
    blocs: Vec<BlocSketch>,
    #[serde(default)]
    delegations: Vec<DelegationSketch>,
}

#[derive(Deserialize)]
#[serde(rename = "Bloc")]
struct BlocSketch {
    #[serde(default)]
    behaviour: BehaviourPatch,
}

#[derive(Deserialize)]
#[serde(rename = "Delegation")]
struct DelegationSketch {
    #[serde(default)]
    behaviour: BehaviourPatch,
}

fn sketch(text: &str, path: &Path) -> Result<Sketch, ScenarioError> {
    super::read_ron(text, path)
}
