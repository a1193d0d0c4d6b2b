//! TLS for PostgreSQL connections, configured the way libpq (and so
//! psycopg) reads it: `sslmode`, `sslrootcert`, `sslcert` and `sslkey` from
//! the URL's query, else from `PGSSLMODE` / `PGSSLROOTCERT` / `PGSSLCERT` /
//! `PGSSLKEY`, else libpq's files under `~/.postgresql/`.
//!
//! The TLS stack is rustls (with the ring provider): no system OpenSSL is
//! needed, so the same binary runs everywhere.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

use crate::url::DatabaseUrl;

/// libpq's `sslmode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// No TLS.
    Disable,
    /// TLS if the server insists (aludel: as `prefer`, see [`SslMode::parse`]).
    Allow,
    /// TLS when the server offers it, without checking its certificate
    /// (libpq's default).
    Prefer,
    /// TLS or no connection; the certificate is checked only when a root
    /// certificate file is there (then as `verify-ca`).
    Require,
    /// TLS with a certificate signed by a trusted root.
    VerifyCa,
    /// `verify-ca`, and the certificate names the host connected to.
    VerifyFull,
}

impl SslMode {
    /// The mode a libpq word names. `allow` (plain first, TLS if the server
    /// refuses plain) is taken as `prefer`: the connection is encrypted
    /// whenever the server can, which `allow` also accepts.
    pub fn parse(word: &str) -> Option<SslMode> {
        Some(match word {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }

    /// The mode of the `postgres` crate's handshake.
    pub fn handshake(self) -> postgres::config::SslMode {
        match self {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Allow | SslMode::Prefer => postgres::config::SslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
                postgres::config::SslMode::Require
            }
        }
    }
}

/// Where the trusted roots come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootCerts {
    /// None given and libpq's `~/.postgresql/root.crt` absent.
    None,
    /// A PEM file of one or more certificates.
    File(PathBuf),
    /// `sslrootcert=system`: the operating system's trusted roots.
    System,
}

/// The TLS settings of one PostgreSQL URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgTls {
    /// The `sslmode` in effect.
    pub mode: SslMode,
    /// The roots server certificates are checked against.
    pub roots: RootCerts,
    /// A client certificate (PEM) and its key, when both are there.
    pub client: Option<(PathBuf, PathBuf)>,
}

impl PgTls {
    /// The settings of `url`, with the environment and home directory
    /// libpq would use; `Err` names a bad `sslmode` or a missing file.
    pub fn from_url(url: &DatabaseUrl, host: &str) -> Result<PgTls, String> {
        PgTls::resolve(url, host, &|var| std::env::var(var).ok(), home_dir())
    }

    /// [`PgTls::from_url`] with the environment and home directory given.
    fn resolve(
        url: &DatabaseUrl,
        host: &str,
        env: &dyn Fn(&str) -> Option<String>,
        home: Option<PathBuf>,
    ) -> Result<PgTls, String> {
        let setting = |key: &str, var: &str| {
            url.query_value(key)
                .map(str::to_string)
                .or_else(|| env(var).filter(|v| !v.is_empty()))
        };
        let home = home.map(|home| home.join(".postgresql"));
        let mode = match setting("sslmode", "PGSSLMODE") {
            Some(word) => SslMode::parse(&word).ok_or_else(|| {
                format!(
                    "invalid sslmode value: \"{word}\"; use disable, allow, prefer, require, \
                     verify-ca or verify-full"
                )
            })?,
            None => SslMode::Prefer,
        };
        // libpq does no TLS over Unix-domain sockets, whatever the mode.
        if host.starts_with('/') || mode == SslMode::Disable {
            return Ok(PgTls {
                mode: SslMode::Disable,
                roots: RootCerts::None,
                client: None,
            });
        }
        let roots = match setting("sslrootcert", "PGSSLROOTCERT") {
            Some(value) if value == "system" => RootCerts::System,
            Some(path) => RootCerts::File(PathBuf::from(path)),
            None => match home.as_ref().map(|dir| dir.join("root.crt")) {
                Some(default) if default.is_file() => RootCerts::File(default),
                _ => RootCerts::None,
            },
        };
        let verifying = matches!(mode, SslMode::VerifyCa | SslMode::VerifyFull);
        if let RootCerts::File(path) = &roots {
            if !path.is_file() && verifying {
                return Err(format!(
                    "root certificate file \"{}\" does not exist; give the server's CA \
                     certificate with sslrootcert=PATH, trust the system's roots with \
                     sslrootcert=system, or use sslmode=require to skip the check",
                    path.display()
                ));
            }
        }
        if roots == RootCerts::None && verifying {
            let default = home
                .as_ref()
                .map(|dir| dir.join("root.crt").display().to_string())
                .unwrap_or_else(|| "~/.postgresql/root.crt".into());
            return Err(format!(
                "sslmode={} checks the server's certificate, but there is no root certificate \
                 (\"{default}\" does not exist); give it with sslrootcert=PATH, or use \
                 sslrootcert=system for the system's trusted roots",
                mode_word(mode)
            ));
        }
        let cert = setting("sslcert", "PGSSLCERT")
            .map(PathBuf::from)
            .or_else(|| {
                home.as_ref()
                    .map(|dir| dir.join("postgresql.crt"))
                    .filter(|p| p.is_file())
            });
        let key = setting("sslkey", "PGSSLKEY")
            .map(PathBuf::from)
            .or_else(|| {
                home.as_ref()
                    .map(|dir| dir.join("postgresql.key"))
                    .filter(|p| p.is_file())
            });
        let client = match (cert, key) {
            (Some(cert), Some(key)) => Some((cert, key)),
            (Some(cert), None) => {
                return Err(format!(
                    "client certificate \"{}\" has no key: give it with sslkey=PATH",
                    cert.display()
                ))
            }
            _ => None,
        };
        Ok(PgTls {
            mode,
            roots,
            client,
        })
    }

