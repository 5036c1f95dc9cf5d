### lode: the shell, in Vietnamese (the default).

app-agency = Cục Địa chất và Khoáng sản Việt Nam
app-footer = lode · Hệ thống quản lý điều hành và dịch vụ công

lang-switch = Tiếng Việt

nav-label = Điều hướng chính
nav-home = Trang chủ
nav-menu = Danh mục
nav-skip = Bỏ qua, đến nội dung chính
nav-incoming = Văn bản đến
nav-waiting = Văn bản chờ bạn xử lý
nav-waiting_word = chờ xử lý
nav-unread_word = chưa đọc

incoming-register = Đăng ký và cấp số đến
incoming-arrival_short = Số đến
incoming-route = Cho ý kiến chỉ đạo
incoming-assign = Giao xử lý
incoming-complete = Hoàn thành xử lý
incoming-note = Ghi chú, đề xuất
incoming-extend = Gia hạn xử lý
incoming-ask_extension = Đề nghị gia hạn xử lý
incoming-ask_extension_hint = Đề nghị được gửi tới người giao hạn xử lý: lãnh đạo đơn vị chủ trì đối với chuyên viên; lãnh đạo đã giao hạn gần nhất đối với lãnh đạo đơn vị.
incoming-register_next = Đăng ký văn bản đến tiếp theo
incoming-next_waiting = Văn bản tiếp theo đang chờ anh/chị
incoming-decline_extension = Không đồng ý gia hạn
incoming-extension_waiting = Đề nghị gia hạn chờ trả lời
incoming-handed_back = Văn bản được trả lại, chờ chỉ đạo lại
incoming-handed_back_said = { $who } trả lại lúc { $at } vì không thuộc chức năng của đơn vị: hãy cho ý kiến chỉ đạo và chuyển đơn vị chủ trì khác.
incoming-extension_waiting_said = { $who } đề nghị gia hạn đến { $proposed_day } (gửi lúc { $at }).
incoming-extension_grant_hint = Gia hạn đến ngày khác: ở mục “Gia hạn xử lý” bên dưới.
incoming-extension_grant = Đồng ý gia hạn đến { $proposed_day }
incoming-extension_granted_text = Đồng ý đề nghị gia hạn của { $who }.
incoming-extension_jump = { $who } đề nghị gia hạn đến { $proposed_day }, chờ anh/chị trả lời.
incoming-extension_jump_link = Trả lời đề nghị
incoming-extension_forward_hint = Ngày đề nghị muộn hơn hạn lãnh đạo đã giao: để đồng ý, hãy đề nghị lãnh đạo gia hạn ở mục “Đề nghị gia hạn xử lý” bên dưới, ngày đề nghị đã được điền sẵn.
incoming-extension_waiting_on = Đề nghị gia hạn đến { $proposed_day } của { $who } (gửi lúc { $at }) đang chờ { $answerer } trả lời.
incoming-return = Trả lại nơi gửi
incoming-correct = Sửa thông tin đăng ký
incoming-correct_hint = Sửa những gì đã vào sổ sai so với văn bản (số, ký hiệu, trích yếu…). Ngày đến, số đến, độ mật và tệp văn bản giữ nguyên; nội dung cũ được ghi lại trong quá trình xử lý.
incoming-correct_save = Lưu thông tin đã sửa
incoming-hand_back = Trả lại lãnh đạo (giao nhầm đơn vị)
incoming-hand_back_hint = Văn bản không thuộc chức năng của đơn vị: trả lại để lãnh đạo chuyển đơn vị khác chủ trì. Lãnh đạo đã cho ý kiến chỉ đạo sẽ được thông báo.

sigchange-a_value_of_the_document_changed = Một giá trị của văn bản bị thay đổi
sigchange-cross-reference_or_object_stream = Bảng tham chiếu chéo hoặc luồng đối tượng
sigchange-a_signature_or_document_timestamp = Một chữ ký hoặc dấu thời gian cho văn bản
sigchange-validation_data___DSS_ = Dữ liệu kiểm tra hiệu lực chữ ký
sigchange-a_signature_field = Một ô chữ ký
sigchange-a_new_form_field_or_annotation = Một ô nhập liệu hoặc chú thích mới
sigchange-a_data_stream__validation_data__an_appearance_ = Dữ liệu đi kèm chữ ký (dữ liệu kiểm tra hiệu lực, hình hiển thị)
sigchange-part_of_a_signature_s_visible_mark = Một phần hình hiển thị của chữ ký
sigchange-a_new_object_that_is_not_a_signature = Một đối tượng mới không phải chữ ký
sigchange-the_catalog__for_the_form_or__DSS = Mục lục văn bản, để thêm ô chữ ký hoặc dữ liệu kiểm tra hiệu lực
sigchange-the_document_catalog_changed = Mục lục văn bản bị thay đổi
sigchange-the_page_lists_a_new_signature_widget = Trang văn bản có thêm ô chữ ký
sigchange-a_page_changed_after_signing = Một trang bị thay đổi sau khi ký
sigchange-the_form_lists_a_new_signature_field = Biểu mẫu có thêm ô chữ ký
sigchange-the_form_changed_after_signing = Biểu mẫu bị thay đổi sau khi ký
sigchange-validation_data___DSS__extended = Bổ sung dữ liệu kiểm tra hiệu lực chữ ký
sigchange-the_document_s_XMP_metadata = Siêu dữ liệu XMP của văn bản
sigchange-the_issued_number_or_date_filled_in = Ghi số, ngày ban hành vào ô dành sẵn
sigchange-a_signature_field_left_empty_is_signed = Ký vào ô chữ ký để trống
sigchange-an_object_of_the_signed_revision_changed = Một đối tượng của bản đã ký bị thay đổi
sigchange-an_object_of_the_signed_revision_was_deleted = Một đối tượng của bản đã ký bị xóa
sigchange-other = Một thay đổi khác (xem báo cáo kỹ thuật)

verify-not_revoked = chưa bị thu hồi
verify-revoked = đã bị thu hồi
verify-suspended = đã bị tạm dừng
verify-no_revocation_data = chứng thư số không nêu nơi tra cứu tình trạng thu hồi
verify-revocation_unchecked = chưa kiểm tra được (không tra cứu được tình trạng thu hồi của chứng thư số)
verify-by_ocsp = {" "}(theo tra cứu trực tuyến của tổ chức cấp chứng thư lúc { $on_day })
verify-by_crl = {" "}(theo danh sách thu hồi lập lúc { $on_day })
verify-problems_found = Chữ ký có vấn đề như nêu ở trên.
verify-technical = Báo cáo kỹ thuật của bộ kiểm tra (tiếng Anh)

