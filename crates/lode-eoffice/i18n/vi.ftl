### lode: the e-office, in Vietnamese (the default).

incoming-title = Văn bản đến
incoming-return_confirm = Trả lại văn bản này cho nơi gửi? Văn bản sẽ ra khỏi sổ xử lý và không hoàn tác được.
incoming-new = Đăng ký văn bản đến
incoming-secret_entry = Văn bản mật (không hiển thị nội dung)
incoming-no_clearance = Văn bản mật: bạn chưa được phép tiếp cận nội dung của văn bản này.
incoming-file_kept = Tệp đã tải lên được giữ lại; chọn tệp khác nếu muốn thay.
incoming-file_kept_short = Đã giữ tệp tải lên trước
incoming-duplicates_are = Đã đăng ký trước đây:
incoming-opens_beside = (mở ở thẻ mới, biểu mẫu vẫn giữ nguyên)
incoming-confirm_duplicate = Tôi đã kiểm tra: vẫn đăng ký văn bản này
incoming-open_file = Mở văn bản (PDF)
incoming-timeline = Quá trình xử lý

queue-to_review = Dự thảo chờ duyệt
queue-to_sign = Chờ ký ban hành
queue-to_issue = Chờ cấp số, phát hành
queue-mine = Dự thảo của tôi
queue-signed = lãnh đạo đã ký, chờ cấp số
queue-awaiting_signature = Chờ lãnh đạo ký (ký số hoặc ký trên giấy)
queue-awaiting_signature_hint = Văn bản đã duyệt, lãnh đạo chưa ký số trên hệ thống. Văn bản lãnh đạo đã ký trên giấy: mở văn bản, chọn “Lãnh đạo đã ký trên bản giấy” khi cấp số, rồi đưa bản quét văn bản giấy đã ký.
queue-to_issue_paper_hint = Văn bản lãnh đạo đã ký trên giấy nằm ở mục “Chờ lãnh đạo ký (ký số hoặc ký trên giấy)”: mở văn bản để cấp số.
queue-numbered = đã cấp số, chờ phát hành
queue-first_shown = Đây là { $shown } văn bản đầu tiên; tìm các văn bản khác bằng bộ lọc tại

filter-more = Lọc thêm
filter-search_hint = số, ký hiệu, trích yếu, cơ quan ban hành
filter-overdue_only = Chỉ văn bản quá hạn

register-regular = Sổ thường
register-secret = Sổ mật

field-arrival_number = Số đến
field-received_on = Ngày đến
field-channel = Hình thức nhận
field-issuer = Cơ quan ban hành
field-notation = Số, ký hiệu
field-document_date = Ngày văn bản
field-document_type = Loại văn bản
field-document_file = Văn bản (tệp PDF; văn bản giấy thì quét thành PDF)
field-attachments = Tệp đính kèm (PDF)
field-subject = Trích yếu
field-signer = Người ký
field-urgency = Độ khẩn
field-secrecy = Độ mật
field-register = Sổ
field-page_count = Số trang
field-lead_unit = Đơn vị chủ trì
field-handed_back_by_unit = Đơn vị trả lại
field-coordinating_units = Đơn vị phối hợp
field-handler = Người xử lý
field-deadline = Hạn xử lý
field-new_deadline = Hạn mới
field-instruction = Ý kiến chỉ đạo
field-assignment_note = Ý kiến giao việc của lãnh đạo đơn vị
field-leader_deadline = Hạn lãnh đạo giao
field-note = Ghi chú
field-result = Kết quả xử lý
field-reason = Lý do
field-year = Năm

hint-notation = Ghi đúng như trên văn bản, ví dụ 12/QĐ-BNNMT hoặc 3888/BTNMT-ĐCKS.

outgoing-title = Văn bản đi
outgoing-new = Soạn thảo văn bản
outgoing-create = Lưu dự thảo
outgoing-no_number = (chưa cấp số)
outgoing-reply_to = Trả lời văn bản đến
outgoing-versions = Các phiên bản
outgoing-version = Phiên bản
outgoing-issued_file = Văn bản phát hành

incoming-replies = Văn bản trả lời
incoming-reply_not_sent = Văn bản trả lời chưa được phát hành: hoàn thành xử lý không gửi văn bản đó đi.

outgoing-reply = Soạn văn bản trả lời

