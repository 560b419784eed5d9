//! `llmgate`: the generator from the command line, and an API diff between spec versions.
//!
//! ```text
//! llmgate generate SPEC [-o FILE] [--module NAME] [--mock[=FEATURE]] [--serde-needed] [--overlay FILE] [--names LOCK]   the code build.rs would write
//! llmgate coverage SPEC...                           operations, methods, types, fallbacks
//! llmgate diff OLD NEW | --bundled NEW [--format text|markdown|json] [--breaking-only] [--fail-on-breaking] what a new spec version changes for clients
//! llmgate spec vendor SPEC -o OUT [--operations IDS] [--tags TAGS] [--keep-extension X]...
//!                    [--names LOCK [--overlay FILE]... [--prune-names]]
//!                                                    a lean copy: every fact, no prose or samples;
//!                                                    with --names, the name lock updated too
//! llmgate spec bundle SPEC -o OUT                    a tree of files as one JSON document
//! ```

use std::process::ExitCode;
use std::time::Instant;

use lexopt::prelude::*;

const USAGE: &str = "usage:
  llmgate generate SPEC [-o FILE] [--module NAME] [--mock[=FEATURE]] [--serde-needed] [--overlay FILE] [--names LOCK]
  llmgate coverage SPEC... [--overlay FILE]... [--tags TAG,..] [--undocumented]
  llmgate diff OLD NEW | --bundled NEW [--format text|markdown|json] [--breaking-only] [--fail-on-breaking]
  llmgate spec vendor SPEC -o OUT [--operations ID,..] [--tags TAG,..] [--keep-extension X-NAME]...
                    [--names LOCK [--overlay FILE]... [--prune-names]]
  llmgate spec bundle SPEC -o OUT";

/// `println!` that ends the program quietly when its reader has gone (`llmgate … | head`)
/// instead of panicking on the broken pipe.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($t)*).is_err() {
            std::process::exit(0);
        }
    }};
}

/// `print!`, likewise.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if write!(std::io::stdout().lock(), $($t)*).is_err() {
            std::process::exit(0);
        }
    }};
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))
}

/// A spec's text: the file itself, or the tree its relative `$ref`s reach bundled into one
/// JSON document.
fn read_spec(path: &str) -> Result<String, String> {
    llmgate_codegen::read_spec(path)
        .map(|s| s.text)
        .map_err(|e| e.to_string())
}

fn run() -> Result<ExitCode, String> {
    // `llmgate diff --help` and the like: the usage, whatever the command.
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h") {
        outln!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(Long("help") | Short('h')) | None => {
            outln!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Some(other) => return Err(format!("{}\n{USAGE}", other.unexpected())),
    };
    match command.as_str() {
        "generate" => generate(parser),
        "coverage" => coverage(parser),
        "diff" => diff(parser),
        "spec" => match parser.next().map_err(|e| e.to_string())? {
            Some(Value(v)) if v == "vendor" => vendor(parser),
            Some(Value(v)) if v == "bundle" => bundle(parser),
            _ => Err(format!(
                "`spec` takes a subcommand: vendor or bundle\n{USAGE}"
            )),
        },
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

fn generate(mut parser: lexopt::Parser) -> Result<ExitCode, String> {
    let (mut spec, mut out, mut module) = (None, None, None);
    let mut mock = llmgate_codegen::Mock::Off;
    let mut serde_both = true;
    let mut overlays = Vec::new();
    let mut names = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            // An OpenAPI Overlay applied to the spec first (repeatable, in order).
            Long("overlay") => overlays.push(string(&mut parser)?),
            // A name lock (`spec vendor --names` writes one): earlier names and field
            // types kept.
            Long("names") => names = Some(string(&mut parser)?),
            Short('o') | Long("output") => {
                out = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?,
                )
            }
            Long("module") => {
                module = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?,
                )
            }
            // `--mock`: a mock module always; `--mock=FEATURE`: behind that cargo feature.
            Long("mock") => {
                mock = match parser.optional_value() {
                    Some(f) => {
                        llmgate_codegen::Mock::Feature(f.string().map_err(|e| e.to_string())?)
                    }
                    None => llmgate_codegen::Mock::On,
                }
            }
            // Each type implements only the serde direction the client needs.
            Long("serde-needed") => serde_both = false,
            Value(v) if spec.is_none() => spec = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let spec = spec.ok_or(format!("generate needs a SPEC\n{USAGE}"))?;
    let text = read_spec(&spec)?;
    let mut settings = llmgate_codegen::Settings::new(spec.clone())
        .mock(mock)
        .serde_both(serde_both);
    for path in overlays {
        settings = settings.overlay(path.clone(), read(&path)?);
    }
    if let Some(path) = names {
        settings = settings.name_lock(path.clone(), read(&path)?);
    }
    if let Some(m) = &module {
        // The same environment variable names `Config::spec(path, module)` gives.
        settings = settings.env_prefix(m.to_ascii_uppercase());
    }
    let generated =
        llmgate_codegen::generate_with_report(&text, &settings).map_err(|e| e.to_string())?;
    for w in &generated.report.warnings {
        eprintln!("warning: {spec}: #{}: {}", w.pointer, w.reason);
    }
    match out {
        Some(path) => {
            llmgate_codegen::write_if_changed(std::path::Path::new(&path), &generated.code)
                .map_err(|e| format!("{path}: cannot write: {e}"))?;
        }
        None => out!("{}", generated.code),
    }
    Ok(ExitCode::SUCCESS)
}

