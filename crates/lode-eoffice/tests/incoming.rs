//! Incoming documents in storage, on SQLite and PostgreSQL: numbering, duplicates, registers,
//! the flow and who sees what.

use lode_core::authz::Actor;
use lode_db::accounts::{self, NewStaff};
use lode_db::testkit::TestDb;
use lode_db::units::{self, NewUnit};
use lode_db::{AuditCtx, Backend, DbError};
use lode_eoffice::incoming::{self, AssignInput, Filter, NewIncoming, RouteInput, StepInput};

lode_db::on_both_backends!(
    arrival_numbers_are_gapless_under_concurrency,
    numbers_restart_each_year_and_secret_documents_have_their_own,
    duplicates_are_flagged_and_double_submits_make_one_record,
    bad_documents_are_refused_field_by_field,
    the_flow_runs_from_registration_to_completion,
    people_see_what_concerns_them,
    search_finds_rare_and_common_text_alike,
    a_search_lists_its_best_answers_first,
    lists_are_counted_numbered_and_ordered,
    a_letter_presented_to_one_leader_waits_for_that_leader,
    more_time_is_asked_of_whoever_gave_the_deadline,
    more_time_asked_is_declined_by_whom_it_was_asked_of,
    a_letter_sent_to_the_wrong_unit_is_handed_back_to_the_leader,
    the_clerk_corrects_what_was_registered,
);

/// The clerk corrects a notation and a subject mistyped at registration: the letter is found by
/// its new words and no longer by the old, the register's senders counted anew, each change
/// kept in its history as it was and is; a specialist cannot; a field refused says where;
/// a settled letter is no longer corrected.
async fn the_clerk_corrects_what_was_registered(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let doc = register(&o, &letter(&o, "51/BNNMT-ĐCKS")).await?;
    let fixed = incoming::Correction {
        issuer: "Ủy ban nhân dân tỉnh Lào Cai".into(),
        notation: "15/UBND-KT".into(),
        document_date: doc.document_date.clone(),
        type_code: doc.type_code.clone(),
        subject: "V/v đề nghị cung cấp thông tin mỏ đất hiếm".into(),
        signer: None,
        page_count: Some(3),
        urgency: Some("urgent".into()),
        version: Some(doc.version),
    };
    assert!(matches!(
        incoming::correct(
            db,
            &ctx(&o.office_specialist),
            &o.office_specialist,
            doc.id,
            &fixed
        )
        .await,
        Err(DbError::Denied(_) | DbError::NotFound)
    ));
    let Err(DbError::Invalid(e)) = incoming::correct(
        db,
        &ctx(&o.clerk),
        &o.clerk,
        doc.id,
        &incoming::Correction {
            subject: " ".into(),
            document_date: "2026-11-25".into(),
            ..fixed.clone()
        },
    )
    .await
    else {
        panic!("an empty subject was kept")
    };
    let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["subject", "document_date"], "{e:?}");
    let after = incoming::correct(db, &ctx(&o.clerk), &o.clerk, doc.id, &fixed).await?;
    assert_eq!(
        (
            after.notation.as_str(),
            after.issuer.as_str(),
            after.page_count
        ),
        ("15/UBND-KT", "Ủy ban nhân dân tỉnh Lào Cai", Some(3))
    );
    assert_eq!(after.arrival_number, doc.arrival_number, "its number stays");
    let clerk = &o.clerk;
    let found = |q: &str| {
        let q = q.to_string();
        async move {
            incoming::list(
                db,
                clerk,
                &Filter {
                    q: Some(q),
                    ..Default::default()
                },
            )
            .await
            .map(|p| p.items.iter().map(|d| d.id).collect::<Vec<_>>())
        }
    };
    assert_eq!(found("dat hiem lao cai").await?, [doc.id]);
    assert!(
        found("ket qua tham do").await?.is_empty(),
        "the old words are gone"
    );
    let senders = incoming::issuers(db, o.dept, 10).await?;
    assert!(
        senders.contains(&"Ủy ban nhân dân tỉnh Lào Cai".to_string())
            && !senders.contains(&"Bộ Nông nghiệp và Môi trường".to_string()),
        "{senders:?}"
    );
    let history = incoming::timeline(db, doc.id).await?;
    let corrected = history
        .iter()
        .find(|t| t.step == "correct")
        .map(|t| t.detail.clone())
        .unwrap_or_default();
    assert_eq!(
        corrected["notation"],
        serde_json::json!(["51/BNNMT-ĐCKS", "15/UBND-KT"]),
        "{corrected}"
    );
    // settled, it stays as it was when settled
    let back = StepInput {
        text: Some("Gửi nhầm nơi nhận.".into()),
        ..Default::default()
    };
    incoming::return_to_sender(db, &ctx(&o.clerk), &o.clerk, doc.id, &back).await?;
    assert!(matches!(
        incoming::correct(
            db,
            &ctx(&o.clerk),
            &o.clerk,
            doc.id,
            &incoming::Correction {
                version: None,
                ..fixed
            }
        )
        .await,
        Err(DbError::Conflict(_))
    ));
    Ok(())
}

/// The lead unit's leader hands a letter sent to the wrong unit back, with the reason: it waits
/// for the leader's instruction again, no unit leading it, and the leader who routed it is
/// told; a specialist cannot, nor can anyone once a handler is named.
async fn a_letter_sent_to_the_wrong_unit_is_handed_back_to_the_leader(
    b: Backend,
) -> anyhow::Result<()> {
    let o = org(b).await?;
    let doc = register(&o, &letter(&o, "31/TB-BNNMT")).await?;
    let db = &o.t.db;
    let route = RouteInput {
        lead_unit_id: o.fed,
        deadline: Some((lode_db::today() + chrono::Duration::days(10)).to_string()),
        note: Some("Liên đoàn chủ trì kiểm tra.".into()),
        ..Default::default()
    };
    incoming::route(db, &ctx(&o.leader), &o.leader, doc.id, &route).await?;
    let why = StepInput {
        text: Some("Nội dung thuộc lĩnh vực của Phòng Khoáng sản.".into()),
        ..Default::default()
    };
    assert!(matches!(
        incoming::hand_back(db, &ctx(&o.fed_specialist), &o.fed_specialist, doc.id, &why).await,
        Err(DbError::Denied(_))
    ));
    let Err(DbError::Invalid(e)) = incoming::hand_back(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &StepInput::default(),
    )
    .await
    else {
        panic!("handed back without a reason")
    };
    assert_eq!(e.0[0].field, "text");
    let back = incoming::hand_back(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, &why).await?;
    assert_eq!(
        (back.status.as_str(), back.lead_unit_id),
        ("registered", None)
    );
    assert_eq!(back.routing_note, None, "the old instruction is history");
    // it waits in the queue of the leader who routed it
    let waiting = incoming::queue(db, &o.leader, "to_route", 20).await?;
    assert!(waiting.items.iter().any(|d| d.id == doc.id));
    let (told,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications
         WHERE account_id = $1 AND link = $2 AND read_at IS NULL AND kind = 'handed_back'",
    )
    .bind(o.leader.account_id)
    .bind(format!("/incoming/{}", doc.id))
    .fetch_one(db.pool())
    .await?;
    assert_eq!(told, 1, "the leader who routed it is told");
    let timeline = incoming::timeline(db, doc.id).await?;
    assert!(
        timeline.iter().any(|t| t.step == "hand_back"),
        "{timeline:?}"
    );
    // routed anew, to the right unit; once a handler is named it is reassigned, not handed back
    let again = incoming::route(db, &ctx(&o.leader), &o.leader, doc.id, &route).await?;
    assert_eq!(again.status.as_str(), "routed");
    incoming::assign(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &incoming::AssignInput {
            handler_id: o.fed_specialist.account_id,
            ..Default::default()
        },
    )
    .await?;
    assert!(matches!(
        incoming::hand_back(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, &why).await,
        Err(DbError::Conflict(_))
    ));
    Ok(())
}