audit-action-cadastre_licence-grant = Cấp giấy phép khoáng sản
audit-action-cadastre_licence-extension = Gia hạn giấy phép khoáng sản
audit-action-cadastre_licence-adjustment = Điều chỉnh giấy phép khoáng sản
audit-action-cadastre_licence-transfer = Chuyển nhượng quyền khoáng sản
audit-action-cadastre_licence-partial_return = Trả lại một phần diện tích
audit-action-cadastre_licence-return = Trả lại giấy phép khoáng sản
audit-action-cadastre_licence-revocation = Thu hồi giấy phép khoáng sản
audit-action-cadastre_licence-termination = Chấm dứt hiệu lực giấy phép khoáng sản
audit-action-cadastre_licence-closure = Đóng cửa mỏ
audit-action-cadastre_zone_layer-import = Nạp lớp khu vực cấm, tạm cấm hoạt động khoáng sản
audit-action-archive_record-create = Thêm hồ sơ lưu trữ địa chất
audit-action-archive_record-update = Sửa hồ sơ lưu trữ địa chất
audit-action-archive_record-file = Thêm tệp quét vào hồ sơ lưu trữ
audit-action-archive_record-correct_page = Hiệu đính nội dung trang tài liệu lưu trữ
audit-action-archive_record-import = Nhập mục lục lưu trữ từ tệp
audit-action-archive_request-approve = Phê duyệt yêu cầu khai thác tài liệu lưu trữ
audit-action-archive_request-refuse = Từ chối yêu cầu khai thác tài liệu lưu trữ
audit-action-archive_submission-accept = Thu nhận dữ liệu giao nộp vào lưu trữ
audit-action-archive_submission-return = Trả lại hồ sơ giao nộp dữ liệu
audit-action-account-create = Tạo tài khoản
audit-action-account-email_verified = Xác nhận địa chỉ thư điện tử
audit-action-account-profile = Sửa thông tin tài khoản
audit-action-account-password_change = Đổi mật khẩu
audit-action-account-password_reset = Đặt lại mật khẩu
audit-action-application-draft = Tạo hồ sơ nháp
audit-action-application-discarded = Xóa hồ sơ nháp
audit-action-application-submit = Nộp hồ sơ
audit-action-application-changed = Sửa hồ sơ nháp
audit-action-application-document = Đính kèm giấy tờ vào hồ sơ
audit-action-application-accepted = Tiếp nhận hồ sơ
audit-action-application-incomplete = Yêu cầu bổ sung hồ sơ
audit-action-application-refused = Từ chối tiếp nhận hồ sơ
audit-action-application-complete = Bổ sung hồ sơ
audit-action-application-desk_intake = Nhập hồ sơ giấy
audit-action-application-result = Có kết quả giải quyết
audit-action-application-returned = Trả kết quả
audit-action-application-answered_online = Trả kết quả trực tuyến ngay khi giải quyết
audit-action-application-apology = Xin lỗi, hẹn lại ngày trả
audit-action-application-withdrawn = Rút hồ sơ
audit-action-application-rating = Đánh giá việc giải quyết hồ sơ
audit-action-application-message = Trao đổi về hồ sơ
audit-action-calendar-set = Đặt ngày nghỉ, ngày làm bù
audit-action-calendar-clear = Bỏ ngày nghỉ, ngày làm bù
audit-action-certificate-issue = Cấp chứng thư số
audit-action-certificate-import = Nhập chứng thư số
audit-action-certificate-revocation = Thay đổi tình trạng thu hồi chứng thư số
audit-action-certificate-suspension = Tạm dừng chứng thư số
audit-action-certificate-reinstatement = Cho chứng thư số hoạt động lại
audit-action-document_type-create = Thêm loại văn bản
audit-action-document_type-update = Sửa loại văn bản
audit-action-dossier-open = Mở hồ sơ công việc
audit-action-dossier-attach = Thêm văn bản vào hồ sơ
audit-action-dossier-detach = Bỏ văn bản khỏi hồ sơ
audit-action-dossier-close = Đóng hồ sơ công việc
audit-action-dossier-reopen = Mở lại hồ sơ công việc
audit-action-dossier-hand_over = Nộp lưu hồ sơ
audit-action-incoming-register = Đăng ký văn bản đến
audit-action-incoming-route = Phân phối văn bản đến
audit-action-incoming-assign = Giao xử lý văn bản đến
audit-action-incoming-complete = Hoàn thành xử lý văn bản đến
audit-action-incoming-answered = Văn bản đến được giải quyết bằng văn bản trả lời
audit-action-incoming-dossier_settled = Văn bản đến được giải quyết cùng hồ sơ thủ tục hành chính
audit-action-incoming-return = Trả lại văn bản đến
audit-action-incoming-correct = Sửa thông tin đăng ký văn bản đến
audit-action-incoming-hand_back = Trả lại văn bản đến cho lãnh đạo (giao nhầm đơn vị)
audit-action-incoming-recalled = Văn bản đến bị nơi gửi thu hồi
audit-action-incoming-note = Ghi chú văn bản đến
audit-action-incoming-extend = Gia hạn xử lý văn bản đến
audit-action-incoming-ask_extension = Đề nghị gia hạn xử lý văn bản đến
audit-action-incoming-decline_extension = Không đồng ý gia hạn xử lý văn bản đến
audit-action-job-retry = Chạy lại tác vụ nền
audit-action-outgoing-draft = Soạn dự thảo văn bản đi
audit-action-outgoing-revise = Sửa dự thảo
audit-action-outgoing-edit = Sửa thông tin dự thảo
audit-action-outgoing-submit = Trình duyệt dự thảo
audit-action-outgoing-approve = Duyệt dự thảo
audit-action-outgoing-send_back = Trả lại dự thảo
audit-action-outgoing-withdraw = Rút lại dự thảo đang trình
audit-action-outgoing-issue = Cấp số văn bản đi
audit-action-outgoing-fill = Điền số, ngày ban hành vào văn bản
audit-action-outgoing-scan = Đưa bản quét văn bản giấy đã ký vào hệ thống
audit-action-outgoing-sign = Ký số văn bản đi
audit-action-outgoing-seal = Đóng dấu số văn bản đi
audit-action-outgoing-send = Phát hành văn bản đi
audit-action-outgoing-recall = Thu hồi văn bản đi
audit-action-payment-start = Bắt đầu thanh toán trực tuyến
audit-action-payment-paid = Thanh toán thành công
audit-action-payment-failed = Thanh toán không thành công
audit-action-person-create = Thêm cán bộ
audit-action-person-update = Sửa thông tin cán bộ
audit-action-person-signature_image = Cập nhật hình chữ ký
audit-action-procedure-version = Phiên bản mới của thủ tục
audit-action-session-login = Đăng nhập
audit-action-session-logout = Đăng xuất
audit-action-session-login_failed = Đăng nhập không thành công
audit-action-session-confirm_failed = Nhập sai mật khẩu khi xác nhận ký số
audit-action-session-close_others = Đóng các phiên đăng nhập khác
audit-action-token-issue = Cấp khóa API
audit-action-token-revoke = Thu hồi khóa API
audit-action-unit-create = Thêm đơn vị
audit-action-unit-update = Sửa đơn vị
audit-action-unit-move = Chuyển đơn vị
audit-action-unit-close = Giải thể đơn vị
audit-action-unit-reopen = Khôi phục đơn vị
audit-action-unit-seal_image = Cập nhật hình con dấu
audit-action-weekly_report-draft = Lập báo cáo tuần
audit-action-weekly_report-redraft = Lập lại báo cáo tuần
audit-action-weekly_report-save = Lưu báo cáo tuần
audit-action-weekly_report-submit = Gửi báo cáo tuần
audit-entity-cadastre_licence = Giấy phép khoáng sản
audit-entity-cadastre_zone_layer = Lớp khu vực cấm hoạt động khoáng sản
audit-entity-archive_record = Hồ sơ lưu trữ địa chất
audit-entity-archive_request = Yêu cầu khai thác tài liệu lưu trữ
audit-entity-archive_submission = Hồ sơ giao nộp dữ liệu
audit-entity-account = Tài khoản
audit-entity-application = Hồ sơ dịch vụ công
audit-entity-calendar = Lịch làm việc
audit-entity-certificate = Chứng thư số
audit-entity-document_type = Loại văn bản
audit-entity-dossier = Hồ sơ công việc
audit-entity-incoming = Văn bản đến
audit-entity-job = Tác vụ nền
audit-entity-outgoing = Văn bản đi
audit-entity-payment = Thanh toán
audit-entity-person = Cán bộ
audit-entity-procedure = Thủ tục
audit-entity-session = Phiên đăng nhập
audit-entity-token = Khóa API
audit-entity-unit = Đơn vị
audit-entity-weekly_report = Báo cáo tuần
audit-entity_id_hint = vd. 276/2026, 21/GM-ĐCKS, mã hồ sơ
audit-system-payment_gateway = Cổng thanh toán
audit-system-demo = Dữ liệu mẫu
audit-system-crl-refresh = Cập nhật danh sách thu hồi
audit-system-lode_admin = Lệnh quản trị lode
audit-system-anonymous = Người chưa đăng nhập
audit-system-self-registration = Tự đăng ký trên Cổng dịch vụ công
audit-any = Tất cả
audit-namesakes = Nhiều người khớp với “{ $asked }”; chọn một người:
audit-username_or_name = tên đăng nhập hoặc họ tên

field-gateway_txn = Mã giao dịch của cổng thanh toán
field-response_code = Mã trả lời của cổng thanh toán
field-due_on = Ngày hẹn trả kết quả
field-fee = Phí, lệ phí (đồng)
field-txn_ref = Mã đơn thanh toán
field-amount = Số tiền (đồng)
field-procedure = Thủ tục
field-receipt_number = Biên lai số

list-pages = Các trang của danh sách

field-withdrawn_reason = Tổ chức, cá nhân rút hồ sơ, lý do
field-dossier_code = Mã hồ sơ

preview-label = Xem trước văn bản
preview-skip = Bỏ qua bản xem trước
preview-open = Không xem được PDF ngay trong trang trên máy này: mở tệp
preview-shown_beside = đang xem
preview-show_beside = Xem tại trang
preview-shown = Đang xem

queue-more = Xem tất cả

status-registered = Chờ chỉ đạo
status-routed = Chờ giao xử lý
status-assigned = Đang xử lý
status-completed = Đã hoàn thành
status-returned = Đã trả lại

urgency-normal = Thường
urgency-urgent = Khẩn
urgency-very_urgent = Thượng khẩn
urgency-most_urgent = Hỏa tốc

channel-electronic = Điện tử
channel-paper = Giấy
channel-email = Thư điện tử
channel-edxml = Trục liên thông văn bản quốc gia
channel-internal = Nội bộ

step-register = Đăng ký
step-route = Cho ý kiến chỉ đạo
step-assign = Giao xử lý
step-reassign = Giao lại
step-complete = Hoàn thành
step-return = Trả lại
step-correct = Sửa thông tin đăng ký
step-hand_back = Trả lại lãnh đạo
step-note = Ghi chú
step-extend = Gia hạn
step-ask_extension = Đề nghị gia hạn
step-decline_extension = Không đồng ý gia hạn

field-text = Nội dung
field-lead_unit_id = Đơn vị chủ trì
field-coordinating_unit_ids = Đơn vị phối hợp
field-handler_id = Người xử lý
field-from_to = Thay đổi
field-previous_handler_id = Người xử lý trước
field-arrival = Số đến

fe-invalid_notation = Số, ký hiệu phải có dạng 12/QĐ-BNNMT.
fe-invalid_date = Ngày không hợp lệ (ví dụ: 31/12/2026).
fe-in_future = Không được sau ngày hôm nay.
fe-unsigned = Lãnh đạo chưa ký số văn bản: trình ký trước, hoặc xác nhận lãnh đạo đã ký trên bản giấy.
fe-date_out_of_range = Năm phải trong khoảng 1900–2100.
fe-too_old = Không được trước ngày 1 tháng 1 của năm trước.
fe-after_received = Không được sau ngày đến.
fe-deadline_before_received = Không được trước ngày văn bản đến.
fe-deadline_past = Không được trước hôm nay.
fe-after_leader_deadline = Không được muộn hơn hạn lãnh đạo đã giao.
fe-day_off = Ngày hẹn mới phải là ngày làm việc (không phải thứ Bảy, Chủ nhật hay ngày nghỉ lễ).
fe-too_late = Đã quá thời hạn xin lỗi: văn bản xin lỗi phải gửi chậm nhất một ngày làm việc trước ngày hẹn trả kết quả.
fe-not_later = Hạn mới phải muộn hơn hạn hiện tại.
fe-not_in_lead_unit = Người xử lý phải thuộc đơn vị chủ trì.
fe-not_cleared = Người này không được đọc văn bản có độ mật này.
fe-same_handler = Người này đang xử lý văn bản: hãy chọn người khác, hoặc ghi hạn mới hay ghi chú.
fe-possible_duplicate = Văn bản có cùng cơ quan ban hành, số ký hiệu và ngày đã được đăng ký.
fe-too_large_to_export = Quá lớn để xuất thành một tệp: hãy chọn khoảng thời gian ngắn hơn.
fe-empty_file = Chưa chọn tệp, hoặc tệp được chọn không có nội dung.
fe-not_a_pdf = Tệp không phải PDF.
fe-out_of_range = Ngoài khoảng cho phép.
fe-page_count_range = Số trang từ 1 đến 10.000.
fe-too_many = Quá nhiều.

nav-outgoing = Văn bản đi

outgoing-draft = Dự thảo
outgoing-submit = Trình duyệt
outgoing-revise = Cập nhật dự thảo
outgoing-approve = Duyệt
outgoing-send_back = Trả lại để sửa
outgoing-withdraw = Rút lại để sửa
outgoing-withdraw_hint = Dự thảo chưa được duyệt xong có thể rút lại để sửa; người duyệt không còn thấy trong việc chờ duyệt, và khi trình lại, việc duyệt bắt đầu lại từ đầu.
outgoing-issue = Cấp số, ngày ban hành
outgoing-send = Phát hành
outgoing-recall = Thu hồi

