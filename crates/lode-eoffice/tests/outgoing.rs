//! Outgoing documents in storage, on SQLite and PostgreSQL.

use lode_core::authz::Actor;
use lode_db::accounts::{self, NewStaff};
use lode_db::testkit::TestDb;
use lode_db::units::{self, NewUnit};
use lode_db::{AuditCtx, Backend, DbError};
use lode_eoffice::outgoing::{self, NewDraft, OutgoingStepInput};

lode_db::on_both_backends!(
    a_draft_goes_up_the_chain_is_numbered_sent_and_recalled,
    outgoing_numbers_are_gapless_per_series,
    a_dossier_holds_documents_closes_and_goes_to_the_archive,
    attachments_travel_and_the_numbered_document_files_itself,
    a_search_of_drafts_lists_its_best_answers_first,
    a_list_counts_the_drafts_its_reader_sees,
    a_draft_is_corrected_by_its_author_and_listed_as_theirs,
    a_draft_presented_to_one_leader_waits_for_that_leader,
    the_signer_sends_a_draft_back_before_signing,
);

/// A leader who finds a fault at the signing step sends the draft back to its author with the
/// reason, as a reviewer would: it is a draft again, its author told; the clerk, who does not
/// sign, cannot; a reason is required.
async fn the_signer_sends_a_draft_back_before_signing(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let id = approved(&o, "CV", "none").await?;
    let why = OutgoingStepInput {
        text: Some("Sửa lại căn cứ pháp lý ở đoạn 2.".into()),
        ..Default::default()
    };
    match outgoing::send_back(db, &ctx(&o.clerk), &o.clerk, id, &why).await {
        Err(DbError::Denied(_)) => {}
        other => anyhow::bail!("the clerk sent it back: {:?}", other.map(|r| r.status)),
    }
    match outgoing::send_back(
        db,
        &ctx(&o.leader),
        &o.leader,
        id,
        &OutgoingStepInput::default(),
    )
    .await
    {
        Err(DbError::Invalid(e)) => assert_eq!(e.0[0].field, "text"),
        other => anyhow::bail!("sent back without a reason: {:?}", other.map(|r| r.status)),
    }
    let rec = outgoing::send_back(db, &ctx(&o.leader), &o.leader, id, &why).await?;
    assert_eq!(rec.status, lode_core::documents::OutgoingStatus::Draft);
    let back = rec.sent_back.as_ref().map(|s| s.reason.clone());
    assert_eq!(
        back,
        Some(Some("Sửa lại căn cứ pháp lý ở đoạn 2.".to_string()))
    );
    let (told,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND kind = 'sent_back'",
    )
    .bind(o.author.account_id)
    .fetch_one(db.pool())
    .await?;
    assert_eq!(told, 1, "the author is told");
    Ok(())
}

/// The author presents a draft to one of the agency's leaders for signature: at the leaders'
/// step that leader alone is told and finds it waiting to review; another leader may still act
/// on it from its page; only a leader who signs for the body is taken.
async fn a_draft_presented_to_one_leader_waits_for_that_leader(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let dept = o
        .leader
        .unit
        .as_ref()
        .and_then(|u| u.ids().last().copied())
        .ok_or_else(|| anyhow::anyhow!("the leader has a unit"))?;
    let deputy = accounts::create_staff(
        db,
        &AuditCtx::system("fixture"),
        &NewStaff {
            username: "nthlan".into(),
            full_name: "Nguyễn Thị Lan".into(),
            unit_id: dept,
            roles: vec!["agency_leader".into()],
            clearance: Some("secret".into()),
            password: "Mật khẩu 2026!".into(),
            ..Default::default()
        },
    )
    .await?
    .actor();
    // the choices are the leaders who sign for the agency
    let body = o
        .author
        .register_unit
        .clone()
        .ok_or_else(|| anyhow::anyhow!("the author has a body"))?;
    let signers = outgoing::signers(
        &mut db.read().await?,
        &body,
        lode_core::documents::Secrecy::None,
    )
    .await?;
    let ids: Vec<i64> = signers.iter().map(|s| s.id).collect();
    assert_eq!(ids, [o.leader.account_id, deputy.account_id]);
    // a unit's leader or a clerk is no signer: refused beside the box, nothing written
    let refused = outgoing::create_draft(
        db,
        &ctx(&o.author),
        &o.author,
        &NewDraft {
            presented_to: Some(o.office_leader.account_id),
            ..draft(&o, "CV", "none")
        },
    )
    .await;
    assert!(
        matches!(&refused, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.field == "presented_to" && f.code == "not_a_signer")),
        "{refused:?}"
    );
    let d = outgoing::create_draft(
        db,
        &ctx(&o.author),
        &o.author,
        &NewDraft {
            presented_to: Some(deputy.account_id),
            ..draft(&o, "CV", "none")
        },
    )
    .await?;
    assert_eq!(d.presented_to, Some(deputy.account_id));
    assert_eq!(d.presented_to_name.as_deref(), Some("Nguyễn Thị Lan"));
    let none = OutgoingStepInput::default();
    outgoing::submit(db, &ctx(&o.author), &o.author, d.id, &none).await?;
    outgoing::approve(db, &ctx(&o.office_leader), &o.office_leader, d.id, &none).await?;
    let told = |who: i64| async move {
        let page = lode_db::notifications::list(db, who, false, None, None).await?;
        anyhow::Ok(
            page.items
                .iter()
                .filter(|n| n.link == format!("/outgoing/{}", d.id) && n.kind == "review")
                .count(),
        )
    };
    assert_eq!(told(deputy.account_id).await?, 1);
    assert_eq!(told(o.leader.account_id).await?, 0);
    let waiting = |who: Actor| async move {
        let w = outgoing::waiting_for(db, &who, 50).await?;
        anyhow::Ok((
            w.to_review.iter().any(|v| v.id == d.id),
            w.to_sign.iter().any(|v| v.id == d.id),
        ))
    };
    assert_eq!(waiting(deputy.clone()).await?, (true, false));
    assert_eq!(waiting(o.leader.clone()).await?, (false, false));
    // the head approves it from its page all the same; approved, it waits for a signature as
    // any approved draft does
    outgoing::approve(db, &ctx(&o.leader), &o.leader, d.id, &none).await?;
    assert_eq!(waiting(deputy.clone()).await?, (false, true));
    assert_eq!(waiting(o.leader.clone()).await?, (false, true));
    // presented to no one, the next draft waits for every leader who signs
    let next =
        outgoing::create_draft(db, &ctx(&o.author), &o.author, &draft(&o, "CV", "none")).await?;
    outgoing::submit(db, &ctx(&o.author), &o.author, next.id, &none).await?;
    outgoing::approve(db, &ctx(&o.office_leader), &o.office_leader, next.id, &none).await?;
    for leader in [deputy, o.leader.clone()] {
        let w = outgoing::waiting_for(db, &leader, 50).await?;
        assert!(w.to_review.iter().any(|v| v.id == next.id));
    }
    Ok(())
}

