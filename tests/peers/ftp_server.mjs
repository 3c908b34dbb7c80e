// An independent FTP server for the file transfer tests (ftp-srv from npm): one user with a
// password, rooted in a directory the test chooses, passive mode on the loopback interface.
// Usage: node ftp_server.mjs ROOT_DIR USER PASSWORD
// Prints {"event":"listening","port":N}, then one JSON line per login, upload and download.
import { createRequire } from 'module';
import net from 'net';

const require = createRequire(import.meta.url);
const { FtpSrv } = require('ftp-srv');

const [root, user, password] = process.argv.slice(2);
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');

// A free port for the control connection: ftp-srv needs it in its URL before listening.
function freePort() {
    return new Promise((resolve) => {
        const probe = net.createServer().listen(0, '127.0.0.1', () => {
            const { port } = probe.address();
            probe.close(() => resolve(port));
        });
    });
}

const port = await freePort();
const server = new FtpSrv({
    url: `ftp://127.0.0.1:${port}`,
    pasv_url: '127.0.0.1',
    pasv_min: 40000,
    pasv_max: 60000,
    anonymous: false,
    greeting: 'ChargeDesk test FTP peer',
    log: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return this; } },
});

server.on('login', ({ connection, username, password: given }, resolve, reject) => {
    const ok = username === user && given === password;
    print({ event: 'login', username, ok });
    if (!ok)
        return reject(new Error('wrong user or password'));
    connection.on('STOR', (error, fileName) => print({ event: 'stored', fileName, error: error ? String(error) : null }));
    connection.on('RETR', (error, filePath) => print({ event: 'retrieved', filePath, error: error ? String(error) : null }));
    resolve({ root });
});

await server.listen();
print({ event: 'listening', port });
