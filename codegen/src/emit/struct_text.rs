//! A struct's definition and its setters and getters as formatted text ([`super::text`]):
//! line for line what prettyplease prints for the tokens `types` and `builders` emit, or
//! `None` where a line might be laid out otherwise (then the tokens are used).

use super::builders::{GetterName, ImplPlan, Rest, SetterName, getter_doc};
use super::text::{MARGIN, all_fit, doc_line, doc_lines, short_ty};
use crate::ir::{Field, Ty};

/// Columns of a `types` item, and of the items inside its `impl` block.
const ITEM: usize = 4;
const MEMBER: usize = 8;

/// What the struct's definition holds beyond its declared fields.
pub enum Extra<'a> {
    None,
    /// `additionalProperties` declared with this value type.
    Declared(&'a Ty),
    /// Undeclared properties of an open struct, kept as JSON values.
    Undeclared,
}

/// The definition: docs, `#[derive]`, fields, and the map of other properties.
pub struct Def<'a> {
    pub name: &'a str,
    pub docs: &'a str,
    pub construct: &'a str,
    pub deprecated: bool,
    pub default: bool,
    pub fields: &'a [Field],
    pub extra: Extra<'a>,
    /// The field recording missing required properties, if the struct has one.
    pub missing: Option<&'a str>,
}

/// The struct's definition as text, when its layout is certain.
pub fn definition(d: &Def) -> Option<Vec<String>> {
    let mut out = Vec::with_capacity(8 + d.fields.len() * 3);
    doc_lines(d.docs, &mut out)?;
    doc_lines(d.construct, &mut out)?;
    if d.deprecated {
        out.push("#[deprecated]".to_owned());
    }
    out.push(if d.default {
        "#[derive(Clone, Debug, Default, PartialEq)]".to_owned()
    } else {
        "#[derive(Clone, Debug, PartialEq)]".to_owned()
    });
    out.push("#[non_exhaustive]".to_owned());
    out.push(format!("pub struct {} {{", d.name));
    for f in d.fields {
        let mut docs = Vec::new();
        doc_lines(
            &super::doc_text(&f.docs, &format!("`{}`", f.wire)),
            &mut docs,
        )?;
        out.extend(docs.into_iter().map(indent));
        if f.deprecated {
            out.push("    #[deprecated]".to_owned());
        }
        out.push(format!("    pub {}: {},", f.name, short_ty(&f.ty)));
    }
    let value = match d.extra {
        Extra::None => None,
        Extra::Declared(a) => {
            out.push("    /// Properties not named above (`additionalProperties`).".to_owned());
            Some(short_ty(a))
        }
        Extra::Undeclared => {
            out.push(
                "    /// Properties the spec does not declare, as the server sent them (written"
                    .to_owned(),
            );
            out.push("    /// back unchanged).".to_owned());
            Some("serde_json::Value".to_owned())
        }
    };
    if let Some(value) = value {
        let line = format!(
            "    pub additional_properties: ::std::collections::BTreeMap<String, {value}>,"
        );
        if ITEM + line.len() <= MARGIN {
            out.push(line);
        } else {
            out.push("    pub additional_properties: ::std::collections::BTreeMap<".into());
            out.push("        String,".to_owned());
            out.push(format!("        {value},"));
            out.push("    >,".to_owned());
        }
    }
    if let Some(m) = d.missing {
        out.push(
            "    /// Required properties the server left out, by name: they read as their"
                .to_owned(),
        );
        out.push(
            "    /// type's absent value and are not written back (`runtime::Missing`).".to_owned(),
        );
        out.push(format!("    pub {m}: rt::Missing,"));
    }
    // A struct without members is written `{}`, as rustfmt and prettyplease write it.
    let open = format!("pub struct {} {{", d.name);
    match out.last_mut() {
        Some(last) if *last == open => last.push('}'),
        _ => out.push("}".to_owned()),
    }
    all_fit(&out, ITEM).then_some(out)
}

fn indent(line: String) -> String {
    format!("    {line}")
}

/// How a setter takes its value and stores it (as `builders::into_arg` writes them).
fn into_arg(value: &Ty) -> (String, &'static str, &'static str) {
    match value {
        Ty::Box(inner) => (short_ty(inner), "Box::new(", ")"),
        other => (short_ty(other), "", ""),
    }
}

