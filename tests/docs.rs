//! Every command quoted in README.md and docs/*.md is run, and what it prints
//! is compared with the quote, so that a quoted figure cannot drift from what
//! the program prints.
//!
//! # The convention for a checked quote
//!
//! - A ```` ```sh ```` block holds commands, one per line (a line ending in
//!   `\` goes on on the next; a `for`, `while` or `if` runs to its `done` or
//!   `fi`; lines starting with `#` are comments). They run from the top folder
//!   of the repository, in order, and each must succeed.
//! - The fenced block right after it (only blank lines between), if it has no
//!   language or the language `text` or `json`, is the quoted output: what the
//!   commands of the block print on stdout, one after the other. A ```` ```sh
//!   ```` block without one is still run: its commands must succeed, and the
//!   prose after it is checked against their output (below).
//! - Excerpts: a line `...` on its own (indented or not) in a quoted output
//!   stands for any run of printed lines, none included; `...` within a line
//!   stands for any text on that line. Every other quoted line must equal a
//!   printed line, in order, and without a final `...` the quote runs to the
//!   last printed line.
//! - Files: a fenced block right after a line that ends with a path under
//!   /tmp/ in backticks and a colon (`` `/tmp/class/silence_patient.ron`: ``)
//!   is that file's content; the test writes it when it gets there (the
//!   variants of the exercises in docs/TEACHING.md).
//! - `<!-- not checked: REASON -->` on the last non-blank line above a block
//!   exempts it, and above a ```` ```sh ```` block its output block too: for
//!   what depends on the machine (`plenary bench`, `nproc`, profiles),
//!   templates with placeholders, scripts for a cluster. The test counts and
//!   lists them. Any other block with no language, or `text` or `json`, is an
//!   error: a quoted output must show the command that printed it.
//! - Prose: in the prose after a checked block (up to the next fenced block
//!   or heading), every bold span that starts with a number (`**30.1%**`,
//!   `**>99.9%**`, `**+0.5**`, `**4 yes, 9 no, 2 abstain**`) must appear in
//!   the output of that block's commands, ignoring commas, line breaks and
//!   the width of spaces, and not as part of a longer number. Other bold text
//!   (`**WSIS+20.**`) is not a figure.
//!
//! # How the commands run
//!
//! `cargo run --release -- ARGS` (or `-q --`), `./target/release/plenary
//! ARGS`, `$B ARGS` and `plenary ARGS` all run the binary under test with
//! ARGS: each command goes through `bash -c` with the binary's folder first
//! on PATH (and `LC_ALL=C`, so that a `*` lists files in the same order
//! everywhere). `cargo build --release` is skipped (the binary is built). A
//! block may run only the binary and the few tools of [`PROGRAMS`] (`cut`,
//! `grep`, `mkdir`, `cp`, ...): one that runs anything else (`cargo test`,
//! `valgrind`, `git`) is an error, found before anything runs, until it is
//! marked. Paths under /tmp/ are moved into a fresh temporary folder,
//! one per doc file, so that no run sees another's leftovers (sweep folders
//! are resumable and refuse foreign content); in what the commands print,
//! that folder reads /tmp again. The blocks of one file run in order (the
//! exercises of docs/TEACHING.md build on /tmp/class), the files on two
//! threads. A command that only reads the repository's files (`plenary ...`
//! with no /tmp path, no pipe or redirection, nothing for the shell to expand
//! but a `*` over those files) runs once however often it is quoted.
//!
//! # What is normalised
//!
//! Only the timing, which depends on the machine, and nothing else: the
//! parenthesis `(2 threads, 1.40 s, 7166 runs/s)` that ends the first line of
//! `run`'s text, and in JSON the values of `elapsed_s`, `runs_per_s` and
//! `threads` inside a `"timing"` object (the thread count, because the
//! default is the number of cores). Every number of a result must match
//! exactly, and so must the layout, to the space. (The temporary folder read
//! back as /tmp, above, undoes the test's own redirection of paths.)
//!
//! `PLENARY_DOCS=TEACHING cargo test --release --test tests docs` checks only
//! the files whose path contains `TEACHING`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use crate::util::root;

