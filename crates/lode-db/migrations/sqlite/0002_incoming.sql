-- Incoming documents (văn bản đến) under Decree 30/2020: the document types as data, the
-- registers (one row per document, numbered per register unit, register and year), the
-- leader's routing, the handler, attachments and the timeline.

CREATE TABLE document_types (
    code          TEXT    PRIMARY KEY,
    name          TEXT    NOT NULL,
    notation_code TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    sort_order    INTEGER NOT NULL
);

-- Appendix III of Decree 30/2020 (codes keep their case). Công văn and thư công carry no
-- type code in their notation.
INSERT INTO document_types (code, name, notation_code, sort_order) VALUES
    ('NQ', 'Nghị quyết (cá biệt)', 'NQ', 1),
    ('QĐ', 'Quyết định (cá biệt)', 'QĐ', 2),
    ('CT', 'Chỉ thị', 'CT', 3),
    ('QC', 'Quy chế', 'QC', 4),
    ('QyĐ', 'Quy định', 'QyĐ', 5),
    ('TC', 'Thông cáo', 'TC', 6),
    ('TB', 'Thông báo', 'TB', 7),
    ('HD', 'Hướng dẫn', 'HD', 8),
    ('CTr', 'Chương trình', 'CTr', 9),
    ('KH', 'Kế hoạch', 'KH', 10),
    ('PA', 'Phương án', 'PA', 11),
    ('ĐA', 'Đề án', 'ĐA', 12),
    ('DA', 'Dự án', 'DA', 13),
    ('BC', 'Báo cáo', 'BC', 14),
    ('BB', 'Biên bản', 'BB', 15),
    ('TTr', 'Tờ trình', 'TTr', 16),
    ('HĐ', 'Hợp đồng', 'HĐ', 17),
    ('CV', 'Công văn', NULL, 18),
    ('CĐ', 'Công điện', 'CĐ', 19),
    ('BGN', 'Bản ghi nhớ', 'BGN', 20),
    ('BTT', 'Bản thỏa thuận', 'BTT', 21),
    ('GUQ', 'Giấy ủy quyền', 'GUQ', 22),
    ('GM', 'Giấy mời', 'GM', 23),
    ('GGT', 'Giấy giới thiệu', 'GGT', 24),
    ('GNP', 'Giấy nghỉ phép', 'GNP', 25),
    ('PG', 'Phiếu gửi', 'PG', 26),
    ('PC', 'Phiếu chuyển', 'PC', 27),
    ('PB', 'Phiếu báo', 'PB', 28),
    ('THC', 'Thư công', NULL, 29),
    ('SY', 'Bản sao y', 'SY', 30),
    ('TrS', 'Bản trích sao', 'TrS', 31),
    ('SL', 'Bản sao lục', 'SL', 32);

CREATE TABLE incoming_documents (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    register_unit_id INTEGER NOT NULL REFERENCES units(id),
    register         TEXT    NOT NULL CHECK (register IN ('regular', 'secret')),
    year             INTEGER NOT NULL,
    arrival_number   INTEGER NOT NULL,
    received_on      TEXT    NOT NULL,
    channel          TEXT    NOT NULL,
    issuer           TEXT    NOT NULL,
    notation         TEXT    NOT NULL,
    document_date    TEXT    NOT NULL,
    type_code        TEXT    NOT NULL REFERENCES document_types(code),
    subject          TEXT    NOT NULL,
    signer           TEXT,
    urgency          TEXT    NOT NULL,
    urgency_rank     INTEGER NOT NULL,
    secrecy          TEXT    NOT NULL,
    page_count       INTEGER,
    search_key       TEXT    NOT NULL,
    duplicate_key    TEXT    NOT NULL,
    file_sha256      TEXT    REFERENCES files(sha256),
    status           TEXT    NOT NULL,
    lead_unit_id     INTEGER REFERENCES units(id),
    handler_id       INTEGER REFERENCES accounts(id),
    deadline         TEXT,
    routing_note     TEXT,
    registered_by    INTEGER NOT NULL REFERENCES accounts(id),
    registered_at    TEXT    NOT NULL,
    completed_at     TEXT,
    submission_key   TEXT    UNIQUE,
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (register_unit_id, register, year, arrival_number)
);
CREATE INDEX incoming_status ON incoming_documents(register_unit_id, status, id);
CREATE INDEX incoming_lead ON incoming_documents(lead_unit_id, status, id);
CREATE INDEX incoming_handler ON incoming_documents(handler_id, status, id);
CREATE INDEX incoming_duplicate ON incoming_documents(duplicate_key);
CREATE INDEX incoming_received ON incoming_documents(register_unit_id, received_on, id);
CREATE INDEX incoming_deadline ON incoming_documents(deadline, status);

CREATE TABLE incoming_coordinators (
    document_id INTEGER NOT NULL REFERENCES incoming_documents(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (document_id, unit_id)
);
CREATE INDEX incoming_coordinators_unit ON incoming_coordinators(unit_id, document_id);

CREATE TABLE incoming_attachments (
    document_id INTEGER NOT NULL REFERENCES incoming_documents(id),
    position    INTEGER NOT NULL,
    sha256      TEXT    NOT NULL REFERENCES files(sha256),
    name        TEXT    NOT NULL,
    PRIMARY KEY (document_id, position)
);

CREATE TABLE incoming_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES incoming_documents(id),
    at          TEXT    NOT NULL,
    actor_id    INTEGER REFERENCES accounts(id),
    step        TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX incoming_events_document ON incoming_events(document_id, id);
