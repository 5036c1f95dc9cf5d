//! What the signing tests share: a scratch folder, running a tool, a one-page document, a
//! field, pyHanko from the project's `.venv`.
#![allow(dead_code)]

use lode_sign::field::FieldSpec;
use std::process::Command;

pub struct Scratch(pub std::path::PathBuf);

impl Scratch {
    pub fn new(tag: &str) -> anyhow::Result<Self> {
        // tests of one binary run at once: each gets its own folder
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let d = std::env::temp_dir().join(format!("lode-signing-{tag}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&d)?;
        Ok(Self(d))
    }
    pub fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run(program: &str, args: &[&str]) -> anyhow::Result<(bool, String)> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| anyhow::anyhow!("{program}: {e} (run scripts/test-deps.sh)"))?;
    Ok((
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    ))
}

pub fn document() -> anyhow::Result<Vec<u8>> {
    Ok(lode_print::render(&lode_print::Document {
        title: "Quyết định".into(),
        author: "Cục Địa chất và Khoáng sản Việt Nam".into(),
        orientation: lode_print::Orientation::Portrait,
        blocks: vec![
            lode_print::official_heading(
                "Bộ Nông nghiệp và Môi trường",
                "Cục Địa chất và Khoáng sản Việt Nam",
            ),
            lode_print::Block::Title("QUYẾT ĐỊNH".into()),
            lode_print::Block::Paragraph("Phê duyệt trữ lượng khoáng sản đá vôi xi măng.".into()),
        ],
    })?)
}

pub fn spec(name: &str) -> FieldSpec {
    FieldSpec {
        name: name.into(),
        time: "D:20261125083000+07'00'".into(),
        reason: Some("Ban hành".into()),
        location: Some("Hà Nội".into()),
        contents_size: 16 * 1024,
    }
}

pub fn pyhanko(args: &[&str]) -> anyhow::Result<(bool, String)> {
    run(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../.venv/bin/pyhanko"),
        args,
    )
}
