// A mutation fuzzer for chargedesk-server's OCPP gateway, over real sockets. It starts the
// server on a fresh SQLite database, connects one OCPP 1.6 and one OCPP 2.0.1 station, and
// sends mutated frames (frames.mjs) from both while the REST API makes the server call the
// stations, which answer with mutated answers. It checks that:
// - the server stays up and answers a heartbeat after every batch of frames;
// - every certainly-invalid ("hostile") frame gets a CALLERROR, never a CALLRESULT, and
//   nothing is stored for any of them (sessions, readings, connectors, station data);
// - its memory does not keep growing;
// - afterwards every well-formed call is answered and stored, and it stops cleanly.
// Should the server die, the last frames are saved for --replay and it is started again.
// Run it through ocpp_fuzz.sh; `--help` lists the options.
import http from 'http';
import { createRequire } from 'module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { fileURLToPath } from 'url';

import { rest, rssMb, startProcess, stopProcess } from '../support/processes.mjs';
import { answersTo, freshId, generator, hostileCall, noisyCall, seeds } from './frames.mjs';
import { fileRequest, restRequest } from './requests.mjs';

const require = createRequire(new URL('../peers/package.json', import.meta.url));
const WebSocket = require('ws');

const here = path.dirname(fileURLToPath(import.meta.url));
const usage = `usage: ocpp_fuzz.sh [--server PATH] [--frames N] [--seed S] [--hostile FRACTION] [--batch N]
                   [--max-growth-mb MB] [--replay FILE] [--keep]
  --frames N        frames in all, shared by the two stations (default 100000; --quick: 6000)
  --seed S          the run's seed (default 1): the same seed sends the same frames
  --hostile F       the share of certainly-invalid frames, sent first (default 0.7)
  --batch N         frames between two heartbeats that prove the server still answers (default 50)
  --max-growth-mb   allowed growth of the server's memory from the middle of the run to its end (default 32)
  --replay FILE     send the frames a crash left in FILE, in order, and report whether the server survives
  --keep            keep the work folder (database, server log, crash files)`;

const opts = { server: path.resolve(here, '../../build/ci/app/chargedesk-server'), frames: 100000, seed: 1,
    hostile: 0.7, batch: 50, maxGrowthMb: 32, replay: null, keep: false, quick: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; ++i) {
    const value = () => argv[++i];
    switch (argv[i]) {
    case '--server': opts.server = path.resolve(value()); break;
    case '--frames': opts.frames = Number(value()); break;
    case '--seed': opts.seed = Number(value()); break;
    case '--hostile': opts.hostile = Number(value()); break;
    case '--batch': opts.batch = Number(value()); break;
    case '--max-growth-mb': opts.maxGrowthMb = Number(value()); break;
    case '--replay': opts.replay = path.resolve(value()); break;
    case '--keep': opts.keep = true; break;
    case '--quick': opts.quick = true; opts.frames = 6000; break;
    case '--help': console.log(usage); process.exit(0);
    default: console.error(usage); process.exit(2);
    }
}
if (!existsSync(opts.server)) {
    console.error(`ocpp_fuzz: no server at ${opts.server} (build it, or pass --server PATH)`);
    process.exit(2);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'chargedesk-fuzz-'));
const token = 'fuzz-token';
const protocols = ['ocpp1.6', 'ocpp2.0.1'];
const identity = { 'ocpp1.6': 'FUZZ16', 'ocpp2.0.1': 'FUZZ201' };
const problems = [];
const log = (line) => process.stdout.write(`${line}\n`);
const problem = (line) => {
    problems.push(line);
    log(`PROBLEM: ${line}`);
};

// ---- the server -------------------------------------------------------------------------

let server = null;
let starts = 0;
async function startServer() {
    server = await startProcess(work, opts.server, ['--db', path.join(work, 'chargedesk.sqlite'), '--listen', '127.0.0.1',
        '--ocpp-port', '0', '--ocpp-tls-port', 'off', '--api-port', '0', '--api-token', token, '--files-port', '0',
        '--log-level', 'warning'],
    `chargedesk-server-${++starts}.log`, { ocppPort: /OCPP on ws:\/\/[^:]+:(\d+)/, apiPort: /REST API on http:\/\/[^:]+:(\d+)/,
        filesPort: /files on http:\/\/[^:]+:(\d+)/ });
    server.exited = new Promise((resolve) => server.child.on('exit', (code, signal) => resolve({ code, signal })));
    server.alive = true;
    server.exited.then(() => (server.alive = false));
}
const api = (method, route, body) => rest(server.apiPort, token, method, route, body);