outgoing_status-draft = Dự thảo
outgoing_status-in_review = Đang trình duyệt
outgoing_status-approved = Đã duyệt, chờ cấp số
outgoing_status-approved_unsigned = Đã duyệt, chờ ký ban hành
outgoing_status-issued = Đã cấp số
outgoing_status-sent = Đã phát hành
outgoing_status-recalled = Đã thu hồi
outgoing_filter-approved = Đã duyệt, chờ ký ban hành
outgoing_status-sent_back = Bị trả lại, cần sửa
outgoing-sent_back_by = { $by } trả lại dự thảo lúc { $at } với ý kiến:
outgoing-sent_back_then = Sửa dự thảo (tải lên bản mới nếu cần) rồi trình lại ở mục “Trình duyệt” bên dưới.

outgoing_step-draft = Soạn thảo
outgoing_step-revise = Cập nhật dự thảo
outgoing-edit_details = Sửa thông tin dự thảo
outgoing_step-edit = Sửa thông tin dự thảo
outgoing_step-submit = Trình duyệt
outgoing_step-approve = Duyệt
outgoing_step-send_back = Trả lại để sửa
outgoing_step-withdraw = Người soạn rút lại để sửa
outgoing_step-issue = Cấp số
outgoing_step-send = Phát hành
outgoing_step-recall = Thu hồi
outgoing-recipients_hint = Chọn các đơn vị trong Cục nhận văn bản và/hoặc ghi nơi nhận bên ngoài dưới đây.
outgoing-confirm_recall = Tôi xác nhận thu hồi văn bản đã gửi
outgoing_step-sign = Ký số
outgoing_step-seal = Đóng dấu số
outgoing_step-fill = Điền số, ngày ban hành vào văn bản
outgoing_step-scan = Đưa bản quét văn bản giấy đã ký

reviewer-unit_leader = Lãnh đạo đơn vị soạn thảo
reviewer-body_leader = Lãnh đạo Cục

field-author = Người soạn thảo
field-awaiting = Đang chờ
field-draft_pdf = Dự thảo (tệp PDF)
field-draft_source = Tệp gốc (DOCX, không bắt buộc)
field-drafting_unit = Đơn vị soạn thảo
field-issued_on = Ngày ban hành
field-week_start = Tuần bắt đầu ngày
field-signed_on_paper = Lãnh đạo đã ký trên bản giấy
field-scan_pdf = Bản quét (tệp PDF)
outgoing-scan = Bản quét văn bản giấy đã ký
outgoing-scan_button = Đưa bản quét vào văn bản
outgoing-scan_hint = Lãnh đạo đã ký trên bản giấy: ghi số, ngày và đóng dấu lên bản giấy, quét thành tệp PDF màu (từ 200 dpi) và đưa vào đây. Văn bản phát hành điện tử là bản quét này, mang chữ ký số của cơ quan: đóng dấu số và phát hành sau khi đưa bản quét.
outgoing-scan_replace_hint = Văn bản đã có bản quét. Có thể thay bằng bản quét khác trước khi đóng dấu số.
outgoing-scan_seal_hint = Bản quét đã có dấu đỏ trên giấy: chữ ký số của cơ quan được thể hiện bằng chữ ở góc trên bên phải trang đầu, như trên bản sao điện tử.
outgoing-unsigned = Văn bản chưa có chữ ký số của lãnh đạo. Hãy trình lãnh đạo ký số trước khi cấp số; hoặc, nếu lãnh đạo đã ký trên bản giấy, đánh dấu ô dưới đây rồi cấp số.
field-recipients_inside = Nơi nhận trong Cục
field-recipients_outside_short = Nơi nhận bên ngoài
field-attachments_short = Tệp đính kèm
field-attachments_pdf_docx = Tệp đính kèm (PDF hoặc DOCX)
field-recipients_outside = Nơi nhận bên ngoài (mỗi dòng một nơi)

