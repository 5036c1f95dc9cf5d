//! Certified copies: the pages an approved request asks for, each its scan framed with the
//! copy's words (the archive, the record and page, the dossier), joined into one PDF and
//! signed by the organisation with the key lode keeps for its seal, then offered to the
//! applicant for download. Run as a job (`requests::COPY_JOB`), since signing needs the
//! server's keys.

use lode_web::AppState;

/// Makes, signs and keeps the copies of request `id`, then issues them as its dossier's result.
/// A retry after they were kept only issues them.
pub async fn make(state: &AppState, id: i64) -> anyhow::Result<()> {
    if let Some(order) = crate::requests::copy_order(&state.db, id).await? {
        make_copies(state, id, order).await?;
    }
    crate::requests::issue_copy(&state.db, id).await?;
    Ok(())
}

async fn make_copies(
    state: &AppState,
    id: i64,
    crate::requests::CopyOrder {
        applicant,
        code,
        number: copy_number,
        items,
    }: crate::requests::CopyOrder,
) -> anyhow::Result<()> {
    let time = lode_web::pages::local_time(&lode_db::now());
    let mut parts = Vec::new();
    let mut served = Vec::new();
    for (item, count) in &items {
        let seqs = crate::requests::pages_of(item.pages.as_deref().unwrap_or(""), *count);
        if seqs.is_empty() {
            continue;
        }
        let number = item.archive_number.clone();
        let code = code.clone();
        let time = time.clone();
        let copy_number = copy_number.clone();
        let stamp = move |seq: i64| {
            vec![
                format!("BẢN SAO TÀI LIỆU LƯU TRỮ SỐ {copy_number}"),
                "Trung tâm Thông tin, Lưu trữ và Dữ liệu Địa chất – Cục Địa chất và Khoáng sản Việt Nam".to_string(),
                format!("Số lưu trữ {number}, trang {seq} · hồ sơ {code} · {time}"),
            ]
        };
        let pdf = crate::digitise::copy_pdf(&state.db, &state.blobs, item.record_id, &seqs, &stamp)
            .await?;
        parts.push(pdf);
        served.extend(seqs.iter().map(|s| (item.record_id, *s)));
    }
    anyhow::ensure!(
        !parts.is_empty(),
        "the request names no page of a scanned record"
    );
    let dir = crate::tools::Workdir::new("copies", id)?;
    let mut files = Vec::new();
    for (i, pdf) in parts.iter().enumerate() {
        let file = dir.path(&format!("{i:04}.pdf"));
        std::fs::write(&file, pdf)?;
        files.push(file);
    }
    let joined = crate::tools::join_pdfs(&dir, &files).await?;
    let root = lode_db::units::root_id(&state.db).await?;
    let signed = lode_eoffice::web::signing::seal_paper(
        state,
        root,
        joined,
        "Bản sao tài liệu lưu trữ địa chất",
    )
    .await
    .map_err(|e| anyhow::anyhow!("signing the copies: {e:?}"))?
    // a certified copy is signed: without the organisation's key the job waits and fails, for
    // an administrator to put back once the seal is set up
    .ok_or_else(|| anyhow::anyhow!("the organisation has no key to sign copies with"))?;
    let sha =
        lode_web::files::store_file(state, bytes::Bytes::from(signed), "application/pdf", None)
            .await
            .map_err(|e| anyhow::anyhow!("keeping the copies: {e:?}"))?;
    crate::requests::keep_copy(&state.db, id, applicant, &sha, &served).await?;
    Ok(())
}
