//! The catalogue syntax: a subset of Project Fluent's, so translators can use Fluent's
//! documentation and tools.
//!
//! ```text
//! # A comment.
//! workouts-count = { $count ->
//!     [one] One workout
//!    *[other] { $count } workouts
//! }
//! greeting = Hello, { $name }!
//! braces = Literal braces: { "{" } and { "}" }.
//! ```
//!
//! A message is `id = pattern`; a pattern continues on the lines below that start with white
//! space (or with the `}` closing a selection). Placeables are variables (`{ $name }`), string
//! literals (`{ "{" }`), and selections on a variable whose variants are a number (`[0]`), a
//! plural category (`[one]`, `[other]`) or a word; one variant is the default (`*`). Multi-line
//! text keeps its line breaks, without the indentation.

use std::collections::BTreeSet;

/// A parsed message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern(pub(crate) Vec<Element>);

/// A piece of a message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Element {
    /// Text as written.
    Text(String),
    /// `{ $name }`.
    Variable(String),
    /// `{ $name -> [key] … *[other] … }`.
    Select {
        /// The variable selected on.
        variable: String,
        /// The variants, in order: key and pattern.
        variants: Vec<(String, Pattern)>,
        /// Index of the default variant.
        default: usize,
    },
}

impl Pattern {
    /// The variables the message reads, in any variant.
    pub(crate) fn variables(&self, into: &mut BTreeSet<String>) {
        for element in &self.0 {
            match element {
                Element::Text(_) => {}
                Element::Variable(name) => {
                    into.insert(name.clone());
                }
                Element::Select {
                    variable, variants, ..
                } => {
                    into.insert(variable.clone());
                    for (_, pattern) in variants {
                        pattern.variables(into);
                    }
                }
            }
        }
    }
}

