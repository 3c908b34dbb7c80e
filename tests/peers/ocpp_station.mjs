// An independent OCPP charging station (ocpp-rpc, strict mode) that answers every call of
// the central system with a valid "accepted" answer and prints each call it received as a
// JSON line. It connects, then stays connected for STAY_MS.
// Usage: node ocpp_station.mjs URL PROTOCOL STAY_MS [OPTIONS_JSON]
//   OPTIONS_JSON (all optional):
//     boot: true           send a BootNotification once connected, as after a power-up
//     sendTriggered: true  send the message a TriggerMessage asks for (boot, status, heartbeat)
//     configuration: {"Key": "Rejected", ...}  the answer per configuration key (1.6) or
//                          Component/Variable (2.0.1) instead of Accepted
//     values: {"Key": "60", ...}  what GetConfiguration / GetVariables return; other keys are
//                          unknown. Accepted changes are kept. Without it every key reads '300'.
//     readonly: ["Key", ...]  keys GetConfiguration reports as read-only (1.6)
//     status: {"ReserveNow": "Occupied", ...}  the status answered to an action instead of its usual one
//     charge: {energyWh: 5000}  act on an accepted remote start / stop like a real charger: start a
//                          transaction for the token (meter at 100000 Wh) and, when asked to stop,
//                          end it with energyWh more on the register
//     schedule: {chargingRateUnit: 'W', chargingSchedulePeriod: [{startPeriod, limit}, ...]}
//                          what GetCompositeSchedule answers (from now, for the duration asked)
//     start: [{connector: 1, idTag: 'TAG'}, ...]  once connected, start a transaction on each
//                          connector as a driver swiping a card would (2.0.1: EVSE `connector`)
//     progress: true       after an accepted UpdateFirmware, GetDiagnostics or GetLog, report its progress as a
//                          charger does: FirmwareStatusNotification Downloading, Downloaded, Installing,
//                          Installed (2.0.1 with the request's requestId); DiagnosticsStatusNotification (1.6) or
//                          LogStatusNotification (2.0.1, with requestId) Uploading, Uploaded
//     meter: {powerW: 7400, intervalMs: 500}  while a transaction started by `start` runs, report
//                          Charging and then, every intervalMs, the energy register and the power drawn
//                          (1.6 MeterValues, 2.0.1 TransactionEvent Updated)
//   Messages the station sends itself are printed as {event: 'sent', action, response}.
import { RPCClient } from 'ocpp-rpc';

const [url, protocol, stayMs, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson || '{}');
const configuration = options.configuration || {};
const values = options.values;
const readonly = new Set(options.readonly || []);
const statuses = options.status || {};
const getConfiguration16 = (p) => {
    if (!values) return { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: [] };
    const wanted = p.key && p.key.length ? p.key : Object.keys(values);
    return {
        configurationKey: wanted.filter((k) => k in values).map((key) => ({ key, readonly: readonly.has(key), value: values[key] })),
        unknownKey: wanted.filter((k) => !(k in values)),
    };
};
const getVariables201 = (p) => ({
    getVariableResult: p.getVariableData.map((d) => {
        const key = `${d.component.name}/${d.variable.name}`;
        if (!values) return { attributeStatus: 'Accepted', component: d.component, variable: d.variable, attributeValue: '300' };
        return key in values
            ? { attributeStatus: 'Accepted', component: d.component, variable: d.variable, attributeValue: values[key] }
            : { attributeStatus: 'UnknownVariable', component: d.component, variable: d.variable };
    }),
});
// An accepted change is what the next read returns.
const remember = (key, value, status) => {
    if (values && status === 'Accepted') values[key] = value;
    return status;
};
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const client = new RPCClient({
    endpoint: url.slice(0, url.lastIndexOf('/')),
    identity: decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)),
    protocols: [protocol],
    strictMode: true,
    reconnect: false,
});

const accepted = { status: 'Accepted' };
// The composite schedule the station reports, in its version's shape.
const compositeSchedule16 = (p) => options.schedule
    ? { status: 'Accepted', connectorId: p.connectorId, scheduleStart: new Date().toISOString(),
        chargingSchedule: { duration: p.duration, ...options.schedule } }
    : accepted;
const compositeSchedule201 = (p) => options.schedule
    ? { status: 'Accepted', schedule: { evseId: p.evseId, duration: p.duration, scheduleStart: new Date().toISOString(), ...options.schedule } }
    : accepted;
