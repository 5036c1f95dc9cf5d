//! The e-office's demo records: a few hundred incoming documents over the last two months,
//! outgoing documents at every stage and the Minerals division's work dossiers, seeded into a
//! store that holds the demo organisation ([`lode_db::demo::seed`]) and no documents, through the
//! same functions as the application.

use lode_db::demo::sample_pdf;
use lode_db::{AuditCtx, Db, DbResult};

/// Issuing bodies of the demo's incoming documents.
const ISSUERS: &[&str] = &[
    "Bộ Nông nghiệp và Môi trường",
    "Văn phòng Chính phủ",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Xây dựng",
    "UBND thành phố Đà Nẵng",
    "UBND tỉnh Lào Cai",
    "UBND tỉnh Quảng Ninh",
    "Sở Nông nghiệp và Môi trường tỉnh Thái Nguyên",
    "Thuế tỉnh Gia Lai",
    "Công ty Cổ phần Khoáng sản Minh Phát",
    "Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam",
];

/// The bodies that write a notation ending so: the ministry, its neighbours, the provinces'
/// people's committees, their departments, a tax office, mining companies.
fn issuers_of(tail: &str) -> &'static [&'static str] {
    match tail {
        "UBND-KT" | "UBND" => &[
            "UBND thành phố Đà Nẵng",
            "UBND tỉnh Lào Cai",
            "UBND tỉnh Quảng Ninh",
        ],
        "VPCP" => &["Văn phòng Chính phủ"],
        "BTC-CST" => &["Bộ Tài chính"],
        "BCT" => &["Bộ Công Thương"],
        "BXD-VLXD" => &["Bộ Xây dựng"],
        "SNNMT-KS" => &["Sở Nông nghiệp và Môi trường tỉnh Thái Nguyên"],
        "CT-QLKS" => &["Thuế tỉnh Gia Lai"],
        "MP-PC" => &["Công ty Cổ phần Khoáng sản Minh Phát"],
        "TKV" => &["Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam"],
        _ => &["Bộ Nông nghiệp và Môi trường"],
    }
}

/// (type code, notation tail, subject)
const SUBJECTS: &[(&str, &str, &str)] = &[
    (
        "CV",
        "BNNMT-ĐCKS",
        "V/v báo cáo tình hình cấp phép thăm dò, khai thác khoáng sản năm 2026",
    ),
    (
        "CV",
        "UBND-KT",
        "V/v đề nghị thẩm định hồ sơ cấp giấy phép khai thác đá vôi làm vật liệu xây dựng",
    ),
    (
        "QĐ",
        "BNNMT",
        "Quyết định phê duyệt đề án thăm dò quặng đồng khu vực Sin Quyền",
    ),
    (
        "TB",
        "VPCP",
        "Thông báo kết luận của Phó Thủ tướng về công tác quản lý khoáng sản",
    ),
    (
        "GM",
        "BNNMT",
        "Giấy mời dự họp giao ban trực tuyến công tác địa chất và khoáng sản tháng 11",
    ),
    (
        "CV",
        "BTC-CST",
        "V/v hướng dẫn thu tiền cấp quyền khai thác khoáng sản",
    ),
    (
        "BC",
        "UBND",
        "Báo cáo kết quả kiểm tra hoạt động khai thác cát lòng sông",
    ),
    (
        "KH",
        "BNNMT",
        "Kế hoạch điều tra địa chất khoáng sản biển giai đoạn 2026-2030",
    ),
    (
        "CV",
        "SNNMT-KS",
        "V/v khoanh định khu vực cấm, tạm thời cấm hoạt động khoáng sản",
    ),
    (
        "TTr",
        "TKV",
        "Tờ trình đề nghị phê duyệt trữ lượng than khu mỏ Khe Chàm",
    ),
    (
        "CV",
        "CT-QLKS",
        "V/v cung cấp thông tin về tình hình nộp tiền cấp quyền khai thác",
    ),
    (
        "CV",
        "MP-PC",
        "V/v xin gia hạn giấy phép thăm dò khoáng sản đá granit",
    ),
    (
        "QĐ",
        "UBND",
        "Quyết định đấu giá quyền khai thác khoáng sản làm vật liệu xây dựng thông thường",
    ),
    (
        "TB",
        "BNNMT",
        "Thông báo lịch tiếp công dân quý IV năm 2026",
    ),
    (
        "CV",
        "BXD-VLXD",
        "V/v quy hoạch thăm dò, khai thác khoáng sản làm vật liệu xây dựng",
    ),
    (
        "BC",
        "BCT",
        "Báo cáo tình hình chế biến, xuất khẩu khoáng sản 9 tháng đầu năm",
    ),
];