struct Org {
    t: TestDb,
    clerk: Actor,
    leader: Actor,
    fed_leader: Actor,
    fed_specialist: Actor,
    office_specialist: Actor,
    dept: i64,
    fed: i64,
    office: i64,
    pdf: String,
}

fn ctx(a: &Actor) -> AuditCtx {
    AuditCtx {
        actor_id: Some(a.account_id),
        actor_label: format!("#{}", a.account_id),
        ip: None,
    }
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
        &unit(None, "000.00.27.G12", "Cục", "ĐCKS", "department"),
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
    let person = |name: &str, unit: i64, roles: &[&str], clearance: &str| NewStaff {
        username: name.into(),
        full_name: name.into(),
        unit_id: unit,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        clearance: Some(clearance.into()),
        password: "Mật khẩu 2026!".into(),
        ..Default::default()
    };
    let actor = |a: accounts::Account| a.actor();
    let clerk = actor(
        accounts::create_staff(&t.db, &sys, &person("vanthu", office, &["clerk"], "none")).await?,
    );
    let leader = actor(
        accounts::create_staff(
            &t.db,
            &sys,
            &person("tvhung", dept, &["agency_leader"], "secret"),
        )
        .await?,
    );
    let _ks_leader = actor(
        accounts::create_staff(&t.db, &sys, &person("tdkhoa", ks, &["unit_leader"], "none"))
            .await?,
    );
    let fed_leader = actor(
        accounts::create_staff(&t.db, &sys, &person("vvhai", fed, &["unit_leader"], "none"))
            .await?,
    );
    let fed_specialist = actor(
        accounts::create_staff(&t.db, &sys, &person("hvkien", fed, &["specialist"], "none"))
            .await?,
    );
    let office_specialist = actor(
        accounts::create_staff(
            &t.db,
            &sys,
            &person("ntkhanh", office, &["specialist"], "none"),
        )
        .await?,
    );
    let pdf = "a".repeat(64);
    let mut tx = t.db.write().await?;
    lode_db::blobs::record_upload(&mut tx, &pdf, 1000, "application/pdf", clerk.account_id).await?;
    tx.commit().await?;
    Ok(Org {
        t,
        clerk,
        leader,
        fed_leader,
        fed_specialist,
        office_specialist,
        dept,
        fed,
        office,
        pdf,
    })
}

fn letter(o: &Org, notation: &str) -> NewIncoming {
    NewIncoming {
        received_on: Some("2026-11-20".into()),
        channel: "electronic".into(),
        issuer: "Bộ Nông nghiệp và Môi trường".into(),
        notation: notation.into(),
        document_date: "2026-11-18".into(),
        type_code: "CV".into(),
        subject: "V/v báo cáo kết quả thăm dò khoáng sản năm 2026".into(),
        file_sha256: Some(o.pdf.clone()),
        ..Default::default()
    }
}

async fn register(o: &Org, input: &NewIncoming) -> Result<incoming::IncomingRecord, DbError> {
    incoming::register(
        &o.t.db,
        &ctx(&o.clerk),
        o.clerk.account_id,
        o.dept,
        input,
        None,
    )
    .await
}

async fn arrival_numbers_are_gapless_under_concurrency(b: Backend) -> anyhow::Result<()> {
    let o = std::sync::Arc::new(org(b).await?);
    let mut tasks = Vec::new();
    for i in 0..64 {
        let o = o.clone();
        tasks.push(tokio::spawn(async move {
            register(&o, &letter(&o, &format!("{}/BNNMT-ĐCKS", 1000 + i)))
                .await
                .map(|r| r.arrival_number)
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await??);
    }
    numbers.sort();
    assert_eq!(numbers, (1..=64).collect::<Vec<_>>());
    Ok(())
}

async fn numbers_restart_each_year_and_secret_documents_have_their_own(
    b: Backend,
) -> anyhow::Result<()> {
    let o = org(b).await?;
    let a = register(&o, &letter(&o, "1/BNNMT-ĐCKS")).await?;
    let bb = register(&o, &letter(&o, "2/BNNMT-ĐCKS")).await?;
    let secret = register(
        &o,
        &NewIncoming {
            secrecy: Some("secret".into()),
            file_sha256: None,
            ..letter(&o, "3/BNNMT-ĐCKS")
        },
    )
    .await?;
    let last_year = register(
        &o,
        &NewIncoming {
            received_on: Some("2025-12-31".into()),
            document_date: "2025-12-30".into(),
            ..letter(&o, "4/BNNMT-ĐCKS")
        },
    )
    .await?;
    let new_year = register(
        &o,
        &NewIncoming {
            received_on: Some("2026-01-02".into()),
            document_date: "2026-01-02".into(),
            ..letter(&o, "5/BNNMT-ĐCKS")
        },
    )
    .await?;
    assert_eq!((a.arrival_number, a.year), (1, 2026));
    assert_eq!(bb.arrival_number, 2);
    assert_eq!(
        (secret.arrival_number, secret.register.as_str()),
        (1, "secret")
    );
    assert_eq!((last_year.arrival_number, last_year.year), (1, 2025));
    assert_eq!((new_year.arrival_number, new_year.year), (3, 2026));
    Ok(())
}

async fn duplicates_are_flagged_and_double_submits_make_one_record(
    b: Backend,
) -> anyhow::Result<()> {
    let o = org(b).await?;
    register(&o, &letter(&o, "12/QĐ-BNNMT")).await?;
    // the same issuer, notation and date, typed differently
    let again = NewIncoming {
        issuer: "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG".into(),
        ..letter(&o, "12/qđ-bnnmt")
    };
    match register(&o, &again).await {
        Err(DbError::Invalid(e)) => assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("notation", "possible_duplicate")
        ),
        other => panic!("{other:?}"),
    }
    let confirmed = register(
        &o,
        &NewIncoming {
            confirm_duplicate: true,
            ..again
        },
    )
    .await?;
    assert_eq!(confirmed.arrival_number, 2);
    // one form sent twice at once: one record
    let db = o.t.db.clone();
    let (c, input) = (ctx(&o.clerk), letter(&o, "77/TB-UBND"));
    let (x, y) = tokio::join!(
        incoming::register(
            &db,
            &c,
            o.clerk.account_id,
            o.dept,
            &input,
            Some("form-123")
        ),
        incoming::register(
            &db,
            &c,
            o.clerk.account_id,
            o.dept,
            &input,
            Some("form-123")
        ),
    );
    assert_eq!(x?.id, y?.id);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM incoming_documents")
        .fetch_one(o.t.db.pool())
        .await?;
    assert_eq!(n, 3);
    Ok(())
}

async fn bad_documents_are_refused_field_by_field(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let bad = NewIncoming {
        received_on: Some("2099-01-01".into()),
        channel: "pigeon".into(),
        issuer: "".into(),
        notation: "12/QĐ <script>".into(),
        document_date: "18/11/2026".into(),
        type_code: "XYZ".into(),
        subject: "x".repeat(501),
        page_count: Some(0),
        file_sha256: Some("b".repeat(64)),
        ..Default::default()
    };
    let Err(DbError::Invalid(e)) = register(&o, &bad).await else {
        panic!("accepted")
    };
    let mut got: Vec<String> =
        e.0.iter()
            .map(|f| format!("{}:{}", f.field, f.code))
            .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            "channel:invalid_choice",
            "document_date:invalid_date",
            "file_sha256:not_found",
            "issuer:required",
            "notation:invalid_notation",
            "page_count:page_count_range",
            "received_on:in_future",
            "subject:too_long",
            "type_code:invalid_choice",
        ]
    );
    let no_file = NewIncoming {
        file_sha256: None,
        ..letter(&o, "1/TB-X")
    };
    let Err(DbError::Invalid(e)) = register(&o, &no_file).await else {
        panic!("accepted without its file")
    };
    assert_eq!(e.0[0].code, "required");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM incoming_documents")
        .fetch_one(o.t.db.pool())
        .await?;
    assert_eq!(n, 0);
    let (c,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM counters WHERE name LIKE 'arrival:%'")
        .fetch_one(o.t.db.pool())
        .await?;
    assert_eq!(c, 0, "no number is taken by a refused document");
    Ok(())
}

