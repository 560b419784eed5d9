//! The limits that keep a hostile spec from hanging the generator or exhausting memory.
//! The bottom of the house: every stage reads them, they read nothing.

/// The deepest nesting accepted anywhere in the document (YAML and JSON containers,
/// schemas).
pub const MAX_DEPTH: usize = 128;
