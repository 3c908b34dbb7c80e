// OCPP load benchmark: the same load against chargedesk-server and against a reference
// central system written with ocpp-rpc (strict mode), in one run on one machine, printed
// side by side with the ratios. Run it through ocpp_load.sh, which raises the fd limit.
//
// The exit status says whether the harness worked (every station connected, no CALLERROR,
// nothing left unanswered, every answered MeterValues persisted), never whether a timing
// target was met: the targets are printed as a verdict.
import { execFileSync, fork } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { fileURLToPath } from 'url';

import { rest, rssMb, startProcess, stopProcess } from '../support/processes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

// ---- options --------------------------------------------------------------------------

const usage = `usage: ocpp_load.sh [--quick] [--server PATH] [--stations N] [--rate MSGS_PER_S]
       [--hold S] [--heartbeat S] [--saturate S] [--steady S] [--warmup S] [--ramp-batch N]
       [--timeout-ms MS] [--no-transactions] [--only chargedesk|reference] [--json FILE] [--keep]
Environment: CHARGEDESK_SERVER, BENCH_STATIONS, BENCH_RATE (flags win).`;

const env = process.env;
const opts = {
    server: env.CHARGEDESK_SERVER || path.join(root, 'build/ci/app/chargedesk-server'),
    stations: Number(env.BENCH_STATIONS || 10000),
    rate: Number(env.BENCH_RATE || 2000),
    holdS: 30, heartbeatS: 30, saturateS: 20, steadyS: 30, warmupS: 3,
    rampBatch: 500, timeoutMs: 30000, drainS: 180,
    transactions: true, only: null, json: null, keep: false, quick: false,
};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
        if (i + 1 >= args.length) throw new Error(`${a} needs a value\n${usage}`);
        return args[++i];
    };
    const numbers = { '--stations': 'stations', '--rate': 'rate', '--hold': 'holdS', '--heartbeat': 'heartbeatS',
        '--saturate': 'saturateS', '--steady': 'steadyS', '--warmup': 'warmupS', '--ramp-batch': 'rampBatch',
        '--timeout-ms': 'timeoutMs' };
    if (a === '--quick') {
        Object.assign(opts, { quick: true, stations: 50, rate: 200, holdS: 3, heartbeatS: 1, saturateS: 3, steadyS: 3,
            warmupS: 0.5, rampBatch: 50, timeoutMs: 10000, drainS: 10 });
    } else if (numbers[a]) opts[numbers[a]] = Number(value());
    else if (a === '--server') opts.server = value();
    else if (a === '--no-transactions') opts.transactions = false;
    else if (a === '--only') opts.only = value();
    else if (a === '--json') opts.json = value();
    else if (a === '--keep') opts.keep = true;
    else if (a === '-h' || a === '--help') {
        console.log(usage);
        process.exit(0);
    } else {
        console.error(`unknown argument ${a}\n${usage}`);
        process.exit(2);
    }
}
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const fail = (msg) => {
    console.error(`bench: ${msg}`);
    process.exit(1);
};

const fdLimit = Number((readFileSync('/proc/self/limits', 'utf8').match(/^Max open files\s+(\d+)/m) || [0, 0])[1]);
if (fdLimit < opts.stations + 256)
    fail(`the open-file limit is ${fdLimit}; ${opts.stations} stations need more (run through ocpp_load.sh as root, or lower --stations)`);
if (!opts.only || opts.only === 'chargedesk') {
    if (!existsSync(opts.server)) fail(`no server binary at ${opts.server} (build it, or pass --server PATH)`);
}
const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(' ');
const clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const work = mkdtempSync(path.join(os.tmpdir(), 'chargedesk-bench-'));
const prefix = 'bench-';
const identity = (i) => `${prefix}${String(i).padStart(5, '0')}`;

// ---- helpers --------------------------------------------------------------------------

async function createStations(port, token) {
    const area = await rest(port, token, 'POST', 'areas', { code: 'BENCH', name: 'Benchmark' });
    if (area.status !== 201) fail(`creating the area: HTTP ${area.status} ${area.text}`);
    const started = performance.now();
    let next = 1;
    const errors = [];
    const worker = async () => {
        while (next <= opts.stations) {
            const i = next++;
            const r = await rest(port, token, 'POST', 'stations', { code: `BENCH-${String(i).padStart(5, '0')}`,
                name: `Bench ${i}`, area_id: area.json.id, protocol: 'ocpp1.6', connection_identifier: identity(i),
                connection_policy: 'ws' });
            if (r.status !== 201) errors.push(`${identity(i)}: HTTP ${r.status} ${r.text}`);
        }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    if (errors.length) fail(`creating stations: ${errors.length} failed, first: ${errors[0]}`);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, perS: opts.stations / seconds };
}

