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

/// One value `new` takes: as a positional argument, or as a field of the `…Required`
/// struct.
pub struct Arg {
    pub field: proc_macro2::Ident,
    pub wire: String,
    /// The positional argument's type (`impl Into<String>`).
    pub take: TokenStream,
    /// The stored value, from the argument (named `field`).
    pub store: TokenStream,
    /// The type of the `…Required` struct's field.
    pub plain: TokenStream,
    /// The stored value, from that field (named `field`).
    pub from_plain: TokenStream,
    pub deprecated: bool,
}

/// `new` from `args` (positionally, or through the `required` struct when it is named)
/// and the `rest` of the field initializers; the items that go outside the `impl` block
/// (the `…Required` struct) first.
pub fn constructor(
    of: &str,
    required: Option<&str>,
    args: &[Arg],
    rest: &[TokenStream],
    doc: &str,
) -> (TokenStream, TokenStream) {
    let Some(required) = required else {
        let params = args.iter().map(|a| {
            let (f, t) = (&a.field, &a.take);
            quote!(#f: #t)
        });
        let inits = args.iter().map(|a| {
            let (f, s) = (&a.field, &a.store);
            if *f == s.to_string() {
                quote!(#f)
            } else {
                quote!(#f: #s)
            }
        });
        let f = quote! {
            #[doc = #doc]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #(#rest),* }
            }
        };
        return (quote!(), f);
    };
    let req = ident(required);
    let fields = args.iter().map(|a| {
        let (f, t) = (&a.field, &a.plain);
        let d = format!(" `{}`", a.wire);
        let dep = super::deprecated(a.deprecated);
        quote!(#[doc = #d] #dep pub #f: #t,)
    });
    let names: Vec<_> = args.iter().map(|a| &a.field).collect();
    let inits = args.iter().map(|a| {
        let (f, s) = (&a.field, &a.from_plain);
        if *f == s.to_string() {
            quote!(#f)
        } else {
            quote!(#f: #s)
        }
    });
    let struct_doc = format!(
        " The required values of a [`{of}`], by name, for [`{of}::new`]: every field must be given, so none can be left out or swapped."
    );
    let item = quote! {
        #[doc = #struct_doc]
        pub struct #req {
            #(#fields)*
        }
    };
    let f = quote! {
        #[doc = #doc]
        pub fn new(required: #req) -> Self {
            let #req { #(#names),* } = required;
            Self { #(#inits,)* #(#rest),* }
        }
    };
    (item, f)
}

/// A required struct field as `new` takes it.
fn field_arg(f: &Field) -> Arg {
    let field = ident(&f.name);
    // Required values that may be `null` are not arguments (`new` sets them to `null`).
    let (take, store) = into_arg(&f.ty, &field);
    let (value, boxed) = match &f.ty {
        Ty::Box(inner) => ((**inner).clone(), true),
        other => (other.clone(), false),
    };
    let plain = short_ty(&value, &quote!());
    let from_plain = if boxed {
        quote!(Box::new(#field))
    } else {
        quote!(#field)
    };
    Arg {
        field,
        wire: f.wire.clone(),
        take,
        store,
        plain,
        from_plain,
        deprecated: f.deprecated,
    }
}

/// How `new` fills in a field it does not take.
pub enum Rest<'f> {
    /// An optional property: unset.
    Unset(&'f Field),
    /// A required one-value enum: its variant (type name, variant name).
    Constant(&'f Field, &'f str, &'f str),
    /// A required property the name lock keeps out of `new`: absent, and listed in the
    /// value's `missing` until its setter gives it a value.
    Absent(&'f Field),
}

/// The variant of a required one-value enum field, which `new` fills in itself.
fn constant_of<'a>(ctx: &'a Ctx, ty: &'a Ty) -> Option<(&'a str, &'a str)> {
    let Ty::Named(n) = ty else { return None };
    Some((n.as_str(), ctx.single_variant(n)?))
}

/// What a struct's `impl` block holds: the fields `new` takes, how it fills in the
/// others, and the setters and getters with their names.
pub struct ImplPlan<'f> {
    pub name: &'f str,
    pub new_doc: String,
    pub taken: Vec<&'f Field>,
    pub rest: Vec<Rest<'f>>,
    /// `additional_properties: Default::default()` too.
    pub additional: bool,
    /// The field recording missing required properties (`…: Default::default()`).
    pub missing: Option<&'static str>,
    pub setters: Vec<SetterName<'f>>,
    pub getters: Vec<GetterName<'f>>,
    /// Required fields `new` does not take (the name lock's), with their setters' names.
    pub demoted: Vec<(&'f Field, String)>,
}

fn impl_plan<'f>(
    ctx: &'f Ctx,
    name: &'f str,
    fields: &'f [Field],
    additional: bool,
) -> ImplPlan<'f> {
    let mut namer = Namer::default();
    namer.reserve("new");
    let (mut taken, mut rest, mut setters) = (Vec::new(), Vec::new(), Vec::new());
    let mut demoted = Vec::new();
    for f in fields {
        // A required property that may be `null` starts as `null` and has a setter, like
        // an optional one: `new` stays the same when a spec adds one.
        if f.required && !f.ty.is_option() {
            match constant_of(ctx, &f.ty) {
                Some((n, v)) => rest.push(Rest::Constant(f, n, v)),
                None if f.demoted => {
                    rest.push(Rest::Absent(f));
                    demoted.push((f, namer.unique(&f.name)));
                }
                None => taken.push(f),
            }
            continue;
        }
        rest.push(Rest::Unset(f));
        setters.extend(setter_names(&mut namer, f));
    }
    // Getters after every setter name is taken, so a setter keeps its plain name.
    let getters = fields
        .iter()
        .filter_map(|f| getter_name(&mut namer, f))
        .collect();
    let mut new_doc = if taken.is_empty() {
        format!(" A `{name}` with every optional property unset.")
    } else {
        let list: Vec<String> = taken.iter().map(|f| format!("`{}`", f.wire)).collect();
        format!(
            " A `{name}` from its required properties ({}); optional ones are unset.",
            list.join(", ")
        )
    };
    if !demoted.is_empty() {
        let list: Vec<String> = demoted
            .iter()
            .map(|(f, s)| format!("`{}` (set it with `{s}`)", f.wire))
            .collect();
        new_doc.push_str(&format!(
            " Required properties added since an earlier version start absent and listed in `missing`, so `new` keeps its arguments: {}.",
            list.join(", ")
        ));
    }
    ImplPlan {
        name,
        new_doc,
        taken,
        rest,
        additional,
        missing: super::objects::missing_field(fields),
        setters,
        getters,
        demoted,
    }
}

pub fn struct_impl(
    ctx: &Ctx,
    name: &str,
    required: Option<&str>,
    fields: &[Field],
    additional: bool,
) -> TokenStream {
    let ty_name = ident(name);
    let plan = impl_plan(ctx, name, fields, additional);
    let default_impl =
        if plan.taken.is_empty() && fields.iter().any(|f| f.required && !f.ty.is_option()) {
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
    if ctx.text_items && required.is_none() {
        if let Some(lines) = super::struct_text::inherent_impl(&plan) {
            let block = ctx.texts.placeholder(lines);
            return quote!(#block #default_impl);
        }
    }
    let args: Vec<Arg> = plan.taken.iter().map(|f| field_arg(f)).collect();
    let mut rest: Vec<TokenStream> = plan
        .rest
        .iter()
        .map(|r| match r {
            Rest::Unset(f) => {
                let f = ident(&f.name);
                quote!(#f: None)
            }
            Rest::Constant(f, n, v) => {
                let (f, n, v) = (ident(&f.name), ident(n), ident(v));
                quote!(#f: #n::#v)
            }
            Rest::Absent(f) => {
                let f = ident(&f.name);
                let rt = &ctx.rt;
                quote!(#f: #rt::Absent::absent())
            }
        })
        .collect();
    if additional {
        rest.push(quote!(additional_properties: Default::default()));
    }
    if let Some(m) = plan.missing {
        let m = ident(m);
        if plan.demoted.is_empty() {
            rest.push(quote!(#m: Default::default()));
        } else {
            let rt = &ctx.rt;
            let wires = plan.demoted.iter().map(|(f, _)| f.wire.as_str());
            rest.push(quote!(#m: {
                let mut missing = #rt::Missing::default();
                #(missing.insert(#wires);)*
                missing
            }));
        }
    }
    let methods = (ctx.text_items && plan.demoted.is_empty())
        .then(|| super::struct_text::accessors(&plan.setters, &plan.getters))
        .flatten()
        .map(|lines| ctx.texts.placeholder(lines))
        .unwrap_or_else(|| {
            let setters = plan.setters.iter().map(setter);
            let getters = plan.getters.iter().map(getter);
            let missing = plan.missing.unwrap_or("missing");
            let demoted = plan
                .demoted
                .iter()
                .map(|(f, name)| demoted_setter(f, name, missing));
            quote!(#(#setters)* #(#demoted)* #(#getters)*)
        });
    let (outside, new) = constructor(name, required, &args, &rest, &plan.new_doc);
    quote! {
        #outside
        impl #ty_name {
            #new
            #methods
        }
        #default_impl
    }
}

/// An optional property's setter: the field, the setter's name and, for a nullable
/// property, the name of the one that sends `null`.
pub struct SetterName<'f> {
    pub field: &'f Field,
    /// The type a value is given as (inside `Option`, and inside `Nullable` if nullable).
    pub value: &'f Ty,
    pub name: String,
    pub null: Option<String>,
}

/// The names of an optional property's setters, taken from `namer` in order.
fn setter_names<'f>(namer: &mut Namer, f: &'f Field) -> Option<SetterName<'f>> {
    let Ty::Option(inner) = &f.ty else {
        return None;
    };
    let name = namer.unique(&f.name);
    let (value, null) = match &**inner {
        Ty::Nullable(value) => (
            &**value,
            // `self_` (a keyword's field) → `self_null`, not `self__null`.
            Some(namer.unique(&format!("{}_null", unraw(&f.name).trim_end_matches('_')))),
        ),
        value => (value, None),
    };
    Some(SetterName {
        field: f,
        value,
        name,
        null,
    })
}

/// An optional or nullable property's getter and its name.
pub struct GetterName<'f> {
    pub field: &'f Field,
    /// Inside the field's `Option`.
    pub inner: &'f Ty,
    pub name: String,
}

fn getter_name<'f>(namer: &mut Namer, f: &'f Field) -> Option<GetterName<'f>> {
    let Ty::Option(inner) = &f.ty else {
        return None;
    };
    if matches!(**inner, Ty::Unit) {
        return None;
    }
    let name = namer.unique(&format!("get_{}", unraw(&f.name).trim_end_matches('_')));
    Some(GetterName {
        field: f,
        inner,
        name,
    })
}

/// The setter of a required property `new` does not take: sets it, and takes it off the
/// value's `missing` list so that it is written when the value is encoded.
fn demoted_setter(f: &Field, name: &str, missing: &str) -> TokenStream {
    let fname = ident(&f.name);
    let missing = ident(missing);
    let setter = ident(name);
    let wire = &f.wire;
    let (arg, store) = into_arg(&f.ty, &quote::format_ident!("value"));
    let doc =
        format!(" Set `{wire}`, a required property `new` does not take (a later spec added it).");
    let dep = super::deprecated(f.deprecated);
    quote! {
        #[doc = #doc]
        #dep
        pub fn #setter(mut self, value: #arg) -> Self {
            self.#fname = #store;
            self.#missing.remove(#wire);
            self
        }
    }
}

/// The chainable setter of an optional property (and `<name>_null()` for a nullable one).
fn setter(s: &SetterName) -> TokenStream {
    let f = s.field;
    let fname = ident(&f.name);
    let value = quote::format_ident!("value");
    let setter = ident(&s.name);
    let doc = format!(" Set `{}`.", f.wire);
    let dep = super::deprecated(f.deprecated);
    match &s.null {
        Some(null) => {
            let (arg, store) = into_arg(s.value, &value);
            let null = ident(null);
            let null_doc = format!(" Send `\"{}\": null`.", f.wire);
            quote! {
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
            }
        }
        None => {
            let (arg, store) = into_arg(s.value, &value);
            quote! {
                #[doc = #doc]
                #dep
                pub fn #setter(mut self, value: #arg) -> Self {
                    self.#fname = Some(#store);
                    self
                }
            }
        }
    }
}

/// `get_<name>()` for an optional and/or nullable property: the value, or `None` when it
/// is absent or `null` (text as `&str`, lists as slices, boxes opened); the field keeps
/// the three states for those who need them.
fn getter(g: &GetterName) -> TokenStream {
    let (f, inner) = (g.field, g.inner);
    let fname = ident(&f.name);
    // The reference to a stored `T`, as the getter returns it.
    let view = |t: &Ty| -> (TokenStream, TokenStream) {
        match t {
            Ty::String => (quote!(&str), quote!(.map(String::as_str))),
            Ty::Vec(i) => {
                let i = short_ty(i, &quote!());
                (quote!(&[#i]), quote!(.map(Vec::as_slice)))
            }
            Ty::Box(i) => {
                let i = short_ty(i, &quote!());
                (quote!(&#i), quote!(.map(|b| &**b)))
            }
            other => {
                let t = short_ty(other, &quote!());
                (quote!(&#t), quote!())
            }
        }
    };
    let (ret, body) = match inner {
        Ty::Unit => return quote!(),
        Ty::Nullable(value) => {
            let (ret, map) = view(value);
            (
                ret,
                quote!(self.#fname.as_ref().and_then(Nullable::as_option) #map),
            )
        }
        Ty::Json => (
            quote!(&serde_json::Value),
            quote!(self.#fname.as_ref().filter(|v| !v.is_null())),
        ),
        value @ (Ty::String | Ty::Vec(_) | Ty::Box(_)) => {
            let (ret, _) = view(value);
            (ret, quote!(self.#fname.as_deref()))
        }
        value => {
            let (ret, map) = view(value);
            (ret, quote!(self.#fname.as_ref() #map))
        }
    };
    let name = ident(&g.name);
    let doc = getter_doc(f);
    let dep = super::deprecated(f.deprecated);
    quote! {
        #[doc = #doc]
        #dep
        #[inline]
        pub fn #name(&self) -> Option<#ret> {
            #body
        }
    }
}

/// A getter's doc attribute value.
pub fn getter_doc(f: &Field) -> String {
    format!(
        " `{}`, or `None` when it is absent or `null`.",
        f.wire.replace('`', "'")
    )
}

/// A doc line showing how to build a value: `new` with the required properties, then the
/// first setter (inline code; the arguments are placeholders, so no doc example).
pub fn construct_doc(
    name: &str,
    required: Option<&str>,
    fields: &[Field],
    ctx: &Ctx,
) -> TokenStream {
    super::doc_lines(&construct_doc_text(name, required, fields, ctx))
}

/// The text of [`construct_doc`].
pub fn construct_doc_text(
    name: &str,
    required: Option<&str>,
    fields: &[Field],
    ctx: &Ctx,
) -> String {
    let args: Vec<&str> = fields
        .iter()
        .filter(|f| f.required && !f.ty.is_option() && constant_of(ctx, &f.ty).is_none())
        .map(|f| unraw(&f.name))
        .collect();
    let setter = fields
        .iter()
        .find(|f| !f.required || f.ty.is_option())
        .map(|f| format!(".{}(..)", unraw(&f.name)))
        .unwrap_or_default();
    let call = match required {
        Some(r) => format!("{r} {{ {} }}", args.join(", ")),
        None => args.join(", "),
    };
    // Inline code, not an unchecked example block: the arguments are placeholders.
    format!(
        "\nBuild one with `new` and the setters, `{name}::new({call}){setter}`; read its public fields."
    )
}

/// `new` and the setters of a parameter struct's optional parameters: the items outside
/// the `impl` block, then the methods.
pub fn param_setters(
    _ctx: &Ctx,
    of: &str,
    required: Option<&str>,
    params: &[Param],
) -> (TokenStream, TokenStream) {
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
    let args: Vec<Arg> = params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let field = ident(&p.name);
            let (take, store) = into_arg(&p.ty, &field);
            Arg {
                plain: short_ty(&p.ty, &quote!()),
                from_plain: quote!(#field),
                field,
                wire: p.wire.clone(),
                take,
                store,
                deprecated: p.deprecated,
            }
        })
        .collect();
    let rest: Vec<TokenStream> = params
        .iter()
        .filter(|p| !p.required)
        .map(|p| {
            let fname = ident(&p.name);
            quote!(#fname: None)
        })
        .collect();
    let new_doc = if args.is_empty() {
        " No parameters set."
    } else {
        " The required parameters; optional ones are unset."
    };
    let (outside, new) = constructor(of, required, &args, &rest, new_doc);
    (outside, quote!(#new #(#setters)*))
}

/// `new(required parts…)` and a setter per optional part of a multipart body: the items
/// outside the `impl` block, then the methods.
pub fn multipart_impl(
    ctx: &Ctx,
    of: &str,
    required: Option<&str>,
    fields: &[MultipartField],
) -> (TokenStream, TokenStream) {
    let rt = &ctx.rt;
    let mut args = Vec::new();
    let mut rest = Vec::new();
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
            MultipartKind::Extra(None) => (quote!(#rt::FilePart), quote!(#value)),
            MultipartKind::Extra(Some(t)) => into_arg(t, &value),
        };
        if matches!(f.kind, MultipartKind::Extra(_)) {
            rest.push(quote!(#fname: ::std::collections::BTreeMap::new()));
            let setter = ident(&namer.unique("part"));
            setters.push(quote! {
                /// Add an undeclared part (`additionalProperties`) named `name`.
                pub fn #setter(mut self, name: impl ::std::convert::Into<::std::string::String>, #value: #arg) -> Self {
                    self.#fname.insert(name.into(), #store);
                    self
                }
            });
            continue;
        }
        let repeated = matches!(f.kind, MultipartKind::Repeated(_));
        let optional_text = matches!(f.kind, MultipartKind::Text(Ty::Option(_)));
        if f.required && !repeated && !optional_text {
            let (take, store, plain) = match &f.kind {
                MultipartKind::Text(t) => {
                    let (take, store) = into_arg(t, &fname);
                    (take, store, short_ty(t, &quote!()))
                }
                _ => (quote!(#rt::FilePart), quote!(#fname), quote!(#rt::FilePart)),
            };
            args.push(Arg {
                from_plain: quote!(#fname),
                field: fname,
                wire: f.wire.clone(),
                take,
                store,
                plain,
                deprecated: false,
            });
            continue;
        }
        rest.push(if repeated {
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
    let doc = " A form from its required parts; optional ones are unset.";
    let (outside, new) = constructor(of, required, &args, &rest, doc);
    (outside, quote!(#new #(#setters)*))
}
