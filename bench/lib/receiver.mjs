// The receiver of the webhook pairs, shared by bench/run.mjs and bench/profile.mjs.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * A plain `node:http` server in a process of its own that answers `204` as soon as a request's
 * body is read, keeping nothing but a count (a receiver that costs next to nothing, so the figure
 * is the project's cost of the webhook). It shares the machine's cores with the server and
 * autocannon, but not autocannon's event loop: a delivery never delays the load generator.
 * `GET` answers the count.
 */
function serve() {
  let count = 0;
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.end(String(count));
      return;
    }
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(204);
      res.end();
    });
  });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
  // The bench went away (finished, interrupted, killed): so does the receiver.
  process.on('disconnect', () => process.exit(0));
}

if (process.argv[2] === '--serve') serve();

export const receiver = { child: undefined, url: '' };

async function start() {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: 'ignore' });
  const port = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the webhook receiver exited (${code})`)));
  });
  receiver.child = child;
  receiver.url = `http://127.0.0.1:${port}/hook`;
}

/** How many webhook requests the receiver has answered so far (0 before it is started). */
export async function received() {
  if (!receiver.child) return 0;
  const response = await fetch(receiver.url);
  return Number(await response.text());
}

/** Subscribes the hooked owner's webhook (every type) to the receiver, through `server`'s API. */
export async function subscribe(server, ctx) {
  if (!receiver.child) await start();
  const response = await fetch(`${server.url}/api/v1/webhooks`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ctx.hookedOwner.access}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ url: receiver.url, events: ['*'] }),
  });
  if (response.status !== 201) {
    throw new Error(`subscribe the webhook: ${response.status} ${await response.text()}`);
  }
}

export function stopReceiver() {
  receiver.child?.disconnect();
}
