//! A strict, zero-copy XML 1.0 tokenizer for workout files.
//!
//! Why not a general XML library: TCX and GPX files are large, simple documents, and reading
//! them is the hot path of every import. This lexer does only what they need, over `&[u8]`
//! with `memchr`, and refuses everything a well-formedness checker refuses that could matter:
//! invalid UTF-8, mismatched or unclosed elements, malformed or duplicate attributes, unknown
//! entities, text outside the root, `--` in comments, and it hands document type declarations
//! to the caller to refuse. Its verdicts are checked against quick-xml's in the tests.

use memchr::{memchr, memchr2, memmem};

use crate::ErrorKind;

/// A start tag's qualified name (`prefix:local` or `local`); its attributes are the lexer's
/// until the next token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Element<'a> {
    /// The qualified name.
    pub name: &'a [u8],
}

/// One token of the document.
#[derive(Debug)]
pub(crate) enum Token<'a> {
    /// A start tag (`empty`: it closes itself, `<a/>`).
    Start(Element<'a>, bool),
    /// An end tag.
    End,
    /// Character data, or the content of a CDATA section.
    Text(&'a [u8]),
    /// A character or predefined entity reference, resolved.
    Ref(char),
    /// A document type declaration (the caller refuses it).
    Doctype,
    /// The end of the document.
    Eof,
}

/// What is wrong, and the byte offset where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    pub offset: usize,
    pub kind: ErrorKind,
}

/// A well-formedness error.
fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, LexError> {
    Err(LexError {
        offset,
        kind: ErrorKind::Xml(message.into()),
    })
}

/// Attributes of one element up to which repeats are found by comparing each with those
/// before it; past it, by sorting (comparing each with each grows with the square).
const FEW_ATTRIBUTES: usize = 8;

pub(crate) struct Lexer<'a> {
    input: &'a [u8],
    pos: usize,
    /// The names of the open elements.
    open: Vec<&'a [u8]>,
    root_closed: bool,
    root_seen: bool,
    /// The attributes of the last start tag, as (name, raw value); reused between tags.
    attributes: Vec<(&'a [u8], &'a [u8])>,
    /// The most attributes one element may have.
    max_attributes: usize,
    /// Attribute names, sorted to find repeats; reused between tags.
    sorted_names: Vec<&'a [u8]>,
}

/// The first `needle` in `haystack`. Values and text between tags are usually a few bytes
/// long: a plain loop over the first bytes beats setting up a vectorised search for them.
#[inline]
fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    let head = haystack.len().min(32);
    match haystack[..head].iter().position(|&b| b == needle) {
        Some(i) => Some(i),
        None => memchr(needle, &haystack[head..]).map(|i| i + head),
    }
}

/// The first of two bytes in `haystack` (see [`find`]).
#[inline]
fn find2(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
    let head = haystack.len().min(32);
    match haystack[..head].iter().position(|&x| x == a || x == b) {
        Some(i) => Some(i),
        None => memchr2(a, b, &haystack[head..]).map(|i| i + head),
    }
}

/// Byte classes for names: bit 0 may start a name, bit 1 may continue one.
const NAME: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let start = c.is_ascii_alphabetic() || c == b'_' || c == b':' || c >= 0x80;
        let more = start || c.is_ascii_digit() || c == b'-' || c == b'.';
        table[b] = (start as u8) | ((more as u8) << 1);
        b += 1;
    }
    table
};

fn is_name_start(b: u8) -> bool {
    NAME[usize::from(b)] & 1 != 0
}