/// A colleague's draft is neither shown nor counted to a specialist of the same unit; the
/// unit's leader is shown it and counts it: the total is always that of the rows the pages
/// hold.
async fn a_list_counts_the_drafts_its_reader_sees(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let office = o
        .author
        .unit
        .as_ref()
        .and_then(|u| u.ids().last().copied())
        .ok_or_else(|| anyhow::anyhow!("the author has a unit"))?;
    let colleague = accounts::create_staff(
        db,
        &AuditCtx::system("fixture"),
        &NewStaff {
            username: "nthuyen".into(),
            full_name: "nthuyen".into(),
            unit_id: office,
            roles: vec!["specialist".into()],
            password: "Mật khẩu 2026!".into(),
            ..Default::default()
        },
    )
    .await?
    .actor();
    let d =
        outgoing::create_draft(db, &ctx(&o.author), &o.author, &draft(&o, "CV", "none")).await?;
    let listed = |p: &lode_db::Page<outgoing::OutgoingView>| {
        (
            p.items.iter().map(|d| d.id).collect::<Vec<_>>(),
            p.total.as_ref().map(|t| t.count),
        )
    };
    let all = outgoing::Filter::default();
    let theirs = outgoing::list(db, &colleague, &all).await?;
    assert_eq!(listed(&theirs), (vec![], Some(0)));
    for reader in [&o.author, &o.office_leader] {
        let page = outgoing::list(db, reader, &all).await?;
        assert_eq!(listed(&page), (vec![d.id], Some(1)));
    }
    Ok(())
}

/// Asked for its best answers first, a search of the outgoing documents puts the words as
/// typed, side by side, before newer drafts holding them apart or spelled otherwise.
async fn a_search_of_drafts_lists_its_best_answers_first(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let mut ids = Vec::new();
    for subject in [
        "V/v thẩm định trữ lượng đá vôi xi măng",
        "V/v làm việc với đoàn kiểm tra mỏ đá ong",
    ] {
        let d = outgoing::create_draft(
            db,
            &ctx(&o.author),
            &o.author,
            &NewDraft {
                subject: subject.into(),
                ..draft(&o, "CV", "none")
            },
        )
        .await?;
        ids.push(d.id);
    }
    let ask = |sort: Option<&str>| outgoing::Filter {
        q: Some("đá vôi".into()),
        sort: sort.map(str::to_string),
        ..Default::default()
    };
    let found =
        |p: lode_db::Page<outgoing::OutgoingView>| p.items.iter().map(|d| d.id).collect::<Vec<_>>();
    let best = outgoing::list(db, &o.author, &ask(Some(lode_db::RELEVANCE))).await?;
    assert_eq!(best.total.map(|t| t.count), Some(2));
    assert_eq!(found(best), ids);
    let newest = outgoing::list(db, &o.author, &ask(None)).await?;
    assert_eq!(found(newest), [ids[1], ids[0]]);
    Ok(())
}

struct Org {
    t: TestDb,
    author: Actor,
    office_leader: Actor,
    leader: Actor,
    clerk: Actor,
    fed_clerk: Actor,
    fed: i64,
    ks: i64,
    pdf: String,
}

