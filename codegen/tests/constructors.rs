//! The constructor rule, checked on the emitted bundled client (`generated/openrouter.rs`,
//! the whole 2026-08-22 API) by reading its source, independently of how the generator
//! decides: no `new` takes more than three positional arguments, and no two adjacent ones
//! accept the same kind of value.

use std::collections::HashSet;

use quote::ToTokens;

fn source() -> syn::File {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../generated/openrouter.rs");
    let text = std::fs::read_to_string(path).expect("generated/openrouter.rs");
    syn::parse_file(&text).expect("the generated client parses")
}

/// Names of the open enums (`open_enum!(Name { .. })`) and unions with a `From<&str>`.
fn text_types(items: &[syn::Item], out: &mut HashSet<String>) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    text_types(inner, out);
                }
            }
            syn::Item::Macro(m)
                if m.mac.path.is_ident("open_enum")
                    || m.mac
                        .path
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "open_enum") =>
            {
                let tokens = m.mac.tokens.to_string();
                if let Some(name) = tokens.split_whitespace().next() {
                    out.insert(name.to_owned());
                }
            }
            syn::Item::Impl(i) => {
                let from_str = i.trait_.as_ref().is_some_and(|(_, p, _)| {
                    p.to_token_stream().to_string().replace(' ', "") == "From<&str>"
                });
                if from_str {
                    out.insert(i.self_ty.to_token_stream().to_string());
                }
            }
            _ => {}
        }
    }
}

/// The kind of value an argument type accepts at a call site.
fn kind(ty: &str, text: &HashSet<String>) -> String {
    let ty = ty.replace(' ', "");
    let inner = ty
        .strip_prefix("implInto<")
        .or_else(|| ty.strip_prefix("implrt::OrNull<"))
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(&ty);
    match inner {
        "String" => "text".to_owned(),
        "i64" | "i32" | "u64" | "f64" => "number".to_owned(),
        t if text.contains(t) => "text".to_owned(),
        t => t.to_owned(),
    }
}

fn constructors(items: &[syn::Item], out: &mut Vec<(String, Vec<String>)>) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    constructors(inner, out);
                }
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                for f in &i.items {
                    let syn::ImplItem::Fn(f) = f else { continue };
                    if f.sig.ident != "new" {
                        continue;
                    }
                    let args = f
                        .sig
                        .inputs
                        .iter()
                        .filter_map(|a| match a {
                            syn::FnArg::Typed(t) => Some(t.ty.to_token_stream().to_string()),
                            syn::FnArg::Receiver(_) => None,
                        })
                        .collect();
                    out.push((i.self_ty.to_token_stream().to_string(), args));
                }
            }
            _ => {}
        }
    }
}

#[test]
fn no_constructor_can_be_called_wrong() {
    let file = source();
    let mut text = HashSet::new();
    text_types(&file.items, &mut text);
    assert!(
        text.contains("ChatFinishReasonEnum"),
        "open enums are found"
    );
    let mut all = Vec::new();
    constructors(&file.items, &mut all);
    assert!(all.len() > 500, "{} constructors", all.len());
    let mut named = 0;
    for (ty, args) in &all {
        assert!(
            args.len() <= 3,
            "{ty}::new takes {} arguments: {args:?}",
            args.len()
        );
        let kinds: Vec<String> = args.iter().map(|a| kind(a, &text)).collect();
        for w in kinds.windows(2) {
            assert_ne!(
                w[0], w[1],
                "{ty}::new takes two `{}` side by side: {args:?}",
                w[0]
            );
        }
        named += usize::from(args.len() == 1 && args[0].ends_with("Required"));
    }
    // The 13-argument `Model::new` is one of them.
    let model = all.iter().find(|(t, _)| t == "Model").expect("Model::new");
    assert_eq!(model.1, ["ModelRequired"]);
    assert!(named > 100, "{named} take a `…Required` struct");
}
