// Command-line options shared by bench/run.mjs and bench/profile.mjs.
import { parseArgs } from 'node:util';

export function options(argv, defaults) {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      events: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      scenarios: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      dist: { type: 'string' },
      'no-floor': { type: 'boolean', default: false },
      'keep-db': { type: 'boolean', default: false },
      db: { type: 'string', default: 'sqlite' },
      'pg-url': { type: 'string' },
      workers: { type: 'string' },
      attendees: { type: 'string' },
      'series-share': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const oneOf = (name, value, allowed) => {
    if (!allowed.includes(value)) throw new Error(`--${name}: one of ${allowed.join(', ')}`);
    return value;
  };
  const base = values.smoke ? defaults.smoke : defaults.full;
  const list = (value, fallback) =>
    value === undefined ? fallback : value.split(',').filter(Boolean);
  const number = (name, fallback) => {
    const value = values[name] === undefined ? fallback : Number(values[name]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
    return value;
  };
  return {
    help: values.help,
    smoke: values.smoke,
    events: list(values.events, base.events).map((n) => {
      const value = Number(n.replace(/k$/i, '000'));
      if (!Number.isInteger(value) || value < 20) throw new Error('--events: integers ≥ 20');
      return value;
    }),
    connections: Math.max(1, Math.floor(number('connections', base.connections))),
    duration: number('duration', base.duration),
    warmup: number('warmup', base.warmup),
    rounds: Math.max(1, Math.floor(number('rounds', 1))),
    scenarios: list(values.scenarios, base.scenarios),
    build: !values['skip-build'] && values.dist === undefined,
    dist: values.dist,
    floor: !values['no-floor'],
    keepDb: values['keep-db'],
    db: oneOf('db', values.db, ['sqlite', 'postgres']),
    pgUrl: values['pg-url'] ?? process.env.BENCH_PG_URL,
    workers: Math.floor(number('workers', 1)),
    attendees: values.attendees === undefined ? undefined : number('attendees', 0),
    seriesShares: list(values['series-share'], base.seriesShares ?? ['0']).map((n) => {
      const value = Number(n);
      if (!(value >= 0 && value <= 1)) throw new Error('--series-share: fractions from 0 to 1');
      return value;
    }),
  };
}
