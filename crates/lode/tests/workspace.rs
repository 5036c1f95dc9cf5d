//! The workspace's own rules: every crate takes its dependencies from the workspace's list
//! (one version of each, chosen in one place), the crates use each other as
//! `docs/architecture.md` draws it, and inside each crate no module reaches back up into one
//! that reaches it (the compiler stops circles between crates, not between modules).

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

/// A crate's modules, by path (`web::pages::handling`), each with the file it lives in.
fn modules_of(src: &std::path::Path) -> Vec<(String, std::path::PathBuf)> {
    fn walk(dir: &std::path::Path, prefix: &str, out: &mut Vec<(String, std::path::PathBuf)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Some(stem) = path
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            let join = |name: &str| {
                if prefix.is_empty() {
                    name.to_string()
                } else {
                    format!("{prefix}::{name}")
                }
            };
            if path.is_dir() {
                walk(&path, &join(&stem), out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let name = match stem.as_str() {
                    "lib" | "main" if prefix.is_empty() => String::new(),
                    "mod" => prefix.to_string(),
                    _ => join(&stem),
                };
                out.push((name, path));
            }
        }
    }
    let mut out = Vec::new();
    walk(src, "", &mut out);
    out
}

/// The lines of `text` with each `use` statement joined onto one line (a group of names may
/// span several).
fn logical_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open: Option<String> = None;
    for line in text.lines() {
        let code = line.trim();
        if let Some(acc) = open.as_mut() {
            acc.push(' ');
            acc.push_str(code);
            if code.contains(';') {
                out.extend(open.take());
            }
            continue;
        }
        let starts_use = ["use ", "pub use ", "pub(crate) use "]
            .iter()
            .any(|u| code.starts_with(u));
        if starts_use && !code.contains(';') {
            open = Some(code.to_string());
        } else {
            out.push(code.to_string());
        }
    }
    out.extend(open);
    out
}

/// The paths a `use` tree names (`crate::a::{b, c::D, self}`) one by one.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        return vec![path.trim_end_matches("::self").to_string()];
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..]
        .strip_suffix('}')
        .unwrap_or(&tree[open + 1..]);
    // the group's items, split at its own commas only
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .flat_map(|item| {
            if item == "self" {
                vec![prefix.trim_end_matches("::").to_string()]
            } else {
                expand(&format!("{prefix}{item}"))
            }
        })
        .collect()
}

