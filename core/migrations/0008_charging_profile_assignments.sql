-- ChargeDesk schema, version 8: what each charger was last told about its static charging
-- profile and what it answered, so the console can show "accepted", "rejected", "not
-- connected" beside the charger; and whether the profile is suspended because its area
-- balances load dynamically (the charger keeps charging_profile_id, the charger does not
-- have the profile). One row per charger; `attempt` tells a late answer from a current one.

CREATE TABLE charging_profile_assignments (
    id {{PK}},
    charger_id BIGINT NOT NULL UNIQUE REFERENCES chargers(id) ON DELETE CASCADE,
    profile_id BIGINT REFERENCES charging_profiles(id) ON DELETE SET NULL,
    ocpp_profile_id INTEGER,
    state TEXT NOT NULL,
    outcome TEXT,
    station_status TEXT,
    message TEXT,
    attempt INTEGER NOT NULL DEFAULT 0,
    sent_at BIGINT,
    answered_at BIGINT
);
CREATE INDEX charging_profile_assignments_profile ON charging_profile_assignments (profile_id);