async fn the_flow_runs_from_registration_to_completion(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let doc = register(&o, &letter(&o, "12/QĐ-BNNMT")).await?;
    let db = &o.t.db;
    let ahead = |days: i64| (lode_db::today() + chrono::Duration::days(days)).to_string();
    // a specialist cannot route; the clerk cannot either
    let route = RouteInput {
        lead_unit_id: o.fed,
        coordinating_unit_ids: vec![o.office],
        deadline: Some("2026-11-19".into()),
        ..Default::default()
    };
    assert!(matches!(
        incoming::route(db, &ctx(&o.clerk), &o.clerk, doc.id, &route).await,
        Err(DbError::Denied(_))
    ));
    // a deadline before the received date is refused
    let Err(DbError::Invalid(e)) =
        incoming::route(db, &ctx(&o.leader), &o.leader, doc.id, &route).await
    else {
        panic!()
    };
    assert_eq!(e.0[0].code, "deadline_before_received");
    // the lead unit ticked among the coordinating ones too: said, not dropped unseen
    let twice = RouteInput {
        coordinating_unit_ids: vec![o.office, o.fed],
        deadline: None,
        ..route.clone()
    };
    let Err(DbError::Invalid(e)) =
        incoming::route(db, &ctx(&o.leader), &o.leader, doc.id, &twice).await
    else {
        panic!("the lead unit coordinating too was accepted")
    };
    assert_eq!(
        (e.0[0].field.as_str(), e.0[0].code),
        ("coordinating_unit_ids", "lead_coordinates")
    );
    // a deadline already past is refused
    let past = RouteInput {
        deadline: Some((lode_db::today() - chrono::Duration::days(1)).to_string()),
        ..route.clone()
    };
    let Err(DbError::Invalid(e)) =
        incoming::route(db, &ctx(&o.leader), &o.leader, doc.id, &past).await
    else {
        panic!()
    };
    assert_eq!(e.0[0].code, "deadline_past");
    let route = RouteInput {
        deadline: Some(ahead(20)),
        version: Some(doc.version),
        ..route
    };
    let routed = incoming::route(db, &ctx(&o.leader), &o.leader, doc.id, &route).await?;
    assert_eq!(
        (routed.status.as_str(), routed.lead_unit_id),
        ("routed", Some(o.fed))
    );
    // the stale version is refused
    assert!(matches!(
        incoming::route(db, &ctx(&o.leader), &o.leader, doc.id, &route).await,
        Err(DbError::Conflict(_))
    ));
    // a handler outside the lead unit is refused; the federation's leader names one of theirs
    let wrong = AssignInput {
        handler_id: o.office_specialist.account_id,
        ..Default::default()
    };
    let Err(DbError::Invalid(e)) =
        incoming::assign(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, &wrong).await
    else {
        panic!()
    };
    assert_eq!(e.0[0].code, "not_in_lead_unit");
    let later = AssignInput {
        handler_id: o.fed_specialist.account_id,
        deadline: Some(ahead(30)),
        ..Default::default()
    };
    let Err(DbError::Invalid(e)) =
        incoming::assign(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, &later).await
    else {
        panic!()
    };
    assert_eq!(e.0[0].code, "after_leader_deadline");
    let ok = AssignInput {
        deadline: Some(ahead(15)),
        ..later
    };
    let assigned = incoming::assign(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, &ok).await?;
    assert_eq!(
        (assigned.status.as_str(), assigned.deadline.as_deref()),
        ("assigned", Some(ahead(15).as_str()))
    );
    // too late to send it back
    let back = StepInput {
        text: Some("Sai địa chỉ".into()),
        ..Default::default()
    };
    assert!(matches!(
        incoming::return_to_sender(db, &ctx(&o.clerk), &o.clerk, doc.id, &back).await,
        Err(DbError::Conflict(_))
    ));
    incoming::note(
        db,
        &ctx(&o.fed_specialist),
        &o.fed_specialist,
        doc.id,
        &StepInput {
            text: Some("Đã liên hệ Vụ Khoáng sản".into()),
            ..Default::default()
        },
    )
    .await?;
    let more = StepInput {
        text: Some("Chờ số liệu".into()),
        deadline: Some(ahead(25)),
        ..Default::default()
    };
    assert!(matches!(
        incoming::extend_deadline(
            db,
            &ctx(&o.fed_specialist),
            &o.fed_specialist,
            doc.id,
            &more
        )
        .await,
        Err(DbError::Denied(_))
    ));
    // the federation's leader gives more time within the leader's day, not past it
    assert!(matches!(
        incoming::extend_deadline(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, &more).await,
        Err(DbError::Invalid(_))
    ));
    let within = StepInput {
        deadline: Some(ahead(18)),
        ..more.clone()
    };
    let extended =
        incoming::extend_deadline(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, &within).await?;
    assert_eq!(extended.deadline, Some(ahead(18)));
    // settled without a word of what was done: refused, the letter still open
    let silent = incoming::complete(
        db,
        &ctx(&o.fed_specialist),
        &o.fed_specialist,
        doc.id,
        &StepInput::default(),
    )
    .await;
    assert!(
        matches!(&silent, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.field == "text")),
        "{silent:?}"
    );
    let done = incoming::complete(
        db,
        &ctx(&o.fed_specialist),
        &o.fed_specialist,
        doc.id,
        &StepInput {
            text: Some("Đã trả lời bằng công văn 345/ĐCKS-VP".into()),
            ..Default::default()
        },
    )
    .await?;
    assert_eq!(done.status.as_str(), "completed");
    let steps: Vec<String> = incoming::timeline(db, doc.id)
        .await?
        .into_iter()
        .map(|e| e.step)
        .collect();
    assert_eq!(
        steps,
        ["register", "route", "assign", "note", "extend", "complete"]
    );
    assert_eq!(lode_db::audit::verify(db).await?.broken, None);
    // a second document is sent back before anyone works on it
    let other = register(&o, &letter(&o, "13/QĐ-BNNMT")).await?;
    let empty = StepInput::default();
    let Err(DbError::Invalid(e)) =
        incoming::return_to_sender(db, &ctx(&o.clerk), &o.clerk, other.id, &empty).await
    else {
        panic!()
    };
    assert_eq!(e.0[0].field, "text", "a reason is required");
    let returned =
        incoming::return_to_sender(db, &ctx(&o.clerk), &o.clerk, other.id, &back).await?;
    assert_eq!(returned.status.as_str(), "returned");
    Ok(())
}

