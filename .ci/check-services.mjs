// Says clearly which service the CI needs is missing: PostgreSQL (DATABASE_URL or the local
// server) for the PostgreSQL e2e pass, Redis (REDIS_URL or the local one) for the multi-instance spec.
import { createConnection } from 'node:net';

const services = [
  [
    'PostgreSQL',
    process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432',
    5432,
    'start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  ],
  [
    'Redis',
    process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    6379,
    'start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""',
  ],
];

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 3000 });
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

let missing = 0;
for (const [name, url, defaultPort, hint] of services) {
  const { hostname, port } = new URL(url);
  const target = `${hostname || '127.0.0.1'}:${port || defaultPort}`;
  if (await reachable(hostname || '127.0.0.1', Number(port || defaultPort))) {
    console.log(`${name} reachable at ${target}`);
  } else {
    console.error(`MISSING: ${name} is not reachable at ${target} (${hint})`);
    missing += 1;
  }
}
process.exit(missing ? 1 : 0);
