// What the fuzzer sends to chargedesk-server's HTTP edges: REST requests with odd query
// strings, bodies of the wrong shape and values of the wrong type, and uploads to the file
// server with odd names and bodies. Drawn from the run's seeded generator like the frames.
import { mutateValue } from './frames.mjs';

const collections = ['operators', 'areas', 'stations', 'chargers', 'connectors', 'assets', 'customers', 'id-device-types',
    'id-devices', 'configuration-templates', 'sessions', 'reservations', 'meter-values', 'ocpp-messages', 'charging-profiles'];

// Bodies that a collection would take, before they are mutated.
const bodies = {
    areas: () => ({ code: 'FZ-A', name: 'Area', latitude: 46.05, longitude: 14.5 }),
    customers: () => ({ code: 'FZ-C', name: 'Customer', payment_type: 'prepaid' }),
    stations: () => ({ code: 'FZ-S', name: 'Station', protocol: 'ocpp1.6', connection_identifier: 'FZ-S', connection_policy: 'ws' }),
    'charging-profiles': () => ({ code: 'FZ-P', name: 'Profile', purpose: 'tx_default', unit: 'W',
        periods: [{ start_offset_s: 0, limit_value: 11000 }] }),
    reservations: () => ({ customer: 'FZ-C', connector: 1, minutes: 30 }),
    sessions: () => ({ customer: 'FZ-C', connector: 1 }),
};
const commands = ['reset', 'change-availability', 'unlock-connector', 'trigger-message', 'get-configuration',
    'change-configuration', 'get-composite-schedule', 'data-transfer', 'reserve-now', 'remote-start', 'remote-stop',
    'set-charging-profile', 'clear-charging-profile', 'send-local-list', 'update-firmware', 'upload-diagnostics'];
const commandArgs = () => ({ type: 'soft', connector: 1, evse: 1, operative: true, message: 'heartbeat', keys: ['A'],
    key: 'HeartbeatInterval', value: '60', duration: 3600, vendorId: 'v', idToken: 'T', reservationId: 1, expiresAt: Date.now(),
    transactionId: 1, entries: [{ idToken: 'T', status: 'accepted' }], version: 1, location: 'http://127.0.0.1:1/x',
    periods: [{ start: 0, limit: 1000 }] });
const oddValues = ['', 'abc', '-5', '0', '-0', '1.5', '1e999', '99999999999999999999', '%00', '%E2%82%AC', "'%20OR%201=1%20--",
    'NaN', 'null', '[]', '{}', 'x'.repeat(5000), '%ZZ', '2026-13-01T00:00:00Z'];

// One REST request: {method, route, body (text or undefined), commands: true when a 502/504
// from a station is a fair answer}.
export function restRequest(rng, stationCodes) {
    const station = rng.pick(stationCodes);
    const kinds = [
        () => {
            const params = [];
            for (let n = 1 + rng.int(3); n > 0; --n) {
                const name = rng.pick(['limit', 'offset', 'sort', 'order', 'code', 'name.contains', 'created_at.gte', 'id.lt',
                    'status', 'x.y.z', 'password', 'area_id.operator_id', '', '%00']);
                params.push(`${name}=${rng.pick(oddValues)}`);
            }
            return { method: 'GET', route: `${rng.pick(collections)}?${params.join('&')}` };
        },
        () => {
            const collection = rng.pick(Object.keys(bodies));
            return { method: 'POST', route: collection, body: body(rng, bodies[collection]()) };
        },
        () => ({ method: 'PATCH', route: rng.pick([`stations/${station}`, 'areas/FUZZ', 'customers/NOPE']),
            body: body(rng, { name: 'Renamed', latitude: 1, connection_policy: 'ws', code: station }) }),
        () => ({ method: 'POST', route: `stations/${station}/commands/${rng.pick(commands)}`, body: body(rng, commandArgs()),
            commands: true }),
        () => ({ method: 'GET', route: `chargers/${station}/composite-schedule?duration=${rng.pick(oddValues)}`, commands: true }),
        () => ({ method: 'GET', route: `assets/NOPE/measurements?from=${rng.pick(oddValues)}&limit=${rng.pick(oddValues)}` }),
        () => ({ method: rng.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']), route: rng.pick(collections), body: '{}' }),
        () => ({ method: 'GET', route: rng.pick(['../../etc/passwd', 'stations/%00', `stations/${'S'.repeat(3000)}`,
            `stations/${station}/nope/deeper/still`, 'stations//', '?', 'openapi.yaml/x']) }),
        // Never a valid password: it would lock the fuzzing stations out.
        () => ({ method: 'PUT', route: `stations/${station}/credentials`,
            body: JSON.stringify(mutateValue(rng, { password: 'short' })) }),
    ];
    return rng.pick(kinds)();
}

// A body: the valid one mutated, or no JSON object at all.
function body(rng, valid) {
    if (rng.chance(0.15))
        return rng.pick(['', '{', '[]', 'null', '"text"', '{"a":', '['.repeat(5000) + ']'.repeat(5000), `{"x":"${'y'.repeat(100000)}"}`]);
    return JSON.stringify(rng.chance(0.8) ? mutateValue(rng, valid) : valid);
}

// One request to the file server: {method, path, headers, body}.
export function fileRequest(rng) {
    const name = rng.pick(['log.txt', '.hidden', '..', '%2e%2e', 'a/b', 'a%2Fb', 'ä.txt', 'x'.repeat(300), 'con', 'log .txt', '']);
    const kinds = [
        () => ({ method: 'PUT', path: `/files/diagnostics/${name}`, body: 'diagnostics' }),
        () => ({ method: 'GET', path: `/files/firmware/${name}` }),
        () => ({ method: 'GET', path: rng.pick(['/files/firmware/../../../etc/passwd', '/files/diagnostics/', '/files/', '/', '/files/x/y']) }),
        () => {
            const boundary = rng.pick(['b0undary', '', '"quoted"', 'x'.repeat(200)]);
            const file = rng.chance(0.5) ? `filename="${name}"` : 'name="file"';
            const content = rng.pick([`--${boundary}\r\nContent-Disposition: form-data; ${file}\r\n\r\nlog\r\n--${boundary}--\r\n`,
                `--${boundary}\r\n\r\n`, `--${boundary}`, '', `--${boundary}\r\nContent-Disposition: form-data; filename="\r\n\r\n`]);
            return { method: 'POST', path: '/files/diagnostics/', body: content,
                headers: { 'Content-Type': rng.pick([`multipart/form-data; boundary=${boundary}`, 'multipart/form-data', 'text/plain']) } };
        },
        () => ({ method: rng.pick(['DELETE', 'POST', 'PATCH']), path: `/files/firmware/${name}`, body: 'x' }),
    ];
    return rng.pick(kinds)();
}
