//! Stage 4: IR to tokens. Reads only the [`ir`](crate::ir).

pub mod client;
pub mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Docs, Module, Ty, TypeKind};

/// Paths the generated code uses to reach its runtime.
pub struct Ctx<'a> {
    pub module: &'a Module,
    /// e.g. `crate::runtime` or `::llmgate::runtime`.
    pub rt: TokenStream,
    /// The same path as a string, for `#[serde(crate = "...")]`.
    pub serde_crate: String,
}

impl Ctx<'_> {
    pub fn kind_of(&self, name: &str) -> Option<&TypeKind> {
        self.module
            .types
            .iter()
            .find(|t| t.name == name)
            .map(|t| &t.kind)
    }

    pub fn is_enum(&self, name: &str) -> bool {
        matches!(self.kind_of(name), Some(TypeKind::Enum { .. }))
    }
}

pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// A type in field position; `prefix` is prepended to named types (e.g. `types::`).
pub fn ty(t: &Ty, prefix: &TokenStream, rt: &TokenStream) -> TokenStream {
    match t {
        Ty::String => quote!(::std::string::String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::U64 => quote!(u64),
        Ty::F64 => quote!(f64),
        Ty::Unit => quote!(()),
        Ty::Json => quote!(#rt::serde_json::Value),
        Ty::JsonObject => {
            quote!(#rt::serde_json::Map<::std::string::String, #rt::serde_json::Value>)
        }
        Ty::Named(n) => {
            let n = ident(n);
            quote!(#prefix #n)
        }
        Ty::Vec(inner) => {
            let inner = ty(inner, prefix, rt);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty(inner, prefix, rt);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        Ty::Option(inner) => {
            let inner = ty(inner, prefix, rt);
            quote!(::std::option::Option<#inner>)
        }
        Ty::Box(inner) => {
            let inner = ty(inner, prefix, rt);
            quote!(::std::boxed::Box<#inner>)
        }
    }
}

/// Doc attributes from spec text. Descriptions are web Markdown, so code fences without
/// a language become `text` (rustdoc would compile them as doctests) and indentation
/// that would start an indented code block is removed.
pub fn docs(d: &Docs) -> TokenStream {
    docs_or(d, "")
}

/// Like [`docs`], with `fallback` when the spec gives no text (every public item gets a doc).
pub fn docs_or(d: &Docs, fallback: &str) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(t) = &d.title {
        paragraphs.push(t.clone());
    }
    if let Some(desc) = &d.description {
        if d.title.as_deref().map(str::trim) != Some(desc.trim()) {
            paragraphs.push(desc.clone());
        }
    }
    paragraphs.extend(d.notes.iter().cloned());
    let mut text = paragraphs
        .iter()
        .map(|p| sanitize(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.is_empty() || (d.title.is_none() && d.description.is_none() && !fallback.is_empty()) {
        text = if text.is_empty() {
            fallback.to_owned()
        } else {
            format!("{fallback}\n\n{text}")
        };
    }
    doc_lines(&text)
}

pub fn doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#(#[doc = #lines])*)
}

pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            if !in_fence && (lang.trim().is_empty() || lang.trim() == "rust") {
                out.push("```text".to_owned());
            } else if !in_fence {
                out.push(format!("```{}", lang.trim()));
            } else {
                out.push("```".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
        } else {
            out.push(trimmed.trim_end().to_owned());
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

pub fn deprecated(flag: bool) -> TokenStream {
    if flag {
        quote!(#[deprecated])
    } else {
        quote!()
    }
}

pub fn module(ctx: &Ctx) -> TokenStream {
    let types = types::emit(ctx);
    let client = client::emit(ctx);
    quote! {
        #types
        #client
    }
}
