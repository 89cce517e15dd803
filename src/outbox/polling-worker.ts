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
  /** When the last tick started, and when the scheduled one is due (epoch ms). */
  private startedAt = 0;
  private dueAt = Infinity;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    /** Answers whether there may be more to do at once (a full batch). */
    private readonly tick: () => Promise<boolean>,
    private readonly logger = new Logger(name),
    /**
     * A wake-up runs a tick no sooner than this long after the previous tick started: under load
     * the wake-ups of many requests make one bigger batch instead of a small one each.
     */
    private readonly wakeGapMs = 0,
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
    this.schedule(this.startedAt + this.wakeGapMs - Date.now());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs a tick in `delay` ms, unless one is already due sooner. */
  private schedule(delay: number): void {
    const at = Date.now() + Math.max(0, delay);
    if (this.timer && this.dueAt <= at) return;
    clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => void this.run(), Math.max(0, delay));
    this.timer.unref();
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.dueAt = Infinity;
    if (this.stopped || this.running) return;
    this.again = false;
    this.startedAt = Date.now();
    let more = false;
    this.running = this.tick().then(
      (full) => {
        more = full;
      },
      (error: unknown) => this.logger.warn(`${this.name} failed: ${String(error)}`),
    );
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    if (more) this.schedule(0);
    else if (this.again) this.schedule(this.startedAt + this.wakeGapMs - Date.now());
    else this.schedule(this.intervalMs);
  }
}
