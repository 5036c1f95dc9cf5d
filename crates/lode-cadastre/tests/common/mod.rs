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
