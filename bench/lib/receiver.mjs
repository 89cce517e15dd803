// The receiver of the webhook pairs, shared by bench/run.mjs and bench/profile.mjs.
import { createServer } from 'node:http';

/**
 * A plain `node:http` server in the bench process that answers `204` as soon as a request's
 * body is read, keeping nothing but a count (a receiver that costs next to nothing, so the figure
 * is the project's cost of the webhook). It shares the machine's cores with the bench, the
 * server and autocannon, so it stays as cheap as it can be.
 */
export const receiver = { count: 0, server: undefined, url: '' };

async function start() {
  receiver.server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      receiver.count++;
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise((done) => receiver.server.listen(0, '127.0.0.1', done));
  receiver.url = `http://127.0.0.1:${receiver.server.address().port}/hook`;
}

/** Subscribes the hooked owner's webhook (every type) to the receiver, through `server`'s API. */
export async function subscribe(server, ctx) {
  if (!receiver.server) await start();
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
  receiver.server?.close();
}