const answers16 = {
    Reset: accepted, ChangeAvailability: accepted, UnlockConnector: { status: 'Unlocked' }, UpdateFirmware: {},
    GetDiagnostics: { fileName: 'diagnostics.log' }, TriggerMessage: accepted,
    GetConfiguration: getConfiguration16,
    ChangeConfiguration: (p) => ({ status: remember(p.key, p.value, configuration[p.key] || 'Accepted') }), ClearCache: accepted, SendLocalList: accepted, GetLocalListVersion: { listVersion: 3 },
    ReserveNow: accepted, CancelReservation: accepted, RemoteStartTransaction: accepted, RemoteStopTransaction: accepted,
    SetChargingProfile: accepted, ClearChargingProfile: accepted, GetCompositeSchedule: compositeSchedule16, DataTransfer: accepted,
};
const answers201 = {
    Reset: accepted, ChangeAvailability: accepted, UnlockConnector: { status: 'Unlocked' }, UpdateFirmware: accepted,
    GetLog: { status: 'Accepted', filename: 'station.log' }, TriggerMessage: accepted,
    GetVariables: getVariables201,
    SetVariables: (p) => ({
        setVariableResult: p.setVariableData.map((d) => {
            const key = `${d.component.name}/${d.variable.name}`;
            const status = remember(key, d.attributeValue, configuration[key] || 'Accepted');
            const result = { attributeStatus: status, component: d.component, variable: d.variable };
            if (status !== 'Accepted') result.attributeStatusInfo = { reasonCode: 'TestReason' };
            return result;
        }),
    }),
    ClearCache: accepted, SendLocalList: accepted, GetLocalListVersion: { versionNumber: 3 }, ReserveNow: accepted,
    CancelReservation: accepted, RequestStartTransaction: accepted, RequestStopTransaction: accepted, SetChargingProfile: accepted,
    ClearChargingProfile: accepted, GetCompositeSchedule: compositeSchedule201, DataTransfer: accepted, GetBaseReport: accepted,
    SetDisplayMessage: accepted, GetDisplayMessages: accepted, ClearDisplayMessage: accepted,
};
const answers = protocol === 'ocpp1.6' ? answers16 : answers201;

// What the station sends by itself, per version.
const messages16 = {
    BootNotification: { chargePointVendor: 'ChargeDesk tests', chargePointModel: 'Peer' },
    StatusNotification: { connectorId: 0, errorCode: 'NoError', status: 'Available' },
    Heartbeat: {},
};
const messages201 = {
    BootNotification: (triggered) => ({
        reason: triggered ? 'Triggered' : 'PowerUp',
        chargingStation: { vendorName: 'ChargeDesk tests', model: 'Peer' },
    }),
    StatusNotification: () => ({ timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 }),
    Heartbeat: {},
};
const messages = protocol === 'ocpp1.6' ? messages16 : messages201;
const sendMessage = async (action, triggered = false) => {
    const payload = typeof messages[action] === 'function' ? messages[action](triggered) : messages[action];
    if (!payload) return;
    try {
        print({ event: 'sent', action, response: await client.call(action, payload) });
    } catch (err) {
        print({ event: 'sent', action, error: err.rpcErrorCode || err.message });
    }
};

// A real charger's reaction to an accepted remote start or stop: the transaction's own messages.
let transaction = null;
const meterStartWh = 100000;
const remoteFollowUp = {
    RemoteStartTransaction: async (p) => {
        const response = await client.call('StartTransaction', {
            connectorId: p.connectorId || 1, idTag: p.idTag, meterStart: meterStartWh, timestamp: new Date().toISOString(),
        });
        transaction = response.transactionId;
        print({ event: 'sent', action: 'StartTransaction', response });
    },
    RemoteStopTransaction: async (p) => {
        const response = await client.call('StopTransaction', {
            transactionId: p.transactionId, meterStop: meterStartWh + options.charge.energyWh,
            timestamp: new Date().toISOString(), reason: 'Remote',
        });
        print({ event: 'sent', action: 'StopTransaction', response });
    },
    RequestStartTransaction: async (p) => {
        transaction = `RT-${p.remoteStartId}`;
        const response = await client.call('TransactionEvent', {
            eventType: 'Started', timestamp: new Date().toISOString(), triggerReason: 'RemoteStart', seqNo: 0,
            transactionInfo: { transactionId: transaction, remoteStartId: p.remoteStartId, chargingState: 'Charging' },
            idToken: p.idToken, evse: { id: p.evseId || 1, connectorId: 1 },
            meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: meterStartWh, context: 'Transaction.Begin' }] }],
        });
        print({ event: 'sent', action: 'TransactionEvent', response });
    },
    RequestStopTransaction: async (p) => {
        const response = await client.call('TransactionEvent', {
            eventType: 'Ended', timestamp: new Date().toISOString(), triggerReason: 'RemoteStop', seqNo: 1,
            transactionInfo: { transactionId: p.transactionId, stoppedReason: 'Remote' },
            meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: meterStartWh + options.charge.energyWh, context: 'Transaction.End' }] }],
        });
        print({ event: 'sent', action: 'TransactionEvent', response });
    },
};

