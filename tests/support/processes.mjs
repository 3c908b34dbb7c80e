// Node.js helpers for the harnesses that run chargedesk-server as an operator would (the
// OCPP load benchmark in tests/bench/, the fuzzer in tests/fuzz/): start a process and read
// its ports from what it prints, stop it, and call its REST API.
import { spawn } from 'child_process';
import { openSync, readFileSync } from 'fs';
import http from 'http';
import path from 'path';

// Starts `command`, its standard error into `dir/logName`, and resolves once its standard
// output matched every expression of `ready` ({name: /...(\d+)/}), with those numbers.
export function startProcess(dir, command, argv, logName, ready) {
    const logFd = openSync(path.join(dir, logName), 'w');
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', logFd] });
    return new Promise((resolve, reject) => {
        let seen = '';
        const found = {};
        const timer = setTimeout(() => reject(new Error(`${command} did not start; see ${dir}/${logName}`)), 20000);
        child.stdout.on('data', (chunk) => {
            seen += chunk.toString();
            for (const [key, re] of Object.entries(ready)) {
                const m = seen.match(re);
                if (m) found[key] = Number(m[1]);
            }
            if (Object.keys(found).length === Object.keys(ready).length) {
                clearTimeout(timer);
                resolve({ child, ...found });
            }
        });
        child.on('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`${command} exited with ${code}; see ${dir}/${logName}`));
        });
    });
}

// SIGTERM, then SIGKILL after 15 s; resolves with the exit code (null when killed by a signal).
export function stopProcess(child) {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
        child.removeAllListeners('exit');
        child.on('exit', (code) => {
            clearTimeout(timer);
            resolve(code);
        });
        child.kill('SIGTERM');
    });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

// One REST call under /api/v1/: {status, json (null when the body is not JSON), text}.
export function rest(port, token, method, route, body) {
    return new Promise((resolve, reject) => {
        const data = body ? JSON.stringify(body) : null;
        const req = http.request({ host: '127.0.0.1', port, method, path: `/api/v1/${route}`, agent,
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json',
                ...(data ? { 'Content-Length': Buffer.byteLength(data) } : {}) } }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => {
                let json = null;
                try { json = JSON.parse(text); } catch { /* not JSON */ }
                resolve({ status: res.statusCode, json, text });
            });
        });
        req.on('error', reject);
        if (data) req.write(data);
        req.end();
    });
}

// The resident memory of a process in MB, from /proc (Linux).
export function rssMb(pid) {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)/m);
    return m ? Number(m[1]) / 1024 : NaN;
}