async fn people_see_what_concerns_them(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let plain = register(&o, &letter(&o, "12/QĐ-BNNMT")).await?;
    let secret = register(
        &o,
        &NewIncoming {
            secrecy: Some("secret".into()),
            subject: "Kế hoạch bảo vệ mỏ".into(),
            file_sha256: None,
            ..letter(&o, "5/KH-BCA")
        },
    )
    .await?;
    let visible = |a: &Actor| {
        let a = a.clone();
        let db = db.clone();
        async move {
            incoming::list(&db, &a, &Filter::default())
                .await
                .map(|p| p.items)
        }
    };
    // the clerk sees both entries, but not what the secret one says
    let seen = visible(&o.clerk).await?;
    assert_eq!(seen.len(), 2);
    let s = seen
        .iter()
        .find(|v| v.id == secret.id)
        .ok_or_else(|| anyhow::anyhow!("missing"))?;
    assert!(s.details.is_none(), "no clearance, no content");
    assert!(
        seen.iter()
            .find(|v| v.id == plain.id)
            .is_some_and(|v| v.details.is_some())
    );
    // the cleared leader reads it
    let by_leader = visible(&o.leader).await?;
    assert!(by_leader.iter().all(|v| v.details.is_some()));
    // specialists see nothing until it is routed to their unit
    assert!(visible(&o.fed_specialist).await?.is_empty());
    assert!(visible(&o.office_specialist).await?.is_empty());
    incoming::route(
        db,
        &ctx(&o.leader),
        &o.leader,
        plain.id,
        &RouteInput {
            lead_unit_id: o.fed,
            ..Default::default()
        },
    )
    .await?;
    assert_eq!(visible(&o.fed_specialist).await?.len(), 1);
    assert!(visible(&o.office_specialist).await?.is_empty());
    // search ignores diacritics and case
    let q = |s: &str| Filter {
        q: Some(s.into()),
        ..Default::default()
    };
    assert_eq!(
        incoming::list(db, &o.clerk, &q("qd-bnnmt"))
            .await?
            .items
            .len(),
        1
    );
    assert_eq!(
        incoming::list(db, &o.clerk, &q("tham do khoang san"))
            .await?
            .items
            .len(),
        1
    );
    assert_eq!(
        incoming::list(db, &o.clerk, &q("bảo vệ mỏ"))
            .await?
            .items
            .len(),
        0,
        "secret content is not searchable without clearance"
    );
    Ok(())
}

/// Asked for its best answers first, a search puts the words typed with their diacritics, side
/// by side in the subject, before newer letters that hold them apart or spelled otherwise; the
/// usual order stays newest first.
async fn a_search_lists_its_best_answers_first(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let mut subjects = Vec::new();
    for (n, subject) in [
        "V/v cấp phép khai thác đá vôi tại Hà Nam",
        "V/v làm việc với đoàn kiểm tra mỏ đá ong",
        "V/v đá xây dựng: ý kiến về vôi hóa đất",
    ]
    .into_iter()
    .enumerate()
    {
        let mut l = letter(&o, &format!("{}/UBND", n + 1));
        l.subject = subject.into();
        subjects.push((register(&o, &l).await?.id, subject));
    }
    let ask = |sort: Option<&str>| Filter {
        q: Some("đá vôi".into()),
        sort: sort.map(str::to_string),
        ..Default::default()
    };
    let ids =
        |p: lode_db::Page<incoming::IncomingView>| p.items.iter().map(|d| d.id).collect::<Vec<_>>();
    let ranked = incoming::list(db, &o.clerk, &ask(Some(incoming::RELEVANCE))).await?;
    assert!(ranked.ranked, "few enough to weigh");
    let best = ids(ranked);
    assert_eq!(best.len(), 3, "all three hold the words");
    assert_eq!(
        best[0], subjects[0].0,
        "the words as typed, side by side, first"
    );
    let newest = ids(incoming::list(db, &o.clerk, &ask(None)).await?);
    assert_eq!(newest, [subjects[2].0, subjects[1].0, subjects[0].0]);
    // ranked pages are numbered: a key does not page them
    let by_key = incoming::list(
        db,
        &o.clerk,
        &Filter {
            before: Some(best[0]),
            ..ask(Some(incoming::RELEVANCE))
        },
    )
    .await;
    assert!(by_key.is_err());
    Ok(())
}