fn ctx(a: &Actor) -> AuditCtx {
    AuditCtx {
        actor_id: Some(a.account_id),
        actor_label: format!("#{}", a.account_id),
        ip: None,
    }
}

/// Issuing a document signed by hand: the clerk says so (nothing here signs in lode).
fn signed_on_paper() -> OutgoingStepInput {
    OutgoingStepInput {
        signed_on_paper: true,
        ..OutgoingStepInput::default()
    }
}

/// The clerk puts in the scan of document `id`, numbered as signed on paper.
async fn scan_paper(o: &Org, id: i64) -> anyhow::Result<()> {
    let scan = outgoing::PaperScan {
        pdf_sha256: o.pdf.clone(),
        version: None,
    };
    outgoing::add_paper_scan(&o.t.db, &ctx(&o.clerk), &o.clerk, id, &scan).await?;
    Ok(())
}

async fn org(backend: Backend) -> anyhow::Result<Org> {
    let t = TestDb::fresh(backend).await?;
    let sys = AuditCtx::system("fixture");
    let unit = |parent: Option<i64>, org: &str, name: &str, abbr: &str, kind: &str| NewUnit {
        parent_id: parent,
        org_id: org.into(),
        name: name.into(),
        abbreviation: abbr.into(),
        kind: kind.into(),
    };
    let dept = units::create(
        &t.db,
        &sys,
        &unit(
            None,
            "000.00.27.G12",
            "Cục Địa chất và Khoáng sản Việt Nam",
            "ĐCKS",
            "department",
        ),
    )
    .await?
    .id;
    let office = units::create(
        &t.db,
        &sys,
        &unit(Some(dept), "000.01.27.G12", "Văn phòng", "VP", "office"),
    )
    .await?
    .id;
    let ks = units::create(
        &t.db,
        &sys,
        &unit(
            Some(dept),
            "000.06.27.G12",
            "Phòng Khoáng sản",
            "KS",
            "sub_department",
        ),
    )
    .await?
    .id;
    let fed = units::create(
        &t.db,
        &sys,
        &unit(
            Some(dept),
            "000.10.27.G12",
            "Liên đoàn miền Bắc",
            "LĐMB",
            "federation",
        ),
    )
    .await?
    .id;
    let person = |name: &str, unit: i64, roles: &[&str]| NewStaff {
        username: name.into(),
        full_name: name.into(),
        unit_id: unit,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        clearance: Some("secret".into()),
        password: "Mật khẩu 2026!".into(),
        ..Default::default()
    };
    let mk = |p: NewStaff| {
        let (db, sys) = (t.db.clone(), sys.clone());
        async move {
            accounts::create_staff(&db, &sys, &p)
                .await
                .map(|a| a.actor())
        }
    };
    let author = mk(person("ntkhanh", office, &["specialist"])).await?;
    let office_leader = mk(person("dvthang", office, &["unit_leader"])).await?;
    let leader = mk(person("tvhung", dept, &["agency_leader"])).await?;
    let clerk = mk(person("vanthu", office, &["clerk"])).await?;
    let fed_clerk = mk(person("lthanh", fed, &["clerk"])).await?;
    let pdf = "c".repeat(64);
    let mut tx = t.db.write().await?;
    // each of them drafts or files with it in some test
    for who in [&author, &office_leader, &leader, &clerk, &fed_clerk] {
        lode_db::blobs::record_upload(&mut tx, &pdf, 1000, "application/pdf", who.account_id)
            .await?;
    }
    tx.commit().await?;
    Ok(Org {
        t,
        author,
        office_leader,
        leader,
        clerk,
        fed_clerk,
        fed,
        ks,
        pdf,
    })
}

fn draft(o: &Org, type_code: &str, secrecy: &str) -> NewDraft {
    NewDraft {
        type_code: type_code.into(),
        subject: "V/v đôn đốc báo cáo kết quả thăm dò khoáng sản".into(),
        secrecy: Some(secrecy.into()),
        recipient_unit_ids: vec![o.fed, o.ks],
        recipients_outside: Some(
            "UBND tỉnh Lào Cai\nSở Nông nghiệp và Môi trường tỉnh Lào Cai".into(),
        ),
        pdf_sha256: o.pdf.clone(),
        ..Default::default()
    }
}

async fn approved(o: &Org, type_code: &str, secrecy: &str) -> anyhow::Result<i64> {
    let db = &o.t.db;
    let d = outgoing::create_draft(
        db,
        &ctx(&o.author),
        &o.author,
        &draft(o, type_code, secrecy),
    )
    .await?;
    let none = OutgoingStepInput::default();
    outgoing::submit(db, &ctx(&o.author), &o.author, d.id, &none).await?;
    outgoing::approve(db, &ctx(&o.office_leader), &o.office_leader, d.id, &none).await?;
    outgoing::approve(db, &ctx(&o.leader), &o.leader, d.id, &none).await?;
    Ok(d.id)
}

