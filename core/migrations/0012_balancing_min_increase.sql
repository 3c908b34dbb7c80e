-- ChargeDesk schema, version 12: how much a session's limit must grow before load balancing
-- tells its charger (as a share of the limit the charger has, and as an amount in the area's
-- limit unit), per balanced area. A lower limit is always sent at once; these only spare
-- chargers a message for every small rise. Empty means the defaults: 5 % or 1 kW (1.5 A).

ALTER TABLE areas ADD COLUMN dlb_min_increase_percent INTEGER;
ALTER TABLE areas ADD COLUMN dlb_min_increase INTEGER;
