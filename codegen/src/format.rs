//! Stage 5: tokens to formatted source (`syn::parse2` + prettyplease), with the header.

use proc_macro2::TokenStream;

use crate::error::{Error, Location};

/// Format generated items.
pub fn unparse(tokens: TokenStream, file: &str) -> Result<String, Error> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| {
        // Not the user's fault: the generator produced invalid Rust for this spec.
        Error::new(
            file,
            Location::Document,
            format!("internal generator error: emitted code does not parse: {e}"),
        )
    })?;
    Ok(prettyplease::unparse(&parsed))
}

/// The `@generated` header, a blank line, then the formatted body.
pub fn with_header(header: &str, body: &str) -> String {
    let mut out = String::with_capacity(header.len() + body.len() + 1);
    out.push_str(header);
    out.push('\n');
    out.push_str(body);
    out
}
