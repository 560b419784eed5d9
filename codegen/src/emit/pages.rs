//! `<method>_pages` and `<method>_items`: streams over a paged operation, built on the
//! runtime's `pages` module, for methods whose spec declares how they page.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::client::{output, path_args};
use super::{Ctx, ident, ty};
use crate::ir::{Method, PagingKind, Ty};

/// The paging methods of `m`, or nothing.
pub fn paging_methods(ctx: &Ctx, m: &Method) -> TokenStream {
    let Some(paging) = &m.paging else {
        return TokenStream::new();
    };
    let rt = &ctx.rt;
    let (receiver, lifetime) = if m.group.is_some() {
        (quote!(self), quote!('a))
    } else {
        (quote!(&self), quote!('_))
    };
    let error = ident(&m.error);
    let page_ty = match &m.output {
        crate::ir::Output::Plain { statuses, .. } => match &statuses[0].1 {
            crate::ir::Payload::Json(t) => ty(t, &quote!(types::), rt),
            _ => return TokenStream::new(),
        },
        _ => return TokenStream::new(),
    };
    let item_ty = ty(&paging.item, &quote!(types::), rt);
    let (path_decl, _) = path_args(m);
    let (owned, pass) = owned_path_args(m);
    let clones: Vec<TokenStream> = m
        .path_params
        .iter()
        .map(|p| {
            let n = ident(&p.name);
            quote!(let #n = #n.clone();)
        })
        .collect();
    let params_ty = m.params.as_ref().map(|p| {
        let p = ident(p);
        quote!(types::#p)
    });
    let params_arg = params_ty.as_ref().map(|p| quote!(params: &#p,));
    let call = ident(m.with_name.as_ref().unwrap_or(&m.name));
    let results = field_chain(&paging.results);
    let item_result = quote!(::std::result::Result<#item_ty, #rt::Error<errors::#error>>);
    let page_result = quote!(::std::result::Result<#page_ty, #rt::Error<errors::#error>>);
    let pages = ident(&paging.pages_name);
    let items = ident(&paging.items_name);
    // Requests a page for the parameters given (offset, page-number and cursor streams).
    let fetch = quote! {
        move |p: #params_ty| {
            #(#clones)*
            async move { self.#call(#(#pass,)* &p).await }
        }
    };
    let (body, helper) = match &paging.kind {
        PagingKind::Offset {
            field,
            page_number,
            limit,
        } => {
            let field = ident(field);
            let limit = match limit {
                Some(l) => {
                    let l = ident(l);
                    quote!(sent.#l.as_ref())
                }
                None => quote!(::std::option::Option::<&u64>::None),
            };
            let advance = if *page_number {
                quote!(#rt::pages::next_page(sent.#field.as_ref()))
            } else {
                quote!(#rt::pages::next_offset(sent.#field.as_ref(), got))
            };
            let body = quote! {
                #(#owned)*
                #rt::pages::pages(
                    params.clone(),
                    #fetch,
                    |sent: &#params_ty, page: &#page_ty| {
                        let got = #rt::pages::count(&page.#results);
                        if #rt::pages::last_page(got, #limit) {
                            return None;
                        }
                        let mut next = sent.clone();
                        next.#field = Some(#advance);
                        Some(next)
                    },
                )
            };
            (body, TokenStream::new())
        }
        PagingKind::Cursor { field, next } => {
            let field = ident(field);
            let next = field_chain(next);
            let body = quote! {
                #(#owned)*
                #rt::pages::pages(
                    params.clone(),
                    #fetch,
                    |sent: &#params_ty, page: &#page_ty| {
                        if #rt::pages::count(&page.#results) == 0 {
                            return None;
                        }
                        let sent_token = #rt::pages::NextToken::token(&sent.#field);
                        let token = #rt::pages::next_token(&page.#next, sent_token.as_deref())?;
                        let mut next = sent.clone();
                        next.#field = Some(#rt::pages::FromToken::from_token(token)?);
                        Some(next)
                    },
                )
            };
            (body, TokenStream::new())
        }
        PagingKind::NextUrl { next } => {
            let next = field_chain(next);
            let at = format_ident!("{}_at", crate::naming::unraw(&paging.pages_name));
            let (ret, tail) = output(ctx, m);
            let op_id = &m.operation_id;
            let accept = m.accept.as_ref().map(|a| quote!(request.accept(#a);));
            let helper = quote! {
                /// The page a next-page link names.
                async fn #at(#receiver, link: &str) -> ::std::result::Result<#ret, #rt::Error<errors::#error>> {
                    let mut request = #rt::Request::new(#op_id, #rt::Method::GET, ::std::string::String::new());
                    request.follow(link);
                    #accept
                    #tail
                }
            };
            let first = match &params_ty {
                Some(_) => quote! {
                    let params = params.clone();
                    #(#clones)*
                    async move {
                        match link {
                            None => self.#call(#(#pass,)* &params).await,
                            Some(link) => self.#at(&link).await,
                        }
                    }
                },
                None => quote! {
                    #(#clones)*
                    async move {
                        match link {
                            None => self.#call(#(#pass),*).await,
                            Some(link) => self.#at(&link).await,
                        }
                    }
                },
            };
            let owned_params = params_ty
                .as_ref()
                .map(|_| quote!(let params = params.clone();));
            let body = quote! {
                #(#owned)*
                #owned_params
                #rt::pages::pages(
                    ::std::option::Option::<::std::string::String>::None,
                    move |link: ::std::option::Option<::std::string::String>| { #first },
                    |sent: &::std::option::Option<::std::string::String>, page: &#page_ty| {
                        if #rt::pages::count(&page.#results) == 0 {
                            return None;
                        }
                        #rt::pages::next_token(&page.#next, sent.as_deref()).map(Some)
                    },
                )
            };
            (body, helper)
        }
    };
    let pass_again = &pass_names(m);
    let params_pass = params_ty.as_ref().map(|_| quote!(params));
    let pages_doc = format!(
        " Every page of [`Self::{}`], one request after another ({}): it ends after an empty page{}, and at the first error, which it yields. Each request retries as the client does; the next is sent when the stream is polled past the current page.",
        m.name,
        paging.declared,
        match &paging.kind {
            PagingKind::Offset { limit: Some(_), .. } => ", a page shorter than the limit sent",
            PagingKind::Offset { .. } => "",
            _ => ", a page without a next token, or one repeating the token just sent",
        }
    );
    let items_doc = format!(
        " Every item of every page of [`Self::{}`], in order (see [`Self::{}`]).",
        m.name, paging.pages_name
    );
    quote! {
        #helper
        #[doc = #pages_doc]
        pub fn #pages(#receiver, #(#path_decl,)* #params_arg) -> impl #rt::Stream<Item = #page_result> + #lifetime {
            #body
        }
        #[doc = #items_doc]
        pub fn #items(#receiver, #(#path_decl,)* #params_arg) -> impl #rt::Stream<Item = #item_result> + #lifetime {
            #rt::pages::items(self.#pages(#(#pass_again,)* #params_pass), |page: #page_ty| page.#results)
        }
    }
}

/// `a.b.c` from field names.
fn field_chain(fields: &[String]) -> TokenStream {
    let idents = fields.iter().map(|f| ident(f));
    quote!(#(#idents).*)
}

/// Path arguments made owned (the stream outlives the call), and how each is passed on.
fn owned_path_args(m: &Method) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut owned = Vec::new();
    let mut pass = Vec::new();
    for p in &m.path_params {
        let n = ident(&p.name);
        match &p.ty {
            Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64 | Ty::F64 => pass.push(quote!(#n)),
            Ty::String => {
                owned.push(quote!(let #n = #n.to_owned();));
                pass.push(quote!(&#n));
            }
            _ => {
                owned.push(quote!(let #n = #n.clone();));
                pass.push(quote!(&#n));
            }
        }
    }
    (owned, pass)
}

fn pass_names(m: &Method) -> Vec<TokenStream> {
    m.path_params
        .iter()
        .map(|p| {
            let n = ident(&p.name);
            quote!(#n)
        })
        .collect()
}