/// One Markdown file.
struct Doc {
    /// Relative to the repository, e.g. `docs/TEACHING.md`.
    name: String,
    lines: Vec<String>,
}

/// A fenced block: the indices of its fence lines (from 0) and its language.
struct Fence {
    open: usize,
    close: usize,
    info: String,
}

struct Cmd {
    /// Line in the doc, from 1.
    line: usize,
    text: String,
}

/// A checked ```sh block.
struct Quote {
    line: usize,
    commands: Vec<Cmd>,
    /// The quoted output: the line of its opening fence, and its lines.
    expected: Option<(usize, Vec<String>)>,
    /// Bold figures of the prose after it: line, text.
    figures: Vec<(usize, String)>,
}

enum Step {
    Write { line: usize, path: String, text: String },
    Run(Quote),
}

/// What one doc file asks for.
struct Plan {
    steps: Vec<Step>,
    exempt: Vec<(usize, String)>,
    errors: Vec<String>,
}

const MARKER: &str = "<!-- not checked:";

fn docs() -> Vec<Doc> {
    let root = root();
    let mut names = vec!["README.md".to_string()];
    let mut more: Vec<String> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ is readable")
        .map(|e| e.expect("a docs/ entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    more.sort();
    names.extend(more);
    let only = std::env::var("PLENARY_DOCS").unwrap_or_default();
    names
        .into_iter()
        .filter(|n| n.contains(&only))
        .map(|name| {
            let text = std::fs::read_to_string(root.join(&name)).expect("the doc is readable");
            Doc { name, lines: text.lines().map(str::to_string).collect() }
        })
        .collect()
}

fn fences(doc: &Doc, errors: &mut Vec<String>) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, line) in doc.lines.iter().enumerate() {
        let t = line.trim();
        match &open {
            None => {
                if let Some(info) = t.strip_prefix("```") {
                    open = Some((i, info.trim().to_string()));
                }
            }
            Some((o, info)) => {
                if t == "```" {
                    out.push(Fence { open: *o, close: i, info: info.clone() });
                    open = None;
                }
            }
        }
    }
    if let Some((o, _)) = open {
        errors.push(format!("{}:{}: a fenced block that is never closed", doc.name, o + 1));
    }
    out
}

fn is_output(info: &str) -> bool {
    matches!(info, "" | "text" | "json")
}

/// The last non-blank line above line `i`, trimmed.
fn above(doc: &Doc, i: usize) -> &str {
    doc.lines[..i].iter().rev().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or("")
}

fn marker(line: &str) -> Option<String> {
    let reason = line.strip_prefix(MARKER)?.strip_suffix("-->")?.trim();
    Some(reason.to_string())
}

/// `` ... `/tmp/x.ron`: `` -> `/tmp/x.ron`.
fn file_path(line: &str) -> Option<String> {
    let rest = line.strip_suffix("`:")?;
    let start = rest.rfind('`')?;
    let path = &rest[start + 1..];
    path.starts_with("/tmp/").then(|| path.to_string())
}

