// Sends raw text frames over a plain WebSocket and prints every frame the server sends
// back, and how the connection ended. For malformed-input tests: nothing here validates.
// Usage: node raw_client.mjs URL PROTOCOL FRAMES_JSON [WAIT_MS]
//   FRAMES_JSON: ["raw text 1", "raw text 2", ...], or @FILE holding that JSON
//   URL may carry Basic credentials (wss://user:password@host/...). In the environment:
//   OCPP_CA_FILE names the PEM certificate to trust for wss://; RAW_NO_PONG=1 leaves the
//   server's pings unanswered; RAW_UNTIL=ID closes as soon as the reply to message ID arrived
//   (WAIT_MS still bounds the wait); RAW_REPLY=TEXT answers every call of the server with
//   TEXT, its "$ID" replaced by the call's message id.
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
ws.on('message', (data) => {
    const text = data.toString();
    print({ event: 'message', text });
    let frame = null;
    try { frame = JSON.parse(text); } catch { /* printed as it came */ }
    if (!Array.isArray(frame)) return;
    if (frame[0] === 2 && process.env.RAW_REPLY) ws.send(process.env.RAW_REPLY.replaceAll('$ID', String(frame[1])));
    if ((frame[0] === 3 || frame[0] === 4) && process.env.RAW_UNTIL && frame[1] === process.env.RAW_UNTIL) ws.close(1000);
});
ws.on('close', (code) => {
    print({ event: 'close', code });
    process.exit(0);
});