/// The scan of a demo letter: the paper its issuer printed, in Vietnamese (its heading, number
/// and date, its subject, a line of text, its signer), as the register describes it.
fn scanned_letter(letter: &crate::incoming::NewIncoming) -> Vec<u8> {
    use lode_print::{Block, Document, Orientation, Weight};
    let issued = chrono::NaiveDate::parse_from_str(&letter.document_date, "%Y-%m-%d")
        .unwrap_or_else(|_| crate::incoming::today());
    let issuer = letter.issuer.replace("UBND", "Ủy ban nhân dân");
    // where a province's body writes from, the capital otherwise
    let place = ["tỉnh ", "thành phố "]
        .iter()
        .find_map(|p| issuer.split_once(p).map(|(_, place)| place.to_string()))
        .unwrap_or_else(|| "Hà Nội".into());
    let title = match letter.type_code.as_str() {
        "QĐ" => Some("QUYẾT ĐỊNH"),
        "TB" => Some("THÔNG BÁO"),
        "BC" => Some("BÁO CÁO"),
        "KH" => Some("KẾ HOẠCH"),
        "GM" => Some("GIẤY MỜI"),
        _ => None,
    };
    // who signs for the issuer
    let position = [
        ("Ủy ban", "CHỦ TỊCH"),
        ("Bộ", "THỨ TRƯỞNG"),
        ("Sở", "GIÁM ĐỐC"),
        ("Thuế", "TRƯỞNG THUẾ TỈNH"),
        ("Văn phòng", "PHÓ CHỦ NHIỆM"),
        ("Tập đoàn", "TỔNG GIÁM ĐỐC"),
    ]
    .iter()
    .find(|(first, _)| issuer.starts_with(first))
    .map_or("GIÁM ĐỐC", |(_, position)| position);
    let mut blocks = vec![
        // the number under the issuer, the place and date under the motto (Decree 30)
        Block::OfficialHeading {
            left: vec![
                (issuer.to_uppercase(), Weight::Bold),
                (format!("Số: {}", letter.notation), Weight::Regular),
            ],
            right: vec![
                ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(), Weight::Bold),
                ("Độc lập - Tự do - Hạnh phúc".into(), Weight::Bold),
                (
                    format!(
                        "{place}, ngày {} tháng {} năm {}",
                        issued.format("%d"),
                        issued.format("%m"),
                        issued.format("%Y")
                    ),
                    Weight::Regular,
                ),
            ],
        },
        Block::Space(10.0),
    ];
    match title {
        // a công văn says what it is about under its number; other papers are titled
        None => blocks.push(Block::Paragraph(letter.subject.clone())),
        Some(title) => {
            let about = letter
                .subject
                .split_once(' ')
                .and_then(|(_, rest)| rest.split_once(' '))
                .map_or(letter.subject.as_str(), |(_, rest)| rest);
            blocks.push(Block::Title(title.into()));
            blocks.push(Block::Subtitle(lode_core::text::upper_first(about)));
        }
    }
    blocks.extend([
        Block::Space(10.0),
        Block::Paragraph("Kính gửi: Cục Địa chất và Khoáng sản Việt Nam.".into()),
        Block::Paragraph(
            "Đề nghị Cục xem xét, có ý kiến theo thẩm quyền và thông báo kết quả cho cơ quan \
             chúng tôi. (Bản quét văn bản giấy: dữ liệu minh họa của lode.)"
                .into(),
        ),
        Block::Signature {
            place_date: String::new(),
            position: position.into(),
            name: letter.signer.clone().unwrap_or_default(),
        },
    ]);
    let paper = Document {
        title: letter.subject.clone(),
        author: letter.issuer.clone(),
        orientation: Orientation::Portrait,
        blocks,
    };
    // a paper that does not print falls back to the plain page of its lines
    lode_print::render(&paper)
        .unwrap_or_else(|_| sample_pdf(&[&letter.issuer, &letter.notation, &letter.subject]))
}

