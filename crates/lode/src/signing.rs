//! `lode sign`, `lode verify` and `lode pki`: signatures and the built-in CA on the command
//! line, over the `lode-sign` library; the network (timestamp authorities, CRLs) through the
//! same client code the server uses (`lode_web::pki`).

use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct SignArgs {
    /// The private key, PKCS#8 PEM (RSA or ECDSA); with --cert.
    #[arg(long, requires = "cert", conflicts_with = "p12")]
    key: Option<PathBuf>,
    /// The signer's certificate, then its chain, PEM.
    #[arg(long)]
    cert: Option<PathBuf>,
    /// A PKCS#12 file holding the key and its certificates; the password comes from
    /// LODE_P12_PASSWORD or --password-file.
    #[arg(long)]
    p12: Option<PathBuf>,
    /// A file whose first line is the PKCS#12 password.
    #[arg(long)]
    password_file: Option<PathBuf>,
    /// A PKCS#11 module (the token's library, e.g. /usr/lib/softhsm/libsofthsm2.so): the key
    /// stays on the token; with --token and --key-label, the PIN from LODE_PKCS11_PIN.
    #[arg(long, requires_all = ["token", "key_label"], conflicts_with_all = ["key", "p12"])]
    pkcs11: Option<PathBuf>,
    /// The token's label.
    #[arg(long)]
    token: Option<String>,
    /// The label of the key (and of its certificate) on the token.
    #[arg(long)]
    key_label: Option<String>,
    /// The CAs above the signer's certificate, PEM, when the token holds only its own.
    #[arg(long)]
    chain: Option<PathBuf>,
    /// The signature field's name.
    #[arg(long, default_value = "Chữ ký")]
    field: String,
    #[arg(long)]
    reason: Option<String>,
    #[arg(long)]
    location: Option<String>,
    /// A timestamp authority (RFC 3161 over HTTP): the signature is then PAdES B-T.
    #[arg(long)]
    tsa: Option<String>,
    /// B-B, B-T, B-LT (and the chain and CRLs kept in the document's /DSS) or B-LTA (and a
    /// document timestamp over it all); the default is B-T with --tsa, else B-B.
    #[arg(long)]
    level: Option<String>,
    /// A visible mark: PAGE:X1,Y1,X2,Y2 in points from the page's lower left corner (page 1
    /// first), e.g. 1:330,90,530,170; or `placeholder`: where the document's empty signature
    /// field named --field stands. Without it the signature is invisible (an empty field of
    /// that name is still signed in place).
    #[arg(long)]
    visible: Option<String>,
    /// What the mark shows: signer (the name and time, the signature image), seal (the
    /// organisation and the time in red, the seal image on its left), copy (a framed text stamp
    /// for copies), attachment (a framed text stamp with --notation, for attachments).
    #[arg(long, default_value = "signer")]
    mark: String,
    /// The main document's number and notation, for `--mark attachment`.
    #[arg(long)]
    notation: Option<String>,
    /// The signature or seal image for the mark (JPEG, or PNG with transparency).
    #[arg(long)]
    image: Option<PathBuf>,
    input: PathBuf,
    output: PathBuf,
}

#[derive(Args)]
pub struct ExtendArgs {
    /// Also add a document timestamp from this authority (PAdES B-LTA), for the archive.
    #[arg(long)]
    tsa: Option<String>,
    input: PathBuf,
    output: PathBuf,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The report as JSON.
    #[arg(long)]
    json: bool,
    /// Trust anchors (PEM, one or more certificates): signers must chain to one of them.
    #[arg(long)]
    trust: Option<PathBuf>,
    /// CRLs to check revocation with (DER or PEM); repeat for several.
    #[arg(long)]
    crl: Vec<PathBuf>,
    /// OCSP responses to check revocation with (DER); repeat for several.
    #[arg(long)]
    ocsp: Vec<PathBuf>,
    /// Fetch the CRLs the trusted certificates name and ask their OCSP responders (HTTP).
    #[arg(long)]
    online: bool,
    input: PathBuf,
}