/// Split a ```sh block into commands.
fn commands(doc: &Doc, f: &Fence) -> Vec<Cmd> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut depth: i32 = 0;
    for i in f.open + 1..f.close {
        let t = doc.lines[i].trim_end();
        if cur.is_empty() {
            let s = t.trim_start();
            if s.is_empty() || s.starts_with('#') {
                continue;
            }
            start = i + 1;
        } else {
            cur.push('\n');
        }
        cur.push_str(t);
        if t.ends_with('\\') {
            continue;
        }
        for word in t.split(|c: char| c.is_whitespace() || c == ';') {
            match word {
                "do" | "if" => depth += 1,
                "done" | "fi" => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 {
            continue;
        }
        out.push(Cmd { line: start, text: std::mem::take(&mut cur) });
        depth = 0;
    }
    if !cur.is_empty() {
        out.push(Cmd { line: start, text: cur });
    }
    out
}

/// The bold spans that start with a number in lines `from..to`.
fn figures(doc: &Doc, from: usize, to: usize) -> Vec<(usize, String)> {
    let mut text = String::new();
    let mut line_of = Vec::new(); // byte offset -> line, per line start
    for i in from..to {
        let l = &doc.lines[i];
        if l.trim_start().starts_with('#') {
            break;
        }
        line_of.push((text.len(), i + 1));
        text.push_str(l);
        text.push('\n');
    }
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(a) = text[rest..].find("**") {
        let a = rest + a + 2;
        let Some(b) = text[a..].find("**") else { break };
        let b = a + b;
        let span = text[a..b].split_whitespace().collect::<Vec<_>>().join(" ");
        let mut chars = span.chars();
        let first = chars.next().unwrap_or(' ');
        let second = chars.next().unwrap_or(' ');
        if first.is_ascii_digit() || ("+-<>~".contains(first) && second.is_ascii_digit()) {
            let line = line_of.iter().rev().find(|(o, _)| *o <= a).map_or(from + 1, |(_, l)| *l);
            out.push((line, span));
        }
        rest = b + 2;
    }
    out
}

fn plan(doc: &Doc) -> Plan {
    let mut plan = Plan { steps: Vec::new(), exempt: Vec::new(), errors: Vec::new() };
    let fs = fences(doc, &mut plan.errors);
    let blank = |from: usize, to: usize| doc.lines[from..to].iter().all(|l| l.trim().is_empty());
    let mut b = 0;
    while b < fs.len() {
        let f = &fs[b];
        let over = above(doc, f.open);
        let output = fs.get(b + 1).filter(|o| is_output(&o.info) && blank(f.close + 1, o.open));
        if let Some(reason) = marker(over) {
            plan.exempt.push((f.open + 1, reason));
            b += if f.info == "sh" && output.is_some() { 2 } else { 1 };
            continue;
        }
        if f.info == "sh" {
            let cmds = commands(doc, f);
            let refused: Vec<String> = cmds
                .iter()
                .map(|c| shell_text(&c.text))
                .filter(|s| s.trim() != "cargo build --release")
                .flat_map(|s| programs(&s))
                .filter(|p| !PROGRAMS.contains(&p.as_str()))
                .collect();
            if !refused.is_empty() {
                plan.errors.push(format!(
                    "{}:{}: the block runs `{}`, which the test does not run: mark it `{MARKER} why -->`",
                    doc.name,
                    f.open + 1,
                    refused.join("`, `")
                ));
                b += if output.is_some() { 2 } else { 1 };
                continue;
            }
            let last = output.unwrap_or(f);
            let next =
                fs.get(if output.is_some() { b + 2 } else { b + 1 }).map_or(doc.lines.len(), |n| n.open);
            plan.steps.push(Step::Run(Quote {
                line: f.open + 1,
                commands: cmds,
                expected: output.map(|o| (o.open + 1, doc.lines[o.open + 1..o.close].to_vec())),
                figures: figures(doc, last.close + 1, next),
            }));
            b += if output.is_some() { 2 } else { 1 };
            continue;
        }
        if let Some(path) = file_path(over) {
            let mut text = doc.lines[f.open + 1..f.close].join("\n");
            text.push('\n');
            plan.steps.push(Step::Write { line: f.open + 1, path, text });
        } else if is_output(&f.info) {
            plan.errors.push(format!(
                "{}:{}: a block of output without the command that printed it: put the command in a ```sh block \
                 right above it, or mark the block `{MARKER} why -->`",
                doc.name,
                f.open + 1
            ));
        }
        b += 1;
    }
    plan
}

/// The command as bash runs it: the binary under test for every way the
/// docs name it.
fn shell_text(cmd: &str) -> String {
    let mut s = cmd.to_string();
    for name in [
        "cargo run --release -q -- ",
        "cargo run --release -- ",
        "./target/release/plenary ",
        "target/release/plenary ",
        "$B ",
    ] {
        s = s.replace(name, "plenary ");
    }
    s
}

/// What a checked block may run: the binary and the tools the docs pipe
/// its output through. Anything else (valgrind, perf, git, cargo but `cargo
/// build --release`) is refused before the block runs, with a request for a
/// marker, so that a new block cannot make the test do the unexpected.
const PROGRAMS: [&str; 18] = [
    "plenary", "cut", "grep", "head", "tail", "sed", "sort", "uniq", "wc", "cat", "echo", "printf", "seq",
    "mkdir", "cp", "ls", "diff", "true",
];

/// The programs a shell command runs: the first word of each simple command
/// (after `|`, `;`, `&&`, a newline, `(`, `$(`), outside quotes, keywords
/// and variable assignments left out.
fn programs(shell: &str) -> Vec<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Q {
        No,
        Single,
        Double,
    }
    const KEYWORDS: [&str; 9] = ["do", "done", "then", "else", "elif", "fi", "if", "while", "!"];
    // Per level of `$( ... )`: the quote state, and whether the next word
    // starts a command.
    let mut stack: Vec<(Q, bool)> = vec![(Q::No, true)];
    let mut word = String::new();
    let mut out = Vec::new();
    let end_word = |word: &mut String, level: &mut (Q, bool), out: &mut Vec<String>| {
        let w = std::mem::take(word);
        if w.is_empty() || !level.1 {
            return;
        }
        if w == "for" || w == "case" {
            level.1 = false; // its words up to `do` or `in` are not a command
        } else {
            let assignment = w.contains('=') && !w.starts_with('=');
            if assignment || KEYWORDS.contains(&w.as_str()) {
                return;
            }
            out.push(w);
            level.1 = false;
        }
    };
    let chars: Vec<char> = shell.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        i += 1;
        let depth = stack.len() - 1;
        match stack[depth].0 {
            Q::Single => {
                if c == '\'' {
                    stack[depth].0 = Q::No;
                }
                continue;
            }
            Q::Double => {
                if c == '"' {
                    stack[depth].0 = Q::No;
                } else if c == '\\' {
                    i += 1;
                } else if c == '$' && next == Some('(') {
                    i += 1;
                    stack.push((Q::No, true));
                }
                continue;
            }
            Q::No => {}
        }
        match c {
            '\'' => stack[depth].0 = Q::Single,
            '"' => stack[depth].0 = Q::Double,
            '\\' => i += 1,
            ' ' | '\t' => end_word(&mut word, &mut stack[depth], &mut out),
            '&' if prev == '>' => word.push(c),
            '\n' | ';' | '|' | '&' | '(' => {
                end_word(&mut word, &mut stack[depth], &mut out);
                stack[depth].1 = true;
            }
            '$' if next == Some('(') => {
                i += 1;
                end_word(&mut word, &mut stack[depth], &mut out);
                stack.push((Q::No, true));
            }
            ')' => {
                end_word(&mut word, &mut stack[depth], &mut out);
                if depth > 0 {
                    stack.pop();
                }
            }
            _ => word.push(c),
        }
    }
    let depth = stack.len() - 1;
    end_word(&mut word, &mut stack[depth], &mut out);
    out
}