    /// The rustls configuration, or `None` when no TLS is to be tried.
    pub fn client_config(&self) -> Result<Option<ClientConfig>, String> {
        if self.mode == SslMode::Disable {
            return Ok(None);
        }
        // ring builds with a C compiler alone on every platform a wheel
        // targets (aws-lc needs more); rustls 0.23.48 deprecates it only
        // for lacking post-quantum key exchange.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let roots = match &self.roots {
            RootCerts::None => None,
            RootCerts::File(path) => Some(roots_from_file(path)?),
            RootCerts::System => Some(system_roots()?),
        };
        // libpq: with a root certificate there, `require` checks the chain.
        let check = match (self.mode, roots) {
            (SslMode::VerifyFull, Some(roots)) => Check::Full(roots),
            (SslMode::VerifyCa | SslMode::Require, Some(roots)) => Check::Chain(roots),
            _ => Check::Nothing,
        };
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS set-up failed: {e}"))?;
        let builder = match check {
            Check::Full(roots) => builder.with_root_certificates(roots),
            Check::Chain(roots) => {
                let inner =
                    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                        .build()
                        .map_err(|e| format!("TLS set-up failed: {e}"))?;
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(ChainOnly { inner }))
            }
            Check::Nothing => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(Unchecked { provider })),
        };
        let config = match &self.client {
            Some((cert, key)) => {
                let chain = CertificateDer::pem_file_iter(cert)
                    .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                    .map_err(|e| {
                        format!("cannot read client certificate \"{}\": {e}", cert.display())
                    })?;
                if chain.is_empty() {
                    return Err(format!(
                        "cannot read client certificate \"{}\": no PEM certificate in it",
                        cert.display()
                    ));
                }
                let key_der = PrivateKeyDer::from_pem_file(key)
                    .map_err(|e| format!("cannot read client key \"{}\": {e}", key.display()))?;
                builder
                    .with_client_auth_cert(chain, key_der)
                    .map_err(|e| format!("client certificate \"{}\": {e}", cert.display()))?
            }
            None => builder.with_no_client_auth(),
        };
        Ok(Some(config))
    }
}

enum Check {
    Full(RootCertStore),
    Chain(RootCertStore),
    Nothing,
}

fn mode_word(mode: SslMode) -> &'static str {
    match mode {
        SslMode::Disable => "disable",
        SslMode::Allow => "allow",
        SslMode::Prefer => "prefer",
        SslMode::Require => "require",
        SslMode::VerifyCa => "verify-ca",
        SslMode::VerifyFull => "verify-full",
    }
}

fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
}

fn roots_from_file(path: &Path) -> Result<RootCertStore, String> {
    let unreadable = |e: &dyn std::fmt::Display| {
        format!(
            "cannot read root certificate file \"{}\": {e}",
            path.display()
        )
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect())
        .map_err(|e| unreadable(&e))?;
    if certs.is_empty() {
        return Err(unreadable(&"no PEM certificate in it"));
    }
    let mut store = RootCertStore::empty();
    for cert in certs {
        store.add(cert).map_err(|e| unreadable(&e))?;
    }
    Ok(store)
}

fn system_roots() -> Result<RootCertStore, String> {
    let found = rustls_native_certs::load_native_certs();
    let mut store = RootCertStore::empty();
    let (added, _) = store.add_parsable_certificates(found.certs);
    if added == 0 {
        return Err(
            "sslrootcert=system, but no trusted root certificate was found on this system"
                .to_string(),
        );
    }
    Ok(store)
}

/// `verify-ca`: the chain must lead to a trusted root; the name in the
/// certificate is not compared with the host.
#[derive(Debug)]
struct ChainOnly {
    inner: Arc<WebPkiServerVerifier>,
}

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// `prefer` / `require` without a root certificate: encrypted, but any
/// certificate is taken (libpq's behaviour). The handshake's signatures are
/// still checked against the certificate presented.
#[derive(Debug)]
struct Unchecked {
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests;