async fn a_draft_goes_up_the_chain_is_numbered_sent_and_recalled(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let none = OutgoingStepInput::default();
    let d =
        outgoing::create_draft(db, &ctx(&o.author), &o.author, &draft(&o, "CV", "none")).await?;
    assert_eq!(d.status.as_str(), "draft");
    // only the author submits; the clerk cannot number a draft
    assert!(matches!(
        outgoing::submit(db, &ctx(&o.clerk), &o.clerk, d.id, &none).await,
        Err(DbError::Denied(_))
    ));
    assert!(matches!(
        outgoing::issue(db, &ctx(&o.clerk), &o.clerk, d.id, &none).await,
        Err(DbError::Conflict(_))
    ));
    outgoing::submit(db, &ctx(&o.author), &o.author, d.id, &none).await?;
    // the agency leader is the second reviewer, not the first
    assert!(matches!(
        outgoing::approve(db, &ctx(&o.leader), &o.leader, d.id, &none).await,
        Err(DbError::Denied(_))
    ));
    // sent back with a comment, revised, submitted again
    let empty =
        outgoing::send_back(db, &ctx(&o.office_leader), &o.office_leader, d.id, &none).await;
    assert!(
        matches!(empty, Err(DbError::Invalid(_))),
        "a reason is required"
    );
    let back = OutgoingStepInput {
        text: Some("Bổ sung số liệu quý III".into()),
        ..Default::default()
    };
    let r = outgoing::send_back(db, &ctx(&o.office_leader), &o.office_leader, d.id, &back).await?;
    assert_eq!(r.status.as_str(), "draft");
    let rev = outgoing::Revision {
        pdf_sha256: o.pdf.clone(),
        note: Some("Đã bổ sung".into()),
        ..Default::default()
    };
    let r = outgoing::revise(db, &ctx(&o.author), &o.author, d.id, &rev).await?;
    assert_eq!((r.current_version, r.versions.len()), (2, 2));
    outgoing::submit(db, &ctx(&o.author), &o.author, d.id, &none).await?;
    let r = outgoing::approve(db, &ctx(&o.office_leader), &o.office_leader, d.id, &none).await?;
    assert_eq!(r.awaiting().map(|x| x.as_str()), Some("body_leader"));
    // the author takes it back before the agency's leader decides: a draft again, its review
    // to start over; no one else may take it back
    assert!(matches!(
        outgoing::withdraw(db, &ctx(&o.office_leader), &o.office_leader, d.id, &none).await,
        Err(DbError::Denied(_))
    ));
    let r = outgoing::withdraw(db, &ctx(&o.author), &o.author, d.id, &none).await?;
    assert_eq!((r.status.as_str(), r.awaiting()), ("draft", None));
    assert!(r.sent_back.is_none(), "taken back, not sent back");
    assert!(matches!(
        outgoing::approve(db, &ctx(&o.leader), &o.leader, d.id, &none).await,
        Err(DbError::Conflict(_))
    ));
    assert!(matches!(
        outgoing::withdraw(db, &ctx(&o.author), &o.author, d.id, &none).await,
        Err(DbError::Conflict(_))
    ));
    let r = outgoing::submit(db, &ctx(&o.author), &o.author, d.id, &none).await?;
    assert_eq!(r.awaiting().map(|x| x.as_str()), Some("unit_leader"));
    outgoing::approve(db, &ctx(&o.office_leader), &o.office_leader, d.id, &none).await?;
    let r = outgoing::approve(db, &ctx(&o.leader), &o.leader, d.id, &none).await?;
    assert_eq!(r.status.as_str(), "approved");
    let issued = outgoing::issue(db, &ctx(&o.clerk), &o.clerk, d.id, &signed_on_paper()).await?;
    assert_eq!(
        issued.notation.as_deref(),
        Some("01/ĐCKS-VP"),
        "a công văn: issuer then drafting unit"
    );
    // signed on paper, it leaves as the scan of the paper, never as the unsigned draft
    let unsigned = outgoing::send(db, &ctx(&o.clerk), &o.clerk, d.id, &none).await;
    assert!(
        matches!(&unsigned, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.code == "scan_needed")),
        "{unsigned:?}"
    );
    scan_paper(&o, d.id).await?;
    let sent = outgoing::send(db, &ctx(&o.clerk), &o.clerk, d.id, &none).await?;
    assert_eq!(sent.status.as_str(), "sent");
    // its author learns it left, under which number
    let told = lode_db::notifications::list(db, o.author.account_id, true, None, None).await?;
    assert!(
        told.items.iter().any(|n| n.kind == "sent"
            && n.args["notation"].as_str() == Some("01/ĐCKS-VP")
            && n.link == format!("/outgoing/{}", d.id)),
        "{:?}",
        told.items
    );
    // it arrived in the federation's register by itself; the office's own unit just sees it
    // the department's outgoing register holds it; the federation's, which received it, does not
    let period = lode_eoffice::registers::Period::default()
        .check()
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let numbers = |rows: Vec<lode_eoffice::outgoing::OutgoingView>| {
        rows.into_iter()
            .filter_map(|r| r.notation)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        numbers(lode_eoffice::registers::outgoing(db, &o.clerk, &period).await?),
        ["01/ĐCKS-VP"]
    );
    assert!(
        numbers(lode_eoffice::registers::outgoing(db, &o.fed_clerk, &period).await?).is_empty()
    );
    let fed_list = lode_eoffice::incoming::list(db, &o.fed_clerk, &Default::default()).await?;
    assert_eq!(fed_list.items.len(), 1);
    let arrived = &fed_list.items[0];
    assert_eq!(arrived.arrival_number, 1);
    let details = arrived
        .details
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("not readable"))?;
    assert_eq!(
        (details.channel.as_str(), details.notation.as_str()),
        ("internal", "01/ĐCKS-VP")
    );
    assert!(
        sent.recipients.iter().any(|r| r.0 == o.ks && r.3.is_none()),
        "same body: distributed, not registered"
    );
    // recalled: the copy that arrived goes back
    let reason = OutgoingStepInput {
        text: Some("Ban hành nhầm".into()),
        ..Default::default()
    };
    outgoing::recall(db, &ctx(&o.clerk), &o.clerk, d.id, &reason).await?;
    let after = lode_eoffice::incoming::get(db, arrived.id).await?;
    assert_eq!(after.status.as_str(), "returned");
    // through the copy's own table: its history and the audit chain name the step
    let copy_steps: Vec<String> = lode_eoffice::incoming::timeline(db, arrived.id)
        .await?
        .into_iter()
        .map(|e| e.step)
        .collect();
    assert_eq!(copy_steps.last().map(String::as_str), Some("recalled"));
    let (audited,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'incoming.recalled' AND entity_id = $1",
    )
    .bind(arrived.id.to_string())
    .fetch_one(db.pool())
    .await?;
    assert_eq!(audited, 1);
    let steps: Vec<String> = outgoing::timeline(db, d.id)
        .await?
        .into_iter()
        .map(|e| e.step)
        .collect();
    assert_eq!(
        steps,
        [
            "draft",
            "submit",
            "send_back",
            "revise",
            "submit",
            "approve",
            "withdraw",
            "submit",
            "approve",
            "approve",
            "issue",
            "scan",
            "send",
            "recall"
        ]
    );
    assert_eq!(lode_db::audit::verify(db).await?.broken, None);
    Ok(())
}

