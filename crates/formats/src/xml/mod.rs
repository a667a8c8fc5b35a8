//! A guarded walk over XML: the shared front of the TCX and GPX readers.
//!
//! Zero-copy over the input. It refuses what a workout file never needs and an attacker might
//! use: document type declarations (so no entity expansion and no external references), nesting
//! beyond a limit, anything before the XML declaration, and namespace prefixes that were never
//! declared. Element names are compared by local name, since writers choose their own prefixes.

mod lexer;

use std::borrow::Cow;
use std::collections::HashMap;

pub(crate) use lexer::Element;
use lexer::{Lexer, Token};

use crate::{Error, ErrorKind, Options, Result};

/// One step of the walk.
pub(crate) enum Event<'a> {
    /// An element opens (an empty element gives `Open` then `Close`).
    Open(Element<'a>),
    /// The element opened last closes.
    Close,
    /// Character data or a CDATA section (references come apart, as [`Event::Ref`]).
    Text(&'a [u8]),
    /// A character or predefined entity reference, already checked: its character.
    Ref(char),
    /// The end of the document.
    Eof,
}

pub(crate) struct Walker<'a> {
    lexer: Lexer<'a>,
    input: &'a [u8],
    depth: usize,
    max_depth: usize,
    /// Declared namespace prefixes with the depth that declared them.
    prefixes: Vec<(usize, &'a [u8])>,
    /// How many of `prefixes` declare each prefix: a lookup that does not grow with the number
    /// of declarations in scope.
    declared: HashMap<&'a [u8], usize>,
    /// An empty element whose `Close` is still to be given.
    pending_close: bool,
}

/// The part of a qualified name after its prefix.
pub(crate) fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn prefix(name: &[u8]) -> Option<&[u8]> {
    name.iter().position(|&b| b == b':').map(|i| &name[..i])
}

impl<'a> Walker<'a> {
    pub(crate) fn new(input: &'a [u8], options: &Options) -> Result<Self> {
        let lexer = Lexer::new(input, options.max_xml_attributes)
            .map_err(|e| Error::at_text(e.kind, input, e.offset))?;
        Ok(Self {
            lexer,
            input,
            depth: 0,
            max_depth: options.max_xml_depth,
            prefixes: Vec::new(),
            declared: HashMap::new(),
            pending_close: false,
        })
    }

    fn error(&self, kind: ErrorKind) -> Error {
        Error::at_text(kind, self.input, self.lexer.position())
    }

    /// An error about a value, positioned where the walk is.
    pub(crate) fn bad_value(&self, field: &'static str, value: &[u8]) -> Error {
        self.error(Error::bad_value(field, value))
    }

    pub(crate) fn next(&mut self) -> Result<Event<'a>> {
        if std::mem::take(&mut self.pending_close) {
            self.close();
            return Ok(Event::Close);
        }
        let token = self
            .lexer
            .next()
            .map_err(|e| Error::at_text(e.kind, self.input, e.offset))?;
        Ok(match token {
            Token::Start(element, empty) => {
                self.open(&element)?;
                self.pending_close = empty;
                Event::Open(element)
            }
            Token::End => {
                self.close();
                Event::Close
            }
            Token::Text(text) => Event::Text(text),
            Token::Ref(c) => Event::Ref(c),
            Token::Doctype => return Err(self.error(ErrorKind::XmlDoctype)),
            Token::Eof => Event::Eof,
        })
    }

    fn open(&mut self, element: &Element<'a>) -> Result<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(self.error(ErrorKind::XmlTooDeep {
                limit: self.max_depth,
            }));
        }
        let mut prefixed_attribute = false;
        for &(name, _) in self.lexer.attributes() {
            if let Some(declared) = name.strip_prefix(b"xmlns:") {
                self.prefixes.push((self.depth, declared));
                *self.declared.entry(declared).or_insert(0) += 1;
            } else if !name.starts_with(b"xmlns") && name.contains(&b':') {
                prefixed_attribute = true;
            }
        }
        self.check_prefix(element.name)?;
        if prefixed_attribute {
            for &(name, _) in self.lexer.attributes() {
                if !name.starts_with(b"xmlns") {
                    self.check_prefix(name)?;
                }
            }
        }
        Ok(())
    }

    fn check_prefix(&self, name: &[u8]) -> Result<()> {
        match prefix(name) {
            None | Some(b"xml") => Ok(()),
            Some(p) if self.declared.contains_key(p) => Ok(()),
            Some(p) => Err(self.error(ErrorKind::Xml(format!(
                "the namespace prefix \"{}\" is used but never declared",
                String::from_utf8_lossy(p)
            )))),
        }
    }

    fn close(&mut self) {
        while let Some(&(depth, prefix)) = self.prefixes.last() {
            if depth < self.depth {
                break;
            }
            self.prefixes.pop();
            if let Some(n) = self.declared.get_mut(prefix) {
                *n -= 1;
                if *n == 0 {
                    self.declared.remove(prefix);
                }
            }
        }
        self.depth = self.depth.saturating_sub(1);
    }

    /// The value of an attribute of the element just opened (by local name), references
    /// resolved.
    pub(crate) fn attribute(&self, name: &[u8]) -> Option<Cow<'a, [u8]>> {
        self.attributes()
            .iter()
            .find(|(n, _)| local(n) == name)
            .map(|&(_, value)| lexer::unescape(value))
    }

    /// The attributes of the element just opened: (qualified name, raw value) pairs.
    pub(crate) fn attributes(&self) -> &[(&'a [u8], &'a [u8])] {
        self.lexer.attributes()
    }
}

