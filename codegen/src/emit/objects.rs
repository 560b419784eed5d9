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
use crate::ir::{Field, Ty};

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

/// The serde impls of the struct `name`: each direction when needed, behind
/// `Settings::serde_feature` when not, or left out.
pub fn impls(ctx: &Ctx, name: &str, fields: &[Field], others: bool) -> TokenStream {
    // The `types` module imports the runtime as `rt`.
    let rt = quote!(rt);
    let name = ident(name);
    let fields: Vec<_> = fields
        .iter()
        .map(|f| {
            let (field, wire) = (ident(&f.name), &f.wire);
            let kind = ident(kind(f));
            quote!(#kind #field = #wire,)
        })
        .collect();
    let others = others.then(|| quote!(others(additional_properties)));
    let invoke = |traits: TokenStream| {
        quote! {
            #rt::object! {
                impl #traits for #name { #(#fields)* }
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
