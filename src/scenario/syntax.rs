//! The text of a scenario or variant file read as RON reads it: blanks,
//! line comments, nested block comments, strings, raw strings and character
//! literals. What serde cannot tell from the values it is given is checked
//! here, at a line and column, with the field path:
//!
//! - where the file's first item starts ([`first_item`]): whether it is a
//!   variant;
//! - brackets nested deeper than [`MAX_NESTING`] ([`too_deep`]), before RON
//!   reads the text (RON's own guard speaks of its options);
//! - a key given twice in a map, and a number that is not finite (`inf`,
//!   `NaN`, `1e999`), in text that RON has read ([`check`]): serde's maps
//!   keep the last of two values, and a variant's values go through JSON,
//!   which has no infinity and no NaN.

use std::borrow::Cow;
use std::collections::HashMap;

/// The deepest that brackets (`(`, `[`, `{`) may nest in a file. A scenario
/// needs five or six levels; RON's own guard (128 levels of its recursion,
/// a few for each bracket) is never reached below this.
pub const MAX_NESTING: usize = 32;

/// Something wrong at a place in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Byte offset in the text.
    pub offset: usize,
    /// Field path of the value, as validation names fields
    /// (`delegations[AAA].behaviour.tolerance`, `set[mediator.skill]`).
    pub field: Option<String>,
    pub message: String,
}

/// The 1-based line and column (in characters) of a byte offset, as RON
/// counts them.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, before[start..].chars().count() + 1)
}

/// The text from its first item on: blanks, comments (nested block comments
/// too) and `#![...]` attributes skipped; empty if there is nothing else.
pub fn first_item(text: &str) -> &str {
    let mut lexer = Lexer::new(text);
    loop {
        lexer.skip_blanks();
        let rest = lexer.rest();
        // `#![...]`, blanks allowed between the three, as RON reads it.
        let mut attribute = Lexer { src: text, pos: lexer.pos };
        let starts = |c: char, a: &mut Lexer| {
            a.skip_blanks();
            let found = a.rest().starts_with(c);
            a.pos += usize::from(found);
            found
        };
        if !(starts('#', &mut attribute) && starts('!', &mut attribute) && starts('[', &mut attribute)) {
            return rest;
        }
        let mut depth = 1;
        while depth > 0 {
            match attribute.next_token() {
                None => return "",
                Some(Token { kind: Kind::Open(_), .. }) => depth += 1,
                Some(Token { kind: Kind::Close(_), .. }) => depth -= 1,
                Some(_) => {}
            }
        }
        lexer.pos = attribute.pos;
    }
}

/// The name the first item starts with (`Scenario`, `Variant`), if it
/// starts with one.
pub fn first_name(text: &str) -> &str {
    let item = first_item(text);
    let end = item.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(item.len());
    &item[..end]
}

/// The first bracket that opens a level deeper than [`MAX_NESTING`].
pub fn too_deep(text: &str) -> Option<Finding> {
    walk(text, false)
}

/// In text that RON has read: the first key given twice in a map (or field
/// in a struct that serde does not check, such as one in a variant's value),
/// or the first number that is not finite.
pub fn check(text: &str) -> Option<Finding> {
    walk(text, true)
}

/// Where the value at a field path (`delegations[USA].behaviour.amend`, as
/// validation names fields) starts in the text: the first value with that
/// path, else the nearest enclosing value that is written (a field left to
/// its default is found at the struct that would hold it). `None` when no
/// part of the path is in the text (a variant's base holds it).
pub fn locate(text: &str, field: &str) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None; // (length of the path matched, offset)
    walk_values(text, &mut |offset, path| {
        if path == field {
            best = Some((usize::MAX, offset));
            return true;
        }
        let encloses =
            field.starts_with(path) && matches!(field.as_bytes().get(path.len()), Some(b'.') | Some(b'['));
        if encloses && best.is_none_or(|(len, _)| path.len() > len) {
            best = Some((path.len(), offset));
        }
        false
    });
    best.map(|(_, offset)| offset)
}