async fn outgoing_numbers_are_gapless_per_series(b: Backend) -> anyhow::Result<()> {
    let o = std::sync::Arc::new(org(b).await?);
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(approved(&o, "CV", "none").await?);
    }
    let decision = approved(&o, "QĐ", "none").await?;
    let secret = approved(&o, "CV", "confidential").await?;
    let mut tasks = Vec::new();
    for id in ids {
        let o = o.clone();
        tasks.push(tokio::spawn(async move {
            outgoing::issue(&o.t.db, &ctx(&o.clerk), &o.clerk, id, &signed_on_paper())
                .await
                .map(|r| r.number)
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await??.unwrap_or_default());
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=12).collect::<Vec<_>>());
    let d = outgoing::issue(
        &o.t.db,
        &ctx(&o.clerk),
        &o.clerk,
        decision,
        &signed_on_paper(),
    )
    .await?;
    assert_eq!(
        d.notation.as_deref(),
        Some("01/QĐ-ĐCKS"),
        "decisions have their own series"
    );
    let s = outgoing::issue(
        &o.t.db,
        &ctx(&o.clerk),
        &o.clerk,
        secret,
        &signed_on_paper(),
    )
    .await?;
    assert_eq!(s.number, Some(1), "secret documents have their own series");
    Ok(())
}

