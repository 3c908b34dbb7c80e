-- ChargeDesk schema, version 1: the data model of the whole specification.
-- Written once for SQLite and PostgreSQL. Tokens: {{PK}} auto-increment primary key,
-- {{BLOB}} binary, {{REAL}} floating point. Times are UTC milliseconds (BIGINT), money
-- integer minor units, energy Wh, power W, durations seconds. Booleans are 0/1 integers.
-- Owned parts are deleted with their owner (ON DELETE CASCADE); every other reference
-- blocks deletion, and the repository names the referrers before the database would.

CREATE TABLE session_rating_settings (
    id {{PK}},
    name TEXT NOT NULL,
    energy_step_wh BIGINT,
    charge_time_step_s BIGINT,
    park_time_step_s BIGINT,
    park_time_threshold_s BIGINT,
    reservation_rating INTEGER NOT NULL DEFAULT 0,
    termination TEXT,
    monetary_limit_minor BIGINT,
    energy_limit_wh BIGINT,
    charge_time_limit_s BIGINT,
    payment_auth_policy TEXT,
    payment_auth_amount_minor BIGINT,
    energy_price_minor BIGINT,
    charge_time_price_minor BIGINT,
    park_time_price_minor BIGINT,
    roaming_energy_price_minor BIGINT,
    roaming_charge_time_price_minor BIGINT,
    roaming_park_time_price_minor BIGINT,
    roaming_reservation_time_price_minor BIGINT,
    roaming_reservation_fixed_price_minor BIGINT,
    start_requires_occupied INTEGER NOT NULL DEFAULT 0,
    reactivation_grace_s BIGINT,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE site_settings (
    id {{PK}},
    name TEXT NOT NULL,
    organisation TEXT,
    address TEXT,
    city TEXT,
    zip TEXT,
    state TEXT,
    country TEXT,
    latitude {{REAL}},
    longitude {{REAL}},
    contact_email TEXT,
    contact_phone TEXT,
    language TEXT NOT NULL,
    currency TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    logo {{BLOB}},
    smtp_host TEXT,
    smtp_port INTEGER,
    smtp_username TEXT,
    smtp_password TEXT,
    smtp_security TEXT,
    smtp_from TEXT,
    rating_settings_id BIGINT REFERENCES session_rating_settings(id),
    ready_session_expiration_s BIGINT,
    ongoing_session_expiration_s BIGINT,
    session_closed_verification_s BIGINT,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE operators (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    status TEXT,
    organisation TEXT,
    address TEXT,
    city TEXT,
    zip TEXT,
    state TEXT,
    country TEXT,
    phone TEXT,
    email TEXT,
    time_zone TEXT,
    rating_settings_id BIGINT REFERENCES session_rating_settings(id),
    ready_session_expiration_s BIGINT,
    ongoing_session_expiration_s BIGINT,
    share_basis_points INTEGER,
    reimbursement_energy_price_minor BIGINT,
    reimbursement_charge_time_price_minor BIGINT,
    reimbursement_park_time_price_minor BIGINT,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE users (
    id {{PK}},
    email TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    power_user INTEGER NOT NULL DEFAULT 0,
    operator_role INTEGER NOT NULL DEFAULT 0,
    operator_id BIGINT REFERENCES operators(id),
    enabled INTEGER NOT NULL DEFAULT 1,
    last_sign_in_at BIGINT,
    password_hash TEXT,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE customers (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    payment_type TEXT NOT NULL,
    status TEXT,
    customer_type_group TEXT,
    balance_minor BIGINT NOT NULL DEFAULT 0,
    priority_level INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE operator_members (
    id {{PK}},
    operator_id BIGINT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    created_at BIGINT,
    updated_at BIGINT,
    UNIQUE (operator_id, customer_id)
);

CREATE TABLE areas (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    operator_id BIGINT REFERENCES operators(id),
    parent_id BIGINT REFERENCES areas(id),
    support_name TEXT,
    support_phone TEXT,
    support_email TEXT,
    address TEXT,
    city TEXT,
    zip TEXT,
    state TEXT,
    country TEXT,
    latitude {{REAL}},
    longitude {{REAL}},
    roaming_id TEXT,
    dlb_enabled INTEGER NOT NULL DEFAULT 0,
    dlb_limit_type TEXT,
    dlb_limit BIGINT,
    dlb_by_asset INTEGER NOT NULL DEFAULT 0,
    dlb_priority_levels INTEGER NOT NULL DEFAULT 0,
    dlb_distribution TEXT,
    dlb_fallout TEXT,
    dlb_redistribution_interval_s BIGINT,
    dlb_min_supply BIGINT,
    dlb_max_supply BIGINT,
    created_at BIGINT,
    updated_at BIGINT
);
CREATE INDEX areas_operator ON areas (operator_id);
CREATE INDEX areas_parent ON areas (parent_id);

CREATE TABLE area_limit_periods (
    id {{PK}},
    area_id BIGINT NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
    recurrence TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    weekdays INTEGER,
    limit_value BIGINT NOT NULL,
    created_at BIGINT,
    updated_at BIGINT
);
CREATE INDEX area_limit_periods_area ON area_limit_periods (area_id);

CREATE TABLE charging_profiles (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    stack_level INTEGER NOT NULL,
    kind TEXT NOT NULL,
    recurrency TEXT,
    purpose TEXT NOT NULL,
    energy_limit_wh BIGINT,
    duration_s BIGINT,
    valid_from BIGINT,
    valid_to BIGINT,
    schedule_start BIGINT,
    unit TEXT NOT NULL,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE charging_profile_periods (
    id {{PK}},
    profile_id BIGINT NOT NULL REFERENCES charging_profiles(id) ON DELETE CASCADE,
    start_offset_s BIGINT NOT NULL,
    limit_value {{REAL}} NOT NULL,
    number_phases INTEGER,
    created_at BIGINT,
    updated_at BIGINT,
    UNIQUE (profile_id, start_offset_s)
);

CREATE TABLE stations (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    area_id BIGINT NOT NULL REFERENCES areas(id),
    visible INTEGER NOT NULL DEFAULT 1,
    boot_trigger_boot INTEGER NOT NULL DEFAULT 0,
    boot_trigger_status INTEGER NOT NULL DEFAULT 0,
    boot_trigger_heartbeat INTEGER NOT NULL DEFAULT 0,
    boot_clear_profiles INTEGER NOT NULL DEFAULT 0,
    mac TEXT,
    protocol TEXT NOT NULL,
    connection_identifier TEXT NOT NULL UNIQUE,
    connection_policy TEXT NOT NULL,
    auth_username TEXT,
    auth_password_hash TEXT,
    serial_number TEXT,
    model TEXT,
    vendor TEXT,
    firmware_version TEXT,
    iccid TEXT,
    imsi TEXT,
    connected INTEGER NOT NULL DEFAULT 0,
    last_connected_at BIGINT,
    last_disconnected_at BIGINT,
    last_heartbeat_at BIGINT,
    operational_status TEXT,
    created_at BIGINT,
    updated_at BIGINT
);
CREATE INDEX stations_area ON stations (area_id);

CREATE TABLE chargers (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    station_id BIGINT NOT NULL REFERENCES stations(id),
    evse_id INTEGER NOT NULL,
    mac TEXT,
    reservable INTEGER NOT NULL DEFAULT 0,
    connectors_simultaneous INTEGER NOT NULL DEFAULT 0,
    roaming INTEGER NOT NULL DEFAULT 0,
    roaming_id TEXT,
    current_type TEXT NOT NULL,
    charging_profile_id BIGINT REFERENCES charging_profiles(id),
    rating_settings_id BIGINT REFERENCES session_rating_settings(id),
    status TEXT,
    status_info TEXT,
    status_at BIGINT,
    created_at BIGINT,
    updated_at BIGINT,
    UNIQUE (station_id, evse_id)
);

CREATE TABLE connectors (
    id {{PK}},
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    charger_id BIGINT NOT NULL REFERENCES chargers(id),
    connector_number INTEGER NOT NULL,
    type TEXT,
    wattage_limit_w BIGINT,
    amperage_limit_a BIGINT,
    voltage_limit_v BIGINT,
    power_factor {{REAL}},
    roaming_id TEXT,
    status TEXT,
    error_code TEXT,
    status_at BIGINT,
    needs_review INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT,
    updated_at BIGINT,
    UNIQUE (charger_id, code),
    UNIQUE (charger_id, connector_number)
);

CREATE TABLE assets (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    type TEXT NOT NULL,
    current_type TEXT NOT NULL,
    power_factor {{REAL}},
    area_id BIGINT NOT NULL REFERENCES areas(id),
    created_at BIGINT,
    updated_at BIGINT
);
CREATE INDEX assets_area ON assets (area_id);

CREATE TABLE asset_measurements (
    id {{PK}},
    asset_id BIGINT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    measured_at BIGINT NOT NULL,
    power_w BIGINT NOT NULL
);
CREATE INDEX asset_measurements_asset_time ON asset_measurements (asset_id, measured_at);

CREATE TABLE id_device_types (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE id_devices (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type_id BIGINT NOT NULL REFERENCES id_device_types(id),
    identifier TEXT NOT NULL UNIQUE,
    customer_id BIGINT REFERENCES customers(id),
    status TEXT,
    expires_at BIGINT,
    created_at BIGINT,
    updated_at BIGINT
);
CREATE INDEX id_devices_customer ON id_devices (customer_id);

CREATE TABLE reservations (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    customer_id BIGINT REFERENCES customers(id),
    charger_id BIGINT NOT NULL REFERENCES chargers(id),
    connector_id BIGINT REFERENCES connectors(id),
    status TEXT,
    expires_at BIGINT NOT NULL,
    ended_at BIGINT,
    ocpp_reservation_id INTEGER,
    created_at BIGINT,
    updated_at BIGINT
);
CREATE INDEX reservations_charger ON reservations (charger_id, status);

CREATE TABLE sessions (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    authorization_mode TEXT NOT NULL,
    customer_id BIGINT REFERENCES customers(id),
    connector_id BIGINT NOT NULL REFERENCES connectors(id),
    id_device_id BIGINT REFERENCES id_devices(id),
    reservation_id BIGINT REFERENCES reservations(id),
    id_token TEXT,
    id_token_type TEXT,
    transaction_id TEXT,
    roaming_reference TEXT,
    started_at BIGINT,
    charging_ended_at BIGINT,
    ended_at BIGINT,
    last_event_at BIGINT,
    charge_s BIGINT NOT NULL DEFAULT 0,
    park_s BIGINT NOT NULL DEFAULT 0,
    fault_s BIGINT NOT NULL DEFAULT 0,
    reservation_s BIGINT NOT NULL DEFAULT 0,
    energy_wh BIGINT NOT NULL DEFAULT 0,
    meter_start_wh BIGINT,
    meter_stop_wh BIGINT,
    power_w BIGINT,
    soc_percent INTEGER,
    amount_minor BIGINT NOT NULL DEFAULT 0,
    currency TEXT,
    rating_identifier TEXT,
    stop_reason TEXT,
    created_at BIGINT,
    updated_at BIGINT
);
CREATE INDEX sessions_connector_status ON sessions (connector_id, status);
CREATE INDEX sessions_customer_status ON sessions (customer_id, status);
CREATE INDEX sessions_started ON sessions (started_at);
CREATE INDEX sessions_transaction ON sessions (transaction_id);

CREATE TABLE session_events (
    id {{PK}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX session_events_session ON session_events (session_id, at);

CREATE TABLE meter_values (
    id {{PK}},
    session_id BIGINT REFERENCES sessions(id) ON DELETE CASCADE,
    connector_id BIGINT NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    measured_at BIGINT NOT NULL,
    received_at BIGINT,
    measurand TEXT NOT NULL,
    phase TEXT,
    unit TEXT,
    context TEXT,
    value {{REAL}} NOT NULL,
    valid INTEGER NOT NULL DEFAULT 1,
    discard_reason TEXT
);
CREATE INDEX meter_values_session_time ON meter_values (session_id, measured_at);
CREATE INDEX meter_values_connector_time ON meter_values (connector_id, measured_at);

CREATE TABLE configuration_templates (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    valid_from BIGINT,
    valid_to BIGINT,
    priority INTEGER NOT NULL DEFAULT 0,
    protocol TEXT,
    batch_size INTEGER,
    operator_id BIGINT REFERENCES operators(id),
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE configuration_template_settings (
    id {{PK}},
    template_id BIGINT NOT NULL REFERENCES configuration_templates(id) ON DELETE CASCADE,
    setting_key TEXT NOT NULL,
    setting_value TEXT,
    evse_id INTEGER,
    connector_number INTEGER,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE configuration_template_assignments (
    id {{PK}},
    template_id BIGINT NOT NULL REFERENCES configuration_templates(id) ON DELETE CASCADE,
    area_id BIGINT REFERENCES areas(id) ON DELETE CASCADE,
    station_id BIGINT REFERENCES stations(id) ON DELETE CASCADE,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE message_templates (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    channel TEXT NOT NULL,
    subject TEXT,
    from_address TEXT,
    to_address TEXT,
    cc TEXT,
    bcc TEXT,
    reply_to TEXT,
    body TEXT,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE notification_rules (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    scope TEXT NOT NULL,
    action TEXT NOT NULL,
    filters TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE notification_publishers (
    id {{PK}},
    rule_id BIGINT NOT NULL REFERENCES notification_rules(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    retries INTEGER,
    template_id BIGINT REFERENCES message_templates(id),
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE notification_receivers (
    id {{PK}},
    publisher_id BIGINT NOT NULL REFERENCES notification_publishers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE notification_logs (
    id {{PK}},
    rule_code TEXT,
    station_id BIGINT REFERENCES stations(id) ON DELETE CASCADE,
    session_id BIGINT REFERENCES sessions(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    channel TEXT,
    status TEXT,
    message TEXT
);
CREATE INDEX notification_logs_station_time ON notification_logs (station_id, at);

CREATE TABLE roaming_profiles (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    protocol TEXT NOT NULL,
    roaming_id TEXT NOT NULL,
    country_code TEXT NOT NULL,
    role TEXT NOT NULL,
    operator_id BIGINT REFERENCES operators(id),
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE roaming_platforms (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    profile_id BIGINT NOT NULL REFERENCES roaming_profiles(id),
    type TEXT NOT NULL,
    url TEXT NOT NULL,
    country_code TEXT NOT NULL,
    roaming_id TEXT NOT NULL,
    connection_initiation TEXT,
    registration_token TEXT,
    access_token TEXT,
    remote_access_token TEXT,
    status TEXT,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE roaming_tariffs (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    status TEXT,
    valid_from BIGINT,
    valid_to BIGINT,
    currency TEXT,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE roaming_tariff_details (
    id {{PK}},
    tariff_id BIGINT NOT NULL REFERENCES roaming_tariffs(id) ON DELETE CASCADE,
    recurrence TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    starts_at BIGINT,
    ends_at BIGINT,
    weekdays INTEGER,
    energy_price_minor BIGINT,
    charge_time_price_minor BIGINT,
    park_time_price_minor BIGINT,
    reservation_time_price_minor BIGINT,
    flat_price_minor BIGINT,
    reservation_flat_price_minor BIGINT,
    vat_basis_points INTEGER,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE roaming_tariff_links (
    id {{PK}},
    tariff_id BIGINT NOT NULL REFERENCES roaming_tariffs(id) ON DELETE CASCADE,
    rating_settings_id BIGINT REFERENCES session_rating_settings(id) ON DELETE CASCADE,
    platform_id BIGINT REFERENCES roaming_platforms(id) ON DELETE CASCADE,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE terminals (
    id {{PK}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    type TEXT,
    address TEXT,
    city TEXT,
    zip TEXT,
    state TEXT,
    country TEXT,
    latitude {{REAL}},
    longitude {{REAL}},
    platform_id BIGINT REFERENCES roaming_platforms(id),
    roaming_id TEXT,
    roaming_reference TEXT,
    operator_id BIGINT REFERENCES operators(id),
    area_id BIGINT REFERENCES areas(id),
    connector_id BIGINT REFERENCES connectors(id),
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE app_templates (
    id {{PK}},
    name TEXT NOT NULL UNIQUE,
    status TEXT,
    layout TEXT,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE ocpp_messages (
    id {{PK}},
    station_id BIGINT NOT NULL REFERENCES stations(id) ON DELETE CASCADE,
    session_id BIGINT REFERENCES sessions(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    direction TEXT NOT NULL,
    message_type INTEGER NOT NULL,
    message_id TEXT,
    action TEXT,
    payload TEXT,
    error_code TEXT,
    error_description TEXT
);
CREATE INDEX ocpp_messages_station_time ON ocpp_messages (station_id, at);
CREATE INDEX ocpp_messages_session ON ocpp_messages (session_id);

-- Key/value pairs for the entities that have custom attributes or fields in the
-- specification (areas, chargers, connectors, assets).
CREATE TABLE custom_attributes (
    id {{PK}},
    owner_table TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    attr_key TEXT NOT NULL,
    attr_value TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX custom_attributes_owner ON custom_attributes (owner_table, owner_id);
