//! `lode sign` and `lode verify` on the command line: a key and certificate made by openssl, a
//! PDF signed twice, reports in text and JSON, and the exit status a script can rely on.

use std::process::Command;

fn lode(args: &[&str]) -> anyhow::Result<(i32, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(args)
        .output()?;
    Ok((
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    ))
}

#[test]
fn sign_and_verify_from_the_command_line() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("lode-sign-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-nodes",
            "-days",
            "30",
            "-subj",
            "/O=Cuc DCKS/CN=Tran Van Hung",
        ])
        .args([
            "-newkey",
            "rsa:2048",
            "-keyout",
            &p("k.pem"),
            "-out",
            &p("c.pem"),
        ])
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
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
