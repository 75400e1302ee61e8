#pragma once
// The session file's SQL schema, one block per version. A released block never changes: files in
// the wild were created by it. A new version adds a migration block that runs on top of the last
// one (see docs/schema.md for what every table and column means).

#include <cstdint>

namespace accelscope::schema {

// PRAGMA application_id of every session file: "ASCP" in ASCII. Tells a session from any other
// SQLite database (`file` reports it too).
inline constexpr std::int32_t kApplicationId = 0x41534350;

// Version 1: the initial schema.
inline constexpr const char *kCreateV1 = R"sql(
PRAGMA application_id = 1095975760;

CREATE TABLE session (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    created_at TEXT NOT NULL,
    app_version TEXT NOT NULL
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    plugin_id TEXT NOT NULL,
    plugin_version TEXT NOT NULL,
    preset TEXT NOT NULL DEFAULT '',
    params_json TEXT NOT NULL,
    seed INTEGER NOT NULL,
    data_source TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'interrupted', 'cancelled')),
    error TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    finished_at TEXT,
    event_count INTEGER NOT NULL DEFAULT 0,
    simulated_end_ps INTEGER NOT NULL DEFAULT 0,
    writer_pid INTEGER,
    writer_host TEXT
);
CREATE INDEX runs_by_plugin ON runs (plugin_id, started_at);
CREATE INDEX runs_by_status ON runs (status);

CREATE TABLE units (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    unit_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent INTEGER,
    path TEXT NOT NULL,
    doc TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, unit_id)
);

CREATE TABLE memories (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    unit_id INTEGER NOT NULL,
    banks INTEGER NOT NULL,
    bank_capacity_bytes INTEGER NOT NULL,
    bytes_per_second REAL NOT NULL,
    PRIMARY KEY (run_id, unit_id)
);

CREATE TABLE links (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    unit_id INTEGER NOT NULL,
    from_unit INTEGER,
    to_unit INTEGER,
    bytes_per_second REAL NOT NULL,
    bidirectional INTEGER NOT NULL,
    PRIMARY KEY (run_id, unit_id)
);

CREATE TABLE step_levels (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    level INTEGER NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, level)
);

CREATE TABLE event_types (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    type_id INTEGER NOT NULL,
    unit_id INTEGER,
    op_kind TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (run_id, type_id)
);

CREATE TABLE counter_series (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    series_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    PRIMARY KEY (run_id, series_id)
);

CREATE TABLE markers (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    seq INTEGER NOT NULL,
    time_ps INTEGER NOT NULL,
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX markers_by_time ON markers (run_id, time_ps);

CREATE TABLE metrics (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    value REAL NOT NULL,
    unit TEXT NOT NULL,
    doc TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX metrics_by_name ON metrics (name, run_id);

CREATE TABLE baselines (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    baseline_idx INTEGER NOT NULL,
    device TEXT NOT NULL,
    count INTEGER NOT NULL,
    label TEXT NOT NULL,
    metric_idx INTEGER NOT NULL,
    metric TEXT,
    value REAL,
    unit TEXT,
    doc TEXT,
    PRIMARY KEY (run_id, baseline_idx, metric_idx)
);

CREATE TABLE claims (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    seq INTEGER NOT NULL,
    claim_id TEXT NOT NULL,
    statement TEXT NOT NULL,
    metric TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    presets_json TEXT NOT NULL DEFAULT '[]',
    aggregate TEXT NOT NULL DEFAULT 'single',
    paper_value REAL NOT NULL,
    range_low REAL,
    range_high REAL,
    tolerance REAL NOT NULL,
    model_value REAL NOT NULL,
    relative_error REAL NOT NULL,
    pass INTEGER NOT NULL,
    source_tag TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX claims_by_id ON claims (claim_id, run_id);

CREATE TABLE frames (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    idx INTEGER NOT NULL,
    step INTEGER NOT NULL,
    time_ps INTEGER NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    shape_json TEXT NOT NULL,
    dtype TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (run_id, idx)
);
CREATE INDEX frames_by_time ON frames (run_id, time_ps);

CREATE TABLE event_chunks (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    chunk_index INTEGER NOT NULL,
    first_event INTEGER NOT NULL,
    count INTEGER NOT NULL,
    t_begin_min INTEGER NOT NULL,
    t_end_max INTEGER NOT NULL,
    begin_ps BLOB NOT NULL,
    duration_ps BLOB NOT NULL,
    bytes BLOB NOT NULL,
    flops BLOB NOT NULL,
    type_id BLOB NOT NULL,
    step BLOB NOT NULL,
    PRIMARY KEY (run_id, chunk_index)
);
CREATE INDEX event_chunks_by_time ON event_chunks (run_id, t_begin_min, t_end_max);

CREATE TABLE counter_chunks (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    chunk_index INTEGER NOT NULL,
    first_counter INTEGER NOT NULL,
    count INTEGER NOT NULL,
    t_min INTEGER NOT NULL,
    t_max INTEGER NOT NULL,
    time_ps BLOB NOT NULL,
    value BLOB NOT NULL,
    series_id BLOB NOT NULL,
    PRIMARY KEY (run_id, chunk_index)
);
)sql";

// Version 2: the user's notes on each run, and the GUI's saved state (open views, cursor,
// bookmarks) as key → JSON.
inline constexpr const char *kMigrateV1ToV2 = R"sql(
ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';

CREATE TABLE ui_state (
    key TEXT PRIMARY KEY,
    json TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
)sql";

// Version 3: where a run came from and how much of it was kept.
// - imported_from: the trace file a read-only run was imported from ('' for a recorded run).
// - trace_recorded: 0 when only the run's results were kept (a metrics-only sweep point).
// - sweeps, sweep_id, sweep_point: the sweep a run belongs to and its index within it.
// - origin_file, origin_run_id: the session file and run id a merged run was copied from.
inline constexpr const char *kMigrateV2ToV3 = R"sql(
CREATE TABLE sweeps (
    id INTEGER PRIMARY KEY,
    plugin_id TEXT NOT NULL,
    preset TEXT NOT NULL DEFAULT '',
    axes_json TEXT NOT NULL,
    seed INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    origin_file TEXT NOT NULL DEFAULT '',
    origin_sweep_id INTEGER
);

ALTER TABLE runs ADD COLUMN imported_from TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN trace_recorded INTEGER NOT NULL DEFAULT 1;
ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps (id);
ALTER TABLE runs ADD COLUMN sweep_point INTEGER;
ALTER TABLE runs ADD COLUMN origin_file TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN origin_run_id INTEGER;
CREATE INDEX runs_by_sweep ON runs (sweep_id, sweep_point);
)sql";

}  // namespace accelscope::schema