/// A command that reads only the repository: its output can be shared.
fn cache_key(shell: &str) -> Option<String> {
    let s = match shell.find(" #") {
        Some(i) => &shell[..i],
        None => shell,
    }
    .trim();
    let plain = !s.contains("/tmp/") && !s.chars().any(|c| "|&;<>()$`'\"?[]{}\\\n~".contains(c));
    (plain && s.starts_with("plenary ")).then(|| s.to_string())
}

type Cache = Mutex<HashMap<String, Arc<OnceLock<Output>>>>;

fn exec(shell: &str, tmp: &Path) -> Output {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_plenary"));
    let dir = bin.parent().expect("the binary has a folder");
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default());
    let text = shell.replace("/tmp/", &format!("{}/", tmp.display()));
    Command::new("bash")
        .arg("-c")
        .arg(&text)
        .current_dir(root())
        .env("PATH", path)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .expect("bash starts")
}

fn run_cached(shell: &str, tmp: &Path, cache: &Cache) -> Output {
    match cache_key(shell) {
        None => exec(shell, tmp),
        Some(key) => {
            let cell = cache.lock().expect("the cache lock").entry(key).or_default().clone();
            cell.get_or_init(|| exec(shell, tmp)).clone()
        }
    }
}

/// `(2 threads, 1.40 s, 7166 runs/s)` -> `(timing)`.
fn without_run_timing(line: &str) -> String {
    if let Some(end) = line.find(" runs/s)")
        && let Some(open) = line[..end].rfind('(')
    {
        let inner = &line[open + 1..end];
        let digits = inner.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && inner[digits..].starts_with(" threads, ") {
            return format!("{}(timing){}", &line[..open], &line[end + " runs/s)".len()..]);
        }
    }
    line.to_string()
}

