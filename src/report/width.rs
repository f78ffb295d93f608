//! The width of text output: every text report is laid out for an
//! 80-column terminal, the width a projector, a printed handout and a
//! default terminal window share. Tables are laid out to fit (long names
//! cut with `…` or wrapped inside their column); prose is wrapped.
//!
//! A fixed width rather than the terminal's own keeps text output the same
//! on every machine and in a pipe, which the golden tests and the docs'
//! quoted outputs rely on.

use std::fmt::Write;

/// The widest line a text report writes, in terminal columns.
pub const WIDTH: usize = 80;

/// `text` wrapped to [`WIDTH`] onto `o`, the first line starting with
/// `first` spaces and each later line indented `indent` spaces more.
pub fn prose(o: &mut String, first: usize, indent: usize, text: &str) {
    let lead = " ".repeat(first);
    let rest = " ".repeat(first + indent);
    let options = textwrap::Options::new(WIDTH).initial_indent(&lead).subsequent_indent(&rest);
    for line in textwrap::wrap(text, options) {
        let _ = writeln!(o, "{line}");
    }
}

/// Every line of `text` that is wider than [`WIDTH`] wrapped; lines that
/// fit are kept as they are. A line that starts at the margin is a
/// paragraph and goes on at the margin; an indented one is an item of a
/// list and goes on two spaces further in. Widths count characters as the terminal shows them
/// (ANSI colour codes take no room).
pub fn fit(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        if textwrap::core::display_width(body) <= WIDTH {
            o += line;
            continue;
        }
        let indent = body.len() - body.trim_start_matches(' ').len();
        let hanging = if indent == 0 { 0 } else { 2 };
        prose(&mut o, indent, hanging, body.trim_start_matches(' '));
        if !line.ends_with('\n') {
            o.pop();
        }
    }
    o
}

/// `s` cut to at most `n` characters, the last one `…` when it was cut.
pub fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n.saturating_sub(1)).collect::<String>() + "…"
    }
}

/// `s` wrapped into a column `n` characters wide: its lines, at least one.
pub fn column(s: &str, n: usize) -> Vec<String> {
    let lines: Vec<String> = textwrap::wrap(s, n.max(1)).into_iter().map(|l| l.into_owned()).collect();
    if lines.is_empty() { vec![String::new()] } else { lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_wraps_only_the_lines_too_wide_and_keeps_their_indent() {
        let long = format!("  {}", "word ".repeat(30).trim_end());
        let text = format!("short\n{long}\nend\n");
        let out = fit(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "short");
        assert_eq!(*lines.last().unwrap(), "end");
        assert!(lines.len() > 3, "the long line was wrapped");
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH));
        assert!(lines[1].starts_with("  word") && lines[2].starts_with("    word"));
        assert_eq!(out.split_whitespace().count(), text.split_whitespace().count(), "no word lost");
    }

    #[test]
    fn a_paragraph_at_the_margin_goes_on_at_the_margin() {
        let out = fit(&"word ".repeat(40));
        assert!(out.lines().count() > 1);
        assert!(out.lines().all(|l| l.starts_with("word") && l.chars().count() <= WIDTH));
    }

    #[test]
    fn cut_marks_what_it_cut() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
    }
}
