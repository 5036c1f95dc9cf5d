-- Weekly reports (báo cáo tuần): one per unit and week, drafted from the week's figures,
-- edited, submitted up the tree; the body's report consolidates its units'.

CREATE TABLE weekly_reports (
    id           BIGSERIAL PRIMARY KEY,
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    week_start   TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    figures      TEXT    NOT NULL,
    done         TEXT    NOT NULL,
    planned      TEXT    NOT NULL,
    proposals    TEXT    NOT NULL,
    author_id    BIGINT NOT NULL REFERENCES accounts(id),
    submitted_at TEXT,
    submitted_by BIGINT REFERENCES accounts(id),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    UNIQUE (unit_id, week_start)
);
CREATE INDEX weekly_reports_week ON weekly_reports(week_start, status);