/// A small deterministic generator, so the demo is the same on every machine.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        usize::try_from((self.0 >> 33) % (n.max(1) as u64)).unwrap_or(0)
    }
}

/// Seeds incoming documents into a store that has the demo organisation and no documents: a
/// few hundred over the last two months, in the department's register and a federation's,
/// routed, assigned and completed in realistic proportions, some of them overdue.
pub async fn seed_documents(db: &Db, blobs: &lode_db::blobs::Blobs) -> DbResult<usize> {
    use crate::incoming::{self, AssignInput, NewIncoming, RouteInput, StepInput};
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM incoming_documents")
        .fetch_one(db.pool())
        .await?;
    let actor = |name: &'static str| async move {
        lode_db::accounts::by_username(db, name)
            .await?
            .ok_or(lode_db::DbError::NotFound)
            .map(|a| a.actor())
    };
    let Ok(clerk) = actor("vanthu").await else {
        return Ok(0);
    };
    if existing > 0 {
        return Ok(0);
    }
    let fed_clerk = actor("lthanh").await?;
    let leader = actor("tvhung").await?;
    let fed_leader = actor("vvhai").await?;
    let dept_id = clerk
        .register_unit
        .as_ref()
        .and_then(|r| r.ids().last().copied())
        .unwrap_or_default();
    let fed_id = fed_clerk
        .register_unit
        .as_ref()
        .and_then(|r| r.ids().last().copied())
        .unwrap_or_default();
    // lead units of the department's documents, with the leader who assigns and the handlers
    let lead_units: &[(&str, &str, &[&str])] = &[
        ("000.06.27.G12", "tdkhoa", &["nthuyen", "lvtoan", "mthang"]),
        ("000.05.27.G12", "lvdung", &["ctyen", "nqhuy"]),
        ("000.07.27.G12", "pvson", &["dtnga"]),
        ("000.01.27.G12", "dvthang", &["ntkhanh"]),
        ("000.02.27.G12", "vdlong", &["ptmai"]),
        ("000.04.27.G12", "nvbinh", &["tthoa"]),
        ("000.08.27.G12", "nvphuc", &["tthuong"]),
    ];
    let today = incoming::today();
    let mut dice = Dice(20_261_125);
    // the days they arrived, oldest first: a register numbers letters in the order they come
    let mut arrivals = Dice(20_261_204);
    let mut arrived: Vec<i64> = (0..320)
        .map(|_| i64::try_from(arrivals.next(60)).unwrap_or(0))
        .collect();
    arrived.sort_unstable_by(|a, b| b.cmp(a));
    let mut count = 0;
    for (i, days_ago) in arrived.iter().copied().enumerate() {
        let in_federation = i % 8 == 7;
        let (registrar, body) = if in_federation {
            (&fed_clerk, fed_id)
        } else {
            (&clerk, dept_id)
        };
        let s = dice.next(SUBJECTS.len());
        let (code, tail, subject) = SUBJECTS[s];
        // drawn still, so that the rest of the demo draws as it did
        let _ = dice.next(60);
        let received = today - chrono::Duration::days(days_ago);
        let issued = received - chrono::Duration::days(i64::try_from(dice.next(5)).unwrap_or(0));
        let urgency = [
            "normal",
            "normal",
            "normal",
            "normal",
            "urgent",
            "urgent",
            "very_urgent",
            "most_urgent",
        ][dice.next(8)];
        let secrecy = if i % 40 == 13 { "confidential" } else { "none" };
        let mut input = NewIncoming {
            received_on: Some(received.to_string()),
            channel: ["electronic", "electronic", "electronic", "paper", "email"][dice.next(5)]
                .into(),
            // the body whose notation it bears
            issuer: {
                let bodies = issuers_of(tail);
                // drawn from as many faces as there are issuers, so that the rest of the demo
                // draws as it always has
                bodies[dice.next(ISSUERS.len()) % bodies.len()].into()
            },
            notation: format!(
                "{}/{}",
                100 + i * 7 % 900,
                if code == "CV" {
                    tail.to_string()
                } else {
                    format!("{code}-{tail}")
                }
            ),
            document_date: issued.to_string(),
            type_code: code.into(),
            subject: subject.into(),
            signer: Some(
                [
                    "Trần Quý Kiên",
                    "Lê Công Thành",
                    "Nguyễn Văn Sơn",
                    "Phạm Thị Lan",
                ][dice.next(4)]
                .into(),
            ),
            urgency: Some(urgency.into()),
            secrecy: Some(secrecy.into()),
            // its scan's one page (the number drawn still, the demo's draws unchanged)
            page_count: {
                let _ = dice.next(12);
                Some(1)
            },
            confirm_duplicate: true,
            ..Default::default()
        };
        // its scan, as the body printed it, uploaded by the clerk who registers it
        let scan = scanned_letter(&input);
        let size = scan.len();
        let sha = blobs.put(bytes::Bytes::from(scan)).await?;
        let mut tx = db.write().await?;
        lode_db::blobs::record_upload(&mut tx, &sha, size, "application/pdf", registrar.account_id)
            .await?;
        tx.commit().await?;
        input.file_sha256 = Some(sha);
        let rec = incoming::register(
            db,
            &acting(db, registrar).await?,
            registrar.account_id,
            body,
            &input,
            None,
        )
        .await?;
        count += 1;
        // Documents are directed within days of arriving and assigned within days of that;
        // most of those older than a week are done.
        if days_ago == 0 || (days_ago <= 3 && dice.next(10) < 5) {
            date_history(db, rec.id, (received, today), None).await?;
            continue;
        }
        // Each gets the deadline of its day; older ones were settled, most of them by their
        // deadline and some after it, the open ones past it overdue.
        let completes = days_ago > 7 && dice.next(20) < 17;
        let allowed = i64::try_from(5 + dice.next(20)).unwrap_or(10);
        let deadline = received + chrono::Duration::days(allowed);
        let settled = completes.then(|| {
            let took = 2 + i64::try_from(dice.next(usize::try_from(allowed + 4).unwrap_or(9)))
                .unwrap_or(3);
            (received + chrono::Duration::days(took)).min(today - chrono::Duration::days(1))
        });
        let (router, lead, assigner, handlers) = if in_federation {
            (&fed_leader, "001.10.27.G12", "nmduc", &["hvkien"][..])
        } else {
            let (lead, assigner, handlers) = lead_units[dice.next(lead_units.len())];
            (&leader, lead, assigner, handlers)
        };
        let lead_id = lode_db::units::by_org_id(db, lead).await?.id;
        let route = RouteInput {
            lead_unit_id: lead_id,
            deadline: Some(deadline.to_string()),
            note: Some("Đề nghị đơn vị chủ trì xử lý, báo cáo kết quả đúng hạn.".into()),
            ..Default::default()
        };
        // directed on the day it arrived, with the deadline given that day
        incoming::route_on(
            db,
            &acting(db, router).await?,
            router,
            rec.id,
            &route,
            received,
        )
        .await?;
        if (days_ago <= 5 && dice.next(10) < 4) || secrecy != "none" {
            date_history(db, rec.id, (received, today), None).await?;
            continue;
        }
        let assigner = actor(assigner).await?;
        let handler = actor(handlers[dice.next(handlers.len())]).await?;
        let assign = AssignInput {
            handler_id: handler.account_id,
            ..Default::default()
        };
        incoming::assign(
            db,
            &acting(db, &assigner).await?,
            &assigner,
            rec.id,
            &assign,
        )
        .await?;
        if completes {
            let done = StepInput {
                text: Some("Đã xử lý, báo cáo lãnh đạo.".into()),
                ..Default::default()
            };
            incoming::complete(db, &acting(db, &handler).await?, &handler, rec.id, &done).await?;
        }
        date_history(db, rec.id, (received, today), settled).await?;
    }
    Ok(count)
}

