//! Every visible string, in Vietnamese (the default) and English, in one table.
//!
//! A key missing from the table shows as the key itself, and a test walks the pages to make
//! sure none is missing.

use axum::http::HeaderMap;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The `lang` cookie decides; Vietnamese when there is none.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        crate::auth::cookie(headers, crate::auth::LANG_COOKIE)
            .and_then(Lang::from_code)
            .unwrap_or(Lang::Vi)
    }

    /// The text for `key` in this language.
    pub fn t(self, key: &str) -> &'static str {
        match TABLE.get(key) {
            Some((vi, en)) => match self {
                Lang::Vi => vi,
                Lang::En => en,
            },
            None => {
                tracing::warn!(key, "missing translation");
                MISSING
            }
        }
    }

    /// The message for a field error code, falling back to the domain's English message.
    pub fn field_error(self, code: &str, default: &str) -> String {
        match TABLE.get(format!("fe.{code}").as_str()) {
            Some((vi, en)) => match self {
                Lang::Vi => (*vi).to_string(),
                Lang::En => (*en).to_string(),
            },
            None => default.to_string(),
        }
    }
}

pub const MISSING: &str = "⟨missing text⟩";

static TABLE: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| ENTRIES.iter().map(|(k, vi, en)| (*k, (*vi, *en))).collect());

