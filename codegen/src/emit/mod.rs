//! Stage 4: IR to tokens. Reads only the [`ir`](crate::ir).

pub mod builders;
pub mod client;
pub mod enum_text;
pub mod mock;
pub mod multipart;
pub mod object_text;
pub mod objects;
pub mod pages;
pub mod params;
pub mod struct_text;
pub mod text;
pub mod types;
pub mod unions;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Docs, Module, Ty, TypeKind};

/// Who the generated client talks to: name and environment variables.
pub struct ProviderInfo {
    pub name: String,
    pub api_key_env: String,
    pub base_url_env: String,
    /// Clients decode strictly by default ([`Settings::strict_decoding`](crate::Settings)).
    pub strict_decoding: bool,
    /// Groups left out by features: (accessor, feature).
    pub disabled_groups: Vec<(String, String)>,
}

impl ProviderInfo {
    pub fn new(spec: &crate::model::Spec, settings: &crate::settings::Settings) -> Self {
        let title = spec.title.trim();
        let name = settings.provider_name.clone().unwrap_or_else(|| {
            let t = title
                .strip_suffix(" API")
                .or(title.strip_suffix(" Api"))
                .unwrap_or(title);
            if t.is_empty() {
                "API".to_owned()
            } else {
                t.to_owned()
            }
        });
        let prefix = settings.env_prefix.clone().unwrap_or_else(|| {
            use heck::ToShoutySnakeCase;
            let p = crate::naming::ascii_words(&name).to_shouty_snake_case();
            if p.is_empty() { "API".to_owned() } else { p }
        });
        ProviderInfo {
            name,
            api_key_env: format!("{prefix}_API_KEY"),
            base_url_env: format!("{prefix}_BASE_URL"),
            strict_decoding: settings.strict_decoding,
            disabled_groups: settings.disabled_groups.clone(),
        }
    }
}

/// Paths the generated code uses to reach its runtime.
pub struct Ctx<'a> {
    pub provider: ProviderInfo,
    pub module: &'a Module,
    /// e.g. `crate::runtime` or `::llmgate::runtime`.
    pub rt: TokenStream,
    /// The runtime path as a string, for paths inside generated strings.
    pub rt_path: String,
    /// `PartialEq,` in derive lists, or nothing (`Settings::partial_eq`).
    pub partial_eq: TokenStream,
    /// Per type: (implement `Serialize`, implement `Deserialize`); `None`: both everywhere.
    pub directions: Option<&'a crate::directions::Directions>,
    /// The cargo feature behind which unneeded directions are still implemented.
    pub serde_feature: Option<String>,
    /// The hand-written defaults `MockServer::start` installs (`Settings::mock_defaults`).
    pub mock_defaults: Option<TokenStream>,
    /// `module.types` by name ([`Ctx::index`]).
    pub by_name: std::collections::HashMap<&'a str, usize>,
    /// Named types some constructor takes as a required-and-nullable argument: each gets
    /// `impl rt::OrNull<T> for T` (and for `&str` when text converts into it).

    /// Write the items that qualify as text ([`text`]); off: every item as tokens.
    pub text_items: bool,
    /// The texts written so far, replaced into the formatted output.
    pub texts: text::Texts,
}

impl<'a> Ctx<'a> {
    /// The lookup table for `by_name`.
    pub fn index(module: &'a Module) -> std::collections::HashMap<&'a str, usize> {
        module
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect()
    }
}

impl Ctx<'_> {
    pub fn kind_of(&self, name: &str) -> Option<&TypeKind> {
        self.by_name.get(name).map(|&i| &self.module.types[i].kind)
    }

    /// The one variant of a one-value enum (a constant), by its Rust name.
    pub fn single_variant(&self, name: &str) -> Option<&str> {
        match self.kind_of(name) {
            Some(TypeKind::Enum { variants }) if variants.len() == 1 => Some(&variants[0].name),
            _ => None,
        }
    }

