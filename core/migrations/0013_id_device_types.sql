-- ChargeDesk schema, version 13: the identification technologies the specification names are
-- there on every site, so that a first card needs no device type made by hand. A site that
-- made one with the same code keeps its own.

INSERT INTO id_device_types (code, name, description)
SELECT 'RFID', 'RFID', 'Radio-frequency identification: a driver''s card or badge.'
WHERE NOT EXISTS (SELECT 1 FROM id_device_types WHERE code = 'RFID');
INSERT INTO id_device_types (code, name, description)
SELECT 'NFC', 'NFC', 'Near-field communication: a driver''s phone or badge.'
WHERE NOT EXISTS (SELECT 1 FROM id_device_types WHERE code = 'NFC');
INSERT INTO id_device_types (code, name, description)
SELECT 'VIN', 'VIN', 'Vehicle identification number: the car itself.'
WHERE NOT EXISTS (SELECT 1 FROM id_device_types WHERE code = 'VIN');
INSERT INTO id_device_types (code, name, description)
SELECT 'MAC', 'MAC address', 'A device''s network address, usually the car''s.'
WHERE NOT EXISTS (SELECT 1 FROM id_device_types WHERE code = 'MAC');
INSERT INTO id_device_types (code, name, description)
SELECT 'ISO15118', 'ISO 15118 certificate', 'Plug & Charge: the contract certificate of the car and its driver.'
WHERE NOT EXISTS (SELECT 1 FROM id_device_types WHERE code = 'ISO15118');
