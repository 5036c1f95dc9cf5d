//! Configuration in layers: command line, then `LODE_*` environment variables (both through
//! clap), then a TOML file, then defaults.

use anyhow::Context;
use clap::Args;
use lode_db::blobs::BlobConfig;
use serde::Deserialize;
use std::path::PathBuf;

/// Options every command takes.
#[derive(Args, Debug, Default)]
pub struct GlobalArgs {
    /// A TOML file with any of the options below (names with underscores: data, listen,
    /// database_url, demo, s3_endpoint, ...).
    #[arg(long, env = "LODE_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// The data folder: the SQLite file and local files live here. Default: ./data
    #[arg(long, env = "LODE_DATA", global = true)]
    pub data: Option<PathBuf>,
    /// sqlite://PATH or postgres://USER@HOST:PORT/DB. Default: sqlite://<data>/lode.db
    #[arg(long, env = "LODE_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Keep files in this S3-compatible endpoint (e.g. http://127.0.0.1:9000) instead of
    /// <data>/files.
    #[arg(long, env = "LODE_S3_ENDPOINT", global = true)]
    pub s3_endpoint: Option<String>,
    /// The S3 bucket. Default: lode
    #[arg(long, env = "LODE_S3_BUCKET", global = true)]
    pub s3_bucket: Option<String>,
    /// The S3 region. Default: us-east-1
    #[arg(long, env = "LODE_S3_REGION", global = true)]
    pub s3_region: Option<String>,
    /// The S3 access key id.
    #[arg(long, env = "LODE_S3_ACCESS_KEY", global = true)]
    pub s3_access_key: Option<String>,
    /// A file holding the passphrase that encrypts the private keys of <data>/pki (or set
    /// LODE_KEY_PASSPHRASE). Keep it away from the data folder and its backups.
    #[arg(long, env = "LODE_KEY_PASSPHRASE_FILE", global = true)]
    pub key_passphrase_file: Option<PathBuf>,
    /// How log lines are written: `text` (the default) or `json` (one object per line, for
    /// a log collector).
    #[arg(long, env = "LODE_LOG_FORMAT", global = true, value_parser = ["text", "json"])]
    pub log_format: Option<String>,
    /// The S3 secret key.
    #[arg(
        long,
        env = "LODE_S3_SECRET_KEY",
        global = true,
        hide_env_values = true
    )]
    pub s3_secret_key: Option<String>,
}

/// Options of `lode serve`.
#[derive(Args, Debug, Default)]
pub struct ServeArgs {
    /// The address to listen on. Default: 127.0.0.1:8080
    #[arg(long, env = "LODE_LISTEN")]
    pub listen: Option<String>,
    /// Seed the demo organisation into an empty store, and list the demo accounts on the
    /// login page.
    #[arg(long, env = "LODE_DEMO")]
    pub demo: bool,
    /// Send cookies without the Secure flag (only for plain HTTP on a host other than
    /// localhost).
    #[arg(long, env = "LODE_INSECURE_COOKIES")]
    pub insecure_cookies: bool,
    /// Take the client address from the last X-Forwarded-For entry, the one the reverse proxy
    /// appends (only behind one trusted reverse proxy, which must append, not pass through).
    #[arg(long, env = "LODE_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// The mail server notifications go through: smtp://HOST:PORT (add ?tls=required for
    /// STARTTLS), or smtps://USER:PASSWORD@HOST:465. Without it, notifications stay in lode.
    #[arg(long, env = "LODE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of e-mails. Default: lode <no-reply@localhost>
    #[arg(long, env = "LODE_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// The address people open lode at, for links in e-mails. Default: http://<listen>
    #[arg(long, env = "LODE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seconds between the sweeps that find overdue and due-soon documents. Default: 300
    #[arg(long, env = "LODE_NOTIFY_INTERVAL")]
    pub notify_interval: Option<u64>,
    /// A PEM file of trust anchors for signatures (the national roots). lode's own CA root in
    /// <data>/pki/root.pem is trusted too when present.
    #[arg(long, env = "LODE_TRUST_ANCHORS")]
    pub trust_anchors: Option<PathBuf>,
    /// The PKCS#11 module of the server's token (HSM, USB token, SoftHSM2) holding keys the
    /// registry links to people and units; its user PIN in LODE_PKCS11_PIN.
    #[arg(long, env = "LODE_PKCS11_MODULE")]
    pub pkcs11_module: Option<PathBuf>,
    /// The label of the server's token in that module.
    #[arg(long, env = "LODE_PKCS11_TOKEN")]
    pub pkcs11_token: Option<String>,
    /// The payment gateway's payment page (VNPAY protocol 2.1.0), for fees paid online; its
    /// shared secret in LODE_PAYMENT_SECRET. With --demo and no gateway, lode's own simulator
    /// at <public-url>/paysim.
    #[arg(long, env = "LODE_PAYMENT_URL")]
    pub payment_url: Option<String>,
    /// lode's merchant code at the gateway.
    #[arg(long, env = "LODE_PAYMENT_MERCHANT")]
    pub payment_merchant: Option<String>,
    /// A base map of XYZ tiles for the licence map, as an https:// template with {z}, {x} and
    /// {y} (the agency's own tile server). Without it, or with a WMS, the map draws lode's own
    /// offline map of Vietnam's provinces and its archipelagos.
    #[arg(long, env = "LODE_MAP_TILES")]
    pub map_tiles: Option<String>,
    /// A WMS base map for the licence map: the service's https:// address.
    #[arg(long, env = "LODE_MAP_WMS")]
    pub map_wms: Option<String>,
    /// The WMS layers to draw, separated by commas.
    #[arg(long, env = "LODE_MAP_WMS_LAYERS")]
    pub map_wms_layers: Option<String>,
    /// The credit line the base map asks for.
    #[arg(long, env = "LODE_MAP_ATTRIBUTION")]
    pub map_attribution: Option<String>,
}

