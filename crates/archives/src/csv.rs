//! An RFC 4180 record reader over bytes: quoted fields with commas, doubled quotes and line
//! breaks inside quotes, CRLF or LF line ends, a leading UTF-8 byte order mark.
//!
//! Hand-written because `formats::csv` only writes; kept lenient where other tools bend the RFC
//! (a stray quote inside an unquoted field, text after a closing quote are kept as written) and
//! strict where reading on would misplace fields (a quote never closed).

/// One record: its fields, and the line of the file it starts on (1-based) for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// The line the record starts on, counting from 1.
    pub line: usize,
    /// The fields, unquoted.
    pub fields: Vec<String>,
}

/// The records of a CSV text, header included, blank lines skipped.
pub(crate) struct Records<'a> {
    input: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> Records<'a> {
    /// Reads `input`, skipping a UTF-8 byte order mark.
    pub(crate) fn new(input: &'a [u8]) -> Self {
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        Self {
            input,
            pos: 0,
            line: 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// Reads one record from `pos`; `Err` says where the text cannot be split into fields.
    fn record(&mut self) -> Result<Record, String> {
        let line = self.line;
        let mut fields = Vec::new();
        loop {
            let mut field = Vec::new();
            if self.peek() == Some(b'"') {
                self.pos += 1;
                self.quoted(&mut field, line)?;
            }
            // The unquoted part (or what follows a closing quote) runs to a comma or line end.
            let end_of_record = loop {
                match self.peek() {
                    None => break true,
                    Some(b',') => {
                        self.pos += 1;
                        break false;
                    }
                    Some(b'\n') => {
                        self.pos += 1;
                        self.line += 1;
                        break true;
                    }
                    Some(b'\r') if self.input.get(self.pos + 1) == Some(&b'\n') => {
                        self.pos += 2;
                        self.line += 1;
                        break true;
                    }
                    Some(b) => {
                        field.push(b);
                        self.pos += 1;
                    }
                }
            };
            let text = String::from_utf8(field).map_err(|_| {
                format!(
                    "line {line}, field {}: the text is not UTF-8",
                    fields.len() + 1
                )
            })?;
            fields.push(text);
            if end_of_record {
                return Ok(Record { line, fields });
            }
        }
    }

    /// Reads a quoted field's content after its opening quote, through its closing quote.
    fn quoted(&mut self, field: &mut Vec<u8>, line: usize) -> Result<(), String> {
        loop {
            match self.peek() {
                None => {
                    return Err(format!(
                        "line {line}: a quoted field is never closed (the file ends inside it)"
                    ));
                }
                Some(b'"') if self.input.get(self.pos + 1) == Some(&b'"') => {
                    field.push(b'"');
                    self.pos += 2;
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b) => {
                    if b == b'\n' {
                        self.line += 1;
                    }
                    field.push(b);
                    self.pos += 1;
                }
            }
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Record, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.pos >= self.input.len() {
                return None;
            }
            match self.record() {
                // A blank line is one empty field: no record there.
                Ok(r) if r.fields.len() == 1 && r.fields[0].is_empty() => continue,
                Err(e) => {
                    // Nothing sensible follows a broken quote: stop after saying so.
                    self.pos = self.input.len();
                    return Some(Err(e));
                }
                other => return Some(other),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Vec<String>> {
        Records::new(text.as_bytes())
            .map(|r| r.unwrap().fields)
            .collect()
    }

    #[test]
    fn quoted_fields_keep_commas_doubled_quotes_and_line_breaks() {
        let cases: &[(&str, &[&[&str]], &str)] = &[
            ("a,b\n1,2\n", &[&["a", "b"], &["1", "2"]], "plain LF"),
            ("a,b\r\n1,2\r\n", &[&["a", "b"], &["1", "2"]], "CRLF"),
            ("a,b\n1,2", &[&["a", "b"], &["1", "2"]], "no final line end"),
            ("\u{feff}a,b\n", &[&["a", "b"]], "byte order mark"),
            ("\"x, y\",z\n", &[&["x, y", "z"]], "comma inside quotes"),
            (
                "\"say \"\"hi\"\"\",z\n",
                &[&["say \"hi\"", "z"]],
                "doubled quotes",
            ),
            (
                "\"one\ntwo\",z\n",
                &[&["one\ntwo", "z"]],
                "line break inside quotes",
            ),
            ("a,,\n", &[&["a", "", ""]], "empty fields"),
            ("a\n\nb\n", &[&["a"], &["b"]], "blank line skipped"),
            ("\"\",x\n", &[&["", "x"]], "empty quoted field"),
        ];
        for (text, want, why) in cases {
            let want: Vec<Vec<String>> = want
                .iter()
                .map(|r| r.iter().map(|f| (*f).to_owned()).collect())
                .collect();
            assert_eq!(read(text), want, "{why}");
        }
    }

    #[test]
    fn records_know_the_line_they_start_on_past_line_breaks_in_quotes() {
        let lines: Vec<usize> = Records::new(b"h\n\"a\nb\"\nc\n")
            .map(|r| r.unwrap().line)
            .collect();
        assert_eq!(lines, [1, 2, 4]);
    }

    #[test]
    fn a_quote_never_closed_is_an_error_naming_its_line() {
        let got: Vec<_> = Records::new(b"h\n\"open,\n").collect();
        assert_eq!(got.len(), 2);
        let e = got[1].clone().unwrap_err();
        assert!(e.contains("line 2"), "{e}");
    }
}