dashboard-title = Thống kê, báo cáo
dashboard-showing_usual = Khoảng thời gian đã nhập chưa đúng: số liệu dưới đây là từ ngày { $from_day } đến ngày { $to_day }.
dashboard-whole_body = Toàn cơ quan
dashboard-electronic_share = Văn bản đến nhận điện tử
dashboard-on_time_share = Đã giải quyết đúng hạn (trong số văn bản đã xong)
dashboard-overdue = Đang xử lý, quá hạn đến hôm nay
dashboard-sent = Văn bản đi đã phát hành
dashboard-sent_inside = gửi trong Cục
dashboard-sent_outside = gửi ra ngoài
dashboard-signed_share = Văn bản đi ký số
dashboard-weekly = Văn bản đến theo tuần
dashboard-week_of = Tuần từ { $day }
dashboard-monthly = Văn bản đến theo tháng
dashboard-month_of = Tháng { $month }
dashboard-received = Tiếp nhận
dashboard-completed = Hoàn thành
dashboard-counted_for = Số liệu của { $unit } (kể cả các đơn vị trực thuộc).
dashboard-agency_wide = Các số liệu dưới đây là của toàn cơ quan, không riêng { $unit }.
dashboard-by_unit = Tình hình xử lý theo đơn vị chủ trì
dashboard-on_time = Đúng hạn
dashboard-late = Trễ hạn
field-completed_at = Hoàn thành lúc
field-queued_document = Văn bản
field-last_version_at = Bản mới nhất lúc
incoming-late_by = Trễ hạn { $days } ngày
dashboard-table = Số liệu chi tiết

queue-to_read = Văn bản chờ xem
queue-to_route = Chờ cho ý kiến chỉ đạo
queue-presented = Đã trình, chờ ý kiến chỉ đạo
queue-extensions_asked = Đề nghị gia hạn chờ anh/chị trả lời
queue-to_assign = Chờ phân công xử lý
queue-to_route_or_assign = Chờ cho ý kiến chỉ đạo, phân công
queue-to_handle = Giao cho tôi xử lý
queue-due_soon = Sắp đến hạn

dossiers-title = Hồ sơ công việc
dossiers-detach_confirm = Rút “{ $title }” khỏi hồ sơ?
dossiers-new = Mở hồ sơ
dossiers-open = Mở hồ sơ
dossiers-due = Hồ sơ đến hạn nộp lưu
dossiers-due_only = Chỉ hồ sơ đến hạn nộp lưu
dossiers-due_hint = Hồ sơ đã đóng từ một năm trở lên phải nộp vào Lưu trữ cơ quan (Nghị định 30/2020, Điều 31).
dossiers-due_on = Hạn nộp lưu
dossiers-list_pdf = Mục lục hồ sơ (PDF)
dossiers-notation_hint = Số thứ tự trong danh mục hồ sơ của đơn vị và chữ viết tắt, ví dụ 01.TCCB; để trống thì lấy số tiếp theo của danh mục. Mã hồ sơ gồm mã định danh cơ quan, năm và ký hiệu này.
dossiers-index = Mục lục văn bản
dossiers-empty = Hồ sơ chưa có văn bản.
dossiers-detach = Rút khỏi hồ sơ
dossiers-add_file = Thêm tài liệu khác
dossiers-attach = Đưa vào hồ sơ
dossiers-attach_hint = Văn bản đến và văn bản đi được đưa vào hồ sơ từ trang của văn bản.
dossiers-put_in = Đưa vào hồ sơ công việc
dossiers-held_in = Đã lưu trong hồ sơ công việc
dossiers-close = Đóng hồ sơ
dossiers-reopen = Mở lại hồ sơ
dossiers-hand_over = Ghi nhận nộp lưu

dossier_status-open = Đang mở
dossier_status-closed = Đã đóng
dossier_status-handed_over = Đã nộp lưu

dossier_step-open = Mở hồ sơ
dossier_step-attach = Đưa văn bản vào
dossier_step-detach = Rút văn bản ra
dossier_step-close = Đóng hồ sơ
dossier_step-reopen = Mở lại
dossier_step-hand_over = Nộp lưu

retention-permanent = Vĩnh viễn
retention-years = năm

field-file_code = Mã hồ sơ
field-file_notation = Ký hiệu hồ sơ
dossier_form-notation = Ký hiệu hồ sơ
field-title = Tiêu đề
field-responsible = Người lập hồ sơ
field-retention = Thời hạn bảo quản
field-items = Số văn bản
field-opened_on = Ngày mở
field-closed_on = Ngày đóng
field-handed_over_on = Ngày nộp lưu
field-description = Chú giải
field-ordinal = STT
field-author_body = Tác giả văn bản
field-pages_short = Số tờ
field-file = Tệp

