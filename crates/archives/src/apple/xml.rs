//! A streaming tokenizer for the XML subset Apple Health writes, over any [`BufRead`].
//!
//! `formats`' own XML walker reads a whole `&[u8]` and refuses document type declarations; an
//! `export.xml` is several GB and begins with a long internal DTD, so it gets this small reader
//! instead. It gives element starts (with their attributes, entities resolved) and ends, and
//! skips text, comments, processing instructions and the DOCTYPE (internal subset included,
//! never interpreted: no entity is ever declared or expanded). Memory stays bounded whatever the
//! input: one tag at a time, at most [`MAX_TAG`] bytes, [`MAX_ATTRIBUTES`] attributes and
//! [`MAX_DEPTH`] open elements; nothing recurses on the input.

use std::io::BufRead;

/// The longest tag (from `<` to `>`) read, bytes. Apple's longest are `Record`s with a device
/// description, well under 1 KiB.
pub const MAX_TAG: usize = 64 * 1024;
/// The most attributes on one element.
pub const MAX_ATTRIBUTES: usize = 64;
/// The most elements open at once (Apple nests four deep).
pub const MAX_DEPTH: usize = 64;

/// One element start.
///
/// Its attributes are parsed only when asked for ([`Tag::parse`]): most elements of an export
/// are records nobody reads, and parsing is most of the cost of reading one. Parsed, the
/// names and values live in one string, so that a tag costs a fixed number of allocations
/// whatever its attributes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tag {
    /// Its name.
    pub name: String,
    /// The attributes as written (after the name).
    raw: String,
    /// Parsed: the keys and values, entities resolved, one after the other.
    text: String,
    /// Parsed: where each attribute's key and value are in `text`: (key start, key end,
    /// value end).
    spans: Vec<(u32, u32, u32)>,
    parsed: bool,
    /// The line (from 1) where it starts.
    pub line: u64,
    /// How many elements enclose it (the root is at depth 0).
    pub depth: usize,
}

impl Tag {
    /// A parsed tag named `name` with `attributes`, as a reader would give it.
    pub fn new<'a>(name: &str, attributes: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut tag = Self {
            name: name.to_owned(),
            parsed: true,
            ..Self::default()
        };
        for (key, value) in attributes {
            tag.push(key, value);
        }
        tag
    }

    fn push(&mut self, key: &str, value: &str) {
        let from = self.text.len() as u32;
        self.text.push_str(key);
        let key_end = self.text.len() as u32;
        self.text.push_str(value);
        self.spans.push((from, key_end, self.text.len() as u32));
    }

    /// The attributes as written, unparsed: to tell cheaply whether a tag can matter.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Parses the attributes (once; again is free).
    ///
    /// # Errors
    /// An attribute without a quoted value or its closing quote, twice the same attribute,
    /// more than [`MAX_ATTRIBUTES`], or an unknown entity: with the tag's line.
    pub fn parse(&mut self) -> Result<(), XmlError> {
        if self.parsed {
            return Ok(());
        }
        let raw = std::mem::take(&mut self.raw);
        self.text.reserve(raw.len());
        let parsed = attributes(&raw, self);
        self.raw = raw;
        self.parsed = true;
        parsed.map_err(|message| XmlError {
            line: self.line,
            message,
        })
    }

    /// The value of attribute `name` (none before [`Tag::parse`]).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attributes()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// Its attributes, in order, values with entities resolved (none before [`Tag::parse`]).
    pub fn attributes(&self) -> impl Iterator<Item = (&str, &str)> {
        self.spans.iter().map(|&(from, key_end, end)| {
            (
                &self.text[from as usize..key_end as usize],
                &self.text[key_end as usize..end as usize],
            )
        })
    }
}

/// One step of the walk.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An element starts (an empty element `<a/>` gives `Start` then `End`).
    Start(Tag),
    /// The element started last ends.
    End,
    /// The document ended.
    Eof,
}

/// Why the XML could not be read, with the line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct XmlError {
    /// The line (from 1).
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// The streaming reader.
#[derive(Debug)]
pub struct Reader<R> {
    input: R,
    line: u64,
    /// The names of the open elements.
    open: Vec<String>,
    /// The tag being read, reused between tags.
    tag: Vec<u8>,
    /// An empty element whose `End` is still to be given.
    pending_end: bool,
    /// The most bytes held in `tag` at once (for tests of bounded memory).
    high_water: usize,
    /// Bytes consumed from the input so far.
    position: u64,
}

impl<R: BufRead> Reader<R> {
    /// A reader over `input`.
    pub fn new(input: R) -> Self {
        Self {
            input,
            line: 1,
            open: Vec::new(),
            tag: Vec::new(),
            pending_end: false,
            high_water: 0,
            position: 0,
        }
    }

