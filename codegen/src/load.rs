//! Stage 1: spec text (YAML or JSON) to a JSON value tree, with limits.
//!
//! YAML is read by [`crate::yaml`] (saphyr's YAML 1.2 parser; nesting past 128 levels
//! and alias expansion past a node budget are refused) into a `serde_json::Value`, so
//! that every later stage addresses the document with JSON pointers. Mapping keys that
//! YAML reads as numbers or booleans (`200:` for a status code) become strings.

use serde_json::Value;

use crate::error::{Error, Location};

/// How the notes of text read leniently begin (a flow collection below its key's
/// indentation; JSON that is YAML): `Settings::strict` refuses such text.
pub(crate) const LENIENT: [&str; 2] = ["a flow collection continues", "not JSON ("];

/// Parse spec text into a JSON value. JSON is detected by a leading `{`. Notes say
/// where a number could not keep its exact form (pointer, what happened).
pub fn load(text: &str, file: &str) -> Result<(Value, Vec<(String, String)>), Error> {
    let (value, notes) = load_fragment(text, file)?;
    if !value.is_object() {
        return Err(Error::new(
            file,
            Location::Pointer(String::new()),
            "the spec must be a mapping (an OpenAPI document object)",
        ));
    }
    Ok((value, notes))
}

/// [`load`] for a file another file references: any value (a schema file may be `true`).
pub fn load_fragment(text: &str, file: &str) -> Result<(Value, Vec<(String, String)>), Error> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Error::new(file, Location::Document, "the spec is empty"));
    }
    let (value, notes) = if trimmed.starts_with('{') {
        // serde_json refuses nesting deeper than 128 on its own. Text that is not JSON
        // may still be YAML that starts with a flow mapping (`{openapi: 3.1.0, ..}`):
        // read as YAML then, and the JSON error stands if that fails too.
        match serde_json::from_str::<Value>(trimmed) {
            Ok(v) => (v, Vec::new()),
            Err(e) => match crate::yaml::load(text, file) {
                Ok(mut loaded) => {
                    let json = json_error(file, text, trimmed, &e);
                    loaded.notes.push((
                        String::new(),
                        format!(
                            "not JSON ({}: {}); read as YAML, which it is",
                            json.location(),
                            json.message()
                        ),
                    ));
                    (loaded.value, loaded.notes)
                }
                Err(_) => return Err(json_error(file, text, trimmed, &e)),
            },
        }
    } else {
        let loaded = crate::yaml::load(text, file)?;
        (loaded.value, loaded.notes)
    };
    Ok((value, notes))
}

fn json_error(file: &str, full: &str, trimmed: &str, e: &serde_json::Error) -> Error {
    // Account for whitespace stripped before the opening brace.
    let skipped = &full[..full.len() - trimmed.len()];
    let extra_lines = skipped.matches('\n').count();
    let line = e.line() + extra_lines;
    let msg = e.to_string();
    let cause = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
    Error::new(
        file,
        Location::LineColumn {
            line,
            column: e.column(),
        },
        format!("invalid JSON: {cause}"),
    )
}
