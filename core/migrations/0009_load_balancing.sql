-- ChargeDesk schema, version 9: dynamic load balancing remembers, per session, the limit it
-- was given and why (so the console can explain every number) and what its charger answered;
-- a station whose charger does not follow its profiles is marked until a retry succeeds.

ALTER TABLE sessions ADD COLUMN dlb_limit {{REAL}};
ALTER TABLE sessions ADD COLUMN dlb_unit TEXT;
ALTER TABLE sessions ADD COLUMN dlb_reason TEXT;
ALTER TABLE sessions ADD COLUMN dlb_area_id BIGINT;
ALTER TABLE sessions ADD COLUMN dlb_profile_status TEXT;
ALTER TABLE sessions ADD COLUMN dlb_updated_at BIGINT;
ALTER TABLE stations ADD COLUMN dlb_failure TEXT;
ALTER TABLE stations ADD COLUMN dlb_failed_at BIGINT;