/// Call `visit(offset, path)` at the start of every value of the text with a
/// field path, until it returns true.
fn walk_values(text: &str, visit: &mut dyn FnMut(usize, &str) -> bool) {
    let mut lexer = Lexer::new(text);
    let mut frames: Vec<Frame> = Vec::new();
    // Where each frame's value starts (its struct name, or its bracket).
    let mut starts: Vec<usize> = Vec::new();
    let mut name_start = None;
    let mut next = lexer.next_token();
    while let Some(token) = next.take() {
        next = lexer.next_token();
        let followed_by = next.as_ref().map(|t| t.kind);
        let (in_map_key, at_key) =
            frames.last().map_or((false, false), |f| (f.at_key && f.kind == FrameKind::Map, f.at_key));
        let is_key = in_map_key || (token.kind == Kind::Word && at_key && followed_by == Some(Kind::Colon));
        let starts_value = match token.kind {
            Kind::Open(_) | Kind::Str | Kind::Char | Kind::Word => !is_key,
            _ => false,
        };
        if starts_value
            && let Some(p) = path(&frames, frames.last().map(Frame::via_here).as_ref())
            && visit(token.start, &p)
        {
            return;
        }
        match token.kind {
            Kind::Open(bracket) => {
                if frames.len() >= MAX_NESTING {
                    return;
                }
                let via = frames.last().map_or(Via::Top, Frame::via_here);
                let kind = match bracket {
                    b'{' => FrameKind::Map,
                    b'(' => FrameKind::Paren,
                    _ => FrameKind::List,
                };
                frames.push(Frame::new(kind, via));
                starts.push(name_start.take().unwrap_or(token.start));
            }
            Kind::Close(_) => {
                frames.pop();
                starts.pop();
            }
            Kind::Comma => {
                if let Some(f) = frames.last_mut() {
                    f.index += 1;
                    f.at_key = f.kind != FrameKind::List;
                    f.key = None;
                }
            }
            Kind::Colon => {
                if let Some(f) = frames.last_mut() {
                    f.at_key = false;
                }
            }
            Kind::Word if !is_key && followed_by == Some(Kind::Open(b'(')) => name_start = Some(token.start),
            Kind::Str | Kind::Word | Kind::Char if is_key => {
                let key = match &token.value {
                    Some(value) => value.to_string(),
                    None => token.text.to_string(),
                };
                if let Some(f) = frames.last_mut() {
                    f.key = Some(key);
                }
            }
            Kind::Str => {
                if let Some(f) = frames.last_mut()
                    && f.kind == FrameKind::Paren
                    && !f.at_key
                    && f.key.as_deref() == Some("id")
                {
                    f.id = token.value.as_ref().map(|v| v.to_string());
                    // The item is named by its id from here on: its start
                    // is where a path through `[ID]` begins.
                    if let (Some(p), Some(&start)) = (path(&frames, None), starts.last())
                        && visit(start, &p)
                    {
                        return;
                    }
                }
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    /// A string (escaped, raw or byte string); its content is in `value`.
    Str,
    /// A character literal.
    Char,
    /// An identifier, a number or a keyword (`true`, `inf`, `r#raw`).
    Word,
    Other,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    kind: Kind,
    start: usize,
    /// The token as written.
    text: &'a str,
    /// A string's content, escapes decoded.
    value: Option<Cow<'a, str>>,
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '+' | '-')
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Lexer { src, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    /// Skip blanks and comments. An unclosed block comment runs to the end
    /// (RON refuses the file).
    fn skip_blanks(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                let mut depth = 0usize;
                let bytes = self.src.as_bytes();
                let mut i = self.pos;
                loop {
                    if i + 1 >= bytes.len() {
                        i = bytes.len();
                        break;
                    }
                    match (bytes[i], bytes[i + 1]) {
                        (b'/', b'*') => {
                            depth += 1;
                            i += 2;
                        }
                        (b'*', b'/') => {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => i += 1,
                    }
                }
                self.pos = i;
            } else {
                return;
            }
        }
    }

    /// The end of an escaped string whose opening quote ends at `from`
    /// (just past the closing quote; the end of the text if unclosed).
    fn escaped_end(&self, from: usize) -> usize {
        let bytes = self.src.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => return i + 1,
                // Skip the escaped character, whatever its width.
                b'\\' => {
                    i += 1;
                    i += self.src[i..].chars().next().map_or(0, char::len_utf8);
                }
                _ => i += 1,
            }
        }
        bytes.len()
    }

    /// The end of the content of an escaped string from `open` (just past
    /// its opening quote) to `end` ([`Lexer::escaped_end`]): before the
    /// closing quote, or `end` itself for a string that does not close (a
    /// byte before it may be inside a character: fuzz/'s `variant` found a
    /// text cut after `"caf\u{e9}` panicking here).
    fn content_end(&self, open: usize, end: usize) -> usize {
        if end > open && self.src.as_bytes()[end - 1] == b'"' { end - 1 } else { end }
    }

    /// A raw string `r#"..."#` starting at `from` (at the `r`), if there is
    /// one: its end and its content.
    fn raw_string(&self, from: usize) -> Option<(usize, &'a str)> {
        let after_r = &self.src[from + 1..];
        let hashes = after_r.len() - after_r.trim_start_matches('#').len();
        if !after_r[hashes..].starts_with('"') {
            return None;
        }
        let body = from + 1 + hashes + 1;
        let closing = format!("\"{}", "#".repeat(hashes));
        match self.src[body..].find(&closing) {
            Some(n) => Some((body + n + closing.len(), &self.src[body..body + n])),
            None => Some((self.src.len(), &self.src[body..])),
        }
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        self.skip_blanks();
        let start = self.pos;
        let c = self.rest().chars().next()?;
        let token = |lexer: &mut Self, kind, end: usize, value| {
            lexer.pos = end;
            Some(Token { kind, start, text: &lexer.src[start..end], value })
        };
        match c {
            '(' | '[' | '{' => token(self, Kind::Open(c as u8), start + 1, None),
            ')' | ']' | '}' => token(self, Kind::Close(c as u8), start + 1, None),
            ':' => token(self, Kind::Colon, start + 1, None),
            ',' => token(self, Kind::Comma, start + 1, None),
            '"' => {
                let end = self.escaped_end(start + 1);
                let inner = &self.src[start + 1..self.content_end(start + 1, end)];
                token(self, Kind::Str, end, Some(unescape(inner)))
            }
            'r' | 'b' if self.string_prefix(start).is_some() => {
                let (end, value) = self.string_prefix(start).expect("checked");
                token(self, Kind::Str, end, Some(value))
            }
            'b' if self.rest().starts_with("b'") => {
                let end = self.char_end(start + 1);
                token(self, Kind::Char, end, None)
            }
            '\'' => {
                let end = self.char_end(start);
                token(self, Kind::Char, end, None)
            }
            'r' if self.rest().starts_with("r#") => {
                // A raw identifier: `r#name`.
                let end = start
                    + 2
                    + self.src[start + 2..]
                        .find(|c: char| !is_word_char(c))
                        .unwrap_or(self.src.len() - start - 2);
                token(self, Kind::Word, end, None)
            }
            c if is_word_char(c) => {
                let end = start + self.rest().find(|c: char| !is_word_char(c)).unwrap_or(self.rest().len());
                token(self, Kind::Word, end, None)
            }
            c => token(self, Kind::Other, start + c.len_utf8(), None),
        }
    }

    /// A string with a prefix at `start` (`r"..."`, `r#"..."#`, `b"..."`,
    /// `br"..."`): its end and its content.
    fn string_prefix(&self, start: usize) -> Option<(usize, Cow<'a, str>)> {
        let rest = &self.src[start..];
        if rest.starts_with("b\"") {
            let end = self.escaped_end(start + 2);
            let inner = &self.src[start + 2..self.content_end(start + 2, end)];
            return Some((end, unescape(inner)));
        }
        let at_r = if rest.starts_with("br") {
            start + 1
        } else if rest.starts_with('r') {
            start
        } else {
            return None;
        };
        self.raw_string(at_r).map(|(end, value)| (end, Cow::Borrowed(value)))
    }

    /// The end of a character literal whose quote is at `quote`; just the
    /// quote if it does not close (a lone `'`).
    fn char_end(&self, quote: usize) -> usize {
        let rest = &self.src[quote + 1..];
        let mut chars = rest.char_indices();
        let body_end = match chars.next() {
            Some((_, '\\')) => match chars.next() {
                // `\u{10FFFF}` at most: no search past it.
                Some((_, 'u')) => {
                    let window = &rest[..rest.char_indices().nth(12).map_or(rest.len(), |(i, _)| i)];
                    window.find('}').map_or(window.len(), |n| n + 1)
                }
                Some((i, c)) => i + c.len_utf8(),
                None => rest.len(),
            },
            Some((i, c)) => i + c.len_utf8(),
            None => return quote + 1,
        };
        if rest[body_end..].starts_with('\'') { quote + 1 + body_end + 1 } else { quote + 1 }
    }
}