/// The file layer: every option, all optional.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data: Option<PathBuf>,
    database_url: Option<String>,
    listen: Option<String>,
    demo: Option<bool>,
    insecure_cookies: Option<bool>,
    trust_proxy: Option<bool>,
    s3_endpoint: Option<String>,
    s3_bucket: Option<String>,
    s3_region: Option<String>,
    s3_access_key: Option<String>,
    s3_secret_key: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    public_url: Option<String>,
    notify_interval: Option<u64>,
    trust_anchors: Option<PathBuf>,
    pkcs11_module: Option<PathBuf>,
    pkcs11_token: Option<String>,
    payment_url: Option<String>,
    payment_merchant: Option<String>,
    map_tiles: Option<String>,
    map_wms: Option<String>,
    map_wms_layers: Option<String>,
    map_attribution: Option<String>,
}

/// The merchant code and secret of the demo's built-in gateway simulator.
pub const DEMO_MERCHANT: &str = "LODEDEMO";
pub const DEMO_PAYMENT_SECRET: &str = "lode-demo-payment-secret";

/// Where e-mail goes, when it goes anywhere.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub smtp_url: String,
    pub from: String,
}

/// The resolved configuration.
#[derive(Debug)]
pub struct Config {
    pub data: PathBuf,
    pub database_url: String,
    pub listen: String,
    pub demo: bool,
    pub blobs: BlobConfig,
    pub web: lode_web::WebConfig,
    /// The payment gateway, when fees are paid online.
    pub payment: Option<lode_services::web::gateway::GatewayConfig>,
    pub mail: Option<MailConfig>,
    pub public_url: String,
    pub notify_interval: std::time::Duration,
    pub trust_anchors: Option<PathBuf>,
    /// The server's PKCS#11 token, with its PIN.
    pub token: Option<lode_web::pki::TokenConfig>,
    /// The licence map's base layer.
    pub base_map: lode_cadastre::web::map::BaseMap,
}

