-- ChargeDesk schema, version 6: the session lifecycle after the charger's reports.
-- A stop we asked for (force close, a reached limit, an idle session) is remembered so the
-- idle job can close the session when the charger never confirms it; stop_reported tells a
-- closed session that may be reactivated from one the charger itself ended.

ALTER TABLE sessions ADD COLUMN stop_requested_at BIGINT;
ALTER TABLE sessions ADD COLUMN stop_reported INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN limit_reason TEXT;
ALTER TABLE sessions ADD COLUMN failure_reason TEXT;
ALTER TABLE sessions ADD COLUMN rated_at BIGINT;

-- At most one open session per connector and per customer. The database enforces it, so
-- two start requests racing for one connector cannot both win, whichever process serves them.
CREATE UNIQUE INDEX sessions_open_connector ON sessions (connector_id)
    WHERE status IN ('ready', 'reserved', 'in_progress', 'limit_reached', 'closing');
CREATE UNIQUE INDEX sessions_open_customer ON sessions (customer_id)
    WHERE status IN ('ready', 'reserved', 'in_progress', 'limit_reached', 'closing') AND customer_id IS NOT NULL;

-- What a session was rated: one row per rating, under an identifier no other rating may
-- reuse (the rating identifier modes of a retry decide which identifier is tried).
CREATE TABLE session_charges (
    id {{PK}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    rating_identifier TEXT NOT NULL UNIQUE,
    customer_id BIGINT REFERENCES customers(id),
    currency TEXT NOT NULL,
    energy_wh BIGINT NOT NULL,
    charge_s BIGINT NOT NULL,
    rated_park_s BIGINT NOT NULL, -- park time beyond the threshold: what was priced
    reservation_s BIGINT NOT NULL,
    energy_minor BIGINT NOT NULL,
    charge_minor BIGINT NOT NULL,
    park_minor BIGINT NOT NULL,
    reservation_minor BIGINT NOT NULL,
    amount_minor BIGINT NOT NULL,
    home_roaming INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX session_charges_session ON session_charges (session_id);

-- Money moved for pay-now sessions through the payment provider: authorizations held at
-- start and during the session, their captures, and direct charges of what they did not cover.
CREATE TABLE session_payments (
    id {{PK}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    provider_reference TEXT,
    amount_minor BIGINT NOT NULL,
    captured_minor BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    detail TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT
);
CREATE INDEX session_payments_session ON session_payments (session_id);