fn is_name_char(b: u8) -> bool {
    NAME[usize::from(b)] & 2 != 0
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The character of a reference's name (`amp`, `#233`, `#xE9`).
pub(crate) fn resolve_reference(name: &[u8]) -> Option<char> {
    let c = match name {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        [b'#', b'x', hex @ ..] if !hex.is_empty() && hex.len() <= 6 => {
            char::from_u32(u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?)?
        }
        [b'#', dec @ ..]
            if !dec.is_empty() && dec.len() <= 7 && dec.iter().all(u8::is_ascii_digit) =>
        {
            char::from_u32(std::str::from_utf8(dec).ok()?.parse().ok()?)?
        }
        _ => return None,
    };
    // XML 1.0 forbids most control characters even as references.
    (c >= ' ' || matches!(c, '\t' | '\n' | '\r')).then_some(c)
}

impl<'a> Lexer<'a> {
    /// A lexer over a whole document, which must be UTF-8 (a byte order mark is skipped), that
    /// refuses elements with more than `max_attributes` attributes.
    pub(crate) fn new(input: &'a [u8], max_attributes: usize) -> Result<Self, LexError> {
        if let Err(e) = std::str::from_utf8(input) {
            return err(
                e.valid_up_to(),
                "the text is not valid UTF-8 (only UTF-8 is read)",
            );
        }
        let pos = if input.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        Ok(Self {
            input,
            pos,
            open: Vec::with_capacity(16),
            root_closed: false,
            root_seen: false,
            attributes: Vec::with_capacity(8),
            max_attributes,
            sorted_names: Vec::new(),
        })
    }

    /// The attributes of the last start tag: (name, raw value) pairs, in order.
    pub(crate) fn attributes(&self) -> &[(&'a [u8], &'a [u8])] {
        &self.attributes
    }

    /// Where the lexer is (for error positions).
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    pub(crate) fn next(&mut self) -> Result<Token<'a>, LexError> {
        loop {
            let input = self.input;
            let Some(&b) = input.get(self.pos) else {
                if let Some(name) = self.open.last() {
                    return err(
                        self.pos,
                        format!(
                            "the document ends inside <{}>",
                            String::from_utf8_lossy(name)
                        ),
                    );
                }
                if !self.root_seen {
                    return err(self.pos, "the document has no root element");
                }
                return Ok(Token::Eof);
            };
            if b == b'&' {
                return self.reference().map(Token::Ref);
            }
            if b != b'<' {
                return self.text();
            }
            let rest = &input[self.pos..];
            if rest.starts_with(b"<?") {
                let end = memmem::find(&rest[2..], b"?>").map(|e| e + 2).map_or_else(
                    || err(self.pos, "a processing instruction is not closed"),
                    Ok,
                )?;
                let target = &rest[2..end];
                if self.name(self.pos + 2).is_err() {
                    return err(self.pos, "a processing instruction needs a target name");
                }
                let is_declaration = target.len() >= 3
                    && target[..3].eq_ignore_ascii_case(b"xml")
                    && target.get(3).is_none_or(|&b| is_space(b));
                if is_declaration
                    && self.pos != 0
                    && !(self.pos == 3 && input.starts_with(b"\xEF\xBB\xBF"))
                {
                    return Err(LexError {
                        offset: self.pos,
                        kind: ErrorKind::XmlDeclarationNotAtStart,
                    });
                }
                self.pos += end + 2;
                continue;
            }
            if rest.starts_with(b"<!--") {
                let body = &rest[4..];
                let end = memmem::find(body, b"--")
                    .map_or_else(|| err(self.pos, "a comment is not closed"), Ok)?;
                if body.get(end + 2) != Some(&b'>') {
                    return err(self.pos + 4 + end, "\"--\" inside a comment");
                }
                self.pos += 4 + end + 3;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                if self.open.is_empty() {
                    return err(self.pos, "character data outside the root element");
                }
                let end = memmem::find(&rest[9..], b"]]>")
                    .map_or_else(|| err(self.pos, "a CDATA section is not closed"), Ok)?;
                let text = &rest[9..9 + end];
                self.pos += 9 + end + 3;
                return Ok(Token::Text(text));
            }
            if rest.starts_with(b"<!DOCTYPE") {
                return Ok(Token::Doctype);
            }
            if rest.starts_with(b"</") {
                return self.end_tag();
            }
            return self.start_tag();
        }
    }

    fn text(&mut self) -> Result<Token<'a>, LexError> {
        let start = self.pos;
        let rest = &self.input[start..];
        let end = find2(b'<', b'&', rest).unwrap_or(rest.len());
        let text = &rest[..end];
        self.pos += end;
        if self.open.is_empty() && !text.iter().all(|&b| is_space(b)) {
            let what = if self.root_closed {
                "after the root element"
            } else {
                "before the root element"
            };
            return err(start, format!("text {what}"));
        }
        if text.contains(&b']') && memmem::find(text, b"]]>").is_some() {
            return err(start, "\"]]>\" in text");
        }
        Ok(Token::Text(text))
    }

    fn reference(&mut self) -> Result<char, LexError> {
        let start = self.pos;
        if self.open.is_empty() {
            return err(start, "a reference outside the root element");
        }
        let rest = &self.input[start + 1..];
        let end = memchr(b';', &rest[..rest.len().min(12)])
            .map_or_else(|| err(start, "an '&' that starts no reference"), Ok)?;
        let name = &rest[..end];
        let c = resolve_reference(name).map_or_else(
            || {
                err(
                    start,
                    format!("unknown entity &{};", String::from_utf8_lossy(name)),
                )
            },
            Ok,
        )?;
        self.pos = start + 1 + end + 1;
        Ok(c)
    }

    fn name(&self, at: usize) -> Result<&'a [u8], LexError> {
        let rest = &self.input[at..];
        match rest.first() {
            Some(&b) if is_name_start(b) => {}
            _ => return err(at, "a name was expected"),
        }
        let len = rest
            .iter()
            .position(|&b| !is_name_char(b))
            .unwrap_or(rest.len());
        Ok(&rest[..len])
    }

    fn start_tag(&mut self) -> Result<Token<'a>, LexError> {
        let at = self.pos;
        if self.root_closed {
            return err(at, "a second root element");
        }
        let name = self.name(at + 1)?;
        let attributes_start = at + 1 + name.len();
        let mut pos = attributes_start;
        let input = self.input;
        self.attributes.clear();
        loop {
            let spaces = input[pos..]
                .iter()
                .position(|&b| !is_space(b))
                .unwrap_or(input.len() - pos);
            pos += spaces;
            match input.get(pos) {
                None => {
                    return err(
                        at,
                        format!("the tag <{}> is not closed", String::from_utf8_lossy(name)),
                    );
                }
                Some(b'>') => {
                    self.check_repeats()?;
                    let element = Element { name };
                    self.pos = pos + 1;
                    self.open.push(name);
                    self.root_seen = true;
                    return Ok(Token::Start(element, false));
                }
                Some(b'/') => {
                    if input.get(pos + 1) != Some(&b'>') {
                        return err(pos, "'/' in a tag must be followed by '>'");
                    }
                    self.check_repeats()?;
                    let element = Element { name };
                    self.pos = pos + 2;
                    self.root_seen = true;
                    if self.open.is_empty() {
                        self.root_closed = true;
                    }
                    return Ok(Token::Start(element, true));
                }
                Some(_) => {
                    if spaces == 0 {
                        return err(pos, "attributes must be separated by white space");
                    }
                    if self.attributes.len() >= self.max_attributes {
                        return Err(LexError {
                            offset: pos,
                            kind: ErrorKind::XmlTooManyAttributes {
                                limit: self.max_attributes,
                            },
                        });
                    }
                    let attribute = self.name(pos)?;
                    pos += attribute.len();
                    pos += input[pos..]
                        .iter()
                        .position(|&b| !is_space(b))
                        .unwrap_or(input.len() - pos);
                    if input.get(pos) != Some(&b'=') {
                        return err(pos, "an attribute needs '=' and a value");
                    }
                    pos += 1;
                    pos += input[pos..]
                        .iter()
                        .position(|&b| !is_space(b))
                        .unwrap_or(input.len() - pos);
                    let Some(&quote @ (b'"' | b'\'')) = input.get(pos) else {
                        return err(pos, "an attribute value must be quoted");
                    };
                    let value_start = pos + 1;
                    let len = find(quote, &input[value_start..])
                        .map_or_else(|| err(pos, "an attribute value is not closed"), Ok)?;
                    let value = &input[value_start..value_start + len];
                    if value.contains(&b'<') {
                        return err(value_start, "'<' inside an attribute value");
                    }
                    let mut refs = value;
                    while let Some(amp) = refs.iter().position(|&b| b == b'&') {
                        let tail = &refs[amp + 1..];
                        let semi = memchr(b';', &tail[..tail.len().min(12)]).map_or_else(
                            || err(value_start, "an '&' that starts no reference"),
                            Ok,
                        )?;
                        if resolve_reference(&tail[..semi]).is_none() {
                            return err(
                                value_start,
                                format!(
                                    "unknown entity &{};",
                                    String::from_utf8_lossy(&tail[..semi])
                                ),
                            );
                        }
                        refs = &tail[semi + 1..];
                    }
                    self.attributes.push((attribute, value));
                    pos = value_start + len + 1;
                }
            }
        }
    }

    /// Refuses a start tag with an attribute repeated, at the repeat nearest the tag's start.
    fn check_repeats(&mut self) -> Result<(), LexError> {
        let attributes = &self.attributes;
        let offset = |name: &[u8]| name.as_ptr() as usize - self.input.as_ptr() as usize;
        let repeated = if attributes.len() <= FEW_ATTRIBUTES {
            (1..attributes.len())
                .find(|&i| attributes[..i].iter().any(|(n, _)| *n == attributes[i].0))
                .map(|i| attributes[i].0)
        } else {
            self.sorted_names.clear();
            self.sorted_names.extend(attributes.iter().map(|(n, _)| *n));
            self.sorted_names.sort_unstable();
            self.sorted_names
                .windows(2)
                .filter(|w| w[0] == w[1])
                .map(|w| {
                    if offset(w[0]) > offset(w[1]) {
                        w[0]
                    } else {
                        w[1]
                    }
                })
                .min_by_key(|n| offset(n))
        };
        match repeated {
            Some(name) => err(
                offset(name),
                format!(
                    "the attribute {} is repeated",
                    String::from_utf8_lossy(name)
                ),
            ),
            None => Ok(()),
        }
    }

    fn end_tag(&mut self) -> Result<Token<'a>, LexError> {
        let at = self.pos;
        let name = self.name(at + 2)?;
        let mut pos = at + 2 + name.len();
        pos += self.input[pos..]
            .iter()
            .position(|&b| !is_space(b))
            .unwrap_or(self.input.len() - pos);
        if self.input.get(pos) != Some(&b'>') {
            return err(pos, "an end tag must close with '>'");
        }
        match self.open.pop() {
            Some(open) if open == name => {}
            Some(open) => {
                return err(
                    at,
                    format!(
                        "</{}> closes <{}>",
                        String::from_utf8_lossy(name),
                        String::from_utf8_lossy(open)
                    ),
                );
            }
            None => {
                return err(
                    at,
                    format!("</{}> closes nothing", String::from_utf8_lossy(name)),
                );
            }
        }
        if self.open.is_empty() {
            self.root_closed = true;
        }
        self.pos = pos + 1;
        Ok(Token::End)
    }
}

