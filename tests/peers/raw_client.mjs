// Sends raw text frames over a plain WebSocket and prints every frame the server sends
// back, and how the connection ended. For malformed-input tests: nothing here validates.
// Usage: node raw_client.mjs URL PROTOCOL FRAMES_JSON [WAIT_MS]
//   FRAMES_JSON: ["raw text 1", "raw text 2", ...], or @FILE holding that JSON
//   URL may carry Basic credentials (wss://user:password@host/...); OCPP_CA_FILE in the
//   environment names the PEM certificate to trust for wss://; RAW_NO_PONG=1 leaves the
//   server's pings unanswered.
import { readFileSync } from 'fs';
import WebSocket from 'ws';

const [url, protocol, framesJson, waitMs] = process.argv.slice(2);
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const tls = process.env.OCPP_CA_FILE ? { ca: readFileSync(process.env.OCPP_CA_FILE) } : {};
// RAW_NO_PONG=1 plays a dead peer: pings from the server go unanswered.
if (process.env.RAW_NO_PONG) tls.autoPong = false;
const ws = new WebSocket(url, protocol ? [protocol] : [], tls);
ws.on('unexpected-response', (req, res) => {
    print({ event: 'refused', status: res.statusCode });
    process.exit(0);
});
ws.on('error', (err) => print({ event: 'error', message: err.message }));
ws.on('open', () => {
    print({ event: 'open', protocol: ws.protocol });
    const frames = framesJson.startsWith('@') ? readFileSync(framesJson.slice(1), 'utf8') : framesJson;
    for (const frame of JSON.parse(frames)) ws.send(frame);
    setTimeout(() => ws.close(1000), Number(waitMs || 1500));
});
ws.on('message', (data) => print({ event: 'message', text: data.toString() }));
ws.on('close', (code) => {
    print({ event: 'close', code });
    process.exit(0);
});
