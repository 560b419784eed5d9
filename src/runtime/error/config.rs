//! Why a client could not be built.

use super::*;

/// A client could not be built from its configuration.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// No API key was given, or it was empty.
    MissingApiKey {
        /// The provider.
        provider: &'static str,
        /// The environment variable that was consulted.
        env_var: &'static str,
    },
    /// The API key cannot be sent in an HTTP header (control characters, non-ASCII).
    InvalidApiKey {
        /// The provider.
        provider: &'static str,
    },
    /// The base URL does not parse or is not http(s).
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// Where it came from: `"argument"`, the environment variable, or `"spec"`.
        source: String,
        /// Why it was refused.
        reason: String,
    },
    /// An extra header name or value is not valid HTTP.
    InvalidHeader {
        /// The header name as given.
        name: String,
    },
    /// The HTTP client could not be built.
    Http(reqwest::Error),
    /// The TLS configuration could not be built.
    Tls(String),
    /// The setting belongs to the `reqwest::Client` the caller supplied.
    CustomHttpClient {
        /// Which setting.
        setting: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingApiKey { provider, env_var } => write!(
                f,
                "no {provider} API key: pass one to the builder or set {env_var} (it must not be empty)"
            ),
            ConfigError::InvalidApiKey { provider } => {
                write!(
                    f,
                    "the {provider} API key contains characters that cannot be sent in an HTTP header"
                )
            }
            ConfigError::InvalidBaseUrl {
                url,
                source,
                reason,
            } => write!(f, "invalid base URL `{url}` (from {source}): {reason}"),
            ConfigError::InvalidHeader { name } => write!(
                f,
                "invalid extra header `{name}`: not a valid HTTP header name or value"
            ),
            ConfigError::Http(e) => write!(f, "cannot build the HTTP client: {e}"),
            ConfigError::Tls(e) => write!(f, "cannot configure TLS: {e}"),
            ConfigError::CustomHttpClient { setting } => write!(
                f,
                "the {setting} is set on the reqwest::Client given to the builder, not by llmgate"
            ),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Http(e) => Some(e),
            _ => None,
        }
    }
}
