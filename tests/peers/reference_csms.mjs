// An independent CSMS for the simulator's tests: ocpp-rpc's RPCServer in strict mode (every
// call and answer is checked against the official schemas by ocpp-rpc), serving ocpp1.6 and
// ocpp2.0.1. It answers the station's calls validly, prints each one as a JSON line, and runs
// a script of CSMS->station calls, each sent when a matching station call arrives.
// Usage: node reference_csms.mjs [SCRIPT_JSON]
//   SCRIPT_JSON: [{"on": "StartTransaction", "when": {...}, "count": 1, "delayMs": 0,
//                  "method": "RemoteStopTransaction", "params": {...}}, ...]
//   "when" matches top-level params (or transactionInfo fields); "count" picks the n-th match;
//   "$transactionId" in params is the station's latest transaction id.
// Prints {"event":"listening","port":N}, then {"event":"call",...} and {"event":"answer",...}.
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const { RPCServer } = require('ocpp-rpc');

const script = JSON.parse(process.argv[2] || '[]').map((s) => ({ ...s, seen: 0, done: false }));
const now = () => new Date().toISOString();
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');
let nextTransactionId = 1;

const server = new RPCServer({ protocols: ['ocpp1.6', 'ocpp2.0.1'], strictMode: true });

function substitute(value, vars) {
    if (typeof value === 'string' && value.startsWith('$'))
        return vars[value.slice(1)] ?? value;
    if (Array.isArray(value))
        return value.map((v) => substitute(v, vars));
    if (value && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
    return value;
}

function matches(when, params) {
    return Object.entries(when || {}).every(
        ([k, v]) => params[k] === v || (params.transactionInfo && params.transactionInfo[k] === v));
}

server.on('client', (client) => {
    const v16 = client.protocol === 'ocpp1.6';
    const vars = {};
    const accepted = v16 ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
    const answers = {
        BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval: 300 }),
        Heartbeat: () => ({ currentTime: now() }),
        StatusNotification: () => ({}),
        Authorize: () => accepted,
        StartTransaction: () => {
            vars.transactionId = nextTransactionId++;
            return { transactionId: vars.transactionId, ...accepted };
        },
        StopTransaction: () => accepted,
        TransactionEvent: ({ params }) => {
            vars.transactionId = params.transactionInfo.transactionId;
            return params.idToken ? accepted : {};
        },
        MeterValues: () => ({}),
        FirmwareStatusNotification: () => ({}),
        DiagnosticsStatusNotification: () => ({}),
        LogStatusNotification: () => ({}),
        DataTransfer: () => ({ status: 'UnknownVendorId' }),
    };
    client.handle(({ method, params }) => {
        print({ event: 'call', identity: client.identity, protocol: client.protocol, method, params });
        const answer = answers[method];
        if (!answer)
            throw new Error(`unexpected ${method}`);
        const result = answer({ params });
        for (const step of script) {
            if (step.done || step.on !== method || !matches(step.when, params))
                continue;
            if (++step.seen < (step.count || 1))
                continue;
            step.done = true;
            setTimeout(async () => {
                const sent = substitute(step.params || {}, vars);
                try {
                    const response = await client.call(step.method, sent);
                    print({ event: 'answer', method: step.method, params: sent, response });
                } catch (e) {
                    print({ event: 'error', method: step.method, params: sent, error: String(e.message || e) });
                }
            }, step.delayMs || 0);
        }
        return result;
    });
    client.on('close', () => print({ event: 'closed', identity: client.identity }));
});

const http = await server.listen(0, '127.0.0.1');
print({ event: 'listening', port: http.address().port });
process.on('SIGTERM', async () => {
    await server.close({ code: 1001, force: true });
    process.exit(0);
});