async fn search_finds_rare_and_common_text_alike(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    // 2,100 documents about one common matter, and one rare one
    let mut tx = db.write().await?;
    for n in 0..2_100 {
        sqlx::query(
            "INSERT INTO incoming_documents (register_unit_id, register, year, arrival_number, received_on, channel,
                issuer, notation, document_date, type_code, subject, urgency, urgency_rank, secrecy, search_key,
                duplicate_key, status, registered_by, registered_at)
             VALUES ($1, 'regular', 2025, $2, '2025-03-01', 'electronic', 'Sở Xây dựng', $3, '2025-03-01', 'CV',
                'Báo cáo tình hình khai thác cát', 'normal', 0, 'none', $4, $5, 'registered', $6, '2025-03-01T08:00:00Z')",
        )
        .bind(o.dept)
        .bind(n + 1)
        .bind(format!("{n}/SXD"))
        .bind(lode_core::text::fold(&format!("Báo cáo tình hình khai thác cát {n}/SXD Sở Xây dựng")))
        // the duplicate key as registration writes it: issuer, notation, date
        .bind(format!(
            "{}|{n}/sxd|2025-03-01",
            lode_core::text::fold("Sở Xây dựng")
        ))
        .bind(o.clerk.account_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    // written past registration: their sender counted as registration counts it
    incoming::count_issuers_again(db).await?;
    let mut rare = letter(&o, "7/QĐ-TTg");
    rare.subject = "Quyết định phê duyệt quy hoạch \"đất hiếm\" 100% vùng Tây Bắc".into();
    let rare = register(&o, &rare).await?;
    let q = |s: &str| Filter {
        q: Some(s.into()),
        limit: Some(200),
        ..Default::default()
    };
    let ids =
        |p: lode_db::Page<incoming::IncomingView>| p.items.iter().map(|d| d.id).collect::<Vec<_>>();
    // rare text, with and without diacritics, with quotes and a percent sign: exactly the one
    for text in [
        "dat hiem",
        "ĐẤT HIẾM",
        "\"đất hiếm\"",
        "100% vùng",
        "qd-ttg",
    ] {
        assert_eq!(
            ids(incoming::list(db, &o.clerk, &q(text)).await?),
            [rare.id],
            "{text}"
        );
    }
    // a number alone is the arrival of that number in the year asked; with none there, its
    // digits are searched as words (a notation's number)
    let numbered = |text: &str, year: Option<i64>| Filter { year, ..q(text) };
    assert_eq!(
        ids(incoming::list(
            db,
            &o.clerk,
            &numbered(&rare.arrival_number.to_string(), Some(rare.year))
        )
        .await?),
        [rare.id]
    );
    let arrival_2099 = incoming::list(db, &o.clerk, &numbered("2099", Some(2025))).await?;
    assert_eq!(
        arrival_2099
            .items
            .iter()
            .map(|d| (d.arrival_number, d.year))
            .collect::<Vec<_>>(),
        [(2099, 2025)]
    );
    let as_words = incoming::list(db, &o.clerk, &numbered("2099", None)).await?;
    assert_eq!(
        as_words
            .items
            .iter()
            .map(|d| (d.arrival_number, d.year))
            .collect::<Vec<_>>(),
        [(2100, 2025)],
        "the notation 2099/SXD"
    );
    // common text: a full page, newest first, and the next page goes on
    let page = incoming::list(db, &o.clerk, &q("khai thac cat")).await?;
    assert_eq!(page.items.len(), 200);
    assert!(page.items.windows(2).all(|w| w[0].id > w[1].id));
    assert!(!page.ranked);
    // asked for its best answers, a word this common matches too many to weigh: newest first,
    // and the page says it was not ranked
    let asked_best = incoming::list(
        db,
        &o.clerk,
        &Filter {
            sort: Some(incoming::RELEVANCE.into()),
            ..q("khai thac cat")
        },
    )
    .await?;
    assert!(!asked_best.ranked);
    assert_eq!(ids(asked_best), ids(page.clone()));
    let next = incoming::list(
        db,
        &o.clerk,
        &Filter {
            before: page.next,
            ..q("khai thac cat")
        },
    )
    .await?;
    assert_eq!(next.items.len(), 200);
    // two letters: too short for trigrams, still found
    assert_eq!(incoming::list(db, &o.clerk, &q("tt")).await?.items.len(), 1);
    // nothing: nothing
    assert!(
        incoming::list(db, &o.clerk, &q("zzzz"))
            .await?
            .items
            .is_empty()
    );
    // through the trigram index directly (PostgreSQL's way out of a long scan): the same answers
    for text in ["dat hiem", "100% vùng", "zzzz"] {
        assert_eq!(
            ids(incoming::list_through_text_index(db, &o.clerk, &q(text)).await?),
            ids(incoming::list(db, &o.clerk, &q(text)).await?),
            "{text}"
        );
    }
    let common = incoming::list_through_text_index(db, &o.clerk, &q("khai thac cat")).await?;
    assert_eq!(common.items.len(), 200);
    // the issuer filter, and its choices most frequent first
    let by = |issuer: &str| Filter {
        issuer: Some(issuer.into()),
        ..Default::default()
    };
    assert_eq!(
        ids(incoming::list(db, &o.clerk, &by("Bộ Nông nghiệp và Môi trường")).await?),
        [rare.id]
    );
    assert_eq!(
        incoming::list(db, &o.clerk, &by("Sở Xây dựng"))
            .await?
            .items
            .len(),
        50
    );
    // a part of the name, typed without diacritics, finds it too; a notation never does
    assert_eq!(
        ids(incoming::list(db, &o.clerk, &by("nong nghiep")).await?),
        [rare.id]
    );
    assert_eq!(
        incoming::list(db, &o.clerk, &by("xay DUNG"))
            .await?
            .items
            .len(),
        50
    );
    assert!(
        incoming::list(db, &o.clerk, &by("Sở Tài chính"))
            .await?
            .items
            .is_empty()
    );
    assert!(
        incoming::list(db, &o.clerk, &by("100%"))
            .await?
            .items
            .is_empty()
    );
    assert_eq!(
        incoming::issuers(db, o.dept, 10).await?,
        ["Sở Xây dựng", "Bộ Nông nghiệp và Môi trường"]
    );
    // a part many senders' names share is read in every document, with the same answers
    for n in 0..45 {
        let mut from = letter(&o, &format!("{n}/UBND-KT"));
        from.issuer = format!("UBND xã số {n}");
        register(&o, &from).await?;
    }
    let many = incoming::list(db, &o.clerk, &by("ubnd xa")).await?;
    assert_eq!(many.items.len(), 45);
    assert!(many.items.iter().all(|d| {
        d.details
            .as_ref()
            .is_some_and(|x| x.issuer.starts_with("UBND xã số"))
    }));
    assert_eq!(
        incoming::list(db, &o.clerk, &by("ubnd xa so 7"))
            .await?
            .items
            .len(),
        1
    );
    Ok(())
}

/// The checks every registration makes read through an index that holds all their terms: the
/// duplicate check once read every document of the register (its register's index was taken
/// for the register alone), a cost that grew with the register.
#[tokio::test]
async fn registration_checks_read_through_their_indexes() -> anyhow::Result<()> {
    let t = TestDb::fresh(Backend::Sqlite).await?;
    let checks = [
        (
            "SELECT year, arrival_number FROM incoming_documents WHERE register_unit_id = 1 AND duplicate_key = 'x'",
            "incoming_duplicate (register_unit_id=? AND duplicate_key=?)",
        ),
        (
            "SELECT id FROM incoming_documents WHERE submission_key = 'k'",
            "(submission_key=?)",
        ),
        (
            "SELECT 1 FROM file_uploads WHERE sha256 = 'a' AND account_id = 1",
            "(sha256=? AND account_id=?)",
        ),
    ];
    for (query, index) in checks {
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {query}"))
                .fetch_all(t.db.pool())
                .await?;
        let plan: Vec<&str> = plan.iter().map(|r| r.3.as_str()).collect();
        assert!(
            plan.iter().any(|step| step.contains(index)),
            "{query}: {plan:?}"
        );
    }
    Ok(())
}

/// A list says how many it holds (up to the counting bound), goes to any numbered page without
/// repeating or skipping a document, and orders by day received or deadline either way, the
/// documents without a deadline last; an order it does not know is a field error.
async fn lists_are_counted_numbered_and_ordered(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    // 10,030 documents: received over thirty days, one in seven without a deadline
    sqlx::query(
        "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 10030)
         INSERT INTO incoming_documents (register_unit_id, register, year, arrival_number, received_on, channel,
            issuer, notation, document_date, type_code, subject, urgency, urgency_rank, secrecy, search_key,
            duplicate_key, status, registered_by, registered_at, deadline)
         SELECT $1, 'regular', 2025, n, '2025-03-' || CASE WHEN n % 30 < 9 THEN '0' ELSE '' END || CAST(n % 30 + 1 AS TEXT),
            'electronic', 'Sở Xây dựng', CAST(n AS TEXT) || '/SXD', '2025-03-01', 'CV', 'Báo cáo', 'normal', 0, 'none',
            'bao cao', 'k' || CAST(n AS TEXT), 'registered', $2, '2025-03-01T08:00:00Z',
            CASE WHEN n % 7 = 0 THEN NULL ELSE '2025-04-' || CASE WHEN n % 28 < 9 THEN '0' ELSE '' END || CAST(n % 28 + 1 AS TEXT) END
         FROM s",
    )
    .bind(o.dept)
    .bind(o.clerk.account_id)
    .execute(db.pool())
    .await?;
    let clerk = &o.clerk;
    let list = |f: Filter| async move { incoming::list(db, clerk, &f).await };
    // counted up to the bound
    let whole = list(Filter::default()).await?;
    assert_eq!(
        whole.total,
        Some(lode_db::Total {
            count: lode_db::COUNT_BOUND,
            more: true
        })
    );
    // a narrower list counts exactly: the 334 received on the 1st of March (n % 30 = 0)
    let first_day = || Filter {
        from: Some("2025-03-01".into()),
        to: Some("2025-03-01".into()),
        limit: Some(100),
        ..Default::default()
    };
    let day = list(first_day()).await?;
    assert_eq!(
        day.total,
        Some(lode_db::Total {
            count: 334,
            more: false
        })
    );
    // numbered pages: four of them, together the whole list once, newest first
    let mut seen = Vec::new();
    for page in 1..=4 {
        let p = list(Filter {
            page: Some(page),
            ..first_day()
        })
        .await?;
        assert_eq!(
            p.items.len(),
            if page < 4 { 100 } else { 34 },
            "page {page}"
        );
        assert_eq!(p.more, page < 4, "page {page}");
        assert_eq!(p.total.map(|t| t.count), Some(334), "page {page}");
        seen.extend(p.items.iter().map(|d| d.id));
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(seen, sorted, "each document once, newest first");
    assert_eq!(seen.len(), 334);
    // by deadline, soonest first, across pages; those without one last; what is settled
    // (half of them) after all that is open, its deadline run out of meaning
    sqlx::query(
        "UPDATE incoming_documents SET status = 'completed', completed_at = '2025-03-20T08:00:00Z'
         WHERE received_on = '2025-03-01' AND arrival_number % 60 = 0",
    )
    .execute(db.pool())
    .await?;
    let mut listed = Vec::new();
    for page in 1..=4 {
        let p = list(Filter {
            page: Some(page),
            sort: Some("deadline".into()),
            ..first_day()
        })
        .await?;
        assert!(p.next.is_none(), "a key pages on only in the order of keys");
        listed.extend(
            p.items
                .into_iter()
                .map(|d| (d.status == "completed", d.details.and_then(|x| x.deadline))),
        );
    }
    assert_eq!(listed.len(), 334);
    let open = listed.iter().take_while(|(settled, _)| !settled).count();
    assert!(open > 0 && open < 334);
    assert!(listed[open..].iter().all(|(settled, _)| *settled));
    let deadlines: Vec<Option<String>> = listed[..open].iter().map(|(_, d)| d.clone()).collect();
    let dated = deadlines.iter().take_while(|d| d.is_some()).count();
    assert!(dated > 0 && dated < open);
    assert!(deadlines[dated..].iter().all(Option::is_none));
    assert!(deadlines[..dated].windows(2).all(|w| w[0] <= w[1]));
    // the latest deadline first: still those without one last
    let latest = list(Filter {
        sort: Some("-deadline".into()),
        ..first_day()
    })
    .await?;
    let deadline = |i: usize| {
        latest.items[i]
            .details
            .as_ref()
            .and_then(|x| x.deadline.clone())
    };
    assert!(deadline(0) >= deadline(1));
    assert_eq!(deadline(0), deadlines[dated - 1]);
    // by day received, either way
    let received = |sort: &str| {
        let sort = sort.to_string();
        async move {
            let p = list(Filter {
                sort: Some(sort),
                limit: Some(200),
                ..Default::default()
            })
            .await?;
            Ok::<_, anyhow::Error>(
                p.items
                    .into_iter()
                    .map(|d| d.received_on)
                    .collect::<Vec<_>>(),
            )
        }
    };
    let earliest = received("received").await?;
    assert_eq!(earliest[0], "2025-03-01");
    assert!(earliest.windows(2).all(|w| w[0] <= w[1]));
    let newest = received("-received").await?;
    assert_eq!(newest[0], "2025-03-30");
    assert!(newest.windows(2).all(|w| w[0] >= w[1]));
    // what the list does not know is said field by field
    for (filter, field) in [
        (
            Filter {
                sort: Some("subject; DROP TABLE units".into()),
                ..Default::default()
            },
            "sort",
        ),
        (
            Filter {
                page: Some(0),
                ..Default::default()
            },
            "page",
        ),
        // past the counted rows, pages are not numbered (keys read on)
        (
            Filter {
                page: Some(202),
                ..Default::default()
            },
            "page",
        ),
        (
            Filter {
                before: Some(5000),
                sort: Some("deadline".into()),
                ..Default::default()
            },
            "before",
        ),
    ] {
        match incoming::list(db, &o.clerk, &filter).await {
            Err(DbError::Invalid(e)) => assert_eq!(e.0[0].field, field),
            other => anyhow::bail!("{field}: {:?}", other.map(|p| p.items.len())),
        }
    }
    Ok(())
}

async fn a_letter_presented_to_one_leader_waits_for_that_leader(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let deputy = accounts::create_staff(
        db,
        &AuditCtx::system("fixture"),
        &NewStaff {
            username: "pvnam".into(),
            full_name: "Phạm Văn Nam".into(),
            position: Some("Phó Cục trưởng".into()),
            unit_id: o.dept,
            roles: vec!["agency_leader".into()],
            clearance: Some("none".into()),
            password: "Mật khẩu 2026!".into(),
            ..Default::default()
        },
    )
    .await?
    .actor();
    // the clerk chooses among the leaders who instruct on the register's documents
    let choices = incoming::presentable_leaders(db, o.dept, o.clerk.account_id).await?;
    let mut ids: Vec<i64> = choices.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, [o.leader.account_id, deputy.account_id]);
    assert!(
        choices
            .iter()
            .any(|c| c.name == "Phạm Văn Nam" && c.position.as_deref() == Some("Phó Cục trưởng"))
    );
    let doc = register(
        &o,
        &NewIncoming {
            presented_to: Some(deputy.account_id),
            ..letter(&o, "31/BNNMT-ĐCKS")
        },
    )
    .await?;
    let view = doc.view(&o.leader).expect("the leader sees it");
    assert_eq!(
        view.details.and_then(|d| d.presented_to_name).as_deref(),
        Some("Phạm Văn Nam")
    );
    // the deputy alone is told, and finds it waiting; the head of the agency does not
    let told = |who: i64| async move {
        let page = lode_db::notifications::list(db, who, false, None, None).await?;
        anyhow::Ok(
            page.items
                .iter()
                .filter(|n| n.incoming_id == Some(doc.id))
                .count(),
        )
    };
    assert_eq!(told(deputy.account_id).await?, 1);
    assert_eq!(told(o.leader.account_id).await?, 0);
    let waiting = |who: Actor| async move {
        let q = incoming::queue(db, &who, "to_route", 50).await?;
        anyhow::Ok(q.items.iter().any(|d| d.id == doc.id))
    };
    assert!(waiting(deputy.clone()).await?);
    assert!(!waiting(o.leader.clone()).await?);
    let register_step = incoming::timeline(db, doc.id)
        .await?
        .into_iter()
        .find(|e| e.step == "register")
        .expect("registered");
    assert_eq!(register_step.detail["presented_to"], "Phạm Văn Nam");
    // the head of the agency may still give the instruction himself
    incoming::route(
        db,
        &ctx(&o.leader),
        &o.leader,
        doc.id,
        &RouteInput {
            lead_unit_id: o.fed,
            version: Some(doc.version),
            ..Default::default()
        },
    )
    .await?;
    // a letter presented to no one waits for every leader, as before
    let open = register(&o, &letter(&o, "32/BNNMT-ĐCKS")).await?;
    assert_eq!(told(deputy.account_id).await?, 1);
    let q = incoming::queue(db, &o.leader, "to_route", 50).await?;
    assert!(q.items.iter().any(|d| d.id == open.id));
    // a secret letter cannot go to a leader not cleared for it, nor anything to one who does
    // not instruct; nothing is registered then
    let registered = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM incoming_documents")
            .fetch_one(db.pool())
            .await?;
        anyhow::Ok(n)
    };
    let before = registered().await?;
    for (who, secrecy) in [
        (deputy.account_id, "confidential"),
        (o.clerk.account_id, "none"),
        (o.fed_leader.account_id, "none"),
    ] {
        let refused = register(
            &o,
            &NewIncoming {
                presented_to: Some(who),
                secrecy: Some(secrecy.into()),
                ..letter(&o, &format!("4{who}/BNNMT-ĐCKS"))
            },
        )
        .await;
        assert!(
            matches!(&refused, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.field == "presented_to" && f.code == "not_instructing")),
            "{refused:?}"
        );
    }
    assert_eq!(registered().await?, before);
    Ok(())
}