async fn a_dossier_holds_documents_closes_and_goes_to_the_archive(
    b: Backend,
) -> anyhow::Result<()> {
    use lode_eoffice::dossiers::{self, DossierStepInput, NewDossier, NewItem};
    let o = org(b).await?;
    let db = &o.t.db;
    let (author, clerk) = (&o.author, &o.clerk);
    // bad input: every field named at once, nothing stored
    let bad = NewDossier {
        notation: Some("01/VP".into()),
        title: "  ".into(),
        retention: "forever".into(),
        opened_on: Some("2099-01-01".into()),
        ..Default::default()
    };
    let Err(DbError::Invalid(errors)) = dossiers::open(db, &ctx(author), author, &bad).await else {
        anyhow::bail!("bad dossier accepted");
    };
    let mut fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["notation", "opened_on", "retention", "title"]);
    let opened = dossiers::open(
        db,
        &ctx(author),
        author,
        &NewDossier {
            title: "Hồ sơ thẩm định báo cáo thăm dò mỏ đá vôi Lạng Sơn".into(),
            retention: "20".into(),
            opened_on: Some("2025-01-10".into()),
            ..Default::default()
        },
    )
    .await?;
    assert_eq!(opened.notation, "01.VP", "proposed from the unit's list");
    assert_eq!(opened.code, "000.00.27.G12.2025.01.VP");
    let taken = dossiers::open(
        db,
        &ctx(author),
        author,
        &NewDossier {
            notation: Some("01.vp".into()),
            title: "Trùng số".into(),
            retention: "permanent".into(),
            opened_on: Some("2025-02-01".into()),
            ..Default::default()
        },
    )
    .await;
    assert!(
        matches!(taken, Err(DbError::Invalid(_))),
        "one 01.VP a year"
    );
    // an outgoing document, a secret one, and a scanned file
    let plain = approved(&o, "CV", "none").await?;
    outgoing::issue(db, &ctx(clerk), clerk, plain, &signed_on_paper()).await?;
    let secret = approved(&o, "CV", "secret").await?;
    let add = |item: NewItem| {
        let db = db.clone();
        let author = author.clone();
        async move { dossiers::attach(&db, &ctx(&author), &author, opened.id, &item).await }
    };
    add(NewItem {
        outgoing_id: Some(plain),
        ..Default::default()
    })
    .await?;
    let twice = add(NewItem {
        outgoing_id: Some(plain),
        ..Default::default()
    })
    .await;
    assert!(matches!(twice, Err(DbError::Conflict(_))));
    let r = add(NewItem {
        file_sha256: Some(o.pdf.clone()),
        file_name: Some("bien-ban-hop.pdf".into()),
        title: Some("Biên bản họp hội đồng thẩm định".into()),
        doc_date: Some("2025-03-02".into()),
        pages: Some(4),
        ..Default::default()
    })
    .await?;
    assert_eq!(r.secrecy.as_str(), "none");
    // the dossier is found by what it holds, not only by its title
    let found = dossiers::list(
        db,
        author,
        &dossiers::Filter {
            q: Some("hop bien ban".into()),
            ..Default::default()
        },
    )
    .await?;
    assert_eq!(
        found.items.iter().map(|d| d.id).collect::<Vec<_>>(),
        [opened.id]
    );
    // a dossier stored before its contents' words were searched is found by them once lode
    // has started again, which writes such words anew, and only those
    sqlx::query("UPDATE dossiers SET search_key = 'ho so xay dung quy che', search_version = 1 WHERE id = $1")
        .bind(opened.id)
        .execute(db.pool())
        .await?;
    let by_contents = dossiers::Filter {
        q: Some("hop bien ban".into()),
        ..Default::default()
    };
    assert!(
        dossiers::list(db, author, &by_contents)
            .await?
            .items
            .is_empty()
    );
    assert_eq!(dossiers::find_older_words_again(db).await?, 1);
    assert_eq!(
        dossiers::list(db, author, &by_contents)
            .await?
            .items
            .iter()
            .map(|d| d.id)
            .collect::<Vec<_>>(),
        [opened.id]
    );
    assert_eq!(dossiers::find_older_words_again(db).await?, 0);
    // a draft is filed once numbered, not before
    let draft = add(NewItem {
        outgoing_id: Some(secret),
        pages: Some(2),
        ..Default::default()
    })
    .await;
    assert!(
        matches!(&draft, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.code == "draft_not_issued")),
        "{draft:?}"
    );
    outgoing::issue(db, &ctx(clerk), clerk, secret, &signed_on_paper()).await?;
    let r = add(NewItem {
        outgoing_id: Some(secret),
        pages: Some(2),
        ..Default::default()
    })
    .await?;
    assert_eq!(
        (r.item_count, r.page_count, r.secrecy.as_str()),
        (3, 6, "secret"),
        "the dossier is as secret as what it holds"
    );
    let both = add(NewItem {
        outgoing_id: Some(plain),
        file_sha256: Some(o.pdf.clone()),
        ..Default::default()
    })
    .await;
    assert!(matches!(both, Err(DbError::Invalid(_))));
    // a stranger in another body cannot attach or even learn it exists
    let stranger = dossiers::attach(
        db,
        &ctx(&o.fed_clerk),
        &o.fed_clerk,
        opened.id,
        &NewItem::default(),
    )
    .await;
    assert!(matches!(stranger, Err(DbError::NotFound)));
    // remove the file: the entries after it move up
    let file_item = r.items.iter().find(|i| i.kind == "file").map(|i| i.id);
    let r = dossiers::detach(
        db,
        &ctx(author),
        author,
        opened.id,
        &DossierStepInput {
            item_id: file_item,
            ..Default::default()
        },
    )
    .await?;
    let ordinals: Vec<(i64, String)> = r
        .items
        .iter()
        .map(|i| (i.ordinal, i.kind.clone()))
        .collect();
    assert_eq!(
        ordinals,
        [(1, "outgoing".to_string()), (2, "outgoing".to_string())]
    );
    // close in the past, so it falls due; the clerk records the hand-over
    let closing = DossierStepInput {
        on: Some("2025-06-30".into()),
        ..Default::default()
    };
    assert!(
        matches!(
            dossiers::hand_over(db, &ctx(clerk), clerk, opened.id, &closing).await,
            Err(DbError::Conflict(_))
        ),
        "an open dossier is not handed over"
    );
    // not before the latest paper it holds: the letters were issued today
    let early = dossiers::close(db, &ctx(author), author, opened.id, &closing).await;
    assert!(
        matches!(&early, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.field == "on" && f.code == "before_latest_paper")),
        "{early:?}"
    );
    // a dossier of last year, its papers of last spring
    sqlx::query("UPDATE dossier_items SET doc_date = '2025-05-02' WHERE dossier_id = $1 AND doc_date > '2025-06-30'")
        .bind(opened.id)
        .execute(db.pool())
        .await?;
    let closed = dossiers::close(db, &ctx(author), author, opened.id, &closing).await?;
    assert_eq!(closed.status.as_str(), "closed");
    assert_eq!(
        closed.handover_due().map(|d| d.to_string()).as_deref(),
        Some("2026-06-30")
    );
    let due = dossiers::list(
        db,
        clerk,
        &dossiers::Filter {
            due: Some(true),
            ..Default::default()
        },
    )
    .await?;
    assert_eq!(
        due.items.iter().map(|d| d.id).collect::<Vec<_>>(),
        [opened.id]
    );
    assert!(
        due.items[0].title.is_some(),
        "the clerk is cleared to secret: readable"
    );
    assert!(
        matches!(
            dossiers::attach(
                db,
                &ctx(author),
                author,
                opened.id,
                &NewItem {
                    outgoing_id: Some(plain),
                    ..Default::default()
                }
            )
            .await,
            Err(DbError::Conflict(_))
        ),
        "closed dossiers take nothing more"
    );
    assert!(matches!(
        dossiers::hand_over(
            db,
            &ctx(author),
            author,
            opened.id,
            &DossierStepInput::default()
        )
        .await,
        Err(DbError::Denied(_))
    ));
    let handed = dossiers::hand_over(
        db,
        &ctx(clerk),
        clerk,
        opened.id,
        &DossierStepInput {
            text: Some("Nộp lưu vào Lưu trữ cơ quan, biên bản số 05/BB-VP".into()),
            ..Default::default()
        },
    )
    .await?;
    assert_eq!(handed.status.as_str(), "handed_over");
    assert!(matches!(
        dossiers::reopen(
            db,
            &ctx(author),
            author,
            opened.id,
            &DossierStepInput {
                text: Some("x".into()),
                ..Default::default()
            }
        )
        .await,
        Err(DbError::Conflict(_))
    ));
    let steps: Vec<String> = dossiers::timeline(db, opened.id)
        .await?
        .into_iter()
        .map(|e| e.step)
        .collect();
    assert_eq!(
        steps,
        [
            "open",
            "attach",
            "attach",
            "attach",
            "detach",
            "close",
            "hand_over"
        ]
    );
    assert_eq!(lode_db::audit::verify(db).await?.broken, None);
    Ok(())
}