/// A local day's hour, as the store keeps instants.
fn local_hour(day: chrono::NaiveDate, hour: i64) -> String {
    lode_db::format_instant(
        day.and_time(chrono::NaiveTime::MIN).and_utc()
            + chrono::Duration::hours(hour - lode_db::LOCAL_OFFSET_HOURS),
    )
}

/// Gives a demo document's history the days it happened on, which the store wrote as the
/// moment the demo entered it: registered on the morning it arrived and directed that day,
/// assigned the next morning (the same afternoon when that is today), settled on `settled`.
/// The lists, the reports and the dashboard then count each step in its week.
async fn date_history(
    db: &Db,
    id: i64,
    (received, today): (chrono::NaiveDate, chrono::NaiveDate),
    settled: Option<chrono::NaiveDate>,
) -> DbResult<()> {
    let at = local_hour;
    let next_morning = received + chrono::Duration::days(1);
    let assigned = if next_morning < today {
        at(next_morning, 9)
    } else {
        at(received, 14)
    };
    let completed = settled.map(|day| at(day, 16));
    let mut steps = vec![
        ("register", at(received, 8)),
        ("route", at(received, 10)),
        ("assign", assigned.clone()),
    ];
    steps.extend(completed.clone().map(|when| ("complete", when)));
    let mut tx = db.write().await?;
    for (step, when) in steps {
        sqlx::query("UPDATE incoming_events SET at = $1 WHERE document_id = $2 AND step = $3")
            .bind(when)
            .bind(id)
            .bind(step)
            .execute(&mut *tx)
            .await?;
    }
    // each notice on the day its step was taken, and settled by the step after it
    let told = [
        ("registered", at(received, 8), at(received, 10)),
        ("routed", at(received, 10), assigned.clone()),
        (
            "assigned",
            assigned.clone(),
            completed.clone().unwrap_or_else(|| assigned.clone()),
        ),
    ];
    for (kind, sent, settled) in told {
        sqlx::query(
            "UPDATE notifications SET created_at = $1,
                read_at = CASE WHEN read_at IS NULL THEN NULL ELSE $2 END
             WHERE incoming_id = $3 AND kind = $4",
        )
        .bind(sent)
        .bind(settled)
        .bind(id)
        .bind(kind)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "UPDATE incoming_documents SET registered_at = $1, completed_at = COALESCE($2, completed_at)
         WHERE id = $3",
    )
    .bind(at(received, 8))
    .bind(completed)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A demo draft's file as its author would have written it: type, subject, to whom it is
/// addressed (a letter's `Kính gửi`), and the lines of its `Nơi nhận`.
pub struct DemoLetter<'a> {
    pub type_code: &'a str,
    pub subject: &'a str,
    pub addressee: &'a str,
    pub recipients: &'a [String],
}