step-recalled = Nơi gửi thu hồi
step-answered = Đã trả lời bằng văn bản đi
step-dossier_settled = Hồ sơ thủ tục hành chính đã được giải quyết xong

field-delivered = Đã chuyển đến
field-outside = Gửi ra ngoài
field-as = Với vai trò
field-version = Phiên bản
field-zones = Số khu vực
field-source = Tệp nguồn

fe-not_a_docx = Tệp không phải DOCX.
fe-above_clearance = Cao hơn độ mật bạn được phép tiếp cận.

nav-dashboard = Thống kê

fe-before_opening = Không được trước ngày mở hồ sơ.
fe-before_latest_paper = Không được trước ngày của văn bản mới nhất trong hồ sơ.
fe-before_closing = Không được trước ngày đóng hồ sơ.
fe-before_from = Không được trước ngày bắt đầu.
fe-too_long_period = Tối đa mười năm.

nav-org = Tổ chức
nav-people = Cán bộ
nav-audit = Nhật ký
nav-api = API
nav-admin = Quản trị
nav-logout = Đăng xuất

login-title = Đăng nhập
login-lead = Cán bộ đăng nhập bằng tài khoản được cấp; tổ chức, cá nhân đăng nhập bằng tài khoản đã đăng ký để nộp và theo dõi hồ sơ.
login-submit = Đăng nhập
login-failed = Tên đăng nhập hoặc mật khẩu không đúng.
login-throttled = Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.
login-deactivated = Tài khoản này đã ngừng hoạt động. Vui lòng liên hệ quản trị viên để được kích hoạt lại.
login-signed_out = Bạn đã đăng xuất.
login-applicants = Tổ chức, cá nhân:
login-register = Đăng ký tài khoản
login-demo_title = Tài khoản dùng thử
login-demo_password = Mật khẩu của mọi tài khoản dùng thử:

home-greeting = Xin chào
home-what_people = Tài khoản cán bộ, vai trò, mức được xem tài liệu mật, đặt lại mật khẩu.
home-what_org = Cơ cấu tổ chức: thêm, đổi tên, chuyển, giải thể đơn vị.
home-what_types = Loại văn bản, chữ viết tắt, sổ cấp số và người duyệt dự thảo.
home-what_certificates = Chứng thư số của cán bộ và con dấu của đơn vị: cấp, nhập, thu hồi.
home-what_audit = Ai đã làm gì, khi nào, từ đâu; kiểm tra toàn vẹn nhật ký.
home-what_jobs = Việc hệ thống tự chạy: gửi thư, dọn dẹp, nhắc hạn; chạy lại việc lỗi.
home-what_api = Tài liệu giao diện lập trình (API) cho phần mềm kết nối với lode.
home-administration = Quản trị hệ thống
home-jobs_failed = { $count } công việc nền bị lỗi sau lần thử cuối: xem và chạy lại
home-jobs_fine = Các công việc nền đang chạy bình thường.

queue-overdue = Quá hạn
queue-empty = Không có việc nào.

org-title = Cơ cấu tổ chức
org-new = Thêm đơn vị
org-moved = Đã chuyển đơn vị. Mã định danh của đơn vị không tự đổi: nếu đơn vị đổi cấp, hãy sửa mã định danh ở mục “Sửa thông tin đơn vị”.
org-closed = Đã giải thể đơn vị. Văn bản, hồ sơ của đơn vị vẫn được giữ và tra cứu được.
org-reopened = Đơn vị hoạt động trở lại.
org-new_child = Thêm đơn vị trực thuộc
org-show_closed = Hiện cả đơn vị đã giải thể
org-hide_closed = Ẩn đơn vị đã giải thể
org-children = Đơn vị trực thuộc
org-edit = Sửa thông tin đơn vị
org-move = Chuyển đơn vị
org-history = Lịch sử thay đổi
org-people_of_unit = Cán bộ của đơn vị

unit-closed = Đã giải thể

unit_kind-department = Cục
unit_kind-office = Văn phòng / Phòng
unit_kind-sub_department = Phòng quản lý chuyên ngành
unit_kind-centre = Trung tâm
unit_kind-federation = Liên đoàn
unit_kind-team = Đoàn

people-title = Cán bộ và tài khoản
people-new = Thêm cán bộ
people-new_external = Thêm tài khoản doanh nghiệp, công dân
people-edit = Sửa hồ sơ cán bộ
people-reset_password = Đặt lại mật khẩu
people-signature = Mẫu chữ ký
people-no_signature = Chưa có mẫu chữ ký.
people-audit_trail = Nhật ký thay đổi của tài khoản này

kind-staff = Cán bộ
kind-business = Doanh nghiệp
kind-citizen = Công dân

role-administrator = Quản trị hệ thống
role-clerk = Văn thư
role-agency_leader = Lãnh đạo Cục
role-unit_leader = Lãnh đạo đơn vị
role-specialist = Chuyên viên
role-one_stop_officer = Cán bộ một cửa
role-archivist = Lưu trữ viên địa chất
role-cadastre_officer = Cán bộ quản lý cấp phép khoáng sản

clearance-none = Không
clearance-confidential = Mật
clearance-secret = Tối mật
clearance-top_secret = Tuyệt mật

status-active = Đang hoạt động
status-closed = Ngừng hoạt động
status-inactive = Ngừng hoạt động
status-revoked = Đã thu hồi

audit-title = Nhật ký hệ thống
audit-verify = Kiểm tra toàn vẹn nhật ký
audit-intact_n = Chuỗi nhật ký toàn vẹn: đã kiểm tra { $entries } mục, không mục nào bị sửa hay xóa.
audit-broken = Chuỗi nhật ký đã bị can thiệp:
audit-head_seq = Số bản ghi cuối

nav-jobs = Công việc nền

jobs-title = Công việc nền
jobs-hint = Các việc hệ thống tự chạy: dọn phiên và tệp không dùng, tìm văn bản quá hạn, gửi thư, cập nhật trạng thái chứng thư số. Việc lỗi được thử lại sau mỗi lần chờ lâu gấp đôi; hết lượt thử thì dừng ở trạng thái Thất bại.
jobs-all = Tất cả
jobs-kind = Công việc
jobs-state = Trạng thái
jobs-attempts = Lần thử
jobs-when = Thời điểm
jobs-node = Máy chủ
jobs-error = Lỗi gần nhất
jobs-retry = Chạy lại
jobs-node_stopped = Máy chủ đang chạy việc này đã dừng ở lần thử cuối.
jobs-reported = Thông báo lỗi kỹ thuật
jobs-retried = Đã đưa công việc trở lại hàng đợi.
jobs-not_failed = Công việc này không còn ở trạng thái Thất bại, không cần chạy lại.
jobs-state-queued = Đang chờ
jobs-state-running = Đang chạy
jobs-state-done = Hoàn thành
jobs-state-failed = Thất bại
jobs-kind-sessions_sweep = Dọn phiên đăng nhập hết hạn
jobs-kind-files_sweep = Xóa tệp không còn dùng
jobs-kind-notifications_sweep = Tìm văn bản quá hạn, sắp đến hạn
jobs-kind-mail_send = Gửi thư điện tử
jobs-kind-certificates_refresh = Cập nhật trạng thái chứng thư số
jobs-kind-jobs_prune = Xóa công việc đã xong từ lâu

audit-head_hash = Mã băm cuối

account-title = Tài khoản của tôi
account-password = Đổi mật khẩu
account-must_change = Bạn cần đổi mật khẩu trước khi tiếp tục làm việc.
account-sessions = Phiên đăng nhập
account-this_session = phiên này
account-unknown_browser = Chương trình khác

field-signed_in = Đăng nhập lúc
field-last_seen = Hoạt động gần nhất
field-browser = Trình duyệt

action-close_other_sessions = Đăng xuất khỏi mọi nơi khác

account-tokens = Khóa truy cập API
account-no_tokens = Bạn chưa có khóa truy cập API nào.
account-token_once = Khóa mới của bạn (chỉ hiện một lần, hãy lưu lại ngay):

api-title = Tài liệu API
api-parameter = Tham số
api-in = Vị trí
api-required = Bắt buộc
api-description = Mô tả
api-body = Nội dung gửi
api-responses = Kết quả
api-schemas = Cấu trúc dữ liệu

change-created = Tạo mới

field-parent_id = Đơn vị cấp trên
field-unit_id = Đơn vị
field-name = Tên
field-signature_sha256 = Mẫu chữ ký
field-username = Tên đăng nhập
field-password = Mật khẩu
field-first_password = Mật khẩu ban đầu
field-current_password = Mật khẩu hiện tại
field-new_password = Mật khẩu mới
field-full_name = Họ và tên
field-representative = Người đại diện
field-position = Chức vụ
field-unit = Đơn vị
field-unit_name = Tên đơn vị
field-parent = Đơn vị cấp trên
field-new_parent = Chuyển về đơn vị
field-abbreviation = Tên viết tắt
field-org_id = Mã định danh (QCVN 102)
field-kind = Loại đơn vị
field-level = Mức chữ ký số
sign-level_when_signed = { $level ->
        [B-B] chữ ký cơ bản
        [B-T] có dấu thời gian
        [B-LT] có dấu thời gian và dữ liệu kiểm tra lâu dài
        [B-LTA] có dấu thời gian lưu trữ dài hạn
       *[other] mức { $level }
    }