/// A string's content with its escapes decoded (as far as needed to tell
/// two keys apart; an escape RON refuses is kept as written).
fn unescape(inner: &str) -> Cow<'_, str> {
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('\n') => {
                // A continuation: the line break and the next line's indent.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            Some('\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(c) => out.push(c),
                    None => out.push_str(&format!("\\x{hex}")),
                }
            }
            Some('u') if chars.peek() == Some(&'{') => {
                chars.next();
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                match u32::from_str_radix(&hex.replace('_', ""), 16).ok().and_then(char::from_u32) {
                    Some(c) => out.push(c),
                    None => out.push_str(&format!("\\u{{{hex}}}")),
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// How a value was reached from the value around it.
#[derive(Debug, Clone)]
enum Via {
    Top,
    Field(String),
    Key(String),
    Index(usize),
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum FrameKind {
    /// `{ key: value, ... }`
    Map,
    /// `( field: value, ... )` or `( value, ... )`
    Paren,
    /// `[ value, ... ]`
    List,
}

struct Frame {
    kind: FrameKind,
    via: Via,
    /// In a map or struct: whether the next item is a key (or field name).
    at_key: bool,
    /// The key (or field) whose value is being read.
    key: Option<String>,
    /// Position among the items (lists and tuples).
    index: usize,
    /// Keys seen, as compared (decoded), with the offset of their first use.
    keys: HashMap<String, usize>,
    /// Where a key that is itself a value (a tuple) starts.
    key_start: Option<usize>,
    /// The struct's `id`, which names it in a path (`delegations[USA]`).
    id: Option<String>,
}

impl Frame {
    fn new(kind: FrameKind, via: Via) -> Self {
        Frame {
            kind,
            via,
            at_key: kind != FrameKind::List,
            key: None,
            index: 0,
            keys: HashMap::new(),
            key_start: None,
            id: None,
        }
    }

    /// How a value starting now in this frame is reached.
    fn via_here(&self) -> Via {
        match (&self.key, self.kind) {
            (Some(key), FrameKind::Paren) if !self.at_key => Via::Field(key.clone()),
            (Some(key), FrameKind::Map) if !self.at_key => Via::Key(key.clone()),
            _ => Via::Index(self.index),
        }
    }
}

/// The field path of the value reached by `last` inside `frames`.
fn path(frames: &[Frame], last: Option<&Via>) -> Option<String> {
    let mut out = String::new();
    let vias = frames.iter().map(|f| (&f.via, f.id.as_deref())).chain(last.map(|v| (v, None)));
    for (via, id) in vias {
        match via {
            Via::Top => {}
            Via::Field(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Via::Key(key) => out.push_str(&format!("[{key}]")),
            Via::Index(i) => match id {
                Some(id) => out.push_str(&format!("[{id}]")),
                None => out.push_str(&format!("[{i}]")),
            },
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Whether a word is a number that is not finite: `inf`, `NaN` (signed,
/// with a type suffix or not), or a decimal too large for a float.
fn non_finite(word: &str) -> bool {
    let body = word.strip_prefix(['+', '-']).unwrap_or(word);
    let (body, is_f32) = match (body.strip_suffix("f32"), body.strip_suffix("f64")) {
        (Some(b), _) => (b, true),
        (_, Some(b)) => (b, false),
        _ => (body, false),
    };
    let body = body.strip_suffix('_').unwrap_or(body);
    if body == "inf" || body == "NaN" {
        return true;
    }
    let decimal = body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && !body.starts_with("0x")
        && !body.starts_with("0b")
        && !body.starts_with("0o")
        && body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'));
    if !decimal {
        return false;
    }
    let digits: String = body.chars().filter(|&c| c != '_').collect();
    if is_f32 {
        digits.parse::<f32>().is_ok_and(|v| !v.is_finite())
    } else {
        digits.parse::<f64>().is_ok_and(|v| !v.is_finite())
    }
}

fn non_finite_message(word: &str) -> String {
    let allowed = "numbers in a scenario are finite: write a number such as 0.5, 3 or 1e-3";
    let body = word.trim_start_matches(['+', '-']);
    if body.starts_with("inf") || body.starts_with("NaN") {
        format!("`{word}` is not a finite number; {allowed}")
    } else {
        format!("`{word}` is beyond the largest number (about 1.8e308) and reads as infinity; {allowed}")
    }
}

/// Walk the text's tokens with the stack of values around each. With `full`
/// false only the nesting is checked (and text that RON may refuse is
/// walked without complaint about anything else).
fn walk(text: &str, full: bool) -> Option<Finding> {
    let mut lexer = Lexer::new(text);
    let mut frames: Vec<Frame> = Vec::new();
    let mut next = lexer.next_token();
    while let Some(token) = next.take() {
        next = lexer.next_token();
        let followed_by = next.as_ref().map(|t| t.kind);
        let (in_map_key, at_key) =
            frames.last().map_or((false, false), |f| (f.at_key && f.kind == FrameKind::Map, f.at_key));
        match token.kind {
            Kind::Open(bracket) => {
                let via = frames.last().map_or(Via::Top, Frame::via_here);
                if frames.len() >= MAX_NESTING {
                    // Named down to the value that holds the nesting, not
                    // through every bracket of it.
                    let named =
                        frames.iter().rposition(|f| !matches!(f.via, Via::Index(_))).map_or(0, |i| i + 1);
                    return Some(Finding {
                        offset: token.start,
                        field: path(&frames[..named], None),
                        message: format!(
                            "values nested more than {MAX_NESTING} deep (brackets within brackets); \
                             a scenario needs a few levels"
                        ),
                    });
                }
                if in_map_key && let Some(f) = frames.last_mut() {
                    f.key_start.get_or_insert(token.start);
                }
                let kind = match bracket {
                    b'{' => FrameKind::Map,
                    b'(' => FrameKind::Paren,
                    _ => FrameKind::List,
                };
                frames.push(Frame::new(kind, via));
            }
            Kind::Close(_) => {
                frames.pop();
            }
            Kind::Comma => {
                if let Some(f) = frames.last_mut() {
                    f.index += 1;
                    f.at_key = f.kind != FrameKind::List;
                    f.key = None;
                    f.key_start = None;
                }
            }
            Kind::Colon => {
                let Some(f) = frames.last_mut() else { continue };
                if let Some(start) = f.key_start.take() {
                    // A key that is a value of its own (a tuple): compared as written.
                    let key = text[start..token.start].trim().to_string();
                    if let Some(first) = note_key(&mut frames, key.clone(), start)
                        && full
                    {
                        return Some(repeated(&frames, &key, start, first, text));
                    }
                }
                if let Some(f) = frames.last_mut() {
                    f.at_key = false;
                }
            }
            Kind::Str | Kind::Word | Kind::Char
                if in_map_key || (token.kind == Kind::Word && at_key && followed_by == Some(Kind::Colon)) =>
            {
                let key = match &token.value {
                    Some(value) => value.to_string(),
                    None => token.text.to_string(),
                };
                if let Some(first) = note_key(&mut frames, key.clone(), token.start)
                    && full
                {
                    return Some(repeated(&frames, &key, token.start, first, text));
                }
            }
            // A struct's or an enum variant's name.
            Kind::Word if followed_by == Some(Kind::Open(b'(')) => {}
            Kind::Word if full && non_finite(token.text) => {
                let via = frames.last().map(Frame::via_here);
                return Some(Finding {
                    offset: token.start,
                    field: path(&frames, via.as_ref()),
                    message: non_finite_message(token.text),
                });
            }
            Kind::Str => {
                if let Some(f) = frames.last_mut()
                    && f.kind == FrameKind::Paren
                    && !f.at_key
                    && f.key.as_deref() == Some("id")
                {
                    f.id = token.value.as_ref().map(|v| v.to_string());
                }
            }
            _ => {}
        }
    }
    None
}

/// Note a key (or field name) of the innermost frame: where it was first
/// given, if the frame has it already.
fn note_key(frames: &mut [Frame], key: String, offset: usize) -> Option<usize> {
    let f = frames.last_mut()?;
    let first = f.keys.get(&key).copied();
    if first.is_none() {
        f.keys.insert(key.clone(), offset);
    }
    f.key = Some(key);
    first
}

/// The finding for a key given twice in the innermost frame.
fn repeated(frames: &[Frame], key: &str, offset: usize, first: usize, text: &str) -> Finding {
    let (line, column) = line_column(text, first);
    let what = if frames.last().is_some_and(|f| f.kind == FrameKind::Map) { "key" } else { "field" };
    Finding {
        offset,
        field: path(frames, None),
        message: format!(
            "the {what} {} is given twice (first at line {line}, column {column}); give each {what} once",
            shown_key(key)
        ),
    }
}

fn shown_key(key: &str) -> String {
    format!("`{key}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<(usize, usize, String, String)> {
        check(text).map(|f| {
            let (line, column) = line_column(text, f.offset);
            (line, column, f.field.unwrap_or_default(), f.message)
        })
    }

    #[test]
    fn the_first_item_is_found_as_ron_reads_comments() {
        assert_eq!(first_name("/* a /* b */ c */ Variant(x: 1)"), "Variant");
        assert_eq!(first_name("// Variant(\n/* Variant( /* */ */\n(name: \"x\")"), "");
        assert_eq!(first_name("\n  #![enable(implicit_some)] // c\nScenario(x)"), "Scenario");
        assert_eq!(first_name("# ! [ type = \"a]\" ]\nVariant()"), "Variant");
        assert_eq!(first_item("/* never closed /* */"), "");
        assert_eq!(first_item("   // only a comment"), "");
    }

    #[test]
    fn strings_chars_and_comments_hide_what_looks_like_code() {
        // Nothing here is a repeated key or a number that is not finite.
        for text in [
            r##"(a: "inf", b: "{\"k\": 1, \"k\": 2}", c: r"NaN", d: r#"a " inf"#, e: 'i', f: '\'')"##,
            "(a: 1, // b: inf\n b: 2 /* c: NaN /* nested */ still: inf */)",
            r#"{"k": 1, "k2": 2, "K": 3}"#,
            r#"(x: Some(1.0), y: AtMost(issue: "a", level: 1e308), z: [1, 2], w: b"inf", v: 0x1F)"#,
            "(a: 1e-400, b: 3.5e10, c: -0.0, d: 1_000.5)",
        ] {
            assert_eq!(found(text), None, "{text}");
            assert_eq!(too_deep(text), None, "{text}");
        }
    }

    #[test]
    fn repeated_keys_are_found_at_the_second() {
        let (line, column, field, message) = found("(levels: {\"a\": 1, \"b\": 2,\n  \"a\": 3})").unwrap();
        assert_eq!((line, column, field.as_str()), (2, 3, "levels"));
        assert!(message.contains("the key `a` is given twice (first at line 1, column 11)"), "{message}");
        // Keys compare as RON reads them: escapes decoded, raw strings too.
        assert!(found(r#"{"a\u{62}": 1, r"ab": 2}"#).is_some());
        assert!(found(r#"{"a\"": 1, "a\"": 2}"#).is_some());
        // In a struct that serde does not check (a value of a variant's `set`).
        let (.., field, message) = found("(set: {\"x\": (a: 1, a: 2)})").unwrap();
        assert_eq!(field, "set[x]");
        assert!(message.contains("the field `a` is given twice"), "{message}");
        // Keys of different maps, and of nested maps, are apart.
        assert_eq!(found("[{\"a\": 1}, {\"a\": {\"a\": 2}}]"), None);
        // A tuple as a key is compared as written.
        assert!(found("{(1, 2): 3, (1, 2): 4}").is_some());
    }

    #[test]
    fn numbers_that_are_not_finite_are_found_with_their_field() {
        let text = "Scenario(delegations: [(id: \"USA\", behaviour: (tolerance: 0.1)), (id: \"FRA\", \
                    behaviour: (tolerance: -inf))], x: [1, NaN])";
        let (_, column, field, message) = found(text).unwrap();
        assert_eq!(
            (column, field.as_str()),
            (text.find("-inf").unwrap() + 1, "delegations[FRA].behaviour.tolerance")
        );
        assert!(message.contains("`-inf` is not a finite number"), "{message}");
        let (.., field, _) = found("(refs: [(a: 1), (levels: {\"k\": NaNf64})])").unwrap();
        assert_eq!(field, "refs[1].levels[k]");
        let (.., field, message) = found("(x: [0.5, 1e999])").unwrap();
        assert_eq!(field, "x[1]");
        assert!(message.contains("reads as infinity"), "{message}");
        assert!(found("(x: 1e39f32)").is_some(), "too large for an f32");
        for word in ["inf", "+inf", "-NaN", "inff32", "NaN_f64", "1e309", "-2E400"] {
            assert!(non_finite(word), "{word}");
        }
        for word in ["info", "NaNa", "1e308", "0x1e999", "Inf", "nan", "true", "1.0e-999"] {
            assert!(!non_finite(word), "{word}");
        }
    }

    #[test]
    fn a_field_path_is_located_at_its_value_or_the_struct_that_would_hold_it() {
        let text = "Scenario(\n  delegations: [\n    (id: \"USA\", behaviour: (tolerance: 0.1)),\n    \
                    (id: \"FRA\", amendments: [Delete(paragraph: 9)], stances: {\"x\": (ideal: 2.0)}),\n  ],\n)";
        let at = |field: &str| locate(text, field).map(|o| line_column(text, o));
        assert_eq!(at("delegations[USA].behaviour.tolerance"), Some((3, 40)));
        assert_eq!(at("delegations[FRA].amendments[0].paragraph"), Some((4, 48)));
        assert_eq!(at("delegations[FRA].stances[x].ideal"), Some((4, 76)));
        // Not written: the struct that would hold it.
        assert_eq!(at("delegations[USA].behaviour.amend"), Some((3, 28)));
        assert_eq!(at("delegations[FRA].behaviour.no_action"), Some((4, 5)));
        assert_eq!(at("mediator.skill"), None);
    }

    #[test]
    fn nesting_is_bounded_and_named_where_it_starts() {
        let ok = format!("(a: {}1{})", "[".repeat(MAX_NESTING - 1), "]".repeat(MAX_NESTING - 1));
        assert_eq!(too_deep(&ok), None);
        let deep = format!("(a: {{\"k\": {}1{}}})", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
        let f = too_deep(&deep).unwrap();
        assert_eq!(f.field.as_deref(), Some("a[k]"));
        assert_eq!(f.offset, deep.find('[').unwrap() + MAX_NESTING - 2);
        assert!(f.message.contains(&format!("nested more than {MAX_NESTING} deep")));
        // Brackets in strings and comments do not nest.
        let quoted = format!("(a: \"{}\" /* {} */)", "[".repeat(100), "(".repeat(100));
        assert_eq!(too_deep(&quoted), None);
    }
}
