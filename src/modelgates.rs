//! The ModelGates API (<https://modelgates.ai>), a rebranded clone of OpenRouter's, generated from `spec/modelgates.yaml`.
//!
//! Keys: `MODELGATES_API_KEY` (or [`ClientBuilder::api_key`](crate::runtime::ClientBuilder::api_key)).
//! The guardrail endpoints, such as [`Client::bulk_assign_keys_to_guardrail`], need a
//! *management* key; inference endpoints take a regular API key.

include!(concat!(env!("OUT_DIR"), "/modelgates.rs"));

/// Defaults and environment variables of this provider.
pub const PROVIDER: crate::runtime::Provider = crate::runtime::Provider::new(
    "ModelGates",
    match SERVERS.first() {
        Some(s) => s,
        None => "https://modelgates.ai/api/v1",
    },
    "MODELGATES_API_KEY",
    "MODELGATES_BASE_URL",
);

impl Client {
    /// A builder with this provider's defaults.
    pub fn builder() -> crate::Builder<Self> {
        crate::Builder::new(PROVIDER)
    }

    /// A client configured from `MODELGATES_API_KEY` and, if set, `MODELGATES_BASE_URL`.
    pub fn from_env() -> Result<Self, crate::runtime::ConfigError> {
        Self::builder().build()
    }
}

impl crate::FromRuntime for Client {
    fn from_runtime(inner: crate::runtime::Client) -> Self {
        Client::from_runtime(inner)
    }
}
