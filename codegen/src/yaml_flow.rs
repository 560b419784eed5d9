//! A pre-pass for YAML that libyaml, PyYAML and js-yaml load and saphyr refuses: a flow
//! collection (`[..]`, `{..}`) continued on lines indented at or below the line it
//! started on, typically a closing `]` back at its key's indentation:
//!
//! ```yaml
//! required: [
//!   a, b
//! ]
//! ```
//!
//! Inside a flow collection, line breaks and indentation are only whitespace, so indenting
//! such lines one column past the line the collection started on changes nothing the
//! document says; it is done only when the parser first refused the text, and only for
//! lines inside a flow collection (not inside a quoted scalar or a block scalar).

/// The text with flow-collection lines indented past their collection's first line, or
/// `None` when no line needed it.
pub(crate) fn reindent_flow(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut scan = Scan::default();
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty();
        if let Some(owner) = scan.block_scalar {
            if blank || indent > owner {
                out.push_str(line);
                continue;
            }
            scan.block_scalar = None;
        }
        if scan.depth > 0 && scan.quote.is_none() && !blank && indent <= scan.floor {
            out.extend(std::iter::repeat_n(' ', scan.floor + 1 - indent));
            changed = true;
        }
        scan.line(line, indent);
        out.push_str(line);
    }
    changed.then_some(out)
}

/// Where the scan is: flow depth, the indentation lines inside it must exceed, an open
/// quoted scalar, a block scalar's owner line.
#[derive(Default)]
struct Scan {
    depth: usize,
    floor: usize,
    quote: Option<u8>,
    block_scalar: Option<usize>,
}

impl Scan {
    fn line(&mut self, line: &str, indent: usize) {
        let b = line.as_bytes();
        // In block context: whether the next token starts a value (a node may begin).
        let mut value_start = self.depth == 0;
        // In flow context: whether a scalar may begin here (after `[`, `{`, `,`, `:`).
        let mut flow_start = self.depth > 0;
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if let Some(q) = self.quote {
                if q == b'"' && c == b'\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                }
                i += 1;
                continue;
            }
            let after_space = i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t';
            if c == b'#' && after_space {
                return;
            }
            let next_blank = b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
            if self.depth == 0 {
                if c == b' ' || c == b'\t' {
                    i += 1;
                    continue;
                }
                if value_start {
                    match c {
                        b'-' | b'?' if next_blank => {}
                        b'[' | b'{' => {
                            self.depth = 1;
                            self.floor = indent;
                            flow_start = true;
                            value_start = false;
                        }
                        b'"' | b'\'' => {
                            self.quote = Some(c);
                            value_start = false;
                        }
                        b'|' | b'>' => {
                            self.block_scalar = Some(indent);
                            return;
                        }
                        _ => value_start = false,
                    }
                } else if c == b':' && next_blank {
                    value_start = true;
                }
                i += 1;
                continue;
            }
            match c {
                b'[' | b'{' => {
                    self.depth += 1;
                    flow_start = true;
                }
                b']' | b'}' => {
                    self.depth -= 1;
                    flow_start = false;
                    if self.depth == 0 {
                        value_start = false;
                    }
                }
                b',' | b':' => flow_start = true,
                b'"' | b'\'' if flow_start => {
                    self.quote = Some(c);
                    flow_start = false;
                }
                b' ' | b'\t' | b'\r' | b'\n' => {}
                _ => flow_start = false,
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reindent_flow;

    #[test]
    fn closing_brackets_below_their_key_are_indented() {
        let text = "a:\n  enum: [\n    p,\n    q\n]\n  b: {x: [1,\n2]}\n";
        let fixed = reindent_flow(text).unwrap();
        assert_eq!(
            fixed,
            "a:\n  enum: [\n    p,\n    q\n   ]\n  b: {x: [1,\n   2]}\n"
        );
        // Nothing to do: nothing changed.
        assert_eq!(
            reindent_flow("a: [1, 2]\nb: |\n  [not flow\nc: 'it''s [x'\n"),
            None
        );
    }
}
