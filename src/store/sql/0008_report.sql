-- Reports (src/store/report.rs): anonymous monthly counts kept for purged households, so
-- that the figures of past periods survive the purge. No household id, no name: one row
-- per programme, month ('YYYY-MM') and metric key (see Metric::key in
-- src/domain/report.rs); `count` is what the purged households contributed.
CREATE TABLE report_kept_counts (
    programme_id TEXT NOT NULL,
    month TEXT NOT NULL,
    metric TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (programme_id, month, metric)
) STRICT, WITHOUT ROWID;