function runLoad(label, url, serverPid) {
    const cfg = { label, url, serverPid, clkTck, prefix, stations: opts.stations, rate: opts.rate, holdS: opts.holdS,
        heartbeatS: opts.heartbeatS, saturateS: opts.saturateS, steadyS: opts.steadyS, warmupS: opts.warmupS,
        rampBatch: opts.rampBatch, timeoutMs: opts.timeoutMs, drainS: opts.drainS, transactions: opts.transactions };
    return new Promise((resolve, reject) => {
        const child = fork(path.join(here, 'loadgen.mjs'), [JSON.stringify(cfg)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        let result = null;
        child.on('message', (m) => (result = m));
        child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator exited with ${code}`))));
    });
}

function sqliteCount(db, table) { // table: a table name, optionally with a WHERE clause
    try {
        return Number(execFileSync('sqlite3', [db, `SELECT count(*) FROM ${table}`]).toString().trim());
    } catch {
        return null; // no sqlite3 command line tool; the REST count stands alone
    }
}

// ---- the two runs ---------------------------------------------------------------------

async function benchChargeDesk() {
    const db = path.join(work, 'chargedesk.sqlite');
    const token = 'bench-token';
    log(`chargedesk-server ${opts.server}, database ${db}`);
    // Servers that listen for wss:// by default get it switched off, or two runs would
    // compete for its port; older servers do not know the option.
    const help = execFileSync(opts.server, ['--help']).toString();
    const tls = help.includes('--ocpp-tls-port') ? ['--ocpp-tls-port', 'off'] : [];
    const server = await startProcess(work, opts.server, ['--db', db, '--listen', '127.0.0.1', '--ocpp-port', '0', ...tls,
        '--api-port', '0', '--api-token', token], 'chargedesk-server.log',
    { ocppPort: /OCPP on ws:\/\/[^:]+:(\d+)/, apiPort: /REST API on http:\/\/[^:]+:(\d+)/ });
    const pid = server.child.pid;
    const idleMb = rssMb(pid);
    log(`creating ${opts.stations} stations through the REST API`);
    const creation = await createStations(server.apiPort, token);
    log(`created in ${creation.seconds.toFixed(1)} s`);
    const result = await runLoad('chargedesk', `ws://127.0.0.1:${server.ocppPort}/ocpp/`, pid);
    // The sampled readings; the start and stop readings of each transaction are rows too.
    const counted = await rest(server.apiPort, token, 'GET', 'meter-values?limit=1&context=Sample.Periodic');
    result.persisted = counted.status === 200 ? counted.json.total : null;
    result.idleMb = idleMb;
    result.creation = creation;
    const code = await stopProcess(server.child);
    result.exitCode = code;
    result.persistedSqlite = sqliteCount(db, "meter_values WHERE context = 'Sample.Periodic'");
    result.loggedFrames = sqliteCount(db, 'ocpp_messages');
    return result;
}

async function benchReference() {
    const server = await startProcess(work, process.execPath, [path.join(here, 'reference_server.mjs'), '0'],
        'reference-server.log', { port: /"port":(\d+)/ });
    const pid = server.child.pid;
    const idleMb = rssMb(pid);
    const result = await runLoad('reference', `ws://127.0.0.1:${server.port}/ocpp/`, pid);
    result.idleMb = idleMb;
    result.persisted = null; // the reference keeps nothing
    result.exitCode = await stopProcess(server.child);
    return result;
}

// ---- report ---------------------------------------------------------------------------

const fmt = (v, digits = 0) => (v === null || v === undefined || Number.isNaN(v) ? '-' : Number(v).toFixed(digits));
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : '-');

// Problems that mean the harness (or the server's correctness) broke. In a full run a
// server that cannot keep up is a result, not a breakage: stations that did not come up
// and calls never answered are reported, and fail only the quick run.
function problems(r, persistence) {
    const broken = [];
    const overloaded = [];
    const phases = Object.values(r.phases);
    (opts.quick ? broken : overloaded).push(...(r.phases.ramp.ready < r.stations
        ? [`only ${r.phases.ramp.ready}/${r.stations} stations came up`] : []));
    const errors = phases.reduce((n, p) => n + p.callErrors, 0);
    if (errors) broken.push(`${errors} CALLERRORs: ${JSON.stringify(phases.map((p) => p.errorCodes))}`);
    if (r.phases.saturated.answered === 0) broken.push('no MeterValues answered under load');
    if (r.meterValues.neverAnswered)
        (opts.quick ? broken : overloaded).push(`${r.meterValues.neverAnswered} MeterValues never answered`);
    // A MeterValues that was never answered may or may not have been stored.
    const lo = r.meterValues.answered;
    const hi = lo + r.meterValues.neverAnswered;
    for (const [how, count] of [['REST API', r.persisted], ['sqlite3', r.persistedSqlite]]) {
        if (persistence && count !== null && count !== undefined && (count < lo || count > hi))
            broken.push(`${lo} MeterValues answered${hi > lo ? ` (+${hi - lo} unanswered)` : ''} but ${how} counts ${count} rows`);
    }
    if (persistence && (r.persisted === null || r.persisted === undefined)) broken.push('could not count the persisted rows');
    return { broken, overloaded };
}

function report(cd, ref) {
    const rows = [];
    const both = (label, pick, digits = 0, withRatio = false) => {
        const a = cd ? pick(cd) : null;
        const b = ref ? pick(ref) : null;
        rows.push([label, fmt(a, digits), fmt(b, digits), withRatio ? ratio(a, b) : '']);
    };
    const P = (r) => r.phases;
    both('stations requested', (r) => r.stations);
    both('ramp: stations ready', (r) => P(r).ramp.ready);
    both('ramp: stations/s (connect+boot+status' + (opts.transactions ? '+auth+start)' : ')'), (r) => P(r).ramp.connectPerS, 0, true);
    both('ramp: setup call p99 ms', (r) => P(r).ramp.p99Ms, 1);
    both('ramp: server CPU % of one core', (r) => P(r).ramp.serverCpuPct);
    both('ramp: server CPU ms per setup call', (r) => P(r).ramp.serverCpuMsPerCall, 2, true);
    both('held after ramp', (r) => P(r).ramp.heldAfterRamp);
    both(`held after ${opts.holdS} s hold`, (r) => P(r).hold.heldAfterHold);
    both(`hold: heartbeats answered (every ${opts.heartbeatS} s)`, (r) => P(r).hold.answered);
    both('hold: heartbeat p50 ms', (r) => P(r).hold.p50Ms, 1);
    both('hold: heartbeat p99 ms', (r) => P(r).hold.p99Ms, 1);
    both('hold: server CPU %', (r) => P(r).hold.serverCpuPct);
    both('hold: server CPU ms per heartbeat (idle cost incl.)', (r) => P(r).hold.serverCpuMsPerCall, 2, true);
    both(`saturated: MeterValues answered/s (${opts.saturateS} s window)`, (r) => P(r).saturated.answeredPerS, 0, true);
    both('saturated: answered/s, first call to last answer', (r) => P(r).saturated.sustainedPerS, 0, true);
    both('saturated: p50 ms', (r) => P(r).saturated.p50Ms, 1);
    both('saturated: p99 ms', (r) => P(r).saturated.p99Ms, 1);
    both('saturated: server CPU %', (r) => P(r).saturated.serverCpuPct);
    both('saturated: server CPU ms per MeterValues', (r) => P(r).saturated.serverCpuMsPerCall, 3, true);
    both('saturated: generator CPU %', (r) => P(r).saturated.generatorCpuPct);
    both(`steady: sent/s (target ${opts.rate})`, (r) => P(r).steady.sentPerS);
    both('steady: answered/s', (r) => P(r).steady.answeredPerS);
    both('steady: p50 ms', (r) => P(r).steady.p50Ms, 1);
    both('steady: p99 ms', (r) => P(r).steady.p99Ms, 1, true);
    both('steady: max ms', (r) => P(r).steady.maxMs, 1);
    both('steady: server CPU %', (r) => P(r).steady.serverCpuPct);
    both('steady: server CPU ms per MeterValues', (r) => P(r).steady.serverCpuMsPerCall, 3, true);
    both('steady: generator loop delay p99 ms', (r) => P(r).steady.generatorLoopDelayP99Ms, 1);
    both('CALLERRORs (all phases)', (r) => Object.values(P(r)).reduce((n, p) => n + p.callErrors, 0));
    both('timeouts (all phases)', (r) => Object.values(P(r)).reduce((n, p) => n + p.timeouts, 0));
    both('server RSS idle MB', (r) => r.idleMb, 1);
    both('server RSS after ramp MB', (r) => P(r).ramp.server.rssMb, 1, true);
    both('server KB per connection', (r) => ((P(r).ramp.server.rssMb - r.idleMb) * 1024) / r.stations, 1, true);
    both('server peak RSS (VmHWM) MB', (r) => r.serverMemoryAtEnd.hwmMb, 1, true);
    both('MeterValues answered', (r) => r.meterValues.answered);
    both('meter value rows persisted', (r) => r.persisted);
    if (cd && cd.loggedFrames !== null) both('OCPP message log rows', (r) => (r === cd ? r.loggedFrames : null));

    const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length), ['', 'ChargeDesk', 'Node ref', 'CD/Node'][c].length));
    const line = (r) => `${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3].padStart(widths[3])}`;
    const out = [];
    out.push('');
    out.push(`OCPP 1.6 load benchmark: ${opts.stations} stations, ${os.cpus().length} CPUs, ` +
        `MeterValues ${opts.transactions ? 'inside a started transaction' : 'without a transaction'}`);
    out.push('Node ref = ocpp-rpc RPCServer in strict mode; it answers from memory and persists NOTHING.');
    out.push(`Load average when the run started: ${loadAtStart} (other work on the machine skews every figure).`);
    if (cd) out.push(`ChargeDesk: ${opts.server}, SQLite; stations created through the REST API in ${cd.creation.seconds.toFixed(1)} s (${cd.creation.perS.toFixed(0)}/s).`);
    out.push('');
    out.push(line(['', 'ChargeDesk', 'Node ref', 'CD/Node']));
    out.push(line(widths.map((w) => '-'.repeat(w))));
    rows.forEach((r) => out.push(line(r)));
    if (cd) {
        // Judged on answers from the first call to the last: a server that answers in bursts
        // (one event-loop pass over thousands of sockets) can fall between a window's edges.
        const throughput = ref ? cd.phases.saturated.sustainedPerS / ref.phases.saturated.sustainedPerS : null;
        const st = cd.phases.steady;
        const persistedAll = cd.persisted === cd.meterValues.answered && !cd.meterValues.neverAnswered;
        const steadyOk = st.p99Ms !== null && st.p99Ms < 50 && st.sentPerS >= 0.95 * opts.rate &&
            st.answeredPerS >= 0.95 * opts.rate && st.timeouts === 0 && st.callErrors === 0 && persistedAll;
        const verdict = (ok, judged = true) => (!judged ? 'not judged' : ok ? 'MET' : 'NOT MET');
        out.push('');
        out.push('Targets (issue 3):');
        out.push(`  >= 10000 concurrent stations held: ${verdict(cd.phases.hold.heldAfterHold >= 10000, opts.stations >= 10000)}` +
            ` (${cd.phases.hold.heldAfterHold}/${opts.stations} held after the hold${opts.stations < 10000 ? '; judged with --stations 10000' : ''})`);
        out.push(`  saturated throughput >= 2x Node reference: ${verdict(throughput >= 2, throughput !== null)}` +
            ` (${throughput === null ? '-' : throughput.toFixed(2)}x)`);
        out.push(`  p99 < 50 ms at a steady 2000 MeterValues/s, every one persisted: ${verdict(steadyOk, opts.rate >= 2000)}` +
            ` (at ${opts.rate}/s: p99 ${fmt(st.p99Ms, 1)} ms, sent ${fmt(st.sentPerS)}/s, answered ${fmt(st.answeredPerS)}/s,` +
            ` ${st.timeouts} timeouts, persisted ${cd.persisted} of ${cd.meterValues.answered} answered)`);
    }
    console.log(out.join('\n'));
}

let cd = null;
let ref = null;
try {
    if (!opts.only || opts.only === 'chargedesk') cd = await benchChargeDesk();
    if (!opts.only || opts.only === 'reference') ref = await benchReference();
} catch (err) {
    fail(`${err.message} (work directory ${work} kept)`);
}
report(cd, ref);
if (opts.json) writeFileSync(opts.json, JSON.stringify({ options: opts, chargedesk: cd, reference: ref }, null, 2));
const found = [[cd, 'ChargeDesk', true], [ref, 'Node reference', false]].filter(([r]) => r)
    .map(([r, name, persistence]) => {
        const p = problems(r, persistence);
        return { broken: p.broken.map((x) => `${name}: ${x}`), overloaded: p.overloaded.map((x) => `${name}: ${x}`) };
    });
const overloaded = found.flatMap((f) => f.overloaded);
const broken = found.flatMap((f) => f.broken);
if (overloaded.length) console.log(`\nOverload (a result, not a harness failure):\n  ${overloaded.join('\n  ')}`);
if (broken.length) {
    console.log(`\nHarness problems (exit 1):\n  ${broken.join('\n  ')}\nLogs kept in ${work}`);
    process.exit(1);
}
if (opts.keep) console.log(`\nLogs and database kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
