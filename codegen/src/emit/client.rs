//! The client: one async method per operation and media type, and the error enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::params::is_scalar;
use super::{Ctx, deprecated, doc_lines, docs, ident, sanitize, short_ty, ty};
use crate::ir::{
    ErrorEnum, Method, Output, ParamLocation, ParamStyle, PathPart, Payload, RequestBody, Status,
    Ty,
};
use crate::lower::status_text;

pub fn emit(ctx: &Ctx) -> TokenStream {
    let rt = &ctx.rt;
    let m = ctx.module;
    let errors = m.errors.iter().map(|e| error_enum(ctx, e));
    // One enum per operation: its methods (one per request media type) share it.
    let mut seen = std::collections::BTreeSet::new();
    let responses: Vec<TokenStream> = m
        .methods
        .iter()
        .filter(|method| match &method.output {
            Output::Plain {
                enum_name: Some(n), ..
            } => seen.insert(n.clone()),
            _ => true,
        })
        .filter_map(|method| response_enum(ctx, method))
        .collect();
    let methods: Vec<TokenStream> = m
        .methods
        .iter()
        .filter(|method| method.group.is_none())
        .map(|method| method_tokens(ctx, method))
        .chain(method_aliases(ctx, None))
        .collect();
    let (accessors, groups) = groups(ctx);
    let servers = &m.servers;
    let p = &ctx.provider;
    let (name, key_env, url_env) = (&p.name, &p.api_key_env, &p.base_url_env);
    let default_server = m.servers.first().cloned().unwrap_or_default();
    let mut client_doc = format!("A client for {name}: one async method per operation.");
    if let Some(d) = &m.description {
        client_doc.push_str("\n\n");
        client_doc.push_str(&sanitize(d));
    }
    client_doc.push_str(&format!(
        "\n\nBuild one with [`Client::from_env`] (reads `{key_env}` and, if set, `{url_env}`) or \
         [`Client::builder`]. Generated from the spec \"{}\", version {}.",
        m.title.replace(['\n', '\r'], " "),
        m.version.replace(['\n', '\r'], " "),
    ));
    let client_doc = doc_lines(&client_doc);
    let provider_doc = format!(
        " {name}: the spec's first server as the default base URL, `{key_env}` and `{url_env}` as the environment variables."
    );
    let strict = ctx
        .provider
        .strict_decoding
        .then(|| quote!(.strict_decoding(true)));
    let (retry_fn, builder) = match &m.retries {
        Some(r) => {
            let doc = format!(
                " Retries as the spec declares them (`x-speakeasy-retries`): {}. [`Client::builder`] starts from it under llmgate's caps for one call ([`RetryPolicy::bounded`]({}::RetryPolicy::bounded): at most 4 attempts, no retry started after 60 s); `.retry(spec_retry_policy())` asks for the spec's own bounds.",
                r.describe(),
                ctx.rt_path
            );
            let statuses = r.statuses.iter().map(|s| match s {
                crate::model::Status::Code(c) => quote!(#rt::RetryStatus::Code(#c)),
                crate::model::Status::Range(c) => quote!(#rt::RetryStatus::Class(#c)),
                crate::model::Status::Default => quote!(),
            });
            let (initial, max, exp, elapsed, conn) = (
                r.initial_ms,
                r.max_interval_ms,
                r.exponent,
                r.max_elapsed_ms,
                r.connection_errors,
            );
            (
                quote! {
                    #[doc = #doc]
                    pub fn spec_retry_policy() -> #rt::RetryPolicy {
                        #rt::RetryPolicy::default()
                            .statuses([#(#statuses),*])
                            .backoff(
                                ::std::time::Duration::from_millis(#initial),
                                ::std::time::Duration::from_millis(#max),
                            )
                            .multiplier(#exp)
                            .connection_errors(#conn)
                            .max_attempts(u32::MAX)
                            .budget(::std::time::Duration::from_millis(#elapsed))
                    }
                },
                quote!(#rt::Builder::new(PROVIDER).retry(spec_retry_policy().bounded())),
            )
        }
        None => (quote!(), quote!(#rt::Builder::new(PROVIDER))),
    };
    quote! {
        #retry_fn

        /// Servers the spec lists, in order; the first is the default base URL.
        pub const SERVERS: &[&str] = &[#(#servers),*];

        #[doc = #provider_doc]
        pub const PROVIDER: #rt::Provider = #rt::Provider::new(#name, #default_server, #key_env, #url_env);

        /// Error bodies by status, one enum per operation.
        pub mod errors {
            #![allow(deprecated, reason = "a deprecated schema stays usable as an error body")]
            #![allow(clippy::large_enum_variant, reason = "variants mirror the spec's error bodies")]
            #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, reason = "descriptions are Markdown written for the web docs")]
            #[allow(unused_imports, reason = "only untyped bodies need it")]
            use #rt::serde_json;
            #(#errors)*
        }

        /// Success bodies of operations that answer differently by status.
        pub mod responses {
            #![allow(deprecated, reason = "a deprecated schema stays usable as a response body")]
            #[allow(unused_imports, reason = "only untyped bodies need it")]
            use #rt::serde_json;
            #(#responses)*
        }

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: #rt::Transport,
        }

        impl #rt::FromTransport for Client {
            fn from_transport(transport: #rt::Transport) -> Self {
                Self { inner: transport }
            }
        }

        #[allow(deprecated, reason = "deprecated operations stay callable")]
        #[allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, reason = "descriptions are Markdown written for the web docs")]
        impl Client {
            /// A builder with this API's defaults ([`PROVIDER`]): set the key, base URL,
            /// timeouts, retries or headers, then `.build()`.
            pub fn builder() -> #rt::Builder<Self> {
                #builder #strict
            }

            /// A client configured from the environment (the key is required) and the spec.
            pub fn from_env() -> ::std::result::Result<Self, #rt::ConfigError> {
                Self::builder().build()
            }

            /// A client sending through `transport` (for example one from
            /// `client.transport().with_connect_timeout(..)`).
            pub fn from_transport(transport: #rt::Transport) -> Self {
                Self { inner: transport }
            }

            /// The transport every call goes through (base URL, auth, retries, timeouts).
            pub fn transport(&self) -> &#rt::Transport {
                &self.inner
            }

            /// A client that applies `options` (timeouts, retries, headers) to every call made through it.
            pub fn with_options(&self, options: #rt::CallOptions) -> Self {
                Self { inner: self.inner.with_options(options) }
            }

            #(#accessors)*

            #(#methods)*
        }

        #(#groups)*
    }
}

/// Each group's accessor on the client, and its type with its methods.
fn groups(ctx: &Ctx) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let rt = &ctx.rt;
    let m = ctx.module;
    let mut accessors = Vec::new();
    let mut types = Vec::new();
    for (i, g) in m.groups.iter().enumerate() {
        let members: Vec<&Method> = m.methods.iter().filter(|x| x.group == Some(i)).collect();
        let accessor = ident(&g.accessor);
        let ty_name = ident(&g.type_name);
        let list: Vec<String> = members
            .iter()
            .flat_map(|x| std::iter::once(&x.name).chain(x.with_name.as_ref()))
            .map(|n| format!("[`{n}`]({}::{n})", g.type_name))
            .collect();
        let accessor_doc = format!(
            " The `{}` operations: {}.",
            g.source.replace(['\n', '\r'], " "),
            list.join(", ")
        );
        accessors.push(quote! {
            #[doc = #accessor_doc]
            pub fn #accessor(&self) -> #ty_name<'_> {
                #ty_name { inner: &self.inner }
            }
        });
        let type_doc = format!(
            " The `{}` operations, from [`Client::{}`]; it borrows the client's transport.",
            g.source.replace(['\n', '\r'], " "),
            crate::naming::unraw(&g.accessor)
        );
        let methods: Vec<TokenStream> = members
            .iter()
            .map(|x| method_tokens(ctx, x))
            .chain(method_aliases(ctx, Some(i)))
            .collect();
        types.push(quote! {
            #[doc = #type_doc]
            #[derive(Clone, Copy, Debug)]
            pub struct #ty_name<'a> {
                inner: &'a #rt::Transport,
            }

            #[allow(deprecated, reason = "deprecated operations stay callable")]
            #[allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, reason = "descriptions are Markdown written for the web docs")]
            impl<'a> #ty_name<'a> {
                #(#methods)*
            }
        });
    }
    for (accessor, feature) in &ctx.provider.disabled_groups {
        if m.groups.iter().any(|g| g.accessor == *accessor) {
            continue;
        }
        let a = ident(accessor);
        let ty = ident(&format!(
            "Enable{}Feature",
            crate::naming::type_name(feature)
        ));
        let note = format!(
            "the `{feature}` API group is not compiled: enable llmgate's `{feature}` cargo feature"
        );
        let doc = format!(
            " The `{feature}` API group is not compiled: enable llmgate's `{feature}` cargo feature to call it."
        );
        accessors.push(quote! {
            #[deprecated(note = #note)]
            #[doc = #doc]
            pub fn #a(&self) -> #ty {
                #ty
            }
        });
        types.push(quote! {
            #[doc = #doc]
            #[derive(Clone, Copy, Debug)]
            pub struct #ty;
        });
    }
    for r in &m.renamed {
        let crate::lock::Renamed::Accessor {
            old,
            new,
            old_type,
            new_type,
        } = r
        else {
            continue;
        };
        let (o, n, t) = (ident(old), ident(new), ident(new_type));
        let note = format!(
            "renamed to `{}()` (the spec moved its operations)",
            crate::naming::unraw(new)
        );
        accessors.push(quote! {
            #[deprecated(note = #note)]
            #[doc = " An earlier name of a method group, kept by the name lock."]
            pub fn #o(&self) -> #t<'_> {
                self.#n()
            }
        });
        if let Some(old_type) = old_type {
            let ot = ident(old_type);
            let note = format!("renamed to `{new_type}`");
            types.push(quote! {
                #[deprecated(note = #note)]
                #[doc = " An earlier name of a method group's type, kept by the name lock."]
                pub type #ot<'a> = #t<'a>;
            });
        }
    }
    (accessors, types)
}

fn error_enum(ctx: &Ctx, e: &ErrorEnum) -> TokenStream {
    let name = ident(&e.name);
    let types = quote!(super::types::);
    let doc = format!(
        " Decoded error bodies of `{}`, by status. Statuses without a declared JSON body surface as `Error::UnexpectedStatus`.",
        e.operation
    );
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let vty = short_ty(&v.ty, &types);
        let mut d = v.docs.clone();
        d.notes.push(format!("Status `{}`.", status_text(v.status)));
        let vdoc = docs(&d);
        quote!(#vdoc #vname(#vty),)
    });
    let partial_eq = &ctx.partial_eq;
    let accessors = error_accessors(ctx, e);
    let old = e.old_name.as_ref().map(|old| {
        let old_ident = ident(old);
        let note = format!(
            "renamed to `{}` (errors are named for their method)",
            e.name
        );
        quote! {
            #[deprecated(note = #note)]
            #[doc = " An earlier name, for the operationId."]
            pub type #old_ident = #name;
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, #partial_eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        #accessors
        #old
    }
}

/// `status()`, `message()`, `code()` and `to_json()` on an error enum, so that the API's
/// message does not take a match over every status.
fn error_accessors(ctx: &Ctx, e: &ErrorEnum) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&e.name);
    let statuses = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        match v.status {
            Status::Code(c) => quote!(Self::#vname(_) => ::std::option::Option::Some(#c),),
            _ => quote!(Self::#vname(_) => ::std::option::Option::None,),
        }
    });
    let bodies = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        quote!(Self::#vname(ref body) => #rt::serde_json::to_value(body).unwrap_or_default(),)
    });
    let text = {
        quote! {
            /// The body as JSON.
            pub fn to_json(&self) -> #rt::serde_json::Value {
                match *self {
                    #(#bodies)*
                }
            }
            /// The API's message, from the common error body shape
            /// (`{"error": {"message": ..}}` or a top-level `message`).
            pub fn message(&self) -> ::std::option::Option<::std::string::String> {
                #rt::body_message(&self.to_json())
            }
            /// The API's error code (`error.code` or a top-level `code`), as text.
            pub fn code(&self) -> ::std::option::Option<::std::string::String> {
                #rt::body_code(&self.to_json())
            }
        }
    };
    quote! {
        impl #name {
            /// The status this body was declared for (`None` for a range or `default`).
            pub fn status(&self) -> ::std::option::Option<u16> {
                match *self {
                    #(#statuses)*
                }
            }
            #text
        }
    }
}