/// The normalisation of the module comment, on printed and quoted lines alike.
fn normalise<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    let mut in_timing = false;
    let mut out = Vec::new();
    for l in lines {
        let mut s = without_run_timing(l.as_ref());
        let t = s.trim_start();
        if t.starts_with("\"timing\": {") {
            in_timing = true;
        } else if in_timing {
            if t.starts_with('}') {
                in_timing = false;
            } else if let Some(key) =
                ["\"elapsed_s\": ", "\"runs_per_s\": ", "\"threads\": "].iter().find(|k| t.starts_with(**k))
            {
                let indent = &s[..s.len() - t.len()];
                let comma = if t.ends_with(',') { "," } else { "" };
                s = format!("{indent}{key}(timing){comma}");
            }
        }
        out.push(s);
    }
    out
}

fn glob(pattern: &str, line: &str) -> bool {
    if !pattern.contains("...") {
        return pattern == line;
    }
    let parts: Vec<&str> = pattern.split("...").collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !line.starts_with(first) {
        return false;
    }
    let mut pos = first.len();
    for mid in &parts[1..parts.len() - 1] {
        match line[pos..].find(mid) {
            Some(i) => pos += i + mid.len(),
            None => return false,
        }
    }
    line.len() >= pos + last.len() && line.ends_with(last)
}

/// Where a quote and the output part, both from 0: the first quoted line
/// that no way of reading the `...` lines matches, and the printed line it
/// was wanted at (the first candidate; `after_gap` when it was wanted anywhere
/// from there on). `quoted` equal to the quote's length: the output goes on
/// past its end; `printed` equal to the output's length: the output ended.
#[derive(Debug)]
struct Mismatch {
    quoted: usize,
    printed: usize,
    after_gap: bool,
}

fn is_gap(line: &str) -> bool {
    line.trim() == "..."
}

fn matches(quoted: &[String], printed: &[String]) -> Result<(), Mismatch> {
    let (nq, np) = (quoted.len(), printed.len());
    // ok[i][j]: quoted[i..] matches printed[j..].
    let mut ok = vec![vec![false; np + 1]; nq + 1];
    ok[nq][np] = true;
    for i in (0..nq).rev() {
        if is_gap(&quoted[i]) {
            let mut any = false;
            for j in (0..=np).rev() {
                any |= ok[i + 1][j];
                ok[i][j] = any;
            }
        } else {
            for j in 0..np {
                ok[i][j] = ok[i + 1][j + 1] && glob(&quoted[i], &printed[j]);
            }
        }
    }
    if ok[0][0] {
        return Ok(());
    }
    // The quoted lines matched so far, and where each reading of them ends.
    let mut reach = vec![0];
    for i in 0..nq {
        let after_gap = i > 0 && is_gap(&quoted[i - 1]);
        let next: Vec<usize> = if is_gap(&quoted[i]) {
            (reach[0]..=np).collect()
        } else {
            reach.iter().filter(|&&j| j < np && glob(&quoted[i], &printed[j])).map(|j| j + 1).collect()
        };
        if next.is_empty() {
            return Err(Mismatch { quoted: i, printed: reach[0], after_gap });
        }
        reach = next;
    }
    let printed = reach.iter().copied().filter(|&j| j < np).max().unwrap_or(np);
    Err(Mismatch { quoted: nq, printed, after_gap: false })
}