/// Provinces (as of the 2025 reorganisation) and minerals the demo's drafts speak of, one per
/// round, so that its lists read as an office's year, not six letters written twenty times.
const DEMO_PLACES: [&str; 20] = [
    "Lào Cai",
    "Tuyên Quang",
    "Cao Bằng",
    "Lạng Sơn",
    "Thái Nguyên",
    "Quảng Ninh",
    "Sơn La",
    "Lai Châu",
    "Điện Biên",
    "Phú Thọ",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Trị",
    "Quảng Ngãi",
    "Gia Lai",
    "Đắk Lắk",
    "Lâm Đồng",
    "Khánh Hòa",
    "Ninh Bình",
];
const DEMO_MINERALS: [&str; 10] = [
    "đá vôi",
    "cát trắng",
    "đất hiếm",
    "quặng sắt",
    "đồng",
    "thiếc",
    "titan",
    "cao lanh",
    "fenspat",
    "vàng gốc",
];

/// The subject of demo draft `kind` (its place in the list of drafts) in `round`: the first
/// round's are the office's usual matters, later ones name a province and a mineral.
fn demo_subject(kind: usize, round: usize) -> String {
    const USUAL: [&str; 6] = [
        "V/v đôn đốc báo cáo kết quả hoạt động khoáng sản năm 2026",
        "Quyết định thành lập Hội đồng thẩm định báo cáo thăm dò",
        "V/v cung cấp tài liệu điều tra địa chất vùng Tây Bắc",
        "Giấy mời họp giao ban trực tuyến tháng 12",
        "Kế hoạch kiểm tra hoạt động khoáng sản năm 2027",
        "Thông báo kết quả thẩm định trữ lượng mỏ đá vôi",
    ];
    if round == 0 {
        return USUAL[kind % USUAL.len()].to_string();
    }
    let place = DEMO_PLACES[round % DEMO_PLACES.len()];
    let mineral = DEMO_MINERALS[(round + kind) % DEMO_MINERALS.len()];
    match kind {
        0 => format!("V/v đôn đốc báo cáo kết quả hoạt động khoáng sản năm 2026 tỉnh {place}"),
        1 => format!(
            "Quyết định thành lập Hội đồng thẩm định báo cáo thăm dò {mineral} tỉnh {place}"
        ),
        2 => format!("V/v cung cấp tài liệu điều tra địa chất khoáng sản {mineral} tỉnh {place}"),
        3 => format!("Giấy mời họp góp ý phương án bảo vệ khoáng sản chưa khai thác tỉnh {place}"),
        4 => format!("Kế hoạch kiểm tra hoạt động khai thác {mineral} năm 2027 tại tỉnh {place}"),
        _ => format!("Thông báo kết quả thẩm định trữ lượng mỏ {mineral} tỉnh {place}"),
    }
}

