import { Clock } from '../../src/common/clock';

/**
 * The system clock, moved forward on demand: tests let time pass without sleeping. `freeze`
 * stops it at one instant (for edges that must be hit to the millisecond) until `unfreeze`.
 */
export class TestClock extends Clock {
  private offset = 0;
  private frozenAt: number | undefined;

  override now(): number {
    return this.frozenAt ?? Date.now() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  freeze(at: number): void {
    this.frozenAt = at;
  }

  unfreeze(): void {
    this.frozenAt = undefined;
  }
}