/// The setters, then the getters, as text, when their layout is certain.
pub fn accessors(setters: &[SetterName], getters: &[GetterName]) -> Option<Vec<String>> {
    if setters.is_empty() && getters.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(setters.len() * 6 + getters.len() * 5);
    for s in setters {
        setter(s, &mut out)?;
    }
    for g in getters {
        getter(g, &mut out)?;
    }
    all_fit(&out, MEMBER).then_some(out)
}

fn setter(s: &SetterName, out: &mut Vec<String>) -> Option<()> {
    let f = s.field;
    let (arg, open, close) = into_arg(s.value);
    doc_line(&format!(" Set `{}`.", f.wire), out)?;
    if f.deprecated {
        out.push("#[deprecated]".to_owned());
    }
    let signature = format!(
        "pub fn {}(mut self, value: impl Into<{arg}>) -> Self {{",
        s.name
    );
    if MEMBER + signature.len() <= MARGIN {
        out.push(signature);
    } else {
        out.push(format!("pub fn {}(", s.name));
        out.push("    mut self,".to_owned());
        out.push(format!("    value: impl Into<{arg}>,"));
        out.push(") -> Self {".to_owned());
    }
    let store = format!("{open}value.into(){close}");
    out.push(match s.null {
        Some(_) => format!("    self.{} = Some(Nullable::Value({store}));", f.name),
        None => format!("    self.{} = Some({store});", f.name),
    });
    out.push("    self".to_owned());
    out.push("}".to_owned());
    if let Some(null) = &s.null {
        doc_line(&format!(" Send `\"{}\": null`.", f.wire), out)?;
        if f.deprecated {
            out.push("#[deprecated]".to_owned());
        }
        out.push("#[inline]".to_owned());
        out.push(format!("pub fn {null}(mut self) -> Self {{"));
        out.push(format!("    self.{} = Some(Nullable::Null);", f.name));
        out.push("    self".to_owned());
        out.push("}".to_owned());
    }
    Some(())
}

/// The reference a getter returns for a stored `T`, and the `map` that makes it.
fn view(t: &Ty) -> (String, &'static str) {
    match t {
        Ty::String => ("&str".to_owned(), ".map(String::as_str)"),
        Ty::Vec(i) => (format!("&[{}]", short_ty(i)), ".map(Vec::as_slice)"),
        Ty::Box(i) => (format!("&{}", short_ty(i)), ".map(|b| &**b)"),
        other => (format!("&{}", short_ty(other)), ""),
    }
}

fn getter(g: &GetterName, out: &mut Vec<String>) -> Option<()> {
    let f = g.field;
    let (ret, body) = match g.inner {
        Ty::Unit => return Some(()),
        Ty::Nullable(value) => {
            let (ret, map) = view(value);
            let chain = format!(
                "self.{}.as_ref().and_then(Nullable::as_option){map}",
                f.name
            );
            if MEMBER + 4 + chain.len() > MARGIN {
                // Past the margin prettyplease puts each call of the chain on its own line.
                return getter_lines(
                    g,
                    &ret,
                    &chain_lines(
                        &f.name,
                        &[".as_ref()", ".and_then(Nullable::as_option)", map],
                    ),
                    out,
                );
            }
            (ret, chain)
        }
        Ty::Json => (
            "&serde_json::Value".to_owned(),
            format!("self.{}.as_ref().filter(|v| !v.is_null())", f.name),
        ),
        value @ (Ty::String | Ty::Vec(_) | Ty::Box(_)) => {
            (view(value).0, format!("self.{}.as_deref()", f.name))
        }
        value => {
            let (ret, map) = view(value);
            (ret, format!("self.{}.as_ref(){map}", f.name))
        }
    };
    getter_lines(g, &ret, &[format!("    {body}")], out)
}

/// `self.<field>` and then each call on a line of its own (`map` may be empty).
fn chain_lines(field: &str, calls: &[&str]) -> Vec<String> {
    let mut lines = vec![format!("    self.{field}")];
    lines.extend(
        calls
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| format!("        {c}")),
    );
    lines
}

fn getter_lines(g: &GetterName, ret: &str, body: &[String], out: &mut Vec<String>) -> Option<()> {
    let f = g.field;
    doc_line(&getter_doc(f), out)?;
    if f.deprecated {
        out.push("#[deprecated]".to_owned());
    }
    out.push("#[inline]".to_owned());
    out.push(format!("pub fn {}(&self) -> Option<{ret}> {{", g.name));
    out.extend(body.iter().cloned());
    out.push("}".to_owned());
    Some(())
}

