-- ChargeDesk schema, version 5: where a session's duration clock stands. The time since
-- scope_since is added to the scope of scope_status (see core/durationscopes.h) when the
-- connector's status changes and when the session stops.

ALTER TABLE sessions ADD COLUMN scope_status TEXT;
ALTER TABLE sessions ADD COLUMN scope_since BIGINT;
