//! Constructors and setters, so that a request is one expression:
//! `ChatRequest::new(model, messages).temperature(0.2).tools([tool])`.
//!
//! - `new(required…)` takes the required properties in spec order as `impl Into<T>`,
//!   filling in required constants (a one-value enum) itself;
//! - one chainable setter per optional property, `impl Into<T>`, and for a property that
//!   is also nullable a `<name>_null()` that sends an explicit `null`;
//! - `Default` when nothing is required but constants.
//!
//! Generic methods are compiled only where they are used; the others are `#[inline]`, so
//! a crate that never calls them does not pay for them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, ident, short_ty};
use crate::ir::{Field, MultipartField, MultipartKind, Param, Ty};
use crate::naming::{Namer, unraw};

/// How a value of `ty` is taken as an argument named `arg`: the `impl Into<..>` target
/// and the expression that stores it (boxed where the field is).
fn into_arg(ty: &Ty, arg: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        Ty::Box(inner) => {
            let t = short_ty(inner, &quote!());
            (quote!(impl Into<#t>), quote!(Box::new(#arg.into())))
        }
        other => {
            let t = short_ty(other, &quote!());
            (quote!(impl Into<#t>), quote!(#arg.into()))
        }
    }
}

/// The variant of a required one-value enum field, which `new` fills in itself.
fn constant(ctx: &Ctx, ty: &Ty) -> Option<TokenStream> {
    let Ty::Named(n) = ty else { return None };
    let variant = ctx.single_variant(n)?;
    let (n, v) = (ident(n), ident(variant));
    Some(quote!(#n::#v))
}

pub fn struct_impl(ctx: &Ctx, name: &str, fields: &[Field], additional: bool) -> TokenStream {
    let ty_name = ident(name);
    let mut namer = Namer::default();
    namer.reserve("new");
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut example_args = Vec::new();
    let mut constants_only = true;
    for f in fields {
        let fname = ident(&f.name);
        if f.required {
            if let Some(c) = constant(ctx, &f.ty) {
                inits.push(quote!(#fname: #c));
                continue;
            }
            constants_only = false;
            let (arg, store) = into_arg(&f.ty, &fname);
            params.push(quote!(#fname: #arg));
            inits.push(quote!(#fname: #store));
            example_args.push(unraw(&f.name).to_owned());
            continue;
        }
        inits.push(quote!(#fname: None));
        let Ty::Option(inner) = &f.ty else { continue };
        let value = quote::format_ident!("value");
        let setter = ident(&namer.unique(&f.name));
        let doc = format!(" Set `{}`.", f.wire);
        let dep = super::deprecated(f.deprecated);
        match &**inner {
            Ty::Nullable(value_ty) => {
                let (arg, store) = into_arg(value_ty, &value);
                let null = ident(&namer.unique(&format!("{}_null", unraw(&f.name))));
                let null_doc = format!(" Send `\"{}\": null`.", f.wire);
                setters.push(quote! {
                    #[doc = #doc]
                    #dep
                    pub fn #setter(mut self, value: #arg) -> Self {
                        self.#fname = Some(Nullable::Value(#store));
                        self
                    }
                    #[doc = #null_doc]
                    #dep
                    #[inline]
                    pub fn #null(mut self) -> Self {
                        self.#fname = Some(Nullable::Null);
                        self
                    }
                });
            }
            value_ty => {
                let (arg, store) = into_arg(value_ty, &value);
                setters.push(quote! {
                    #[doc = #doc]
                    #dep
                    pub fn #setter(mut self, value: #arg) -> Self {
                        self.#fname = Some(#store);
                        self
                    }
                });
            }
        }
    }
    if additional {
        inits.push(quote!(additional_properties: Default::default()));
    }
    let new_doc = if params.is_empty() {
        format!(" A `{name}` with every optional property unset.")
    } else {
        format!(
            " A `{name}` from its required properties ({}); optional ones are unset.",
            example_args
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let default_impl = if constants_only && !fields.iter().all(|f| !f.required) {
        // Required constants only: `Default` fills them in (all-optional structs derive it).
        quote! {
            impl Default for #ty_name {
                #[inline]
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    } else {
        quote!()
    };
    let allow = if params.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required property")])
    } else {
        quote!()
    };
    quote! {
        impl #ty_name {
            #[doc = #new_doc]
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
        #default_impl
    }
}

/// A doc paragraph showing how to build a value: `new` with the required properties,
/// then the first setter.
pub fn construct_doc(name: &str, fields: &[Field], ctx: &Ctx) -> TokenStream {
    let args: Vec<&str> = fields
        .iter()
        .filter(|f| f.required && constant(ctx, &f.ty).is_none())
        .map(|f| unraw(&f.name))
        .collect();
    let setter = fields
        .iter()
        .find(|f| !f.required)
        .map(|f| format!(".{}(..)", unraw(&f.name)))
        .unwrap_or_default();
    let line = format!("let value = {name}::new({}){setter};", args.join(", "));
    let text = format!(
        "\nBuild one with `new` and the setters (fields are public too):\n\n```ignore\n{line}\n```"
    );
    super::doc_lines(&text)
}

/// Setters for a parameter struct's optional parameters.
pub fn param_setters(_ctx: &Ctx, params: &[Param]) -> TokenStream {
    let mut namer = Namer::default();
    namer.reserve("apply");
    namer.reserve("new");
    let setters = params.iter().filter(|p| !p.required).map(|p| {
        let fname = ident(&p.name);
        let setter = ident(&namer.unique(&p.name));
        let (arg, store) = into_arg(&p.ty, &quote::format_ident!("value"));
        let doc = format!(" Set `{}`.", p.wire);
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: #arg) -> Self {
                self.#fname = Some(#store);
                self
            }
        }
    });
    let required: Vec<&Param> = params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let fname = ident(&p.name);
        let (arg, _) = into_arg(&p.ty, &fname);
        quote!(#fname: #arg)
    });
    let inits = params.iter().map(|p| {
        let fname = ident(&p.name);
        if p.required {
            let (_, store) = into_arg(&p.ty, &fname);
            quote!(#fname: #store)
        } else {
            quote!(#fname: None)
        }
    });
    let new_doc = if required.is_empty() {
        " No parameters set.".to_owned()
    } else {
        " The required parameters; optional ones are unset.".to_owned()
    };
    quote! {
        #[doc = #new_doc]
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits),* }
        }
        #(#setters)*
    }
}

/// `new(required parts…)` and a setter per optional part of a multipart body.
pub fn multipart_impl(ctx: &Ctx, fields: &[MultipartField]) -> TokenStream {
    let rt = &ctx.rt;
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut namer = Namer::default();
    namer.reserve("new");
    namer.reserve("to_form");
    for f in fields {
        let fname = ident(&f.name);
        let value = quote::format_ident!("value");
        let (arg, store) = match &f.kind {
            MultipartKind::File => (quote!(#rt::FilePart), quote!(#value)),
            MultipartKind::Text(Ty::Option(t)) => into_arg(t, &value),
            MultipartKind::Text(t) => into_arg(t, &value),
            MultipartKind::Repeated(t) => into_arg(&Ty::Vec(Box::new(t.clone())), &value),
        };
        let repeated = matches!(f.kind, MultipartKind::Repeated(_));
        let optional_text = matches!(f.kind, MultipartKind::Text(Ty::Option(_)));
        if f.required && !repeated && !optional_text {
            params.push(quote!(#fname: #arg));
            inits.push(match &f.kind {
                MultipartKind::Text(t) => {
                    let store = into_arg(t, &fname).1;
                    quote!(#fname: #store)
                }
                _ => quote!(#fname),
            });
            continue;
        }
        inits.push(if repeated {
            quote!(#fname: Vec::new())
        } else {
            quote!(#fname: None)
        });
        let setter = ident(&namer.unique(&f.name));
        let doc = format!(" Set the `{}` part.", f.wire);
        let assign = if repeated {
            quote!(#store)
        } else {
            quote!(Some(#store))
        };
        setters.push(quote! {
            #[doc = #doc]
            pub fn #setter(mut self, #value: #arg) -> Self {
                self.#fname = #assign;
                self
            }
        });
    }
    quote! {
        /// A form from its required parts; optional ones are unset.
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
        #(#setters)*
    }
}
