//! What the archive's work outside Rust shares: a temporary folder of its own for a piece of
//! work, the external tools (poppler, libtiff, Tesseract, qpdf) run a few at a time and
//! bounded in time, PDFs joined, and text escaped for the XML lode writes.

use std::path::{Path, PathBuf};

/// A folder of its own for one job's files, removed when dropped.
pub(crate) struct Workdir(PathBuf);

impl Workdir {
    pub(crate) fn new(what: &str, id: i64) -> anyhow::Result<Workdir> {
        let dir = std::env::temp_dir().join(format!(
            "lode-archive-{what}-{id}-{}-{}",
            std::process::id(),
            rand_suffix()
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(Workdir(dir))
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::UNIX_EPOCH.elapsed().map_or(0, |d| d.as_nanos()));
    h.finish()
}

/// Runs a tool; its standard output when it succeeds, its error output in the error otherwise.
pub(crate) async fn tool(program: &str, args: &[&std::ffi::OsStr]) -> anyhow::Result<Vec<u8>> {
    tool_within(program, args, std::time::Duration::from_secs(300)).await
}

/// Runs a tool for at most `limit` (a batch of pages takes longer than one).
pub(crate) async fn tool_within(
    program: &str,
    args: &[&std::ffi::OsStr],
    limit: std::time::Duration,
) -> anyhow::Result<Vec<u8>> {
    // a few tools at once on a node, whoever asks (the viewer's pages too; a node's job runner
    // reads two batches at most at once, so the viewer keeps two turns), each bounded in time
    static RUNNING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);
    let _turn = RUNNING.acquire().await?;
    let run = tokio::process::Command::new(program)
        .args(args)
        // one thread a run: the node runs several at once
        .env("OMP_THREAD_LIMIT", "1")
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(limit, run)
        .await
        .map_err(|_| anyhow::anyhow!("{program} took more than {} s", limit.as_secs()))?
        .map_err(|e| anyhow::anyhow!("{program} could not start: {e}"))?;
    if !out.status.success() {
        anyhow::bail!(
            "{program} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

pub(crate) fn os(p: &Path) -> &std::ffi::OsStr {
    p.as_os_str()
}

/// The PDFs at `paths` joined in order (`qpdf`), in `dir`.
pub(crate) async fn join_pdfs(dir: &Workdir, paths: &[PathBuf]) -> anyhow::Result<Vec<u8>> {
    let all: Vec<(PathBuf, String)> = paths.iter().map(|p| (p.clone(), "1-z".into())).collect();
    join_pdf_pages(dir, &all).await
}

/// The pages `ranges` names (a PDF and its pages in qpdf's words, `1-8`, `3`, `1-z`) joined in
/// order (`qpdf`), in `dir`.
pub(crate) async fn join_pdf_pages(
    dir: &Workdir,
    ranges: &[(PathBuf, String)],
) -> anyhow::Result<Vec<u8>> {
    let out = dir.path("joined.pdf");
    // an end of line before every `endstream`, as PDF/A asks
    let mut args: Vec<&std::ffi::OsStr> = vec![
        os("--newline-before-endstream".as_ref()),
        os("--empty".as_ref()),
        os("--pages".as_ref()),
    ];
    for (p, pages) in ranges {
        args.push(os(p));
        args.push(os(pages.as_ref()));
    }
    args.push(os("--".as_ref()));
    args.push(os(&out));
    tool("qpdf", &args).await?;
    Ok(std::fs::read(out)?)
}

/// `text` as XML 1.0 character data or an attribute's value: the five special characters as
/// entities, the control characters XML cannot carry left out.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