field-unit_level = Cấp trong cơ cấu
org-level_of = Cấp { $level }
history-system = Hệ thống
field-signed_by = Chứng thư số của
field-attachments_sealed = Số phụ lục được đóng dấu
field-account_kind = Loại tài khoản
field-role = Vai trò
field-roles = Vai trò
field-clearance = Độ mật được tiếp cận
field-email = Thư điện tử
field-phone = Điện thoại
field-organisation_name = Tên tổ chức
field-tax_code = Mã số thuế
field-active = Đang hoạt động
field-unit_status = Tình trạng đơn vị
unit_status-active = Đang hoạt động
unit_status-closed = Đã giải thể
field-notation_code = Chữ viết tắt trên ký hiệu
field-outgoing_series = Sổ cấp số văn bản đi
field-review_chain = Người duyệt dự thảo
field-status = Trạng thái
field-created_at = Ngày tạo
field-closed_at = Ngày giải thể
field-when = Thời gian
field-who = Người thực hiện
field-address = Địa chỉ
field-ip = Địa chỉ IP
field-action = Thao tác
field-entity = Đối tượng
field-entity_type = Loại đối tượng
field-entity_id = Số, ký hiệu hoặc mã
field-change = Nội dung thay đổi
field-from = Từ ngày
field-to = Đến ngày
field-recipients = Nơi nhận trong Cục
field-outside_recipients = Nơi nhận bên ngoài
field-proposed = Đề nghị gia hạn đến
field-asked_by = Người đề nghị
field-signature_file = Tệp ảnh chữ ký (PNG, JPEG, tối đa 1 MB)
field-token_name = Tên khóa
field-prefix = Mở đầu
field-last_used = Dùng lần cuối
field-token_term = Thời hạn
field-expires_at = Hết hạn

status-expired = Đã hết hạn

unit-days = ngày

filter-search = Tìm kiếm
filter-apply = Lọc
filter-clear = Bỏ lọc
filter-from_figure = Các văn bản được tính trong số liệu bạn vừa mở từ trang thống kê:
filter-back_to_figures = Về trang thống kê

list-empty = Không có kết quả.
list-fix_filters = Sửa bộ lọc được đánh dấu ở trên để xem danh sách.
list-next = Trang sau
list-total = { $count } kết quả
list-total_more = Hơn { $count } kết quả
list-page_of = Trang { $page }/{ $pages }
list-page_n = Trang { $page }
list-previous = Trang trước
list-sort_by = Sắp xếp theo { $column }
list-sorted_asc = tăng dần
list-sorted_desc = giảm dần

field-sort = Thứ tự
sort-relevance = Phù hợp nhất

sort-incoming--number = Mới vào sổ trước
sort-incoming-number = Cũ trước
sort-incoming--received = Ngày đến, mới nhất trước
sort-incoming-received = Ngày đến, cũ nhất trước
sort-incoming-deadline = Hạn xử lý, sớm nhất trước (văn bản đang xử lý lên đầu)
sort-incoming--deadline = Hạn xử lý, muộn nhất trước (văn bản đang xử lý lên đầu)
sort-outgoing--number = Mới soạn trước
sort-outgoing-number = Cũ trước
sort-outgoing--issued = Ngày ban hành, mới nhất trước
sort-outgoing-issued = Ngày ban hành, cũ nhất trước
sort-dossiers--number = Mới lập trước
sort-dossiers-number = Cũ trước
sort-dossiers-title = Tiêu đề, A đến Z
sort-dossiers--title = Tiêu đề, Z đến A
sort-audit--when = Mới nhất trước
sort-audit-when = Cũ nhất trước
sort-audit-who = Người thực hiện, A đến Z
sort-audit--who = Người thực hiện, Z đến A

field-page = Trang
field-before = Trang
field-after = Trang

fe-unknown_sort = Danh sách không sắp xếp được theo cột này
fe-page_range = Số trang không hợp lệ
fe-paging_by_key = Hãy chọn trang theo số khi đã sắp xếp danh sách

form-has_errors = Vui lòng sửa các lỗi dưới đây.

notice-saved = Đã lưu.
org-created = Đã thêm đơn vị.

hint-org_id = Dạng V1V2V3.Z1Z2.Y1Y2.MX1X2, ví dụ 000.01.27.G12.
hint-password = Ít nhất 10 ký tự, gồm chữ và số hoặc ký hiệu, không chứa tên đăng nhập.
hint-reset_password = Người dùng sẽ phải đổi mật khẩu ở lần đăng nhập sau; mọi phiên đang mở bị đóng.
hint-tokens = Dùng cho phần mềm kết nối qua API: gửi kèm tiêu đề Authorization: Bearer <khóa>.

action-create = Tạo mới
action-save = Lưu
action-move = Chuyển
action-close_unit = Giải thể đơn vị
org-confirm_close = Tôi xác nhận giải thể đơn vị này
action-reopen_unit = Khôi phục đơn vị
action-upload = Tải lên
action-reset_password = Đặt lại mật khẩu
action-change_password = Đổi mật khẩu
action-issue_token = Tạo khóa
action-revoke = Thu hồi

error-unauthenticated = Bạn cần đăng nhập
error-forbidden = Bạn không có quyền thực hiện việc này
error-not_found = Không tìm thấy
error-home = Về trang chủ
error-back = Quay lại trang trước
error-not_found_why = Trang bạn mở không có, đã bị xóa, hoặc không còn thuộc phạm vi bạn được xem (chẳng hạn văn bản đã chuyển cho đơn vị khác); hãy kiểm tra lại địa chỉ, hoặc tìm điều bạn cần.
error-to_list = Về danh sách
error-search = Tìm kiếm
error-search_letters = Tìm văn bản đến
error-search_letters_hint = Số, ký hiệu hoặc trích yếu văn bản
error-search_outgoing = Tìm văn bản đi
error-search_outgoing_hint = Số, ký hiệu hoặc trích yếu văn bản
error-search_services = Tìm thủ tục hành chính
error-search_services_hint = Tên thủ tục, lĩnh vực hoặc mã thủ tục
error-no_route = Không có địa chỉ API này
error-password_change_required = Bạn cần đổi mật khẩu trước
error-csrf = Biểu mẫu đã hết hạn hoặc không hợp lệ, vui lòng tải lại trang
error-invalid = Dữ liệu chưa hợp lệ
error-bad_request = Yêu cầu không đúng định dạng
error-unprocessable = Dữ liệu không đúng kiểu
error-conflict = Dữ liệu đã bị người khác thay đổi hoặc không phù hợp với trạng thái hiện tại
error-too_many_attempts = Quá nhiều lần thử
error-payload_too_large = Dữ liệu gửi lên quá lớn
error-payload_too_large_why = Mỗi tệp tải lên tối đa { $mb } MB, mỗi ô nhập tối đa vài nghìn ký tự. Dùng nút Quay lại của trình duyệt để trở lại trang trước: những gì đã nhập thường vẫn còn ở đó.
error-unsupported_media_type = Định dạng dữ liệu không được hỗ trợ
error-internal = Lỗi hệ thống, vui lòng thử lại sau

fe-required = Không được để trống.
fe-unconfirmed = Hãy đánh dấu ô xác nhận: thao tác này không hoàn tác được.
fe-missing = Chưa có tài liệu này: hãy tải lên tệp PDF.
fe-count = Hãy yêu cầu ít nhất một mục.
fe-count_range = Ghi số nguyên, không quá 100.000.
fe-number_too_large = Số quá lớn: không quá 1.000.000.000.000.000.
fe-wrong_type = Giá trị không đúng kiểu (ví dụ: chữ ở chỗ cần số).

verify-sha1 = Chữ ký dùng thuật toán băm SHA-1: đã kiểm tra và chữ ký còn nguyên vẹn, nhưng SHA-1 không còn được chấp nhận cho chữ ký mới.

fe-tax_code_taken = Doanh nghiệp có mã số thuế này đã có tài khoản; người giữ tài khoản đó nộp hồ sơ thay doanh nghiệp.
fe-too_long = Quá dài.
fe-too_short = Quá ngắn.
fe-control_chars = Chứa ký tự không hợp lệ.
fe-invalid_org_id = Mã định danh phải có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2, ví dụ 000.01.27.G12.
fe-invalid_org_id_levels = Mã định danh có cấp dưới khác 0 trong khi cấp trên bằng 0.
fe-invalid_abbreviation = Chỉ gồm chữ, số và dấu gạch nối ở giữa.
fe-invalid_choice = Giá trị không hợp lệ.
fe-taken = Đã được sử dụng.
fe-abbreviation_taken = Một đơn vị khác cùng cấp trên đã dùng tên viết tắt này.
fe-not_found = Không tồn tại.
fe-not_a_number = Phải là số.
fe-negative_number = Không được nhỏ hơn 0.
fe-whole_number = Nhập số nguyên, ví dụ 3.
fe-ambiguous_number = Chưa rõ số này: viết 2500 nếu là hai nghìn năm trăm, hoặc 2,5 nếu là hai phẩy năm.
fe-too_deep = Cơ cấu tổ chức tối đa 4 cấp.
fe-move_into_own_subtree = Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.
fe-parent_closed = Đơn vị cấp trên đã giải thể.
fe-root_fixed = Không thể chuyển Cục.
fe-unit_closed = Đơn vị đã giải thể.
fe-invalid_username = Chỉ gồm chữ a-z, số và . _ - @ +.
fe-invalid_email = Địa chỉ thư điện tử không hợp lệ.
fe-invalid_phone = Số điện thoại không hợp lệ (ví dụ: 0912 345 678).
fe-invalid_tax_code = Mã số thuế gồm 10 chữ số, hoặc 10 chữ số - 3 chữ số.
fe-tax_code_checksum = Mã số thuế sai chữ số kiểm tra.
fe-too_weak = Phải gồm cả chữ và số hoặc ký hiệu.
fe-contains_username = Không được chứa tên đăng nhập.
fe-wrong_password = Mật khẩu hiện tại không đúng.
fe-unchanged = Mật khẩu mới phải khác mật khẩu hiện tại.
fe-file_too_large = Tệp quá lớn (tối đa 1 MB).
fe-wrong_file_type = Tệp không phải ảnh PNG hoặc JPEG.
fe-login_failed = Tên đăng nhập hoặc mật khẩu không đúng.

nav-dossiers = Hồ sơ công việc

fe-choose = Hãy chọn một mục.
fe-lead_coordinates = Đơn vị chủ trì không đồng thời là đơn vị phối hợp: bỏ chọn đơn vị này ở mục phối hợp.
fe-choose_one = Chọn đúng một văn bản hoặc một tệp.
fe-choose_role = Chọn ít nhất một vai trò.
fe-invalid_retention = Thời hạn bảo quản là số năm hoặc vĩnh viễn.
fe-not_in_unit = Phải là người của đơn vị.
fe-empty = Hồ sơ chưa có văn bản nào.

nav-registers = Sổ sách

fe-before_start = Không được trước ngày bắt đầu.

