//! An open enum's definition as formatted text ([`super::text`]): what prettyplease prints
//! for the tokens `types` emits, or `None` where a doc line would be printed otherwise.
//! The `open_enum!` invocation beside it stays tokens (prettyplease flows macro input).

use super::text::{all_fit, doc_line, doc_lines};
use crate::ir::EnumVariant;

/// The `pub enum` with its docs, derives and variants.
/// The note on a variant kept for a value the spec no longer lists.
pub const DROPPED: &str =
    "the spec no longer lists this value; kept so that code naming it still compiles";

pub fn definition(
    name: &str,
    docs: &str,
    deprecated: bool,
    variants: &[EnumVariant],
) -> Option<Vec<String>> {
    let mut out = Vec::with_capacity(8 + variants.len() * 2);
    doc_lines(docs, &mut out)?;
    out.push("///".to_owned());
    out.push(
        "/// Open enum: a value this version of the spec does not list decodes as `Unknown`."
            .to_owned(),
    );
    if deprecated {
        out.push("#[deprecated]".to_owned());
    }
    out.push("#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]".to_owned());
    out.push("#[non_exhaustive]".to_owned());
    out.push(format!("pub enum {name} {{"));
    let mut doc = Vec::with_capacity(1);
    for v in variants {
        doc.clear();
        doc_line(&format!(" `{}`", v.wire), &mut doc)?;
        out.extend(doc.drain(..).map(|d| format!("    {d}")));
        if v.dropped {
            out.push(format!("    #[deprecated(note = \"{DROPPED}\")]"));
        }
        out.push(format!("    {},", v.name));
    }
    out.push("    /// A value not listed in the spec, kept as sent.".to_owned());
    out.push("    Unknown(String),".to_owned());
    out.push("}".to_owned());
    all_fit(&out, 4).then_some(out)
}