/// A catalogue entry that could not be read: which line, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The line (1-based) the message starts on.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The messages of one file, in order, with any entry that could not be read.
pub(crate) fn parse_file(text: &str) -> (Vec<(String, Pattern)>, Vec<SyntaxError>) {
    let mut messages = Vec::new();
    let mut errors = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let start = i;
        i += 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((id, first)) = line.split_once('=') else {
            errors.push(SyntaxError {
                line: start + 1,
                message: "expected `id = text`".into(),
            });
            continue;
        };
        let id = id.trim();
        if id.is_empty()
            || !id.starts_with(|c: char| c.is_ascii_alphabetic())
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            errors.push(SyntaxError {
                line: start + 1,
                message: format!("`{id}` is not a message id (letters, digits, `-`, `_`)"),
            });
        }
        let mut raw = first.trim_start().to_owned();
        while i < lines.len() {
            // Blank lines inside a message belong to it when an indented line follows.
            let after_blanks = (i..lines.len())
                .find(|&j| !lines[j].trim().is_empty())
                .unwrap_or(lines.len());
            let Some(next) = lines.get(after_blanks) else {
                break;
            };
            if !(next.starts_with([' ', '\t']) || next.starts_with('}')) {
                break;
            }
            for _ in i..=after_blanks {
                raw.push('\n');
            }
            raw.push_str(next.trim_start());
            i = after_blanks + 1;
        }
        match Parser::new(raw.trim()).pattern(false) {
            Ok(pattern) if pattern.0.is_empty() => errors.push(SyntaxError {
                line: start + 1,
                message: format!("`{id}` has no text"),
            }),
            Ok(pattern) => messages.push((id.to_owned(), pattern)),
            Err(message) => errors.push(SyntaxError {
                line: start + 1,
                message: format!("`{id}`: {message}"),
            }),
        }
    }
    (messages, errors)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_blank(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    /// Text and placeables up to the end, or (in a variant) up to the end of the line or the
    /// `}` closing the selection.
    fn pattern(&mut self, variant: bool) -> Result<Pattern, String> {
        let mut elements = Vec::new();
        let mut text = String::new();
        // How much of `text` came from string literals: a variant's own trailing white space is
        // layout and goes, a literal's (`{ " " }`) stays.
        let mut literal_end = 0;
        while let Some(c) = self.rest().chars().next() {
            if variant && (c == '\n' || c == '}') {
                break;
            }
            match c {
                '{' => {
                    self.at += 1;
                    let element = self.placeable()?;
                    match element {
                        Element::Text(literal) => {
                            text.push_str(&literal);
                            literal_end = text.len();
                        }
                        other => {
                            if !text.is_empty() {
                                elements.push(Element::Text(std::mem::take(&mut text)));
                            }
                            literal_end = 0;
                            elements.push(other);
                        }
                    }
                }
                '}' => return Err("a `}` without its `{` (write `{ \"}\" }`)".into()),
                c => {
                    text.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
        if variant {
            let layout = text[literal_end..].trim_end().len();
            text.truncate(literal_end + layout);
        }
        if !text.is_empty() {
            elements.push(Element::Text(text));
        }
        Ok(Pattern(elements))
    }

    /// After a `{`: a string literal, a variable or a selection, through its `}`.
    fn placeable(&mut self) -> Result<Element, String> {
        self.skip_blank();
        if self.eat("\"") {
            let literal = self.string_literal()?;
            self.close()?;
            return Ok(Element::Text(literal));
        }
        if !self.eat("$") {
            return Err("a placeable must be `{ $name }` or `{ \"text\" }`".into());
        }
        let name_len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(self.rest().len());
        if name_len == 0 {
            return Err("a `$` without a variable name".into());
        }
        let variable = self.rest()[..name_len].to_owned();
        self.at += name_len;
        self.skip_blank();
        if !self.eat("->") {
            self.close()?;
            return Ok(Element::Variable(variable));
        }
        let mut variants = Vec::new();
        let mut default = None;
        loop {
            self.skip_blank();
            if self.eat("}") {
                break;
            }
            if self.eat("*") {
                if default.is_some() {
                    return Err(format!("`${variable}`'s selection has two defaults"));
                }
                default = Some(variants.len());
            }
            if !self.eat("[") {
                return Err(format!("`${variable}`'s selection expects `[key]`"));
            }
            let Some(end) = self.rest().find(']') else {
                return Err("a variant key without its `]`".into());
            };
            let key = self.rest()[..end].trim().to_owned();
            self.at += end + 1;
            self.skip_inline_blank();
            variants.push((key, self.pattern(true)?));
        }
        let Some(default) = default else {
            return Err(format!(
                "`${variable}`'s selection needs a default variant (`*[other]`)"
            ));
        };
        Ok(Element::Select {
            variable,
            variants,
            default,
        })
    }

    /// After a `"`: the literal through its closing `"`, with Fluent's escapes (`\\`, `\"`,
    /// `\u00A0`, `\U01F600`): how a translator writes a no-break space or a quote.
    fn string_literal(&mut self) -> Result<String, String> {
        let mut literal = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += i + 1;
                    return Ok(literal);
                }
                '\n' => break,
                '\\' => match chars.next() {
                    Some((_, e @ ('\\' | '"'))) => literal.push(e),
                    Some((_, u @ ('u' | 'U'))) => {
                        let digits = if u == 'u' { 4 } else { 6 };
                        let hex: String = chars.by_ref().take(digits).map(|(_, h)| h).collect();
                        let code = (hex.len() == digits)
                            .then(|| u32::from_str_radix(&hex, 16).ok())
                            .flatten()
                            .and_then(char::from_u32)
                            .ok_or_else(|| format!("`\\{u}{hex}` is not a character"))?;
                        literal.push(code);
                    }
                    _ => {
                        return Err(
                            "a string literal's `\\` must escape `\\`, `\"`, `u` or `U`".into()
                        );
                    }
                },
                c => literal.push(c),
            }
        }
        Err("a string literal without its closing `\"`".into())
    }

    fn skip_inline_blank(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }

    fn close(&mut self) -> Result<(), String> {
        self.skip_blank();
        if self.eat("}") {
            Ok(())
        } else {
            Err("a placeable without its `}`".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Pattern {
        let (messages, errors) = parse_file(text);
        assert_eq!(errors, vec![]);
        assert_eq!(messages.len(), 1);
        messages.into_iter().next().unwrap().1
    }

    #[test]
    fn text_variables_and_literals() {
        assert_eq!(
            one("hello = Hello, { $name }! { \"{\" }x{ \"}\" }"),
            Pattern(vec![
                Element::Text("Hello, ".into()),
                Element::Variable("name".into()),
                Element::Text("! {x}".into()),
            ])
        );
    }

    #[test]
    fn selections_over_several_lines() {
        let pattern = one(
            "# comment\n\ncount = { $n ->\n    [0] None\n    [one] One workout\n   *[other] { $n } workouts\n}\n",
        );
        let Element::Select {
            variable,
            variants,
            default,
        } = &pattern.0[0]
        else {
            panic!("a selection: {pattern:?}");
        };
        assert_eq!(variable, "n");
        assert_eq!(*default, 2);
        assert_eq!(
            variants[0],
            ("0".into(), Pattern(vec![Element::Text("None".into())]))
        );
        assert_eq!(
            variants[2].1,
            Pattern(vec![
                Element::Variable("n".into()),
                Element::Text(" workouts".into())
            ])
        );
    }

    #[test]
    fn multi_line_text_keeps_its_breaks_without_indentation() {
        let (messages, errors) = parse_file("long =\n    First line\n    second line\nnext = x");
        assert_eq!(errors, vec![]);
        assert_eq!(
            messages[0].1,
            Pattern(vec![Element::Text("First line\nsecond line".into())])
        );
        assert_eq!(messages[1].0, "next");
    }

    #[test]
    fn literals_take_fluents_escapes_and_keep_their_spaces_in_variants() {
        let pattern =
            one("x = { $n ->\n    [one] a{ \" \" }\n   *[other] b { \"\\u202F\\\"\\\\\" }\n}");
        let Element::Select { variants, .. } = &pattern.0[0] else {
            panic!("{pattern:?}");
        };
        assert_eq!(variants[0].1, Pattern(vec![Element::Text("a ".into())]));
        assert_eq!(
            variants[1].1,
            Pattern(vec![Element::Text("b \u{202f}\"\\".into())])
        );
        let (_, errors) = parse_file("bad = { \"\\q\" }\nshort = { \"\\u12\" }");
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn blank_lines_inside_a_message_belong_to_it() {
        let (messages, errors) = parse_file("a =\n    one\n\n    two\n\nb = x");
        assert_eq!(errors, vec![]);
        assert_eq!(
            messages[0].1,
            Pattern(vec![Element::Text("one\n\ntwo".into())])
        );
        assert_eq!(messages[1].0, "b");
    }

    #[test]
    fn mistakes_are_named_with_their_line() {
        let (messages, errors) = parse_file(
            "ok = fine\nbroken = { $n ->\n    [one] x\n}\nstray = a } b\nno equals\n9lives = x\n",
        );
        assert_eq!(messages.len(), 2, "ok and 9lives still read: {messages:?}");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 5, 6, 7], "{errors:?}");
        assert!(errors[0].message.contains("default"), "{errors:?}");
    }
}