async fn attachments_travel_and_the_numbered_document_files_itself(
    b: Backend,
) -> anyhow::Result<()> {
    use lode_eoffice::dossiers::{self, NewDossier};
    let o = org(b).await?;
    let db = &o.t.db;
    let author = &o.author;
    let dossier = dossiers::open(
        db,
        &ctx(author),
        author,
        &NewDossier {
            title: "Hồ sơ hướng dẫn báo cáo thống kê".into(),
            retention: "10".into(),
            ..Default::default()
        },
    )
    .await?;
    let annex = "d".repeat(64);
    let mut tx = db.write().await?;
    lode_db::blobs::record_upload(&mut tx, &annex, 500, "application/pdf", o.author.account_id)
        .await?;
    tx.commit().await?;
    let mut input = draft(&o, "CV", "none");
    input.related_dossier_id = Some(dossier.id);
    input.attachments = vec![lode_eoffice::incoming::NewAttachment {
        sha256: annex.clone(),
        name: "Phụ lục 1 - Mẫu biểu.pdf".into(),
    }];
    // a dossier the author does not keep, and an unknown file, are refused by name
    let mut bad = input.clone();
    bad.related_dossier_id = Some(dossier.id + 100);
    bad.attachments.push(lode_eoffice::incoming::NewAttachment {
        sha256: "e".repeat(64),
        name: "x.pdf".into(),
    });
    let Err(DbError::Invalid(e)) = outgoing::create_draft(db, &ctx(author), author, &bad).await
    else {
        anyhow::bail!("accepted");
    };
    let mut fields: Vec<&str> = e.0.iter().map(|e| e.field.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["attachments[1]", "related_dossier_id"]);
    let d = outgoing::create_draft(db, &ctx(author), author, &input).await?;
    assert_eq!(d.attachments.len(), 1);
    let none = OutgoingStepInput::default();
    outgoing::submit(db, &ctx(author), author, d.id, &none).await?;
    outgoing::approve(db, &ctx(&o.office_leader), &o.office_leader, d.id, &none).await?;
    outgoing::approve(db, &ctx(&o.leader), &o.leader, d.id, &none).await?;
    let issued = outgoing::issue(db, &ctx(&o.clerk), &o.clerk, d.id, &signed_on_paper()).await?;
    // numbered: filed in its dossier by itself
    let filed = dossiers::get(db, dossier.id).await?;
    assert_eq!(filed.items.len(), 1);
    assert_eq!(filed.items[0].outgoing_id, Some(d.id));
    assert_eq!(filed.items[0].notation, issued.notation);
    scan_paper(&o, d.id).await?;
    outgoing::send(db, &ctx(&o.clerk), &o.clerk, d.id, &none).await?;
    // the federation's copy arrives with its attachment; the bodies outside get an envelope
    let arrived = lode_eoffice::incoming::list(db, &o.fed_clerk, &Default::default()).await?;
    let copy = lode_eoffice::incoming::get(db, arrived.items[0].id).await?;
    assert_eq!(copy.attachments.len(), 1);
    assert_eq!(copy.attachments[0].sha256, annex);
    let sent = outgoing::dispatches(db, d.id).await?;
    assert_eq!(sent.len(), 2, "two bodies outside, one dispatch each");
    assert_eq!(
        sent[0].envelope["attachments"][0]["name"],
        "Phụ lục 1 - Mẫu biểu.pdf"
    );
    Ok(())
}

