// What the OCPP fuzzer sends: schema-valid frames of both versions as seeds, and the
// mutations made of them. Everything is drawn from one seeded generator, so a seed names a
// run exactly and a crash can be replayed.
//
// Two families of mutation:
// - hostile: the frame is certainly invalid (broken JSON, a broken envelope, a value of the
//   wrong JSON type, a property the schema does not allow, a reply to no call). The server
//   must refuse each one and store nothing.
// - noisy: anything, including changes that may still be valid (flipped bytes, removed
//   fields, extreme numbers). The server must only stay up and keep answering.

// mulberry32: small, fast and good enough to pick mutations.
export function generator(seed) {
    let a = seed >>> 0;
    const next = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (n) => Math.floor(next() * n);
    return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

const now = () => new Date().toISOString();

// Calls a station makes, schema-valid, each one that would change something if accepted:
// statuses other than the one the harness set, a session start, readings.
export const seeds = {
    'ocpp1.6': () => [
        ['BootNotification', { chargePointVendor: 'Mutant', chargePointModel: 'M-1', firmwareVersion: '6.6.6' }],
        ['Heartbeat', {}],
        ['StatusNotification', { connectorId: 1, errorCode: 'GroundFailure', status: 'Faulted', timestamp: now() }],
        ['StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Unavailable', info: 'fuzz', timestamp: now() }],
        ['Authorize', { idTag: 'FUZZ-CARD' }],
        ['StartTransaction', { connectorId: 1, idTag: 'FUZZ-CARD', meterStart: 1000, timestamp: now() }],
        ['MeterValues', { connectorId: 1, transactionId: 1, meterValue: [{ timestamp: now(), sampledValue: [
            { value: '1500', context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: '7.4', measurand: 'Power.Active.Import', unit: 'kW', phase: 'L1' }] }] }],
        ['StopTransaction', { transactionId: 1, meterStop: 2000, timestamp: now(), reason: 'Local', idTag: 'FUZZ-CARD',
            transactionData: [{ timestamp: now(), sampledValue: [{ value: '2000' }] }] }],
        ['DataTransfer', { vendorId: 'com.example.fuzz', messageId: 'm', data: 'd' }],
        ['DiagnosticsStatusNotification', { status: 'Uploaded' }],
        ['FirmwareStatusNotification', { status: 'Installed' }],
    ],
    'ocpp2.0.1': () => [
        ['BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M-1', vendorName: 'Mutant', firmwareVersion: '6.6.6',
            modem: { iccid: '1', imsi: '2' } } }],
        ['Heartbeat', {}],
        ['StatusNotification', { timestamp: now(), connectorStatus: 'Faulted', evseId: 1, connectorId: 1 }],
        ['StatusNotification', { timestamp: now(), connectorStatus: 'Unavailable', evseId: 2, connectorId: 1 }],
        ['Authorize', { idToken: { idToken: 'FUZZ-CARD', type: 'ISO14443' } }],
        ['TransactionEvent', { eventType: 'Started', timestamp: now(), triggerReason: 'Authorized', seqNo: 0,
            transactionInfo: { transactionId: 'FUZZ-TX', chargingState: 'Charging' }, idToken: { idToken: 'FUZZ-CARD', type: 'ISO14443' },
            evse: { id: 1, connectorId: 1 }, meterValue: [{ timestamp: now(), sampledValue: [
                { value: 1000, context: 'Transaction.Begin', measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh', multiplier: 0 } }] }] }],
        ['TransactionEvent', { eventType: 'Updated', timestamp: now(), triggerReason: 'MeterValuePeriodic', seqNo: 1,
            transactionInfo: { transactionId: 'FUZZ-TX', chargingState: 'SuspendedEV' }, evse: { id: 1, connectorId: 1 },
            meterValue: [{ timestamp: now(), sampledValue: [{ value: 1500 }, { value: 7400, measurand: 'Power.Active.Import' }] }] }],
        ['TransactionEvent', { eventType: 'Ended', timestamp: now(), triggerReason: 'EVCommunicationLost', seqNo: 2,
            transactionInfo: { transactionId: 'FUZZ-TX', stoppedReason: 'EVDisconnected' }, evse: { id: 1, connectorId: 1 } }],
        ['MeterValues', { evseId: 1, meterValue: [{ timestamp: now(), sampledValue: [{ value: 42, measurand: 'Energy.Active.Import.Register',
            unitOfMeasure: { unit: 'kWh', multiplier: 3 } }] }] }],
        ['NotifyEvent', { generatedAt: now(), seqNo: 0, tbc: false, eventData: [{ eventId: 1, timestamp: now(), trigger: 'Alerting',
            actualValue: 'true', eventNotificationType: 'HardWiredNotification', component: { name: 'EVSE', evse: { id: 1 } },
            variable: { name: 'Problem' } }] }],
        ['NotifyReport', { requestId: 1, generatedAt: now(), seqNo: 0, tbc: false, reportData: [{ component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' }, variableAttribute: [{ type: 'Actual', value: '300', mutability: 'ReadWrite' }] }] }],
        ['FirmwareStatusNotification', { status: 'Installed', requestId: 1 }],
        ['LogStatusNotification', { status: 'Uploaded', requestId: 1 }],
        ['SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: now(), techInfo: 'fuzz' }],
    ],
};

// Valid answers to the calls the central system makes, by action (others answer with status).
export const answers = {
    'ocpp1.6': {
        GetCompositeSchedule: () => ({ status: 'Accepted', connectorId: 1, scheduleStart: now(),
            chargingSchedule: { duration: 3600, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] } }),
        GetConfiguration: () => ({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: ['Nope'] }),
        GetLocalListVersion: () => ({ listVersion: 3 }),
        DataTransfer: () => ({ status: 'Accepted', data: 'd' }),
        UnlockConnector: () => ({ status: 'Unlocked' }),
        GetDiagnostics: () => ({ fileName: 'diag.log' }),
    },
    'ocpp2.0.1': {
        GetCompositeSchedule: () => ({ status: 'Accepted', schedule: { evseId: 1, duration: 3600, scheduleStart: now(),
            chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] } }),
        GetVariables: () => ({ getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300',
            component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] }),
        SetVariables: () => ({ setVariableResult: [{ attributeStatus: 'Accepted', component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' } }] }),
        GetLocalListVersion: () => ({ versionNumber: 3 }),
        DataTransfer: () => ({ status: 'Accepted', data: { any: ['thing'] } }),
        UnlockConnector: () => ({ status: 'Unlocked' }),
        GetLog: () => ({ status: 'Accepted', filename: 'log.txt' }),
        GetBaseReport: () => ({ status: 'Accepted' }),
    },
};
export const defaultAnswer = () => ({ status: 'Accepted' });

// Values that the OCPP schemas type as "any": a different type there is still valid.
const untyped = new Set(['data']);

// Every path to a value inside `value`, for picking one to mutate.
function paths(value, prefix = [], out = []) {
    if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
            out.push([...prefix, k]);
            paths(v, [...prefix, k], out);
        }
    }
    return out;
}

function setAt(root, path, value) {
    let node = root;
    for (const key of path.slice(0, -1)) node = node[key];
    if (value === undefined) {
        if (Array.isArray(node)) node.splice(Number(path.at(-1)), 1);
        else delete node[path.at(-1)];
    } else {
        node[path.at(-1)] = value;
    }
}

const getAt = (root, path) => path.reduce((node, key) => node[key], root);
const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

// A value of another JSON type than `original`: a certain type violation in a typed field.
function otherType(rng, original) {
    const choices = {
        string: () => rng.pick(['', 'x', 'yesterday', '2026-13-45T25:61:61Z', 'é\u0000\ud83d\ude00', 'A'.repeat(rng.int(5000))]),
        digits: () => '9'.repeat(1 + rng.int(60000)),
        integer: () => rng.pick([0, -1, 2147483648, -2147483649, 9007199254740993, 1e300, -1e300]),
        fraction: () => rng.pick([0.5, -0.000001, 1.7976931348623157e308, 5e-324]),
        boolean: () => rng.chance(0.5),
        null: () => null,
        object: () => rng.pick([{}, { a: 1 }, { timestamp: { $date: 1 } }, { '': null }]),
        array: () => rng.pick([[], [1, 'a', null], [[[]]], [{}]]),
        nested: () => nest(rng.pick([10, 200, 500])),
    };
    const original_ = kind(original);
    // A field typed "number" takes integers too, so every number excludes both.
    const exclude = { string: ['string', 'digits'], integer: ['integer', 'fraction'], number: ['integer', 'fraction'],
        boolean: ['boolean'], null: ['null'], object: ['object'], array: ['array', 'nested'] }[original_] || [];
    const names = Object.keys(choices).filter((n) => !exclude.includes(n));
    return choices[rng.pick(names)]();
}

function nest(depth) {
    let v = 1;
    for (let i = 0; i < depth; ++i) v = [v];
    return v;
}

// `value` with one change: a member of another type, removed, or one it does not know.
export function mutateValue(rng, value) {
    const all = paths(value);
    if (!all.length || rng.chance(0.15)) return { ...value, [`zz${rng.int(100)}`]: rng.pick([1, 'x', null, {}]) };
    const path = rng.pick(all);
    setAt(value, path, rng.chance(0.2) ? undefined : otherType(rng, getAt(value, path)));
    return value;
}

// A fresh message id, unique within a run: the harness tells its replies apart by it.
let counter = 0;
export const freshId = (tag) => `${tag}${(counter++).toString(36)}`;

// The hostile mutations of a call, each returning the frame's text and what the server
// should answer: 'error' (a CALLERROR), 'none' (nothing: replies are not answered) or
// 'close' (the server ends the connection, after a CALLERROR when `callError`).
export function hostileCall(rng, protocol) {
    const [action, payload] = rng.pick(seeds[protocol]());
    const id = freshId('h');
    const text = (frame) => JSON.stringify(frame);
    const mutations = [
        // A value of the wrong type somewhere in the payload, timestamps most often: that is where it crashed.
        [30, () => {
            const candidates = paths(payload).filter((p) => !untyped.has(p.at(-1)));
            if (!candidates.length) return { text: text([2, id, action, { unexpected: 1 }]), expect: 'error', id };
            const isStamp = (p) => /timestamp|At$|scheduleStart/.test(p.at(-1));
            const stamps = candidates.filter(isStamp);
            const path = stamps.length && rng.chance(0.4) ? rng.pick(stamps) : rng.pick(candidates);
            // A date-time may also be a string that is no date-time: not the type, the format is wrong.
            const notADate = () => rng.pick(['yesterday', '9'.repeat(100000), '2026-02-30T00:00:00Z', '2026-12-07T10:00:00',
                '2026-12-07 10:00:00Z', '2026-12-07T24:00:00Z', '']);
            setAt(payload, path, isStamp(path) && rng.chance(0.3) ? notADate() : otherType(rng, getAt(payload, path)));
            return { text: text([2, id, action, payload]), expect: 'error', id, note: `${action}.${path.join('.')}` };
        }],
        // A property the schema does not know: 1.6 allows them inside meter values, 2.0.1 nowhere.
        [6, () => {
            const nested = protocol === 'ocpp2.0.1' ? paths(payload).filter((p) => kind(getAt(payload, p)) === 'object') : [];
            const objects = [[], ...nested];
            const at = rng.pick(objects);
            const target = at.length ? getAt(payload, at) : payload;
            target[`zz${rng.int(1000)}`] = rng.pick([1, 'x', null, {}]);
            return { text: text([2, id, action, payload]), expect: 'error', id };
        }],
        // Not JSON: cut short, or a byte that JSON never allows.
        [10, () => {
            const full = text([2, id, action, payload]);
            const cut = full.slice(0, 1 + rng.int(full.length - 1));
            return { text: rng.chance(0.7) ? cut : full.replace(',', rng.pick([',,', ';', '\u0001', ', ]'])), expect: 'error', id: '-1' };
        }],
        // A broken envelope.
        [12, () => {
            const broken = rng.pick([
                () => [rng.pick([0, 1, 5, -2, 2.5, '2', null, [2]]), id, action, payload],
                () => [2, rng.pick([1, null, {}, [], true, '', 'x'.repeat(37)]), action, payload],
                () => [2, id, rng.pick(['', 7, null, {}, 'heartbeat', 'X'.repeat(300),
                    protocol === 'ocpp1.6' ? 'TransactionEvent' : 'StartTransaction']), payload],
                () => [2, id, action, rng.pick([[], 'payload', 5, null, true])],
                () => [2, id, action],
                () => [2, id],
                () => [2, id, action, payload, 'extra'],
                () => ({ 0: 2, 1: id, 2: action, 3: payload }),
                () => rng.pick(['"text"', '42', 'null', 'true', '[]', '{}']),
            ])();
            return { text: typeof broken === 'string' ? broken : text(broken), expect: 'error', id };
        }],
        // The other version's action, or one the central system sends, never a station.
        [4, () => {
            const other = rng.pick(protocol === 'ocpp1.6' ? ['TransactionEvent', 'NotifyReport', 'Reset', 'RemoteStartTransaction']
                : ['StartTransaction', 'StopTransaction', 'DiagnosticsStatusNotification', 'RequestStartTransaction']);
            return { text: text([2, id, other, payload]), expect: 'error', id };
        }],
        // Deep nesting, in the envelope or in a field (written as text: too deep for JSON.stringify).
        [5, () => {
            const depth = rng.pick([100, 1000, 1025, 5000, 20000]);
            const nested = '['.repeat(depth) + ']'.repeat(depth);
            if (rng.chance(0.5)) return { text: nested, expect: 'error', id: '-1' };
            const field = paths(payload).filter((p) => !untyped.has(p.at(-1)));
            if (field.length) setAt(payload, rng.pick(field), '@NESTED@');
            else payload.deep = '@NESTED@';
            return { text: text([2, id, action, payload]).replace('"@NESTED@"', nested), expect: 'error', id };
        }],
        // Replies to calls never made, and ones with broken shapes: never answered.
        [8, () => rng.pick([
            () => ({ text: text([3, freshId('r'), rng.pick([{}, { status: 'Accepted' }])]), expect: 'none' }),
            () => ({ text: text([4, freshId('r'), 'InternalError', 'no', {}]), expect: 'none' }),
            () => ({ text: text([3, freshId('r'), rng.pick([[], 'x', 5, null])]), expect: 'none' }),
            () => ({ text: text([4, freshId('r'), rng.pick([5, null, {}])]), expect: 'none' }),
            () => ({ text: text([3, freshId('r')]), expect: 'none' }),
        ])()],
        // A message id used before.
        [4, () => ({ text: text([2, 'dup', action, { zz: 1, ...payload }]), expect: 'error', id: 'dup' })],
        // Strings near and over the frame size limit (128 KB): over it the server answers and
        // closes, and far over it (4 times) the WebSocket layer closes without reading.
        [1, () => {
            const big = rng.pick([60000, 120000, 140000, 600000]);
            const t = text([2, id, 'DataTransfer', { vendorId: 'v', zz: 'x'.repeat(big) }]);
            return { text: t, expect: big > 130000 ? 'close' : 'error', callError: t.length <= 4 * 131072, id };
        }],
    ];
    return weighted(rng, mutations)();
}

// The noisy mutations: any of the hostile ones, or changes that may leave the frame valid.
export function noisyCall(rng, protocol) {
    const [action, payload] = rng.pick(seeds[protocol]());
    const id = freshId('n');
    const mutations = [
        [5, () => hostileCall(rng, protocol)],
        // Flipped, inserted or removed bytes anywhere.
        [6, () => {
            const bytes = [...JSON.stringify([2, id, action, payload])];
            for (let n = 1 + rng.int(4); n > 0; --n) {
                const at = rng.int(bytes.length);
                const op = rng.int(3);
                if (op === 0) bytes[at] = String.fromCharCode(rng.int(128));
                else if (op === 1) bytes.splice(at, 0, rng.pick(['"', '{', '}', '[', ']', ',', ':', '\\', '0', '-', 'e']));
                else bytes.splice(at, 1);
            }
            return { text: bytes.join(''), expect: 'any' };
        }],
        // A field removed, or set to an extreme value of its own type.
        [6, () => {
            const all = paths(payload);
            if (all.length) {
                const path = rng.pick(all);
                const original = getAt(payload, path);
                const extreme = { string: () => rng.pick(['', ' ', '0', '-1', 'x'.repeat(1000), '1e400', 'NaN']),
                    integer: () => rng.pick([0, -1, -2147483648, 2147483647, 2147483648, 1e21]),
                    number: () => rng.pick([0, -0.1, 1e308, -1e308]) }[kind(original)];
                setAt(payload, path, extreme && rng.chance(0.7) ? extreme() : undefined);
            }
            return { text: JSON.stringify([2, id, action, payload]), expect: 'any', id };
        }],
    ];
    return weighted(rng, mutations)();
}

// The answers to a call of the central system, mutated: a hostile one is never a valid
// result (a wrong type, an unknown property, a CALLERROR). One the server cannot pair with its call (a payload that is no object) is followed
// by a CALLERROR, as a station correcting itself, so that the call does not wait for its timeout.
export function answersTo(rng, protocol, call, hostile) {
    const text = answerTo(rng, protocol, call, hostile);
    const [type, , payload] = JSON.parse(text);
    const paired = type === 4 || kind(payload) === 'object';
    return paired ? [text] : [text, JSON.stringify([4, call[1], 'GenericError', 'sorry', {}])];
}

function answerTo(rng, protocol, call, hostile) {
    const [, id, action] = call;
    const valid = (answers[protocol][action] || defaultAnswer)();
    const text = (frame) => JSON.stringify(frame);
    const mutations = [
        [6, () => {
            const candidates = paths(valid).filter((p) => !untyped.has(p.at(-1)));
            const path = rng.pick(candidates);
            setAt(valid, path, otherType(rng, getAt(valid, path)));
            return text([3, id, valid]);
        }],
        [2, () => text([3, id, { ...valid, zz: rng.pick([1, {}, 'x']) }])],
        [2, () => text([4, id, rng.pick(['NotImplemented', 'InternalError', 'Weird', '']), rng.pick(['why', '']), rng.pick([{}, { a: [1] }])])],
        [1, () => text([3, id, rng.pick([[], 'x', null])])],
    ];
    if (!hostile) mutations.push([4, () => text([3, id, valid])]);
    return weighted(rng, mutations)();
}

function weighted(rng, entries) {
    const total = entries.reduce((sum, [w]) => sum + w, 0);
    let r = rng.next() * total;
    for (const [w, f] of entries) {
        if ((r -= w) < 0) return f;
    }
    return entries.at(-1)[1];
}
