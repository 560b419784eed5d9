//! `Serialize` and `Deserialize` for struct types: a `runtime::object!` invocation listing
//! each field with its property name and kind, instead of serde's derives.
//!
//! The derived impls were most of a full client's build cost (per struct a field enum
//! with its visitor, a sequence visitor, a map visitor, a wrapper type per
//! `deserialize_with` field); `object!` expands to one short body per direction over
//! shared helpers, with the same behaviour (the runtime's `object` module documents it).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, ident};
use crate::ir::{Field, Ty, TypeDef};

/// The kind of a field, as `object!` names it: how it is read and written.
fn kind(f: &Field) -> &'static str {
    match &f.ty {
        // A present `null` is `Some(..)`, not `None`: absent and `null` stay apart.
        Ty::Option(inner)
            if !f.required && matches!(**inner, Ty::Nullable(_) | Ty::Json | Ty::Unit) =>
        {
            "present"
        }
        Ty::Option(_) if f.required => "nullable",
        Ty::Option(_) => "optional",
        _ => "required",
    }
}

/// The name of the field recording the required properties a decoded value lacked
/// (`runtime::Missing`), for a struct with a required property: `missing`, or
/// `missing_required` when a property takes that name.
pub fn missing_field(fields: &[Field]) -> Option<&'static str> {
    if !fields
        .iter()
        .any(|f| matches!(kind(f), "required" | "nullable"))
    {
        return None;
    }
    Some(if fields.iter().any(|f| f.name == "missing") {
        "missing_required"
    } else {
        "missing"
    })
}

/// How a struct keeps properties it does not name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Others {
    /// `additionalProperties` declared: always kept.
    Declared,
    /// Not declared: kept, except while an untagged union tries a variant strictly.
    Undeclared,
}

/// How the spec names a type, for error messages: a component schema by its name, an
/// inline one by the path to it (`ChatResult.usage`), else its JSON pointer.
pub fn spec_name(pointer: &str) -> String {
    let decode = |s: &str| s.replace("~1", "/").replace("~0", "~");
    let under = pointer
        .trim_start_matches('#')
        .strip_prefix("/components/schemas/");
    match under {
        Some(rest) => {
            let mut out = String::new();
            let mut parts = rest.split('/').peekable();
            while let Some(p) = parts.next() {
                match p {
                    "properties" if parts.peek().is_some() => {
                        out.push('.');
                        out.push_str(&decode(parts.next().unwrap_or_default()));
                    }
                    "items" => out.push_str("[]"),
                    p if out.is_empty() => out.push_str(&decode(p)),
                    p => {
                        out.push('/');
                        out.push_str(&decode(p));
                    }
                }
            }
            out
        }
        None => pointer.to_owned(),
    }
}

/// The spec's name for a type's docs: [`spec_name`] under `components`, else the Rust name.
pub fn doc_name(t: &TypeDef) -> String {
    if t.pointer
        .trim_start_matches('#')
        .starts_with("/components/schemas/")
    {
        spec_name(&t.pointer)
    } else {
        t.name.clone()
    }
}

/// The serde impls of the struct `t`: each direction when needed, behind
/// `Settings::serde_feature` when not, or left out.
pub fn impls(ctx: &Ctx, t: &TypeDef, fields: &[Field], others: Option<Others>) -> TokenStream {
    if ctx.text_items {
        if let Some(text) = impls_text(ctx, t, fields, others) {
            return text;
        }
    }
    // The `types` module imports the runtime as `rt`.
    let rt = quote!(rt);
    let spec = spec_name(&t.pointer);
    let name = ident(&t.name);
    let fields_of = fields;
    let fields: Vec<_> = fields
        .iter()
        .map(|f| {
            let (field, wire) = (ident(&f.name), &f.wire);
            let kind = ident(kind(f));
            quote!(#kind #field = #wire,)
        })
        .collect();
    let others = match others {
        Some(Others::Declared) => quote!(others(additional_properties)),
        Some(Others::Undeclared) => quote!(undeclared(additional_properties)),
        None => quote!(),
    };
    let spec = (spec != t.name).then(|| quote!(as #spec));
    let missing = missing_field(fields_of).map(|m| {
        let m = ident(m);
        quote!(missing(#m))
    });
    let invoke = |traits: TokenStream| {
        quote! {
            #rt::object! {
                impl #traits for #name #spec #missing { #(#fields)* }
                #others
            }
        }
    };
    let (ser, de) = ctx.serde(&name.to_string());
    if ser && de {
        return invoke(quote!(Serialize, Deserialize));
    }
    let gate = ctx.serde_gate();
    let part = |needed: bool, traits: TokenStream| match (needed, &gate) {
        (true, _) => invoke(traits),
        (false, Some(gate)) => {
            let item = invoke(traits);
            quote!(#gate #item)
        }
        (false, None) => quote!(),
    };
    let ser = part(ser, quote!(Serialize));
    let de = part(de, quote!(Deserialize));
    quote!(#ser #de)
}

/// [`impls`] as text placeholders ([`super::object_text`]), when every name and string
/// in it is written as it stands.
fn impls_text(
    ctx: &Ctx,
    t: &TypeDef,
    fields: &[Field],
    others: Option<Others>,
) -> Option<TokenStream> {
    use super::object_text::{Entry, invocation};
    let spec = spec_name(&t.pointer);
    let spec = (spec != t.name).then_some(spec.as_str());
    let entries: Vec<Entry> = fields
        .iter()
        .map(|f| Entry {
            kind: kind(f),
            field: &f.name,
            wire: &f.wire,
        })
        .collect();
    let others = match others {
        Some(Others::Declared) => Some("others(additional_properties)"),
        Some(Others::Undeclared) => Some("undeclared(additional_properties)"),
        None => None,
    };
    let (ser, de) = ctx.serde(&t.name);
    let gate = ctx.serde_feature.as_deref();
    let one = |traits: &str, gated: bool| {
        invocation(
            gated.then_some(gate).flatten(),
            traits,
            &t.name,
            spec,
            missing_field(fields),
            &entries,
            others,
        )
    };
    let texts = if ser && de {
        vec![one("Serialize, Deserialize", false)?]
    } else {
        [(ser, "Serialize"), (de, "Deserialize")]
            .into_iter()
            .filter(|(needed, _)| *needed || gate.is_some())
            .map(|(needed, traits)| one(traits, !needed))
            .collect::<Option<Vec<_>>>()?
    };
    let mut out = TokenStream::new();
    for text in texts {
        out.extend(ctx.texts.placeholder(text));
    }
    Some(out)
}