#[derive(Subcommand)]
pub enum PkiCommand {
    /// Creates a root and an issuing CA in DIR (root.pem, issuing.pem and their keys).
    Init {
        dir: PathBuf,
        /// The organisation named in the certificates.
        #[arg(long, default_value = "Cục Địa chất và Khoáng sản Việt Nam")]
        organisation: String,
        /// Where the CRLs will be published, e.g. https://lode.example.vn/pki/ (lode serve
        /// publishes them under /pki/); certificates name it as their CRL distribution point.
        #[arg(long)]
        crl_url: Option<String>,
    },
    /// Issues a certificate (P-256) to a person, a unit or a timestamp authority: writes
    /// FILE.key.pem and FILE.chain.pem (the certificate, the issuing CA, the root) into DIR.
    Issue {
        dir: PathBuf,
        /// The holder's name, e.g. "Trần Văn Hùng".
        #[arg(long)]
        name: String,
        /// The file name stem of what is written.
        #[arg(long)]
        file: String,
        #[arg(long, default_value = "Cục Địa chất và Khoáng sản Việt Nam")]
        organisation: String,
        /// signing (people and units) or timestamping (a TSA).
        #[arg(long, default_value = "signing")]
        purpose: String,
    },
    /// Revokes a certificate the CA issued (or suspends it: --reason hold).
    Revoke {
        dir: PathBuf,
        /// The serial number, hexadecimal (as `lode pki list` shows it).
        #[arg(long)]
        serial: String,
        /// unspecified, key-compromise, affiliation-changed, superseded,
        /// cessation-of-operation, hold.
        #[arg(long, default_value = "unspecified")]
        reason: String,
    },
    /// Lifts a suspension.
    Reinstate {
        dir: PathBuf,
        #[arg(long)]
        serial: String,
    },
    /// Writes the current CRL (DER) of the issuing CA, or of the root with --ca root.
    Crl {
        dir: PathBuf,
        #[arg(long, default_value = "issuing")]
        ca: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Lists what the CA issued, with each certificate's status.
    List { dir: PathBuf },
}

fn read(path: &PathBuf) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

fn read_text(path: &PathBuf) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

impl SignArgs {
    /// Whether the signer's key is a key file (which lode's CA may have encrypted).
    pub fn uses_key_file(&self) -> bool {
        self.key.is_some()
    }
}

/// `lode sign`; a key file encrypted by lode's CA is opened with the keys' passphrase.
pub async fn sign(args: SignArgs, passphrase: Option<&[u8]>) -> anyhow::Result<ExitCode> {
    let signer = match (&args.key, &args.cert, &args.p12) {
        _ if args.pkcs11.is_some() => {
            let chain = match &args.chain {
                Some(c) => lode_sign::cms::certificates_from_pem(&read_text(c)?)?,
                None => Vec::new(),
            };
            let spec = lode_sign::pkcs11::TokenSpec {
                module: args.pkcs11.clone().unwrap_or_default(),
                token: args.token.clone().unwrap_or_default(),
                key_label: args.key_label.clone().unwrap_or_default(),
                pin: std::env::var("LODE_PKCS11_PIN").unwrap_or_default(),
            };
            lode_sign::signer::Signer::on_token(&spec, &chain)?
        }
        (Some(key), Some(cert), None) => {
            let key = lode_sign::pki::open_key(&read_text(key)?, passphrase)?;
            lode_sign::signer::Signer::from_pem(&key, &read_text(cert)?)?
        }
        (None, None, Some(p12)) => {
            let password = match &args.password_file {
                Some(f) => read_text(f)?.lines().next().unwrap_or("").to_string(),
                None => std::env::var("LODE_P12_PASSWORD").unwrap_or_default(),
            };
            lode_sign::p12::read(&read(p12)?, &password)?
        }
        _ => {
            anyhow::bail!("give --key and --cert, --p12, or --pkcs11 with --token and --key-label")
        }
    };
    let data = read(&args.input)?;
    let spec = lode_sign::field::FieldSpec {
        name: args.field.clone(),
        time: lode_sign::pdf_date(std::time::SystemTime::now()),
        reason: args.reason.clone(),
        location: args.location.clone(),
        contents_size: lode_sign::field::DEFAULT_CONTENTS,
    };
    let level = match (args.level.as_deref(), &args.tsa) {
        (None, None) => "B-B",
        (None, Some(_)) => "B-T",
        (Some(l @ ("B-B" | "B-T" | "B-LT" | "B-LTA")), _) => l,
        (Some(other), _) => anyhow::bail!("--level is B-B, B-T, B-LT or B-LTA, not {other}"),
    };
    let tsa = match (level, &args.tsa) {
        ("B-B", _) => None,
        (_, Some(url)) => Some(url.clone()),
        (_, None) => anyhow::bail!("{level} needs a timestamp authority (--tsa URL)"),
    };
    let visible = match args.visible.as_deref() {
        // the place the document's author left: an empty signature field of this name
        Some("placeholder") => {
            let rect = lode_sign::field::placeholder(&data, &args.field)?.with_context(|| {
                format!(
                    "the document has no empty signature field named {}",
                    args.field
                )
            })?;
            let at = format!("1:{},{},{},{}", rect[0], rect[1], rect[2], rect[3]);
            Some(visible_mark(&at, &args, &signer)?)
        }
        Some(at) => Some(visible_mark(at, &args, &signer)?),
        None => None,
    };
    let client = lode_web::pki::client()?;
    let mut signed = match &tsa {
        None => lode_sign::cms::sign_pdf_visible(&data, &signer, &spec, None, visible.as_ref())?,
        Some(url) => {
            let stamp = stamper(client.clone(), url.clone());
            tokio::task::spawn_blocking(move || {
                lode_sign::cms::sign_pdf_visible(
                    &data,
                    &signer,
                    &spec,
                    Some(&stamp),
                    visible.as_ref(),
                )
            })
            .await??
        }
    };
    if matches!(level, "B-LT" | "B-LTA") {
        signed = keep_validation_data(&client, signed).await?;
    }
    if let ("B-LTA", Some(url)) = (level, &tsa) {
        signed = archive_timestamp(client.clone(), url.clone(), signed).await?;
    }
    std::fs::write(&args.output, signed)
        .with_context(|| format!("writing {}", args.output.display()))?;
    println!("signed ({level}): {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}

/// Asks the authority at `url` for a token, from a blocking thread.
fn stamper(
    client: reqwest::Client,
    url: String,
) -> impl Fn(&[u8; 32]) -> Result<Vec<u8>, lode_sign::PdfError> {
    let handle = tokio::runtime::Handle::current();
    move |imprint: &[u8; 32]| {
        handle
            .block_on(lode_web::pki::timestamp(&client, &url, imprint))
            .map_err(|e| lode_sign::PdfError::Unsupported(format!("{e:#}")))
    }
}

/// B-LT: the certificates the signatures carry, the CRLs they name and their OCSP answers,
/// fetched now, kept in the document's /DSS. A CRL that cannot be had is an error: the document would not validate
/// later.
async fn keep_validation_data(client: &reqwest::Client, data: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    let material = lode_sign::ltv::validation_material(&data)?;
    let urls = material.crl_urls;
    let crls = lode_web::pki::fetch_crls(client, &Default::default(), &urls).await;
    anyhow::ensure!(
        crls.len() == urls.len(),
        "not every CRL could be fetched ({} of {}: {})",
        crls.len(),
        urls.len(),
        urls.join(", ")
    );
    let crls: Vec<Vec<u8>> = crls.into_iter().map(|c| c.der).collect();
    // OCSP answers are kept too where responders give them; the CRLs suffice without them
    let ocsps: Vec<Vec<u8>> = lode_web::pki::fetch_ocsp(client, &material.ocsp)
        .await
        .into_iter()
        .map(|r| r.der)
        .collect();
    let certs = material.certificates;
    Ok(
        tokio::task::spawn_blocking(move || lode_sign::dss::add(&data, &certs, &crls, &ocsps))
            .await??,
    )
}

/// B-LTA: a document timestamp over everything.
async fn archive_timestamp(
    client: reqwest::Client,
    url: String,
    data: Vec<u8>,
) -> anyhow::Result<Vec<u8>> {
    let stamp = stamper(client, url);
    Ok(tokio::task::spawn_blocking(move || {
        lode_sign::cms::timestamp_pdf(&data, "Dấu thời gian lưu trữ", &stamp)
    })
    .await??)
}

/// `lode extend`: a signed document brought to B-LT (its validation data kept in it), and to
/// B-LTA with --tsa (a document timestamp over it), as an archive does before keeping it.
pub async fn extend(args: ExtendArgs) -> anyhow::Result<ExitCode> {
    let data = read(&args.input)?;
    let client = lode_web::pki::client()?;
    let mut out = keep_validation_data(&client, data).await?;
    if let Some(url) = &args.tsa {
        out = archive_timestamp(client.clone(), url.clone(), out).await?;
    }
    std::fs::write(&args.output, out)
        .with_context(|| format!("writing {}", args.output.display()))?;
    println!(
        "extended ({}): {}",
        if args.tsa.is_some() { "B-LTA" } else { "B-LT" },
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Exit status 0 when every signature is valid (and trusted, with anchors), 1 when any is
/// not or the document was modified after one, 2 when there is none or the file is unreadable.
pub async fn verify(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let data = read(&args.input)?;
    let anchors = match &args.trust {
        Some(path) => {
            let a = lode_sign::cms::certificates_from_pem(&read_text(path)?)?;
            anyhow::ensure!(!a.is_empty(), "no certificate in the trust file");
            Some(a)
        }
        None => None,
    };
    let mut reports = match lode_sign::verify::verify(&data) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}: {e}", args.input.display());
            return Ok(ExitCode::from(2));
        }
    };
    if let Some(anchors) = &anchors {
        let mut evidence = lode_sign::verify::Evidence::default();
        for path in &args.crl {
            evidence
                .crls
                .push(lode_sign::crl::Crl::parse(&read(path)?)?);
        }
        for path in &args.ocsp {
            evidence
                .ocsp
                .push(lode_sign::ocsp::Response::parse(&read(path)?)?);
        }
        if args.online {
            let sources = lode_sign::verify::revocation_sources(&reports, anchors);
            let client = lode_web::pki::client()?;
            evidence.crls.extend(
                lode_web::pki::fetch_crls(&client, &Default::default(), &sources.crls).await,
            );
            evidence
                .ocsp
                .extend(lode_web::pki::fetch_ocsp(&client, &sources.ocsp).await);
        }
        lode_sign::verify::check_trust(&mut reports, anchors, &evidence);
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&lode_sign::verify::to_json(&reports))?
        );
    } else {
        print!("{}", lode_sign::verify::to_text(&reports));
    }
    let trusted = reports.iter().all(|r| r.trusted != Some(false));
    Ok(if reports.is_empty() {
        ExitCode::from(2)
    } else if trusted
        && reports
            .iter()
            .all(lode_sign::verify::SignatureReport::valid)
    {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Why the CA's commands refuse to run without a passphrase.
pub const KEYS_NEED_A_PASSPHRASE: &str = "the CA's private keys are kept encrypted: set LODE_KEY_PASSPHRASE or --key-passphrase-file (a file readable by lode alone, kept apart from the data folder)";

/// `lode pki`: the built-in CA kept as files, its keys encrypted with `passphrase` (listing what
/// it issued needs no key).
pub fn pki(command: PkiCommand, passphrase: Option<&[u8]>) -> anyhow::Result<()> {
    use lode_sign::pki::Store;
    let now = std::time::SystemTime::now();
    if passphrase.is_none() && !matches!(command, PkiCommand::List { .. }) {
        anyhow::bail!(KEYS_NEED_A_PASSPHRASE);
    }
    match command {
        PkiCommand::Init {
            dir,
            organisation,
            crl_url,
        } => {
            Store::init_sealed(&dir, &organisation, crl_url.as_deref(), passphrase)?;
            println!("CA ready in {}: trust root.pem", dir.display());
        }
        PkiCommand::Issue {
            dir,
            name,
            file,
            organisation,
            purpose,
        } => {
            let purpose = match purpose.as_str() {
                "signing" => lode_sign::ca::Purpose::Signing,
                "timestamping" => lode_sign::ca::Purpose::Timestamping,
                other => anyhow::bail!("--purpose is signing or timestamping, not {other}"),
            };
            let store = Store::open_sealed(&dir, passphrase)?;
            let signer = store.issue(&name, &organisation, purpose, &file)?;
            let stem = lode_sign::pki::file_stem(&file).unwrap_or_default();
            println!(
                "issued to {name}: {stem}.key.pem, {stem}.chain.pem (serial {})",
                lode_sign::crl::serial_hex(signer.certificate())
            );
        }
        PkiCommand::Revoke {
            dir,
            serial,
            reason,
        } => {
            let reason = lode_sign::crl::Reason::parse(&reason)
                .with_context(|| format!("unknown reason {reason}"))?;
            Store::open_sealed(&dir, passphrase)?.revoke(&serial, reason, now)?;
            println!(
                "{} {serial}",
                if reason == lode_sign::crl::Reason::CertificateHold {
                    "suspended"
                } else {
                    "revoked"
                }
            );
        }
        PkiCommand::Reinstate { dir, serial } => {
            Store::open_sealed(&dir, passphrase)?.reinstate(&serial)?;
            println!("reinstated {serial}");
        }
        PkiCommand::Crl { dir, ca, out } => {
            let der = Store::open_sealed(&dir, passphrase)?.crl(&ca, now)?;
            std::fs::write(&out, der).with_context(|| format!("writing {}", out.display()))?;
            println!("CRL of the {ca} CA: {}", out.display());
        }
        PkiCommand::List { dir } => {
            let store = Store::open_sealed(&dir, passphrase)?;
            let revoked = store.revoked()?;
            let secs = now
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            for i in store.issued()? {
                let status = match revoked.iter().find(|e| {
                    lode_sign::crl::parse_serial(&i.serial).as_deref() == Some(&e.serial[..])
                }) {
                    Some(e) if e.reason == lode_sign::crl::Reason::CertificateHold => "suspended",
                    Some(_) => "revoked",
                    None if i.not_after < secs => "expired",
                    None => "valid",
                };
                println!(
                    "{}\t{status}\t{}\t{}\t{}",
                    i.serial,
                    lode_sign::verify::iso_time(i.not_after),
                    i.purpose,
                    i.subject
                );
            }
        }
    }
    Ok(())
}

/// The visible mark of `--visible PAGE:X1,Y1,X2,Y2`: its place, and its look drawn by
/// `lode_print::stamp` from the signer's certificate (name, organisation) and the time now in
/// Vietnam (ISO 8601, +07:00).
fn visible_mark(
    at: &str,
    args: &SignArgs,
    signer: &lode_sign::signer::Signer,
) -> anyhow::Result<lode_sign::appearance::Visible> {
    let (mark, image) = (args.mark.as_str(), args.image.as_ref());
    let bad = || anyhow::anyhow!("--visible is PAGE:X1,Y1,X2,Y2, e.g. 1:330,90,530,170");
    let (page, rect) = at.split_once(':').ok_or_else(bad)?;
    let page: usize = page.trim().parse().map_err(|_| bad())?;
    let numbers: Vec<f64> = rect
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    let [x1, y1, x2, y2] = numbers.as_slice() else {
        return Err(bad());
    };
    anyhow::ensure!(page >= 1 && x1 < x2 && y1 < y2, bad());
    let (width, height) = ((x2 - x1) as f32, (y2 - y1) as f32);
    let subject = &signer.certificate().tbs_certificate.subject;
    let part = |oid: &str| lode_sign::ca::attribute(subject, oid).unwrap_or_default();
    let (name, organisation) = (
        part(lode_sign::ca::COMMON_NAME),
        part(lode_sign::ca::ORGANISATION),
    );
    let now = lode_sign::verify::iso_now();
    let picture = match image {
        Some(path) => {
            Some(std::fs::read(path).with_context(|| format!("reading {}", path.display()))?)
        }
        None => None,
    };
    let kind = lode_print::stamp::Mark::parse(mark)
        .with_context(|| format!("--mark is signer, seal, copy or attachment, not {mark}"))?;
    let name = match (kind, &args.notation) {
        (lode_print::stamp::Mark::Attachment, Some(n)) => n.clone(),
        (lode_print::stamp::Mark::Attachment, None) => {
            anyhow::bail!("--mark attachment needs --notation (the document's number and notation)")
        }
        _ => name,
    };
    let stamp =
        lode_print::stamp::decree30(kind, width, height, &name, &organisation, &now, picture);
    Ok(lode_sign::appearance::Visible {
        page: page - 1,
        rect: [*x1, *y1, *x2, *y2],
        appearance: lode_print::stamp::render(&stamp)?,
    })
}

#[derive(Args)]
pub struct PlaceholderArgs {
    /// The field's name, which `lode sign --field` names to sign it; "Số ký hiệu" and "Ngày
    /// ban hành" make the text fields `lode fill` writes the issued number and date into.
    #[arg(long)]
    name: String,
    /// PAGE:X1,Y1,X2,Y2 in points from the page's lower left corner, page 1 first.
    #[arg(long)]
    at: String,
    input: PathBuf,
    output: PathBuf,
}

/// `lode placeholder`: an empty signature field where a signature will go.
pub fn placeholder(args: PlaceholderArgs) -> anyhow::Result<ExitCode> {
    let bad = || anyhow::anyhow!("--at is PAGE:X1,Y1,X2,Y2, e.g. 1:330,90,530,170");
    let (page, rect) = args.at.split_once(':').ok_or_else(bad)?;
    let page: usize = page.trim().parse().map_err(|_| bad())?;
    let n: Vec<f64> = rect
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    let rect = <[f64; 4]>::try_from(n).map_err(|_| bad())?;
    anyhow::ensure!(page >= 1, bad());
    let data = read(&args.input)?;
    // the number and the date get text fields, filled after signing; others are signatures
    let out = if lode_sign::fill::is_reserved(&args.name) {
        lode_sign::fill::add_field(&data, &args.name, page - 1, rect)?
    } else {
        lode_sign::field::add_placeholder(&data, &args.name, page - 1, rect)?
    };
    std::fs::write(&args.output, out)
        .with_context(|| format!("writing {}", args.output.display()))?;
    println!("placeholder {}: {}", args.name, args.output.display());
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct FillArgs {
    /// The number and notation, e.g. "Số: 12/QĐ-ĐCKS", written into the field "Số ký hiệu".
    #[arg(long)]
    number: Option<String>,
    /// The place and date, e.g. "Hà Nội, ngày 25 tháng 11 năm 2026", into "Ngày ban hành".
    #[arg(long)]
    date: Option<String>,
    input: PathBuf,
    output: PathBuf,
}

/// `lode fill`: the issued number and date written into the fields reserved for them, after
/// the signer signed; the signature stays valid.
pub fn fill(args: FillArgs) -> anyhow::Result<ExitCode> {
    let data = read(&args.input)?;
    let fields = lode_sign::fill::reserved_fields(&data)?;
    let mut values = Vec::new();
    for (name, text) in [
        (lode_sign::fill::NUMBER_FIELD, &args.number),
        (lode_sign::fill::DATE_FIELD, &args.date),
    ] {
        let Some(text) = text else { continue };
        let rect = fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| *r)
            .with_context(|| format!("the document has no field {name}"))?;
        let (width, height) = ((rect[2] - rect[0]) as f32, (rect[3] - rect[1]) as f32);
        let appearance =
            lode_print::stamp::render(&lode_print::stamp::field_text(width, height, text))?;
        values.push(lode_sign::fill::Value {
            field: name.to_string(),
            text: text.clone(),
            appearance,
        });
    }
    anyhow::ensure!(!values.is_empty(), "give --number, --date or both");
    let out = lode_sign::fill::fill(&data, &values)?;
    std::fs::write(&args.output, out)
        .with_context(|| format!("writing {}", args.output.display()))?;
    println!("filled: {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}
