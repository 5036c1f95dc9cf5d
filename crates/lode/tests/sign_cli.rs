//! `lode sign` and `lode verify` on the command line: a key and certificate made by openssl, a
//! PDF signed twice, reports in text and JSON, and the exit status a script can rely on.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

mod support;
use support::{lode, openssl_keypair};

#[test]
fn sign_and_verify_from_the_command_line() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("lode-sign-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    openssl_keypair(
        "/O=Cuc DCKS/CN=Tran Van Hung",
        &["-newkey", "rsa:2048"],
        &p("k.pem"),
        &p("c.pem"),
    )?;
    std::fs::write(
        p("in.pdf"),
        lode_db::demo::sample_pdf(&["Quyet dinh so 12/QD-DCKS"]),
    )?;

    let (code, text) = lode(&[
        "sign",
        "--key",
        &p("k.pem"),
        "--cert",
        &p("c.pem"),
        "--reason",
        "Phê duyệt",
        &p("in.pdf"),
        &p("signed.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&["verify", &p("signed.pdf")])?;
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("VALID") && text.contains("CN=Tran Van Hung"),
        "{text}"
    );
    let (code, json) = lode(&["verify", "--json", &p("signed.pdf")])?;
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json)?;
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[0]["covers_whole_file"], true);

    // tampered: exit 1; unsigned: exit 2; not a PDF: exit 2 with a message, no panic
    let mut bytes = std::fs::read(p("signed.pdf"))?;
    bytes[60] ^= 0x01;
    std::fs::write(p("tampered.pdf"), &bytes)?;
    assert_eq!(lode(&["verify", &p("tampered.pdf")])?.0, 1);
    assert_eq!(lode(&["verify", &p("in.pdf")])?.0, 2);
    std::fs::write(p("junk.pdf"), b"%PDF-1.7 junk")?;
    let (code, text) = lode(&["verify", &p("junk.pdf")])?;
    assert_eq!(code, 2, "{text}");
    assert!(!text.contains("panicked"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn the_built_in_ca_from_the_command_line() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("lode-pki-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let ca = p("ca");
    // without a passphrase for its keys no CA is made
    let out = Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(["pki", "init", &ca])
        .env_remove("LODE_KEY_PASSPHRASE")
        .env_remove("LODE_KEY_PASSPHRASE_FILE")
        .output()?;
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("LODE_KEY_PASSPHRASE"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.join("ca/root.pem").exists());
    // nor with a passphrase file others may read
    std::fs::create_dir_all(&dir)?;
    let phrase = p("phrase");
    std::fs::write(&phrase, "a passphrase long enough to count\n")?;
    std::fs::set_permissions(&phrase, std::fs::Permissions::from_mode(0o644))?;
    let with_file = |args: &[&str]| -> anyhow::Result<(bool, String)> {
        let out = Command::new(env!("CARGO_BIN_EXE_lode"))
            .arg("--key-passphrase-file")
            .arg(&phrase)
            .args(args)
            .env_remove("LODE_KEY_PASSPHRASE")
            .output()?;
        Ok((
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ))
    };
    let (ok, text) = with_file(&["pki", "init", &ca])?;
    assert!(!ok && text.contains("may be read by others"), "{text}");
    assert!(!dir.join("ca/root.pem").exists());
    std::fs::set_permissions(&phrase, std::fs::Permissions::from_mode(0o600))?;
    let (ok, text) = with_file(&["pki", "init", &ca])?;
    assert!(ok, "{text}");
    // the keys are encrypted, and the CA answers only to its passphrase
    for key in ["root.key.pem", "issuing.key.pem"] {
        let pem = std::fs::read_to_string(dir.join("ca").join(key))?;
        assert!(
            pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
            "{key}"
        );
    }
    let (code, text) = lode(&["pki", "issue", &ca, "--name", "X", "--file", "x"])?;
    assert_ne!(code, 0, "another passphrase opens nothing: {text}");
    assert!(text.contains("passphrase"), "{text}");
    let _ = std::fs::remove_dir_all(dir.join("ca"));
    let (code, text) = lode(&["pki", "init", &ca])?;
    assert_eq!(code, 0, "{text}");
    let (code, _) = lode(&["pki", "init", &ca])?;
    assert_ne!(code, 0, "a second CA over the first is refused");
    let (code, text) = lode(&[
        "pki",
        "issue",
        &ca,
        "--name",
        "Trần Văn Hùng",
        "--file",
        "tvhung",
    ])?;
    assert_eq!(code, 0, "{text}");
    std::fs::write(p("in.pdf"), lode_db::demo::sample_pdf(&["Quyet dinh"]))?;
    let (code, text) = lode(&[
        "sign",
        "--key",
        &p("ca/tvhung.key.pem"),
        "--cert",
        &p("ca/tvhung.chain.pem"),
        &p("in.pdf"),
        &p("signed.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&["verify", "--trust", &p("ca/root.pem"), &p("signed.pdf")])?;
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("trusted: yes") && text.contains("Trần Văn Hùng"),
        "{text}"
    );
    // another CA's root: not trusted, exit 1
    let (code, _) = lode(&["pki", "init", &p("other")])?;
    assert_eq!(code, 0);
    let (code, text) = lode(&["verify", "--trust", &p("other/root.pem"), &p("signed.pdf")])?;
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("trusted: no"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Keys as holders receive them: PKCS#12 files exported by OpenSSL (AES, PBKDF2, an
/// HMAC-SHA-256 integrity MAC), RSA and P-256, unlocked with the password from the
/// environment or a file; a wrong password is refused with a clear message.
#[test]
fn pkcs12_files_sign() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("lode-p12-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    std::fs::write(p("in.pdf"), lode_db::demo::sample_pdf(&["Quyet dinh"]))?;
    for (name, algorithm) in [
        ("rsa", vec!["-newkey", "rsa:3072"]),
        (
            "ec",
            vec!["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ),
    ] {
        let (key, cert, p12) = (
            p(&format!("{name}.key")),
            p(&format!("{name}.crt")),
            p(&format!("{name}.p12")),
        );
        openssl_keypair("/O=Cuc DCKS/CN=Van thu", &algorithm, &key, &cert)?;
        let out = Command::new("openssl")
            .args([
                "pkcs12", "-export", "-inkey", &key, "-in", &cert, "-out", &p12,
            ])
            .args(["-passout", "pass:Mật khẩu ký số", "-name", "Van thu"])
            .output()?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let signed = p(&format!("{name}-signed.pdf"));
        let out = Command::new(env!("CARGO_BIN_EXE_lode"))
            .args(["sign", "--p12", &p12, &p("in.pdf"), &signed])
            .env("LODE_P12_PASSWORD", "Mật khẩu ký số")
            .output()?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (code, text) = lode(&["verify", "--trust", &cert, &signed])?;
        assert_eq!(code, 0, "{text}");
        assert!(text.contains("Van thu"), "{text}");
        // the password from a file
        std::fs::write(p("pw.txt"), "Mật khẩu ký số\n")?;
        let (code, text) = lode(&[
            "sign",
            "--p12",
            &p12,
            "--password-file",
            &p("pw.txt"),
            &p("in.pdf"),
            &p("again.pdf"),
        ])?;
        assert_eq!(code, 0, "{text}");
        // a wrong password: refused, nothing written
        let out = Command::new(env!("CARGO_BIN_EXE_lode"))
            .args(["sign", "--p12", &p12, &p("in.pdf"), &p("wrong.pdf")])
            .env("LODE_P12_PASSWORD", "mat khau sai")
            .output()?;
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("wrong password"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!dir.join("wrong.pdf").exists());
    }
    // not a PKCS#12 file at all
    let (code, text) = lode(&["sign", "--p12", &p("in.pdf"), &p("in.pdf"), &p("x.pdf")])?;
    assert_ne!(code, 0);
    assert!(text.contains("not a PKCS#12 file"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Keys on a PKCS#11 token, as the national CA's USB tokens hold them: SoftHSM2 as the token,
/// an RSA and a P-256 key imported with their certificates, `lode sign --pkcs11` signing with
/// the key that never leaves it; a wrong PIN is refused.
#[test]
fn pkcs11_tokens_sign() -> anyhow::Result<()> {
    let module = "/usr/lib/softhsm/libsofthsm2.so";
    anyhow::ensure!(
        std::path::Path::new(module).exists(),
        "SoftHSM2 is missing (scripts/test-deps.sh)"
    );
    let dir = std::env::temp_dir().join(format!("lode-pkcs11-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tokens"))?;
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let conf = p("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\n",
            p("tokens")
        ),
    )?;
    let tool = |program: &str, args: &[&str]| -> anyhow::Result<String> {
        let out = Command::new(program)
            .args(args)
            .env("SOFTHSM2_CONF", &conf)
            .output()?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        anyhow::ensure!(out.status.success(), "{program} {args:?}: {text}");
        Ok(text)
    };
    tool(
        "softhsm2-util",
        &[
            "--init-token",
            "--free",
            "--label",
            "lode-token",
            "--so-pin",
            "87654321",
            "--pin",
            "123456",
        ],
    )?;
    // an RSA key (certificate by openssl) and a P-256 key (certificate by lode's CA)
    openssl_keypair(
        "/O=Cuc DCKS/CN=Tran Van Hung",
        &["-newkey", "rsa:2048"],
        &p("rsa.key"),
        &p("rsa.crt"),
    )?;
    let (code, text) = lode(&["pki", "init", &p("ca")])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&[
        "pki",
        "issue",
        &p("ca"),
        "--name",
        "Văn thư Cục",
        "--file",
        "seal",
    ])?;
    assert_eq!(code, 0, "{text}");
    let chain = std::fs::read_to_string(p("ca/seal.chain.pem"))?;
    let end = "-----END CERTIFICATE-----\n";
    let cut = chain
        .find(end)
        .map(|i| i + end.len())
        .unwrap_or(chain.len());
    std::fs::write(p("seal.crt"), &chain[..cut])?;
    std::fs::write(p("cas.pem"), &chain[cut..])?;
    // the seal's key as lode's CA keeps it (encrypted) opened with its passphrase
    let seal_key = p("seal.key");
    let out = Command::new("openssl")
        .args([
            "pkey",
            "-in",
            &p("ca/seal.key.pem"),
            "-out",
            &seal_key,
            "-passin",
        ])
        .arg(format!("pass:{}", support::KEY_PASSPHRASE))
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (label, id, key, cert) in [
        ("leader", "01", p("rsa.key"), p("rsa.crt")),
        ("seal", "02", seal_key, p("seal.crt")),
    ] {
        tool(
            "softhsm2-util",
            &[
                "--import",
                &key,
                "--token",
                "lode-token",
                "--label",
                label,
                "--id",
                id,
                "--pin",
                "123456",
            ],
        )?;
        let der = p(&format!("{label}.der"));
        let out = Command::new("openssl")
            .args(["x509", "-in", &cert, "-outform", "DER", "-out", &der])
            .output()?;
        assert!(out.status.success());
        tool(
            "pkcs11-tool",
            &[
                "--module",
                module,
                "--token-label",
                "lode-token",
                "--login",
                "--pin",
                "123456",
                "--write-object",
                &der,
                "--type",
                "cert",
                "--label",
                label,
                "--id",
                id,
            ],
        )?;
    }
    std::fs::write(p("in.pdf"), lode_db::demo::sample_pdf(&["Quyet dinh"]))?;
    let sign = |label: &str, input: &str, output: &str, pin: &str| {
        Command::new(env!("CARGO_BIN_EXE_lode"))
            .args([
                "sign",
                "--pkcs11",
                module,
                "--token",
                "lode-token",
                "--key-label",
                label,
            ])
            .args(["--chain", &p("cas.pem"), input, output])
            .env("SOFTHSM2_CONF", &conf)
            .env("LODE_PKCS11_PIN", pin)
            .output()
    };
    let out = sign("leader", &p("in.pdf"), &p("signed.pdf"), "123456")?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = sign("seal", &p("signed.pdf"), &p("sealed.pdf"), "123456")?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // both valid; the seal's trusted through lode's CA, the leader's through its own certificate
    let (code, text) = lode(&["verify", "--json", &p("sealed.pdf")])?;
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text)?;
    assert_eq!(json[0]["valid"], true);
    assert_eq!(json[1]["valid"], true);
    assert!(
        json[0]["signer"]
            .as_str()
            .unwrap_or("")
            .contains("Tran Van Hung")
    );
    let (code, text) = lode(&["verify", "--trust", &p("ca/root.pem"), &p("signed.pdf")])?;
    assert_eq!(
        code, 1,
        "the leader's self-signed certificate is not under lode's root: {text}"
    );
    let out = Command::new("pdfsig").arg(p("sealed.pdf")).output()?;
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(report.matches("Signature is Valid").count(), 2, "{report}");
    // a wrong PIN: refused, nothing written
    let out = sign("seal", &p("in.pdf"), &p("wrong.pdf"), "000000")?;
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("login refused"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.join("wrong.pdf").exists());
    // a key that is not there
    let out = sign("nobody", &p("in.pdf"), &p("none.pdf"), "123456")?;
    assert!(String::from_utf8_lossy(&out.stderr).contains("no private key labelled nobody"));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Reads a binary PGM (what `pdftoppm -gray` writes): width, height, pixels.
fn pgm(path: &str) -> anyhow::Result<(usize, usize, Vec<u8>)> {
    let data = std::fs::read(path)?;
    let text = String::from_utf8_lossy(&data[..data.len().min(64)]).into_owned();
    let mut fields = text.split_ascii_whitespace();
    anyhow::ensure!(fields.next() == Some("P5"), "not a PGM");
    let w: usize = fields.next().unwrap_or("0").parse()?;
    let h: usize = fields.next().unwrap_or("0").parse()?;
    let pixels = data[data.len() - w * h..].to_vec();
    Ok((w, h, pixels))
}

/// Visible marks as Decree 30 wants them: the signer's (name, time, the signature image), then
/// the organisation's seal (in red, the seal image on its left), then the text stamp of a copy
/// at the top right; every signature stays valid for lode, poppler and pyHanko, and the marks
/// are drawn where they were asked for.
#[test]
fn visible_marks_are_drawn_and_keep_signatures_valid() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("lode-visible-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    ca_with(
        &dir,
        &[
            ("Trần Văn Hùng", "leader"),
            ("Cục Địa chất và Khoáng sản Việt Nam", "seal"),
        ],
    )?;
    std::fs::write(
        p("in.pdf"),
        lode_db::demo::sample_pdf(&["Quyet dinh so 12/QD-DCKS"]),
    )?;
    // a JPEG and a PNG (libpng's filters) to stand for the signature and the seal: a page
    // rendered by poppler
    for format in ["-jpeg", "-png"] {
        let out = Command::new("pdftoppm")
            .args([format, "-r", "10", "-singlefile", &p("in.pdf"), &p("image")])
            .output()?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // the seal's own image (its mark shows the seal alone)
    std::fs::write(
        p("seal.png"),
        lode_print::marks::seal_png("Cục Địa chất và Khoáng sản Việt Nam"),
    )?;
    let steps = [
        (
            "leader",
            "signer",
            "1:330,90,530,170",
            "in.pdf",
            "1.pdf",
            "image.jpg",
        ),
        (
            "seal",
            "seal",
            "1:300,60,480,140",
            "1.pdf",
            "2.pdf",
            "seal.png",
        ),
        (
            "seal",
            "copy",
            "1:400,760,580,820",
            "2.pdf",
            "3.pdf",
            "image.png",
        ),
    ];
    for (who, mark, at, input, output, image) in steps {
        let (code, text) = lode(&[
            "sign",
            "--key",
            &p(&format!("ca/{who}.key.pem")),
            "--cert",
            &p(&format!("ca/{who}.chain.pem")),
            "--visible",
            at,
            "--mark",
            mark,
            "--image",
            &p(image),
            "--field",
            mark,
            &p(input),
            &p(output),
        ])?;
        assert_eq!(code, 0, "{mark}: {text}");
    }
    let (code, text) = lode(&["verify", "--trust", &p("ca/root.pem"), &p("3.pdf")])?;
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("part of a signature's visible mark (allowed)"),
        "{text}"
    );
    let out = Command::new("qpdf")
        .args(["--check", &p("3.pdf")])
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = Command::new("pdfsig").arg(p("3.pdf")).output()?;
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(report.matches("Signature is Valid").count(), 3, "{report}");
    let verdict = pyhanko_validate(&p("ca/root.pem"), &p("3.pdf"))?;
    assert_eq!(verdict.matches("INTACT:TRUSTED").count(), 3, "{verdict}");
    assert!(!verdict.contains("MODIFIED"), "{verdict}");
    // drawn where asked: the page at 72 dpi (1 px = 1 pt), ink in each mark's box that the
    // unsigned page does not have
    for (file, stem) in [("in.pdf", "before"), ("3.pdf", "after")] {
        let out = Command::new("pdftoppm")
            .args(["-gray", "-r", "72", "-singlefile", &p(file), &p(stem)])
            .output()?;
        assert!(out.status.success());
    }
    let (w, h, before) = pgm(&p("before.pgm"))?;
    let (_, _, after) = pgm(&p("after.pgm"))?;
    let ink = |pixels: &[u8], x1: usize, y1: usize, x2: usize, y2: usize| {
        // PDF y runs up from the bottom, the image's down from the top
        let mut n = 0;
        for y in (h - y2)..(h - y1) {
            for x in x1..x2.min(w) {
                if pixels[y * w + x] < 160 {
                    n += 1;
                }
            }
        }
        n
    };
    for (x1, y1, x2, y2) in [
        (330, 90, 530, 170),
        (300, 60, 480, 140),
        (400, 760, 580, 820),
    ] {
        let (b, a) = (ink(&before, x1, y1, x2, y2), ink(&after, x1, y1, x2, y2));
        assert!(a > b + 50, "nothing drawn at {x1},{y1}: {b} then {a}");
    }
    // a rectangle the wrong way round, a page that is not there, garbage: clear errors
    for (at, said) in [
        ("1:530,90,330,170", "--visible is PAGE:X1,Y1,X2,Y2"),
        ("9:330,90,530,170", "no page 9"),
        ("x", "--visible is PAGE:X1,Y1,X2,Y2"),
    ] {
        let (key, cert) = (p("ca/leader.key.pem"), p("ca/leader.chain.pem"));
        let args = ["sign", "--key", &key, "--cert", &cert, "--visible", at];
        let (code, text) = lode(&[&args[..], &[&p("in.pdf"), &p("x.pdf")]].concat())?;
        assert_ne!(code, 0, "{at}");
        assert!(text.contains(said), "{at}: {text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The place a signature goes, found from a placeholder the document's author left: `lode
/// placeholder` adds an empty signature field, `lode sign --visible placeholder` signs it in
/// place with its mark there; signing the placeholder later leaves the earlier signature valid.
#[test]
fn placeholders_take_the_signature_where_the_author_left_room() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("lode-placeholder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    ca_with(
        &dir,
        &[("Trần Văn Hùng", "leader"), ("Cục Địa chất", "seal")],
    )?;
    std::fs::write(p("in.pdf"), lode_db::demo::sample_pdf(&["To trinh"]))?;
    // the drafter leaves room for the leader and for the seal
    let (code, text) = lode(&[
        "placeholder",
        "--name",
        "Người ký",
        "--at",
        "1:330,90,530,170",
        &p("in.pdf"),
        &p("a.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&[
        "placeholder",
        "--name",
        "Con dấu",
        "--at",
        "1:300,60,480,140",
        &p("a.pdf"),
        &p("b.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let (code, _) = lode(&[
        "placeholder",
        "--name",
        "Con dấu",
        "--at",
        "1:1,1,2,2",
        &p("b.pdf"),
        &p("x.pdf"),
    ])?;
    assert_ne!(code, 0, "the same name twice");
    let sign = |who: &str, field: &str, mark: &str, input: &str, output: &str| {
        lode(&[
            "sign",
            "--key",
            &p(&format!("ca/{who}.key.pem")),
            "--cert",
            &p(&format!("ca/{who}.chain.pem")),
            "--field",
            field,
            "--visible",
            "placeholder",
            "--mark",
            mark,
            &p(input),
            &p(output),
        ])
    };
    let (code, text) = sign("leader", "Người ký", "signer", "b.pdf", "c.pdf")?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = sign("seal", "Con dấu", "seal", "c.pdf", "d.pdf")?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = sign("seal", "Không có", "seal", "d.pdf", "e.pdf")?;
    assert_ne!(code, 0);
    assert!(
        text.contains("no empty signature field named Không có"),
        "{text}"
    );
    let (code, text) = lode(&[
        "verify",
        "--trust",
        &p("ca/root.pem"),
        "--json",
        &p("d.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text)?;
    assert_eq!(
        json.as_array().map(Vec::len),
        Some(2),
        "two fields, both signed in place"
    );
    let changes = json[0]["changes_after"].to_string();
    assert!(
        changes.contains("a signature field left empty is signed"),
        "{changes}"
    );
    let out = Command::new("pdfsig").arg(p("d.pdf")).output()?;
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(report.matches("Signature is Valid").count(), 2, "{report}");
    let out = Command::new("qpdf")
        .args(["--check", &p("d.pdf")])
        .output()?;
    assert!(out.status.success());
    let verdict = pyhanko_validate(&p("ca/root.pem"), &p("d.pdf"))?;
    assert!(
        verdict.contains("INTACT:TRUSTED,EXTENDED_WITH_FORM_FILLING,ACCEPTABLE_MODIFICATIONS")
            && verdict.contains("INTACT:TRUSTED,UNTOUCHED"),
        "{verdict}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Decree 30's order: the leader signs, then the clerk writes the issued number and date into
/// the fields the drafter reserved for them, then seals. The leader's signature stays valid
/// (for lode and pyHanko); any other field changed after signing is caught.
#[test]
fn the_number_and_date_are_filled_after_the_signature() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("lode-fill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    ca_with(&dir, &[("Trần Văn Hùng", "leader")])?;
    std::fs::write(p("in.pdf"), lode_db::demo::sample_pdf(&["Quyet dinh"]))?;
    for (name, at, input, output) in [
        ("Số ký hiệu", "1:60,760,260,780", "in.pdf", "a.pdf"),
        ("Ngày ban hành", "1:300,760,560,780", "a.pdf", "b.pdf"),
    ] {
        let (code, text) = lode(&[
            "placeholder",
            "--name",
            name,
            "--at",
            at,
            &p(input),
            &p(output),
        ])?;
        assert_eq!(code, 0, "{text}");
    }
    let (code, text) = lode(&[
        "sign",
        "--key",
        &p("ca/leader.key.pem"),
        "--cert",
        &p("ca/leader.chain.pem"),
        &p("b.pdf"),
        &p("signed.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&[
        "fill",
        "--number",
        "Số: 12/QĐ-ĐCKS",
        "--date",
        "Hà Nội, ngày 25 tháng 11 năm 2026",
        &p("signed.pdf"),
        &p("numbered.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&["verify", "--trust", &p("ca/root.pem"), &p("numbered.pdf")])?;
    assert_eq!(code, 0, "the signature survives the number: {text}");
    assert!(
        text.contains("the issued number or date filled in (allowed)"),
        "{text}"
    );
    let verdict = pyhanko_validate(&p("ca/root.pem"), &p("numbered.pdf"))?;
    assert!(
        verdict.contains("INTACT:TRUSTED") && !verdict.contains("MODIFIED"),
        "{verdict}"
    );
    // the number is drawn where the field is (pdftoppm renders field appearances)
    let out = Command::new("pdftoppm")
        .args([
            "-gray",
            "-r",
            "72",
            "-singlefile",
            &p("numbered.pdf"),
            &p("n"),
        ])
        .output()?;
    assert!(out.status.success());
    let (w, h, px) = pgm(&p("n.pgm"))?;
    let dark = (h - 780..h - 760)
        .flat_map(|y| (60..260.min(w)).map(move |x| (x, y)))
        .filter(|(x, y)| px[y * w + x] < 160)
        .count();
    assert!(dark > 50, "the number is not drawn: {dark}");
    // no reserved field, no filling (a field that is not reserved, changed after signing, is
    // caught: lode-sign's shadow-replace attack test)
    let (code, text) = lode(&["fill", "--number", "x", &p("in.pdf"), &p("x.pdf")])?;
    assert_ne!(code, 0);
    assert!(text.contains("no field Số ký hiệu"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// pyHanko's verdict on a file, with `root` the only trust anchor, revocation not checked.
fn pyhanko_validate(root: &str, file: &str) -> anyhow::Result<String> {
    support::pyhanko(&[
        "sign",
        "validate",
        "--trust-replace",
        "--trust",
        root,
        "--no-revocation-check",
        file,
    ])
}

/// A built-in CA in `dir/ca` with certificates issued to `holders` (name, file stem).
fn ca_with(dir: &std::path::Path, holders: &[(&str, &str)]) -> anyhow::Result<()> {
    let ca = dir.join("ca").to_string_lossy().into_owned();
    let (code, text) = lode(&["pki", "init", &ca])?;
    anyhow::ensure!(code == 0, "{text}");
    for (name, file) in holders {
        let (code, text) = lode(&["pki", "issue", &ca, "--name", name, "--file", file])?;
        anyhow::ensure!(code == 0, "{text}");
    }
    Ok(())
}
