//! The application under test with the archive mounted on the shell, and the archive's staff.

#![allow(dead_code, unused_imports)]

pub use lode_web::testkit::*;

use lode_db::Backend;

/// The shell and the archive on a fresh database.
pub async fn mounted(b: Backend) -> anyhow::Result<TestApp> {
    TestApp::mounting(
        b,
        false,
        Mount {
            capabilities: vec![lode_archive::web::capability()],
            settings: Default::default(),
        },
    )
    .await
}

/// An archivist of the fixture's office, with `clearance`, signed in.
pub async fn archivist(app: &TestApp, username: &str, clearance: &str) -> anyhow::Result<Session> {
    lode_db::accounts::create_staff(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        &lode_db::accounts::NewStaff {
            username: username.into(),
            full_name: "Trần Thị Thương".into(),
            unit_id: app.ids.office,
            roles: vec!["archivist".into()],
            clearance: Some(clearance.into()),
            password: PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    app.login(username).await
}

/// The shell with the e-office, the public services (their catalogue seeded) and the archive:
/// what a request to consult or copy records goes through.
pub async fn with_services(b: Backend) -> anyhow::Result<TestApp> {
    with_services_and_ca(b, false).await
}

/// [`with_services`], with lode's built-in CA when `ca` (the organisation signs copies).
pub async fn with_services_and_ca(b: Backend, ca: bool) -> anyhow::Result<TestApp> {
    let mut settings = axum::http::Extensions::new();
    settings.insert(lode_services::web::Portal::new(None));
    let app = TestApp::mounting(
        b,
        ca,
        Mount {
            capabilities: vec![
                lode_eoffice::web::capability(),
                lode_services::web::capability(),
                lode_archive::web::capability(),
            ],
            settings,
        },
    )
    .await?;
    lode_services::catalogue::seed_catalogue(&app.state.db).await?;
    Ok(app)
}

/// A person of the fixture's office with `roles`, signed in.
pub async fn staff(app: &TestApp, username: &str, roles: &[&str]) -> anyhow::Result<Session> {
    lode_db::accounts::create_staff(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        &lode_db::accounts::NewStaff {
            username: username.into(),
            full_name: "Nguyễn Văn Phúc".into(),
            unit_id: app.ids.office,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            clearance: Some("confidential".into()),
            password: PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    app.login(username).await
}