done-outgoing-created = Đã lưu dự thảo. Bước tiếp theo: trình duyệt (ở mục “Trình duyệt” bên dưới).
done-outgoing-revise = Đã cập nhật dự thảo.
done-outgoing-edit = Đã sửa thông tin dự thảo.
done-outgoing-submit = Đã trình duyệt: dự thảo chờ người duyệt ghi ở mục “Đang chờ”.
done-outgoing-approve = Đã duyệt.
done-outgoing-send-back = Đã trả lại cho người soạn thảo.
done-outgoing-withdraw = Đã rút lại dự thảo; bạn có thể sửa và trình lại.
done-outgoing-issue = Đã cấp số và ngày ban hành. Bước tiếp theo: đóng dấu số rồi phát hành (văn bản ký trên giấy: đưa bản quét vào trước).
done-outgoing-sign = Đã ký số.
done-outgoing-seal = Đã đóng dấu số. Bước tiếp theo: phát hành.
done-outgoing-scan = Đã đưa bản quét văn bản giấy đã ký vào văn bản. Bước tiếp theo: đóng dấu số.
done-outgoing-send = Đã phát hành: các đơn vị trong Cục nhận ngay; nơi nhận bên ngoài nhận qua trục liên thông văn bản.
done-outgoing-recall = Đã thu hồi.
done-incoming-registered = Đã vào sổ văn bản đến.
done-incoming-route = Đã cho ý kiến chỉ đạo.
done-incoming-assign = Đã giao xử lý.
done-incoming-complete = Đã hoàn thành xử lý.
done-incoming-return = Đã trả lại nơi gửi.
done-incoming-correct = Đã sửa thông tin đăng ký; nội dung cũ được ghi lại trong quá trình xử lý.
done-incoming-hand_back = Đã trả lại lãnh đạo để chuyển đơn vị khác; lãnh đạo đã được thông báo.
done-incoming-note = Đã ghi chú.
done-incoming-extend = Đã gia hạn xử lý.
done-incoming-ask_extension = Đã gửi đề nghị gia hạn.
done-incoming-decline_extension = Đã trả lời không đồng ý gia hạn; người đề nghị đã được báo.

account-api_docs = Tài liệu API

nav-notifications = Thông báo
nav-account = Tài khoản

notifications-title = Thông báo

notice-registration_again-title = Có người đăng ký lại bằng địa chỉ của bạn
notice-registration_again-body = Vừa có yêu cầu đăng ký tài khoản dịch vụ công mới bằng địa chỉ { $username }, đã có tài khoản. Không có tài khoản nào được tạo thêm. Nếu là bạn, hãy đăng nhập bằng tài khoản hiện có; nếu quên mật khẩu, chọn "Quên mật khẩu?" trên trang đăng nhập.
notice-verify_email-title = Xác nhận địa chỉ thư điện tử
notice-verify_email-body = Tài khoản dịch vụ công { $username } đã được đăng ký với địa chỉ này. Mở đường dẫn dưới đây trong { $hours } giờ để xác nhận; nếu không phải bạn đăng ký, hãy bỏ qua thư này.
notice-incoming_overdue-title = Văn bản đến số { $arrival }/{ $year } ({ $notation }) đã quá hạn giải quyết
notice-incoming_overdue-body = Hạn giải quyết là ngày { $deadline_day }. Vui lòng xử lý ngay; nếu cần thêm thời gian, gửi đề nghị gia hạn trên trang văn bản.
notice-incoming_overdue_secret-title = Văn bản đến số { $arrival }/{ $year } (văn bản mật) đã quá hạn giải quyết
notice-incoming_overdue_secret-body = Hạn giải quyết là ngày { $deadline_day }. Vui lòng xử lý ngay; nếu cần thêm thời gian, gửi đề nghị gia hạn trên trang văn bản.
notice-incoming_due_soon-title = Văn bản đến số { $arrival }/{ $year } ({ $notation }) sắp đến hạn giải quyết
notice-incoming_due_soon-body = Hạn giải quyết là ngày { $deadline_day }.
notice-incoming_due_soon_secret-title = Văn bản đến số { $arrival }/{ $year } (văn bản mật) sắp đến hạn giải quyết
notice-incoming_due_soon_secret-body = Hạn giải quyết là ngày { $deadline_day }.
notice-incoming_registered-title = Văn bản đến số { $arrival }/{ $year } ({ $notation }) chờ anh/chị cho ý kiến chỉ đạo
notice-incoming_registered-body = Trích yếu: { $subject }. Vui lòng cho ý kiến chỉ đạo và chuyển đơn vị chủ trì.
notice-incoming_registered_secret-title = Văn bản đến số { $arrival }/{ $year } (văn bản mật) chờ anh/chị cho ý kiến chỉ đạo
notice-incoming_registered_secret-body = Văn bản mật chỉ đọc được khi mở văn bản: mở để xem và cho ý kiến chỉ đạo.
notice-incoming_routed-title = Văn bản đến số { $arrival }/{ $year } ({ $notation }) được chuyển đơn vị anh/chị chủ trì
notice-incoming_routed-body = Trích yếu: { $subject }.{ $has_deadline ->
        [yes] { " " }Hạn xử lý: { $deadline_day }.
       *[no] { "" }
    } Vui lòng phân công người xử lý.{ $has_note ->
        [yes] { " " }Ý kiến chỉ đạo: { $note }
       *[no] { "" }
    }
notice-incoming_routed_secret-title = Văn bản đến số { $arrival }/{ $year } (văn bản mật) được chuyển đơn vị anh/chị chủ trì
notice-incoming_routed_secret-body = Văn bản mật chỉ đọc được khi mở văn bản: mở để xem và phân công người xử lý.{ $has_deadline ->
        [yes] { " " }Hạn xử lý: { $deadline_day }.
       *[no] { "" }
    }
notice-incoming_handed_back-title = Văn bản đến số { $arrival }/{ $year } ({ $notation }) được trả lại, chờ anh/chị chỉ đạo lại
notice-incoming_handed_back-body = Trích yếu: { $subject }. { $by } trả lại, lý do: “{ $note }”. Vui lòng cho ý kiến chỉ đạo và chuyển đơn vị chủ trì khác.
notice-incoming_handed_back_secret-title = Văn bản đến số { $arrival }/{ $year } (văn bản mật) được trả lại, chờ anh/chị chỉ đạo lại
notice-incoming_handed_back_secret-body = Văn bản mật chỉ đọc được khi mở văn bản. { $by } đã trả lại: mở để xem lý do và cho ý kiến chỉ đạo lại.
notice-incoming_coordinating-title = Văn bản đến số { $arrival }/{ $year } ({ $notation }): đơn vị anh/chị phối hợp xử lý
notice-incoming_coordinating-body = Trích yếu: { $subject }.{ $has_deadline ->
        [yes] { " " }Hạn xử lý: { $deadline_day }.
       *[no] { "" }
    } Đơn vị anh/chị được giao phối hợp với đơn vị chủ trì.{ $has_note ->
        [yes] { " " }Ý kiến chỉ đạo: { $note }
       *[no] { "" }
    }
notice-incoming_coordinating_secret-title = Văn bản đến số { $arrival }/{ $year } (văn bản mật): đơn vị anh/chị phối hợp xử lý
notice-incoming_coordinating_secret-body = Văn bản mật chỉ đọc được khi mở văn bản; đơn vị anh/chị được giao phối hợp với đơn vị chủ trì.{ $has_deadline ->
        [yes] { " " }Hạn xử lý: { $deadline_day }.
       *[no] { "" }
    }
notice-incoming_assigned-title = Anh/chị được giao xử lý văn bản đến số { $arrival }/{ $year } ({ $notation })
notice-incoming_assigned-body = Trích yếu: { $subject }.{ $has_deadline ->
        [yes] { " " }Hạn xử lý: { $deadline_day }.
       *[no] { "" }
    }{ $has_note ->
        [yes] { " " }Ý kiến giao việc: { $note }
       *[no] { "" }
    }
notice-incoming_assigned_secret-title = Anh/chị được giao xử lý văn bản đến số { $arrival }/{ $year } (văn bản mật)
notice-incoming_assigned_secret-body = Văn bản mật chỉ đọc được khi mở văn bản.{ $has_deadline ->
        [yes] { " " }Hạn xử lý: { $deadline_day }.
       *[no] { "" }
    }
notice-incoming_extension_asked-title = Đề nghị gia hạn xử lý văn bản đến số { $arrival }/{ $year } ({ $notation })
notice-incoming_extension_asked-body = { $by } đề nghị gia hạn đến { $deadline_day }. Trích yếu: { $subject }.{ $has_note ->
        [yes] { " " }Lý do: { $note }
       *[no] { "" }
    }
notice-incoming_extension_asked_secret-title = Đề nghị gia hạn xử lý văn bản đến số { $arrival }/{ $year } (văn bản mật)
notice-incoming_extension_asked_secret-body = { $by } đề nghị gia hạn đến { $deadline_day }. Lý do chỉ đọc được khi mở văn bản.
notice-incoming_extended-title = Văn bản đến số { $arrival }/{ $year } ({ $notation }) được gia hạn xử lý
notice-incoming_extended-body = { $by } gia hạn xử lý đến { $deadline_day }. Trích yếu: { $subject }.{ $has_note ->
        [yes] { " " }Lý do: { $note }
       *[no] { "" }
    }
notice-incoming_extended_secret-title = Văn bản đến số { $arrival }/{ $year } (văn bản mật) được gia hạn xử lý
notice-incoming_extended_secret-body = { $by } gia hạn xử lý đến { $deadline_day }.
notice-incoming_reassigned_away-title = Văn bản đến số { $arrival }/{ $year } ({ $notation }) đã được giao cho người khác
notice-incoming_reassigned_away-body = Người xử lý mới: { $by }. Anh/chị không còn phải xử lý văn bản này. Trích yếu: { $subject }.{ $has_note ->
        [yes] { " " }Ghi chú: { $note }
       *[no] { "" }
    }