async function createNetwork() {
    const area = await api('POST', 'areas', { code: 'FUZZ', name: 'Fuzzing' });
    if (area.status !== 201) throw new Error(`creating the area: HTTP ${area.status} ${area.text}`);
    for (const protocol of protocols) {
        const r = await api('POST', 'stations', { code: identity[protocol], name: `Fuzz ${protocol}`, area_id: area.json.id,
            protocol, connection_identifier: identity[protocol], connection_policy: 'ws' });
        if (r.status !== 201) throw new Error(`creating ${identity[protocol]}: HTTP ${r.status} ${r.text}`);
    }
}

// What a rejected frame must not change: counts, connectors and what stations reported.
async function snapshot() {
    const total = async (route) => (await api('GET', `${route}?limit=1`)).json.total;
    const connectors = (await api('GET', 'connectors?limit=1000')).json.items
        .map((c) => ({ id: c.id, charger: c.charger_id, number: c.connector_number, status: c.status, error: c.error_code }));
    const stations = (await api('GET', 'stations?limit=10')).json.items
        .map((s) => ({ code: s.code, vendor: s.vendor, model: s.model, firmware: s.firmware_version }));
    return { sessions: await total('sessions'), meterValues: await total('meter-values'), chargers: await total('chargers'),
        connectors, stations };
}

// ---- a station ----------------------------------------------------------------------------

class Station {
    constructor(protocol, rng) {
        Object.assign(this, { protocol, rng, hostileAnswers: true, sent: 0, errors: {}, accepted: 0, hostileAccepted: 0,
            expectedErrors: 0, receivedErrors: 0, reconnects: 0, serverCalls: 0, recent: [], waiters: new Map(),
            awaitingError: new Map(), expectClose: false });
    }

    connect() {
        return new Promise((resolve, reject) => {
            const ws = new WebSocket(`ws://127.0.0.1:${server.ocppPort}/ocpp/${identity[this.protocol]}`, [this.protocol],
                { maxPayload: 16 * 1024 * 1024 });
            ws.on('open', () => resolve());
            ws.on('error', (e) => reject(e));
            ws.on('message', (data) => this.received(data.toString()));
            ws.on('close', (code) => {
                for (const [, w] of this.waiters) w.reject(new Error(`connection closed (${code})`));
                this.waiters.clear();
                if (!this.expectClose && server.alive && !this.stopping)
                    problem(`${this.protocol}: the server closed the connection (${code}) after ${this.recent.at(-1)?.slice(0, 200)}`);
                this.closed = true;
            });
            this.ws = ws;
            this.closed = false;
        });
    }

    received(text) {
        let frame;
        try { frame = JSON.parse(text); } catch { return problem(`${this.protocol}: the server sent invalid JSON: ${text.slice(0, 200)}`); }
        const [type, id] = frame;
        if (type === 2) {
            this.serverCalls++;
            for (const answer of answersTo(this.rng, this.protocol, frame, this.hostileAnswers)) this.ws.send(answer);
            return;
        }
        const waiter = this.waiters.get(id);
        if (waiter) {
            this.waiters.delete(id);
            return waiter.resolve(frame);
        }
        if (type === 4 && id === this.closeId) return;
        if (type === 4) {
            this.receivedErrors++;
            this.awaitingError.delete(id);
            if (process.env.FUZZ_DEBUG) log(`${this.protocol} CALLERROR ${text.slice(0, 200)}`);
            this.errors[frame[2]] = (this.errors[frame[2]] || 0) + 1;
        } else if (type === 3) {
            this.accepted++;
            if (this.awaitingError.has(id)) {
                this.hostileAccepted++;
                problem(`${this.protocol}: a certainly-invalid frame was accepted: ${this.awaitingError.get(id).slice(0, 3000)}`);
            }
        }
    }

    send(text) {
        if (process.env.FUZZ_DEBUG) log(`${this.protocol} sent ${text.slice(0, 200)}`);
        this.ws.send(text);
        this.sent++;
        this.recent.push(text.length > 2000 ? `${text.slice(0, 2000)}…(${text.length} characters)` : text);
        if (this.recent.length > 2 * opts.batch) this.recent.shift();
    }

