-- ChargeDesk schema, version 10: a charger's operational status (operative, inoperative), kept
-- beside its charging status so that the Chargers list filters on both as the specification asks.

ALTER TABLE chargers ADD COLUMN operational_status TEXT;
