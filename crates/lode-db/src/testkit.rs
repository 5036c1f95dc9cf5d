//! Fresh databases for tests, on either backend: a SQLite file in its own temporary folder, or
//! a PostgreSQL database of its own (created on the server named by `LODE_TEST_POSTGRES`,
//! default `postgres://root@127.0.0.1:5432/postgres`, and dropped when the test ends).

use crate::{Backend, Db};

pub struct TestDb {
    pub db: Db,
    pub url: String,
    pub dir: std::path::PathBuf,
    pg: Option<(String, String)>,
}

fn random_name() -> String {
    format!(
        "lode_t_{}_{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

pub fn admin_url() -> String {
    std::env::var("LODE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://root@127.0.0.1:5432/postgres".to_string())
}

impl TestDb {
    /// A migrated, empty database.
    pub async fn fresh(backend: Backend) -> anyhow::Result<TestDb> {
        let t = Self::unmigrated(backend).await?;
        crate::migrate::run(&t.db).await?;
        Ok(t)
    }

    /// A database with no tables at all, as a new office's first start finds it.
    pub async fn unmigrated(backend: Backend) -> anyhow::Result<TestDb> {
        let name = random_name();
        let dir = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(&dir)?;
        let (url, pg) = match backend {
            Backend::Sqlite => (format!("sqlite://{}/lode.db", dir.display()), None),
            Backend::Postgres => {
                let admin = admin_url();
                let admin_db = Db::connect(&admin).await?;
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(admin_db.pool())
                    .await?;
                admin_db.close().await;
                let base = admin
                    .rsplit_once('/')
                    .map_or(admin.as_str(), |(b, _)| b)
                    .to_string();
                (format!("{base}/{name}"), Some((admin, name)))
            }
        };
        let db = Db::connect(&url).await?;
        Ok(TestDb { db, url, dir, pg })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((admin, name)) = self.pg.take() {
            // Drop runs outside any async context we can borrow: use a small runtime of its own.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async {
                    if let Ok(db) = Db::connect(&admin).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(db.pool())
                                .await;
                        db.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// Turns each listed `async fn name(backend: Backend) -> anyhow::Result<()>` into two tests,
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() -> anyhow::Result<()> { super::$name($crate::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() -> anyhow::Result<()> { super::$name($crate::Backend::Postgres).await })*
        }
    };
}

/// The smallest valid PNG: one transparent pixel.
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];