    // A call that must be answered within 30 s; resolves with the reply frame.
    call(action, payload) {
        const id = freshId('c');
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.waiters.delete(id);
                reject(new Error(`no answer to ${action} within 30 s`));
            }, 30000);
            this.waiters.set(id, { resolve: (f) => (clearTimeout(timer), resolve(f)), reject: (e) => (clearTimeout(timer), reject(e)) });
            this.ws.send(JSON.stringify([2, id, action, payload]));
        });
    }

    async boot() {
        const payload = this.protocol === 'ocpp1.6' ? { chargePointVendor: 'Fuzz', chargePointModel: 'F-1', firmwareVersion: '1.0' }
            : { reason: 'PowerUp', chargingStation: { vendorName: 'Fuzz', model: 'F-1', firmwareVersion: '1.0' } };
        await this.expectResult('BootNotification', payload);
    }

    async expectResult(action, payload) {
        const reply = await this.call(action, payload);
        if (reply[0] !== 3) throw new Error(`${this.protocol} ${action} was refused: ${JSON.stringify(reply).slice(0, 300)}`);
        return reply[2];
    }

    async reconnect() {
        this.reconnects++;
        await this.connect();
        await this.boot();
    }

    // Sends one mutated frame; a frame the server must close the connection for is sent alone.
    async fuzz(hostile) {
        const m = hostile ? hostileCall(this.rng, this.protocol) : noisyCall(this.rng, this.protocol);
        if (m.expect === 'close') {
            // Its CALLERROR races the closing handshake and is not counted (tst_gateway checks it).
            this.closeId = m.id;
            this.expectClose = true;
            this.send(m.text);
            await new Promise((resolve) => (this.closed ? resolve() : this.ws.once('close', resolve)));
            this.expectClose = false;
            return this.reconnect();
        }
        if (hostile && m.expect === 'error') {
            this.expectedErrors++;
            // By the id the server can read: to catch a CALLRESULT for it, and to name it if unanswered.
            if (typeof m.id === 'string' && m.id !== '-1') this.awaitingError.set(m.id, m.text);
        }
        this.send(m.text);
    }

    // The heartbeat after each batch: the server still answers, and has answered all before it.
    async probe() {
        await this.expectResult('Heartbeat', {});
        if (this.expectedErrors !== this.receivedErrors && this.hostileAnswers) {
            const missing = [...this.awaitingError.values()].map((t) => t.slice(0, 600)).join(' | ');
            problem(`${this.protocol}: ${this.expectedErrors} CALLERRORs expected so far, ${this.receivedErrors} received; ` +
                (missing ? `unanswered: ${missing}` : `last frames: ${this.recent.slice(-3).map((t) => t.slice(0, 200)).join(' | ')}`));
            this.receivedErrors = this.expectedErrors; // report each gap once
        }
        this.awaitingError.clear();
    }
}