    /// The current line (from 1).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The most bytes of one tag held at once so far.
    pub fn high_water(&self) -> usize {
        self.high_water
    }

    /// How many bytes of the input were read so far.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Consumes `n` bytes of the input's buffer, counting them.
    fn consume(&mut self, n: usize) {
        self.input.consume(n);
        self.position += n as u64;
    }

    fn error(&self, line: u64, message: impl Into<String>) -> XmlError {
        XmlError {
            line,
            message: message.into(),
        }
    }

    /// The next event.
    pub fn next_event(&mut self) -> Result<Event, XmlError> {
        if self.pending_end {
            self.pending_end = false;
            self.open.pop();
            return Ok(Event::End);
        }
        loop {
            // Text between tags: Apple writes only whitespace there; skipped without storing.
            if !self.skip_to_lt()? {
                if let Some(name) = self.open.last() {
                    return Err(self.error(self.line, format!("the document ends inside <{name}>")));
                }
                return Ok(Event::Eof);
            }
            let start_line = self.line;
            match self.peek()? {
                Some(b'!') => self.skip_markup(start_line)?,
                Some(b'?') => self.skip_until(b"?>", start_line, "a processing instruction")?,
                Some(b'/') => {
                    self.read_tag(start_line)?;
                    let name = trim_name(&self.tag[1..]);
                    return match self.open.pop() {
                        Some(open) if open.as_bytes() == name => Ok(Event::End),
                        Some(open) => Err(self.error(
                            start_line,
                            format!("</{}> closes <{open}>", String::from_utf8_lossy(name)),
                        )),
                        None => Err(self.error(start_line, "a closing tag with nothing open")),
                    };
                }
                Some(_) => {
                    self.read_tag(start_line)?;
                    return self.start(start_line);
                }
                None => return Err(self.error(start_line, "the document ends inside a tag")),
            }
        }
    }

    /// Consumes up to and including the next `<`; false at the end of the input.
    fn skip_to_lt(&mut self) -> Result<bool, XmlError> {
        loop {
            let at = self.line;
            let buf = self.input.fill_buf().map_err(|e| io_error(at, &e))?;
            if buf.is_empty() {
                return Ok(false);
            }
            let (used, found) = match memchr::memchr(b'<', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            self.line += count_lines(&buf[..used]);
            self.consume(used);
            if found {
                return Ok(true);
            }
        }
    }

    fn peek(&mut self) -> Result<Option<u8>, XmlError> {
        let at = self.line;
        let buf = self.input.fill_buf().map_err(|e| io_error(at, &e))?;
        Ok(buf.first().copied())
    }

    /// Reads the rest of a tag (after `<`, up to and excluding `>`) into `self.tag`, minding
    /// quotes so that a `>` in an attribute value does not end it.
    fn read_tag(&mut self, start_line: u64) -> Result<(), XmlError> {
        self.tag.clear();
        let mut quote: Option<u8> = None;
        loop {
            let at = self.line;
            let buf = self.input.fill_buf().map_err(|e| io_error(at, &e))?;
            if buf.is_empty() {
                return Err(self.error(start_line, "the document ends inside a tag"));
            }
            // Jumps from quote to quote to the `>` outside them.
            let mut end = None;
            let mut i = 0;
            while i < buf.len() {
                match quote {
                    Some(q) => match memchr::memchr(q, &buf[i..]) {
                        Some(at) => {
                            quote = None;
                            i += at + 1;
                        }
                        None => i = buf.len(),
                    },
                    None => match memchr::memchr3(b'>', b'"', b'\'', &buf[i..]) {
                        Some(at) if buf[i + at] == b'>' => {
                            end = Some(i + at);
                            break;
                        }
                        Some(at) => {
                            quote = Some(buf[i + at]);
                            i += at + 1;
                        }
                        None => i = buf.len(),
                    },
                }
            }
            let used = end.unwrap_or(buf.len());
            if self.tag.len() + used > MAX_TAG {
                return Err(self.error(start_line, format!("a tag longer than {MAX_TAG} bytes")));
            }
            self.tag.extend_from_slice(&buf[..used]);
            let lines = count_lines(&buf[..used]);
            self.consume(used + usize::from(end.is_some()));
            self.line += lines;
            self.high_water = self.high_water.max(self.tag.len());
            if end.is_some() {
                return Ok(());
            }
        }
    }

    /// Skips a comment, a CDATA section or a DOCTYPE (with its internal subset), after `<`.
    fn skip_markup(&mut self, start_line: u64) -> Result<(), XmlError> {
        // One byte at a time: a buffer may end anywhere in `<!--`.
        self.consume(1); // the `!`
        match self.peek()? {
            Some(b'-') => {
                self.consume(1);
                if self.peek()? != Some(b'-') {
                    return Err(self.error(start_line, "`<!-` that starts no comment"));
                }
                self.consume(1);
                return self.skip_until(b"-->", start_line, "a comment");
            }
            Some(b'[') => return self.skip_until(b"]]>", start_line, "a CDATA section"),
            _ => {}
        }
        // A declaration (`<!DOCTYPE ...>`): ends at the first `>` outside quotes, brackets and
        // comments. The internal subset's declarations are skipped one by one, iteratively.
        let mut quote: Option<u8> = None;
        let mut brackets = 0usize;
        let mut comment = false;
        let mut last = [0u8; 3];
        loop {
            let at = self.line;
            let buf = self.input.fill_buf().map_err(|e| io_error(at, &e))?;
            if buf.is_empty() {
                return Err(self.error(start_line, "the document ends inside a declaration"));
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                last = [last[1], last[2], b];
                if comment {
                    if &last == b"-->" {
                        comment = false;
                    }
                    continue;
                }
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None => match b {
                        b'"' | b'\'' => quote = Some(b),
                        b'[' => brackets += 1,
                        b']' => brackets = brackets.saturating_sub(1),
                        b'-' if last == *b"!--" && brackets > 0 => {
                            // `<!--` inside the subset: the `<!` came just before.
                            comment = true;
                            last = [0; 3];
                        }
                        b'>' if brackets == 0 => {
                            end = Some(i);
                            break;
                        }
                        _ => {}
                    },
                }
            }
            let used = end.map_or(buf.len(), |i| i + 1);
            let lines = count_lines(&buf[..used]);
            self.consume(used);
            self.line += lines;
            if end.is_some() {
                return Ok(());
            }
        }
    }

