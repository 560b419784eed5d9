//! Unions (`oneOf`/`anyOf`): the enum, how a value picks its variant, `From` conversions.
//!
//! The decision rule, documented for users in the generator's crate docs:
//! a tagged union dispatches on its tag (several variants sharing a tag value are tried
//! in order, the first that keeps the value whole wins); an untagged union tries its
//! variants from the most to the least specific shape and takes the first whose constant
//! properties match and that re-encodes the value unchanged; a value no variant keeps
//! whole is kept as `Unknown(serde_json::Value)`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, deprecated, docs_or, ident, short_ty};
use crate::ir::{Ty, TypeDef, UnionVariant};

pub fn union(ctx: &Ctx, t: &TypeDef, variants: &[UnionVariant], tag: Option<&str>) -> TokenStream {
    let name = ident(&t.name);
    let mut doc = docs_or(
        &t.docs,
        &format!("The `{}` schema.", super::objects::doc_name(t)),
    );
    if let Some(tag) = tag {
        let tag_doc =
            format!(" Tagged by the `{tag}` property; an unknown tag decodes as `Unknown`.");
        doc.extend(quote!(#[doc = ""] #[doc = #tag_doc]));
    }
    let dep = deprecated(t.deprecated);
    let decls = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let vdoc = docs_or(&v.docs, &format!("The `{}` variant.", v.name));
        match &v.unit {
            Some(wire) => {
                let d = format!(" The constant `{wire}`.");
                quote!(#vdoc #[doc = ""] #[doc = #d] #vname,)
            }
            None => {
                let vty = short_ty(&v.ty, &quote!());
                quote!(#vdoc #vname(#vty),)
            }
        }
    });
    let deserialize = match tag {
        Some(tag) => tagged(ctx, variants, tag),
        None => untagged(ctx, variants),
    };
    let serialize_arms = variants.iter().map(|v| {
        let vname = ident(&v.name);
        match &v.unit {
            Some(wire) => quote!(Self::#vname => serializer.serialize_str(#wire),),
            None => quote!(Self::#vname(value) => Serialize::serialize(value, serializer),),
        }
    });
    let conversions = conversions(ctx, t, variants);
    let rt = &ctx.rt;
    let (ser, de) = ctx.serde(&t.name);
    let gate = ctx.serde_gate();
    let serialize = (ser || gate.is_some()).then(|| {
        let gate = if ser { None } else { gate.clone() };
        quote! {
            #gate
            impl Serialize for #name {
                fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #(#serialize_arms)*
                        Self::Unknown(value) => Serialize::serialize(value, serializer),
                    }
                }
            }
        }
    });
    let deserialize = (de || gate.is_some()).then(|| {
        let gate = if de { None } else { gate.clone() };
        quote! {
            #gate
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #deserialize
                }
            }
            #gate
            impl #rt::Absent for #name {
                #[inline]
                fn absent() -> Self {
                    Self::Unknown(serde_json::Value::Null)
                }
            }
        }
    });
    let partial_eq = &ctx.partial_eq;
    quote! {
        #doc
        #dep
        #[derive(Clone, Debug, #partial_eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// A value no variant of this version of the spec keeps whole, kept as sent.
            Unknown(serde_json::Value),
        }
        #serialize
        #deserialize
        #conversions
    }
}