// Makes the server call the stations through the REST API while frames fly, so that the
// answers the stations give (mutated, like everything else) are fuzzed too.
async function commander(stations, rng, running) {
    const commands = { 'ocpp1.6': [['get-composite-schedule', { evse: 1, duration: 3600 }], ['get-configuration', {}],
        ['data-transfer', { vendorId: 'com.example' }], ['get-local-list-version', {}], ['unlock-connector', { connector: 1 }],
        ['trigger-message', { message: 'heartbeat' }], ['clear-cache', {}]],
    'ocpp2.0.1': [['get-composite-schedule', { evse: 1, duration: 600, unit: 'W' }], ['get-configuration', { keys: ['HeartbeatInterval'] }],
        ['data-transfer', { vendorId: 'com.example' }], ['get-local-list-version', {}], ['get-base-report', {}],
        ['trigger-message', { message: 'status' }]] };
    const statuses = {};
    while (running()) {
        const station = rng.pick(stations);
        const [name, args] = rng.pick(commands[station.protocol]);
        try {
            const r = await api('POST', `stations/${identity[station.protocol]}/commands/${name}`, args);
            statuses[r.status] = (statuses[r.status] || 0) + 1;
            if (r.json === null) problem(`REST ${name} answered HTTP ${r.status} without JSON: ${r.text.slice(0, 200)}`);
        } catch (e) {
            if (server.alive) problem(`REST ${name} failed: ${e.message}`);
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
    }
    return statuses;
}

// ---- a crash ------------------------------------------------------------------------------

const crashes = [];
async function recoverFromCrash(stations) {
    const how = await server.exited;
    const file = path.join(work, `crash-${crashes.length + 1}.json`);
    writeFileSync(file, JSON.stringify(Object.fromEntries(stations.map((s) => [s.protocol, s.recent])), null, 1));
    crashes.push({ ...how, file });
    log(`CRASH: the server ended (${how.signal || `exit ${how.code}`}); its last frames are in ${file}`);
    await startServer();
    for (const s of stations) {
        s.closed || s.ws.terminate();
        await s.reconnect();
    }
}

// ---- the run ------------------------------------------------------------------------------

async function fuzzPhase(stations, frames, hostile) {
    const perStation = Math.ceil(frames / stations.length);
    let done = 0;
    let nextReport = 10000;
    while (done < perStation) {
        const n = Math.min(opts.batch, perStation - done);
        try {
            await Promise.all(stations.map(async (s) => {
                s.hostileAnswers = hostile;
                for (let i = 0; i < n; ++i) {
                    if (s.closed) await s.reconnect();
                    await s.fuzz(hostile);
                }
                await s.probe();
            }));
        } catch (e) {
            if (server.alive) {
                // An exit may be on its way: wait for it, or long enough that a server still
                // running has stopped answering.
                await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
                if (server.alive) {
                    problem(`the server stopped answering: ${e.message}`);
                    throw e;
                }
            }
            await recoverFromCrash(stations);
        }
        done += n;
        if (done * stations.length >= nextReport) {
            log(`  ${hostile ? 'hostile' : 'noisy'}: ${done * stations.length} frames sent, ${crashes.length} crashes, ` +
                `server ${rssMb(server.child.pid).toFixed(1)} MB`);
            nextReport += 10000;
        }
    }
}

// The HTTP edges: REST requests and file server uploads, each answered with a 4xx or a 2xx
// (a 502/504 where a station's answer decides), JSON from the REST API, and never a hang.
async function httpPhase(rng, count) {
    const statuses = {};
    const tally = (k) => (statuses[k] = (statuses[k] || 0) + 1);
    for (let i = 0; i < count; ++i) {
        if (rng.chance(0.8)) {
            const r = restRequest(rng, Object.values(identity));
            const reply = await rawHttp(server.apiPort, r.method, `/api/v1/${r.route}`, r.body,
                { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
            tally(`REST ${reply.status}`);
            const fair = (reply.status > 0 && reply.status < 500) || (r.commands && [502, 504].includes(reply.status));
            if (!fair || !isJson(reply.text))
                problem(`REST ${r.method} /api/v1/${r.route.slice(0, 200)} ${(r.body || '').slice(0, 200)} → HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
        } else {
            const f = fileRequest(rng);
            const reply = await rawHttp(server.filesPort, f.method, f.path, f.body, f.headers || {});
            tally(`files ${reply.status}`);
            if (reply.status >= 500 || reply.status === 0)
                problem(`files ${f.method} ${f.path.slice(0, 200)} → HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
        }
    }
    return statuses;
}

const isJson = (text) => {
    try { JSON.parse(text); return true; } catch { return false; }
};

// One request as written, without the client's own checks of paths; status 0 if it failed.
function rawHttp(port, method, requestPath, body, headers) {
    return new Promise((resolve) => {
        const data = body === undefined ? null : Buffer.from(body);
        // Node refuses to send spaces and control characters in a path; everything else goes as it is.
        const sendable = requestPath.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
        const req = http.request({ host: '127.0.0.1', port, method, path: sendable, timeout: 30000,
            headers: { ...headers, ...(data ? { 'Content-Length': data.length } : {}) } }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode, text }));
        });
        req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
        req.on('error', (e) => resolve({ status: 0, text: e.message }));
        if (data) req.write(data);
        req.end();
    });
}