/// How many elements the document holds that `counted(parent, name)` accepts (local names):
/// for saying how many of something a refused file holds. The count so far if the document
/// turns out malformed.
pub(crate) fn count_elements(
    input: &[u8],
    options: &Options,
    counted: impl Fn(&[u8], &[u8]) -> bool,
) -> usize {
    let Ok(mut walker) = Walker::new(input, options) else {
        return 0;
    };
    let mut stack: Vec<&[u8]> = Vec::new();
    let mut n = 0;
    loop {
        match walker.next() {
            Ok(Event::Open(element)) => {
                let name = local(element.name);
                n += usize::from(counted(stack.last().copied().unwrap_or_default(), name));
                stack.push(name);
            }
            Ok(Event::Close) => {
                stack.pop();
            }
            Ok(Event::Eof) | Err(_) => return n,
            Ok(Event::Text(_) | Event::Ref(_)) => {}
        }
    }
}

/// Collects the text of an element whose content is a string (a name, notes).
#[derive(Debug, Default)]
pub(crate) struct TextBuffer {
    text: String,
}

impl TextBuffer {
    pub(crate) fn push(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(text) => self.text.push_str(&String::from_utf8_lossy(text)),
            Event::Ref(c) => self.text.push(*c),
            _ => {}
        }
    }

    /// The trimmed text, or `None` if empty; the buffer is emptied.
    pub(crate) fn take(&mut self) -> Option<String> {
        let text = self.text.trim().to_owned();
        self.text.clear();
        (!text.is_empty()).then_some(text)
    }
}

