// An independent OCPP charging station (ocpp-rpc, strict mode) that answers every call of
// the central system with a valid "accepted" answer and prints each call it received as a
// JSON line. It boots, then stays connected for STAY_MS.
// Usage: node ocpp_station.mjs URL PROTOCOL STAY_MS
import { RPCClient } from 'ocpp-rpc';

const [url, protocol, stayMs] = process.argv.slice(2);
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const client = new RPCClient({
    endpoint: url.slice(0, url.lastIndexOf('/')),
    identity: decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)),
    protocols: [protocol],
    strictMode: true,
    reconnect: false,
});

const accepted = { status: 'Accepted' };
const answers16 = {
    Reset: accepted, ChangeAvailability: accepted, UnlockConnector: { status: 'Unlocked' }, UpdateFirmware: {},
    GetDiagnostics: { fileName: 'diagnostics.log' }, TriggerMessage: accepted,
    GetConfiguration: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: [] },
    ChangeConfiguration: accepted, ClearCache: accepted, SendLocalList: accepted, GetLocalListVersion: { listVersion: 3 },
    ReserveNow: accepted, CancelReservation: accepted, RemoteStartTransaction: accepted, RemoteStopTransaction: accepted,
    SetChargingProfile: accepted, ClearChargingProfile: accepted, GetCompositeSchedule: accepted, DataTransfer: accepted,
};
const answers201 = {
    Reset: accepted, ChangeAvailability: accepted, UnlockConnector: { status: 'Unlocked' }, UpdateFirmware: accepted,
    GetLog: { status: 'Accepted', filename: 'station.log' }, TriggerMessage: accepted,
    GetVariables: (p) => ({ getVariableResult: p.getVariableData.map((d) => ({ attributeStatus: 'Accepted', component: d.component, variable: d.variable, attributeValue: '300' })) }),
    SetVariables: (p) => ({ setVariableResult: p.setVariableData.map((d) => ({ attributeStatus: 'Accepted', component: d.component, variable: d.variable })) }),
    ClearCache: accepted, SendLocalList: accepted, GetLocalListVersion: { versionNumber: 3 }, ReserveNow: accepted,
    CancelReservation: accepted, RequestStartTransaction: accepted, RequestStopTransaction: accepted, SetChargingProfile: accepted,
    ClearChargingProfile: accepted, GetCompositeSchedule: accepted, DataTransfer: accepted, GetBaseReport: accepted,
    SetDisplayMessage: accepted, GetDisplayMessages: accepted, ClearDisplayMessage: accepted,
};
const answers = protocol === 'ocpp1.6' ? answers16 : answers201;
for (const [method, answer] of Object.entries(answers)) {
    client.handle(method, ({ params }) => {
        print({ event: 'call', action: method, params });
        return typeof answer === 'function' ? answer(params) : answer;
    });
}

try {
    await client.connect();
    print({ event: 'connected', protocol: client.protocol });
    setTimeout(async () => {
        await client.close({ code: 1000 });
        process.exit(0);
    }, Number(stayMs || 5000));
} catch (err) {
    print({ event: 'failed', message: err.message });
    process.exit(1);
}
