//! The `mock` module: `MockServer`, one typed `on_<operation>` handler setter per
//! operation, the route table and a request decoder per operation.

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, doc_lines, ident, ty};
use crate::ir::{MockBody, MockRoute, Param, ParamLocation, ParamStyle, Ty, TypeKind};
use crate::settings::Mock;

pub fn emit(ctx: &Ctx, mock: &Mock) -> TokenStream {
    let gate = match mock {
        Mock::Off => return quote!(),
        Mock::On => quote!(),
        Mock::Feature(f) => quote!(#[cfg(feature = #f)]),
    };
    let rt = &ctx.rt;
    let routes = &ctx.module.mocks;
    let base_path = base_path(ctx.module.servers.first().map(String::as_str));
    let consts = routes.iter().map(|r| {
        let name = format_ident!("{}", const_name(r));
        let id = &r.operation_id;
        let doc = format!(" `{id}`: `{} {}`.", r.http_method, r.path);
        quote!(#[doc = #doc] pub const #name: Operation = Operation(#id);)
    });
    let renamed_consts = ctx.module.renamed.iter().filter_map(|r| {
        let crate::lock::Renamed::Handler { old, route } = r else {
            return None;
        };
        let route = ctx.module.mocks.get(*route)?;
        let name = format_ident!("{}", old.trim_start_matches("on_").to_shouty_snake_case());
        let id = &route.operation_id;
        let note = format!("renamed to `{}`", const_name(route));
        Some(quote!(#[deprecated(note = #note)] #[doc = " An earlier name, kept by the name lock."] pub const #name: Operation = Operation(#id);))
    });
    let consts = consts.chain(renamed_consts).collect::<Vec<_>>();
    let renamed = renamed_handlers(ctx);
    let handlers = routes.iter().map(|r| handler(ctx, r)).chain(renamed);
    let decoders = routes.iter().map(|r| decoder(ctx, r));
    let table = routes.iter().map(|r| route(ctx, r));
    let provider = &ctx.provider.name;
    let module_doc = doc_lines(&format!(
        "A local server answering every operation of {provider} as its spec describes, for \
         tests that must not reach the network.\n\n\
         [`MockServer::start`](mock::MockServer::start) binds 127.0.0.1 on a free port; give [`url`]({rt}::mock::Server::url) to \
         the client's builder, or take [`MockServer::client`](mock::MockServer::client). By default each operation \
         answers its spec's 2xx example, or a minimal valid value built from the schema \
         when there is none; event streams send their examples, then the sentinel. \
         `on_<operation>` replaces an answer with a typed handler, [`MockServer::fault`](mock::MockServer::fault) \
         injects a status, a delay or a cut stream, and [`requests`]({rt}::mock::Server::requests) returns \
         what was received (keys redacted). A request that does not decode into the \
         operation's generated types is answered 400 and recorded with the reason; an \
         unknown route is answered 404 naming its method and path.",
        rt = ctx.rt_path
    ));
    let install = ctx
        .mock_defaults
        .as_ref()
        .map(|path| quote!(server.inner.with_defaults(|| #path(&server));));
    quote! {
        #module_doc
        #gate
        pub mod mock {
            #![allow(deprecated, reason = "deprecated schemas stay usable in handlers")]
            #![allow(clippy::type_complexity, reason = "a handler's request type spells out every path parameter")]
            #[allow(unused_imports)]
            use super::types;

            /// An operation of this API, for [`MockServer::fault`] and [`MockServer::clear_handler`].
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub struct Operation(&'static str);

            impl Operation {
                #(#consts)*

                /// The spec's `operationId`.
                pub fn id(self) -> &'static str {
                    self.0
                }
            }

            /// A running mock server; it stops when dropped.
            #[derive(Debug)]
            pub struct MockServer {
                inner: #rt::mock::Server,
            }

            impl MockServer {
                /// Bind 127.0.0.1 on a free port and start answering (needs a Tokio runtime).
                pub async fn start() -> ::std::io::Result<Self> {
                    let inner = #rt::mock::Server::start(ROUTES, #base_path).await?;
                    let server = MockServer { inner };
                    #install
                    Ok(server)
                }

                /// A client for this server: its URL, a placeholder key, no environment, and
                /// the client's retry rules with waits of milliseconds (at most 3 attempts).
                pub fn client(&self) -> ::std::result::Result<super::Client, #rt::ConfigError> {
                    super::Client::builder()
                        .ignore_env()
                        .api_key("mock-api-key")
                        .base_url(self.url())
                        .map_retry(|p| {
                            p.max_attempts(3)
                                .backoff(::std::time::Duration::from_millis(1), ::std::time::Duration::from_millis(20))
                                .budget(::std::time::Duration::from_secs(10))
                        })
                        .build()
                }

                /// Inject `fault` into the answers of `operation` (until
                /// `clear_faults()`, or as many times as it says).
                pub fn fault(&self, operation: Operation, fault: #rt::mock::Fault) -> &Self {
                    self.inner.fault(operation.0, fault);
                    self
                }

                /// Remove the handler of `operation`: it answers its default again.
                pub fn clear_handler(&self, operation: Operation) {
                    self.inner.clear_handler(operation.0)
                }

                /// Expect `operation` to be called exactly `times` times: `verify()`, or
                /// dropping the server, panics naming it otherwise (and any handler that
                /// panicked).
                pub fn expect(&self, operation: Operation, times: usize) -> &Self {
                    self.inner.expect(operation.0, times);
                    self
                }

                #(#handlers)*
            }

            /// `url()`, `requests()`, `clear_requests()`, `clear_faults()`,
            /// `default_answers()`: the runtime's server, shared by every generated module.
            impl ::std::ops::Deref for MockServer {
                type Target = #rt::mock::Server;
                fn deref(&self) -> &Self::Target {
                    &self.inner
                }
            }

            static ROUTES: &[#rt::mock::Route] = &[#(#table),*];

            #(#decoders)*
        }
    }
}

/// The path of the first server URL (`https://host/api/v1` → `/api/v1`).
fn base_path(server: Option<&str>) -> String {
    let Some(url) = server else {
        return String::new();
    };
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    if path.contains('{') {
        String::new()
    } else {
        path.trim_end_matches('/').to_owned()
    }
}

fn const_name(r: &MockRoute) -> String {
    r.handler.trim_start_matches("on_").to_shouty_snake_case()
}

fn decoder_name(r: &MockRoute) -> proc_macro2::Ident {
    format_ident!("decode_{}", r.handler.trim_start_matches("on_"))
}

/// The `Call<A, P, B>` a handler receives.
fn call_ty(ctx: &Ctx, r: &MockRoute) -> TokenStream {
    let rt = &ctx.rt;
    let types = quote!(types::);
    let path = match r.path_params.as_slice() {
        [] => quote!(()),
        [one] => ty(&one.ty, &types, rt),
        many => {
            let tys = many.iter().map(|p| ty(&p.ty, &types, rt));
            quote!((#(#tys,)*))
        }
    };
    let params = match &r.params {
        Some((name, _)) => {
            let n = ident(name);
            quote!(types::#n)
        }
        None => quote!(()),
    };
    let body = match &r.body {
        MockBody::None => quote!(()),
        MockBody::Json { ty: t, optional } => {
            let t = ty(t, &types, rt);
            if *optional {
                quote!(::std::option::Option<#t>)
            } else {
                t
            }
        }
        MockBody::Raw => quote!(#rt::Bytes),
    };
    quote!(#rt::mock::Call<#path, #params, #body>)
}

/// Old handler names from the name lock, as deprecated setters calling the current ones.
fn renamed_handlers(ctx: &Ctx) -> Vec<TokenStream> {
    let rt = &ctx.rt;
    let mut out = Vec::new();
    for r in &ctx.module.renamed {
        let crate::lock::Renamed::Handler { old, route } = r else {
            continue;
        };
        let Some(route) = ctx.module.mocks.get(*route) else {
            continue;
        };
        let (o, n) = (ident(old), ident(&route.handler));
        let call = call_ty(ctx, route);
        let reply = ty(&route.reply, &quote!(types::), rt);
        let note = format!("renamed to `{}`", route.handler);
        out.push(quote! {
            #[deprecated(note = #note)]
            #[doc = " An earlier name of a handler setter, kept by the name lock."]
            pub fn #o<F, Fut>(&self, handler: F) -> &Self
            where
                F: Fn(#call) -> Fut + Send + Sync + 'static,
                Fut: ::std::future::Future<Output = #rt::mock::Reply<#reply>> + Send + 'static,
            {
                self.#n(handler)
            }
        });
    }
    out
}

fn handler(ctx: &Ctx, r: &MockRoute) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&r.handler);
    let call = call_ty(ctx, r);
    let reply = ty(&r.reply, &quote!(types::), rt);
    let decode = decoder_name(r);
    let id = &r.operation_id;
    let doc = doc_lines(&format!(
        "Answer `{id}` (`{} {}`) with `handler`, which receives the request decoded \
         into the generated types and returns a [`Reply`]({}::mock::Reply).",
        r.http_method, r.path, ctx.rt_path
    ));
    quote! {
        #doc
        pub fn #name<F, Fut>(&self, handler: F) -> &Self
        where
            F: Fn(#call) -> Fut + Send + Sync + 'static,
            Fut: ::std::future::Future<Output = #rt::mock::Reply<#reply>> + Send + 'static,
        {
            self.inner.on(#id, #decode, handler);
            self
        }
    }
}

fn decoder(ctx: &Ctx, r: &MockRoute) -> TokenStream {
    let rt = &ctx.rt;
    let types = quote!(types::);
    let name = decoder_name(r);
    let call = call_ty(ctx, r);
    let style = |p: &Param| format_ident!("{}", p.style.runtime_name());
    let path_values: Vec<TokenStream> = r
        .path_params
        .iter()
        .map(|p| {
            let t = ty(&p.ty, &types, rt);
            let wire = &p.wire;
            let s = style(p);
            let explode = p.explode;
            quote!(i.path::<#t>(#wire, #rt::Style::#s, #explode)?)
        })
        .collect();
    let path = match path_values.as_slice() {
        [] => quote!(()),
        [one] => one.clone(),
        many => quote!((#(#many,)*)),
    };
    let params = match &r.params {
        None => quote!(()),
        Some((pname, list)) => {
            let n = ident(pname);
            let fields = list.iter().map(|p| {
                let f = ident(&p.name);
                let t = ty(&p.ty, &types, rt);
                let wire = &p.wire;
                let read = match p.location {
                    ParamLocation::Header => quote!(i.header::<#t>(#wire)?),
                    ParamLocation::Cookie => {
                        let explode = p.explode;
                        quote!(i.cookie::<#t>(#wire, #explode)?)
                    }
                    _ if p.style == ParamStyle::Form
                        && p.explode
                        && struct_fields(ctx, &p.ty).is_some() =>
                    {
                        let props = struct_fields(ctx, &p.ty).unwrap_or_default();
                        quote!(i.query_object::<#t>(#wire, &[#(#props),*])?)
                    }
                    _ => {
                        let s = style(p);
                        let explode = p.explode;
                        quote!(i.query::<#t>(#wire, #rt::Style::#s, #explode)?)
                    }
                };
                if p.required {
                    quote!(#f: #rt::mock::Incoming::required(#read, #wire)?)
                } else {
                    quote!(#f: #read)
                }
            });
            quote!(types::#n { #(#fields,)* })
        }
    };
    let body = match &r.body {
        MockBody::None => quote!(()),
        MockBody::Json { optional: true, .. } => quote!(i.json_opt()?),
        MockBody::Json { .. } => quote!(i.json()?),
        MockBody::Raw => quote!(i.raw()?),
    };
    quote! {
        fn #name(i: &#rt::mock::Incoming) -> ::std::result::Result<#call, ::std::string::String> {
            Ok(i.call(#path, #params, #body))
        }
    }
}

fn route(ctx: &Ctx, r: &MockRoute) -> TokenStream {
    let rt = &ctx.rt;
    let types = quote!(types::);
    let id = &r.operation_id;
    let method = &r.http_method;
    let path = &r.path;
    let decode = decoder_name(r);
    let compact = |v: &serde_json::Value| v.to_string();
    let json = match &r.json {
        Some(j) => {
            let status = j.status;
            let t = ty(&j.ty, &types, rt);
            let example = match &j.example {
                Some(e) => {
                    let e = compact(e);
                    quote!(Some(#e))
                }
                None => quote!(None),
            };
            let synth = compact(&j.synthesized);
            quote!(Some(#rt::mock::Answer {
                status: #status,
                example: #example,
                synthesized: #synth,
                check: #rt::mock::check::<#t>,
            }))
        }
        None => quote!(None),
    };
    let events = match &r.events {
        Some(e) => {
            let status = e.status;
            let t = ty(&e.item, &types, rt);
            let examples = e.examples.iter().map(compact);
            let synth = compact(&e.synthesized);
            let sentinel = match &e.sentinel {
                Some(s) => quote!(Some(#s)),
                None => quote!(None),
            };
            quote!(Some(#rt::mock::Events {
                status: #status,
                examples: &[#(#examples),*],
                synthesized: #synth,
                sentinel: #sentinel,
                check: #rt::mock::check::<#t>,
            }))
        }
        None => quote!(None),
    };
    let paging = match &r.paging {
        Some(crate::ir::MockPaging::Offset {
            param,
            first,
            results,
        }) => {
            quote!(Some(#rt::mock::Paging::Offset { param: #param, first: #first, results: #results }))
        }
        Some(crate::ir::MockPaging::Single { next }) => {
            quote!(Some(#rt::mock::Paging::Single { next: #next }))
        }
        None => quote!(None),
    };
    let other = match &r.other {
        Some((status, ct, body)) => {
            quote!(Some(#rt::mock::Raw { status: #status, content_type: #ct, body: #body }))
        }
        None => quote!(None),
    };
    quote! {
        #rt::mock::Route {
            operation: #id,
            method: #method,
            path: #path,
            validate: |i| #decode(i).map(drop),
            json: #json,
            events: #events,
            other: #other,
            paging: #paging,
        }
    }
}

/// The wire names of a struct's properties, for a `form`-exploded object parameter.
fn struct_fields(ctx: &Ctx, t: &Ty) -> Option<Vec<String>> {
    match ctx.resolve_alias(t) {
        Ty::Named(n) => match ctx.kind_of(&n) {
            Some(TypeKind::Struct { fields, .. }) => {
                Some(fields.iter().map(|f| f.wire.clone()).collect())
            }
            _ => None,
        },
        _ => None,
    }
}
