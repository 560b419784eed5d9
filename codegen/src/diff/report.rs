//! The diff as a person reads it: each change once (a schema's change under the schema,
//! with the operations and sides it reaches, not repeated under each operation), changes
//! of one kind to siblings grouped into one entry, each entry classified twice — does it
//! break clients on the wire, does it break Rust code compiled against the old client —
//! and the views: text, Markdown, breaking only.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{ApiDiff, Change, Side};

/// One change as shown: about an operation or a schema, on one or more sides.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// The operationId or the schema name.
    pub subject: String,
    /// True for a schema, false for an operation.
    pub schema: bool,
    /// The change's kind (`property-removed`, ...).
    pub kind: &'static str,
    /// Where it bites.
    pub sides: BTreeSet<Side>,
    /// Breaks clients on the wire (a caller's request refused, a reader's decode failing).
    pub breaking: bool,
    /// Breaks Rust code written against the old generated client (a removed field, method
    /// or variant, a new required constructor argument, a type change, a new variant of an
    /// enum matched exhaustively).
    pub rust_breaking: bool,
    /// What changed, in words.
    pub detail: String,
    /// The grouped properties, values or members (empty when not grouped).
    pub items: Vec<String>,
    /// For a schema: the operations (new version) that reach it.
    pub used_by: Vec<String>,
    /// The generated Rust name a user has in their code: `types::ChatRequest` (with the
    /// field, `.model`, for a change to one top-level property), or the method
    /// `client.chat().send()`.
    pub rust: String,
}

/// The one-paragraph summary's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Operations only in the new version.
    pub operations_added: usize,
    /// Operations only in the old version.
    pub operations_removed: usize,
    /// Operations in both whose own definition changed.
    pub operations_changed: usize,
    /// Entries in all, after each change is told once and siblings grouped.
    pub entries: usize,
    /// Changes before that (every side and sibling counted).
    pub raw_changes: usize,
    /// Wire-breaking entries that bite what callers send (requests, operations).
    pub breaking_for_callers: usize,
    /// Wire-breaking entries that bite what callers read (responses).
    pub breaking_for_readers: usize,
    /// Wire-breaking entries.
    pub breaking: usize,
    /// Entries that break Rust code compiled against the old client.
    pub rust_breaking: usize,
}

/// Whether Rust code compiled against the old client breaks, guessed from the change's
/// kind (when the Rust API was not compared).
fn breaks_rust(c: &Change) -> bool {
    match c.kind {
        "operation-added" => false,
        "parameter-added" | "property-added" => c.detail.contains("(required)"),
        _ => true,
    }
}

fn side_name(s: Side) -> &'static str {
    match s {
        Side::Request => "request",
        Side::Response => "response",
        Side::Operation => "operation",
    }
}

fn sides_text(sides: &BTreeSet<Side>) -> String {
    sides
        .iter()
        .map(|s| side_name(*s))
        .collect::<Vec<_>>()
        .join("+")
}

/// The plural noun and the verb of a groupable kind.
fn group_words(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "property-added" => ("properties", "added to"),
        "property-removed" => ("properties", "removed from"),
        "property-optional" => ("properties", "became optional in"),
        "property-required" => ("properties", "became required in"),
        "enum-value-added" => ("enum values", "added to"),
        "enum-value-removed" => ("enum values", "removed from"),
        "union-member-added" => ("union members", "added to"),
        "union-member-removed" => ("union members", "removed from"),
        _ => return None,
    })
}

/// The Rust field of an entry about one top-level property (`types::Model.name`).
fn field_of(e: &Entry) -> Option<&str> {
    e.schema
        .then_some(e.rust.as_str())
        .filter(|r| r.rsplit("::").next().is_some_and(|last| last.contains('.')))
}