/// The tag decides; variants sharing a tag value are tried in order (the first that
/// keeps the value whole, by the passes of `runtime::de::passes`), the last one decoding
/// directly when none does.
fn tagged(ctx: &Ctx, variants: &[UnionVariant], tag: &str) -> TokenStream {
    let rt = &ctx.rt;
    let mut by_tag: BTreeMap<&str, Vec<&UnionVariant>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for v in variants {
        for t in &v.tags {
            let entry = by_tag.entry(t.as_str()).or_default();
            if entry.is_empty() {
                order.push(t.as_str());
            }
            entry.push(v);
        }
    }
    let arms = order.iter().map(|t| {
        let group = &by_tag[t];
        let (last, first) = group.split_last().expect("a tag has a variant");
        let lname = ident(&last.name);
        // Every variant sharing the tag is tried (the last too, so that it wins over an
        // earlier one that would only fit by tolerating missing properties); the last
        // one decodes directly when none fits.
        let candidates = if first.is_empty() { first } else { &group[..] };
        let tries: Vec<_> = candidates
            .iter()
            .map(|v| {
                let vname = ident(&v.name);
                let vty = short_ty(&v.ty, &quote!());
                quote! {
                    if let Some(v) = #rt::de::variant::<#vty>(&value, &[]) {
                        return Some(Self::#vname(v));
                    }
                }
            })
            .collect();
        let tries = passes(ctx, &tries);
        quote!(Some(#t) => { #tries Self::#lname(serde_json::from_value(value)?) })
    });
    // Without the tag: the variants that may omit it, by evidence.
    let untagged_tries = variants
        .iter()
        .filter(|v| {
            !v.consts
                .iter()
                .any(|(p, _, required)| p == tag && *required)
        })
        .map(|v| {
            let vname = ident(&v.name);
            let vty = short_ty(&v.ty, &quote!());
            quote! {
                if let Some(v) = #rt::de::variant::<#vty>(&value, &[]) {
                    return Some(Self::#vname(v));
                }
            }
        })
        .collect::<Vec<_>>();
    let untagged_tries = passes(ctx, &untagged_tries);
    quote! {
        #rt::de::tagged(deserializer, #tag, |tag, value| {
            Ok(match tag {
                #(#arms)*
                None => {
                    #untagged_tries
                    Self::Unknown(value)
                }
                _ => Self::Unknown(value),
            })
        })
    }
}

/// `tries` (each `return Some(..)` on a match) in the strict pass, then the keeping one;
/// returns from the enclosing closure with the first match.
fn passes(ctx: &Ctx, tries: &[TokenStream]) -> TokenStream {
    if tries.is_empty() {
        return quote!();
    }
    let rt = &ctx.rt;
    quote! {
        for &strict in #rt::de::passes() {
            let found = #rt::de::pass(strict, || {
                #(#tries)*
                None
            });
            if let Some(found) = found {
                return Ok(found);
            }
        }
    }
}

