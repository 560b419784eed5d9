//! Stage 0, for specs published as a tree of files: every relative file reference is
//! resolved and the tree becomes one document.
//!
//! A Reference Object may stand anywhere the OpenAPI document allows one (path items,
//! operations, parameters, responses, request bodies, headers, examples, schemas, whole
//! component maps), and point at a whole file or at a JSON pointer into it, through other
//! references on the way (`other.yaml#/a/b` where `a` is itself a `$ref`). Schemas are kept
//! by name: a schema another file holds becomes a component of the bundled document (named
//! after its component key, its pointer's last segment or its file), so references to it
//! from many places, recursion and cycles across files stay references. Everything else is
//! copied in place, with the Reference Object's `summary`/`description` kept over the
//! target's. YAML and JSON files mix freely.
//!
//! Refused, each with the chain of files that led there: a URL (no network at build time),
//! an absolute path or one that leaves the root file's folder, a file that cannot be read
//! or parsed, a pointer with nothing at it, and a cycle of references that never reaches a
//! schema.
//!
//! [`bundle`] is pure: it reads files through the caller's closure. [`read_spec`] is the
//! file-system shell the build script and the CLI use.

mod walk;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Location, join, percent_decode};

/// A spec read from disk: its text (bundled into one JSON document when it references
/// other files) and every file read.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SpecSource {
    /// What to pass to [`generate`](crate::generate): the root file's own text when it
    /// references no other file, else the bundled document as JSON.
    pub text: String,
    /// Every file read, the root first (for `cargo:rerun-if-changed`).
    pub files: Vec<PathBuf>,
    /// Whether other files were bundled in.
    pub bundled: bool,
}

/// Read the spec at `path`, bundling the files its references reach: relative paths
/// anywhere under [`reference_root`] (the nearest folder holding the entry that is a
/// crate's or a repository's root: `Cargo.toml` or `.git`; else the entry's own folder).
/// Absolute paths, URLs and symbolic links leaving the root are refused.
pub fn read_spec(path: impl AsRef<Path>) -> Result<SpecSource, Error> {
    let path = path.as_ref();
    read_spec_under(path, &reference_root(path))
}

/// The folder references of the spec at `path` may reach by default: the nearest folder
/// holding it with a `Cargo.toml` or `.git` (a crate or a repository), else its own
/// folder.
pub fn reference_root(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let start = std::fs::canonicalize(&dir).unwrap_or(dir);
    start
        .ancestors()
        .find(|a| a.join("Cargo.toml").is_file() || a.join(".git").exists())
        .map(Path::to_owned)
        .unwrap_or(start)
}

/// [`read_spec`] with references allowed anywhere under `root` (a folder holding the spec).
pub fn read_spec_under(path: &Path, root: &Path) -> Result<SpecSource, Error> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::new(
            &shown,
            Location::Document,
            format!("cannot read the spec: {e}"),
        )
    })?;
    let root = std::fs::canonicalize(root).map_err(|e| {
        Error::new(
            &shown,
            Location::Document,
            format!("cannot read the reference root {}: {e}", root.display()),
        )
    })?;
    let entry = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let Ok(relative) = entry.strip_prefix(&root) else {
        return Err(Error::new(
            &shown,
            Location::Document,
            format!(
                "the spec is not inside its reference root {}",
                root.display()
            ),
        ));
    };
    // Files are named by their path from the root, with `/` between folders.
    let name = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let mut read = |relative: &str| -> Result<String, String> {
        let file = root.join(relative);
        if let Ok(real) = std::fs::canonicalize(&file) {
            if !real.starts_with(&root) {
                return Err(format!(
                    "resolves to {} (through a symbolic link), outside the reference root {}",
                    real.display(),
                    root.display()
                ));
            }
        }
        std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))
    };
    let bundled = bundle(&name, &text, &mut read).map_err(|e| e.renamed(&name, &shown))?;
    let files = std::iter::once(path.to_owned())
        .chain(bundled.files.iter().skip(1).map(|f| root.join(f)))
        .collect();
    Ok(match bundled.document {
        None => SpecSource {
            text,
            files,
            bundled: false,
        },
        Some(doc) => SpecSource {
            text: serde_json::to_string_pretty(&doc).unwrap_or_default(),
            files,
            bundled: true,
        },
    })
}