    /// Skips past `terminator`, without storing what comes before it.
    fn skip_until(
        &mut self,
        terminator: &[u8],
        start_line: u64,
        what: &str,
    ) -> Result<(), XmlError> {
        // The last bytes seen, to compare with the terminator (at most three bytes long).
        let mut window = [0u8; 3];
        let n = terminator.len().min(3);
        loop {
            let at = self.line;
            let buf = self.input.fill_buf().map_err(|e| io_error(at, &e))?;
            if buf.is_empty() {
                return Err(self.error(start_line, format!("the document ends inside {what}")));
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                window = [window[1], window[2], b];
                if window[3 - n..] == terminator[..n] {
                    end = Some(i);
                    break;
                }
            }
            let used = end.map_or(buf.len(), |i| i + 1);
            let lines = count_lines(&buf[..used]);
            self.consume(used);
            self.line += lines;
            if end.is_some() {
                return Ok(());
            }
        }
    }

    /// Parses `self.tag` as an element start.
    fn start(&mut self, line: u64) -> Result<Event, XmlError> {
        let mut body: &[u8] = &self.tag;
        let empty = body.last() == Some(&b'/');
        if empty {
            body = &body[..body.len() - 1];
        }
        // One check of the whole tag: every slice below falls on ASCII bytes, so on characters.
        let body =
            std::str::from_utf8(body).map_err(|_| self.error(line, "text that is not UTF-8"))?;
        let name_end = body
            .bytes()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(body.len());
        let name = &body[..name_end];
        if name.is_empty() {
            return Err(self.error(line, "an element without a name"));
        }
        let tag = Tag {
            name: name.to_owned(),
            raw: body[name_end..].to_owned(),
            line,
            depth: self.open.len(),
            ..Tag::default()
        };
        if tag.depth >= MAX_DEPTH {
            return Err(self.error(line, format!("elements nested deeper than {MAX_DEPTH}")));
        }
        self.open.push(tag.name.clone());
        self.pending_end = empty;
        Ok(Event::Start(tag))
    }
}

fn io_error(line: u64, e: &std::io::Error) -> XmlError {
    XmlError {
        line,
        message: format!("cannot read: {e}"),
    }
}

fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

fn trim_name(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &bytes[..end]
}