// Every well-formed call of a charging session, each of which must be answered.
async function wellFormedSession(s) {
    const t = () => new Date().toISOString();
    if (s.protocol === 'ocpp1.6') {
        await s.boot();
        await s.expectResult('Heartbeat', {});
        await s.expectResult('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: t() });
        await s.expectResult('Authorize', { idTag: 'FUZZ-AFTER' });
        const started = await s.expectResult('StartTransaction', { connectorId: 1, idTag: 'FUZZ-AFTER', meterStart: 10000, timestamp: t() });
        await s.expectResult('MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: [{ timestamp: t(),
            sampledValue: [{ value: '10500', measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' }] }] });
        await s.expectResult('StopTransaction', { transactionId: started.transactionId, meterStop: 11000, timestamp: t(), reason: 'Local' });
        return 7;
    }
    await s.boot();
    await s.expectResult('Heartbeat', {});
    await s.expectResult('StatusNotification', { timestamp: t(), connectorStatus: 'Occupied', evseId: 1, connectorId: 1 });
    await s.expectResult('Authorize', { idToken: { idToken: 'FUZZ-AFTER', type: 'ISO14443' } });
    const tx = { transactionId: `after-${Date.now()}` };
    const reading = (wh) => [{ timestamp: t(), sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Register', context: 'Sample.Periodic' }] }];
    await s.expectResult('TransactionEvent', { eventType: 'Started', timestamp: t(), triggerReason: 'Authorized', seqNo: 0,
        transactionInfo: { ...tx, chargingState: 'Charging' }, idToken: { idToken: 'FUZZ-AFTER', type: 'ISO14443' },
        evse: { id: 1, connectorId: 1 }, meterValue: reading(10000) });
    await s.expectResult('TransactionEvent', { eventType: 'Updated', timestamp: t(), triggerReason: 'MeterValuePeriodic', seqNo: 1,
        transactionInfo: tx, meterValue: reading(10500) });
    await s.expectResult('TransactionEvent', { eventType: 'Ended', timestamp: t(), triggerReason: 'EVCommunicationLost', seqNo: 2,
        transactionInfo: { ...tx, stoppedReason: 'EVDisconnected' }, meterValue: reading(11000) });
    return 7;
}

// Every seed unmodified: they must be schema-valid, or their mutations would prove little.
async function checkSeeds(stations) {
    for (const s of stations) {
        for (const [action, payload] of seeds[s.protocol]()) {
            const reply = await s.call(action, payload);
            if (reply[0] === 4 && /Constraint|Format|Formation/.test(reply[2]))
                problem(`${s.protocol}: the seed ${action} is not schema-valid: ${reply[3]}`);
        }
        // Back to a plain state, which the hostile phase must then leave alone.
        for (const connector of [1, 2]) {
            await s.expectResult('StatusNotification', s.protocol === 'ocpp1.6'
                ? { connectorId: connector, errorCode: 'NoError', status: 'Available' }
                : { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: connector, connectorId: 1 });
        }
        await s.boot();
    }
}

async function replay(file) {
    const recorded = JSON.parse(readFileSync(file, 'utf8'));
    const stations = protocols.map((p) => new Station(p, generator(opts.seed)));
    for (const s of stations) {
        s.hostileAnswers = false; // nothing is counted: the question is only whether it survives
        await s.reconnect();
    }
    for (const s of stations) {
        for (const text of recorded[s.protocol] || []) s.send(text.replace(/…\(\d+ characters\)$/, ''));
    }
    const outcome = await Promise.race([server.exited.then(() => 'crashed'),
        Promise.all(stations.map((s) => s.probe())).then(() => 'survived', (e) => `stopped answering (${e.message})`)]);
    log(`replay of ${file}: the server ${outcome}`);
    return outcome === 'survived';
}

async function main() {
    const started = performance.now();
    log(`OCPP fuzzer: seed ${opts.seed}, ${opts.frames} frames from an OCPP 1.6 and an OCPP 2.0.1 station, ` +
        `${Math.round(opts.hostile * 100)}% certainly invalid; server ${opts.server}; work folder ${work}`);
    await startServer();
    await createNetwork();
    if (opts.replay) return replay(opts.replay);

    const rng = generator(opts.seed);
    const stations = protocols.map((p, i) => new Station(p, generator(opts.seed * 7919 + i)));
    for (const s of stations) await s.reconnect();
    await checkSeeds(stations);
    for (const s of stations) s.reconnects = 0;

    let running = true;
    const commands = commander(stations, rng, () => running);
    const before = await snapshot();
    const hostileFrames = Math.round(opts.frames * opts.hostile);
    const warmUp = Math.min(2000, Math.round(hostileFrames / 10));
    await fuzzPhase(stations, warmUp, true);
    const warmMb = rssMb(server.child.pid);
    const phaseStarted = performance.now();
    // Memory is judged from the middle on: caches and the allocator's pools fill up first and
    // then stay; a leak goes on growing.
    const firstHalf = Math.round((hostileFrames - warmUp) / 2);
    await fuzzPhase(stations, firstHalf, true);
    const midMb = rssMb(server.child.pid);
    await fuzzPhase(stations, hostileFrames - warmUp - firstHalf, true);
    running = false;
    const statuses = await commands;
    // Let the stations' answers to the last commands arrive before looking.
    for (const s of stations) await s.probe();
    const hostileSeconds = (performance.now() - phaseStarted) / 1000;
    const after = await snapshot();
    const unchanged = crashes.length === 0 && JSON.stringify(before) === JSON.stringify(after);
    if (crashes.length === 0 && !unchanged)
        problem(`rejected frames changed what is stored:\n  before ${JSON.stringify(before)}\n  after  ${JSON.stringify(after)}`);

    await fuzzPhase(stations, opts.frames - hostileFrames, false);
    const httpRequests = Math.max(200, Math.round(opts.frames / 20));
    const httpStatuses = await httpPhase(rng, httpRequests);
    for (const s of stations) await s.probe();
    const endMb = rssMb(server.child.pid);
    if (endMb - midMb > opts.maxGrowthMb)
        problem(`the server's memory grew from ${midMb.toFixed(1)} MB in the middle of the run to ${endMb.toFixed(1)} MB`);

    let answered = 0;
    for (const s of stations) {
        s.hostileAnswers = false;
        try {
            answered += await wellFormedSession(s);
        } catch (e) {
            problem(`after fuzzing, ${e.message}`);
        }
    }
    const final = await snapshot();
    if (final.sessions < after.sessions + 2)
        problem(`after fuzzing, the two well-formed sessions were not stored (sessions ${after.sessions} → ${final.sessions})`);
    for (const s of stations) s.stopping = true;
    const exit = await stopProcess(server.child);
    if (exit !== 0) problem(`the server did not stop cleanly on SIGTERM (exit ${exit})`);

    const seconds = (performance.now() - started) / 1000;
    for (const s of stations) {
        const codes = Object.entries(s.errors).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
        log(`  ${s.protocol}: ${s.sent} frames sent, CALLERRORs: ${codes}; ${s.accepted} accepted (noisy), ` +
            `${s.hostileAccepted} certainly-invalid accepted, ${s.reconnects} reconnections, ${s.serverCalls} server calls answered`);
    }
    log(`  HTTP: ${httpRequests} requests, ${Object.entries(httpStatuses).sort().map(([k, v]) => `${k} × ${v}`).join(', ')}`);
    log(`  REST commands during the hostile phase: ${Object.entries(statuses).map(([k, v]) => `HTTP ${k} × ${v}`).join(', ')}`);
    log(`  memory: ${warmMb.toFixed(1)} MB after warm-up, ${midMb.toFixed(1)} MB in the middle, ${endMb.toFixed(1)} MB at the end ` +
        `(allowed growth from the middle ${opts.maxGrowthMb} MB)`);
    log(`  stored from rejected frames: ${unchanged ? 'nothing' : 'see above'} (sessions ${before.sessions} → ${after.sessions}, ` +
        `meter values ${before.meterValues} → ${after.meterValues}, ${after.connectors.length} connectors unchanged: ${unchanged})`);
    log(`  after fuzzing: ${answered}/14 well-formed calls answered; stopped with exit ${exit}`);
    log(`  crashes: ${crashes.length}${crashes.map((c) => `\n    ${c.signal || `exit ${c.code}`}: ${c.file}`).join('')}`);
    log(`  ${stations.reduce((n, s) => n + s.sent, 0)} frames and ${httpRequests} HTTP requests in ${seconds.toFixed(1)} s ` +
        `(hostile frames after warm-up: ${Math.round((hostileFrames - warmUp) / hostileSeconds)}/s)`);
    return problems.length === 0 && crashes.length === 0;
}

main().then((ok) => {
    if (server?.alive) server.child.kill('SIGKILL');
    if (!opts.keep && ok) rmSync(work, { recursive: true, force: true });
    log(ok ? 'fuzz: passed' : `fuzz: FAILED (${problems.length} problems, ${crashes.length} crashes; work folder ${work})`);
    process.exit(ok ? 0 : 1);
}, (e) => {
    if (server?.alive) server.child.kill('SIGKILL');
    log(`fuzz: FAILED: ${e.stack || e.message}; work folder ${work}`);
    process.exit(1);
});