notice-incoming_reassigned_away_secret-title = Văn bản đến số { $arrival }/{ $year } (văn bản mật) đã được giao cho người khác
notice-incoming_reassigned_away_secret-body = Người xử lý mới: { $by }. Anh/chị không còn phải xử lý văn bản này.
notice-incoming_extension_passed_on-title = Đề nghị gia hạn văn bản đến số { $arrival }/{ $year } ({ $notation }) đã được chuyển lên lãnh đạo
notice-incoming_extension_passed_on-body = { $by } đã đề nghị lãnh đạo gia hạn đến { $deadline_day }. Trích yếu: { $subject }.
notice-incoming_extension_passed_on_secret-title = Đề nghị gia hạn văn bản đến số { $arrival }/{ $year } (văn bản mật) đã được chuyển lên lãnh đạo
notice-incoming_extension_passed_on_secret-body = { $by } đã đề nghị lãnh đạo gia hạn đến { $deadline_day }.
notice-incoming_extension_declined-title = Đề nghị gia hạn văn bản đến số { $arrival }/{ $year } ({ $notation }) không được đồng ý
notice-incoming_extension_declined-body = { $by } không đồng ý gia hạn; hạn xử lý giữ nguyên: { $deadline_day }. Trích yếu: { $subject }.{ $has_note ->
        [yes] { " " }Lý do: { $note }
       *[no] { "" }
    }
notice-incoming_extension_declined_secret-title = Đề nghị gia hạn văn bản đến số { $arrival }/{ $year } (văn bản mật) không được đồng ý
notice-incoming_extension_declined_secret-body = { $by } không đồng ý gia hạn; hạn xử lý giữ nguyên: { $deadline_day }. Lý do chỉ đọc được khi mở văn bản.
notice-dossier_result_issued-title = Hồ sơ { $code } đã có văn bản kết quả
notice-dossier_result_issued-body = Văn bản { $notation } đã được ban hành. Vui lòng trả kết quả cho người nộp trên trang hồ sơ.
notice-outgoing_review-title = Dự thảo chờ anh/chị cho ý kiến: { $subject }
notice-outgoing_review-body = Dự thảo của { $author }. Vui lòng xem xét, duyệt hoặc trả lại.
notice-outgoing_review_secret-title = Một dự thảo mật chờ anh/chị cho ý kiến
notice-outgoing_review_secret-body = Dự thảo mật chỉ đọc được khi mở dự thảo.
notice-outgoing_to_issue-title = Văn bản đã được duyệt và ký, chờ cấp số: { $subject }
notice-outgoing_to_issue-body = Vui lòng cấp số, đóng dấu và phát hành.
notice-outgoing_to_issue_secret-title = Một văn bản mật đã được duyệt và ký, chờ cấp số
notice-outgoing_to_issue_secret-body = Văn bản mật chỉ đọc được khi mở văn bản: mở để cấp số, đóng dấu và phát hành.
notice-outgoing_sent_back-title = Dự thảo được trả lại: { $subject }
notice-outgoing_sent_back-body = { $by } trả lại với ý kiến: “{ $reason }”. Vui lòng sửa dự thảo và trình lại.
notice-outgoing_sent_back_secret-title = Dự thảo mật của anh/chị được trả lại
notice-outgoing_sent_back_secret-body = Dự thảo mật: ý kiến của người duyệt chỉ đọc được khi mở dự thảo.
notice-outgoing_sent-title = Văn bản của anh/chị đã được phát hành, số { $notation }
notice-outgoing_sent-body = Trích yếu: { $subject }.
notice-outgoing_sent_secret-title = Văn bản mật của anh/chị đã được phát hành, số { $notation }
notice-outgoing_sent_secret-body = Văn bản mật chỉ đọc được khi mở văn bản.
notice-certificate_expiring-title = Chứng thư số sắp hết hạn
notice-certificate_expiring-body = Chứng thư số { $subject } hết hạn ngày { $expiry_day }. Đề nghị cấp chứng thư số mới trước ngày này.
notice-application_accepted-title = Hồ sơ { $code }: đã được tiếp nhận
notice-application_accepted-body = Hồ sơ đã được tiếp nhận và chuyển cơ quan giải quyết.
notice-application_submitted-title = Hồ sơ { $code }: đã nộp trực tuyến
notice-application_submitted-body = Hồ sơ đã được nộp với mã { $code }. Bộ phận một cửa sẽ kiểm tra và thông báo tiếp nhận; theo dõi hồ sơ bằng mã này.
notice-application_paid-title = Hồ sơ { $code }: đã nộp phí, lệ phí
notice-application_paid-body = Đã nhận { $amount_dong } đồng phí, lệ phí của hồ sơ { $code } (biên lai số { $receipt }).
notice-application_incomplete-title = Hồ sơ { $code }: cần bổ sung, hoàn thiện
notice-application_incomplete-body = Yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02): { $reason }
notice-application_refused-title = Hồ sơ { $code }: không được tiếp nhận
notice-application_refused-body = Từ chối tiếp nhận hồ sơ (mẫu 03): { $reason }
notice-application_result-title = Hồ sơ { $code }: đã có kết quả giải quyết
notice-application_result-body = Có kết quả giải quyết: văn bản số { $notation } ({ $subject }), ký số; nhận trực tuyến tại cổng dịch vụ công hoặc tại Bộ phận tiếp nhận và trả kết quả.
notice-archive_request_approved-title = Hồ sơ { $code }: yêu cầu khai thác tài liệu lưu trữ được chấp thuận
notice-archive_request_approved-body = Lưu trữ địa chất đã chấp thuận yêu cầu khai thác tài liệu của hồ sơ { $code }. Đọc tài liệu tại trang Yêu cầu khai thác tài liệu. { $note }
notice-archive_copies_approved-title = Hồ sơ { $code }: yêu cầu cấp bản sao tài liệu lưu trữ được chấp thuận
notice-archive_copies_approved-body = Lưu trữ địa chất đã chấp thuận cấp bản sao cho hồ sơ { $code }. Bản sao có chữ ký số đang được lập; khi xong, ông/bà được báo và tải bản sao tại trang Yêu cầu khai thác tài liệu. { $note }
notice-archive_request_waiting-title = Hồ sơ { $code }: yêu cầu khai thác tài liệu chờ quyết định
notice-archive_request_waiting-body = Bộ phận một cửa đã tiếp nhận hồ sơ { $code } yêu cầu khai thác tài liệu lưu trữ. Xem và quyết định tại trang Yêu cầu khai thác tài liệu.
notice-archive_request_refused-title = Hồ sơ { $code }: yêu cầu khai thác tài liệu lưu trữ không được chấp thuận
notice-archive_request_refused-body = Lý do: { $note }
notice-archive_appointment-title = Hồ sơ { $code }: lịch hẹn đọc tài liệu tại phòng đọc
notice-archive_appointment-body = Mời ông/bà đến Phòng đọc của Trung tâm Thông tin, Lưu trữ và Dữ liệu Địa chất lúc { $visit_time } ngày { $visit_day }, mang theo giấy tờ tùy thân và mã hồ sơ { $code }. { $note }
notice-licence_expiring-title = Giấy phép { $number } sắp hết hạn
notice-licence_expiring-body = Giấy phép { $number } của { $holder } hết hiệu lực ngày { $due_day }.
notice-licence_extension_deadline-title = Giấy phép { $number }: sắp hết hạn nộp hồ sơ gia hạn
notice-licence_extension_deadline-body = Hồ sơ đề nghị gia hạn giấy phép { $number } của { $holder } phải nộp chậm nhất ngày { $due_day } (khi giấy phép còn hiệu lực ít nhất 45 ngày).
notice-licence_report_due-title = Giấy phép { $number }: báo cáo năm { $year }
notice-licence_report_due-body = Báo cáo kết quả hoạt động khoáng sản năm { $year } theo giấy phép { $number } của { $holder } phải nộp chậm nhất ngày { $due_day }.
notice-licence_fee_due-title = Giấy phép { $number }: tiền cấp quyền khai thác năm { $year }
notice-licence_fee_due-body = Tiền cấp quyền khai thác khoáng sản năm { $year } theo giấy phép { $number } của { $holder } phải nộp chậm nhất ngày { $due_day }.
notice-application_apology-title = Hồ sơ { $code }: xin lỗi và hẹn lại ngày trả kết quả
notice-application_apology-body = Thư xin lỗi và hẹn lại ngày trả kết quả (mẫu 04): { $reason }. Hẹn lại ngày { $new_day } (hạn cũ { $old_day }). Cơ quan giải quyết thành thật xin lỗi.
notice-application_officer_message-title = Hồ sơ { $code }: tin nhắn từ cán bộ
notice-application_officer_message-body = { $text }
notice-application_message-title = Tin nhắn về hồ sơ { $code }
notice-application_message-body = { $text }
notice-application_overdue-title = Hồ sơ { $code } đã quá hạn trả kết quả
notice-application_overdue-body = Hạn trả kết quả là ngày { $due_day }. Trả kết quả ngay khi có.
notice-application_due_soon-title = Hồ sơ { $code } sắp đến hạn trả kết quả
notice-application_due_soon-body = Hạn trả kết quả là ngày { $due_day } (còn { $days_left } ngày làm việc). Nếu không kịp, thư xin lỗi và hẹn lại ngày (mẫu 04) phải gửi chậm nhất ngày { $apologise_day }.

notifications-mark_all = Đánh dấu đã đọc tất cả
notifications-none = Chưa có thông báo.
notifications-all = Tất cả
notifications-unread = Chưa đọc
notifications-new = Mới
notifications-none_unread = Không còn thông báo chưa đọc.

nav-types = Loại văn bản
nav-certificates = Chứng thư số

