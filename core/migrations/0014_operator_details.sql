-- ChargeDesk schema, version 14: the operator's own session settings and secret. The energy
-- step delta (Wh) is the step of the rating authorization check on the operator's chargers
-- where the rating settings in force set none; the monetary session limit (minor units of the
-- site currency) caps what one session may cost there, whatever the rating settings allow;
-- the security key is stored for integrations and never read back. Empty means not set.

ALTER TABLE operators ADD COLUMN energy_step_delta_wh BIGINT;
ALTER TABLE operators ADD COLUMN security_key TEXT;
ALTER TABLE operators ADD COLUMN monetary_session_limit_minor BIGINT;