fn payload_ty(ctx: &Ctx, p: &Payload, prefix: &TokenStream, short: bool) -> TokenStream {
    let rt = &ctx.rt;
    match p {
        Payload::Json(t) if short => short_ty(t, prefix),
        Payload::Json(t) => ty(t, prefix, rt),
        Payload::Text => quote!(::std::string::String),
        Payload::Empty => quote!(()),
    }
}

fn response_enum(ctx: &Ctx, m: &Method) -> Option<TokenStream> {
    let Output::Plain {
        statuses,
        enum_name: Some(enum_name),
    } = &m.output
    else {
        return None;
    };
    let name = ident(enum_name);
    let variants = statuses.iter().map(|(s, p)| {
        let vname = ident(&status_variant(*s));
        let pty = payload_ty(ctx, p, &quote!(super::types::), true);
        let d = format!(" Status `{}`.", status_text(*s));
        quote!(#[doc = #d] #vname(#pty),)
    });
    let doc = format!(" Success bodies of `{}`, by status.", m.operation_id);
    let partial_eq = &ctx.partial_eq;
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, #partial_eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    })
}

fn status_variant(s: Status) -> String {
    match s {
        Status::Code(c) => format!("Status{c}"),
        Status::Range(r) => format!("Status{r}xx"),
        Status::Default => "Default".to_owned(),
    }
}

fn status_pattern(s: Status) -> TokenStream {
    match s {
        Status::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        Status::Range(r) => {
            let lo = proc_macro2::Literal::u16_unsuffixed(u16::from(r) * 100);
            let hi = proc_macro2::Literal::u16_unsuffixed(u16::from(r) * 100 + 99);
            quote!(#lo..=#hi)
        }
        Status::Default => quote!(_),
    }
}

/// The method (and, when every parameter is optional, the plain form without them).
///
/// A group's methods take the group by value (it is `Copy`, a borrow of the client's
/// transport), so their futures borrow the client, not the temporary `client.chat()`:
/// `tokio::join!(client.chat().send(&a), client.models().list())` compiles.
fn method_tokens(ctx: &Ctx, m: &Method) -> TokenStream {
    let rt = &ctx.rt;
    let receiver = if m.group.is_some() {
        quote!(self)
    } else {
        quote!(&self)
    };
    let doc = docs(&method_docs(m));
    let dep = deprecated(m.deprecated);
    let error = ident(&m.error);
    let op_id = &m.operation_id;
    let http_method = quote::format_ident!("{}", m.http_method);
    let (mut args, call_args) = path_args(m);
    if let Some(params) = &m.params {
        let p = ident(params);
        args.push(quote!(params: &types::#p));
    }
    let body_stmt = body(ctx, m, &mut args);
    let path_expr = path_expr(ctx, m);
    let mutable = if m.params.is_some() || m.body.is_some() || m.accept.is_some() {
        quote!(mut)
    } else {
        quote!()
    };
    let params_stmt = m
        .params
        .as_ref()
        .map(|_| quote!(params.apply(&mut request);));
    let accept_stmt = m.accept.as_ref().map(|a| quote!(request.accept(#a);));
    let (ret, tail) = output(ctx, m);
    let ret = quote!(::std::result::Result<#ret, #rt::Error<errors::#error>>);
    let (name, plain) = match (&m.with_name, &m.params) {
        (Some(with), Some(params)) => {
            let plain_name = ident(&m.name);
            let with_ident = ident(with);
            let params_ty = ident(params);
            let body_arg = m.body.as_ref().map(|_| quote!(body));
            let plain_args: Vec<_> = args
                .iter()
                .filter(|a| !a.to_string().starts_with("params"))
                .collect();
            let with_doc = format!(
                " [`Self::{}`] with its optional query and header parameters.",
                m.name
            );
            let plain = quote! {
                #doc
                #dep
                pub async fn #plain_name(#receiver, #(#plain_args),*) -> #ret {
                    self.#with_ident(#(#call_args,)* &types::#params_ty::default(), #body_arg).await
                }
            };
            (with_ident, Some((plain, with_doc)))
        }
        _ => (ident(&m.name), None),
    };
    let (plain, doc) = match plain {
        Some((plain, with_doc)) => (plain, quote!(#[doc = #with_doc])),
        None => (quote!(), doc),
    };
    let paging = super::pages::paging_methods(ctx, m);
    quote! {
        #plain
        #doc
        #dep
        pub async fn #name(#receiver, #(#args),*) -> #ret {
            let #mutable request = #rt::Request::new(#op_id, #rt::Method::#http_method, #path_expr);
            #params_stmt
            #accept_stmt
            #body_stmt
            #tail
        }
        #paging
    }
}

/// The earlier names the name lock keeps for the methods of group `group` (`None`: the
/// client's own methods): each a deprecated copy of the method under its old name (and
/// the old `_with` form), without paging helpers.
fn method_aliases(ctx: &Ctx, group: Option<usize>) -> Vec<TokenStream> {
    let m = ctx.module;
    m.renamed
        .iter()
        .filter_map(|r| match r {
            crate::lock::Renamed::Method { old, method } if m.methods[*method].group == group => {
                let now = &m.methods[*method];
                let mut alias = now.clone();
                alias.docs.notes.push(format!(
                    "An earlier name of [`Self::{}`], kept by the name lock: the spec renamed the operation.",
                    crate::naming::unraw(&now.name)
                ));
                alias.with_name = now.with_name.as_ref().map(|_| format!("{old}_with"));
                alias.name = old.clone();
                alias.deprecated = true;
                alias.paging = None;
                Some(method_tokens(ctx, &alias))
            }
            _ => None,
        })
        .collect()
}

fn method_docs(m: &Method) -> crate::ir::Docs {
    let mut d = m.docs.clone();
    match &m.output {
        Output::Events { .. } => d.notes.push(
            "Returns the `text/event-stream` response as a stream of decoded events.".to_owned(),
        ),
        Output::ByteStream => d
            .notes
            .push("Returns the binary response body as a stream of bytes.".to_owned()),
        Output::Plain { .. } => {}
    }
    match m.stream_flag {
        Some(true) => d.notes.push("Sends `\"stream\": true`; a body that sets `stream` to `false` is refused before sending.".to_owned()),
        Some(false) => d.notes.push("Refuses a body with `\"stream\": true` before sending; use the `_stream` method for events.".to_owned()),
        None => {}
    }
    match &m.body {
        Some(RequestBody::Json { .. } | RequestBody::Form { .. }) if m.body_optional => d
            .notes
            .push("The spec marks the request body optional: pass `None` to send none.".to_owned()),
        Some(_) if m.body_optional => d.notes.push(
            "The spec marks the request body optional; this method always sends one.".to_owned(),
        ),
        _ => {}
    }
    d
}

/// Path parameters as arguments (`&str` for strings, references for named and compound
/// types, values for numbers) and the same names for forwarding.
pub(super) fn path_args(m: &Method) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut args = Vec::new();
    let mut names = Vec::new();
    for p in &m.path_params {
        let pname = ident(&p.name);
        let pty = match &p.ty {
            Ty::String => quote!(&str),
            Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64 | Ty::F64 => {
                ty(&p.ty, &quote!(types::), &quote!())
            }
            t => {
                let t = ty(t, &quote!(types::), &quote!(super::runtime));
                quote!(&#t)
            }
        };
        args.push(quote!(#pname: #pty));
        names.push(quote!(#pname));
    }
    (args, names)
}

/// Path: literal pieces and encoded parameters, concatenated.
fn path_expr(ctx: &Ctx, m: &Method) -> TokenStream {
    let rt = &ctx.rt;
    let mut pieces = Vec::new();
    for part in &m.path {
        match part {
            PathPart::Literal(l) => pieces.push(quote!(#l)),
            PathPart::Param(i) => {
                let p = &m.path_params[*i];
                debug_assert_eq!(p.location, ParamLocation::Path);
                let pname = ident(&p.name);
                let piece = match &p.ty {
                    _ if p.style != ParamStyle::Simple || !is_scalar(ctx, &p.ty) => {
                        let wire = &p.wire;
                        let style = quote::format_ident!("{}", p.style.runtime_name());
                        let explode = p.explode;
                        quote!(&#rt::encode_path_styled(#wire, &#pname, #rt::Style::#style, #explode))
                    }
                    Ty::String => quote!(&#rt::encode_path(#pname)),
                    Ty::Named(_) => quote!(&#rt::encode_path(#pname.as_str())),
                    _ => quote!(&#rt::encode_path(&#pname.to_string())),
                };
                pieces.push(piece);
            }
        }
    }
    match pieces.as_slice() {
        [single] => quote!(::std::string::String::from(#single)),
        _ => quote!([#(#pieces),*].concat()),
    }
}

/// The statement that attaches the body, pushing its argument. A JSON or form body the
/// spec marks optional is `Option<&T>`: `None` sends no body.
fn body(ctx: &Ctx, m: &Method, args: &mut Vec<TokenStream>) -> TokenStream {
    let rt = &ctx.rt;
    let optional = |bty: TokenStream, args: &mut Vec<TokenStream>, attach: TokenStream| {
        if m.body_optional {
            args.push(quote!(body: ::std::option::Option<&#bty>));
            quote!(if let ::std::option::Option::Some(body) = body { #attach })
        } else {
            args.push(quote!(body: &#bty));
            attach
        }
    };
    match &m.body {
        None => quote!(),
        Some(RequestBody::Json {
            ty: bty,
            content_type,
        }) => {
            let bty = ty(bty, &quote!(types::), rt);
            let flag = match m.stream_flag {
                Some(v) => quote!(::std::option::Option::Some(#v)),
                None => quote!(::std::option::Option::None),
            };
            optional(
                bty,
                args,
                quote!(request.json(body, #content_type, #flag)?;),
            )
        }
        Some(RequestBody::Form { ty: bty, encoding }) => {
            let bty = ty(bty, &quote!(types::), rt);
            let enc = encoding.iter().map(|(p, style, explode)| {
                let style = quote::format_ident!("{}", style.runtime_name());
                quote!((#p, #rt::Style::#style, #explode))
            });
            optional(bty, args, quote!(request.form(body, &[#(#enc),*])?;))
        }
        Some(RequestBody::Multipart { ty: mty }) => {
            let mty = ident(mty);
            args.push(quote!(body: &types::#mty));
            quote!(request.multipart(body.to_form());)
        }
        Some(RequestBody::Parts) => {
            args.push(quote!(body: &#rt::Form));
            quote!(request.multipart(body.clone());)
        }
        Some(RequestBody::Text { content_type }) => {
            args.push(quote!(body: impl ::std::convert::Into<::std::string::String>));
            quote!(request.bytes(#rt::Bytes::from(body.into()), #content_type);)
        }
        Some(RequestBody::Bytes { content_type }) => {
            args.push(quote!(body: impl ::std::convert::Into<#rt::Bytes>));
            quote!(request.bytes(body.into(), #content_type);)
        }
    }
}

/// Match arms for the typed error statuses, and the catch-all unless `default` is typed.
fn error_arms(ctx: &Ctx, m: &Method) -> (Vec<TokenStream>, TokenStream) {
    let error = ident(&m.error);
    let error_enum = ctx.module.errors.iter().find(|e| e.name == m.error);
    let arms = error_enum
        .map(|e| {
            let mut variants: Vec<_> = e.variants.iter().collect();
            // Specific codes before ranges before `default`.
            variants.sort_by_key(|v| v.status);
            variants
                .iter()
                .map(|v| {
                    let pat = status_pattern(v.status);
                    let vname = ident(&v.name);
                    quote!(#pat => response.api_error(errors::#error::#vname),)
                })
                .collect()
        })
        .unwrap_or_default();
    let has_default =
        error_enum.is_some_and(|e| e.variants.iter().any(|v| v.status == Status::Default));
    let fallback = if has_default {
        quote!()
    } else {
        quote!(_ => response.unexpected(),)
    };
    (arms, fallback)
}

/// The return type and the statements that send the request and read the answer.
pub(super) fn output(ctx: &Ctx, m: &Method) -> (TokenStream, TokenStream) {
    let rt = &ctx.rt;
    let types = quote!(types::);
    let error = ident(&m.error);
    let (error_arms, fallback_arm) = error_arms(ctx, m);
    // For streams: only error statuses remain once the success case has returned.
    let error_match = if error_arms.is_empty() {
        quote!(response.unexpected())
    } else {
        quote! {
            match response.status().as_u16() {
                #(#error_arms)*
                #fallback_arm
            }
        }
    };
    match &m.output {
        Output::Plain {
            statuses,
            enum_name,
        } => {
            let ret = match enum_name {
                Some(n) => {
                    let n = ident(n);
                    quote!(responses::#n)
                }
                None => payload_ty(ctx, &statuses[0].1, &types, false),
            };
            let arms = statuses
                .iter()
                .map(|(s, p)| plain_arm(*s, p, enum_name.as_deref()));
            let tail = quote! {
                let response = self.inner.send(request).await?;
                match response.status().as_u16() {
                    #(#arms)*
                    #(#error_arms)*
                    #fallback_arm
                }
            };
            (ret, tail)
        }
        Output::Events { item, sentinel, .. } => {
            let item = ty(item, &types, rt);
            let sentinel = match sentinel {
                Some(s) => quote!(::std::option::Option::Some(#s)),
                None => quote!(::std::option::Option::None),
            };
            let ret = quote!(#rt::EventStream<#item, errors::#error>);
            let tail = quote! {
                let response = match self.inner.send_streaming(request).await? {
                    #rt::Streamed::Success(body) => return ::std::result::Result::Ok(body.events(#sentinel)),
                    #rt::Streamed::Failure(response) => response,
                };
                #error_match
            };
            (ret, tail)
        }
        Output::ByteStream => {
            let ret = quote!(#rt::ByteStream<errors::#error>);
            let tail = quote! {
                let response = match self.inner.send_streaming(request).await? {
                    #rt::Streamed::Success(body) => return ::std::result::Result::Ok(body.bytes()),
                    #rt::Streamed::Failure(response) => response,
                };
                #error_match
            };
            (ret, tail)
        }
    }
}

fn plain_arm(s: Status, p: &Payload, enum_name: Option<&str>) -> TokenStream {
    let pat = status_pattern(s);
    let read = match p {
        Payload::Json(_) => quote!(response.json()),
        Payload::Text => quote!(response.text()),
        Payload::Empty => quote!(::std::result::Result::Ok(())),
    };
    match (enum_name, p) {
        (Some(n), Payload::Empty) => {
            let n = ident(n);
            let v = ident(&status_variant(s));
            quote!(#pat => ::std::result::Result::Ok(responses::#n::#v(())),)
        }
        (Some(n), _) => {
            let n = ident(n);
            let v = ident(&status_variant(s));
            quote!(#pat => #read.map(responses::#n::#v),)
        }
        (None, _) => quote!(#pat => #read,),
    }
}