/// Unescapes an attribute value's references.
pub(crate) fn unescape(value: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if memchr(b'&', value).is_none() {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut out = Vec::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = memchr(b'&', rest) {
        out.extend_from_slice(&rest[..amp]);
        let tail = &rest[amp + 1..];
        let semi = memchr(b';', tail).unwrap_or(tail.len());
        match resolve_reference(&tail[..semi]) {
            Some(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            None => out.extend_from_slice(&rest[amp..amp + 1 + semi.min(tail.len())]),
        }
        rest = tail.get(semi + 1..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Element names in document order, or the offset of the first error.
    fn ours(doc: &[u8]) -> Result<Vec<Vec<u8>>, usize> {
        let mut lexer = Lexer::new(doc, 256).map_err(|e| e.offset)?;
        let mut names = Vec::new();
        loop {
            match lexer.next().map_err(|e| e.offset)? {
                Token::Start(element, _) => names.push(element.name.to_vec()),
                Token::Eof => return Ok(names),
                Token::Doctype => return Err(0),
                _ => {}
            }
        }
    }

    fn quick_xml(doc: &[u8]) -> Result<Vec<Vec<u8>>, ()> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_reader(doc);
        reader.config_mut().check_end_names = true;
        let mut names = Vec::new();
        let mut depth = 0i32;
        loop {
            match reader.read_event().map_err(|_| ())? {
                Event::Start(e) => {
                    depth += 1;
                    e.attributes()
                        .with_checks(true)
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|_| ())?;
                    names.push(e.name().0.as_bytes().to_vec());
                }
                Event::Empty(e) => {
                    e.attributes()
                        .with_checks(true)
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|_| ())?;
                    names.push(e.name().0.as_bytes().to_vec());
                }
                Event::End(_) => depth -= 1,
                Event::Eof => return if depth == 0 { Ok(names) } else { Err(()) },
                _ => {}
            }
        }
    }

    const SEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="a &amp; b" xmlns:g="urn:x">
  <!-- a comment -->
  <trk><name>Run &lt;1&gt; caf&#233;</name><trkseg>
    <trkpt lat="51.5" lon='-0.1'><ele>12.5</ele><time>2024-05-01T07:30:00Z</time>
      <extensions><g:hr>140</g:hr><![CDATA[x < y]]></extensions></trkpt>
    <trkpt lat="51.6" lon="-0.2"/>
  </trkseg></trk>
</gpx>
"#;

    #[test]
    fn the_seed_reads_the_same_as_with_quick_xml() {
        assert_eq!(ours(SEED.as_bytes()).ok(), quick_xml(SEED.as_bytes()).ok());
        assert_eq!(ours(SEED.as_bytes()).unwrap().len(), 10);
    }

    #[test]
    fn what_xml_forbids_is_refused() {
        for (doc, why) in [
            ("<a><b></a></b>", "mismatched end"),
            ("<a>", "unclosed"),
            ("<a x=1/>", "unquoted value"),
            ("<a x='1' x='2'/>", "repeated attribute"),
            ("<a x='1'y='2'/>", "no space between attributes"),
            ("<a>&nbsp;</a>", "unknown entity"),
            ("<a>&#0;</a>", "character zero"),
            ("<a x='<'/>", "'<' in a value"),
            ("<a/><b/>", "two roots"),
            ("text<a/>", "text before the root"),
            ("<a/>text", "text after the root"),
            ("<a><!-- x -- y --></a>", "'--' in a comment"),
            ("", "no root"),
            ("<a>\u{0}</a>", "fine bytes but see below"),
            ("<1a/>", "bad name"),
        ] {
            if why.starts_with("fine") {
                continue;
            }
            assert!(ours(doc.as_bytes()).is_err(), "{why}: {doc:?} was accepted");
        }
        assert!(ours(b"<a>\xff</a>").is_err(), "invalid UTF-8");
        assert!(
            ours("\u{feff}<?xml version='1.0'?><a/>".as_bytes()).is_ok(),
            "a byte order mark is fine"
        );
    }

    #[test]
    fn attribute_values_unescape() {
        assert_eq!(&*unescape(b"a &amp; b &#x41;&#66;"), b"a & b AB");
        assert_eq!(&*unescape(b"plain"), b"plain");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Whatever quick-xml refuses, this lexer refuses too; what both accept has the same
        /// elements. (It is stricter in places quick-xml is lenient: text outside the root,
        /// `--` in comments, repeated roots.)
        #[test]
        fn at_least_as_strict_as_quick_xml(edits in proptest::collection::vec((0usize..400, 0u8..8, any::<u8>()), 1..6)) {
            let mut doc = SEED.as_bytes().to_vec();
            for (at, op, byte) in edits {
                let at = at % (doc.len() + 1);
                let special = [b'<', b'>', b'&', b'"', b'\'', b'/', b';', b'='][usize::from(byte % 8)];
                match op {
                    0 => { doc.insert(at, special); }
                    1 if at < doc.len() => { doc.remove(at); }
                    2 if at < doc.len() => doc[at] = special,
                    3 => doc.truncate(at),
                    4 if at < doc.len() => doc[at] = byte,
                    _ => {}
                }
            }
            let theirs = quick_xml(&doc);
            let mine = ours(&doc);
            if theirs.is_err() {
                prop_assert!(mine.is_err(), "quick-xml refuses but we accept: {:?}", String::from_utf8_lossy(&doc));
            }
            if let (Ok(a), Ok(b)) = (&mine, &theirs) {
                prop_assert_eq!(a, b);
            }
        }

        #[test]
        fn no_input_panics_the_lexer(doc in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = ours(&doc);
        }
    }
}