/// Parses a number from XML text (surrounding white space allowed).
pub(crate) fn number(text: &[u8]) -> Option<f64> {
    let text = text.trim_ascii();
    if text.is_empty() {
        return None;
    }
    fast_decimal(text)
        .or_else(|| std::str::from_utf8(text).ok()?.parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

/// Powers of ten exactly representable as f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `[-+]digits[.digits]` with at most 15 significant digits: the mantissa and the power of ten
/// are both exact in f64, so one division gives the correctly rounded value (Clinger's fast
/// path). Anything else (exponents, long mantissas) is left to the standard parser.
fn fast_decimal(text: &[u8]) -> Option<f64> {
    let (negative, digits) = match text.first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let mut mantissa: u64 = 0;
    let mut significant = 0;
    let mut fraction_digits = 0usize;
    let mut seen_point = false;
    let mut seen_digit = false;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                seen_digit = true;
                if mantissa != 0 || b != b'0' {
                    significant += 1;
                    if significant > 15 {
                        return None;
                    }
                }
                mantissa = mantissa * 10 + u64::from(b - b'0');
                if seen_point {
                    fraction_digits += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if !seen_digit || fraction_digits >= POW10.len() {
        return None;
    }
    let value = mantissa as f64 / POW10[fraction_digits];
    Some(if negative { -value } else { value })
}

/// Escapes text for XML content or attribute values.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and line breaks are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

/// Appends a float in plain decimal notation (never an exponent: XML Schema decimals allow
/// none) with at most `decimals` decimals and no trailing zeros.
pub(crate) fn push_float(out: &mut String, value: f64, decimals: u32) {
    let scale = 10i64.pow(decimals);
    let scaled = (value * scale as f64).round();
    if !scaled.is_finite() || scaled.abs() >= 9.0e18 {
        // Out of the fixed-point range: cannot occur for workout values; write zero.
        out.push('0');
        return;
    }
    let scaled = scaled as i64;
    if scaled < 0 {
        out.push('-');
    }
    let magnitude = scaled.unsigned_abs();
    let (whole, mut fraction) = (magnitude / scale as u64, magnitude % scale as u64);
    out.push_str(itoa::Buffer::new().format(whole));
    if fraction == 0 {
        return;
    }
    let mut width = decimals as usize;
    while fraction % 10 == 0 {
        fraction /= 10;
        width -= 1;
    }
    out.push('.');
    let digits = itoa::Buffer::new().format(fraction).to_owned();
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

/// Appends an integer.
pub(crate) fn push_int(out: &mut String, value: i64) {
    out.push_str(itoa::Buffer::new().format(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(xml: &str) -> Result<usize> {
        let mut walker = Walker::new(xml.as_bytes(), &Options::default())?;
        let mut opened = 0;
        loop {
            match walker.next()? {
                Event::Open(_) => opened += 1,
                Event::Eof => return Ok(opened),
                _ => {}
            }
        }
    }

    #[test]
    fn doctypes_are_refused_so_entities_never_expand() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><gpx>&lol2;</gpx>"#;
        assert_eq!(walk(bomb).unwrap_err().kind, ErrorKind::XmlDoctype);
        let external = r#"<?xml version="1.0"?><!DOCTYPE gpx SYSTEM "file:///etc/passwd"><gpx/>"#;
        assert_eq!(walk(external).unwrap_err().kind, ErrorKind::XmlDoctype);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
        assert_eq!(
            walk(&deep).unwrap_err().kind,
            ErrorKind::XmlTooDeep { limit: 64 }
        );
        assert_eq!(
            walk(&format!("{}{}", "<a>".repeat(10), "</a>".repeat(10))).unwrap(),
            10
        );
    }

    #[test]
    fn the_declaration_must_come_first() {
        let err = walk("\n\n<?xml version=\"1.0\"?><gpx/>").unwrap_err();
        assert_eq!(err.kind, ErrorKind::XmlDeclarationNotAtStart);
        assert!(
            walk("\u{feff}<?xml version=\"1.0\"?><gpx/>").is_ok(),
            "a byte order mark is fine"
        );
    }

    #[test]
    fn undeclared_prefixes_are_refused_with_their_line() {
        let err = walk("<gpx>\n<trk>\n<gpxtpx:hr>1</gpxtpx:hr></trk></gpx>").unwrap_err();
        assert!(
            matches!(err.kind, ErrorKind::Xml(ref m) if m.contains("\"gpxtpx\"")),
            "{err}"
        );
        assert_eq!(err.line, Some(3));
        assert!(walk(r#"<gpx xmlns:g="x"><g:hr/></gpx>"#).is_ok());
        assert!(
            walk(r#"<gpx><a xmlns:g="x"/><g:hr/></gpx>"#).is_err(),
            "a prefix is scoped to its element"
        );
    }

    #[test]
    fn mismatched_and_unclosed_elements_are_refused() {
        assert!(walk("<gpx><trk></gpx>").is_err());
        assert!(walk("<gpx><trk>").is_err());
    }

    #[test]
    fn numbers_parse_exactly_like_the_standard_library() {
        for text in [
            "0",
            "-0.5",
            "+12.25",
            "51.50729700",
            "-0.000123",
            "1234567.891",
            "7",
            ".5",
            "5.",
            "1e3",
            "12345678901234567890.5",
            " 42 ",
        ] {
            let standard = text.trim().parse::<f64>().ok();
            assert_eq!(number(text.as_bytes()), standard, "{text:?}");
        }
        for text in ["", "-", ".", "1.2.3", "12a", "NaN", "inf"] {
            assert_eq!(number(text.as_bytes()), None, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_path_agrees_with_the_standard_parser(whole in 0u64..10_000_000, fraction in 0u64..100_000_000, width in 0usize..9, negative: bool) {
            let text = format!("{}{whole}.{fraction:0width$}", if negative { "-" } else { "" });
            proptest::prop_assert_eq!(number(text.as_bytes()), text.parse::<f64>().ok());
        }
    }

    #[test]
    fn floats_print_short_and_never_with_an_exponent() {
        let cases = [
            (12.0, 3, "12"),
            (0.123_456_7, 3, "0.123"),
            (-7.25, 1, "-7.3"),
            (8.97e-6, 8, "0.00000897"),
            (-0.000_000_01, 8, "-0.00000001"),
            (-0.4, 0, "0"),
            (1e-9, 8, "0"),
            (100.05, 3, "100.05"),
        ];
        for (value, decimals, expected) in cases {
            let mut out = String::new();
            push_float(&mut out, value, decimals);
            assert_eq!(out, expected, "{value} to {decimals} decimals");
        }
    }
}