/// Commas out, spaces to one.
fn loose(s: &str) -> String {
    s.replace(',', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `figure` in `line`, not as part of a longer number.
fn has_figure(line: &str, figure: &str) -> bool {
    let b = line.as_bytes();
    let mut from = 0;
    while let Some(i) = line[from..].find(figure) {
        let at = from + i;
        let end = at + figure.len();
        let before_ok = at == 0 || !(b[at - 1].is_ascii_digit() || b[at - 1] == b'.');
        let after_ok = end == b.len()
            || !(b[end].is_ascii_digit()
                || (b[end] == b'.' && b.get(end + 1).is_some_and(u8::is_ascii_digit)));
        if before_ok && after_ok {
            return true;
        }
        from = at + 1;
    }
    false
}

fn show(s: &str) -> String {
    if s.len() > 200 {
        format!("{}...", &s[..s.char_indices().nth(200).map_or(s.len(), |(i, _)| i)])
    } else {
        s.to_string()
    }
}

#[derive(Default)]
struct Tally {
    quotes: usize,
    with_output: usize,
    commands: usize,
    figures: usize,
    files: usize,
}

/// Run one doc's steps in order; failures go to `failures`.
fn check_doc(doc: &Doc, plan: &Plan, cache: &Cache, failures: &Mutex<Vec<String>>) -> Tally {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let tmp_path = tmp.path().to_path_buf();
    let tmp_str = tmp_path.display().to_string();
    let fail = |msg: String| failures.lock().expect("the failures lock").push(msg);
    let mut tally = Tally::default();
    // PLENARY_BLESS=1: a whole quote (no `...`) that differs is replaced by
    // what was printed, for a change of form; excerpts are left to a person.
    let bless = std::env::var_os("PLENARY_BLESS").is_some();
    let mut blessed: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for step in &plan.steps {
        let q = match step {
            Step::Write { line, path, text } => {
                let to = PathBuf::from(path.replacen("/tmp", &tmp_str, 1));
                if let Some(dir) = to.parent() {
                    std::fs::create_dir_all(dir).expect("the file's folder can be made");
                }
                std::fs::write(&to, text)
                    .unwrap_or_else(|e| panic!("{}:{line}: cannot write {path}: {e}", doc.name));
                tally.files += 1;
                continue;
            }
            Step::Run(q) => q,
        };
        tally.quotes += 1;
        let started = Instant::now();
        // Each command's printed lines, for the message of a mismatch.
        let mut printed: Vec<String> = Vec::new();
        let mut owner: Vec<usize> = Vec::new();
        let mut ok = true;
        for (c, cmd) in q.commands.iter().enumerate() {
            let shell = shell_text(&cmd.text);
            if shell.trim() == "cargo build --release" {
                continue;
            }
            tally.commands += 1;
            let out = run_cached(&shell, &tmp_path, cache);
            if !out.status.success() {
                fail(format!(
                    "{}:{}: `{}` failed ({}):\n{}",
                    doc.name,
                    cmd.line,
                    cmd.text,
                    out.status,
                    String::from_utf8_lossy(&out.stderr).replace(&tmp_str, "/tmp")
                ));
                ok = false;
                break;
            }
            let text = String::from_utf8_lossy(&out.stdout).replace(&tmp_str, "/tmp");
            for l in text.lines() {
                printed.push(l.to_string());
                owner.push(c);
            }
        }
        let secs = started.elapsed().as_secs_f64();
        println!("docs: {}:{} ({} commands) {secs:.1} s", doc.name, q.line, q.commands.len());
        if !ok {
            continue;
        }
        if let Some((at, quoted)) = &q.expected {
            tally.with_output += 1;
            let (quoted_n, printed_n) = (normalise(quoted), normalise(&printed));
            let excerpt = quoted.iter().any(|l| l.contains("..."));
            if matches(&quoted_n, &printed_n).is_err() && bless && !excerpt {
                blessed.push((*at, quoted.len(), printed.clone()));
            } else if let Err(m) = matches(&quoted_n, &printed_n) {
                let cmd = owner.get(m.printed).or(owner.last()).map_or("", |&c| q.commands[c].text.as_str());
                let want = match quoted.get(m.quoted) {
                    Some(l) => format!(
                        "quoted line {} of the output (doc line {}): {}",
                        m.quoted + 1,
                        at + 1 + m.quoted,
                        show(l)
                    ),
                    None => "the quote ends here".to_string(),
                };
                let got = match printed.get(m.printed) {
                    Some(l) if m.after_gap => {
                        format!(
                            "not printed after `...` (from printed line {} on: {})",
                            m.printed + 1,
                            show(l)
                        )
                    }
                    Some(l) => format!("printed line {}: {}", m.printed + 1, show(l)),
                    None => "the output has ended".to_string(),
                };
                fail(format!(
                    "{}:{}: `{cmd}`: the quote and the output differ\n  {want}\n  {got}",
                    doc.name, q.line
                ));
            }
        }
        // One string: a figure the output wraps onto two lines still counts.
        let all = loose(&printed.join(" "));
        for (line, figure) in &q.figures {
            tally.figures += 1;
            let f = loose(figure);
            if !has_figure(&all, &f) {
                fail(format!(
                    "{}:{line}: the bold figure **{figure}** is not in what the block at line {} prints",
                    doc.name, q.line
                ));
            }
        }
    }
    if !blessed.is_empty() {
        let mut lines = doc.lines.clone();
        for (at, len, printed) in blessed.into_iter().rev() {
            lines.splice(at..at + len, printed);
        }
        std::fs::write(root().join(&doc.name), lines.join("\n") + "\n").expect("the doc can be blessed");
        println!("docs: blessed {}", doc.name);
    }
    tally
}

#[test]
fn every_quoted_command_prints_what_the_docs_say() {
    let docs = docs();
    assert!(!docs.is_empty(), "no doc matches PLENARY_DOCS");
    let plans: Vec<Plan> = docs.iter().map(plan).collect();
    let mut failures: Vec<String> = plans.iter().flat_map(|p| p.errors.clone()).collect();
    // Longest first: the files run on two threads.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let weight = |p: &Plan| {
        p.steps.iter().map(|s| if let Step::Run(q) = s { q.commands.len() } else { 0 }).sum::<usize>()
    };
    order.sort_by_key(|&i| std::cmp::Reverse(weight(&plans[i])));
    let cache: Cache = Mutex::new(HashMap::new());
    let found = Mutex::new(Vec::new());
    let tallies: Mutex<Vec<(usize, Tally)>> = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&i) = order.get(k) else { break };
                    let t = check_doc(&docs[i], &plans[i], &cache, &found);
                    tallies.lock().expect("the tallies lock").push((i, t));
                }
            });
        }
    });
    failures.extend(found.into_inner().expect("the failures lock"));
    let mut tallies = tallies.into_inner().expect("the tallies lock");
    tallies.sort_by_key(|(i, _)| *i);
    let mut total = Tally::default();
    let mut exempt = 0;
    for (i, t) in &tallies {
        println!(
            "docs: {}: {} checked blocks ({} with a quoted output, {} commands), {} prose figures, {} files written, \
             {} not checked",
            docs[*i].name,
            t.quotes,
            t.with_output,
            t.commands,
            t.figures,
            t.files,
            plans[*i].exempt.len()
        );
        for (line, reason) in &plans[*i].exempt {
            println!("docs:   not checked: {}:{line}: {reason}", docs[*i].name);
        }
        total.quotes += t.quotes;
        total.with_output += t.with_output;
        total.figures += t.figures;
        exempt += plans[*i].exempt.len();
    }
    println!(
        "docs: in all {} checked blocks ({} with a quoted output), {} prose figures, {exempt} not checked, {:.1} s",
        total.quotes,
        total.with_output,
        total.figures,
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{} problem(s) in the docs:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn the_matching_rules_do_what_the_module_comment_says() {
    let v = |s: &[&str]| s.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let printed = v(&["a", "b", "c", "d"]);
    assert!(matches(&v(&["a", "b", "c", "d"]), &printed).is_ok());
    assert!(matches(&v(&["a", "...", "d"]), &printed).is_ok());
    assert!(matches(&v(&["a", "..."]), &printed).is_ok());
    assert!(matches(&v(&["...", "c", "d"]), &printed).is_ok());
    assert!(matches(&v(&["a", "b", "...", "c", "d"]), &printed).is_ok(), "... may stand for no line");
    assert!(matches(&v(&["a", "b"]), &printed).is_err(), "without a final ... the quote must reach the end");
    assert!(matches(&v(&["a", "...", "x"]), &printed).is_err());
    let repeated = v(&["{", "x", "1", "}", "{", "y", "2", "}"]);
    assert!(matches(&v(&["...", "{", "y", "..."]), &repeated).is_ok(), "a ... tries every place");
    assert!(glob(r#""paragraphs": [[0, 0], ...],"#, r#""paragraphs": [[0, 0], [1, 2], [3, 4]],"#));
    assert!(!glob("a...b", "ab..."));
    assert_eq!(
        without_run_timing("X: 10000 runs, seed 1 (2 threads, 1.40 s, 7166 runs/s)"),
        "X: 10000 runs, seed 1 (timing)"
    );
    assert_eq!(
        normalise(&[
            "  \"timing\": {",
            "    \"elapsed_s\": 0.1,",
            "    \"threads\": 2",
            "  },",
            "  \"threads\": 2"
        ]),
        v(&[
            "  \"timing\": {",
            "    \"elapsed_s\": (timing),",
            "    \"threads\": (timing)",
            "  },",
            "  \"threads\": 2"
        ])
    );
    assert!(has_figure("consensus 30.1% [ 29.4%", "30.1%"));
    assert!(!has_figure("consensus 30.1%", "0.1%"));
    assert!(!has_figure("0.385", "0.38"));
    assert!(has_figure(&loose("    4 yes    9 no    2 abstain"), &loose("4 yes, 9 no, 2 abstain")));
    assert_eq!(
        file_path("Write two variants. `/tmp/class/silence_patient.ron`:"),
        Some("/tmp/class/silence_patient.ron".into())
    );
    assert_eq!(shell_text("cargo run --release -q -- run x | grep y"), "plenary run x | grep y");
    assert_eq!(
        cache_key("plenary run scenarios/wsis20.ron   # the endgame"),
        Some("plenary run scenarios/wsis20.ron".into())
    );
    assert_eq!(cache_key("plenary sweep s --out /tmp/x"), None);
    assert_eq!(
        programs(
            r#"for i in $(seq 0 2); do echo "run $i: $(plenary trace s --run $i | grep Outcome)"; done"#
        ),
        v(&["seq", "echo", "plenary", "grep"])
    );
    assert_eq!(
        programs("B=x; valgrind --tool=callgrind $B run s 2>&1 > /dev/null && cg"),
        v(&["valgrind", "cg"])
    );
    assert_eq!(programs("echo \"Variant(extends: \\\"a.ron\\\")\" > /tmp/a.ron"), v(&["echo"]));
}