impl Config {
    pub fn resolve(global: &GlobalArgs, serve: Option<&ServeArgs>) -> anyhow::Result<Config> {
        let file: FileConfig = match &global.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                toml::from_str(&text).with_context(|| format!("reading {}", path.display()))?
            }
            None => FileConfig::default(),
        };
        let data = global
            .data
            .clone()
            .or(file.data)
            .unwrap_or_else(|| PathBuf::from("data"));
        let database_url = global
            .database_url
            .clone()
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}/lode.db", data.display()));
        let default_serve = ServeArgs::default();
        let serve = serve.unwrap_or(&default_serve);
        let listen = serve
            .listen
            .clone()
            .or(file.listen)
            .unwrap_or_else(|| "127.0.0.1:8080".into());
        let demo = serve.demo || file.demo.unwrap_or(false);
        let pick = |cli: &Option<String>, file: Option<String>| cli.clone().or(file);
        let blobs = match pick(&global.s3_endpoint, file.s3_endpoint) {
            Some(endpoint) => BlobConfig::S3 {
                endpoint,
                bucket: pick(&global.s3_bucket, file.s3_bucket).unwrap_or_else(|| "lode".into()),
                region: pick(&global.s3_region, file.s3_region)
                    .unwrap_or_else(|| "us-east-1".into()),
                access_key: pick(&global.s3_access_key, file.s3_access_key)
                    .context("s3_access_key is required with s3_endpoint")?,
                secret_key: pick(&global.s3_secret_key, file.s3_secret_key)
                    .context("s3_secret_key is required with s3_endpoint")?,
            },
            None => BlobConfig::Local(data.join("files")),
        };
        let configured_url = pick(&serve.public_url, file.public_url.clone());
        let public_url_configured = configured_url.is_some();
        let public_url = configured_url.unwrap_or_else(|| default_public_url(&listen));
        let web = lode_web::WebConfig {
            secure_cookies: !(serve.insecure_cookies || file.insecure_cookies.unwrap_or(false)),
            trust_proxy: serve.trust_proxy || file.trust_proxy.unwrap_or(false),
            demo,
            public_url: public_url.trim_end_matches('/').to_string(),
            public_url_configured,
        };
        let payment = match (
            pick(&serve.payment_url, file.payment_url),
            pick(&serve.payment_merchant, file.payment_merchant),
        ) {
            (Some(pay_url), Some(merchant)) => Some(lode_services::web::gateway::GatewayConfig {
                pay_url,
                merchant,
                // the secret only from the environment, like the token's PIN
                secret: std::env::var("LODE_PAYMENT_SECRET")
                    .context("LODE_PAYMENT_SECRET is required with payment_url")?
                    .into_bytes(),
            }),
            (None, None) if demo => Some(lode_services::web::gateway::GatewayConfig {
                // lode's own: at whatever address the payer opened lode
                pay_url: lode_services::web::gateway::SIMULATOR_PAGE.into(),
                merchant: DEMO_MERCHANT.into(),
                secret: DEMO_PAYMENT_SECRET.as_bytes().to_vec(),
            }),
            (None, None) => None,
            _ => anyhow::bail!("payment_url and payment_merchant go together"),
        };
        let base_map = lode_cadastre::web::map::BaseMap::configured(
            pick(&serve.map_tiles, file.map_tiles),
            pick(&serve.map_wms, file.map_wms),
            pick(&serve.map_wms_layers, file.map_wms_layers),
            pick(&serve.map_attribution, file.map_attribution),
        )?;
        let mail = pick(&serve.smtp_url, file.smtp_url).map(|smtp_url| MailConfig {
            smtp_url,
            from: pick(&serve.mail_from, file.mail_from.clone())
                .unwrap_or_else(|| "lode <no-reply@localhost>".into()),
        });

        let notify_interval = std::time::Duration::from_secs(
            serve
                .notify_interval
                .or(file.notify_interval)
                .unwrap_or(300)
                .max(1),
        );
        let trust_anchors = serve.trust_anchors.clone().or(file.trust_anchors);
        let token = match (
            serve.pkcs11_module.clone().or(file.pkcs11_module),
            pick(&serve.pkcs11_token, file.pkcs11_token),
        ) {
            (Some(module), Some(token)) => Some(lode_web::pki::TokenConfig {
                module,
                token,
                // the PIN only from the environment: never in a file or on a command line
                pin: std::env::var("LODE_PKCS11_PIN")
                    .context("LODE_PKCS11_PIN is required with pkcs11_module")?,
            }),
            (None, None) => None,
            _ => anyhow::bail!("pkcs11_module and pkcs11_token go together"),
        };
        Ok(Config {
            data,
            database_url,
            listen,
            demo,
            blobs,
            web,
            payment,
            mail,
            public_url,
            notify_interval,
            trust_anchors,
            base_map,
            token,
        })
    }

    /// The database URL without its password, for logs.
    pub fn redacted_database_url(&self) -> String {
        match url::Url::parse(&self.database_url) {
            Ok(mut u) if u.password().is_some() => {
                let _ = u.set_password(Some("***"));
                u.to_string()
            }
            _ => self.database_url.clone(),
        }
    }
}

