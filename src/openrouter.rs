//! The OpenRouter API (<https://openrouter.ai>), generated from `spec/openrouter.yaml`.
//!
//! Keys: `OPENROUTER_API_KEY` (or [`ClientBuilder::api_key`](crate::runtime::ClientBuilder::api_key)).
//! The guardrail endpoints, such as [`Client::bulk_assign_keys_to_guardrail`], need a
//! *management* key; inference endpoints take a regular API key.

include!(concat!(env!("OUT_DIR"), "/openrouter.rs"));

/// Defaults and environment variables of this provider.
pub const PROVIDER: crate::runtime::Provider = crate::runtime::Provider::new(
    "OpenRouter",
    match SERVERS.first() {
        Some(s) => s,
        None => "https://openrouter.ai/api/v1",
    },
    "OPENROUTER_API_KEY",
    "OPENROUTER_BASE_URL",
);

impl Client {
    /// A builder with this provider's defaults.
    pub fn builder() -> crate::Builder<Self> {
        crate::Builder::new(PROVIDER)
    }

    /// A client configured from `OPENROUTER_API_KEY` and, if set, `OPENROUTER_BASE_URL`.
    pub fn from_env() -> Result<Self, crate::runtime::ConfigError> {
        Self::builder().build()
    }
}

impl crate::FromRuntime for Client {
    fn from_runtime(inner: crate::runtime::Client) -> Self {
        Client::from_runtime(inner)
    }
}
