//! Query and header parameter structs, and the text form of parameter values.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, deprecated, docs_or, ident, short_ty};
use crate::ir::{Param, ParamLocation, ParamStyle, Ty};

/// True for a value sent as its plain text (no style applies).
pub fn is_scalar(ctx: &Ctx, t: &Ty) -> bool {
    match t {
        Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64 | Ty::F64 => true,
        Ty::Named(n) => ctx.is_enum(n),
        _ => false,
    }
}

/// An expression producing the text form of a scalar parameter or form value; other
/// shapes go through their JSON form (strings unquoted).
pub fn to_text(ctx: &Ctx, t: &Ty, v: TokenStream) -> TokenStream {
    let rt = &ctx.rt;
    match t {
        Ty::String => quote!(#v.clone()),
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64 | Ty::F64 => quote!(#v.to_string()),
        Ty::Named(n) if ctx.is_enum(n) => quote!(#v.as_str().to_owned()),
        Ty::Box(inner) => to_text(ctx, inner, v),
        _ => {
            quote!(#rt::params::query_pairs("", &#rt::params::to_value(&#v), #rt::Style::Form, false)
            .into_iter().map(|(_, v)| v).collect::<Vec<_>>().join(","))
        }
    }
}

fn style_tokens(ctx: &Ctx, style: ParamStyle) -> TokenStream {
    let rt = &ctx.rt;
    let s = format_ident!("{}", style.runtime_name());
    quote!(#rt::Style::#s)
}

pub fn params_struct(
    ctx: &Ctx,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    required: Option<&str>,
    params: &[Param],
) -> TokenStream {
    let rt = &ctx.rt;
    let here = quote!();
    let all_optional = params.iter().all(|p| !p.required);
    let decls = params.iter().map(|p| {
        let pname = ident(&p.name);
        let pdoc = docs_or(&p.docs, &format!("`{}`", p.wire));
        let dep = deprecated(p.deprecated);
        let base = short_ty(&p.ty, &here);
        let pty = if p.required {
            base
        } else {
            quote!(::std::option::Option<#base>)
        };
        quote!(#pdoc #dep pub #pname: #pty,)
    });
    let applies = params.iter().map(|p| apply(ctx, p));
    let default = if all_optional {
        quote!(Default,)
    } else {
        quote!()
    };
    let (outside, setters) =
        super::builders::param_setters(ctx, &name.to_string(), required, params);
    let request = format_ident!("request");
    let partial_eq = &ctx.partial_eq;
    quote! {
        #doc
        #[derive(Clone, Debug, #default #partial_eq)]
        #[non_exhaustive]
        pub struct #name {
            #(#decls)*
        }
        #outside
        impl #name {
            #setters
            /// Add these parameters to a request (query pairs in declaration order, then headers and cookies).
            pub fn apply(&self, #request: &mut #rt::Request) {
                #(#applies)*
            }
        }
    }
}

/// Statements adding one parameter to `request`.
fn apply(ctx: &Ctx, p: &Param) -> TokenStream {
    let pname = ident(&p.name);
    let wire = &p.wire;
    let explode = p.explode;
    let style = style_tokens(ctx, p.style);
    let scalar = is_scalar(ctx, &p.ty);
    let push = |v: TokenStream| -> TokenStream {
        match p.location {
            ParamLocation::Query if scalar && p.style == ParamStyle::Form => {
                let text = to_text(ctx, &p.ty, v);
                quote!(request.query(#wire, #text);)
            }
            ParamLocation::Query => quote!(request.query_styled(#wire, #v, #style, #explode);),
            ParamLocation::Cookie => quote!(request.cookie_styled(#wire, #v, #explode);),
            _ if scalar => {
                let text = to_text(ctx, &p.ty, v);
                quote!(request.header(#wire, #text);)
            }
            _ => quote!(request.header_styled(#wire, #v, #explode);),
        }
    };
    if p.required && scalar && p.location != ParamLocation::Cookie {
        push(quote!(self.#pname))
    } else if p.required {
        push(quote!(&self.#pname))
    } else {
        let inner = push(quote!(value));
        quote!(if let Some(value) = &self.#pname { #inner })
    }
}