/// The address people open when none is configured: on this machine's own addresses (the
/// loopback, or every interface), `localhost`, as the README says to open (a browser keeps
/// its session per host name, so a payer sent back to `127.0.0.1` after opening `localhost`
/// would come back signed out); otherwise the address listened on.
fn default_public_url(listen: &str) -> String {
    match listen.parse::<std::net::SocketAddr>() {
        Ok(a) if a.ip().is_loopback() || a.ip().is_unspecified() => {
            format!("http://localhost:{}", a.port())
        }
        _ => format!("http://{listen}"),
    }
}

/// The passphrase of the private keys: `LODE_KEY_PASSPHRASE`, or the first line of
/// `--key-passphrase-file` (which must be readable by lode alone). `None` when neither is set.
pub fn key_passphrase(global: &GlobalArgs) -> anyhow::Result<Option<Vec<u8>>> {
    if let Ok(p) = std::env::var("LODE_KEY_PASSPHRASE")
        && !p.is_empty()
    {
        return Ok(Some(p.into_bytes()));
    }
    let Some(path) = &global.key_passphrase_file else {
        return Ok(None);
    };
    read_passphrase(path).map(Some)
}

/// The first line of a passphrase file, refused when others may read it.
pub fn read_passphrase(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .with_context(|| format!("reading {}", path.display()))?
            .permissions()
            .mode();
        anyhow::ensure!(
            mode & 0o077 == 0,
            "{} may be read by others: chmod 600 it",
            path.display()
        );
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let line = text.lines().next().unwrap_or("").trim();
    anyhow::ensure!(
        line.len() >= 16,
        "{}: the passphrase is shorter than 16 characters",
        path.display()
    );
    Ok(line.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_address_is_localhost_on_this_machine() {
        assert_eq!(
            default_public_url("127.0.0.1:8080"),
            "http://localhost:8080"
        );
        assert_eq!(default_public_url("0.0.0.0:80"), "http://localhost:80");
        assert_eq!(default_public_url("[::1]:8080"), "http://localhost:8080");
        assert_eq!(default_public_url("10.1.2.3:8080"), "http://10.1.2.3:8080");
    }

    #[test]
    fn a_token_needs_its_module_and_its_label() {
        let serve = ServeArgs {
            pkcs11_module: Some("/usr/lib/softhsm/libsofthsm2.so".into()),
            ..Default::default()
        };
        let refused = Config::resolve(&GlobalArgs::default(), Some(&serve));
        assert!(
            refused.is_err_and(|e| e.to_string().contains("go together")),
            "a module without a token label"
        );
    }

    #[test]
    fn defaults_then_file_then_flags() -> anyhow::Result<()> {
        let c = Config::resolve(&GlobalArgs::default(), None)?;
        assert_eq!(c.database_url, "sqlite://data/lode.db");
        assert_eq!(c.listen, "127.0.0.1:8080");
        assert!(matches!(c.blobs, BlobConfig::Local(ref p) if p.ends_with("data/files")));

        let dir = std::env::temp_dir().join(format!("lode-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let file = dir.join("lode.toml");
        std::fs::write(
            &file,
            "data = \"/srv/lode\"\nlisten = \"0.0.0.0:80\"\ndemo = true\n",
        )?;
        let global = GlobalArgs {
            config: Some(file.clone()),
            ..Default::default()
        };
        let c = Config::resolve(&global, None)?;
        assert_eq!(c.database_url, "sqlite:///srv/lode/lode.db");
        assert_eq!(c.listen, "0.0.0.0:80");
        assert!(c.demo);

        let serve = ServeArgs {
            listen: Some("127.0.0.1:9999".into()),
            ..Default::default()
        };
        let global = GlobalArgs {
            config: Some(file.clone()),
            data: Some("/tmp/x".into()),
            ..Default::default()
        };
        let c = Config::resolve(&global, Some(&serve))?;
        assert_eq!(
            (c.listen.as_str(), c.database_url.as_str()),
            ("127.0.0.1:9999", "sqlite:///tmp/x/lode.db")
        );

        // the example shipped with lode parses
        let example =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lode.example.toml");
        assert!(
            Config::resolve(
                &GlobalArgs {
                    config: Some(example),
                    ..Default::default()
                },
                None
            )
            .is_ok()
        );

        std::fs::write(&file, "dta = \"typo\"\n")?;
        assert!(
            Config::resolve(
                &GlobalArgs {
                    config: Some(file),
                    ..Default::default()
                },
                None
            )
            .is_err(),
            "unknown keys are refused"
        );
        let _ = std::fs::remove_dir_all(dir);
        Ok(())
    }
}