conflict-the_request_is_decided_already__or_its_dossier_is_not_accepted_at_the_desk = Yêu cầu đã được quyết định, hoặc hồ sơ chưa được Bộ phận một cửa tiếp nhận.
conflict-another_version_of_this_procedure_was_saved_since_the_form_was_opened = Một phiên bản khác của thủ tục vừa được lưu sau khi anh/chị mở trang này. Những gì anh/chị đã nhập vẫn còn nguyên bên dưới: hãy đối chiếu với phiên bản vừa lưu, rồi bấm lưu lần nữa nếu vẫn muốn lưu nội dung của mình.
conflict-a_document_lode_delivered_is_corrected_by_its_sender__who_sends_it_anew = Văn bản do hệ thống chuyển đến được nơi gửi sửa và gửi lại, không sửa ở đây.
conflict-the_document_is_signed_already__it_is_no_longer_sent_back = Văn bản đã được ký: không trả lại được nữa.
conflict-the_request_is_decided_already = Yêu cầu đã được quyết định.
conflict-no_fee_is_owed_for_a_refused_request = Yêu cầu không được chấp thuận nên không phải nộp phí.
conflict-only_a_draft_not_filed_yet_is_discarded__a_dossier_filed_is_withdrawn = Chỉ xóa được hồ sơ nháp chưa nộp; hồ sơ đã nộp thì rút hồ sơ.
conflict-the_draft_was_filed_meanwhile__it_is_withdrawn__not_discarded = Hồ sơ vừa được nộp nên không xóa được; nếu cần, hãy rút hồ sơ.
conflict-the_request_is_no_approved_copy = Yêu cầu không phải là yêu cầu sao chụp đã được phê duyệt.
conflict-the_request_is_filed_already = Yêu cầu đã được nộp.
conflict-the_dossier_is_no_longer_in_handling = Hồ sơ không còn trong giai đoạn giải quyết (đã rút, hoặc đã có kết quả).
conflict-the_dossier_s_result_is_an_outgoing_document_of_the_office__not_a_paper_of_its_own = Kết quả của hồ sơ này là văn bản đi của cơ quan, không phải văn bản do đơn vị tự lập.
conflict-the_submission_was_decided_or_changed_by_someone_else = Hồ sơ giao nộp đã được người khác quyết định hoặc thay đổi. Hãy tải lại trang để xem kết quả.
conflict-the_entry_was_not_checked = Thông tin mục lục chưa được kiểm tra.
conflict-the_submission_is_not_decided = Hồ sơ giao nộp chưa có quyết định thu nhận hay trả lại.
conflict-the_submission_has_no_paper_yet = Hồ sơ giao nộp chưa có biên bản hoặc thông báo.
conflict-the_paper_is_made__or_being_made__nothing_to_try_again = Văn bản đã được lập hoặc đang được lập, không cần làm lại.
conflict-other = Không thực hiện được: hồ sơ, văn bản đã thay đổi hoặc không ở bước cho phép thao tác này (có thể người khác vừa xử lý). Hãy tải lại trang để xem trạng thái hiện tại.
conflict-the_dossier_changed_already = Hồ sơ vừa thay đổi (có thể người khác vừa xử lý). Hãy tải lại trang để xem trạng thái hiện tại.
conflict-this_dossier_has_no_fee_to_pay = Hồ sơ này không có phí, lệ phí phải nộp.
conflict-the_fee_is_paid_already = Phí, lệ phí của hồ sơ đã được nộp.
conflict-the_result_has_no_PDF = Kết quả giải quyết chưa có tệp PDF.
conflict-the_dossier_has_no_such_paper = Hồ sơ không có phiếu này.
conflict-the_document_has_no_number_yet = Văn bản chưa được cấp số.
conflict-the_day_s_dossier_codes_are_used_up = Đã hết mã hồ sơ của ngày hôm nay.
conflict-only_a_failed_job_is_put_back_in_the_queue = Chỉ đưa lại vào hàng đợi được việc đã thất bại.
conflict-online_payment_is_not_available__pay_at_the_desk = Chưa có thanh toán trực tuyến: xin nộp phí, lệ phí tại Bộ phận tiếp nhận và trả kết quả.
conflict-lode_s_certificate_authority_is_not_set_up__lode_pki_init_ = Chưa thiết lập tổ chức cung cấp chứng thư số của lode (lệnh lode pki init).
conflict-lode_runs_no_certificate_authority_here__a_certificate_is_revoked_by_its_issuer = Máy chủ này không vận hành tổ chức cung cấp chứng thư số: chứng thư số do tổ chức cấp thu hồi.
conflict-this_certificate_was_issued_elsewhere__its_issuer_revokes_it__and_lode_reads_that_from_its_CRL = Chứng thư số này do tổ chức khác cấp: tổ chức đó thu hồi, lode đọc danh sách thu hồi (CRL) của họ.
conflict-confirm_your_e-mail_address_first__open_the_link_in_the_message_sent_to_it = Hãy xác nhận địa chỉ thư điện tử trước: mở liên kết trong thư đã gửi đến địa chỉ đó.
conflict-lode_must_keep_at_least_one_active_administrator__appoint_another_one_first = lode phải luôn có ít nhất một quản trị viên đang hoạt động: hãy giao quyền cho người khác trước.
conflict-the_department_itself_cannot_be_closed = Không thể giải thể chính Cục.
conflict-this_account_is_deactivated__ask_an_administrator_to_reactivate_it = Tài khoản này đã ngừng hoạt động: hãy liên hệ quản trị viên để được kích hoạt lại.
conflict-the_unit_still_has_units_under_it__move_or_close_them_first = Đơn vị còn đơn vị trực thuộc đang hoạt động: hãy chuyển hoặc giải thể các đơn vị đó trước.
conflict-the_unit_still_has_active_people__move_them_to_another_unit_first = Đơn vị còn cán bộ đang làm việc: hãy chuyển họ sang đơn vị khác trước.
conflict-the_document_changed_while_its_number_was_written = Văn bản vừa thay đổi trong lúc ghi số; hãy tải lại trang và thử lại.
conflict-the_document_is_already_in_this_dossier = Văn bản đã có trong hồ sơ này.
conflict-the_dossier_changed_since_it_was_read = Hồ sơ đã thay đổi kể từ khi mở trang; hãy tải lại trang.
conflict-the_dossier_is_not_filed_yet__there_is_no_one_to_write_to = Hồ sơ chưa được nộp nên chưa có nơi nhận tin nhắn.
conflict-the_dossier_is_not_submitted_yet__no_receipt = Hồ sơ chưa được nộp nên chưa có giấy tiếp nhận.
conflict-the_dossier_is_not_accepted__the_receipt_slip_is_issued_on_acceptance = Hồ sơ chưa được tiếp nhận: giấy tiếp nhận chỉ cấp khi Bộ phận một cửa tiếp nhận hồ sơ.
conflict-the_dossier_was_submitted_or_changed_already = Hồ sơ đã được nộp hoặc vừa thay đổi; hãy tải lại trang.
conflict-the_file_changed_while_it_was_being_signed = Tệp vừa thay đổi trong lúc ký; hãy tải lại trang và ký lại.
conflict-the_parent_unit_is_closed__reopen_it_first = Đơn vị cấp trên đã giải thể: hãy khôi phục đơn vị đó trước.
conflict-the_profile_changed_since_it_was_read = Thông tin tài khoản đã thay đổi kể từ khi mở trang; hãy tải lại trang.
conflict-the_report_was_changed_by_someone_else = Báo cáo vừa được người khác sửa; hãy tải lại trang.
conflict-the_report_was_submitted__it_can_no_longer_change = Báo cáo đã được gửi nên không sửa được nữa.
conflict-nobody_may_grant_more_time_now = Hiện không có lãnh đạo nào có thể gia hạn văn bản này: hãy báo trực tiếp cho lãnh đạo đã giao việc.
conflict-no_request_for_more_time_waits = Không còn đề nghị gia hạn nào chờ trả lời: có thể đề nghị đã được trả lời.
conflict-signed_in_lode__the_signed_file_is_the_document = Văn bản đã được lãnh đạo ký số trên hệ thống: tệp đã ký là văn bản, không thay bằng bản quét.
conflict-sealed_already = Văn bản đã được đóng dấu số nên không thay đổi được nữa.

services-title = Dịch vụ công trực tuyến

nav-desk = Một cửa
nav-applications = Hồ sơ của tôi
nav-services = Dịch vụ công
nav-archive = Lưu trữ địa chất
nav-licences = Giấy phép khoáng sản

track-title = Tra cứu hồ sơ

account-profile_business = Thông tin tổ chức
account-profile_citizen = Thông tin cá nhân

register-phone = Số điện thoại
register-organisation_name = Tên tổ chức, doanh nghiệp
register-tax_code = Mã số thuế
register-address = Địa chỉ
register-representative = Người đại diện theo pháp luật

fe-invalid_code = Gồm 1–10 chữ cái hoặc chữ số, bắt đầu bằng chữ in hoa.
fe-out_of_order = Lãnh đạo đơn vị duyệt trước lãnh đạo cơ quan.
fe-repeated = Mỗi người duyệt một lần.
fe-immutable = Không thay đổi được.

issuer_scope-ministry = Trong Bộ
issuer_scope-outside = Ngoài Bộ
issuer_scope-organisation = Đơn vị trong Cục

field-code = Mã
field-item_id = Mục
field-incoming_id = Văn bản đến
field-outgoing_id = Văn bản đi
field-on_issue = Khi cấp số

verify-title = Kiểm tra chữ ký số
app-coordinates = Chuyển đổi tọa độ
app-licence_map = Bản đồ khoáng sản
verify-hint = Tải lên văn bản PDF có chữ ký số để kiểm tra: ai ký, văn bản còn nguyên vẹn không, chữ ký có hợp lệ và được tin cậy không, có gì thay đổi sau khi ký. Tệp không được lưu lại.
verify-file = Tệp PDF
verify-check = Kiểm tra
verify-unreadable = Không đọc được tệp
verify-none = Văn bản không có chữ ký số.
verify-none_means = Không xác định được ai đã ban hành văn bản và văn bản có bị sửa đổi hay không. Hãy đối chiếu với bản gốc hoặc đề nghị nơi gửi cung cấp bản có chữ ký số.
verify-no_anchors = Chưa cấu hình chứng thư gốc tin cậy: chỉ kiểm tra tính toàn vẹn và chữ ký.
verify-signature = Chữ ký
verify-valid = Hợp lệ
verify-invalid = Không hợp lệ
verify-signer = Người ký
verify-time = Thời gian ký (khai báo)
verify-intact = Nội dung nguyên vẹn
verify-level = Mức chữ ký
verify-proven_time = Thời điểm ký (dấu thời gian)
verify-revocation = Tình trạng thu hồi
verify-cryptography = Chữ ký đúng
verify-trusted = Được tin cậy
verify-whole_file = Phạm vi chữ ký
verify-covers_all = Toàn bộ tệp
verify-covers_earlier = Bản của tệp lúc ký; phần thêm sau đó được nêu dưới đây
verify-verdict_ok = { $count ->
    [1] Chữ ký số hợp lệ; văn bản không bị thay đổi sau khi ký.
   *[other] Cả { $count } chữ ký số đều hợp lệ; văn bản không bị thay đổi sau khi ký.
}
verify-verdict_bad = Không nên tin cậy văn bản này: có chữ ký không hợp lệ hoặc nội dung đã bị thay đổi sau khi ký.
verify-verdict_failing = Chữ ký có vấn đề: số { $failing }. Xem chi tiết từng chữ ký dưới đây.
verify-changes = Thay đổi sau khi ký
verify-allowed = được phép
verify-not_allowed = KHÔNG được phép
verify-yes = Có
verify-no = Không
verify-another = Kiểm tra văn bản khác