/// Seeds outgoing documents at every stage: drafts, in review, approved, sent (some to the
/// federations, where they arrive as incoming documents). `draft_pdf` lays out a draft's file
/// as its author wrote it.
pub async fn seed_outgoing(
    db: &Db,
    blobs: &lode_db::blobs::Blobs,
    draft_pdf: &(dyn Fn(&DemoLetter) -> Vec<u8> + Sync),
) -> DbResult<usize> {
    use crate::outgoing::{self, NewDraft, OutgoingStepInput};
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outgoing_documents")
        .fetch_one(db.pool())
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let actor = |name: &'static str| async move {
        lode_db::accounts::by_username(db, name)
            .await?
            .ok_or(lode_db::DbError::NotFound)
            .map(|a| a.actor())
    };
    let Ok(leader) = actor("tvhung").await else {
        return Ok(0);
    };
    let north = lode_db::units::by_org_id(db, "000.10.27.G12").await?;
    let south = lode_db::units::by_org_id(db, "000.12.27.G12").await?;
    // (author, their unit leader, type)
    let drafts: &[(&str, &str, &str)] = &[
        ("nthuyen", "tdkhoa", "CV"),
        ("lvtoan", "tdkhoa", "QĐ"),
        ("ctyen", "lvdung", "CV"),
        ("ntkhanh", "dvthang", "GM"),
        ("ptmai", "vdlong", "KH"),
        ("dtnga", "pvson", "TB"),
    ];
    let mut count = 0;
    for round in 0..20 {
        for (i, (author, unit_leader, code)) in drafts.iter().enumerate() {
            let author = actor(author).await?;
            let subject = demo_subject(i, round);
            let place = DEMO_PLACES[round % DEMO_PLACES.len()];
            let (addressee, outside) = if round == 0 {
                (
                    "Các đơn vị trực thuộc Cục".to_string(),
                    vec![
                        "Bộ Nông nghiệp và Môi trường".to_string(),
                        "UBND các tỉnh, thành phố".to_string(),
                    ],
                )
            } else {
                (
                    format!("Ủy ban nhân dân tỉnh {place}"),
                    vec![
                        format!("Ủy ban nhân dân tỉnh {place}"),
                        format!("Sở Nông nghiệp và Môi trường tỉnh {place}"),
                    ],
                )
            };
            let units = if i % 2 == 0 {
                vec![&north]
            } else {
                vec![&north, &south]
            };
            // Decree 30's `Nơi nhận`: those a letter addresses ("as above"), the others, the
            // office's copy
            let letter = *code == "CV";
            let mut recipients = if letter {
                vec!["Như trên;".to_string()]
            } else {
                Vec::new()
            };
            recipients.extend(
                outside
                    .iter()
                    .filter(|o| !letter || **o != addressee)
                    .map(|o| format!("{o};")),
            );
            recipients.extend(units.iter().map(|u| format!("{};", u.name)));
            recipients.push("Lưu: VT.".to_string());
            let bytes = draft_pdf(&DemoLetter {
                type_code: code,
                subject: &subject,
                addressee: &addressee,
                recipients: &recipients,
            });
            let size = bytes.len();
            let sha = blobs.put(bytes::Bytes::from(bytes)).await?;
            let mut tx = db.write().await?;
            lode_db::blobs::record_upload(
                &mut tx,
                &sha,
                size,
                "application/pdf",
                author.account_id,
            )
            .await?;
            tx.commit().await?;
            let input = NewDraft {
                type_code: (*code).into(),
                subject,
                recipient_unit_ids: units.iter().map(|u| u.id).collect(),
                recipients_outside: Some(outside.join("\n")),
                pdf_sha256: sha,
                ..Default::default()
            };
            let d =
                outgoing::create_draft(db, &acting(db, &author).await?, &author, &input).await?;
            count += 1;
            // the stages spread over the rounds: drafts stay drafts, others go further
            let stage = (round + i) % 5;
            let none = OutgoingStepInput::default();
            if stage == 0 {
                continue;
            }
            outgoing::submit(db, &acting(db, &author).await?, &author, d.id, &none).await?;
            if stage == 1 {
                continue;
            }
            let reviewer = actor(unit_leader).await?;
            outgoing::approve(db, &acting(db, &reviewer).await?, &reviewer, d.id, &none).await?;
            if stage == 2 {
                continue;
            }
            // approved by the leader: the server's demo signs, numbers, seals and sends the
            // older ones with its keys (`web::signing::finish_demo_letters`)
            outgoing::approve(db, &acting(db, &leader).await?, &leader, d.id, &none).await?;
        }
    }
    Ok(count)
}