registers-title = In sổ văn bản
registers-hint = Sổ đăng ký văn bản đến, văn bản đi, sổ theo dõi giải quyết văn bản đến (Phụ lục IV, Nghị định 30/2020) và mục lục hồ sơ, theo khoảng thời gian và đơn vị, in ra PDF khổ A4 hoặc xuất Excel.
registers-kind = Loại sổ
registers-incoming = Sổ đăng ký văn bản đến
registers-outgoing = Sổ đăng ký văn bản đi
registers-tracking = Sổ theo dõi giải quyết văn bản đến
registers-dossiers = Mục lục hồ sơ
registers-format = Định dạng
registers-print = Tải về
registers-show = Xem trên trang
registers-download_pdf = Tải về PDF
registers-download_xlsx = Tải về Excel (XLSX)
registers-none_in_period = Sổ không có dòng nào trong khoảng thời gian này.

filter-from = Từ ngày
filter-to = Đến ngày

incoming-choose_unit = — Chọn đơn vị chủ trì —
incoming-choose_handler = — Chọn người xử lý —

weekly-title = Báo cáo tuần
weekly-previous = Tuần trước
weekly-next = Tuần sau
weekly-none = Chưa có báo cáo của tuần này.
weekly-for_leaders = Báo cáo tuần của đơn vị anh/chị do lãnh đạo đơn vị lập và theo dõi, vì báo cáo nêu cả công việc của các đơn vị trực thuộc.
weekly-received = Văn bản đến
weekly-handled = Đã giải quyết (văn bản có hạn)
weekly-on_time = Đúng hạn
weekly-overdue = Quá hạn đến cuối tuần
weekly-overdue_today = Quá hạn đến hôm nay
weekly-issued = Văn bản đi đã gửi
weekly-done = Kết quả công tác trong tuần
weekly-planned = Nhiệm vụ tuần tới
weekly-proposals = Kiến nghị, đề xuất
weekly-save = Lưu
weekly-submit = Gửi báo cáo
weekly-redraft = Lập lại từ số liệu
weekly-units_below = Báo cáo của các đơn vị
weekly-missing = Chưa gửi
weekly-submitted_at = gửi lúc
weekly-notice_submitted = Đã gửi báo cáo tuần lên lãnh đạo; báo cáo không sửa được nữa.
weekly-notice_redrafted = Đã lập lại nội dung từ số liệu của tuần.
weekly-submit_hint = Sau khi gửi, lãnh đạo cấp trên đọc được báo cáo và báo cáo không sửa được nữa.
weekly-redraft_hint = Nội dung "Kết quả công tác trong tuần" và "Nhiệm vụ tuần tới" được viết lại từ các văn bản của tuần; những gì đã soạn trong hai mục này sẽ mất.
weekly-confirm_submit = Tôi đã kiểm tra báo cáo; khi bấm "Gửi báo cáo", báo cáo được gửi và không sửa được nữa
weekly-confirm_redraft = Tôi đồng ý thay nội dung đã soạn bằng bản lập lại từ số liệu

weekly_status-draft = Dự thảo
weekly_status-submitted = Đã gửi

certs-title = Chứng thư số
certs-suspend_confirm = Tạm dừng chứng thư số này? Trong thời gian tạm dừng, chữ ký số bằng chứng thư này không có giá trị.
certs-hint = Chứng thư số của cán bộ và đơn vị: cấp từ CA của lode hoặc nhập từ tệp, trạng thái theo danh sách thu hồi (CRL), cảnh báo trước khi hết hạn.
certs-issued = Đã cấp
certs-valid = Còn hiệu lực
certs-revoked = Đã thu hồi
certs-suspended = Tạm dừng
certs-expired = Hết hạn
certs-expiring = Sắp hết hạn (trong 30 ngày):
certs-days = ngày
certs-expiring_badge = sắp hết hạn

account-certificates = Chứng thư số của tôi