fe-unreadable_pdf = Không đọc được tệp PDF.

step-verify_signatures = Kiểm tra chữ ký số

field-signatures = Chữ ký
field-valid = Hợp lệ
field-type_code = Loại văn bản
field-kind_of = Loại
field-self_registered = Tự đăng ký
field-serial = Số hiệu chứng thư số
field-certificate_issuer = Tổ chức cấp chứng thư số
item_kind-incoming = Văn bản đến
item_kind-outgoing = Văn bản đi
item_kind-file = Tệp tài liệu
field-place = Địa danh
org-place_hint = Địa danh ghi trước ngày tháng trên văn bản (ví dụ: Hà Nội). Để trống thì dùng địa danh của cơ quan cấp trên.
form-required_hint = Các mục có dấu * là bắt buộc.

fe-invalid = Giá trị không hợp lệ.
fe-unknown = Không có mục này; hãy chọn trong danh sách.
fe-range = Giá trị nằm ngoài khoảng cho phép.
fe-order = Thứ tự không hợp lệ: ngày kết thúc phải sau ngày bắt đầu.
fe-choice = Hãy chọn một mục trong danh sách.
fe-number = Hãy nhập một số (tối đa ba chữ số thập phân).
fe-unknown_field = Trường này không có trong biểu mẫu.
fe-mismatch = Mã không khớp với địa chỉ.
fe-invalid_range = Ngày bắt đầu phải trước ngày kết thúc, cách nhau không quá một năm.
list-too_many_to_rank = Quá nhiều văn bản khớp với từ khóa để xếp theo mức độ phù hợp: danh sách xếp mới nhất trước. Thêm từ hoặc bộ lọc để thu hẹp.
login-unconfirmed = Địa chỉ thư điện tử của tài khoản chưa được xác nhận. Đường dẫn xác nhận đã được gửi tới { $email } (nếu vừa gửi trong { $minutes } phút qua thì không gửi thêm): mở thư, bấm vào đường dẫn rồi đăng nhập lại. Không thấy thư thì xem cả mục thư rác.
login-username = Tên đăng nhập
login-username_hint = Có thể đăng nhập bằng tên đăng nhập hoặc bằng địa chỉ thư điện tử của tài khoản.
change-a_file = tệp đã tải lên
field-revoked_at = Thu hồi lúc
field-revocation_reason = Lý do thu hồi
front-lead = Cổng thông tin điện tử: dịch vụ công trực tuyến, tra cứu hồ sơ, giấy phép khoáng sản, bản đồ và tài liệu lưu trữ địa chất.
front-services_what = Tìm thủ tục hành chính, xem thành phần hồ sơ, lệ phí, thời hạn và nộp hồ sơ trực tuyến.
front-track_what = Xem tình trạng giải quyết hồ sơ bằng mã hồ sơ và số điện thoại đã khai.
front-verify_what = Kiểm tra chữ ký số và con dấu trên văn bản, giấy tờ điện tử do Cục ban hành.
front-licences_what = Tra cứu giấy phép thăm dò, khai thác khoáng sản còn hiệu lực.
front-map_what = Xem trên bản đồ các khu vực được cấp phép và khu vực cấm, tạm cấm hoạt động khoáng sản.
front-archive_what = Tìm báo cáo, tài liệu địa chất và đề nghị đọc, sao chụp tài liệu.
front-coordinates_what = Chuyển tọa độ giữa hệ VN-2000 và WGS84.
front-accounts = Tài khoản
front-accounts_what = Cán bộ đăng nhập bằng tài khoản được cấp. Tổ chức, cá nhân đăng ký tài khoản để nộp và theo dõi hồ sơ trực tuyến.
# the document types of Appendix III of Decree 30/2020, by their codes
doc_type-NQ = Nghị quyết (cá biệt)
doc_type-QDD = Quyết định (cá biệt)
doc_type-CT = Chỉ thị
doc_type-QC = Quy chế
doc_type-QyDD = Quy định
doc_type-TC = Thông cáo
doc_type-TB = Thông báo
doc_type-HD = Hướng dẫn
doc_type-CTr = Chương trình
doc_type-KH = Kế hoạch
doc_type-PA = Phương án
doc_type-DDA = Đề án
doc_type-DA = Dự án
doc_type-BC = Báo cáo
doc_type-BB = Biên bản
doc_type-TTr = Tờ trình
doc_type-HDD = Hợp đồng
doc_type-CV = Công văn
doc_type-CDD = Công điện
doc_type-BGN = Bản ghi nhớ
doc_type-BTT = Bản thỏa thuận
doc_type-GUQ = Giấy ủy quyền
doc_type-GM = Giấy mời
doc_type-GGT = Giấy giới thiệu
doc_type-GNP = Giấy nghỉ phép
doc_type-PG = Phiếu gửi
doc_type-PC = Phiếu chuyển
doc_type-PB = Phiếu báo
doc_type-THC = Thư công
doc_type-SY = Bản sao y
doc_type-TrS = Bản trích sao
doc_type-SL = Bản sao lục
doc_type-HSTT = Hồ sơ thủ tục hành chính
verify-level_b = chữ ký cơ bản, chưa có dấu thời gian
verify-level_t = có dấu thời gian chứng minh thời điểm ký
verify-level_lt = có dấu thời gian và dữ liệu để kiểm tra lâu dài
verify-level_lta = có dấu thời gian, dữ liệu kiểm tra lâu dài và dấu thời gian lưu trữ
done-person-created = Đã tạo tài khoản. Người dùng phải đổi mật khẩu khi đăng nhập lần đầu.
done-person-saved = Đã lưu thông tin cán bộ.
done-person-inactive = Đã lưu. Tài khoản đã ngừng hoạt động: người này không đăng nhập được cho đến khi được kích hoạt lại.
done-person-password_reset = Đã đặt lại mật khẩu; người dùng phải đổi mật khẩu khi đăng nhập lần sau.
done-person-signature = Đã lưu mẫu chữ ký.
fe-not_pdf_or_docx = Chỉ nhận tệp PDF hoặc DOCX.
login-forgotten = Quên mật khẩu?
forgotten-title = Quên mật khẩu
forgotten-lead = Nhập tên đăng nhập hoặc địa chỉ thư điện tử của tài khoản: hệ thống gửi tới địa chỉ thư điện tử của tài khoản một đường dẫn để đặt mật khẩu mới.
forgotten-who = Tên đăng nhập hoặc thư điện tử
forgotten-send = Gửi đường dẫn
fe-who_needed = Nhập tên đăng nhập hoặc địa chỉ thư điện tử.
forgotten-too_many = Đã có quá nhiều yêu cầu từ địa chỉ mạng này trong một giờ qua. Vui lòng thử lại sau.
forgotten-sent = Nếu tên hoặc địa chỉ này thuộc một tài khoản có địa chỉ thư điện tử, đường dẫn đặt lại mật khẩu đã được gửi tới đó; đường dẫn dùng được trong { $minutes } phút và một lần. Không thấy thư thì xem cả mục thư rác; tài khoản không có địa chỉ thư điện tử thì liên hệ quản trị hệ thống.
forgotten-new_title = Đặt mật khẩu mới
forgotten-for_account = Cho tài khoản { $username }.
forgotten-set = Đặt mật khẩu
forgotten-link_invalid = Đường dẫn không còn hiệu lực (đã dùng hoặc đã quá hạn)
forgotten-ask_again = Yêu cầu đường dẫn mới
forgotten-done = Đã đặt mật khẩu mới
forgotten-sign_in_as = Đăng nhập bằng tài khoản { $username } với mật khẩu mới. Các phiên đăng nhập khác của tài khoản đã kết thúc.
notice-password_reset-title = Đặt lại mật khẩu
notice-password_reset-body = Có yêu cầu đặt lại mật khẩu của tài khoản { $username }. Mở đường dẫn dưới đây trong { $minutes } phút để đặt mật khẩu mới; nếu không phải bạn yêu cầu, hãy bỏ qua thư này, mật khẩu cũ vẫn dùng được.
audit-action-account-password_reset_mailed = Gửi đường dẫn đặt lại mật khẩu
audit-action-account-password_reset_by_link = Đặt mật khẩu mới qua đường dẫn
fe-link_invalid = Đường dẫn không còn hiệu lực (đã dùng hoặc đã quá hạn).
file-limit = Tối đa { $mb } MB mỗi tệp.
file-too_large = Tệp quá lớn: mỗi tệp tối đa { $mb } MB.

people-in_hand = Công việc đang giữ
people-in_hand_hint = Trước khi chuyển người này sang đơn vị khác hoặc ngừng hoạt động tài khoản, hãy đề nghị lãnh đạo đơn vị giao lại các việc này cho người khác.
people-confirm_in_hand = Vẫn lưu: tôi biết người này còn công việc đang giữ
fe-work_in_hand = Người này còn công việc đang giữ (xem mục “Công việc đang giữ”): hãy giao lại trước, hoặc đánh dấu ô xác nhận dưới đây rồi lưu lại.
fe-scan_needed = Lãnh đạo ký trên bản giấy: hãy đưa bản quét văn bản giấy đã ký vào trước.
form-box_missing = Hãy điền mục này.
form-box_choose = Hãy chọn một trong các lựa chọn này.
form-box_mistyped = Giá trị chưa đúng dạng: hãy kiểm tra lại.
form-unsaved = Những thay đổi chưa lưu sẽ mất.
form-box_day_typed = Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2026.
form-day_pick = Chọn ngày trên lịch
form-file_pick = Chọn tệp
form-file_none = Chưa chọn tệp nào
form-files_many = %1 tệp
form-confirm_no = Quay lại
form-box_day_none = Không có ngày %1 trên lịch: hãy kiểm tra lại ngày và tháng.
form-box_tick = Hãy đánh dấu ô này nếu đúng như vậy.
form-box_day_max = Chọn ngày không muộn hơn %1.
form-box_day_min = Chọn ngày không sớm hơn %1.
form-box_number_max = Nhập số không lớn hơn %1.
form-box_number_min = Nhập số không nhỏ hơn %1.