// The status notifications of a long operation, one after the other, as a charger sends them.
const reportProgress = async (action, statuses, extra) => {
    for (const status of statuses) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        const payload = { status, ...extra };
        try {
            print({ event: 'sent', action, payload, response: await client.call(action, payload) });
        } catch (err) {
            print({ event: 'sent', action, payload, error: err.rpcErrorCode || err.message });
        }
    }
};
const firmwareSteps = ['Downloading', 'Downloaded', 'Installing', 'Installed'];
const uploadSteps = ['Uploading', 'Uploaded'];
const progressFollowUp = {
    UpdateFirmware: (p) => reportProgress('FirmwareStatusNotification', firmwareSteps,
        protocol === 'ocpp1.6' ? {} : { requestId: p.requestId }),
    GetDiagnostics: () => reportProgress('DiagnosticsStatusNotification', uploadSteps, {}),
    GetLog: (p) => reportProgress('LogStatusNotification', uploadSteps, { requestId: p.requestId }),
};

for (const [method, answer] of Object.entries(answers)) {
    client.handle(method, ({ params }) => {
        print({ event: 'call', action: method, params });
        // The triggered message follows the answer, as OCPP asks.
        if (method === 'TriggerMessage' && options.sendTriggered) setTimeout(() => sendMessage(params.requestedMessage, true), 20);
        const result = typeof answer === 'function' ? answer(params) : answer;
        const given = method in statuses ? { ...result, status: statuses[method] } : result;
        if (options.progress && method in progressFollowUp && (given.status || 'Accepted') === 'Accepted')
            setTimeout(() => progressFollowUp[method](params), 20);
        if (options.charge && method in remoteFollowUp && given.status === 'Accepted')
            setTimeout(() => remoteFollowUp[method](params).catch((err) => print({ event: 'sent', action: method, error: err.message })), 20);
        return given;
    });
}

// A charging car: the connector goes Charging and the meter reports energy and power.
const meterTransaction = (connector, transactionId) => {
    const { powerW, intervalMs = 500 } = options.meter;
    let energyWh = meterStartWh;
    let seqNo = 1;
    const status = protocol === 'ocpp1.6'
        ? { connectorId: connector, errorCode: 'NoError', status: 'Charging' }
        : { timestamp: new Date().toISOString(), connectorStatus: 'Occupied', evseId: connector, connectorId: 1 };
    client.call('StatusNotification', status).catch(() => {});
    setInterval(() => {
        energyWh += Math.round(powerW * intervalMs / 3600000);
        const sampledValue = [
            { value: String(energyWh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: String(powerW), measurand: 'Power.Active.Import', unit: 'W' },
        ];
        const timestamp = new Date().toISOString();
        const [action, payload] = protocol === 'ocpp1.6'
            ? ['MeterValues', { connectorId: connector, transactionId, meterValue: [{ timestamp, sampledValue }] }]
            : ['TransactionEvent', {
                eventType: 'Updated', timestamp, triggerReason: 'MeterValuePeriodic', seqNo: seqNo++,
                transactionInfo: { transactionId, chargingState: 'Charging' }, evse: { id: connector, connectorId: 1 },
                meterValue: [{ timestamp, sampledValue: sampledValue.map(({ value, measurand, unit }) => ({ value: Number(value), measurand, unitOfMeasure: { unit } })) }],
            }];
        client.call(action, payload).catch(() => {});
    }, intervalMs);
};

try {
    await client.connect();
    print({ event: 'connected', protocol: client.protocol });
    if (options.boot) await sendMessage('BootNotification');
    for (const { connector, idTag } of options.start || []) {
        const action = protocol === 'ocpp1.6' ? 'StartTransaction' : 'TransactionEvent';
        const payload = protocol === 'ocpp1.6'
            ? { connectorId: connector, idTag, meterStart: meterStartWh, timestamp: new Date().toISOString() }
            : {
                eventType: 'Started', timestamp: new Date().toISOString(), triggerReason: 'Authorized', seqNo: 0,
                transactionInfo: { transactionId: `LT-${connector}`, chargingState: 'Charging' },
                idToken: { idToken: idTag, type: 'ISO14443' }, evse: { id: connector, connectorId: 1 },
                meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: meterStartWh, context: 'Transaction.Begin' }] }],
            };
        const response = await client.call(action, payload);
        print({ event: 'sent', action, response });
        if (options.meter) meterTransaction(connector, protocol === 'ocpp1.6' ? response.transactionId : `LT-${connector}`);
    }
    setTimeout(async () => {
        await client.close({ code: 1000 });
        process.exit(0);
    }, Number(stayMs || 5000));
} catch (err) {
    print({ event: 'failed', message: err.message });
    process.exit(1);
}
