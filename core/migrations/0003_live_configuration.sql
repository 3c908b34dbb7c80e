-- ChargeDesk schema, version 3: live configuration parameters as each station last
-- reported them. The station holds the truth; this is what it said, and when, so the
-- console can show it without asking again. What it answered to changes is kept in
-- configuration_results (template_id NULL for a change made by hand).

CREATE TABLE live_configuration (
    id {{PK}},
    station_id BIGINT NOT NULL REFERENCES stations(id) ON DELETE CASCADE,
    setting_key TEXT NOT NULL,
    evse_id INTEGER NOT NULL DEFAULT 0,
    setting_value TEXT,
    readonly INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    read_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX live_configuration_station_key ON live_configuration (station_id, setting_key, evse_id);