fn coverage(mut parser: lexopt::Parser) -> Result<ExitCode, String> {
    let (mut paths, mut overlays, mut tags, mut list_undocumented) =
        (Vec::new(), Vec::new(), Vec::new(), false);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("overlay") => overlays.push(string(&mut parser)?),
            Long("tags") => tags.extend(comma_list(&string(&mut parser)?)),
            Long("undocumented") => list_undocumented = true,
            Value(v) => paths.push(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    if paths.is_empty() {
        return Err(format!("coverage needs at least one SPEC\n{USAGE}"));
    }
    let mut ok = true;
    for path in paths {
        let text = match read_spec(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{e}");
                ok = false;
                continue;
            }
        };
        let mut settings = llmgate_codegen::Settings::new(path.clone());
        if !tags.is_empty() {
            settings = settings.tags(tags.iter().cloned());
        }
        for o in &overlays {
            settings = settings.overlay(o.clone(), read(o)?);
        }
        let started = Instant::now();
        match llmgate_codegen::generate_with_report(&text, &settings) {
            Ok(g) => {
                let r = &g.report;
                outln!(
                    "{path}: operations {}/{}, methods {}, types {} ({} shared with an identical one), lines {}, fields and parameters without docs {}, fallbacks {}, warnings {}, {:.0} ms",
                    r.operations_generated,
                    r.operations_in_spec,
                    r.methods,
                    r.types,
                    r.shared,
                    g.code.lines().count(),
                    r.undocumented.len(),
                    r.fallbacks.len(),
                    r.warnings.len(),
                    started.elapsed().as_secs_f64() * 1000.0
                );
                for d in &r.declared {
                    outln!("  declared: {d}");
                }
                if list_undocumented {
                    for u in &r.undocumented {
                        outln!("  undocumented #{u}");
                    }
                }
                for (kind, n) in by_kind(&r.fallbacks) {
                    outln!("  fallbacks of a kind: {n} × {kind}");
                }
                for w in &r.warnings {
                    outln!("  warning #{}: {}", w.pointer, w.reason);
                }
                for f in &r.fallbacks {
                    outln!("  fallback #{}: {}", f.pointer, f.reason);
                }
                if r.operations_generated != r.operations_in_spec {
                    ok = false;
                }
            }
            Err(e) => {
                eprintln!("{e}");
                ok = false;
            }
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn diff(mut parser: lexopt::Parser) -> Result<ExitCode, String> {
    let (mut files, mut json, mut fail, mut breaking_only, mut bundled) =
        (Vec::new(), false, false, false, false);
    let mut format = String::from("text");
    let mut fail_on = String::from("wire");
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("json") => format = "json".to_owned(),
            Long("format") => format = string(&mut parser)?,
            // `--fail-on-breaking` (or `=wire`): a change that breaks on the wire;
            // `=rust`: one that breaks a Rust program; `=any`: either.
            Long("fail-on-breaking") => {
                fail = true;
                fail_on = match parser.optional_value() {
                    None => "wire".to_owned(),
                    Some(v) => v.string().map_err(|e| e.to_string())?,
                };
                if !matches!(fail_on.as_str(), "wire" | "rust" | "any") {
                    return Err(format!(
                        "--fail-on-breaking takes wire, rust or any, not `{fail_on}`"
                    ));
                }
            }
            Long("breaking-only") => breaking_only = true,
            Long("bundled") => bundled = true,
            Value(v) => files.push(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    json |= format == "json";
    if !matches!(format.as_str(), "text" | "json" | "markdown") {
        return Err(format!(
            "--format is text, json or markdown, not `{format}`"
        ));
    }
    let (old, new, old_text, lock) = match (bundled, files.as_slice()) {
        (true, [new]) => {
            let path = bundled_spec()?;
            let text = read_spec(&path)?;
            // The bundled client's name lock, beside its spec.
            let lock = std::fs::read_to_string(
                std::path::Path::new(&path).with_file_name("openrouter.names.json"),
            )
            .ok();
            (path, new.clone(), text, lock)
        }
        (false, [old, new]) => (old.clone(), new.clone(), read_spec(old)?, None),
        _ => {
            return Err(format!(
                "diff needs OLD and NEW (or --bundled NEW)\n{USAGE}"
            ));
        }
    };
    let new_text = read_spec(&new)?;
    let mut d =
        llmgate_codegen::diff::diff(&old_text, &old, &new_text, &new).map_err(|e| e.to_string())?;
    // The Rust API: both clients generated and their public items compared, each break
    // with the wire changes behind it.
    let mut rust =
        llmgate_codegen::diff::rust_diff(&old_text, &old, &new_text, &new, lock.as_deref())
            .map_err(|e| e.to_string())?;
    rust.attribute(&mut d);
    if json {
        let mut doc = d.to_json();
        doc["rust"] = serde_json::json!({
            "removed": rust.removed,
            "changed": rust.changed,
            "renamed": rust.renamed,
            "added": rust.added,
            "breaking": rust.breaking(),
            "causes": rust.causes,
            "without_wire_break": rust.without_wire_break(),
            "semver": rust.semver(),
        });
        outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else if format == "markdown" {
        out!("{}", d.to_markdown(breaking_only));
        out!("\n```text\n{}```\n", rust.to_text(breaking_only));
    } else {
        out!("{}", d.to_text(breaking_only));
        out!("{}", rust.to_text(breaking_only));
    }
    let broken = match fail_on.as_str() {
        "rust" => rust.breaking() > 0,
        "any" => rust.breaking() > 0 || d.breaking() > 0,
        _ => d.breaking() > 0,
    };
    Ok(if fail && broken {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The spec llmgate bundles (`spec/openrouter.json` of the llmgate package): from
/// `LLMGATE_BUNDLED_SPEC`, else the `llmgate` package `cargo metadata` finds for the
/// current directory (a crate that depends on it), else this CLI's own source tree.
fn bundled_spec() -> Result<String, String> {
    if let Ok(p) = std::env::var("LLMGATE_BUNDLED_SPEC") {
        return Ok(p);
    }
    let from_cargo =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["metadata", "--format-version", "1"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
            .and_then(|m| {
                m["packages"]
                    .as_array()?
                    .iter()
                    .find(|p| p["name"] == "llmgate")
                    .and_then(|p| {
                        let manifest = std::path::Path::new(p["manifest_path"].as_str()?);
                        Some(manifest.parent()?.join("spec/openrouter.json"))
                    })
            });
    let own = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openrouter.json");
    from_cargo
        .into_iter()
        .chain([own])
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
        .ok_or_else(|| {
            "cannot find the bundled spec: set LLMGATE_BUNDLED_SPEC, or run in a crate that depends on llmgate".to_owned()
        })
}

/// Fallbacks grouped by their reason with the names in it (`…` quoted) left out, most
/// frequent first.
fn by_kind(fallbacks: &[llmgate_codegen::Fallback]) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for f in fallbacks {
        let mut kind = String::new();
        for (i, piece) in f.reason.split('`').enumerate() {
            kind.push_str(if i % 2 == 1 { "`…`" } else { piece });
        }
        *counts.entry(kind).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

fn string(parser: &mut lexopt::Parser) -> Result<String, String> {
    parser
        .value()
        .map_err(|e| e.to_string())?
        .string()
        .map_err(|e| e.to_string())
}

fn comma_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `spec bundle`: a spec published as a tree of files, as one JSON document (every
/// relative `$ref` resolved; schemas from other files become named components).
fn bundle(mut parser: lexopt::Parser) -> Result<ExitCode, String> {
    let (mut spec, mut out) = (None, None);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('o') | Long("output") => out = Some(string(&mut parser)?),
            Value(v) if spec.is_none() => spec = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let spec = spec.ok_or(format!("spec bundle needs a SPEC\n{USAGE}"))?;
    let out = out.ok_or(format!("spec bundle needs -o OUT\n{USAGE}"))?;
    let source = llmgate_codegen::read_spec(&spec).map_err(|e| e.to_string())?;
    let text = if source.bundled {
        source.text
    } else {
        // One file already: written as JSON all the same, so the output's form is known.
        let doc = llmgate_codegen::load_document(&source.text, &spec).map_err(|e| e.to_string())?;
        serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
    };
    llmgate_codegen::write_if_changed(std::path::Path::new(&out), &text)
        .map_err(|e| format!("{out}: cannot write: {e}"))?;
    eprintln!(
        "{out}: {} bytes from {} files",
        text.len(),
        source.files.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Update the name lock `lock` with the names of the client generated from `text` (the
/// vendored spec) with `overlays` and a mock module, as llmgate's build script generates it.
fn update_names(
    text: &str,
    file: &str,
    lock: &str,
    overlays: &[String],
    prune: bool,
) -> Result<(), String> {
    let mut settings = llmgate_codegen::Settings::new(file).mock(llmgate_codegen::Mock::On);
    for o in overlays {
        let body = std::fs::read_to_string(o).map_err(|e| format!("{o}: cannot read: {e}"))?;
        settings = settings.overlay(o.clone(), body);
    }
    let current = llmgate_codegen::current_names(text, &settings).map_err(|e| e.to_string())?;
    let old = match std::fs::read_to_string(lock) {
        Ok(t) => llmgate_codegen::lock::NameLock::parse(&t, lock).map_err(|e| e.to_string())?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Default::default(),
        Err(e) => return Err(format!("{lock}: cannot read: {e}")),
    };
    let new = if prune {
        llmgate_codegen::lock::NameLock::pruned(&current)
    } else {
        old.update(&current)
    };
    let kept = new.entries.values().filter(|e| e.names.len() > 1).count();
    llmgate_codegen::write_if_changed(std::path::Path::new(lock), &new.to_json())
        .map_err(|e| format!("{lock}: cannot write: {e}"))?;
    eprintln!(
        "{lock}: {} names locked, {kept} with earlier names kept as deprecated aliases",
        new.entries.len()
    );
    Ok(())
}

/// `spec vendor`: the facts of a spec without its prose and samples, as JSON.
fn vendor(mut parser: lexopt::Parser) -> Result<ExitCode, String> {
    let (mut spec, mut out, mut names) = (None, None, None);
    let (mut overlays, mut prune) = (Vec::new(), false);
    let mut options = llmgate_codegen::vendor::VendorOptions::default();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('o') | Long("output") => out = Some(string(&mut parser)?),
            // The name lock to update with the vendored spec's names (created if absent).
            Long("names") => names = Some(string(&mut parser)?),
            // Overlays the client is generated with (the names they add are locked too).
            Long("overlay") => overlays.push(string(&mut parser)?),
            // Forget the names the spec no longer has (their deprecated aliases go).
            Long("prune-names") => prune = true,
            Long("operations") => options.operations.extend(comma_list(&string(&mut parser)?)),
            Long("tags") => options.tags.extend(comma_list(&string(&mut parser)?)),
            Long("keep-extension") => options.extensions.push(string(&mut parser)?),
            Value(v) if spec.is_none() => spec = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let spec = spec.ok_or(format!("spec vendor needs a SPEC\n{USAGE}"))?;
    let out = out.ok_or(format!("spec vendor needs -o OUT\n{USAGE}"))?;
    let (text, report) = llmgate_codegen::vendor::vendor(&read_spec(&spec)?, &spec, &options)
        .map_err(|e| e.to_string())?;
    llmgate_codegen::write_if_changed(std::path::Path::new(&out), &text)
        .map_err(|e| format!("{out}: cannot write: {e}"))?;
    if let Some(lock) = names {
        update_names(&text, &out, &lock, &overlays, prune)?;
    }
    let dropped: Vec<String> = report
        .dropped
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    eprintln!(
        "{out}: {} bytes; operations kept {}, left out {}; components left out {}; dropped: {}",
        text.len(),
        report.operations_kept,
        report.operations_dropped,
        report.components_dropped,
        if dropped.is_empty() {
            "nothing".to_owned()
        } else {
            dropped.join(", ")
        }
    );
    Ok(ExitCode::SUCCESS)
}