/// prettyplease keeps a struct literal on one line up to this many columns (tested).
const LITERAL_ONE_LINE: usize = 35;

/// The whole `impl` block (`new`, setters, getters) as text, when its layout is certain.
/// Only for a positional `new` (not through a `…Required` struct).
pub fn inherent_impl(plan: &ImplPlan) -> Option<Vec<String>> {
    // A field the name lock keeps out of `new` (rare): the token path writes it.
    if !plan.demoted.is_empty() {
        return None;
    }
    let mut body = Vec::with_capacity(8 + plan.rest.len() + plan.setters.len() * 6);
    doc_line(&plan.new_doc, &mut body)?;
    let mut params = Vec::with_capacity(plan.taken.len());
    let mut inits = Vec::with_capacity(plan.taken.len() + plan.rest.len() + 1);
    for f in &plan.taken {
        let (take, store) = take_and_store(f);
        params.push(format!("{}: {take}", f.name));
        inits.push(format!("{}: {store}", f.name));
    }
    for r in &plan.rest {
        inits.push(match r {
            Rest::Unset(f) => format!("{}: None", f.name),
            Rest::Constant(f, n, v) => format!("{}: {n}::{v}", f.name),
            Rest::Absent(_) => return None,
        });
    }
    if plan.additional {
        inits.push("additional_properties: Default::default()".to_owned());
    }
    if let Some(m) = plan.missing {
        inits.push(format!("{m}: Default::default()"));
    }
    let signature = format!("pub fn new({}) -> Self {{", params.join(", "));
    if MEMBER + signature.len() <= MARGIN {
        body.push(signature);
    } else {
        body.push("pub fn new(".to_owned());
        body.extend(params.iter().map(|p| format!("    {p},")));
        body.push(") -> Self {".to_owned());
    }
    let literal = if inits.is_empty() {
        "Self {}".to_owned()
    } else {
        format!("Self {{ {} }}", inits.join(", "))
    };
    if literal.len() <= LITERAL_ONE_LINE {
        body.push(format!("    {literal}"));
    } else {
        body.push("    Self {".to_owned());
        body.extend(inits.iter().map(|i| format!("        {i},")));
        body.push("    }".to_owned());
    }
    body.push("}".to_owned());
    for s in &plan.setters {
        setter(s, &mut body)?;
    }
    for g in &plan.getters {
        getter(g, &mut body)?;
    }
    let mut out = Vec::with_capacity(body.len() + 2);
    out.push(format!("impl {} {{", plan.name));
    out.extend(body.into_iter().map(indent));
    out.push("}".to_owned());
    all_fit(&out, ITEM).then_some(out)
}

/// How `new` takes a required field and stores it (as `builders::field_arg` writes them).
fn take_and_store(f: &Field) -> (String, String) {
    let unbox = |t: &Ty| match t {
        Ty::Box(inner) => (short_ty(inner), true),
        other => (short_ty(other), false),
    };
    // Required values that may be `null` are not arguments (`new` sets them to `null`).
    {
        let (t, boxed) = unbox(&f.ty);
        let store = if boxed {
            format!("Box::new({}.into())", f.name)
        } else {
            format!("{}.into()", f.name)
        };
        (format!("impl Into<{t}>"), store)
    }
}

#[cfg(test)]
mod tests {
    use super::LITERAL_ONE_LINE;

    /// prettyplease keeps `Self { .. }` on one line exactly up to [`LITERAL_ONE_LINE`].
    #[test]
    fn a_struct_literal_stays_on_one_line_up_to_its_width() {
        for fields in [vec!["a"], vec!["ab", "c"], vec!["x", "y", "z"]] {
            for n in 0..30 {
                let inits: Vec<String> = fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| match i {
                        0 => format!("{f}{}: None", "q".repeat(n)),
                        _ => format!("{f}: None"),
                    })
                    .collect();
                let literal = format!("Self {{ {} }}", inits.join(", "));
                let src = format!("mod m {{ impl S {{ pub fn new() -> Self {{ {literal} }} }} }}");
                let file: syn::File = syn::parse_str(&src).unwrap();
                let kept = prettyplease::unparse(&file).contains(&literal);
                assert_eq!(kept, literal.len() <= LITERAL_ONE_LINE, "{literal}");
            }
        }
    }
}
