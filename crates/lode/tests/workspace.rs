//! The workspace's own rules: every crate takes its dependencies from the workspace's list
//! (one version of each, chosen in one place), and the crates use each other as
//! `docs/architecture.md` draws it.

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

/// The lode crates a manifest's `[dependencies]` names.
fn lode_dependencies(manifest: &str) -> Vec<String> {
    let mut in_dependencies = false;
    let mut found = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if in_dependencies && line.starts_with("lode-") {
            let name = line.split(['.', ' ', '=']).next().unwrap_or_default();
            found.push(name.to_string());
        }
    }
    found.sort();
    found
}

#[test]
fn the_crates_depend_on_each_other_as_the_architecture_says() -> anyhow::Result<()> {
    let root = support::workspace_root();
    let doc = std::fs::read_to_string(root.join("docs/architecture.md"))?;
    let block = doc
        .split("```crates\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .ok_or_else(|| anyhow::anyhow!("docs/architecture.md has no ```crates block"))?;
    let mut drawn: Vec<(String, Vec<String>)> = block
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(name, deps)| {
            let mut deps: Vec<String> = deps.split_whitespace().map(str::to_string).collect();
            deps.sort();
            (name.trim().to_string(), deps)
        })
        .collect();
    drawn.sort();
    let mut built = Vec::new();
    for entry in std::fs::read_dir(root.join("crates"))? {
        let dir = entry?.path();
        let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let name = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("name = "))
            .map(|n| n.trim_matches('"').to_string())
            .unwrap_or_default();
        built.push((name, lode_dependencies(&text)));
    }
    built.sort();
    assert_eq!(
        built, drawn,
        "the manifests (left) and docs/architecture.md (right) disagree"
    );
    Ok(())
}