/// Seeds work dossiers of the Minerals division: open ones holding the documents of their
/// matter, closed ones of last year now due at the archive, and one already handed over.
pub async fn seed_dossiers(db: &Db) -> DbResult<usize> {
    use crate::dossiers::{self, DossierStepInput, NewDossier, NewItem};
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM dossiers")
        .fetch_one(db.pool())
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let Some(owner) = lode_db::accounts::by_username(db, "nthuyen").await? else {
        return Ok(0);
    };
    let owner = owner.actor();
    let Some(clerk) = lode_db::accounts::by_username(db, "vanthu").await? else {
        return Ok(0);
    };
    let clerk = clerk.actor();
    let incoming = crate::incoming::list(
        db,
        &owner,
        &crate::incoming::Filter {
            limit: Some(200),
            ..Default::default()
        },
    )
    .await?;
    let outgoing = crate::outgoing::list(db, &owner, &crate::outgoing::Filter::default()).await?;
    // within the two months the demo's letters span: each holds letters that arrived while it
    // was open
    let today = crate::incoming::today();
    let day = |ago: i64| today - chrono::Duration::days(ago);
    // (title, retention, opened, closed, handed over)
    let plan: [(
        &str,
        &str,
        chrono::NaiveDate,
        Option<chrono::NaiveDate>,
        bool,
    ); 5] = [
        (
            "Hồ sơ cấp phép thăm dò khoáng sản đá vôi tại tỉnh Ninh Bình",
            "20",
            day(62),
            Some(day(12)),
            true,
        ),
        (
            "Hồ sơ thẩm định trữ lượng mỏ cát trắng Quảng Trị",
            "permanent",
            day(60),
            Some(day(10)),
            false,
        ),
        (
            "Hồ sơ kiểm tra hoạt động khai thác khoáng sản quý IV",
            "10",
            day(58),
            Some(day(8)),
            false,
        ),
        (
            "Hồ sơ xây dựng báo cáo tình hình quản lý khoáng sản",
            "10",
            day(55),
            None,
            false,
        ),
        (
            "Hồ sơ giải quyết kiến nghị của doanh nghiệp về cấp phép khai thác",
            "20",
            day(50),
            None,
            false,
        ),
    ];
    let mut used = std::collections::HashSet::new();
    let mut docs_out = outgoing
        .items
        .iter()
        .filter(|d| d.subject.is_some() && d.notation.is_some());
    let mut count = 0;
    for (title, retention, opened, closed, handed) in plan {
        let d = dossiers::open(
            db,
            &acting(db, &owner).await?,
            &owner,
            &NewDossier {
                title: title.into(),
                retention: retention.into(),
                opened_on: Some(opened.to_string()),
                ..Default::default()
            },
        )
        .await?;
        count += 1;
        // three letters that arrived while it was open, none in two dossiers
        let (from, until) = (opened.to_string(), closed.unwrap_or(today).to_string());
        let held: Vec<i64> = incoming
            .items
            .iter()
            .filter(|d| d.details.is_some() && !used.contains(&d.id))
            .filter(|d| d.received_on >= from && d.received_on < until)
            .take(3)
            .map(|d| d.id)
            .collect();
        for id in held {
            used.insert(id);
            let item = NewItem {
                incoming_id: Some(id),
                ..Default::default()
            };
            dossiers::attach(db, &acting(db, &owner).await?, &owner, d.id, &item).await?;
        }
        if let Some(doc) = docs_out.next() {
            let item = NewItem {
                outgoing_id: Some(doc.id),
                pages: Some(2),
                ..Default::default()
            };
            dossiers::attach(db, &acting(db, &owner).await?, &owner, d.id, &item).await?;
        }
        if let Some(closed) = closed {
            let on = DossierStepInput {
                on: Some(closed.to_string()),
                ..Default::default()
            };
            // one with nothing readable to hold stays open
            let shut = dossiers::close(db, &acting(db, &owner).await?, &owner, d.id, &on)
                .await
                .is_ok();
            if shut && handed {
                let note = DossierStepInput {
                    text: Some("Biên bản giao nhận hồ sơ tài liệu số 03/BB-LT".into()),
                    on: Some(closed.to_string()),
                    ..Default::default()
                };
                dossiers::hand_over(db, &acting(db, &clerk).await?, &clerk, d.id, &note).await?;
            }
        }
        date_dossier(db, d.id, (opened, closed)).await?;
    }
    Ok(count)
}

