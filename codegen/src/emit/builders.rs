//! Constructors and setters: `new(required…)`, chainable setters for optional fields.

use proc_macro2::TokenStream;

use super::Ctx;
use crate::ir::Param;

pub fn param_setters(_ctx: &Ctx, _params: &[Param]) -> TokenStream {
    TokenStream::new()
}
