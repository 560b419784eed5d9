//! TLS for the client llmgate builds itself: rustls with the `ring` provider (or, with the
//! `aws-lc-rs` feature, aws-lc-rs and post-quantum key exchange), HTTP/2
//! offered by ALPN beside HTTP/1.1, and a documented choice of roots.
//!
//! - default: Mozilla's roots compiled in (`webpki-roots`): the same everywhere, nothing
//!   read from the machine;
//! - feature `native-roots`: the platform's store (`rustls-native-certs`) as well, which
//!   corporate proxies that re-sign TLS need.
//!
//! A `reqwest::Client` passed to `.http_client(..)` keeps its own TLS settings.

use std::sync::Arc;

use super::ConfigError;

/// The protocols offered by ALPN, preferred first: many concurrent streams then share one
/// HTTP/2 connection where the server agrees, and HTTP/1.1 serves the others.
pub(super) const ALPN: [&[u8]; 2] = [b"h2", b"http/1.1"];

/// The trust roots: webpki's, plus the platform's with the `native-roots` feature.
fn roots() -> rustls::RootCertStore {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    #[cfg(feature = "native-roots")]
    {
        // Certificates the platform store holds but rustls cannot parse are skipped, as
        // browsers do; an unreadable store leaves the webpki roots.
        let found = rustls_native_certs::load_native_certs();
        let _ = roots.add_parsable_certificates(found.certs);
    }
    roots
}

/// The rustls configuration of llmgate's own HTTP client.
pub(super) fn config() -> Result<rustls::ClientConfig, ConfigError> {
    // rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange;
    // ring stays llmgate's choice this release (no C toolchain beyond `cc`, every
    // platform): see the README's dependency table.
    #[cfg(not(feature = "aws-lc-rs"))]
    #[allow(deprecated, reason = "ring is chosen deliberately; see the README")]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // Feature `aws-lc-rs`: post-quantum key exchange (X25519MLKEM768 preferred).
    #[cfg(feature = "aws-lc-rs")]
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ConfigError::Tls(e.to_string()))?
        .with_root_certificates(roots())
        .with_no_client_auth();
    config.alpn_protocols = ALPN.iter().map(|p| p.to_vec()).collect();
    Ok(config)
}

#[cfg(test)]
mod tests {
    #[test]
    fn offers_http2_then_http1_and_trusts_the_webpki_roots() {
        let config = super::config().unwrap();
        assert_eq!(
            config.alpn_protocols,
            [b"h2".to_vec(), b"http/1.1".to_vec()]
        );
        assert!(super::roots().len() >= webpki_roots::TLS_SERVER_ROOTS.len());
    }

    /// With `aws-lc-rs`, the first key exchange offered is the post-quantum hybrid.
    #[cfg(feature = "aws-lc-rs")]
    #[test]
    fn aws_lc_rs_prefers_post_quantum_key_exchange() {
        let config = super::config().unwrap();
        let first = config.crypto_provider().kx_groups[0].name();
        assert_eq!(first, rustls::NamedGroup::X25519MLKEM768, "{first:?}");
    }
}
