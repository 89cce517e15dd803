import parsePrometheusTextFormat, { MetricFamily } from 'parse-prometheus-text-format';
import { createTestApp, TestApp } from './app.factory';
import { createEvent, EVENTS } from './event-factories';
import { createUser, uniqueName } from './factories';
import { expectProblem } from './support/expect-problem';

jest.setTimeout(30_000);

const TOKEN = 'metrics-token-for-the-e2e-suite-0123456789';

describe('GET /api/metrics without METRICS_TOKEN', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is off: the unknown-route 404, with a token or without', async () => {
    expectProblem(await t.http().get('/api/metrics'), 404, 'NOT_FOUND');
    const res = await t.http().get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expectProblem(res, 404, 'NOT_FOUND');
  });
});

describe('GET /api/metrics with METRICS_TOKEN', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  interface Scrape {
    families: MetricFamily[];
    text: string;
  }

  /** The scrape, parsed by a Prometheus text-format parser (it throws on a malformed line). */
  async function scrape(): Promise<Scrape> {
    const res = await t.http().get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    return { families: parsePrometheusTextFormat(res.text), text: res.text };
  }

  const family = (families: MetricFamily[], name: string) => {
    const found = families.find((f) => f.name === name);
    if (!found) throw new Error(`no metric ${name}`);
    return found;
  };

  /** A counter's value for these labels; 0 while the series does not exist. */
  function value(families: MetricFamily[], name: string, labels: Record<string, string>): number {
    const sample = family(families, name).metrics.find((m) =>
      Object.entries(labels).every(([key, v]) => m.labels?.[key] === v),
    );
    return Number(sample?.value ?? 0);
  }

  /**
   * A labelled histogram's count and sum. The parser folds a histogram with labels into one
   * series, so they are read from the `_count` and `_sum` lines it has checked.
   */
  function histogram(text: string, name: string, labels: string) {
    const read = (suffix: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name}_${suffix}{${labels}}`));
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    return { count: read('count'), sum: read('sum') };
  }

  it.each([
    ['no Authorization', undefined],
    ['a wrong token', `Bearer ${TOKEN}x`],
    ['the token without its scheme', TOKEN],
    ['an access-token-like value', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'],
  ])('answers 401 UNAUTHENTICATED to %s', async (_, authorization) => {
    const request = t.http().get('/api/metrics');
    const res = await (authorization ? request.set('Authorization', authorization) : request);
    expectProblem(res, 401, 'UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(res.text).not.toContain('http_requests_total');
  });

  it('counts requests and their durations by route template and status', async () => {
    const before = await scrape();
    const login = { method: 'POST', route: '/api/v1/auth/login', status: '401' };
    for (let i = 0; i < 3; i += 1) {
      await t.http().post('/api/v1/auth/login').send({ username: uniqueName(), password: 'nope' });
    }
    const user = await createUser(t);
    for (const id of [917, 918]) {
      const res = await t.http().get(`/api/v1/events/${id}`).set(user.auth);
      expectProblem(res, 404, 'EVENT_NOT_FOUND');
    }
    await t.http().get('/no/such/route/4711');

    const after = await scrape();
    expect(family(after.families, 'http_requests_total').type).toBe('COUNTER');
    expect(family(after.families, 'http_request_duration_seconds').type).toBe('HISTOGRAM');
    const delta = (labels: Record<string, string>) =>
      value(after.families, 'http_requests_total', labels) -
      value(before.families, 'http_requests_total', labels);

    expect(delta(login)).toBe(3);
    // One series for the route, whatever the id: the template, never the URL.
    expect(delta({ method: 'GET', route: '/api/v1/events/:id', status: '404' })).toBe(2);
    expect(delta({ method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    const routes = family(after.families, 'http_requests_total').metrics.map(
      (m) => m.labels?.route,
    );
    expect(routes.filter((route) => /\d{3}|no\/such/.test(route ?? ''))).toEqual([]);
    // The earlier scrape is counted too, as a 200 of the metrics route.
    expect(delta({ route: '/api/metrics', status: '200' })).toBe(1);

    const series = 'method="POST",route="/api/v1/auth/login",status="401"';
    const durations = {
      before: histogram(before.text, 'http_request_duration_seconds', series),
      after: histogram(after.text, 'http_request_duration_seconds', series),
    };
    expect(durations.after.count - durations.before.count).toBe(3);
    expect(durations.after.sum).toBeGreaterThan(durations.before.sum);
  });

  it('has the database, registration, waiting-list and cancellation metrics, and the process ones', async () => {
    const { families } = await scrape();
    expect(family(families, 'db_query_duration_seconds').type).toBe('HISTOGRAM');
    for (const name of [
      'event_registrations_total',
      'event_waitlist_promotions_total',
      'event_cancellations_total',
    ]) {
      expect(family(families, name).type).toBe('COUNTER');
    }
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(family(families, name).metrics.length).toBeGreaterThan(0);
    }
  });

  it('counts stored registrations (not refused ones) and every database query', async () => {
    const before = await scrape();
    const owner = await createUser(t);
    const [first, second] = [await createUser(t), await createUser(t)];
    const event = await createEvent(t, owner, { capacity: 1 });
    await t.http().post(`${EVENTS}/${event.id}/registration`).set(first.auth).expect(201);
    expectProblem(
      await t.http().post(`${EVENTS}/${event.id}/registration`).set(second.auth),
      409,
      'EVENT_FULL',
    );
    const after = await scrape();
    const registrations = (families: MetricFamily[]) =>
      Number(family(families, 'event_registrations_total').metrics[0]?.value ?? 0);
    expect(registrations(after.families) - registrations(before.families)).toBe(1);
    const queries = (text: string) =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith('db_query_duration_seconds_count'))
          ?.split(' ')
          .at(-1) ?? 0,
      );
    // three logins, an event, two registration transactions: dozens of statements
    expect(queries(after.text) - queries(before.text)).toBeGreaterThan(10);
  });

  it('counts people promoted from waiting lists and events cancelled', async () => {
    const counter = (families: MetricFamily[], name: string) =>
      Number(family(families, name).metrics[0]?.value ?? 0);
    const before = await scrape();
    const owner = await createUser(t);
    const [a, b, c, d] = [
      await createUser(t),
      await createUser(t),
      await createUser(t),
      await createUser(t),
    ];
    const event = await createEvent(t, owner, { capacity: 1 });
    await t.http().post(`${EVENTS}/${event.id}/registration`).set(a.auth).expect(201);
    for (const user of [b, c, d]) {
      await t.http().post(`${EVENTS}/${event.id}/waitlist`).set(user.auth).expect(201);
    }
    await t.http().delete(`${EVENTS}/${event.id}/registration`).set(a.auth).expect(204); // b
    await t.http().patch(`${EVENTS}/${event.id}`).set(owner.auth).send({ capacity: 3 }).expect(200); // c, d
    await t.http().post(`${EVENTS}/${event.id}/cancellation`).set(owner.auth).expect(200);
    const after = await scrape();
    const delta = (name: string) => counter(after.families, name) - counter(before.families, name);
    expect(delta('event_waitlist_promotions_total')).toBe(3);
    expect(delta('event_cancellations_total')).toBe(1);
  });
});
