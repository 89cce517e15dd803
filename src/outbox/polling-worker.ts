import { Logger } from '@nestjs/common';

/**
 * A loop that calls `tick` every `intervalMs` (sooner after `wake()`), one tick at a time, until
 * `stop()`, which waits for the running tick. A tick that throws is logged and the loop goes on:
 * a database that is briefly gone delays deliveries, it does not end them.
 */
export class PollingWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    /** Answers whether there may be more to do at once (a full batch). */
    private readonly tick: () => Promise<boolean>,
    private readonly logger = new Logger(name),
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs a tick soon (something was just written for it), without waiting for the interval. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delay);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    if (this.stopped || this.running) return;
    this.again = false;
    let more = false;
    this.running = this.tick().then(
      (full) => {
        more = full;
      },
      (error: unknown) => this.logger.warn(`${this.name} failed: ${String(error)}`),
    );
    await this.running;
    this.running = undefined;
    if (!this.stopped) this.schedule(more || this.again ? 0 : this.intervalMs);
  }
}