async fn more_time_is_asked_of_whoever_gave_the_deadline(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let ahead = |days: i64| (lode_db::today() + chrono::Duration::days(days)).to_string();
    let doc = register(&o, &letter(&o, "51/BNNMT-ĐCKS")).await?;
    let doc = incoming::route(
        db,
        &ctx(&o.leader),
        &o.leader,
        doc.id,
        &RouteInput {
            lead_unit_id: o.fed,
            deadline: Some(ahead(5)),
            version: Some(doc.version),
            ..Default::default()
        },
    )
    .await?;
    let doc = incoming::assign(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &AssignInput {
            handler_id: o.fed_specialist.account_id,
            ..Default::default()
        },
    )
    .await?;
    let told = |who: i64, kind: &'static str| async move {
        let page = lode_db::notifications::list(db, who, false, None, None).await?;
        anyhow::Ok(
            page.items
                .iter()
                .filter(|n| n.incoming_id == Some(doc.id) && n.kind == kind)
                .count(),
        )
    };
    let asking = |days: i64, text: &str| StepInput {
        deadline: Some(ahead(days)),
        text: Some(text.into()),
        ..Default::default()
    };
    // the handler cannot grant herself more time; she asks her unit's leader, with a reason
    assert!(matches!(
        incoming::extend_deadline(
            db,
            &ctx(&o.fed_specialist),
            &o.fed_specialist,
            doc.id,
            &asking(10, "Chờ số liệu")
        )
        .await,
        Err(DbError::Denied(_))
    ));
    let no_reason = incoming::ask_extension(
        db,
        &ctx(&o.fed_specialist),
        &o.fed_specialist,
        doc.id,
        &asking(10, " "),
    )
    .await;
    assert!(
        matches!(&no_reason, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.field == "text")),
        "{no_reason:?}"
    );
    incoming::ask_extension(
        db,
        &ctx(&o.fed_specialist),
        &o.fed_specialist,
        doc.id,
        &asking(10, "Chờ số liệu khảo sát của Liên đoàn"),
    )
    .await?;
    assert_eq!(told(o.fed_leader.account_id, "extension_asked").await?, 1);
    assert_eq!(told(o.leader.account_id, "extension_asked").await?, 0);
    // the unit's leader may not go past the day the agency's leader gave: he asks him
    let past = incoming::extend_deadline(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &asking(10, "Chờ số liệu"),
    )
    .await;
    assert!(
        matches!(&past, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.code == "after_leader_deadline")),
        "{past:?}"
    );
    incoming::ask_extension(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &asking(10, "Liên đoàn cần thêm thời gian khảo sát"),
    )
    .await?;
    assert_eq!(told(o.leader.account_id, "extension_asked").await?, 1);
    // asking changes no one's work: the handler's notice of the letter stays unread
    let unread =
        lode_db::notifications::list(db, o.fed_specialist.account_id, true, None, None).await?;
    assert!(
        unread
            .items
            .iter()
            .any(|n| n.incoming_id == Some(doc.id) && n.kind == "assigned"),
        "{:?}",
        unread.items
    );
    // the agency's leader grants it himself, never asks; those at work on it are told
    assert!(matches!(
        incoming::ask_extension(db, &ctx(&o.leader), &o.leader, doc.id, &asking(12, "x")).await,
        Err(DbError::Denied(_))
    ));
    let extended = incoming::extend_deadline(
        db,
        &ctx(&o.leader),
        &o.leader,
        doc.id,
        &asking(10, "Đồng ý gia hạn"),
    )
    .await?;
    assert_eq!(extended.deadline.as_deref(), Some(ahead(10).as_str()));
    assert_eq!(told(o.fed_specialist.account_id, "extended").await?, 1);
    assert_eq!(told(o.fed_leader.account_id, "extended").await?, 1);
    // the leader's new day is the unit's bound now
    let past = incoming::extend_deadline(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &asking(11, "Thêm một ngày"),
    )
    .await;
    assert!(
        matches!(&past, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.code == "after_leader_deadline")),
        "{past:?}"
    );
    assert_eq!(
        incoming::get(db, doc.id).await?.leaders_deadline.as_deref(),
        Some(ahead(10).as_str())
    );
    let steps: Vec<String> = incoming::timeline(db, doc.id)
        .await?
        .into_iter()
        .map(|e| e.step)
        .collect();
    assert_eq!(
        steps.iter().filter(|s| *s == "ask_extension").count(),
        2,
        "{steps:?}"
    );
    Ok(())
}