/// The modules `text` (the file of module `me`) names by `crate::…` or `super::…` paths (a
/// `use` group's every member), resolved to the longest module the path starts with. A
/// module's own children, which it names without either, are its own parts and not a use.
fn modules_used(text: &str, me: &str, modules: &[String]) -> Vec<String> {
    let mut used = Vec::new();
    let lines = logical_lines(text);
    // inside the file's `mod tests`, `super` is the file itself
    let mut in_tests = false;
    for (n, code) in lines.iter().enumerate() {
        if code.starts_with("#[cfg(test)]") {
            let next = lines[n + 1..]
                .iter()
                .find(|l| !l.is_empty() && !l.starts_with("#["));
            in_tests |= next.is_some_and(|l| l.starts_with("mod ") && l.ends_with('{'));
        }
        if code.starts_with("//") {
            continue;
        }
        for (start, _) in code
            .match_indices("crate::")
            .chain(code.match_indices("super::"))
        {
            // `lode_crate::` or `my_super::` are other names; `super::super::` is read once
            if code[..start]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            {
                continue;
            }
            let head: String = code[start..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            // a group follows: take it whole, to its closing brace
            let rest = &code[start + head.len()..];
            let tree = if head.ends_with("::") && rest.starts_with('{') {
                let mut depth = 0;
                let end = rest
                    .char_indices()
                    .find(|(_, c)| {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        depth == 0
                    })
                    .map_or(rest.len(), |(i, _)| i + 1);
                format!("{head}{}", &rest[..end])
            } else {
                head
            };
            for path in expand(&tree) {
                let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
                let mut base: Vec<&str> = if parts.first() == Some(&"crate") {
                    parts.remove(0);
                    Vec::new()
                } else {
                    let mut base: Vec<&str> = me.split("::").filter(|p| !p.is_empty()).collect();
                    if in_tests {
                        base.push("tests");
                    }
                    base
                };
                while parts.first() == Some(&"super") {
                    parts.remove(0);
                    base.pop();
                }
                base.extend(parts);
                // the longest module the path names (the rest is an item in it)
                while !base.is_empty() && !modules.contains(&base.join("::")) {
                    base.pop();
                }
                let target = base.join("::");
                if target != me && !used.contains(&target) {
                    used.push(target);
                }
            }
        }
    }
    used
}

/// A circle through `from` in `edges`, as the modules along it, if there is one.
fn circle_from(from: &str, edges: &[(String, Vec<String>)]) -> Option<Vec<String>> {
    let next = |m: &str| {
        edges
            .iter()
            .find(|(n, _)| n == m)
            .map(|(_, to)| to.clone())
            .unwrap_or_default()
    };
    // depth-first with the path kept; each module entered once
    let mut seen = vec![from.to_string()];
    let mut stack = vec![(from.to_string(), next(from), 0usize)];
    while let Some((_, targets, at)) = stack.last_mut() {
        if *at >= targets.len() {
            stack.pop();
            continue;
        }
        let t = targets[*at].clone();
        *at += 1;
        if t == from {
            let mut path: Vec<String> = stack.iter().map(|(m, _, _)| m.clone()).collect();
            path.push(t);
            return Some(path);
        }
        if !seen.contains(&t) {
            seen.push(t.clone());
            let to = next(&t);
            stack.push((t, to, 0));
        }
    }
    None
}

#[test]
fn no_module_reaches_back_up_into_one_that_reaches_it() -> anyhow::Result<()> {
    let root = support::workspace_root();
    let mut circles = Vec::new();
    let mut crates_read = 0;
    for entry in std::fs::read_dir(root.join("crates"))? {
        let src = entry?.path().join("src");
        if !src.is_dir() {
            continue;
        }
        crates_read += 1;
        let modules = modules_of(&src);
        let names: Vec<String> = modules.iter().map(|(n, _)| n.clone()).collect();
        let mut edges = Vec::new();
        for (name, file) in &modules {
            let text = std::fs::read_to_string(file)?;
            edges.push((name.clone(), modules_used(&text, name, &names)));
        }
        for (name, _) in &modules {
            if let Some(circle) = circle_from(name, &edges) {
                circles.push(format!("{}: {}", src.display(), circle.join(" -> ")));
                break;
            }
        }
    }
    assert!(crates_read >= 8, "only {crates_read} crates found");
    assert!(
        circles.is_empty(),
        "modules in circles:\n{}",
        circles.join("\n")
    );
    Ok(())
}

#[test]
fn the_circle_check_sees_a_circle() {
    let modules: Vec<String> = ["", "cms", "tsp", "web", "web::pages", "web::pages::a"]
        .map(str::to_string)
        .to_vec();
    assert_eq!(
        modules_used(
            "use crate::tsp::imprint_of;\n// crate::web\n",
            "cms",
            &modules
        ),
        vec!["tsp"]
    );
    assert_eq!(
        modules_used(
            "super::super::super::cms::X; lode_crate::y; crate::PdfError; super::a::b",
            "web::pages::a",
            &modules
        ),
        vec!["", "cms"]
    );
    // a group names each of its members, over several lines too
    assert_eq!(
        modules_used(
            "use crate::{\n    tsp::imprint_of,\n    web::pages::{a::X, self},\n};",
            "cms",
            &modules
        ),
        vec!["tsp", "web::pages::a", "web::pages"]
    );
    // a test function alone is not the file's tests
    assert_eq!(
        modules_used(
            "#[cfg(test)]\nfn helper() {}\nuse super::super::cms::X;",
            "web::pages",
            &modules
        ),
        vec!["cms"]
    );
    // a file's tests use the file itself
    assert!(
        modules_used(
            "#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
            "tsp",
            &modules
        )
        .is_empty()
    );
    let edges = vec![
        ("cms".to_string(), vec!["tsp".to_string()]),
        ("tsp".to_string(), vec!["".to_string(), "cms".to_string()]),
        ("".to_string(), vec![]),
    ];
    assert_eq!(
        circle_from("cms", &edges),
        Some(vec!["cms".into(), "tsp".into(), "cms".into()])
    );
    assert_eq!(circle_from("", &edges), None);
}

/// The rows a storage module reads (`lode_db::row!`) stay inside it: none is public or
/// serialisable, so what a page or the API shows is always a type made for showing (a record
/// as its capability presents it), never a table's row as stored.
#[test]
fn no_storage_row_is_sent_as_it_is_stored() -> anyhow::Result<()> {
    let root = support::workspace_root();
    let (mut rows, mut exposed) = (0, Vec::new());
    for entry in std::fs::read_dir(root.join("crates"))? {
        for (_, file) in modules_of(&entry?.path().join("src")) {
            let text = std::fs::read_to_string(&file)?;
            let (read, shown) = storage_rows(&text);
            rows += read;
            if shown > 0 {
                exposed.push(file.display().to_string());
            }
        }
    }
    assert!(rows >= 20, "only {rows} storage rows found");
    assert!(
        exposed.is_empty(),
        "storage rows shown as stored: {exposed:?}"
    );
    Ok(())
}

/// How many storage rows `text` declares, and how many of them are public or serialisable.
fn storage_rows(text: &str) -> (usize, usize) {
    let (mut rows, mut shown) = (0, 0);
    for block in text.split("row! {").skip(1) {
        // the attributes and the visibility written before the row's name
        let Some((head, _)) = block.split_once("struct ") else {
            continue;
        };
        rows += 1;
        if head.contains("Serialize") || head.trim_end().ends_with("pub") {
            shown += 1;
        }
    }
    (rows, shown)
}

#[test]
fn the_row_check_sees_a_row_shown() {
    let private = "lode_db::row! {\n    /// A row.\n    struct Row { id: i64 }\n}";
    let public = "lode_db::row! {\n    pub struct Row { id: i64 }\n}";
    let serialised = "lode_db::row! {\n    #[derive(Serialize)]\n    struct Row { id: i64 }\n}";
    assert_eq!(storage_rows(private), (1, 0));
    assert_eq!(storage_rows(public), (1, 1));
    assert_eq!(storage_rows(serialised), (1, 1));
}