/// Whether every `$ref` in `text` is plainly a local one (`$ref: '#/…'`, quoted or not,
/// YAML or JSON), so the document references no other file. Conservative: any other
/// spelling (`$ref` in prose, an escaped key, a file or URL reference) answers `false`, and
/// the document is then parsed and walked.
fn only_local_references(text: &str) -> bool {
    if text.contains("\\u0024") || text.contains("\\x24") {
        return false;
    }
    let bytes = text.as_bytes();
    let skip = |mut i: usize, what: &[u8]| {
        while i < bytes.len() && what.contains(&bytes[i]) {
            i += 1;
        }
        i
    };
    memchr::memmem::find_iter(bytes, b"$ref").all(|at| {
        let i = skip(at + 4, b"\"'");
        let i = skip(i, b" \t");
        if bytes.get(i) != Some(&b':') {
            return false;
        }
        let i = skip(i + 1, b" \t\r\n");
        let i = skip(i, b"\"'");
        bytes.get(i) == Some(&b'#')
    })
}

/// What [`bundle`] made of a tree.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Bundled {
    /// The one document, or `None` when the root references no other file (use its text
    /// as it is, so errors keep its lines).
    pub document: Option<Value>,
    /// Files read, relative to the root's folder, the root (as named) first.
    pub files: Vec<String>,
}

/// Bundle the tree whose root file is `root_name` (a file name; other files are named
/// relative to its folder) with text `root_text`; `read` returns a file's text from its
/// path relative to the root's folder (`ops/key_get.yml`, `schemas/pet.json`).
pub fn bundle(
    root_name: &str,
    root_text: &str,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<Bundled, Error> {
    if only_local_references(root_text) {
        // Nothing to bundle: no need to parse the document here (`generate` will).
        return Ok(Bundled {
            document: None,
            files: vec![root_name.to_owned()],
        });
    }
    let (doc, _) = crate::load::load(root_text, root_name)?;
    let mut b = Bundler {
        read,
        docs: BTreeMap::new(),
        order: vec![root_name.to_owned()],
        root: root_name.to_owned(),
        hoisted: HashMap::new(),
        taken: BTreeSet::new(),
        new_schemas: Vec::new(),
        inlining: Vec::new(),
        trail: Vec::new(),
        external: false,
    };
    b.docs.insert(root_name.to_owned(), doc.clone());
    let mut out = doc;
    b.document(&mut out)?;
    if !b.external {
        return Ok(Bundled {
            document: None,
            files: b.order,
        });
    }
    if !b.new_schemas.is_empty() {
        let root = out
            .as_object_mut()
            .expect("load checks the root is a mapping");
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(c) = components.as_object_mut() {
            let schemas = c
                .entry("schemas")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(s) = schemas.as_object_mut() {
                for (name, schema) in b.new_schemas {
                    s.insert(name, schema.unwrap_or(Value::Bool(true)));
                }
            }
        }
    }
    Ok(Bundled {
        document: Some(out),
        files: b.order,
    })
}

/// A place in one file: the file (relative to the root's folder) and a JSON pointer.
type Target = (String, String);

struct Bundler<'r> {
    read: &'r mut dyn FnMut(&str) -> Result<String, String>,
    /// Files parsed so far, by path relative to the root's folder.
    docs: BTreeMap<String, Value>,
    /// Files in the order first read.
    order: Vec<String>,
    root: String,
    /// Schemas given a component name, by where they live.
    hoisted: HashMap<Target, String>,
    /// Component schema names in use.
    taken: BTreeSet<String>,
    /// Schemas from other files, in the order first met (filled once walked).
    new_schemas: Vec<(String, Option<Value>)>,
    /// Non-schema references being copied in, for cycle detection.
    inlining: Vec<Target>,
    /// The references followed to reach the current place, for errors.
    trail: Vec<String>,
    /// Whether any reference left the root file.
    external: bool,
}

