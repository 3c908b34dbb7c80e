// A lean OCPP 1.6 load generator: plain `ws` clients that write frames by hand (an
// ocpp-rpc client costs about four times more and would saturate before the server).
// Started by bench.mjs with child_process.fork(); takes its configuration as one JSON
// argument, logs progress on stderr and sends one result object back over IPC.
//
// Phases: ramp (connect, BootNotification, StatusNotification, and with transactions
// Authorize + StartTransaction), hold (periodic Heartbeat), saturated (closed loop: every
// station keeps one MeterValues outstanding), steady (open loop at a fixed aggregate rate),
// then teardown (StopTransaction, close). Latency is from ws.send() to the CALLRESULT.
import { readFileSync } from 'fs';
import { createRequire } from 'module';
import { monitorEventLoopDelay, performance } from 'perf_hooks';

const require = createRequire(new URL('../peers/package.json', import.meta.url));
const WebSocket = require('ws');

const cfg = JSON.parse(process.argv[2]);
const log = (msg) => process.stderr.write(`[loadgen ${cfg.label}] ${msg}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

// ---- process sampling (the server under test and this generator) --------------------

function cpuSeconds(pid) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / cfg.clkTck; // utime + stime
}

function memoryMb(pid) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm')) || [0, 0])[1]);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

function sampler() {
    const start = { wall: now(), server: cpuSeconds(cfg.serverPid), self: process.cpuUsage() };
    return () => {
        const wallS = (now() - start.wall) / 1000;
        const self = process.cpuUsage(start.self);
        return {
            wallS,
            serverCpuPct: ((cpuSeconds(cfg.serverPid) - start.server) / wallS) * 100,
            generatorCpuPct: ((self.user + self.system) / 1e6 / wallS) * 100,
            server: memoryMb(cfg.serverPid),
        };
    };
}

// ---- per-phase statistics -------------------------------------------------------------

class Stats {
    constructor(name) {
        this.name = name;
        this.sent = 0;
        this.answered = 0; // CALLRESULTs, late ones included
        this.callErrors = 0;
        this.errorCodes = {};
        this.timeouts = 0; // no answer within the timeout (a late answer is also counted in `late`)
        this.late = 0;
        this.lost = 0; // outstanding when the connection closed, or still outstanding after the drain
        this.latencies = [];
        this.window = null; // [start, end): throughput counts answers in it, latency calls sent in it
        this.inWindow = 0;
        this.drainS = 0;
        this.firstSendAt = null;
        this.lastAnswerAt = null;
    }

    summary() {
        const lat = Float64Array.from(this.latencies).sort();
        const pct = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] : null);
        const out = {
            sent: this.sent, answered: this.answered, callErrors: this.callErrors, errorCodes: this.errorCodes,
            timeouts: this.timeouts, late: this.late, lost: this.lost, samples: lat.length,
            p50Ms: pct(50), p99Ms: pct(99), maxMs: lat.length ? lat[lat.length - 1] : null, drainS: this.drainS,
        };
        // Answers per second from the first call to the last answer: robust against a server
        // that answers in bursts, which a fixed window would over- or undercount.
        if (this.answered && this.lastAnswerAt > this.firstSendAt)
            out.sustainedPerS = this.answered / ((this.lastAnswerAt - this.firstSendAt) / 1000);
        if (this.window) {
            out.windowS = (this.window[1] - this.window[0]) / 1000;
            out.answeredPerS = this.inWindow / out.windowS;
        }
        return out;
    }
}

let outstanding = 0; // calls neither answered nor timed out nor lost
let awaiting = 0; // calls without an answer yet, timed-out ones included
const meter = { sent: 0, answered: 0, callErrors: 0, neverAnswered: 0 };
const closes = {};
let serverCalls = 0;

// ---- one simulated charging station ---------------------------------------------------

class Station {
    constructor(identity) {
        this.identity = identity;
        this.ws = null;
        this.open = false;
        this.seq = 0;
        this.pending = new Map();
        this.transactionId = null;
        this.register = 1000;
    }

    connect() {
        return new Promise((resolve) => {
            const ws = new WebSocket(cfg.url + encodeURIComponent(this.identity), ['ocpp1.6'], {
                perMessageDeflate: false,
                handshakeTimeout: cfg.timeoutMs,
            });
            this.ws = ws;
            let settled = false;
            const settle = (ok) => {
                if (!settled) {
                    settled = true;
                    resolve(ok);
                }
            };
            ws.on('open', () => {
                this.open = true;
                settle(true);
            });
            ws.on('unexpected-response', (req, res) => {
                closes[`http ${res.statusCode}`] = (closes[`http ${res.statusCode}`] || 0) + 1;
                req.destroy();
                settle(false);
            });
            ws.on('error', () => settle(false));
            ws.on('message', (data) => this.onMessage(data));
            ws.on('close', (code) => {
                if (this.open) closes[code] = (closes[code] || 0) + 1;
                this.open = false;
                for (const p of this.pending.values()) {
                    if (p.action === 'MeterValues') meter.neverAnswered++;
                    awaiting--;
                    if (!p.done) {
                        p.stats.lost++;
                        outstanding--;
                        p.done = true;
                        p.callback({ ok: false, lost: true });
                    }
                }
                this.pending.clear();
                settle(false);
            });
        });
    }

    // callback runs once: with the answer, or at the timeout, or when the connection is
    // lost; onLate runs if an answer arrives after the timeout.
    call(action, payload, stats, callback, onLate = null) {
        if (!this.open) {
            callback({ ok: false, lost: true });
            return;
        }
        const id = String(++this.seq);
        const t = now();
        this.pending.set(id, { t, action, stats, callback, onLate, done: false, timedOut: false });
        stats.sent++;
        if (stats.firstSendAt === null) stats.firstSendAt = t;
        if (action === 'MeterValues') meter.sent++;
        outstanding++;
        awaiting++;
        this.ws.send(JSON.stringify([2, id, action, payload]));
    }

    callAsync(action, payload, stats) {
        return new Promise((resolve) => this.call(action, payload, stats, resolve));
    }

    onMessage(data) {
        let frame;
        try {
            frame = JSON.parse(data.toString());
        } catch {
            return;
        }
        const [type, id] = frame;
        if (type === 2) {
            // The server asked us something (not expected in this benchmark): refuse politely.
            serverCalls++;
            this.ws.send(JSON.stringify([4, id, 'NotImplemented', 'load generator', {}]));
            return;
        }
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        awaiting--;
        const t = now();
        const { stats } = p;
        if (type === 3) {
            stats.answered++;
            stats.lastAnswerAt = t;
            if (p.action === 'MeterValues') meter.answered++;
            if (p.timedOut) stats.late++;
            // Late answers count too, or an overloaded server would look fast.
            if (!stats.window || (p.t >= stats.window[0] && p.t < stats.window[1])) stats.latencies.push(t - p.t);
            if (stats.window && t >= stats.window[0] && t < stats.window[1]) stats.inWindow++;
        } else {
            stats.callErrors++;
            if (p.action === 'MeterValues') meter.callErrors++;
            const key = `${p.action}:${frame[2]}`;
            stats.errorCodes[key] = (stats.errorCodes[key] || 0) + 1;
            if (stats.callErrors <= 3) log(`CALLERROR for ${p.action} from ${this.identity}: ${data}`);
        }
        if (!p.timedOut) {
            outstanding--;
            p.done = true;
            p.callback({ ok: type === 3, payload: frame[2] });
        } else if (p.onLate) {
            p.onLate();
        }
    }

    sweep(t) {
        for (const p of this.pending.values()) {
            if (!p.timedOut && t - p.t > cfg.timeoutMs) {
                p.timedOut = true;
                p.stats.timeouts++;
                outstanding--;
                p.done = true;
                p.callback({ ok: false, timeout: true });
            }
        }
    }

    meterValues() {
        this.register += 7;
        const payload = {
            connectorId: 1,
            meterValue: [{
                timestamp: new Date().toISOString(),
                sampledValue: [{
                    value: String(this.register), context: 'Sample.Periodic',
                    measurand: 'Energy.Active.Import.Register', unit: 'Wh',
                }],
            }],
        };
        if (this.transactionId !== null) payload.transactionId = this.transactionId;
        return payload;
    }
}

const stations = [];
for (let i = 1; i <= cfg.stations; i++) stations.push(new Station(`${cfg.prefix}${String(i).padStart(5, '0')}`));
const openCount = () => stations.reduce((n, s) => n + (s.open ? 1 : 0), 0);

const sweeper = setInterval(() => {
    const t = now();
    for (const s of stations) if (s.pending.size) s.sweep(t);
}, 250);

// Waits for every answer, late ones included, so that the persisted rows can be compared
// with the answered MeterValues exactly; gives up after drainS.
async function drain(stats) {
    const started = now();
    const limit = started + cfg.drainS * 1000;
    while (awaiting > 0 && now() < limit) await sleep(20);
    stats.drainS = (now() - started) / 1000;
    if (awaiting) log(`${stats.name}: ${awaiting} calls still unanswered after ${cfg.drainS} s`);
}

// ---- phases ---------------------------------------------------------------------------

const isoNow = () => new Date().toISOString();

async function setUp(s, st) {
    if (!(await s.connect())) return false;
    const boot = await s.callAsync('BootNotification', { chargePointVendor: 'ChargeDesk', chargePointModel: 'Bench' }, st);
    if (!boot.ok) return false;
    const status = await s.callAsync('StatusNotification',
        { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: isoNow() }, st);
    if (!status.ok) return false;
    if (!cfg.transactions) return true;
    const idTag = `TAG-${s.identity}`.slice(0, 20);
    const auth = await s.callAsync('Authorize', { idTag }, st);
    if (!auth.ok) return false;
    const start = await s.callAsync('StartTransaction',
        { connectorId: 1, idTag, meterStart: s.register, timestamp: isoNow() }, st);
    if (!start.ok) return false;
    s.transactionId = start.payload.transactionId;
    return true;
}

async function ramp() {
    const st = new Stats('ramp');
    const done = sampler();
    let ready = 0;
    for (let b = 0; b < stations.length; b += cfg.rampBatch) {
        const results = await Promise.all(stations.slice(b, b + cfg.rampBatch).map((s) => setUp(s, st)));
        ready += results.filter(Boolean).length;
        if ((b / cfg.rampBatch) % 4 === 3 || b + cfg.rampBatch >= stations.length)
            log(`ramp: ${ready}/${Math.min(stations.length, b + cfg.rampBatch)} stations ready`);
    }
    const sample = done();
    return { ...st.summary(), ...sample, ready, heldAfterRamp: openCount(), connectPerS: ready / sample.wallS };
}

async function hold() {
    const st = new Stats('hold');
    const done = sampler();
    const end = now() + cfg.holdS * 1000;
    const timers = [];
    for (const s of stations) {
        if (!s.open) continue;
        const beat = () => {
            if (now() >= end || !s.open) return;
            s.call('Heartbeat', {}, st, () => {});
            timers.push(setTimeout(beat, cfg.heartbeatS * 1000));
        };
        timers.push(setTimeout(beat, Math.random() * cfg.heartbeatS * 1000));
    }
    await sleep(cfg.holdS * 1000);
    timers.forEach(clearTimeout);
    const heldAfterHold = openCount();
    await drain(st);
    return { ...st.summary(), ...done(), heldAfterHold, heartbeatS: cfg.heartbeatS };
}

async function saturated() {
    const st = new Stats('saturated');
    let running = true;
    // After a timeout the station waits for the late answer before its next call, as a
    // charger would: OCPP-J allows one outstanding call.
    const loop = (s) => {
        if (running && s.open) s.call('MeterValues', s.meterValues(), st, (r) => !r.timeout && loop(s), () => loop(s));
    };
    stations.forEach(loop);
    await sleep(cfg.warmupS * 1000);
    const done = sampler();
    st.window = [now(), now() + cfg.saturateS * 1000];
    await sleep(cfg.saturateS * 1000);
    const sample = done();
    running = false;
    await drain(st);
    return { ...st.summary(), ...sample };
}

async function steady() {
    const st = new Stats('steady');
    // Open loop: the schedule does not wait for answers. A station with nothing outstanding
    // is preferred (OCPP-J allows one call at a time), taken in O(1) from a queue of idle
    // stations; when none is idle a busy one sends anyway and the overlap is counted.
    const live = stations.filter((s) => s.open);
    const idle = [...live];
    let head = 0;
    let cursor = 0;
    let overlapped = 0;
    const send = () => {
        let s = null;
        while (head < idle.length && !s) {
            const candidate = idle[head++];
            if (candidate.open) s = candidate;
        }
        if (head > 4096 && head * 2 > idle.length) {
            idle.splice(0, head);
            head = 0;
        }
        if (s) {
            const station = s;
            const back = () => idle.push(station);
            s.call('MeterValues', s.meterValues(), st, (r) => !r.timeout && back(), back);
            return;
        }
        for (let tries = 0; !s && tries < live.length; tries++) {
            const candidate = live[cursor++ % live.length];
            if (candidate.open) s = candidate;
        }
        if (!s) return;
        overlapped++;
        s.call('MeterValues', s.meterValues(), st, () => {});
    };
    const startedAt = now();
    let issued = 0;
    const ticker = setInterval(() => {
        const due = Math.floor((cfg.rate * (now() - startedAt)) / 1000);
        while (issued < due) {
            send();
            issued++;
        }
    }, 1);
    await sleep(cfg.warmupS * 1000);
    const done = sampler();
    const sentBefore = st.sent;
    st.window = [now(), now() + cfg.steadyS * 1000];
    await sleep(cfg.steadyS * 1000);
    const sample = done();
    const sentInWindow = st.sent - sentBefore;
    clearInterval(ticker);
    await drain(st);
    return { ...st.summary(), ...sample, targetRate: cfg.rate, sentPerS: sentInWindow / sample.wallS, overlapped };
}

async function teardown() {
    const st = new Stats('teardown');
    if (cfg.transactions) {
        const withTx = stations.filter((s) => s.open && s.transactionId !== null);
        for (let b = 0; b < withTx.length; b += cfg.rampBatch) {
            await Promise.all(withTx.slice(b, b + cfg.rampBatch).map((s) =>
                s.callAsync('StopTransaction',
                    { transactionId: s.transactionId, meterStop: s.register, timestamp: isoNow(), reason: 'Local' }, st)));
        }
    }
    await Promise.all(stations.filter((s) => s.ws && s.open).map((s) => new Promise((resolve) => {
        const timer = setTimeout(() => { s.ws.terminate(); resolve(); }, 5000);
        s.ws.once('close', () => { clearTimeout(timer); resolve(); });
        s.ws.close(1000);
    })));
    return st.summary();
}

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const result = { label: cfg.label, stations: cfg.stations, transactions: cfg.transactions, phases: {} };
const phase = async (name, fn) => {
    log(`${name}...`);
    delay.reset();
    const whole = sampler();
    result.phases[name] = await fn();
    const p = result.phases[name];
    p.generatorLoopDelayP99Ms = delay.percentile(99) / 1e6;
    // Server CPU over the whole phase, drain included, per answered call: unlike rates and
    // latencies it hardly changes when other work competes for the CPU.
    const w = whole();
    p.phaseWallS = w.wallS;
    p.serverCpuMsPerCall = p.answered ? (w.serverCpuPct * w.wallS * 10) / p.answered : null;
    log(`${name}: ${JSON.stringify({ answered: p.answered, answeredPerS: p.answeredPerS, p99Ms: p.p99Ms, errors: p.callErrors, timeouts: p.timeouts })}`);
};

await phase('ramp', ramp);
await phase('hold', hold);
await phase('saturated', saturated);
await phase('steady', steady);
await phase('teardown', teardown);
clearInterval(sweeper);
result.meterValues = meter;
result.closes = closes;
result.serverCalls = serverCalls;
result.serverMemoryAtEnd = memoryMb(cfg.serverPid);
process.send(result, () => process.exit(0));