/// One subject's changes: the same change on several sides once, then siblings grouped.
fn entries_of(
    subject: &str,
    schema: bool,
    changes: &[Change],
    used_by: &[String],
    rust: Option<&BTreeSet<(String, &'static str, String)>>,
) -> Vec<Entry> {
    let breaks_rust = |c: &Change| match rust {
        Some(set) => set.contains(&(subject.to_owned(), c.kind, c.at.clone())),
        None => breaks_rust(c),
    };
    // The same change seen on both sides: once, with both sides.
    let mut merged: Vec<(Change, BTreeSet<Side>)> = Vec::new();
    for c in changes {
        match merged
            .iter_mut()
            .find(|(m, _)| m.kind == c.kind && m.detail == c.detail)
        {
            Some((m, sides)) => {
                sides.insert(c.side);
                m.breaking |= c.breaking;
            }
            None => merged.push((c.clone(), BTreeSet::from([c.side]))),
        }
    }
    // Siblings: one kind, one parent object, one classification.
    type Key = (&'static str, String, bool, BTreeSet<Side>);
    let mut groups: BTreeMap<Key, Vec<Change>> = BTreeMap::new();
    let mut out = Vec::new();
    let entry = |c: &Change, sides: BTreeSet<Side>, detail: String, items: Vec<String>| Entry {
        subject: subject.to_owned(),
        schema,
        kind: c.kind,
        sides,
        breaking: c.breaking,
        rust_breaking: breaks_rust(c),
        detail,
        items,
        used_by: used_by.to_vec(),
        // A top-level property's field, appended to the type's name in `entries`.
        rust: match &c.item {
            Some(item) if schema && c.at.is_empty() && c.kind.starts_with("property-") => {
                format!(
                    ".{}",
                    crate::naming::unraw(&crate::naming::field_name(item))
                )
            }
            _ => String::new(),
        },
    };
    for (c, sides) in merged {
        if c.item.is_some() && group_words(c.kind).is_some() {
            groups
                .entry((c.kind, c.at.clone(), c.breaking, sides))
                .or_default()
                .push(c);
        } else {
            let d = c.detail.clone();
            out.push(entry(&c, sides, d, Vec::new()));
        }
    }
    for ((kind, at, _, sides), cs) in groups {
        if cs.len() == 1 {
            let d = cs[0].detail.clone();
            out.push(entry(&cs[0], sides, d, Vec::new()));
            continue;
        }
        let (noun, verb) = group_words(kind).unwrap_or(("changes", "in"));
        let items: Vec<String> = cs.iter().filter_map(|c| c.item.clone()).collect();
        let place = if at.is_empty() {
            format!("`{subject}`")
        } else {
            format!("`{subject}.{at}`")
        };
        let mut detail = format!("{} {noun} {verb} {place}: ", items.len());
        let shown: Vec<&str> = items.iter().take(12).map(String::as_str).collect();
        detail.push_str(&shown.join(", "));
        if items.len() > shown.len() {
            detail.push_str(&format!(", … ({} more)", items.len() - shown.len()));
        }
        // A group breaks Rust code when any of its members would.
        let mut e = entry(&cs[0], sides, detail, items);
        e.rust_breaking = cs.iter().any(&breaks_rust);
        e.rust.clear();
        out.push(e);
    }
    out
}

impl ApiDiff {
    /// Every change once, grouped: removed and added operations, each changed operation's
    /// own changes, then each changed schema's (with the operations that reach it).
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        let op = |id: &str, kind: &'static str, breaking: bool, detail: String| Entry {
            subject: id.to_owned(),
            schema: false,
            kind,
            sides: BTreeSet::from([Side::Operation]),
            breaking,
            rust_breaking: breaking,
            detail,
            items: Vec::new(),
            used_by: Vec::new(),
            rust: String::new(),
        };
        for id in &self.removed {
            out.push(op(
                id,
                "operation-removed",
                true,
                format!("operation `{id}` removed"),
            ));
        }
        for id in &self.added {
            out.push(op(
                id,
                "operation-added",
                false,
                format!("operation `{id}` added"),
            ));
        }
        for (id, cs) in &self.changed {
            out.extend(entries_of(id, false, cs, &[], self.rust_changes.as_ref()));
        }
        for (name, cs) in &self.schemas {
            let used = self.used_by.get(name).cloned().unwrap_or_default();
            out.extend(entries_of(
                name,
                true,
                cs,
                &used,
                self.rust_changes.as_ref(),
            ));
        }
        for e in &mut out {
            let key = format!("{}:{}", if e.schema { "schema" } else { "op" }, e.subject);
            let base = self.rust_names.get(&key).cloned().unwrap_or_default();
            e.rust = base + &e.rust;
        }
        out
    }

    /// The figures of the summary paragraph.
    pub fn summary(&self) -> Summary {
        let entries = self.entries();
        let wire: Vec<&Entry> = entries.iter().filter(|e| e.breaking).collect();
        Summary {
            operations_added: self.added.len(),
            operations_removed: self.removed.len(),
            operations_changed: self.changed.len(),
            entries: entries.len(),
            raw_changes: self.removed.len()
                + self.added.len()
                + self
                    .changed
                    .values()
                    .chain(self.schemas.values())
                    .map(Vec::len)
                    .sum::<usize>(),
            breaking_for_callers: wire
                .iter()
                .filter(|e| e.sides.contains(&Side::Request) || e.sides.contains(&Side::Operation))
                .count(),
            breaking_for_readers: wire
                .iter()
                .filter(|e| e.sides.contains(&Side::Response))
                .count(),
            breaking: wire.len(),
            rust_breaking: entries.iter().filter(|e| e.rust_breaking).count(),
        }
    }

    /// Wire-breaking entries (the count the header and `--fail-on-breaking` use).
    pub fn breaking(&self) -> usize {
        self.entries().iter().filter(|e| e.breaking).count()
    }

    /// The summary as a paragraph.
    pub fn summary_text(&self) -> String {
        let s = self.summary();
        format!(
            "{} operation(s) added, {} removed, {} changed. {} change(s) to tell ({} before \
             telling each once and grouping siblings): {} breaking on the wire ({} for callers, \
             in what they send; {} for readers, in what they decode), {} that break Rust code \
             compiled against the old client.",
            s.operations_added,
            s.operations_removed,
            s.operations_changed,
            s.entries,
            s.raw_changes,
            s.breaking,
            s.breaking_for_callers,
            s.breaking_for_readers,
            s.rust_breaking
        )
    }

    /// Human-readable: the summary, then each entry once under its operation or schema.
    pub fn to_text(&self, breaking_only: bool) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "operations: {} added, {} removed, {} changed; {} breaking",
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.breaking()
        );
        let _ = writeln!(out, "{}", self.summary_text());
        let entries = self.entries();
        if !breaking_only {
            for e in entries.iter().filter(|e| e.kind == "operation-added") {
                let _ = writeln!(out, "\n+ operation {} (Rust `{}`) added", e.subject, e.rust);
            }
        }
        let mut last: Option<(bool, String)> = None;
        for e in entries {
            if (breaking_only && !e.breaking) || e.kind == "operation-added" {
                continue;
            }
            let key = (e.schema, e.subject.clone());
            if last.as_ref() != Some(&key) {
                if e.schema {
                    let _ = writeln!(
                        out,
                        "\n~ schema {} (Rust `{}`; used by {})",
                        e.subject,
                        e.rust.split('.').next().unwrap_or_default(),
                        e.used_by.join(", ")
                    );
                } else {
                    let _ = writeln!(out, "\n~ operation {} (Rust `{}`)", e.subject, e.rust);
                }
                last = Some(key);
            }
            let wire = if e.breaking { "BREAKING" } else { "ok" };
            let rust = if e.rust_breaking {
                "; Rust API break"
            } else {
                ""
            };
            let field = field_of(&e)
                .map(|f| format!(" (`{f}`)"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    [{wire}{rust}] {}: {}{field}",
                sides_text(&e.sides),
                e.detail
            );
        }
        out
    }

    /// Markdown for a pull-request comment: the summary table, then sections.
    pub fn to_markdown(&self, breaking_only: bool) -> String {
        use std::fmt::Write;
        let s = self.summary();
        let mut out = String::from("## API changes\n\n");
        let _ = writeln!(out, "{}\n", self.summary_text());
        out.push_str("| | count |\n| --- | ---: |\n");
        for (label, n) in [
            ("operations added", s.operations_added),
            ("operations removed", s.operations_removed),
            ("operations changed", s.operations_changed),
            ("changes", s.entries),
            ("breaking on the wire", s.breaking),
            ("breaking for callers", s.breaking_for_callers),
            ("breaking for readers", s.breaking_for_readers),
            ("Rust API breaks", s.rust_breaking),
        ] {
            let _ = writeln!(out, "| {label} | {n} |");
        }
        let entries = self.entries();
        let added: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.kind == "operation-added")
            .collect();
        if !breaking_only && !added.is_empty() {
            out.push_str("\n### Operations added\n\n");
            for e in added {
                let _ = writeln!(out, "- `{}` (`{}`)", e.subject, e.rust);
            }
        }
        let mut section = String::new();
        for e in entries {
            if (breaking_only && !e.breaking) || e.kind == "operation-added" {
                continue;
            }
            let heading = if e.schema {
                format!(
                    "### Schema `{}` (`{}`)\n\nUsed by: {}\n\n",
                    e.subject,
                    e.rust.split('.').next().unwrap_or_default(),
                    e.used_by.join(", ")
                )
            } else {
                format!("### Operation `{}` (`{}`)\n\n", e.subject, e.rust)
            };
            if section != heading {
                out.push('\n');
                out.push_str(&heading);
                section = heading;
            }
            let wire = if e.breaking {
                "**breaking**"
            } else {
                "compatible"
            };
            let rust = if e.rust_breaking {
                ", Rust API break"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "- {wire}{rust} ({}): {}",
                sides_text(&e.sides),
                e.detail
            );
        }
        out
    }

    /// `{"summary", "entries", "operations", "schemas", "breaking"}`: the entries as shown
    /// and, under `operations`/`schemas`, every change with its side (full detail).
    pub fn to_json(&self) -> Value {
        let s = self.summary();
        let mut v = self.raw_json();
        v["summary"] = json!({
            "operations_added": s.operations_added,
            "operations_removed": s.operations_removed,
            "operations_changed": s.operations_changed,
            "entries": s.entries,
            "raw_changes": s.raw_changes,
            "breaking_for_callers": s.breaking_for_callers,
            "breaking_for_readers": s.breaking_for_readers,
            "rust_breaking": s.rust_breaking,
        });
        v["entries"] = self
            .entries()
            .iter()
            .map(|e| {
                json!({
                    "subject": e.subject,
                    "schema": e.schema,
                    "kind": e.kind,
                    "sides": e.sides.iter().map(|s| side_name(*s)).collect::<Vec<_>>(),
                    "breaking": e.breaking,
                    "rust_breaking": e.rust_breaking,
                    "detail": e.detail,
                    "items": e.items,
                    "used_by": e.used_by,
                    "rust": e.rust,
                })
            })
            .collect();
        v["breaking"] = json!(s.breaking);
        v
    }
}