async fn more_time_asked_is_declined_by_whom_it_was_asked_of(b: Backend) -> anyhow::Result<()> {
    let o = org(b).await?;
    let db = &o.t.db;
    let sys = AuditCtx::system("fixture");
    let deputy = accounts::create_staff(
        db,
        &sys,
        &NewStaff {
            username: "nthlan".into(),
            full_name: "nthlan".into(),
            unit_id: o.dept,
            roles: vec!["agency_leader".into()],
            clearance: Some("none".into()),
            password: "Mật khẩu 2026!".into(),
            ..Default::default()
        },
    )
    .await?
    .actor();
    let ahead = |days: i64| (lode_db::today() + chrono::Duration::days(days)).to_string();
    let asking = |days: i64, text: &str| StepInput {
        deadline: Some(ahead(days)),
        text: Some(text.into()),
        ..Default::default()
    };
    let saying = |text: &str| StepInput {
        text: Some(text.into()),
        ..Default::default()
    };
    let doc = register(&o, &letter(&o, "61/BNNMT-ĐCKS")).await?;
    let doc = incoming::route(
        db,
        &ctx(&o.leader),
        &o.leader,
        doc.id,
        &RouteInput {
            lead_unit_id: o.fed,
            deadline: Some(ahead(5)),
            version: Some(doc.version),
            ..Default::default()
        },
    )
    .await?;
    incoming::assign(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &AssignInput {
            handler_id: o.fed_specialist.account_id,
            ..Default::default()
        },
    )
    .await?;
    // the deputy gives more time: the leaders' day is hers now
    incoming::extend_deadline(db, &ctx(&deputy), &deputy, doc.id, &asking(7, "Bổ sung")).await?;
    let told = |who: i64, kind: &'static str| async move {
        let page = lode_db::notifications::list(db, who, false, None, None).await?;
        anyhow::Ok(
            page.items
                .iter()
                .filter(|n| n.incoming_id == Some(doc.id) && n.kind == kind)
                .count(),
        )
    };
    let waiting = || async { incoming::extension_asked(&mut db.read().await?, doc.id).await };
    // with nothing asked, there is nothing to decline
    assert!(waiting().await?.is_none());
    let nothing = incoming::decline_extension(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &saying("Không"),
    )
    .await;
    assert!(matches!(nothing, Err(DbError::Conflict(_))), "{nothing:?}");
    incoming::ask_extension(
        db,
        &ctx(&o.fed_specialist),
        &o.fed_specialist,
        doc.id,
        &asking(9, "Chờ số liệu"),
    )
    .await?;
    let asked = waiting()
        .await?
        .ok_or_else(|| anyhow::anyhow!("no request waits"))?;
    assert_eq!(asked.asked_by, Some(o.fed_specialist.account_id));
    assert_eq!(asked.asked_of, vec![o.fed_leader.account_id]);
    assert_eq!(asked.proposed.as_deref(), Some(ahead(9).as_str()));
    assert_eq!(asked.reason.as_deref(), Some("Chờ số liệu"));
    // the one who asked does not answer her own request; the unit's leader says why he declines
    let own = incoming::decline_extension(
        db,
        &ctx(&o.fed_specialist),
        &o.fed_specialist,
        doc.id,
        &saying("Thôi"),
    )
    .await;
    assert!(matches!(own, Err(DbError::Denied(_))), "{own:?}");
    let no_reason =
        incoming::decline_extension(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, &saying(" "))
            .await;
    assert!(
        matches!(&no_reason, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.field == "text")),
        "{no_reason:?}"
    );
    let declined = incoming::decline_extension(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &saying("Hạn hiện tại đủ để hoàn thành"),
    )
    .await?;
    assert_eq!(declined.deadline.as_deref(), Some(ahead(7).as_str()));
    assert_eq!(
        told(o.fed_specialist.account_id, "extension_declined").await?,
        1
    );
    // his notice of the request is settled; the handler's of the deputy's extension is not
    let unread = |who: i64| async move {
        let page = lode_db::notifications::list(db, who, true, None, None).await?;
        anyhow::Ok(
            page.items
                .into_iter()
                .filter(|n| n.incoming_id == Some(doc.id))
                .map(|n| n.kind)
                .collect::<Vec<_>>(),
        )
    };
    assert!(
        !unread(o.fed_leader.account_id)
            .await?
            .contains(&"extension_asked".to_string())
    );
    assert!(
        unread(o.fed_specialist.account_id)
            .await?
            .contains(&"extended".to_string())
    );
    assert!(waiting().await?.is_none());
    let again = incoming::decline_extension(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &saying("Không"),
    )
    .await;
    assert!(matches!(again, Err(DbError::Conflict(_))), "{again:?}");
    // the unit's leader asks the leader who set the leaders' day last, not the one who routed
    incoming::ask_extension(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &asking(10, "Liên đoàn cần thêm thời gian"),
    )
    .await?;
    assert_eq!(told(deputy.account_id, "extension_asked").await?, 1);
    assert_eq!(told(o.leader.account_id, "extension_asked").await?, 0);
    // any of the body's leaders answers it; the unit's leader who asked is told
    incoming::decline_extension(
        db,
        &ctx(&o.leader),
        &o.leader,
        doc.id,
        &saying("Không gia hạn"),
    )
    .await?;
    assert_eq!(
        told(o.fed_leader.account_id, "extension_declined").await?,
        1
    );
    assert!(
        !unread(deputy.account_id)
            .await?
            .contains(&"extension_asked".to_string())
    );
    // a handler's request is moot once the unit's leader hands the letter anew; the unit's
    // leader's own request to the leaders still waits when he does
    incoming::ask_extension(
        db,
        &ctx(&o.fed_specialist),
        &o.fed_specialist,
        doc.id,
        &asking(9, "Chờ số liệu"),
    )
    .await?;
    assert!(waiting().await?.is_some());
    let handed_anew = AssignInput {
        handler_id: o.fed_specialist.account_id,
        deadline: Some(ahead(6)),
        ..Default::default()
    };
    incoming::assign(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, &handed_anew).await?;
    assert!(waiting().await?.is_none(), "answered by handing it anew");
    assert!(
        !unread(o.fed_leader.account_id)
            .await?
            .contains(&"extension_asked".to_string())
    );
    incoming::ask_extension(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &asking(10, "Liên đoàn cần thêm thời gian"),
    )
    .await?;
    let sooner = AssignInput {
        deadline: Some(ahead(5)),
        ..handed_anew.clone()
    };
    incoming::assign(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, &sooner).await?;
    // handed anew to the same handler with a sooner day: she is told it
    assert!(
        unread(o.fed_specialist.account_id)
            .await?
            .contains(&"assigned".to_string())
    );
    assert_eq!(
        waiting().await?.and_then(|a| a.asked_by),
        Some(o.fed_leader.account_id),
        "his own request still waits"
    );
    assert_eq!(
        lode_db::notifications::list(db, deputy.account_id, true, None, None)
            .await?
            .items
            .iter()
            .filter(|n| n.incoming_id == Some(doc.id) && n.kind == "extension_asked")
            .count(),
        1,
        "the leader asked is still asked"
    );
    // her request passed on to the leaders by the unit's leader: she is told
    incoming::ask_extension(
        db,
        &ctx(&o.fed_specialist),
        &o.fed_specialist,
        doc.id,
        &asking(9, "Chờ số liệu của xã"),
    )
    .await?;
    incoming::ask_extension(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &asking(9, "Chờ số liệu của xã"),
    )
    .await?;
    assert!(
        unread(o.fed_specialist.account_id)
            .await?
            .contains(&"extension_passed_on".to_string())
    );
    // handed to the same person with nothing new (no deadline, or the one she has) is a slip,
    // refused beside the choice
    let same = AssignInput {
        handler_id: o.fed_specialist.account_id,
        ..Default::default()
    };
    for input in [&same, &sooner] {
        let again = incoming::assign(db, &ctx(&o.fed_leader), &o.fed_leader, doc.id, input).await;
        assert!(
            matches!(&again, Err(DbError::Invalid(e)) if e.0.iter().any(|f| f.code == "same_handler")),
            "{again:?}"
        );
    }
    // taken from her, she is told who has it now
    incoming::assign(
        db,
        &ctx(&o.fed_leader),
        &o.fed_leader,
        doc.id,
        &AssignInput {
            handler_id: o.fed_leader.account_id,
            ..Default::default()
        },
    )
    .await?;
    let away = lode_db::notifications::list(db, o.fed_specialist.account_id, true, None, None)
        .await?
        .items
        .into_iter()
        .filter(|n| n.incoming_id == Some(doc.id) && n.kind == "reassigned_away")
        .collect::<Vec<_>>();
    assert_eq!(away.len(), 1);
    assert_eq!(away[0].message.as_deref(), Some("incoming_reassigned_away"));
    assert!(
        away[0].args["by"].as_str().is_some_and(|b| !b.is_empty()),
        "{:?}",
        away[0]
    );
    let steps: Vec<String> = incoming::timeline(db, doc.id)
        .await?
        .into_iter()
        .map(|e| e.step)
        .collect();
    assert_eq!(
        steps.iter().filter(|s| *s == "decline_extension").count(),
        2,
        "{steps:?}"
    );
    Ok(())
}