/// Gives a demo dossier's history the days it happened on: opened on the day it says; a closed
/// one's papers gathered on its last day, closed and handed over to the archive that day.
async fn date_dossier(
    db: &Db,
    id: i64,
    (opened, closed): (chrono::NaiveDate, Option<chrono::NaiveDate>),
) -> DbResult<()> {
    let mut steps = vec![("open", local_hour(opened, 9))];
    if let Some(closed) = closed {
        steps.push(("attach", local_hour(closed, 10)));
        steps.push(("close", local_hour(closed, 16)));
        steps.push(("hand_over", local_hour(closed, 17)));
    }
    let mut tx = db.write().await?;
    for (step, when) in steps {
        sqlx::query("UPDATE dossier_events SET at = $1 WHERE document_id = $2 AND step = $3")
            .bind(when)
            .bind(id)
            .bind(step)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// How the log names a demo person's steps: by their username, as when they act in lode.
async fn acting(db: &Db, a: &lode_core::authz::Actor) -> DbResult<AuditCtx> {
    let account = lode_db::accounts::get(db, a.account_id).await?;
    Ok(AuditCtx {
        actor_id: Some(a.account_id),
        actor_label: account.username,
        ip: None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_pdfs_are_well_formed() {
        let pdf = super::sample_pdf(&["Công văn số 12/QĐ-BNNMT", "(bản sao)"]);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4") && text.ends_with("%%EOF\n"));
        assert!(
            text.contains("(Cong van so 12/QD-BNNMT) Tj") && text.contains("(\\(ban sao\\)) Tj")
        );
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(
            text[startxref..].starts_with("xref"),
            "startxref points at the table"
        );
    }
}
