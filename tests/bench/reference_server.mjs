// The benchmark's yardstick: a minimal OCPP 1.6 central system written with ocpp-rpc's
// RPCServer in strict mode (every call and every answer is schema-checked by ocpp-rpc).
// It answers the actions the load generator sends with valid answers and keeps its state
// in memory only: it persists nothing and has no station registry (any identity is let in).
// Usage: node reference_server.mjs [PORT]   prints {"event":"listening","port":N} on stdout.
import { createRequire } from 'module';

const require = createRequire(new URL('../peers/package.json', import.meta.url));
const { RPCServer } = require('ocpp-rpc');

const port = Number(process.argv[2] || 0);
const now = () => new Date().toISOString();
const accepted = { status: 'Accepted' };
let nextTransactionId = 1;

const server = new RPCServer({
    protocols: ['ocpp1.6'],
    strictMode: true,
    // ChargeDesk pings every 60 s; do the same so both servers do the same background work.
    pingIntervalMs: 60000,
});

server.on('client', (client) => {
    const transactions = new Map();
    client.handle('BootNotification', () => ({ status: 'Accepted', currentTime: now(), interval: 300 }));
    client.handle('Heartbeat', () => ({ currentTime: now() }));
    client.handle('StatusNotification', () => ({}));
    client.handle('Authorize', () => ({ idTagInfo: accepted }));
    client.handle('StartTransaction', ({ params }) => {
        const transactionId = nextTransactionId++;
        transactions.set(transactionId, params.meterStart);
        return { transactionId, idTagInfo: accepted };
    });
    client.handle('MeterValues', () => ({}));
    client.handle('StopTransaction', ({ params }) => {
        transactions.delete(params.transactionId);
        return { idTagInfo: accepted };
    });
    client.handle(({ method }) => {
        throw new Error(`unexpected ${method}`);
    });
});

const http = await server.listen(port, '127.0.0.1');
process.stdout.write(JSON.stringify({ event: 'listening', port: http.address().port }) + '\n');
process.on('SIGTERM', async () => {
    await server.close({ code: 1001, force: true });
    process.exit(0);
});