    /// The type an alias stands for (through chains of aliases); other types as they are.
    pub fn resolve_alias(&self, ty: &Ty) -> Ty {
        let mut ty = ty.clone();
        for _ in 0..32 {
            match &ty {
                Ty::Named(n) => match self.kind_of(n) {
                    Some(TypeKind::Alias { ty: target }) => ty = target.clone(),
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// Whether `name` implements `Serialize` and `Deserialize` (`Settings::serde_both`).
    pub fn serde(&self, name: &str) -> (bool, bool) {
        self.directions
            .as_ref()
            .and_then(|d| d.get(name).copied())
            .unwrap_or((true, true))
    }

    /// An attribute putting an unneeded serde item behind `Settings::serde_feature`, or
    /// `None` when it is left out.
    pub fn serde_gate(&self) -> Option<TokenStream> {
        self.serde_feature
            .as_ref()
            .map(|f| quote!(#[cfg(feature = #f)]))
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
/// Code in the root module uses absolute paths (it is `include!`d into a user's module);
/// the generator-owned `types`, `errors` and `responses` modules use prelude names and
/// `serde_json`, which the namer keeps free there.
pub fn ty(t: &Ty, prefix: &TokenStream, rt: &TokenStream) -> TokenStream {
    render(t, prefix, rt, false)
}

/// [`ty`] for the generator-owned modules: `String`, `Option<T>`, `serde_json::Value`.
pub fn short_ty(t: &Ty, prefix: &TokenStream) -> TokenStream {
    render(t, prefix, &quote!(), true)
}

fn render(t: &Ty, prefix: &TokenStream, rt: &TokenStream, short: bool) -> TokenStream {
    let inner = |i: &Ty| render(i, prefix, rt, short);
    match (t, short) {
        (Ty::String, true) => quote!(String),
        (Ty::String, false) => quote!(::std::string::String),
        (Ty::Bool, _) => quote!(bool),
        (Ty::I32, _) => quote!(i32),
        (Ty::I64, _) => quote!(i64),
        (Ty::U64, _) => quote!(u64),
        (Ty::F64, _) => quote!(f64),
        (Ty::Unit, _) => quote!(()),
        (Ty::Json, true) => quote!(serde_json::Value),
        (Ty::Json, false) => quote!(#rt::serde_json::Value),
        (Ty::JsonObject, true) => quote!(serde_json::Map<String, serde_json::Value>),
        (Ty::JsonObject, false) => {
            quote!(#rt::serde_json::Map<::std::string::String, #rt::serde_json::Value>)
        }
        (Ty::Named(n), _) => {
            let n = ident(n);
            quote!(#prefix #n)
        }
        (Ty::Vec(i), true) => {
            let i = inner(i);
            quote!(Vec<#i>)
        }
        (Ty::Vec(i), false) => {
            let i = inner(i);
            quote!(::std::vec::Vec<#i>)
        }
        (Ty::Map(i), true) => {
            let i = inner(i);
            quote!(::std::collections::BTreeMap<String, #i>)
        }
        (Ty::Map(i), false) => {
            let i = inner(i);
            quote!(::std::collections::BTreeMap<::std::string::String, #i>)
        }
        (Ty::Option(i), true) => {
            let i = inner(i);
            quote!(Option<#i>)
        }
        (Ty::Option(i), false) => {
            let i = inner(i);
            quote!(::std::option::Option<#i>)
        }
        (Ty::Nullable(i), true) => {
            let i = inner(i);
            quote!(Nullable<#i>)
        }
        (Ty::Nullable(i), false) => {
            let i = inner(i);
            quote!(#rt::Nullable<#i>)
        }
        (Ty::Box(i), true) => {
            let i = inner(i);
            quote!(Box<#i>)
        }
        (Ty::Box(i), false) => {
            let i = inner(i);
            quote!(::std::boxed::Box<#i>)
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
    doc_lines(&doc_text(d, fallback))
}

/// The text [`docs_or`] writes, before it is split into doc attributes.
pub fn doc_text(d: &Docs, fallback: &str) -> String {
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
    text
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

/// Every module for one spec, as tokens.
pub fn module(ctx: &Ctx, mock: &crate::settings::Mock) -> TokenStream {
    let types = types::emit(ctx, 0..ctx.module.types.len(), true);
    let client = client::emit(ctx);
    let mock = mock::emit(ctx, mock);
    quote! {
        #types
        #client
        #mock
    }
}

/// Fewer types than this are emitted and formatted on one thread.
pub const PARALLEL_MIN_TYPES: usize = 64;

/// Emit and format the generated source (without the header). With `split`, on two
/// threads: the `types` module's first `split` types on this one, the other types and
/// every other module on a second, each formatted on its own and joined where the
/// `types` module closes and reopens. Item by item, prettyplease formats alike either
/// way, so the output is the same as [`module`] formatted whole (tested).
///
/// Tokens cannot cross threads, so each thread builds its own [`Ctx`] with `make_ctx`.
pub fn emit_source<'a>(
    make_ctx: &(dyn Fn() -> Ctx<'a> + Sync),
    mock: &crate::settings::Mock,
    file: &str,
    split: Option<usize>,
) -> Result<String, crate::Error> {
    let ctx = make_ctx();
    // Every item as tokens: where a splice was refused.
    let tokens_only = || {
        let mut ctx = make_ctx();
        ctx.text_items = false;
        let formatted = crate::format::unparse(module(&ctx, mock), file)?;
        Ok(ctx.texts.splice(formatted).unwrap_or_default())
    };
    let whole = || {
        let ctx = make_ctx();
        let formatted = crate::format::unparse(module(&ctx, mock), file)?;
        match ctx.texts.splice(formatted) {
            Some(code) => Ok(code),
            None => tokens_only(),
        }
    };
    let n = ctx.module.types.len();
    // With every type in the first part the second would reopen an empty module.
    let Some(split) = split.filter(|&s| s < n) else {
        return whole();
    };
    let (head, tail) = std::thread::scope(|scope| {
        let tail = scope.spawn(|| {
            let ctx = make_ctx();
            let types = types::emit(&ctx, split..n, false);
            let client = client::emit(&ctx);
            let mock = mock::emit(&ctx, mock);
            crate::format::unparse(quote!(#types #client #mock), file).map(|f| ctx.texts.splice(f))
        });
        let head = crate::format::unparse(types::emit(&ctx, 0..split, true), file)
            .map(|f| ctx.texts.splice(f));
        (head, tail.join())
    });
    let (head, tail) = match tail {
        Ok(tail) => (head?, tail?),
        Err(_) => return whole(),
    };
    let (Some(head), Some(tail)) = (head, tail) else {
        return tokens_only();
    };
    const REOPEN: &str = "pub mod types {\n";
    match (head.strip_suffix("}\n"), tail.strip_prefix(REOPEN)) {
        (Some(head), Some(tail)) => Ok([head, tail].concat()),
        _ => whole(),
    }
}
