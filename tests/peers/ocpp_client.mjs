// An independent OCPP charge point (ocpp-rpc, strict mode) that runs a list of calls
// against a central system and prints one JSON line per call.
// Usage: node ocpp_client.mjs URL PROTOCOL STEPS_JSON [PASSWORD]
//   STEPS_JSON: [["BootNotification", {...}], ["Heartbeat", {}], ...]
//   The string "$transactionId" in a payload stands for the id the last StartTransaction got.
//   OCPP_CA_FILE in the environment names the PEM certificate to trust for wss://.
import { readFileSync } from 'fs';
import { RPCClient } from 'ocpp-rpc';

const [url, protocol, stepsJson, password] = process.argv.slice(2);
const endpoint = url.slice(0, url.lastIndexOf('/'));
const identity = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
const client = new RPCClient({
    endpoint,
    identity,
    protocols: [protocol],
    strictMode: true,
    password: password || undefined,
    reconnect: false,
    callTimeoutMs: 10000,
    wsOpts: process.env.OCPP_CA_FILE ? { ca: readFileSync(process.env.OCPP_CA_FILE) } : {},
});

const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');
try {
    await client.connect();
    print({ event: 'connected', protocol: client.protocol });
    let transactionId;
    const substitute = (v) => {
        if (v === '$transactionId') return transactionId;
        if (Array.isArray(v)) return v.map(substitute);
        if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x)]));
        return v;
    };
    for (const [action, payload] of JSON.parse(stepsJson)) {
        try {
            const response = await client.call(action, substitute(payload));
            if (action === 'StartTransaction') transactionId = response.transactionId;
            print({ action, ok: true, response });
        } catch (err) {
            print({ action, ok: false, code: err.rpcErrorCode || err.code || err.name, message: err.message });
        }
    }
    await client.close({ code: 1000 });
} catch (err) {
    print({ event: 'failed', message: err.message, code: err.code, status: err.statusCode });
    process.exitCode = 1;
}