/// (key, Vietnamese, English)
pub const ENTRIES: &[(&str, &str, &str)] = &[
    (
        "app.agency",
        "Cục Địa chất và Khoáng sản Việt Nam",
        "Vietnam Department of Geology and Minerals",
    ),
    (
        "app.footer",
        "lode · Hệ thống quản lý điều hành và dịch vụ công",
        "lode · e-office and public services",
    ),
    ("lang.switch", "Tiếng Việt", "English"),
    ("nav.label", "Điều hướng chính", "Main navigation"),
    ("nav.home", "Trang chủ", "Home"),
    (
        "nav.skip",
        "Bỏ qua, đến nội dung chính",
        "Skip to the content",
    ),
    ("nav.incoming", "Văn bản đến", "Incoming"),
    ("nav.waiting", "Văn bản chờ bạn xử lý", "Waiting for you"),
    ("incoming.title", "Văn bản đến", "Incoming documents"),
    (
        "incoming.new",
        "Đăng ký văn bản đến",
        "Register an incoming document",
    ),
    (
        "incoming.register",
        "Đăng ký và cấp số đến",
        "Register and number it",
    ),
    ("incoming.arrival_short", "Số đến", "Arrival no."),
    (
        "incoming.secret_entry",
        "Văn bản mật (không hiển thị nội dung)",
        "Secret document (content not shown)",
    ),
    (
        "incoming.no_clearance",
        "Văn bản mật: bạn chưa được phép tiếp cận nội dung của văn bản này.",
        "Secret document: you are not cleared to read what it says.",
    ),
    (
        "incoming.file_kept",
        "Tệp đã tải lên được giữ lại; chọn tệp khác nếu muốn thay.",
        "The uploaded file is kept; choose another to replace it.",
    ),
    (
        "incoming.confirm_duplicate",
        "Tôi đã kiểm tra: vẫn đăng ký văn bản này",
        "I checked: register it anyway",
    ),
    (
        "incoming.open_file",
        "Mở văn bản (PDF)",
        "Open the document (PDF)",
    ),
    (
        "incoming.route",
        "Cho ý kiến chỉ đạo",
        "Give the instruction",
    ),
    ("incoming.assign", "Giao xử lý", "Assign a handler"),
    ("incoming.complete", "Hoàn thành xử lý", "Complete"),
    ("incoming.note", "Ghi chú, đề xuất", "Note or proposal"),
    ("incoming.extend", "Gia hạn xử lý", "Extend the deadline"),
    ("incoming.return", "Trả lại nơi gửi", "Return to sender"),
    ("incoming.timeline", "Quá trình xử lý", "Timeline"),
    ("queue.to_review", "Dự thảo chờ duyệt", "Drafts to review"),
    (
        "queue.to_issue",
        "Chờ cấp số, phát hành",
        "To number and send",
    ),
    ("queue.more", "Xem tất cả", "See all"),
    ("register.regular", "Sổ thường", "Regular register"),
    ("register.secret", "Sổ mật", "Secret register"),
    ("status.registered", "Chờ chỉ đạo", "Awaiting instruction"),
    ("status.routed", "Chờ giao xử lý", "Awaiting a handler"),
    ("status.assigned", "Đang xử lý", "In hand"),
    ("status.completed", "Đã hoàn thành", "Completed"),
    ("status.returned", "Đã trả lại", "Returned"),
    ("urgency.normal", "Thường", "Normal"),
    ("urgency.urgent", "Khẩn", "Urgent"),
    ("urgency.very_urgent", "Thượng khẩn", "Very urgent"),
    ("urgency.most_urgent", "Hỏa tốc", "Most urgent"),
    ("channel.electronic", "Điện tử", "Electronic"),
    ("channel.paper", "Giấy", "Paper"),
    ("channel.email", "Thư điện tử", "E-mail"),
    (
        "channel.edxml",
        "Trục liên thông (edXML)",
        "Exchange platform (edXML)",
    ),
    ("channel.internal", "Nội bộ", "Internal"),
    ("step.register", "Đăng ký", "Registered"),
    ("step.route", "Cho ý kiến chỉ đạo", "Instruction"),
    ("step.assign", "Giao xử lý", "Assigned"),
    ("step.reassign", "Giao lại", "Reassigned"),
    ("step.complete", "Hoàn thành", "Completed"),
    ("step.return", "Trả lại", "Returned"),
    ("step.note", "Ghi chú", "Note"),
    ("step.extend", "Gia hạn", "Extended"),
    ("field.arrival_number", "Số đến", "Arrival no."),
    ("field.received_on", "Ngày đến", "Received"),
    ("field.channel", "Hình thức nhận", "Channel"),
    ("field.issuer", "Cơ quan ban hành", "Issuing body"),
    ("field.notation", "Số, ký hiệu", "Number and notation"),
    ("field.document_date", "Ngày văn bản", "Document date"),
    ("field.document_type", "Loại văn bản", "Type"),
    (
        "field.document_file",
        "Văn bản (tệp PDF, bản quét với văn bản giấy)",
        "The document (PDF; scanned for paper)",
    ),
    (
        "field.attachments",
        "Tệp đính kèm (PDF)",
        "Attachments (PDF)",
    ),
    ("field.subject", "Trích yếu", "Subject"),
    ("field.signer", "Người ký", "Signer"),
    ("field.urgency", "Độ khẩn", "Urgency"),
    ("field.secrecy", "Độ mật", "Secrecy"),
    ("field.register", "Sổ", "Register"),
    ("field.page_count", "Số trang", "Pages"),
    ("field.lead_unit", "Đơn vị chủ trì", "Lead unit"),
    (
        "field.coordinating_units",
        "Đơn vị phối hợp",
        "Co-ordinating units",
    ),
    ("field.handler", "Người xử lý", "Handler"),
    ("field.deadline", "Hạn xử lý", "Deadline"),
    ("field.new_deadline", "Hạn mới", "New deadline"),
    ("field.instruction", "Ý kiến chỉ đạo", "Instruction"),
    ("field.note", "Ghi chú", "Note"),
    ("field.result", "Kết quả xử lý", "Result"),
    ("field.reason", "Lý do", "Reason"),
    ("field.text", "Nội dung", "Text"),
    ("field.lead_unit_id", "Đơn vị chủ trì", "Lead unit"),
    (
        "field.coordinating_unit_ids",
        "Đơn vị phối hợp",
        "Co-ordinating units",
    ),
    ("field.handler_id", "Người xử lý", "Handler"),
    ("field.from_to", "Thay đổi", "Change"),
    (
        "field.previous_handler_id",
        "Người xử lý trước",
        "Previous handler",
    ),
    ("field.arrival", "Số đến", "Arrival"),
    ("field.year", "Năm", "Year"),
    (
        "hint.notation",
        "Ghi đúng như trên văn bản, ví dụ 12/QĐ-BNNMT hoặc 3888/BTNMT-ĐCKS.",
        "As written on the document, e.g. 12/QĐ-BNNMT or 3888/BTNMT-ĐCKS.",
    ),
    (
        "fe.invalid_notation",
        "Số, ký hiệu phải có dạng 12/QĐ-BNNMT.",
        "Must look like 12/QĐ-BNNMT.",
    ),
    (
        "fe.invalid_date",
        "Ngày phải có dạng năm-tháng-ngày.",
        "Must be a date (YYYY-MM-DD).",
    ),
    (
        "fe.in_future",
        "Không được sau ngày hôm nay.",
        "Must not be after today.",
    ),
    (
        "fe.after_received",
        "Không được sau ngày đến.",
        "Must not be after the received date.",
    ),
    (
        "fe.deadline_before_received",
        "Hạn xử lý không được trước ngày đến.",
        "The deadline must not be before the received date.",
    ),
    (
        "fe.after_leader_deadline",
        "Không được muộn hơn hạn lãnh đạo đã giao.",
        "Must not be later than the leader's deadline.",
    ),
    (
        "fe.not_later",
        "Hạn mới phải muộn hơn hạn hiện tại.",
        "Must be later than the present deadline.",
    ),
    (
        "fe.not_in_lead_unit",
        "Người xử lý phải thuộc đơn vị chủ trì.",
        "The handler must belong to the lead unit.",
    ),
    (
        "fe.possible_duplicate",
        "Văn bản có cùng cơ quan ban hành, số ký hiệu và ngày đã được đăng ký.",
        "A document with the same issuer, notation and date is already registered.",
    ),
    ("fe.empty_file", "Tệp rỗng.", "The file is empty."),
    (
        "fe.not_a_pdf",
        "Tệp không phải PDF.",
        "The file is not a PDF.",
    ),
    ("fe.out_of_range", "Ngoài khoảng cho phép.", "Out of range."),
    ("fe.too_many", "Quá nhiều.", "Too many."),
    ("nav.outgoing", "Văn bản đi", "Outgoing"),
    ("outgoing.title", "Văn bản đi", "Outgoing documents"),
    ("outgoing.new", "Soạn thảo văn bản", "Draft a document"),
    ("outgoing.create", "Lưu dự thảo", "Save the draft"),
    ("outgoing.draft", "Dự thảo", "Draft"),
    ("outgoing.no_number", "(chưa cấp số)", "(not numbered)"),
    (
        "outgoing.reply_to",
        "Trả lời văn bản đến",
        "In reply to incoming document",
    ),
    (
        "outgoing.versions",
        "Các phiên bản dự thảo",
        "Versions of the draft",
    ),
    ("outgoing.version", "Phiên bản", "Version"),
    ("outgoing.submit", "Trình duyệt", "Submit for review"),
    (
        "outgoing.revise",
        "Cập nhật dự thảo",
        "Upload a new version",
    ),
    ("outgoing.approve", "Duyệt", "Approve"),
    (
        "outgoing.send_back",
        "Trả lại để sửa",
        "Send back for changes",
    ),
    (
        "outgoing.issue",
        "Cấp số, ngày ban hành",
        "Number and date it",
    ),
    ("outgoing.send", "Phát hành", "Send"),
    ("outgoing.recall", "Thu hồi", "Recall"),
    ("outgoing.reply", "Soạn văn bản trả lời", "Draft a reply"),
    ("outgoing_status.draft", "Dự thảo", "Draft"),
    ("outgoing_status.in_review", "Đang trình duyệt", "In review"),
    (
        "outgoing_status.approved",
        "Đã duyệt, chờ cấp số",
        "Approved, awaiting a number",
    ),
    ("outgoing_status.issued", "Đã cấp số", "Numbered"),
    ("outgoing_status.sent", "Đã phát hành", "Sent"),
    ("outgoing_status.recalled", "Đã thu hồi", "Recalled"),
    ("outgoing_step.draft", "Soạn thảo", "Drafted"),
    ("outgoing_step.revise", "Cập nhật dự thảo", "Revised"),
    ("outgoing_step.submit", "Trình duyệt", "Submitted"),
    ("outgoing_step.approve", "Duyệt", "Approved"),
    ("outgoing_step.send_back", "Trả lại để sửa", "Sent back"),
    ("outgoing_step.issue", "Cấp số", "Numbered"),
    ("outgoing_step.send", "Phát hành", "Sent"),
    ("outgoing_step.recall", "Thu hồi", "Recalled"),
    (
        "reviewer.unit_leader",
        "Lãnh đạo đơn vị soạn thảo",
        "Leader of the drafting unit",
    ),
    ("reviewer.body_leader", "Lãnh đạo Cục", "Leader of the body"),
    ("step.recalled", "Nơi gửi thu hồi", "Recalled by the sender"),
    ("field.author", "Người soạn thảo", "Author"),
    ("field.awaiting", "Đang chờ", "Waiting for"),
    ("field.draft_pdf", "Dự thảo (tệp PDF)", "The draft (PDF)"),
    (
        "field.draft_source",
        "Tệp gốc (DOCX, không bắt buộc)",
        "Its source (DOCX, optional)",
    ),
    ("field.drafting_unit", "Đơn vị soạn thảo", "Drafting unit"),
    ("field.issued_on", "Ngày ban hành", "Date of issue"),
    (
        "field.recipients_inside",
        "Nơi nhận trong Cục",
        "Recipients inside",
    ),
    (
        "field.recipients_outside",
        "Nơi nhận bên ngoài (mỗi dòng một nơi)",
        "Recipients outside (one per line)",
    ),
    ("field.delivered", "Đã chuyển đến", "Delivered to"),
    ("field.outside", "Gửi ra ngoài", "Sent outside"),
    ("field.as", "Với vai trò", "As"),
    ("field.version", "Phiên bản", "Version"),
    (
        "fe.not_a_docx",
        "Tệp không phải DOCX.",
        "The file is not a DOCX document.",
    ),
    (
        "fe.above_clearance",
        "Cao hơn độ mật bạn được phép tiếp cận.",
        "Above your own clearance.",
    ),
    ("nav.dashboard", "Thống kê", "Dashboard"),
    ("dashboard.title", "Thống kê, báo cáo", "Dashboard"),
    ("dashboard.whole_body", "Toàn cơ quan", "The whole body"),
    (
        "dashboard.electronic_share",
        "Văn bản đến nhận điện tử",
        "Incoming received electronically",
    ),
    (
        "dashboard.on_time_share",
        "Xử lý đúng hạn",
        "Handled on time",
    ),
    ("dashboard.overdue", "Văn bản quá hạn", "Overdue documents"),
    (
        "dashboard.sent",
        "Văn bản đi đã phát hành",
        "Outgoing documents sent",
    ),
    ("dashboard.sent_inside", "trong Cục", "inside"),
    ("dashboard.sent_outside", "ra ngoài", "outside"),
    (
        "dashboard.signed_share",
        "Văn bản đi ký số",
        "Outgoing documents signed digitally",
    ),
    (
        "dashboard.weekly",
        "Văn bản đến theo tuần",
        "Incoming documents by week",
    ),
    ("dashboard.received", "Tiếp nhận", "Received"),
    ("dashboard.completed", "Hoàn thành", "Completed"),
    (
        "dashboard.by_unit",
        "Tình hình xử lý theo đơn vị chủ trì",
        "Handling by lead unit",
    ),
    ("dashboard.on_time", "Đúng hạn", "On time"),
    ("dashboard.late", "Trễ hạn", "Late"),
    ("dashboard.table", "Số liệu chi tiết", "The figures"),
    (
        "fe.before_from",
        "Không được trước ngày bắt đầu.",
        "Must not be before the first day.",
    ),
    (
        "fe.too_long_period",
        "Tối đa mười năm.",
        "At most ten years.",
    ),
    ("nav.org", "Tổ chức", "Organisation"),
    ("nav.people", "Cán bộ", "People"),
    ("nav.audit", "Nhật ký", "Audit log"),
    ("nav.api", "API", "API"),
    ("nav.logout", "Đăng xuất", "Sign out"),
    ("login.title", "Đăng nhập", "Sign in"),
    (
        "login.lead",
        "Đăng nhập bằng tài khoản được cấp để làm việc trên hệ thống.",
        "Sign in with the account you were given.",
    ),
    ("login.submit", "Đăng nhập", "Sign in"),
    (
        "login.failed",
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "Wrong username or password.",
    ),
    (
        "login.throttled",
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
        "Too many failed attempts. Try again in 15 minutes.",
    ),
    ("login.demo_title", "Tài khoản dùng thử", "Demo accounts"),
    (
        "login.demo_password",
        "Mật khẩu của mọi tài khoản dùng thử:",
        "The password of every demo account:",
    ),
    ("home.greeting", "Xin chào", "Hello"),
    ("queue.to_read", "Văn bản chờ xem", "To read"),
    ("queue.to_route", "Chờ cho ý kiến chỉ đạo", "To route"),
    ("queue.to_handle", "Đang xử lý", "To handle"),
    ("queue.due_soon", "Sắp đến hạn", "Due soon"),
    ("queue.overdue", "Quá hạn", "Overdue"),
    ("queue.empty", "Không có việc nào.", "Nothing here."),
    ("portal.applications", "Hồ sơ của tôi", "My applications"),
    (
        "portal.no_applications",
        "Bạn chưa nộp hồ sơ nào.",
        "You have not applied for anything yet.",
    ),
    ("org.title", "Cơ cấu tổ chức", "Organisation"),
    ("org.new", "Thêm đơn vị", "New unit"),
    (
        "org.new_child",
        "Thêm đơn vị trực thuộc",
        "New unit below this one",
    ),
    (
        "org.show_closed",
        "Hiện cả đơn vị đã giải thể",
        "Show closed units",
    ),
    (
        "org.hide_closed",
        "Ẩn đơn vị đã giải thể",
        "Hide closed units",
    ),
    ("org.children", "Đơn vị trực thuộc", "Units below"),
    ("org.edit", "Sửa thông tin đơn vị", "Edit the unit"),
    ("org.move", "Chuyển đơn vị", "Move the unit"),
    ("org.history", "Lịch sử thay đổi", "History"),
    (
        "org.people_of_unit",
        "Cán bộ của đơn vị",
        "People of this unit",
    ),
    ("unit.closed", "Đã giải thể", "Closed"),
    ("unit_kind.department", "Cục", "Department"),
    ("unit_kind.office", "Văn phòng / Phòng", "Office"),
    (
        "unit_kind.sub_department",
        "Phòng quản lý chuyên ngành",
        "Sub-department",
    ),
    ("unit_kind.centre", "Trung tâm", "Centre"),
    ("unit_kind.federation", "Liên đoàn", "Regional federation"),
    ("unit_kind.team", "Đoàn", "Team"),
    ("people.title", "Cán bộ và tài khoản", "People and accounts"),
    ("people.new", "Thêm cán bộ", "New staff member"),
    (
        "people.new_external",
        "Thêm tài khoản doanh nghiệp, công dân",
        "New business or citizen account",
    ),
    ("people.edit", "Sửa hồ sơ cán bộ", "Edit the record"),
    (
        "people.reset_password",
        "Đặt lại mật khẩu",
        "Reset the password",
    ),
    ("people.signature", "Mẫu chữ ký", "Signature image"),
    (
        "people.no_signature",
        "Chưa có mẫu chữ ký.",
        "No signature image yet.",
    ),
    (
        "people.audit_trail",
        "Nhật ký thay đổi của tài khoản này",
        "Audit trail of this account",
    ),
    ("kind.staff", "Cán bộ", "Staff"),
    ("kind.business", "Doanh nghiệp", "Business"),
    ("kind.citizen", "Công dân", "Citizen"),
    ("role.administrator", "Quản trị hệ thống", "Administrator"),
    ("role.clerk", "Văn thư", "Clerk"),
    ("role.agency_leader", "Lãnh đạo Cục", "Agency leader"),
    ("role.unit_leader", "Lãnh đạo đơn vị", "Unit leader"),
    ("role.specialist", "Chuyên viên", "Specialist"),
    (
        "role.one_stop_officer",
        "Cán bộ một cửa",
        "One-stop officer",
    ),
    ("clearance.none", "Không", "None"),
    ("clearance.confidential", "Mật", "Confidential (Mật)"),
    ("clearance.secret", "Tối mật", "Secret (Tối mật)"),
    (
        "clearance.top_secret",
        "Tuyệt mật",
        "Top secret (Tuyệt mật)",
    ),
    ("status.active", "Đang hoạt động", "Active"),
    ("status.inactive", "Đã khóa", "Deactivated"),
    ("status.revoked", "Đã thu hồi", "Revoked"),
    ("audit.title", "Nhật ký hệ thống", "Audit log"),
    (
        "audit.verify",
        "Kiểm tra toàn vẹn nhật ký",
        "Verify the audit chain",
    ),
    (
        "audit.intact",
        "Chuỗi nhật ký toàn vẹn.",
        "The audit chain is intact.",
    ),
    (
        "audit.broken",
        "Chuỗi nhật ký đã bị can thiệp:",
        "The audit chain was tampered with:",
    ),
    ("audit.head_seq", "Số bản ghi cuối", "Last entry"),
    ("audit.head_hash", "Mã băm cuối", "Last hash"),
    ("account.title", "Tài khoản của tôi", "My account"),
    ("account.password", "Đổi mật khẩu", "Change password"),
    (
        "account.must_change",
        "Bạn cần đổi mật khẩu trước khi tiếp tục làm việc.",
        "You must change your password before you go on.",
    ),
    ("account.sessions", "Phiên đăng nhập", "Sessions"),
    ("account.this_session", "phiên này", "this session"),
    ("field.signed_in", "Đăng nhập lúc", "Signed in"),
    ("field.last_seen", "Hoạt động gần nhất", "Last seen"),
    ("field.browser", "Trình duyệt", "Browser"),
    (
        "action.close_other_sessions",
        "Đăng xuất khỏi mọi nơi khác",
        "Sign out everywhere else",
    ),
    ("account.tokens", "Khóa truy cập API", "API tokens"),
    (
        "account.token_once",
        "Khóa mới của bạn (chỉ hiện một lần, hãy lưu lại ngay):",
        "Your new token (shown once only, save it now):",
    ),
    ("api.title", "Tài liệu API", "API reference"),
    ("api.parameter", "Tham số", "Parameter"),
    ("api.in", "Vị trí", "In"),
    ("api.required", "Bắt buộc", "Required"),
    ("api.description", "Mô tả", "Description"),
    ("api.body", "Nội dung gửi", "Request body"),
    ("api.responses", "Kết quả", "Responses"),
    ("api.schemas", "Cấu trúc dữ liệu", "Schemas"),
    ("change.created", "Tạo mới", "Created"),
    ("field.parent_id", "Đơn vị cấp trên", "Parent unit"),
    ("field.unit_id", "Đơn vị", "Unit"),
    ("field.name", "Tên", "Name"),
    ("field.signature_sha256", "Mẫu chữ ký", "Signature image"),
    ("field.username", "Tên đăng nhập", "Username"),
    ("field.password", "Mật khẩu", "Password"),
    ("field.first_password", "Mật khẩu ban đầu", "First password"),
    (
        "field.current_password",
        "Mật khẩu hiện tại",
        "Current password",
    ),
    ("field.new_password", "Mật khẩu mới", "New password"),
    ("field.full_name", "Họ và tên", "Full name"),
    ("field.representative", "Người đại diện", "Representative"),
    ("field.position", "Chức vụ", "Position"),
    ("field.unit", "Đơn vị", "Unit"),
    ("field.unit_name", "Tên đơn vị", "Unit name"),
    ("field.parent", "Đơn vị cấp trên", "Parent unit"),
    ("field.new_parent", "Chuyển về đơn vị", "New parent unit"),
    ("field.abbreviation", "Tên viết tắt", "Abbreviation"),
    (
        "field.org_id",
        "Mã định danh (QCVN 102)",
        "Organisation id (QCVN 102)",
    ),
    ("field.kind", "Loại đơn vị", "Kind of unit"),
    ("field.level", "Cấp", "Level"),
    ("field.account_kind", "Loại tài khoản", "Account kind"),
    ("field.role", "Vai trò", "Role"),
    ("field.roles", "Vai trò", "Roles"),
    (
        "field.clearance",
        "Độ mật được tiếp cận",
        "Secrecy clearance",
    ),
    ("field.email", "Thư điện tử", "E-mail"),
    ("field.phone", "Điện thoại", "Telephone"),
    ("field.organisation_name", "Tên tổ chức", "Organisation"),
    ("field.tax_code", "Mã số thuế", "Tax code"),
    ("field.active", "Đang hoạt động", "Active"),
    ("field.status", "Trạng thái", "Status"),
    ("field.created_at", "Ngày tạo", "Created"),
    ("field.closed_at", "Ngày giải thể", "Closed"),
    ("field.when", "Thời gian", "When"),
    ("field.who", "Người thực hiện", "Who"),
    ("field.address", "Địa chỉ IP", "Address"),
    ("field.action", "Thao tác", "Action"),
    ("field.entity", "Đối tượng", "Entity"),
    ("field.entity_type", "Loại đối tượng", "Entity type"),
    ("field.entity_id", "Mã đối tượng", "Entity id"),
    ("field.change", "Nội dung thay đổi", "Change"),
    ("field.from", "Từ ngày", "From"),
    ("field.to", "Đến ngày", "To"),
    (
        "field.signature_file",
        "Tệp ảnh chữ ký (PNG, JPEG, tối đa 1 MB)",
        "Signature image file (PNG, JPEG, at most 1 MB)",
    ),
    ("field.token_name", "Tên khóa", "Token name"),
    ("field.prefix", "Mở đầu", "Starts with"),
    ("field.last_used", "Dùng lần cuối", "Last used"),
    ("filter.search", "Tìm kiếm", "Search"),
    ("filter.apply", "Lọc", "Filter"),
    ("list.empty", "Không có kết quả.", "No results."),
    ("list.next", "Trang sau", "Next page"),
    ("list.older", "Cũ hơn", "Older"),
    (
        "form.has_errors",
        "Vui lòng sửa các lỗi dưới đây.",
        "Please correct the errors below.",
    ),
    ("notice.saved", "Đã lưu.", "Saved."),
    (
        "hint.org_id",
        "Dạng V1V2V3.Z1Z2.Y1Y2.MX1X2, ví dụ 000.01.27.G12.",
        "Shape V1V2V3.Z1Z2.Y1Y2.MX1X2, for example 000.01.27.G12.",
    ),
    (
        "hint.password",
        "Ít nhất 10 ký tự, gồm chữ và số hoặc ký hiệu, không chứa tên đăng nhập.",
        "At least 10 characters, letters with digits or symbols, not containing the username.",
    ),
    (
        "hint.reset_password",
        "Người dùng sẽ phải đổi mật khẩu ở lần đăng nhập sau; mọi phiên đang mở bị đóng.",
        "The person must change it at next sign-in; every open session ends.",
    ),
    (
        "hint.tokens",
        "Dùng cho phần mềm kết nối qua API: gửi kèm tiêu đề Authorization: Bearer <khóa>.",
        "For programs using the API: send Authorization: Bearer <token>.",
    ),
    ("action.create", "Tạo mới", "Create"),
    ("action.save", "Lưu", "Save"),
    ("action.move", "Chuyển", "Move"),
    ("action.close_unit", "Giải thể đơn vị", "Close the unit"),
    ("action.reopen_unit", "Khôi phục đơn vị", "Reopen the unit"),
    ("action.upload", "Tải lên", "Upload"),
    (
        "action.reset_password",
        "Đặt lại mật khẩu",
        "Reset password",
    ),
    ("action.change_password", "Đổi mật khẩu", "Change password"),
    ("action.issue_token", "Tạo khóa", "Issue a token"),
    ("action.revoke", "Thu hồi", "Revoke"),
    (
        "error.unauthenticated",
        "Bạn cần đăng nhập",
        "Sign-in required",
    ),
    (
        "error.forbidden",
        "Bạn không có quyền thực hiện việc này",
        "You are not allowed to do this",
    ),
    ("error.not_found", "Không tìm thấy", "Not found"),
    (
        "error.no_route",
        "Không có địa chỉ API này",
        "No such API route",
    ),
    (
        "error.password_change_required",
        "Bạn cần đổi mật khẩu trước",
        "Password change required",
    ),
    (
        "error.csrf",
        "Biểu mẫu đã hết hạn hoặc không hợp lệ, vui lòng tải lại trang",
        "The form expired or is not valid; reload the page",
    ),
    ("error.invalid", "Dữ liệu chưa hợp lệ", "Invalid input"),
    (
        "error.bad_request",
        "Yêu cầu không đúng định dạng",
        "Malformed request",
    ),
    (
        "error.unprocessable",
        "Dữ liệu không đúng kiểu",
        "Input of the wrong shape",
    ),
    (
        "error.conflict",
        "Dữ liệu đã bị người khác thay đổi hoặc không phù hợp với trạng thái hiện tại",
        "Conflict with the current state",
    ),
    (
        "error.too_many_attempts",
        "Quá nhiều lần thử",
        "Too many attempts",
    ),
    (
        "error.payload_too_large",
        "Dữ liệu gửi lên quá lớn",
        "Payload too large",
    ),
    (
        "error.unsupported_media_type",
        "Định dạng dữ liệu không được hỗ trợ",
        "Unsupported media type",
    ),
    (
        "error.internal",
        "Lỗi hệ thống, vui lòng thử lại sau",
        "Internal error, try again later",
    ),
    ("fe.required", "Không được để trống.", "Is required."),
    ("fe.too_long", "Quá dài.", "Is too long."),
    ("fe.too_short", "Quá ngắn.", "Is too short."),
    (
        "fe.control_chars",
        "Chứa ký tự không hợp lệ.",
        "Contains invalid characters.",
    ),
    (
        "fe.invalid_org_id",
        "Mã định danh phải có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2, ví dụ 000.01.27.G12.",
        "Must have the shape V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.01.27.G12.",
    ),
    (
        "fe.invalid_org_id_levels",
        "Mã định danh có cấp dưới khác 0 trong khi cấp trên bằng 0.",
        "A lower level is set while a level above it is 00.",
    ),
    (
        "fe.invalid_abbreviation",
        "Chỉ gồm chữ, số và dấu gạch nối ở giữa.",
        "Only letters, digits and inner hyphens.",
    ),
    (
        "fe.invalid_choice",
        "Giá trị không hợp lệ.",
        "Not one of the allowed values.",
    ),
    ("fe.taken", "Đã được sử dụng.", "Is already taken."),
    (
        "fe.abbreviation_taken",
        "Một đơn vị khác cùng cấp trên đã dùng tên viết tắt này.",
        "Another unit under the same parent uses this abbreviation.",
    ),
    ("fe.not_found", "Không tồn tại.", "Does not exist."),
    ("fe.not_a_number", "Phải là số.", "Must be a number."),
    (
        "fe.too_deep",
        "Cơ cấu tổ chức tối đa 4 cấp.",
        "The organisation has at most 4 levels.",
    ),
    (
        "fe.move_into_own_subtree",
        "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.",
        "A unit cannot move under itself or its descendants.",
    ),
    (
        "fe.parent_closed",
        "Đơn vị cấp trên đã giải thể.",
        "The parent unit is closed.",
    ),
    (
        "fe.root_fixed",
        "Không thể chuyển Cục.",
        "The department itself cannot move.",
    ),
    (
        "fe.unit_closed",
        "Đơn vị đã giải thể.",
        "The unit is closed.",
    ),
    (
        "fe.invalid_username",
        "Chỉ gồm chữ a-z, số và . _ - @ +.",
        "Only letters a-z, digits and . _ - @ +.",
    ),
    (
        "fe.invalid_email",
        "Địa chỉ thư điện tử không hợp lệ.",
        "Not an e-mail address.",
    ),
    (
        "fe.invalid_phone",
        "Số điện thoại không hợp lệ.",
        "Not a telephone number.",
    ),
    (
        "fe.invalid_tax_code",
        "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số - 3 chữ số.",
        "A tax code has 10 digits, or 10-3.",
    ),
    (
        "fe.tax_code_checksum",
        "Mã số thuế sai chữ số kiểm tra.",
        "The check digit of this tax code is wrong.",
    ),
    (
        "fe.too_weak",
        "Phải gồm cả chữ và số hoặc ký hiệu.",
        "Must mix letters with digits or symbols.",
    ),
    (
        "fe.contains_username",
        "Không được chứa tên đăng nhập.",
        "Must not contain the username.",
    ),
    (
        "fe.wrong_password",
        "Mật khẩu hiện tại không đúng.",
        "The current password is wrong.",
    ),
    (
        "fe.unchanged",
        "Mật khẩu mới phải khác mật khẩu hiện tại.",
        "Must differ from the current password.",
    ),
    (
        "fe.file_too_large",
        "Tệp quá lớn (tối đa 1 MB).",
        "The file is too large (1 MB at most).",
    ),
    (
        "fe.wrong_file_type",
        "Tệp không phải ảnh PNG hoặc JPEG.",
        "The file is not a PNG or JPEG image.",
    ),
    (
        "fe.login_failed",
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "Wrong username or password.",
    ),
    ("nav.dossiers", "Hồ sơ công việc", "Dossiers"),
    ("dossiers.title", "Hồ sơ công việc", "Work dossiers"),
    ("dossiers.new", "Mở hồ sơ", "Open a dossier"),
    ("dossiers.open", "Mở hồ sơ", "Open the dossier"),
    (
        "dossiers.due",
        "Hồ sơ đến hạn nộp lưu",
        "Dossiers due at the archive",
    ),
    (
        "dossiers.due_only",
        "Chỉ hồ sơ đến hạn nộp lưu",
        "Only those due at the archive",
    ),
    (
        "dossiers.due_hint",
        "Hồ sơ đã đóng từ một năm trở lên phải nộp vào Lưu trữ cơ quan (Nghị định 30/2020, Điều 31).",
        "Dossiers closed a year ago or more are due at the agency archive (Decree 30/2020, Art. 31).",
    ),
    ("dossiers.due_on", "Hạn nộp lưu", "Due at the archive"),
    (
        "dossiers.list_pdf",
        "Mục lục hồ sơ (PDF)",
        "Index of dossiers (PDF)",
    ),
    (
        "dossiers.notation_hint",
        "Số thứ tự trong danh mục hồ sơ của đơn vị và chữ viết tắt, ví dụ 01.TCCB. Mã hồ sơ gồm mã định danh cơ quan, năm và ký hiệu này.",
        "The ordinal in the unit's list of dossiers and its abbreviation, such as 01.TCCB. The file code is the organisation id, the year and this notation.",
    ),
    ("dossiers.index", "Mục lục văn bản", "Document index"),
    (
        "dossiers.empty",
        "Hồ sơ chưa có văn bản.",
        "The dossier holds no document yet.",
    ),
    ("dossiers.detach", "Rút khỏi hồ sơ", "Take out"),
    (
        "dossiers.add_file",
        "Thêm tài liệu khác",
        "Add another file",
    ),
    ("dossiers.attach", "Đưa vào hồ sơ", "Put in the dossier"),
    (
        "dossiers.attach_hint",
        "Văn bản đến và văn bản đi được đưa vào hồ sơ từ trang của văn bản.",
        "Incoming and outgoing documents are put in a dossier from the document's page.",
    ),
    (
        "dossiers.put_in",
        "Đưa vào hồ sơ công việc",
        "Put in a work dossier",
    ),
    ("dossiers.close", "Đóng hồ sơ", "Close the dossier"),
    ("dossiers.reopen", "Mở lại hồ sơ", "Reopen the dossier"),
    (
        "dossiers.hand_over",
        "Ghi nhận nộp lưu",
        "Record the hand-over",
    ),
    ("dossier_status.open", "Đang mở", "Open"),
    ("dossier_status.closed", "Đã đóng", "Closed"),
    ("dossier_status.handed_over", "Đã nộp lưu", "Handed over"),
    ("dossier_step.open", "Mở hồ sơ", "Opened"),
    ("dossier_step.attach", "Đưa văn bản vào", "Document added"),
    (
        "dossier_step.detach",
        "Rút văn bản ra",
        "Document taken out",
    ),
    ("dossier_step.close", "Đóng hồ sơ", "Closed"),
    ("dossier_step.reopen", "Mở lại", "Reopened"),
    ("dossier_step.hand_over", "Nộp lưu", "Handed over"),
    ("retention.permanent", "Vĩnh viễn", "Permanent"),
    ("retention.years", "năm", "years"),
    ("field.file_code", "Mã hồ sơ", "File code"),
    ("field.file_notation", "Ký hiệu hồ sơ", "File notation"),
    ("field.title", "Tiêu đề", "Title"),
    ("field.responsible", "Người lập hồ sơ", "Responsible"),
    ("field.retention", "Thời hạn bảo quản", "Retention"),
    ("field.items", "Số văn bản", "Documents"),
    ("field.opened_on", "Ngày mở", "Opened on"),
    ("field.closed_on", "Ngày đóng", "Closed on"),
    ("field.handed_over_on", "Ngày nộp lưu", "Handed over on"),
    ("field.description", "Chú giải", "Description"),
    ("field.ordinal", "STT", "No."),
    ("field.author_body", "Tác giả văn bản", "Author"),
    ("field.pages_short", "Số tờ", "Pages"),
    ("field.file", "Tệp", "File"),
    (
        "fe.choose_one",
        "Chọn đúng một văn bản hoặc một tệp.",
        "Choose exactly one document or one file.",
    ),
    (
        "fe.invalid_retention",
        "Thời hạn bảo quản là số năm hoặc vĩnh viễn.",
        "Retention is a number of years or permanent.",
    ),
    (
        "fe.not_in_unit",
        "Phải là người của đơn vị.",
        "Must belong to the unit.",
    ),
    (
        "fe.empty",
        "Hồ sơ chưa có văn bản nào.",
        "The dossier is empty.",
    ),
    ("nav.registers", "Sổ sách", "Registers"),
    ("registers.title", "In sổ văn bản", "Print registers"),
    (
        "registers.hint",
        "Sổ đăng ký văn bản đến, văn bản đi, sổ theo dõi giải quyết văn bản đến (Phụ lục IV, Nghị định 30/2020) và mục lục hồ sơ, theo khoảng thời gian và đơn vị, in ra PDF khổ A4 hoặc xuất Excel.",
        "The incoming, outgoing and tracking registers (Decree 30/2020, Appendix IV) and the index of dossiers, by period and unit, as A4 PDF or Excel.",
    ),
    ("registers.kind", "Loại sổ", "Register"),
    (
        "registers.incoming",
        "Sổ đăng ký văn bản đến",
        "Incoming register",
    ),
    (
        "registers.outgoing",
        "Sổ đăng ký văn bản đi",
        "Outgoing register",
    ),
    (
        "registers.tracking",
        "Sổ theo dõi giải quyết văn bản đến",
        "Tracking register",
    ),
    ("registers.dossiers", "Mục lục hồ sơ", "Index of dossiers"),
    ("registers.format", "Định dạng", "Format"),
    ("registers.print", "Tải về", "Download"),
    ("filter.from", "Từ ngày", "From"),
    ("filter.to", "Đến ngày", "To"),
    (
        "fe.before_start",
        "Không được trước ngày bắt đầu.",
        "Cannot be before the first day.",
    ),
    ("nav.notifications", "Thông báo", "Notifications"),
    ("notifications.title", "Thông báo", "Notifications"),
    (
        "notifications.mark_all",
        "Đánh dấu đã đọc tất cả",
        "Mark all read",
    ),
    (
        "notifications.none",
        "Chưa có thông báo.",
        "No notifications.",
    ),
    ("weekly.title", "Báo cáo tuần", "Weekly report"),
    ("weekly.previous", "Tuần trước", "Previous week"),
    ("weekly.next", "Tuần sau", "Next week"),
    (
        "weekly.none",
        "Chưa có báo cáo của tuần này.",
        "No report for this week yet.",
    ),
    ("weekly.received", "Văn bản đến", "Received"),
    ("weekly.handled", "Đã giải quyết", "Settled"),
    ("weekly.on_time", "Đúng hạn", "On time"),
    ("weekly.overdue", "Quá hạn", "Overdue"),
    ("weekly.issued", "Văn bản đi", "Issued"),
    (
        "weekly.done",
        "Kết quả công tác trong tuần",
        "Work done this week",
    ),
    (
        "weekly.planned",
        "Nhiệm vụ tuần tới",
        "Planned for next week",
    ),
    ("weekly.proposals", "Kiến nghị, đề xuất", "Proposals"),
    ("weekly.save", "Lưu", "Save"),
    ("weekly.submit", "Gửi báo cáo", "Submit"),
    (
        "weekly.redraft",
        "Lập lại từ số liệu",
        "Draft again from the figures",
    ),
    (
        "weekly.units_below",
        "Báo cáo của các đơn vị",
        "Reports of the units",
    ),
    ("weekly.missing", "Chưa gửi", "Not submitted"),
    ("weekly_status.draft", "Dự thảo", "Draft"),
    ("weekly_status.submitted", "Đã gửi", "Submitted"),
    ("nav.types", "Loại văn bản", "Document types"),
    (
        "types.title",
        "Loại văn bản và quy trình duyệt",
        "Document types and review chains",
    ),
    (
        "types.hint",
        "Tên, chữ viết tắt trên ký hiệu văn bản, sổ cấp số văn bản đi (general: sổ chung của cơ quan) và người duyệt dự thảo theo thứ tự. Thay đổi có hiệu lực ngay với các dự thảo mới và được ghi nhật ký.",
        "Name, the code in notations, the outgoing numbering series (general: the body's common series) and who reviews drafts, in order. Changes apply at once to new drafts and are audited.",
    ),
    ("types.code", "Mã", "Code"),
    ("types.name", "Tên loại", "Name"),
    ("types.notation_code", "Chữ viết tắt", "Notation code"),
    ("types.series", "Sổ cấp số", "Series"),
    ("types.chain", "Người duyệt", "Reviewers"),
    ("types.active", "Đang dùng", "Active"),
    ("types.save", "Lưu", "Save"),
    ("types.new", "Thêm loại văn bản", "Add a document type"),
    ("types.add", "Thêm", "Add"),
    (
        "fe.invalid_code",
        "Gồm 1–10 chữ cái hoặc chữ số, bắt đầu bằng chữ in hoa.",
        "1 to 10 letters or digits, starting with a capital.",
    ),
    (
        "fe.out_of_order",
        "Lãnh đạo đơn vị duyệt trước lãnh đạo cơ quan.",
        "The unit's leader reviews before the body's.",
    ),
    (
        "fe.repeated",
        "Mỗi người duyệt một lần.",
        "Each reviewer reviews once.",
    ),
    ("fe.immutable", "Không thay đổi được.", "Cannot change."),
    (
        "dashboard.electronic_ministry",
        "Điện tử, trong Bộ",
        "Electronic, inside the ministry",
    ),
    (
        "dashboard.electronic_outside",
        "Điện tử, ngoài Bộ",
        "Electronic, outside the ministry",
    ),
    ("field.issuer_scope", "Nơi gửi", "Sender"),
    ("issuer_scope.ministry", "Trong Bộ", "Inside the ministry"),
    ("issuer_scope.outside", "Ngoài Bộ", "Outside the ministry"),
    (
        "issuer_scope.organisation",
        "Đơn vị trong Cục",
        "A unit of the department",
    ),
    (
        "issuer_scope.guess",
        "Tự nhận biết theo tên cơ quan",
        "Guess from the issuer's name",
    ),
    ("outgoing.dispatches", "Gửi ra ngoài", "Sent outside"),
    ("outgoing.package", "Gói dữ liệu (zip)", "Package (zip)"),
    (
        "dispatch_state.awaiting_exchange",
        "Chờ trục liên thông",
        "Awaiting the exchange",
    ),
    ("dispatch_state.recalled", "Đã thu hồi", "Recalled"),
    ("field.related_dossier", "Hồ sơ công việc", "Work dossier"),
    ("field.code", "Mã", "Code"),
    ("field.item_id", "Mục", "Entry"),
    ("field.incoming_id", "Văn bản đến", "Incoming document"),
    ("field.outgoing_id", "Văn bản đi", "Outgoing document"),
    ("field.on_issue", "Khi cấp số", "On numbering"),
    (
        "verify.title",
        "Kiểm tra chữ ký số",
        "Verify digital signatures",
    ),
    (
        "verify.hint",
        "Tải lên văn bản PDF có chữ ký số để kiểm tra: ai ký, văn bản còn nguyên vẹn không, chữ ký có hợp lệ và được tin cậy không, có gì thay đổi sau khi ký. Tệp không được lưu lại.",
        "Upload a signed PDF to see who signed it, whether it is intact, whether each signature is valid and trusted, and what changed after signing. The file is not kept.",
    ),
    ("verify.file", "Tệp PDF", "PDF file"),
    ("verify.check", "Kiểm tra", "Verify"),
    (
        "verify.unreadable",
        "Không đọc được tệp",
        "The file cannot be read",
    ),
    (
        "verify.none",
        "Văn bản không có chữ ký số.",
        "The document has no digital signature.",
    ),
    (
        "verify.no_anchors",
        "Chưa cấu hình chứng thư gốc tin cậy: chỉ kiểm tra tính toàn vẹn và chữ ký.",
        "No trust anchors are configured: integrity and signatures only.",
    ),
    ("verify.signature", "Chữ ký", "Signature"),
    ("verify.valid", "Hợp lệ", "Valid"),
    ("verify.invalid", "Không hợp lệ", "Not valid"),
    ("verify.signer", "Người ký", "Signer"),
    (
        "verify.time",
        "Thời gian ký (khai báo)",
        "Signing time (claimed)",
    ),
    ("verify.intact", "Nội dung nguyên vẹn", "Content intact"),
    ("verify.cryptography", "Chữ ký đúng", "Signature verifies"),
    ("verify.trusted", "Được tin cậy", "Trusted"),
    (
        "verify.whole_file",
        "Bao phủ toàn bộ văn bản",
        "Covers the whole document",
    ),
    (
        "verify.changes",
        "Thay đổi sau khi ký",
        "Changes after signing",
    ),
    ("verify.allowed", "được phép", "allowed"),
    ("verify.not_allowed", "KHÔNG được phép", "NOT allowed"),
    ("verify.yes", "Có", "Yes"),
    ("verify.no", "Không", "No"),
    (
        "verify.another",
        "Kiểm tra văn bản khác",
        "Verify another document",
    ),
    (
        "fe.unreadable_pdf",
        "Không đọc được tệp PDF.",
        "The PDF cannot be read.",
    ),
    (
        "step.verify_signatures",
        "Kiểm tra chữ ký số",
        "Signatures verified",
    ),
    ("field.signatures", "Chữ ký", "Signatures"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_filled() {
        let mut seen = std::collections::HashSet::new();
        for (k, vi, en) in ENTRIES {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!vi.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn every_enum_value_has_a_label() {
        use lode_core::org::UnitKind;
        use lode_core::people::{Clearance, Role};
        for r in Role::ALL {
            assert_ne!(Lang::Vi.t(&format!("role.{}", r.as_str())), MISSING);
        }
        for c in Clearance::ALL {
            assert_ne!(Lang::En.t(&format!("clearance.{}", c.as_str())), MISSING);
        }
        for k in UnitKind::ALL {
            assert_ne!(Lang::Vi.t(&format!("unit_kind.{}", k.as_str())), MISSING);
        }
        for q in lode_db::incoming::QUEUES {
            assert_ne!(Lang::Vi.t(&format!("queue.{q}")), MISSING);
        }
    }
}
