import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** the status this request was answered with */
  status: number;
}

/**
 * A real HTTP receiver on 127.0.0.1: records every request, answers with the statuses queued by
 * `answer(...)` (then 204), and lets a test wait for the n-th request.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly queued: number[] = [];
  private waiters: Array<() => void> = [];
  private server!: Server;
  url = '';

  /** Listens on `port` (0: any free one), answering at `path`. */
  async start(path = '/hook', port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const status = this.queued.shift() ?? 204;
        this.received.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
          status,
        });
        res.statusCode = status;
        if (status >= 300 && status < 400)
          res.setHeader('location', 'http://127.0.0.1:1/elsewhere');
        res.end();
        this.waiters.forEach((wake) => wake());
      });
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
    return this;
  }

  /** The next requests get these statuses, in order. */
  answer(...statuses: number[]): void {
    this.queued.push(...statuses);
  }

  /** Resolves once `count` requests arrived (fails the test after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} webhook requests, got ${this.received.length}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
    return this.received.slice(0, count);
  }

  /** The parsed bodies of the requests so far. */
  bodies(): Array<{ type: string; timestamp: string; data: Record<string, unknown> }> {
    return this.received.map((request) => JSON.parse(request.body));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