/// The author corrects a draft's subject, urgency and recipients while it is a draft, and
/// finds it among their own; no one else corrects it, nor anyone once it is in review.
async fn a_draft_is_corrected_by_its_author_and_listed_as_theirs(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let d =
        outgoing::create_draft(db, &ctx(&o.author), &o.author, &draft(&o, "CV", "none")).await?;
    let corrected = outgoing::DraftDetails {
        type_code: "TB".into(),
        subject: "V/v đôn đốc báo cáo kết quả thăm dò khoáng sản quý IV".into(),
        urgency: Some("urgent".into()),
        secrecy: Some("none".into()),
        recipient_unit_ids: vec![o.fed],
        recipients_outside: Some(String::new()),
        version: Some(d.version),
        ..Default::default()
    };
    // a colleague may not; nor may the author make it more secret than they are cleared for
    assert!(matches!(
        outgoing::edit_details(db, &ctx(&o.clerk), &o.clerk, d.id, &corrected).await,
        Err(DbError::Denied(_) | DbError::NotFound)
    ));
    let too_secret = outgoing::edit_details(
        db,
        &ctx(&o.author),
        &o.author,
        d.id,
        &outgoing::DraftDetails {
            secrecy: Some("top_secret".into()),
            subject: " ".into(),
            ..corrected.clone()
        },
    )
    .await;
    assert!(
        matches!(&too_secret, Err(DbError::Invalid(e))
            if e.0.iter().any(|f| f.field == "secrecy") && e.0.iter().any(|f| f.field == "subject")),
        "both said at once: {too_secret:?}"
    );
    let r = outgoing::edit_details(db, &ctx(&o.author), &o.author, d.id, &corrected).await?;
    assert_eq!(
        (r.type_code.as_str(), r.urgency.as_str(), r.subject.as_str()),
        (
            "TB",
            "urgent",
            "V/v đôn đốc báo cáo kết quả thăm dò khoáng sản quý IV"
        )
    );
    assert_eq!(
        r.recipients.iter().map(|x| x.0).collect::<Vec<_>>(),
        [o.fed]
    );
    assert_eq!(r.recipients_outside, "");
    let edit = outgoing::timeline(db, d.id)
        .await?
        .into_iter()
        .find(|e| e.step == "edit")
        .expect("the correction is in the timeline");
    assert_eq!(
        edit.detail["urgency"],
        serde_json::json!(["normal", "urgent"])
    );
    assert_eq!(edit.detail["type_code"], serde_json::json!(["CV", "TB"]));
    // a stale form is refused
    assert!(matches!(
        outgoing::edit_details(db, &ctx(&o.author), &o.author, d.id, &corrected).await,
        Err(DbError::Conflict(_))
    ));
    // the author's own drafts, those sent back first
    let none = OutgoingStepInput::default();
    let second =
        outgoing::create_draft(db, &ctx(&o.author), &o.author, &draft(&o, "CV", "none")).await?;
    outgoing::submit(db, &ctx(&o.author), &o.author, d.id, &none).await?;
    outgoing::send_back(
        db,
        &ctx(&o.office_leader),
        &o.office_leader,
        d.id,
        &OutgoingStepInput {
            text: Some("Sửa nơi nhận".into()),
            ..Default::default()
        },
    )
    .await?;
    let waiting = outgoing::waiting_for(db, &o.author, 20).await?;
    assert_eq!(
        waiting.mine.iter().map(|v| v.id).collect::<Vec<_>>(),
        [d.id, second.id]
    );
    assert_eq!(waiting.mine_count, 2);
    assert!(
        outgoing::waiting_for(db, &o.clerk, 20)
            .await?
            .mine
            .is_empty()
    );
    // in review, the details are the reviewers' to read, not the author's to change
    outgoing::submit(db, &ctx(&o.author), &o.author, second.id, &none).await?;
    let in_review = outgoing::get(db, second.id).await?;
    assert!(matches!(
        outgoing::edit_details(
            db,
            &ctx(&o.author),
            &o.author,
            second.id,
            &outgoing::DraftDetails {
                version: Some(in_review.version),
                ..corrected.clone()
            }
        )
        .await,
        Err(DbError::Conflict(_))
    ));
    Ok(())
}