/// Evidence, not order: constants first, then the first variant that re-encodes the
/// value unchanged; else `Unknown`.
fn untagged(ctx: &Ctx, variants: &[UnionVariant]) -> TokenStream {
    let rt = &ctx.rt;
    let has_text = variants
        .iter()
        .any(|v| v.unit.is_none() && ctx.resolve_alias(&v.ty) == Ty::String);
    let tries = variants.iter().map(|v| {
        let vname = ident(&v.name);
        match &v.unit {
            Some(wire) => quote! {
                if value.as_str() == Some(#wire) {
                    return Some(Self::#vname);
                }
            },
            None => {
                let vty = short_ty(&v.ty, &quote!());
                let consts = v.consts.iter().map(|(p, c, r)| quote!((#p, #c, #r)));
                // Beside a text variant an enum takes only the values it lists, so that
                // decoding and `From<&str>` agree.
                let known =
                    (has_text && is_enum(ctx, &v.ty)).then(|| quote!(.filter(<#vty>::is_known)));
                quote! {
                    if let Some(v) = #rt::de::variant::<#vty>(&value, &[#(#consts),*]) #known {
                        return Some(Self::#vname(v));
                    }
                }
            }
        }
    });
    quote! {
        let value = serde_json::Value::deserialize(deserializer)?;
        for &strict in #rt::de::passes() {
            let found = #rt::de::pass(strict, || {
                #(#tries)*
                None
            });
            if let Some(found) = found {
                return Ok(found);
            }
        }
        Ok(Self::Unknown(value))
    }
}

/// True for an (open) enum, through aliases.
fn is_enum(ctx: &Ctx, ty: &Ty) -> bool {
    matches!(ctx.resolve_alias(ty), Ty::Named(n) if ctx.is_enum(&n))
}

/// `From<T>` for each variant whose payload type is unique in the union (boxing where the
/// variant holds a `Box`), and `From<&str>`/`From<String>` and `as_text()` when one variant
/// holds a string.
fn conversions(ctx: &Ctx, t: &TypeDef, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&t.name);
    let payload = |v: &UnionVariant| -> Option<Ty> {
        if v.unit.is_some() {
            return None;
        }
        Some(match &v.ty {
            Ty::Box(inner) => (**inner).clone(),
            other => other.clone(),
        })
    };
    // Aliases are the same Rust type as their target: two variants whose payloads resolve
    // to one type would give conflicting `From` impls.
    let mut count: BTreeMap<Ty, usize> = BTreeMap::new();
    for v in variants {
        if let Some(p) = payload(v) {
            *count.entry(ctx.resolve_alias(&p)).or_default() += 1;
        }
    }
    let mut out = TokenStream::new();
    for v in variants {
        let Some(p) = payload(v) else { continue };
        let resolved = ctx.resolve_alias(&p);
        if count[&resolved] != 1 || resolved == Ty::Named(t.name.clone()) || resolved == Ty::Json {
            continue;
        }
        // `From<String>` for a text variant goes through the decoding order (below).
        if resolved == Ty::String && converts_text(ctx, variants) {
            continue;
        }
        let vname = ident(&v.name);
        let pty = short_ty(&p, &quote!());
        let wrap = if matches!(v.ty, Ty::Box(_)) {
            quote!(Box::new(value))
        } else {
            quote!(value)
        };
        out.extend(quote! {
            impl From<#pty> for #name {
                fn from(value: #pty) -> Self {
                    Self::#vname(#wrap)
                }
            }
        });
    }
    out.extend(text_conversions(ctx, &name, variants));
    out
}

/// True when the union has `From<&str>` (one string variant, or else one enum variant).
pub fn converts_text(ctx: &Ctx, variants: &[UnionVariant]) -> bool {
    let strings = variants
        .iter()
        .filter(|v| v.unit.is_none() && ctx.resolve_alias(&v.ty) == Ty::String)
        .count();
    let enums = variants
        .iter()
        .filter(|v| v.unit.is_none() && is_enum(ctx, &v.ty))
        .count();
    strings == 1 || (strings == 0 && enums == 1)
}

/// `From<&str>`/`From<String>` (when [`converts_text`]) deciding the variant as decoding
/// does — constants and listed enum values before the text variant, in variant order —
/// and `as_text()`, the text of any string-like variant.
fn text_conversions(
    ctx: &Ctx,
    name: &proc_macro2::Ident,
    variants: &[UnionVariant],
) -> TokenStream {
    let is_text = |v: &UnionVariant| v.unit.is_none() && ctx.resolve_alias(&v.ty) == Ty::String;
    let texts = variants.iter().filter(|v| is_text(v)).count();
    let mut out = TokenStream::new();
    let mut arms = Vec::new();
    for v in variants {
        let vname = ident(&v.name);
        let vty = short_ty(&v.ty, &quote!());
        if let Some(wire) = &v.unit {
            arms.push(quote!(Self::#vname => Some(#wire),));
        } else if is_text(v) {
            arms.push(quote!(Self::#vname(text) => Some(text.as_str()),));
        } else if is_enum(ctx, &v.ty) {
            arms.push(quote!(Self::#vname(value) => Some(<#vty>::as_str(value)),));
        }
    }
    if !arms.is_empty() {
        out.extend(quote! {
            impl #name {
                /// The text, when the value is a string (text, a listed value or a constant).
                #[inline]
                pub fn as_text(&self) -> Option<&str> {
                    match self {
                        #(#arms)*
                        _ => None,
                    }
                }
            }
        });
    }
    if !converts_text(ctx, variants) {
        return out;
    }
    // The steps decoding takes for a string, up to and including the first that takes any.
    let mut steps = Vec::new();
    for v in variants {
        let vname = ident(&v.name);
        let vty = short_ty(&v.ty, &quote!());
        if let Some(wire) = &v.unit {
            steps.push(quote!(if value == #wire { return Self::#vname; }));
        } else if is_text(v) {
            steps.push(quote!(Self::#vname(value.to_owned())));
            break;
        } else if is_enum(ctx, &v.ty) && texts == 0 {
            steps.push(quote!(Self::#vname(<#vty>::from(value))));
            break;
        } else if is_enum(ctx, &v.ty) {
            steps.push(quote! {
                let listed = <#vty>::from(value);
                if listed.is_known() {
                    return Self::#vname(listed);
                }
            });
        }
    }
    out.extend(quote! {
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                #(#steps)*
            }
        }
        impl From<String> for #name {
            #[inline]
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }
    });
    out
}
