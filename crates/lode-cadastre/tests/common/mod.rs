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
    lode_db::accounts::create_staff(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        &lode_db::accounts::NewStaff {
            username: "ltmai".into(),
            full_name: "Lê Thị Mai".into(),
            unit_id: app.ids.office,
            roles: vec!["cadastre_officer".into()],
            password: lode_web::testkit::PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    app.login("ltmai").await
}
