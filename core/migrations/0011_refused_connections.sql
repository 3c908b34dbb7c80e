-- ChargeDesk schema, version 11: connection attempts the OCPP server refused (an identity
-- nobody configured, wrong credentials, plain ws:// under a wss policy), one row per
-- connection identifier with how often and when it last tried, so that the operator sees a
-- new charger knocking and can add it. The accepted connection of the identifier removes it.

CREATE TABLE refused_connections (
    id {{PK}},
    identifier TEXT NOT NULL UNIQUE,
    protocol TEXT,
    address TEXT,
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    first_at BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    created_at BIGINT,
    updated_at BIGINT
);
CREATE INDEX refused_connections_last_at ON refused_connections (last_at);
