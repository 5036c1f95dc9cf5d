//! The API fuzzed from its own OpenAPI document with schemathesis: thousands of generated
//! requests, valid and not, must never get a server error, and every answer must match what the
//! document says (status codes, media types, bodies, headers).

mod support;

use std::process::{Command, Stdio};
use support::{Proc, free_port, tool, wait_for};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_requests_never_break_the_api() -> anyhow::Result<()> {
    let st = tool("st")
        .ok_or_else(|| anyhow::anyhow!("schemathesis (st) not found: run scripts/test-deps.sh"))?;
    let data =
        std::env::temp_dir().join(format!("lode-fuzz-{}-{}", std::process::id(), free_port()));
    let port = free_port();
    let _server = Proc(
        Command::new(env!("CARGO_BIN_EXE_lode"))
            .arg("--data")
            .arg(&data)
            .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
            .env("LODE_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?,
    );
    let base = format!("http://127.0.0.1:{port}");
    wait_for(&format!("{base}/healthz"), 60).await?;
    // The administrator reaches the organisation and people; the clerk (văn thư) the documents.
    let passes: [(&str, &[&str]); 2] = [
        ("admin", &["--exclude-tag", "incoming"]),
        ("vanthu", &["--include-tag", "incoming"]),
    ];
    // Tokens first: fuzzing the login endpoint soon throttles this address.
    let mut tokens = Vec::new();
    for (username, _) in passes {
        tokens.push(token_of(&base, username).await?);
    }
    for ((username, selection), token) in passes.into_iter().zip(tokens) {
        let (st, base) = (st.clone(), base.clone());
        let selection: Vec<String> = selection.iter().map(|s| s.to_string()).collect();
        let out = tokio::task::spawn_blocking(move || {
            Command::new(st)
                .args(["run", &format!("{base}/api/openapi.json")])
                .args(["-H", &format!("Authorization: Bearer {token}")])
                .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"])
                .args(["--max-examples", "25", "--seed", "20261125"])
                .args(&selection)
                // Operations that would lock the fuzzer out of its own account (deactivating or
                // resetting it, revoking its token), and PDF bodies, which it cannot generate.
                .args(["--exclude-operation-id", "people_reset_password", "--exclude-operation-id", "account_revoke_token"])
                .args(["--exclude-operation-id", "people_update", "--exclude-operation-id", "incoming_upload"])
                .args(["--exclude-operation-id", "incoming_verify", "--exclude-operation-id", "services_put_document"])
                .args(["--exclude-operation-id", "services_desk_document"])
                .env("NO_COLOR", "1")
                .output()
        })
        .await??;
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "schemathesis found problems as {username}:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("passed"), "{text}");
    }
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}

/// A personal API token of a demo account.
async fn token_of(base: &str, username: &str) -> anyhow::Result<String> {
    let session = support::api_login(base, username, lode_db::demo::DEMO_PASSWORD).await?;
    let issued: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/me/tokens"))
        .header("cookie", &session.cookie)
        .header("x-csrf-token", &session.csrf)
        .json(&serde_json::json!({"name": "schemathesis"}))
        .send()
        .await?
        .json()
        .await?;
    Ok(issued["token"].as_str().unwrap_or_default().to_string())
}