/// Reads `key="value"` pairs into `tag`, values unescaped.
fn attributes(mut rest: &str, tag: &mut Tag) -> Result<(), String> {
    loop {
        rest = rest.trim_ascii_start();
        if rest.is_empty() {
            return Ok(());
        }
        if tag.spans.len() >= MAX_ATTRIBUTES {
            return Err(format!("more than {MAX_ATTRIBUTES} attributes"));
        }
        let eq = rest.find('=').ok_or("an attribute without a value")?;
        let key = rest[..eq].trim_ascii();
        if key.is_empty() || key.contains(|c: char| c.is_ascii_whitespace()) {
            return Err(format!("an attribute without a value before {key:?}"));
        }
        rest = rest[eq + 1..].trim_ascii_start();
        let quote = rest
            .chars()
            .next()
            .filter(|&q| q == '"' || q == '\'')
            .ok_or_else(|| format!("attribute {key} without a quoted value"))?;
        let close = rest[1..]
            .find(quote)
            .ok_or_else(|| format!("attribute {key} without its closing quote"))?;
        let raw = &rest[1..=close];
        rest = &rest[close + 2..];
        if tag.attributes().any(|(k, _)| k == key) {
            return Err(format!("attribute {key} twice"));
        }
        if raw.contains('&') {
            let value = unescape(raw).map_err(|m| format!("attribute {key}: {m}"))?;
            tag.push(key, &value);
        } else {
            tag.push(key, raw);
        }
    }
}

/// Resolves the predefined entities and character references (no other entity exists here).
fn unescape(text: &str) -> Result<String, String> {
    if !text.contains('&') {
        return Ok(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..]
            .find(';')
            .ok_or("an `&` that starts no entity")?;
        let entity = &rest[amp + 1..amp + semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| format!("unknown entity &{entity};"))?
            }
        };
        out.push(c);
        rest = &rest[amp + semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(xml: &str) -> Result<Vec<String>, XmlError> {
        let mut reader = Reader::new(xml.as_bytes());
        let mut out = Vec::new();
        loop {
            match reader.next_event()? {
                Event::Start(mut tag) => {
                    tag.parse()?;
                    let attrs: Vec<String> =
                        tag.attributes().map(|(k, v)| format!("{k}={v}")).collect();
                    out.push(format!("<{}@{} {}>", tag.name, tag.line, attrs.join(" ")));
                }
                Event::End => out.push("/".into()),
                Event::Eof => return Ok(out),
            }
        }
    }

    #[test]
    fn a_doctype_with_an_internal_subset_comments_and_instructions_are_skipped() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [\n<!-- a ] comment > -->\n\
                   <!ELEMENT HealthData (Record*)>\n<!ATTLIST Record v CDATA \"a>b\">\n]>\n\
                   <HealthData><!-- x --><Record v='1'/></HealthData>";
        assert_eq!(
            events(xml).unwrap(),
            vec!["<HealthData@7 >", "<Record@7 v=1>", "/", "/"]
        );
    }

    #[test]
    fn a_comment_split_between_two_buffers_is_still_a_comment() {
        let xml = b"<a><!-- it's [ a \"comment\" --><b/></a>";
        for capacity in 1..12 {
            let mut reader = Reader::new(std::io::BufReader::with_capacity(capacity, &xml[..]));
            let mut events = 0;
            while reader.next_event().unwrap() != Event::Eof {
                events += 1;
            }
            assert_eq!(events, 4, "buffer of {capacity}: <a>, <b/> and their ends");
        }
    }

    #[test]
    fn entities_and_quoted_angle_brackets_in_values_are_resolved() {
        let got = events(r#"<a k="&lt;&lt;x&gt; &amp; &#233;&#x41; '>'"/>"#).unwrap();
        assert_eq!(got, vec!["<a@1 k=<<x> & éA '>'>", "/"]);
    }

    #[test]
    fn broken_documents_are_refused_with_their_line() {
        let cases = [
            ("<a>\n</b>", 2, "</b> closes <a>"),
            ("<a>\n<b>", 2, "the document ends inside <b>"),
            (
                "<a\n k=\"&nope;\"/>",
                1,
                "attribute k: unknown entity &nope;",
            ),
            ("<a k=\"1\" k=\"2\"/>", 1, "attribute k twice"),
            ("<a k=1/>", 1, "attribute k without a quoted value"),
            ("<!-- never closed", 1, "the document ends inside a comment"),
        ];
        for (xml, line, message) in cases {
            let error = events(xml).unwrap_err();
            assert_eq!(
                (error.line, error.message.as_str()),
                (line, message),
                "{xml:?}"
            );
        }
    }

    #[test]
    fn deep_nesting_and_huge_tags_are_refused_without_recursion() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(events(&deep).unwrap_err().message.contains("nested deeper"));
        let huge = format!("<a k=\"{}\"/>", "x".repeat(MAX_TAG));
        assert!(events(&huge).unwrap_err().message.contains("longer than"));
        let many: String = (0..=MAX_ATTRIBUTES)
            .map(|i| format!(" k{i}=\"\""))
            .collect();
        assert!(
            events(&format!("<a{many}/>"))
                .unwrap_err()
                .message
                .contains("more than")
        );
    }
}
