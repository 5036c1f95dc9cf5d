//! The application under test: the shell with the e-office mounted, on a fresh database
//! ([`lode_web::testkit`]); everything else of the shell's test kit as it is.

#![allow(dead_code, unused_imports)]

pub use lode_web::testkit::*;

use axum::body::Body;
use axum::http::{Method, Request};
use lode_db::Backend;
use serde_json::Value;

/// The shell's application with the e-office mounted; the shell's helpers through `Deref`.
pub struct TestApp(pub lode_web::testkit::TestApp);

impl std::ops::Deref for TestApp {
    type Target = lode_web::testkit::TestApp;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

fn eoffice() -> Mount {
    Mount {
        capabilities: vec![lode_eoffice::web::capability()],
        ..Mount::default()
    }
}

impl TestApp {
    pub async fn new(backend: Backend) -> anyhow::Result<Self> {
        let app = lode_web::testkit::TestApp::custom(backend, false, None, None, eoffice());
        Ok(Self(app.await?))
    }

    /// With lode's built-in CA in the database's folder and its timestamp authority.
    pub async fn with_ca(backend: Backend) -> anyhow::Result<Self> {
        let app = lode_web::testkit::TestApp::custom(backend, true, None, None, eoffice());
        Ok(Self(app.await?))
    }

    /// With web settings of the test's choosing.
    pub async fn with_config(
        backend: Backend,
        config: lode_web::WebConfig,
    ) -> anyhow::Result<Self> {
        let app = lode_web::testkit::TestApp::custom(backend, false, None, Some(config), eoffice());
        Ok(Self(app.await?))
    }

    /// With lode's CA and a PKCS#11 token for the server's keys.
    pub async fn with_token(
        backend: Backend,
        token: lode_web::pki::TokenConfig,
    ) -> anyhow::Result<Self> {
        let app = lode_web::testkit::TestApp::custom(backend, true, Some(token), None, eoffice());
        Ok(Self(app.await?))
    }

    /// The demo organisation and its documents, as `lode serve --demo` shows them.
    pub async fn demo(backend: Backend) -> anyhow::Result<Self> {
        Ok(Self(
            lode_web::testkit::TestApp::demo(backend, eoffice()).await?,
        ))
    }

    pub fn request(
        method: Method,
        path: &str,
        session: Option<&Session>,
        json: Option<&Value>,
    ) -> Request<Body> {
        lode_web::testkit::TestApp::request(method, path, session, json)
    }
}
