// An independent OCPP charging station (ocpp-rpc, strict mode) whose transaction outlives a
// crash of the central system. It starts a transaction, reports BEFORE energy readings one at
// a time, and the moment the last of them is acknowledged it kills the central system's
// process (SIGKILL, no clean shutdown). It then reconnects to the same URL as a charger does
// once the central system is back, reports AFTER more readings for the same transaction and
// stops it. Readings are 30 s apart from 2026-11-24T08:00:00Z; the register starts at
// meterStart and grows by stepWh per reading; the stop reading is one step after the last.
// Usage: node crash_station.mjs URL PROTOCOL OPTIONS_JSON
//   OPTIONS_JSON: {killPid, before, after, meterStart, stepWh, idTag, transactionId (2.0.1 only)}
// Prints one JSON line per event: {event: 'connected'}, {event: 'acked', phase, action,
// response, value?, at?} for every acknowledged call, {event: 'killed'}, {event: 'reconnected'},
// {event: 'finished'} at the end, or {event: 'failed', message} before exiting with 1.
import { once } from 'events';
import { RPCClient } from 'ocpp-rpc';

const [url, protocol, optionsJson] = process.argv.slice(2);
const o = JSON.parse(optionsJson);
const v16 = protocol === 'ocpp1.6';
const print = (x) => process.stdout.write(JSON.stringify(x) + '\n');
const client = new RPCClient({
    endpoint: url.slice(0, url.lastIndexOf('/')),
    identity: decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)),
    protocols: [protocol],
    strictMode: true,
    callTimeoutMs: 10000,
    // Back quickly once the central system listens again.
    reconnect: true,
    backoff: { initialDelay: 100, maxDelay: 500, factor: 2, randomisationFactor: 0 },
});

// What the central system may ask after the reconnection (its boot configuration).
const accepted = { status: 'Accepted' };
const answers = v16
    ? { TriggerMessage: { status: 'Rejected' }, ChangeConfiguration: accepted, ClearChargingProfile: accepted }
    : {
          TriggerMessage: { status: 'Rejected' },
          ClearChargingProfile: accepted,
          SetVariables: (p) => ({
              setVariableResult: p.setVariableData.map((d) => ({ attributeStatus: 'Accepted', component: d.component, variable: d.variable })),
          }),
      };
for (const [method, answer] of Object.entries(answers))
    client.handle(method, ({ params }) => (typeof answer === 'function' ? answer(params) : answer));

const base = Date.parse('2026-11-24T08:00:00Z');
const at = (i) => new Date(base + i * 30000).toISOString();
const register = (i) => o.meterStart + i * o.stepWh;
const last = o.before + o.after + 1; // the stop reading
let transactionId = o.transactionId;
let seqNo = 0;

const event201 = (eventType, triggerReason, i, context, extra = {}) => ({
    eventType,
    timestamp: at(i),
    triggerReason,
    seqNo: seqNo++,
    evse: { id: 1, connectorId: 1 },
    transactionInfo: { transactionId, chargingState: 'Charging', ...(extra.transactionInfo || {}) },
    meterValue: [{ timestamp: at(i), sampledValue: [{ value: register(i), context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }] }],
    ...(extra.idToken ? { idToken: extra.idToken } : {}),
});
const calls = v16
    ? {
          boot: ['BootNotification', { chargePointVendor: 'ChargeDesk tests', chargePointModel: 'Crash' }],
          status: ['StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: at(0) }],
          start: () => ['StartTransaction', { connectorId: 1, idTag: o.idTag, meterStart: register(0), timestamp: at(0) }],
          charging: ['StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: at(0) }],
          reading: (i) => [
              'MeterValues',
              {
                  connectorId: 1,
                  transactionId,
                  meterValue: [{ timestamp: at(i), sampledValue: [{ value: String(register(i)), unit: 'Wh', measurand: 'Energy.Active.Import.Register', context: 'Sample.Periodic' }] }],
              },
          ],
          stop: () => ['StopTransaction', { transactionId, idTag: o.idTag, meterStop: register(last), timestamp: at(last), reason: 'EVDisconnected' }],
      }
    : {
          boot: ['BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'ChargeDesk tests', model: 'Crash' } }],
          status: ['StatusNotification', { timestamp: at(0), connectorStatus: 'Occupied', evseId: 1, connectorId: 1 }],
          start: () => ['TransactionEvent', event201('Started', 'Authorized', 0, 'Transaction.Begin', { idToken: { idToken: o.idTag, type: 'ISO14443' } })],
          charging: null,
          reading: (i) => ['TransactionEvent', event201('Updated', 'MeterValuePeriodic', i, 'Sample.Periodic')],
          stop: () => ['TransactionEvent', event201('Ended', 'EVDeparted', last, 'Transaction.End', { transactionInfo: { stoppedReason: 'EVDisconnected' } })],
      };

const call = async (phase, [action, payload], reading) => {
    const response = await client.call(action, payload);
    print({ event: 'acked', phase, action, response, ...(reading === undefined ? {} : { value: register(reading), at: at(reading) }) });
    return response;
};

try {
    await client.connect();
    print({ event: 'connected', protocol: client.protocol });
    await call('before', calls.boot);
    await call('before', calls.status);
    const started = await call('before', calls.start(), 0);
    if (v16) transactionId = started.transactionId;
    if (calls.charging) await call('before', calls.charging);
    for (let i = 1; i <= o.before; ++i) await call('before', calls.reading(i), i);

    // The last reading is acknowledged, so it must be stored: the central system dies now.
    const reopened = once(client, 'open');
    process.kill(o.killPid, 'SIGKILL');
    print({ event: 'killed' });
    let timer;
    await Promise.race([reopened, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no reconnection within 20 s')), 20000)))]);
    clearTimeout(timer);
    print({ event: 'reconnected' });

    for (let i = o.before + 1; i <= o.before + o.after; ++i) await call('after', calls.reading(i), i);
    await call('after', calls.stop(), last);
    await client.close({ code: 1000 });
    print({ event: 'finished' });
    process.exit(0);
} catch (err) {
    print({ event: 'failed', message: err.message, code: err.rpcErrorCode || err.code });
    process.exit(1);
}
