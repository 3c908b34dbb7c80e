-- ChargeDesk schema, version 7: a reservation says why it ended (the station's refusal, an
-- operator's cancellation, its expiry), and the idle job finds the due ones by expiry.

ALTER TABLE reservations ADD COLUMN reason TEXT;
CREATE INDEX reservations_due ON reservations (status, expires_at);