impl Bundler<'_> {
    fn err(&self, file: &str, pointer: &str, message: impl Into<String>) -> Error {
        let mut message = message.into();
        if !self.trail.is_empty() {
            message = format!("{message} (reached through {})", self.trail.join(" → "));
        }
        Error::new(file, Location::Pointer(pointer.to_owned()), message)
    }

    /// Where `reference`, met in `file` at `at`, points: the target file and pointer.
    fn target_of(&self, reference: &str, file: &str, at: &str) -> Result<Target, Error> {
        let (path, fragment) = match reference.split_once('#') {
            Some((p, f)) => (p, f),
            None => (reference, ""),
        };
        let fragment = percent_decode(fragment);
        if !(fragment.is_empty() || fragment.starts_with('/')) {
            return Err(self.err(
                file,
                at,
                format!("`$ref: {reference}`: `#{fragment}` is not a JSON pointer"),
            ));
        }
        if path.is_empty() {
            return Ok((file.to_owned(), fragment));
        }
        if is_url(path) {
            return Err(self.err(
                file,
                at,
                format!("`$ref: {reference}` is a URL; references to the network are not followed at build time (download the file beside the spec and reference it by a relative path)"),
            ));
        }
        let path = percent_decode(path);
        match join_relative(file, &path) {
            Some(joined) => Ok((joined, fragment)),
            None => Err(self.err(
                file,
                at,
                format!("`$ref: {reference}` leaves the reference root (the folder of the crate or repository holding {}, or one set with `read_spec_under`); only files inside it are read", self.root),
            )),
        }
    }

    /// The parsed document of `file`, reading it on first use.
    fn doc(&mut self, file: &str, from: &str, at: &str) -> Result<&Value, Error> {
        if !self.docs.contains_key(file) {
            let text = (self.read)(file).map_err(|e| {
                self.err(
                    from,
                    at,
                    format!("cannot read the referenced file {file}: {e}"),
                )
            })?;
            let (doc, _) = crate::load::load_fragment(&text, file).map_err(|e| {
                if self.trail.is_empty() {
                    e
                } else {
                    e.with_note(&format!("reached through {}", self.trail.join(" → ")))
                }
            })?;
            self.order.push(file.to_owned());
            self.docs.insert(file.to_owned(), doc);
        }
        Ok(&self.docs[file])
    }

    /// Follow `target`'s pointer through its file, following references met on the way
    /// (into other files too). Returns where the value really is, and the value.
    fn resolve(&mut self, target: Target, from: &str, at: &str) -> Result<(Target, Value), Error> {
        let (mut file, pointer) = target;
        let mut rest: Vec<String> = split_pointer(&pointer);
        rest.reverse();
        let mut walked = String::new();
        for _ in 0..crate::MAX_REF_HOPS * 4 {
            let doc = self.doc(&file, from, at)?;
            let value = if walked.is_empty() {
                Some(doc)
            } else {
                doc.pointer(&walked)
            };
            let Some(mut value) = value.cloned() else {
                return Err(self.err(
                    &file,
                    &walked,
                    format!("`$ref` target `{file}#{pointer}`: no such location in {file}"),
                ));
            };
            loop {
                // A reference on the way (not at the end) is followed before going on.
                if let Some(r) = value.get("$ref").and_then(Value::as_str) {
                    if !rest.is_empty() {
                        let (f, p) = self.target_of(r, &file, &walked)?;
                        file = f;
                        walked = p;
                        break;
                    }
                }
                let Some(seg) = rest.pop() else {
                    return Ok(((file, walked), value));
                };
                let next = match &value {
                    Value::Object(o) => o.get(&seg).cloned(),
                    Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i).cloned()),
                    _ => None,
                };
                walked = join(&walked, &seg);
                match next {
                    Some(v) => value = v,
                    None => {
                        return Err(self.err(
                            &file,
                            &walked,
                            format!("`$ref` target `#{pointer}`: no such location in {file}"),
                        ));
                    }
                }
            }
        }
        Err(self.err(
            from,
            at,
            format!(
                "`$ref` to `{pointer}` follows more than {} references (a cycle)",
                crate::MAX_REF_HOPS * 4
            ),
        ))
    }

    /// Follow references that are the whole value (`{$ref: a}` → `{$ref: b}` → schema) to
    /// the first target that is not one.
    fn resolve_chain(
        &mut self,
        mut target: Target,
        from: &str,
        at: &str,
    ) -> Result<(Target, Value), Error> {
        let mut seen = Vec::new();
        loop {
            let (place, value) = self.resolve(target, from, at)?;
            let next = value
                .as_object()
                .filter(|o| o.len() == 1)
                .and_then(|o| o.get("$ref"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            let Some(next) = next else {
                return Ok((place, value));
            };
            if seen.contains(&place) {
                return Err(self.err(
                    &place.0,
                    &place.1,
                    "a cycle of references that never reaches a value",
                ));
            }
            seen.push(place.clone());
            target = self.target_of(&next, &place.0, &place.1)?;
        }
    }

    /// The component name of the schema at `target`, giving it one (and walking it) on
    /// first use.
    fn hoist(&mut self, target: Target, value: Value) -> Result<String, Error> {
        if let Some(name) = self.hoisted.get(&target) {
            return Ok(name.clone());
        }
        let name = self.free_name(&target);
        self.hoisted.insert(target.clone(), name.clone());
        let slot = self.new_schemas.len();
        self.new_schemas.push((name.clone(), None));
        let mut value = value;
        self.enter(&target);
        let walked = self.schema(&mut value, &target.0, &target.1);
        self.trail.pop();
        walked?;
        self.new_schemas[slot].1 = Some(value);
        Ok(name)
    }

    fn enter(&mut self, target: &Target) {
        self.trail.push(if target.1.is_empty() {
            target.0.clone()
        } else {
            format!("{}#{}", target.0, target.1)
        });
    }

    /// A component name for the schema at `target` no other schema has.
    fn free_name(&mut self, (file, pointer): &Target) -> String {
        let segs = split_pointer(pointer);
        let stem = Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let base = match segs.last() {
            None => stem,
            Some(last) if last.parse::<usize>().is_ok() || is_keyword(last) => {
                format!("{stem}_{}", segs.join("_"))
            }
            Some(last) => last.clone(),
        };
        let base: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let base = if base.is_empty() {
            "Schema".to_owned()
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

/// Whether `s` names a schema keyword rather than a schema (`items`, `schema`, `allOf`).
fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "schema"
            | "items"
            | "additionalProperties"
            | "not"
            | "allOf"
            | "anyOf"
            | "oneOf"
            | "properties"
            | "content"
            | "application~1json"
            | "application/json"
    )
}

/// Whether a reference names a URL (an RFC 3986 scheme, or `//host`), not a file.
pub(crate) fn is_url(path: &str) -> bool {
    let scheme = path.split_once(':').map(|(s, _)| s);
    scheme.is_some_and(|s| {
        s.len() > 1
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    }) || path.starts_with("//")
}

/// `relative` (a path from `from`'s folder) as a path from the root's folder, `None` when
/// it is absolute or leaves that folder.
fn join_relative(from: &str, relative: &str) -> Option<String> {
    if relative.starts_with('/') || relative.starts_with('\\') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in relative.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The unescaped segments of a JSON pointer.
fn split_pointer(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

#[cfg(test)]
mod tests;
