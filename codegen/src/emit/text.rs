//! Items written as formatted text instead of tokens: the fast path for the repetitive
//! ones (struct definitions, setters, getters), which are most of a large client.
//!
//! Tokens go through `syn::parse2` and prettyplease, which is most of generation's time.
//! An item whose layout is certain (every line well inside prettyplease's margin, docs on
//! `///` lines) is written here as the text prettyplease would print, and stands in the
//! token stream as a placeholder line `__llmgate_text!(N);`, replaced after formatting
//! ([`splice`]). An item that does not qualify is emitted as tokens, as before. Both paths
//! give the same bytes: `Settings::token_items` turns the fast path off, and a test
//! compares the two over every fixture and the published specs.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Ty;

/// prettyplease's margin: a line of this many columns or fewer is printed as it stands,
/// a longer one is broken where it can be (tested for each shape written here).
pub const MARGIN: usize = 89;

/// The name of the placeholder macro; generated items never use it.
const PLACEHOLDER: &str = "__llmgate_text!(";

/// The texts of one formatting run, in placeholder order.
#[derive(Default)]
pub struct Texts {
    items: RefCell<Vec<Vec<String>>>,
}

impl Texts {
    /// A placeholder for `lines` (already formatted, without the item's own indentation).
    pub fn placeholder(&self, lines: Vec<String>) -> TokenStream {
        let mut items = self.items.borrow_mut();
        let n = proc_macro2::Literal::usize_unsuffixed(items.len());
        items.push(lines);
        quote!(__llmgate_text!(#n);)
    }

    /// Replace every placeholder line of `formatted` with its text, indented as it was;
    /// `None` unless each placeholder appears exactly once (a line of the spec's own text
    /// that looks like one, inside a string literal, must not be replaced: the caller then
    /// emits every item as tokens).
    pub fn splice(&self, formatted: String) -> Option<String> {
        let items = self.items.borrow();
        if items.is_empty() {
            return Some(formatted);
        }
        let extra: usize = items.iter().flatten().map(|l| l.len() + 9).sum();
        let mut out = String::with_capacity(formatted.len() + extra);
        let mut used = vec![false; items.len()];
        for line in formatted.split_inclusive('\n') {
            let body = line.trim_start_matches(' ');
            let n = body
                .strip_prefix(PLACEHOLDER)
                .and_then(|rest| rest.strip_suffix(");\n"))
                .and_then(|n| n.parse::<usize>().ok());
            let Some(n) = n else {
                out.push_str(line);
                continue;
            };
            if used.get(n) != Some(&false) {
                return None;
            }
            used[n] = true;
            let indent = &line[..line.len() - body.len()];
            for l in &items[n] {
                if !l.is_empty() {
                    out.push_str(indent);
                    out.push_str(l);
                }
                out.push('\n');
            }
        }
        used.iter().all(|u| *u).then_some(out)
    }
}

/// Whether every line, at `indent` columns, is certainly printed as it stands (doc
/// lines always are: prettyplease never breaks a comment).
pub fn all_fit(lines: &[String], indent: usize) -> bool {
    lines
        .iter()
        .all(|l| indent + l.len() <= MARGIN || l.trim_start().starts_with("///"))
}

/// `text` (as [`super::doc_lines`] takes it) as the `///` lines prettyplease prints, or
/// `None` for a line it would print otherwise (a control character in it).
pub fn doc_lines(text: &str, out: &mut Vec<String>) -> Option<()> {
    for l in text.lines() {
        if l.contains(['\r', '\n']) {
            return None;
        }
        let doc = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        out.push(format!("///{}", doc.trim_end_matches(' ')));
    }
    Some(())
}

/// One doc line from its attribute value (` Set `x`.`), as prettyplease prints it.
pub fn doc_line(value: &str, out: &mut Vec<String>) -> Option<()> {
    if value.contains(['\r', '\n']) || value.starts_with('/') {
        return None;
    }
    out.push(format!("///{}", value.trim_end_matches(' ')));
    Some(())
}

/// [`super::short_ty`] (no prefix) as text.
pub fn short_ty(t: &Ty) -> String {
    t.short()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced_with_their_text_at_their_indentation() {
        let texts = Texts::default();
        let a = texts.placeholder(vec!["/// A.".into(), "pub struct A {}".into()]);
        let b = texts.placeholder(vec!["fn b() {}".into()]);
        let file: syn::File = syn::parse2(quote! {
            mod m { #a impl B { #b } }
        })
        .unwrap();
        let out = texts.splice(prettyplease::unparse(&file)).unwrap();
        assert_eq!(
            out,
            "mod m {\n    /// A.\n    pub struct A {}\n    impl B {\n        fn b() {}\n    }\n}\n"
        );
    }

    #[test]
    fn a_placeholder_line_that_is_not_ours_refuses_the_splice() {
        let texts = Texts::default();
        let a = texts.placeholder(vec!["struct A;".into()]);
        // A raw string keeps its line breaks when printed.
        let forged: TokenStream = "r#\"x\n__llmgate_text!(0);\ny\"#".parse().unwrap();
        let file: syn::File = syn::parse2(quote! {
            #a
            const S: &str = #forged;
        })
        .unwrap();
        assert_eq!(texts.splice(prettyplease::unparse(&file)), None);
        let unused = Texts::default();
        let _ = unused.placeholder(vec!["struct B;".into()]);
        assert_eq!(unused.splice("fn f() {}\n".to_owned()), None);
    }

    #[test]
    fn docs_print_as_prettyplease_prints_them() {
        let mut out = Vec::new();
        doc_lines("One.\n\n  Two  ", &mut out).unwrap();
        assert_eq!(out, ["/// One.", "///", "///   Two"]);
        assert!(doc_lines("a\rb", &mut out).is_none());
        assert!(doc_line("/x", &mut out).is_none());
    }
}

/// The shapes written here break exactly past [`MARGIN`], as prettyplease breaks them: a
/// struct field with a generic type, a method signature, a method chain.
#[cfg(test)]
mod margin {
    use super::MARGIN;

    fn format(src: &str) -> Vec<String> {
        let file: syn::File = syn::parse_str(src).unwrap();
        let out = prettyplease::unparse(&file);
        out.lines().map(str::to_owned).collect()
    }

    #[test]
    fn each_shape_stays_on_one_line_up_to_the_margin_and_breaks_past_it() {
        for n in 1..40 {
            let ty = format!("T{}", "x".repeat(n));
            let field = format!("        pub a: ::std::collections::BTreeMap<String, {ty}>,");
            let sig = format!("        pub fn f(mut self, value: impl Into<{ty}>) -> Self {{");
            let chain =
                format!("            self.x.as_ref().and_then(Nullable::as_option).map({ty}::f)");
            let cases = [
                (
                    field,
                    format!(
                        "mod m {{ struct S {{ pub a: ::std::collections::BTreeMap<String, {ty}>, }} }}"
                    ),
                ),
                (
                    sig,
                    format!(
                        "mod m {{ impl S {{ pub fn f(mut self, value: impl Into<{ty}>) -> Self {{ self }} }} }}"
                    ),
                ),
                (
                    chain,
                    format!(
                        "mod m {{ impl S {{ fn f(&self) {{ self.x.as_ref().and_then(Nullable::as_option).map({ty}::f) }} }} }}"
                    ),
                ),
            ];
            for (line, src) in cases {
                let printed = format(&src);
                let kept = printed.contains(&line);
                assert_eq!(kept, line.len() <= MARGIN, "{} columns: {line}", line.len());
            }
        }
    }
}
