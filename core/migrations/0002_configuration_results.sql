-- ChargeDesk schema, version 2: what the station answered to each setting of the
-- configuration templates it was sent on connect. Only the latest answer per station and
-- setting is kept; the frames themselves are in the OCPP message log.

CREATE TABLE configuration_results (
    id {{PK}},
    station_id BIGINT NOT NULL REFERENCES stations(id) ON DELETE CASCADE,
    template_id BIGINT REFERENCES configuration_templates(id) ON DELETE CASCADE,
    setting_key TEXT NOT NULL,
    setting_value TEXT,
    evse_id INTEGER,
    connector_number INTEGER,
    status TEXT NOT NULL,
    detail TEXT,
    applied_at BIGINT NOT NULL
);
CREATE INDEX configuration_results_station_key ON configuration_results (station_id, setting_key);
