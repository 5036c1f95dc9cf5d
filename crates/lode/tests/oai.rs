//! Harvesters read the archive's catalogue: `lode serve` answers OAI-PMH, and an independent
//! client (pyoai, from the project's `.venv-harvest`) identifies the repository, lists its formats and
//! sets, harvests every public record in Dublin Core a hundred at a time through resumption
//! tokens, and gets one; the state-secret records are not there.

mod support;

use lode_db::Backend;
use lode_db::testkit::TestDb;
use std::process::Command;
use support::{Node, api_login};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn harvesters_read_the_catalogue_over_oai_pmh() -> anyhow::Result<()> {
    let t = TestDb::fresh(Backend::Sqlite).await?;
    support::seed_small(&t.db).await?;
    let (office,): (i64,) = sqlx::query_as("SELECT id FROM units WHERE org_id = '000.01.27.G12'")
        .fetch_one(t.db.pool())
        .await?;
    lode_db::accounts::create_staff(
        &t.db,
        &lode_db::AuditCtx::system("fixture"),
        &lode_db::accounts::NewStaff {
            username: "tthuong".into(),
            full_name: "Trần Thị Thương".into(),
            unit_id: office,
            roles: vec!["archivist".into()],
            password: support::PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    let node = Node::serving(&t).await?;
    let s = api_login(&node.base, "tthuong", support::PASSWORD).await?;
    // 150 records, every fiftieth state secret
    let mut csv = String::from("archive_number,title,kind,year,minerals,province,access\n");
    for i in 0..150 {
        let access = if i % 50 == 49 { "secret" } else { "public" };
        csv.push_str(&format!(
            "LT-2000/{i:04},Báo cáo thăm dò quặng đồng số {i} khu Sin Quyền,exploration_report,2000,Đồng,Lào Cai,{access}\n"
        ));
    }
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/archive/import", node.base))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await?;
    let report: serde_json::Value = r.json().await?;
    assert_eq!(report["imported"], 150, "{report}");
    // a wrong verb answers OAI-PMH's error, not HTTP's
    let bad = reqwest::get(format!("{}/oai?verb=Delete", node.base)).await?;
    assert_eq!(bad.status(), 200);
    assert!(bad.text().await?.contains("<error code=\"badVerb\""));
    let python = support::workspace_root().join(".venv-harvest/bin/python");
    anyhow::ensure!(
        python.exists(),
        "pyoai not installed: run scripts/test-deps.sh"
    );
    let script = r#"
import sys
from oaipmh.client import Client
from oaipmh.metadata import MetadataRegistry, oai_dc_reader
from oaipmh import error
registry = MetadataRegistry()
registry.registerReader('oai_dc', oai_dc_reader)
client = Client(sys.argv[1] + '/oai', registry)
identity = client.identify()
print('name', identity.repositoryName())
print('formats', [f[0] for f in client.listMetadataFormats()])
print('sets', len(list(client.listSets())))
records = list(client.listRecords(metadataPrefix='oai_dc'))
print('records', len(records))
titles = [m['title'][0] for (h, m, a) in records]
print('title', titles[0])
ident = records[0][0].identifier()
header, metadata, about = client.getRecord(identifier=ident, metadataPrefix='oai_dc')
print('got', metadata['identifier'][0])
try:
    client.getRecord(identifier=ident.rsplit('/', 1)[0] + '/50', metadataPrefix='oai_dc')
    print('secret shown')
except error.IdDoesNotExistError:
    print('secret hidden')
"#;
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(&node.base)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("name Lưu trữ tài liệu địa chất"), "{text}");
    assert!(text.contains("formats ['oai_dc']"), "{text}");
    assert!(text.contains("sets 8"), "{text}");
    assert!(
        text.contains("records 147"),
        "the secret three left out: {text}"
    );
    assert!(
        text.contains("title Báo cáo thăm dò quặng đồng số 0 khu Sin Quyền"),
        "{text}"
    );
    assert!(text.contains("got LT-2000/0000"), "{text}");
    assert!(text.contains("secret hidden"), "{text}");
    Ok(())
}