certs-refresh = Cập nhật trạng thái từ CRL
certs-refreshed = Đã cập nhật trạng thái thu hồi.
certs-subject = Chủ thể
certs-holder = Người/đơn vị sở hữu
certs-serial = Số hiệu
certs-valid_until = Hiệu lực đến
certs-status = Trạng thái
certs-source = Nguồn
certs-status-valid = Còn hiệu lực
certs-status-expired = Hết hạn
certs-status-revoked = Đã thu hồi
certs-status-suspended = Tạm dừng
certs-source-issued = CA của lode
certs-actions = Thu hồi, tạm dừng
certs-change = Thay đổi
certs-revoke = Thu hồi
certs-confirm_revoke = Tôi xác nhận thu hồi chứng thư số này (không hoàn tác được)
certs-suspend = Tạm dừng
certs-reinstate = Khôi phục hiệu lực
certs-reason = Lý do thu hồi
certs-reason-unspecified = Không nêu lý do
certs-reason-key-compromise = Lộ khóa bí mật
certs-reason-affiliation-changed = Thay đổi cơ quan, đơn vị công tác
certs-reason-superseded = Đã cấp chứng thư số thay thế
certs-reason-cessation-of-operation = Thôi sử dụng (nghỉ việc, giải thể)
certs-reason-hold = Tạm dừng
certs-elsewhere = Do tổ chức cấp thu hồi; lode đọc danh sách thu hồi (CRL) của họ.
certs-done-revoked = Đã thu hồi chứng thư số. Danh sách thu hồi và dịch vụ OCSP của lode báo như vậy từ bây giờ.
certs-done-suspended = Đã tạm dừng chứng thư số; có thể khôi phục hiệu lực sau.
certs-done-reinstated = Đã khôi phục hiệu lực chứng thư số.
certs-done-issued = Đã cấp chứng thư số; người được cấp ký được ngay.
certs-done-imported = Đã thêm chứng thư số vào danh sách.
certs-done-seal = Đã lưu hình con dấu.
certs-source-imported = Nhập từ tệp
certs-server_key = khóa lưu trên máy chủ
certs-none = Chưa có chứng thư số nào.
certs-issue = Cấp chứng thư số
certs-issue_hint = CA của lode cấp chứng thư số cho một cán bộ (chữ ký cá nhân) hoặc một cơ quan, đơn vị (con dấu số); khóa được lưu trên máy chủ để ký trong lode.
certs-issue_button = Cấp
certs-token = Khóa trên token của máy chủ (PKCS#11)
certs-token_hint = Gắn một khóa trên token hoặc HSM của máy chủ, cùng chứng thư số token giữ cho khóa đó, với một người hoặc một đơn vị: họ ký số trong lode mà khóa không rời token. Token:
certs-key_label = Nhãn khóa trên token
certs-token_button = Gắn khóa
certs-seal_image = Hình ảnh con dấu của đơn vị
certs-seal_image_hint = Hình con dấu (PNG hoặc JPEG, tối đa 1 MB). Khi văn thư đóng dấu số, hình con dấu hiện màu đỏ trên văn bản, trùm lên khoảng một phần ba bên trái chữ ký của người có thẩm quyền.
certs-seal_file = Tệp hình con dấu
certs-seal_button = Lưu hình con dấu
certs-import = Nhập chứng thư số
certs-pem = Chứng thư số (PEM)
certs-import_button = Nhập
certs-person = Cán bộ
certs-unit = hoặc cơ quan, đơn vị
certs-seal_unit = Cơ quan, đơn vị

sign-title = Chữ ký số
sign-text = Lý do
sign-signer = Chữ ký của người có thẩm quyền
sign-seal = Chữ ký số của cơ quan (con dấu)
sign-none = Chưa ký số.
sign-on_paper = Lãnh đạo ký trên bản giấy; văn bản điện tử là bản quét của bản giấy đã ký.
sign-sign = Ký số
sign-with_p12 = Ký bằng tệp chứng thư số riêng (.p12, .pfx)
sign-p12 = Tệp chứng thư số kèm khóa bí mật (.p12, .pfx)

mark-title = Hình ảnh chữ ký trên văn bản
mark-elsewhere = Đặt hình ảnh chữ ký ở vị trí khác
mark-seal_title = Hình dấu của cơ quan trên văn bản
mark-at = Vị trí
mark-placeholder = Ô ký có sẵn, hoặc cuối văn bản
mark-bottom_right = Cuối trang cuối, bên phải (khối chữ ký)
mark-top_right = Góc trên bên phải trang đầu (bản sao, phụ lục)
mark-custom = Tự chọn trang và vị trí
mark-hidden = Không hiển thị
mark-custom_hint = Khi tự chọn: trang (1 là trang đầu, -1 là trang cuối), khoảng cách từ mép trái và mép trên của trang, chiều rộng và chiều cao, tính bằng mm.
mark-page = Trang
mark-left = Cách mép trái (mm)
mark-top = Cách mép trên (mm)
mark-width = Rộng (mm)
mark-height = Cao (mm)

sign-password = Mật khẩu tệp
sign-seal_button = Đóng dấu số
sign-verify = Kiểm tra chữ ký

types-title = Loại văn bản và quy trình duyệt
types-hint = Tên, chữ viết tắt trên ký hiệu văn bản, sổ cấp số văn bản đi (để trống: sổ chung của cơ quan) và người duyệt dự thảo theo thứ tự. Thay đổi có hiệu lực ngay với các dự thảo mới và được ghi nhật ký.
types-code = Mã
types-name = Tên loại
types-notation_code = Chữ viết tắt
types-series = Sổ cấp số
types-chain = Người duyệt
types-active = Đang dùng
types-save = Lưu
types-new = Thêm loại văn bản
types-add = Thêm
types-outgoing_series = Sổ cấp số
types-review_chain = Người duyệt
types-refused = Chưa lưu loại văn bản { $code }: hãy sửa ở dòng của loại này (các ô có viền đỏ).
types-new_refused = Chưa thêm loại văn bản: hãy sửa ở biểu mẫu bên dưới.

dashboard-electronic_ministry = Điện tử, trong Bộ
dashboard-electronic_outside = Điện tử, ngoài Bộ

field-issuer_scope = Nơi gửi

issuer_scope-guess = Tự nhận biết theo tên cơ quan

outgoing-dispatches = Gửi ra ngoài
outgoing-package = Gói dữ liệu (zip)

dispatch_state-awaiting_exchange = Chờ trục liên thông
dispatch_state-recalled = Đã thu hồi

field-related_dossier = Hồ sơ công việc
field-outcome = Kết quả xử lý
incoming-deadline_latest = Không muộn hơn hạn lãnh đạo đã giao: { $latest_day }.
incoming-deadline_passed = Hạn lãnh đạo giao ({ $latest_day }) đã qua: để trống để giữ hạn này; muốn thêm thời gian, hãy đề nghị lãnh đạo gia hạn.
incoming-handlers_cleared = Chỉ những người được phép đọc tài liệu độ { $secrecy } mới có trong danh sách.
incoming-presented_to_all = Tất cả lãnh đạo cho ý kiến chỉ đạo
incoming-presented_to_hint = Lãnh đạo được trình nhận thông báo và thấy văn bản trong mục chờ cho ý kiến chỉ đạo của mình.
field-related_dossier_on_issue = Đưa vào hồ sơ công việc khi ban hành
outgoing-related_dossier_hint = Văn bản được đưa vào hồ sơ này khi được cấp số, ban hành.

version_note-signed = Chữ ký số của người có thẩm quyền: { $signer }
version_note-sealed = Chữ ký số của cơ quan: { $signer }
version_note-filled = Số, ký hiệu và ngày ban hành điền vào văn bản
version_note-scanned = Bản quét văn bản giấy đã ký
series-general = Sổ chung

fe-both = Chứng thư số thuộc về một người hoặc một đơn vị, không phải cả hai.
fe-exists = Chứng thư số này đã có trong sổ.
fe-no_token = Máy chủ chưa được cấu hình thiết bị ký số (PKCS#11).
fe-not_base64 = Tệp khóa phải được gửi ở dạng base64.
fe-not_valid = Chứng thư số không còn hiệu lực.
fe-not_yours = Chứng thư số này thuộc về người khác.
fe-revoked = Chứng thư số đã bị thu hồi.
fe-token = Không dùng được khóa của máy chủ.
fe-unreadable = Tệp không phải là chứng thư số X.509 (PEM hoặc DER).
fe-unsignable = Tệp này không ký số được.
fe-untrusted = Chứng thư số không thuộc tổ chức cung cấp dịch vụ chứng thực được tin cậy.
outgoing-seal_before_send = Văn bản điện tử phát hành mang chữ ký số của cơ quan: văn thư đóng dấu số trước khi phát hành.
fe-seal_first = Hãy đóng dấu số của cơ quan (chữ ký số của cơ quan) trước khi phát hành văn bản.
fe-mark_numbers = Trang, vị trí và kích thước của hình hiển thị chữ ký phải là số.
fe-mark_choice = Hãy chọn vị trí hình hiển thị chữ ký trong danh sách.
fe-mark_pages = Không đọc được các trang của văn bản để đặt hình hiển thị chữ ký.
fe-mark_page = Văn bản không có trang này: chọn từ 1 đến số trang của văn bản (hoặc -1 là trang cuối).
fe-mark_size = Hình hiển thị chữ ký rộng từ 20 đến 200 mm, cao từ 8 đến 150 mm.
fe-mark_off_page = Hình hiển thị chữ ký phải nằm trọn trong trang.
outgoing-kept = Đã giữ lại
field-recipient_unit_ids = Nơi nhận trong Cục
field-pdf = Tệp PDF
field-pdf_sha256 = Tệp PDF
sign-confirm = Mật khẩu đăng nhập (xác nhận ký)
sign-confirm_hint = Văn bản được ký bằng chứng thư số của anh/chị do hệ thống lưu giữ. Nhập mật khẩu đăng nhập để xác nhận chính anh/chị ký.
sign-on_paper_hint = Ký trên bản giấy: chuyển bản giấy đã ký cho văn thư để cấp số, đóng dấu và đưa bản quét vào hệ thống.
fe-wrong_signing_password = Mật khẩu không đúng: văn bản chưa được ký.
outgoing-unsigned_only = Chỉ văn bản chưa ký số
figure-electronic = Nhận điện tử (không phải bản giấy)
figure-paper = Nhận bản giấy
figure-from_ministry = Từ Bộ, các cơ quan thuộc Bộ và các đơn vị của Cục
figure-from_outside = Từ các cơ quan ngoài Bộ
figure-completed = Hoàn thành từ { $from } đến { $to }
figure-on_time = Đúng hạn
figure-late = Trễ hạn
figure-counted = Có hạn xử lý: hoàn thành từ { $from } đến { $to }, hoặc đang xử lý và đã quá hạn
figure-within = Do { $unit } và các đơn vị trực thuộc chủ trì
figure-sent = Phát hành từ { $from } đến { $to }
figure-signed = Có chữ ký số hoặc con dấu số
figure-unsigned = Không ký số
figure-sent_inside = Gửi các đơn vị trong Cục
figure-sent_outside = Gửi cơ quan ngoài Cục
fe-no_holder = Chọn cán bộ hoặc đơn vị giữ chứng thư số (một trong hai).
certs-choose_reason = — Chọn lý do —
fe-sheet_count = Số tờ là số nguyên từ 1 đến 100.000 (để trống nếu chưa rõ).
fe-draft_not_issued = Chỉ văn bản đã ban hành mới được đưa vào hồ sơ: chọn hồ sơ này trên dự thảo, văn bản sẽ được đưa vào khi cấp số.
dossier_item-file = Tệp (PDF hoặc DOCX)
dossier_item-title = Trích yếu, tên tài liệu
dossier_item-notation = Số, ký hiệu
dossier_item-doc_date = Ngày văn bản
dossier_item-author = Tác giả (cơ quan ban hành)
dossier_item-pages = Số tờ
dossiers-file_again = Chọn lại tệp: vì lý do an toàn, trình duyệt không giữ tệp đã chọn khi biểu mẫu bị trả lại.
incoming_complete-text = Kết quả xử lý
incoming_note-text = Ghi chú
incoming_extend-text = Lý do gia hạn
incoming_ask_extension-text = Lý do đề nghị gia hạn
incoming_ask_extension-deadline = Đề nghị gia hạn đến
incoming_decline_extension-text = Lý do không đồng ý gia hạn
incoming_return-text = Lý do trả lại
incoming_hand_back-text = Lý do trả lại lãnh đạo
dossiers-counted = { $items } văn bản · { $sheets } tờ
done-dossier-attached = Đã đưa vào hồ sơ.
done-dossier-detached = Đã rút văn bản khỏi hồ sơ; các mục sau được đánh số lại.
done-dossier-closed = Đã đóng hồ sơ.
done-dossier-reopened = Đã mở lại hồ sơ.
done-dossier-handed_over = Đã ghi nhận nộp lưu hồ sơ.
done-dossier-opened = Đã mở hồ sơ.
fe-not_a_certificate = Nội dung dán vào không phải là chứng thư số X.509 (dạng PEM, bắt đầu bằng -----BEGIN CERTIFICATE-----).
audit-draft_of = Dự thảo { $type }
weekly-unsaved = chưa lưu
weekly-figures_behind = Xem số liệu của tuần trên trang thống kê, mỗi số mở danh sách văn bản được tính
dashboard-sent_both_ways = (một văn bản có thể gửi cả hai nơi)
field-previous_handler = Người xử lý trước
field-presented_to = Trình lãnh đạo
fe-choose_reason = Chọn lý do thu hồi chứng thư số.
certs-seal_of = Hình con dấu của { $unit }
certs-issue_another = Vẫn cấp thêm chứng thư số mới (chứng thư đang có vẫn còn hiệu lực cho đến khi bị thu hồi)
fe-holds_valid_certificate = Người hoặc đơn vị này đang có chứng thư số còn hiệu lực. Nếu chứng thư cũ không còn dùng, hãy thu hồi nó ở danh sách phía trên; nếu vẫn cần cấp thêm, đánh dấu ô bên dưới.
fe-not_instructing = Người này không cho ý kiến chỉ đạo văn bản của sổ này, hoặc không đủ độ mật của văn bản.
signatures_said-none = Tệp không có chữ ký số
signatures_said-all_valid = { $all ->
    [1] 1 chữ ký số, hợp lệ
   *[other] { $all } chữ ký số, tất cả hợp lệ
}
signatures_said-none_valid = { $all ->
    [1] 1 chữ ký số, không hợp lệ
   *[other] { $all } chữ ký số, không chữ ký nào hợp lệ
}
signatures_said-some_valid = { $all } chữ ký số: { $valid } hợp lệ, { $invalid } không hợp lệ
# the file named in the banner as its box is labelled
incoming_form-file = { field-document_file }
outgoing_form-pdf = { field-draft_pdf }
outgoing_form-source = { field-draft_source }
outgoing_form-presented_to = { field-presented_for_signature }
outgoing-issue_number = Số sẽ cấp
outgoing-issue_official = Ngày ban hành { $issued_day }. Khi đã cấp số, văn bản là văn bản chính thức và không sửa được nữa.
outgoing-issue_confirm = Cấp số cho văn bản này, ngày { $issued_day } (số dự kiến { $notation })? Khi đã cấp số, văn bản là văn bản chính thức và không sửa được nữa.
outgoing-send_confirm = { $count ->
    [0] Phát hành văn bản?
   *[other] Phát hành văn bản đến { $count } nơi nhận: { $recipients }?
} Văn bản đã phát hành chỉ rút lại được bằng cách thu hồi.
field-presented_for_signature = Trình ký
outgoing-any_signer = — Lãnh đạo có thẩm quyền ký (bất kỳ) —
outgoing-presented_hint = Ở bước lãnh đạo duyệt, ký, chỉ lãnh đạo được chọn nhận thông báo và thấy dự thảo trong việc chờ xử lý; để trống thì mọi lãnh đạo có thẩm quyền ký đều thấy.
fe-not_a_signer = Người được chọn không phải lãnh đạo ký văn bản của cơ quan, hoặc không được đọc văn bản có độ mật này.
field-carried_dossier = Hồ sơ dịch vụ công
incoming-carried_dossier_hint = (thông tin kê khai, tọa độ, kết quả kiểm tra của Bộ phận một cửa)

in_hand-handling = Văn bản đến đang xử lý
in_hand-presented = Văn bản đến được trình, chờ cho ý kiến chỉ đạo
in_hand-writing = Dự thảo văn bản đi chưa ban hành
in_hand-to_sign = Dự thảo được trình ký

outgoing-draft_from = Nội dung dự thảo
outgoing-from_upload = Tải lên tệp PDF đã soạn sẵn
outgoing-from_compose = Soạn nội dung ngay trên trang
outgoing-compose_hint = lode trình bày văn bản theo thể thức của Nghị định 30/2020/NĐ-CP: tên cơ quan, quốc hiệu, chỗ ghi số và ngày ban hành, tên loại và trích yếu, khối chữ ký của lãnh đạo được trình ký, nơi nhận lấy từ nơi nhận đã chọn ở trên. Bản PDF hiện ngay trên trang dự thảo để xem lại.
field-composed_addressee = Kính gửi
outgoing-addressee_hint = Chỉ dùng cho công văn, ví dụ: Ủy ban nhân dân tỉnh Lào Cai.
field-composed_text = Nội dung văn bản
outgoing-text_hint = Mỗi dòng là một đoạn văn; không cần gõ tên cơ quan, số, ngày, chữ ký hay nơi nhận.
outgoing-composed_here = soạn trên trang
fe-not_laid_out = Không trình bày được nội dung này thành văn bản; hãy bỏ các ký tự đặc biệt rồi thử lại.
fe-taken_meanwhile = Số dự kiến vừa được cấp cho văn bản khác. Số văn bản này sẽ nhận là số ghi ở trên: hãy cấp số lại.
