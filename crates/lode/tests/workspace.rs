//! The workspace's own rules: every crate takes its dependencies from the workspace's list
//! (one version of each, chosen in one place).

mod support;

#[test]
fn every_dependency_comes_from_the_workspace() -> anyhow::Result<()> {
    let root = support::workspace_root();
    let mut stray = Vec::new();
    for entry in std::fs::read_dir(root.join("crates"))? {
        let manifest = entry?.path().join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let mut in_dependencies = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_dependencies = line.ends_with("dependencies]");
                continue;
            }
            if in_dependencies
                && !line.is_empty()
                && !line.starts_with('#')
                && !line.contains("workspace = true")
            {
                stray.push(format!("{}: {line}", manifest.display()));
            }
        }
    }
    assert!(
        stray.is_empty(),
        "declare these in [workspace.dependencies]:\n{}",
        stray.join("\n")
    );
    Ok(())
}
