-- ChargeDesk schema, version 4: what a session remembers to judge its next energy reading
-- (see core/energyvalidation.h): the baseline register value, the time of the last valid
-- reading, and how the charger reports energy. energy_wh is the energy at that reading.

ALTER TABLE sessions ADD COLUMN energy_baseline_wh {{REAL}};
ALTER TABLE sessions ADD COLUMN last_valid_energy_at BIGINT;
ALTER TABLE sessions ADD COLUMN energy_reading_type TEXT;
