import { Clock } from '../../src/common/clock';

/** The system clock, moved forward on demand: tests let time pass without sleeping. */
export class TestClock extends Clock {
  private offset = 0;

  override now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}
