//! The application under test with the cadastre mounted on the shell.

use lode_db::Backend;
use lode_web::testkit::{Mount, TestApp};

/// The shell and the cadastre on a fresh database.
pub async fn app(b: Backend) -> anyhow::Result<TestApp> {
    TestApp::mounting(
        b,
        false,
        Mount {
            capabilities: vec![lode_cadastre::web::capability()],
            settings: Default::default(),
        },
    )
    .await
}

/// A licence officer signed in (`ltmai`, of the office).
#[allow(dead_code)]
pub async fn officer(app: &TestApp) -> anyhow::Result<lode_web::testkit::Session> {
    app.staff("ltmai", "Lê Thị Mai", app.ids.office, &["cadastre_officer"])
        .await
}
