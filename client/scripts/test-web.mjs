// `npm run test:web`: drives the built web app in Debian's headless Chromium (playwright-core, no
// browser download) against the built API on a free port with a throwaway database, and saves
// screenshots of the main screens under client/screenshots/.
//
// The steps run in order and share state (users, the event); after a failure the rest are skipped.
// Accepts Jest's `--json --outputFile=<file>` so CI can total its results with Jest's.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, startApi } from './api-server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(ROOT, 'client/screenshots');
/** Short-lived access tokens, so the run crosses several expiries and must refresh transparently. */
const ACCESS_TTL_SECONDS = 8;
const TIME_ZONE = 'Europe/Berlin';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

const outputFile = process.argv.find((arg) => arg.startsWith('--outputFile='))?.split('=')[1];

/**
 * The run could not start (no browser, no build, the API or Chromium would not boot): say why, and
 * leave a report that CI counts as a failed suite.
 * @param {string} message
 * @returns {never}
 */
function abort(message) {
  console.error(message);
  if (outputFile) {
    const report = { numPassedTests: 0, numFailedTests: 0, numRuntimeErrorTestSuites: 1 };
    writeFileSync(outputFile, JSON.stringify({ ...report, success: false, testResults: [] }));
  }
  process.exit(1);
}

if (!existsSync(CHROMIUM)) {
  abort(`${CHROMIUM} not found: apt-get update && apt-get install -y chromium`);
}
if (!existsSync(join(ROOT, 'client/dist/index.html'))) {
  abort('client/dist is missing: run `npm run build:client` first');
}

// ---------------------------------------------------------------- harness

/** @type {{ name: string, status: 'passed' | 'failed' | 'skipped', ms: number, error?: string }[]} */
const results = [];
let failed = false;
/** @type {import('playwright-core').Page | undefined} */
let lastPage;

/**
 * @param {string} name
 * @param {() => Promise<void> | void} body
 */
async function step(name, body) {
  if (failed) {
    results.push({ name, status: 'skipped', ms: 0 });
    console.log(`  - ${name} (skipped)`);
    return;
  }
  const started = Date.now();
  try {
    await body();
    const ms = Date.now() - started;
    results.push({ name, status: 'passed', ms });
    console.log(`  ✓ ${name} (${ms} ms)`);
  } catch (error) {
    failed = true;
    const ms = Date.now() - started;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    results.push({ name, status: 'failed', ms, error: message });
    console.log(`  ✗ ${name} (${ms} ms)\n${message}`);
    if (lastPage) {
      const shot = join(tmpdir(), `web-test-failure-${Date.now()}.png`);
      await lastPage.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      console.log(`    page: ${lastPage.url()}\n    screenshot: ${shot}`);
    }
  }
}

/** Console errors and warnings, uncaught exceptions and failed requests, per page. */
const problems = /** @type {string[]} */ ([]);
/** The API's expected 400/401/409 answers, as Chromium logged them (reported, not failures). */
const expectedHttpLogs = /** @type {string[]} */ ([]);

/**
 * Chromium reports every 4xx/5xx response as a console error ("Failed to load resource"), including
 * the API's expected answers (a 400 with field errors, a 401 before a refresh). Those are network
 * log lines, not application errors; anything else the page logs counts.
 * @param {import('playwright-core').Page} page
 * @param {string} who
 */
function watch(page, who) {
  page.on('console', (message) => {
    const text = message.text();
    const expectedHttp =
      /^Failed to load resource: the server responded with a status of (400|401|409)\b/;
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    if (expectedHttp.test(text)) expectedHttpLogs.push(`${who}: ${message.location().url}`);
    else problems.push(`${who} console.${message.type()}: ${text} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`${who} page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED')
      problems.push(`${who} request failed: ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 500)
      problems.push(`${who} HTTP ${response.status()}: ${response.url()}`);
  });
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
async function screenshot(page, name, fullPage = true) {
  // Let transitions (the capacity bar) settle so the picture shows the final state.
  await page.waitForTimeout(350);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * Waits until the locator's text matches.
 * @param {import('playwright-core').Locator} locator
 * @param {RegExp} pattern
 */
async function waitForText(locator, pattern, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const last =
      (await locator
        .first()
        .textContent({ timeout })
        .catch(() => null)) ?? '';
    if (pattern.test(last)) return last;
    if (Date.now() > deadline) throw new Error(`expected ${pattern}, got ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The list keeps showing the previous page while the next one loads; wait until it has arrived.
 * @param {import('playwright-core').Page} page
 */
async function listSettled(page) {
  await page.locator('section[aria-busy="true"]').waitFor({ state: 'detached' });
}

/** @param {number} days @param {string} time */
function localDateTime(days, time) {
  const date = new Date(Date.now() + days * 86_400_000);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(date);
  return `${day}T${time}`;
}

/**
 * WCAG AA text contrast: 4.5:1, or 3:1 for large text, for every visible piece of text that is not
 * a disabled control, against the first opaque background behind it.
 * @param {import('playwright-core').Page} page
 */
async function assertContrast(page) {
  const failures = await page.evaluate(() => {
    /** @param {string} css */
    const rgba = (css) => (css.match(/[\d.]+/g) ?? []).map(Number);
    /** @param {number[]} c */
    const luminance = ([r = 0, g = 0, b = 0]) => {
      const [R, G, B] = [r, g, b].map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (R ?? 0) + 0.7152 * (G ?? 0) + 0.0722 * (B ?? 0);
    };
    /** @param {Element} el */
    const background = (el) => {
      for (let node = /** @type {Element | null} */ (el); node; node = node.parentElement) {
        const bg = rgba(getComputedStyle(node).backgroundColor);
        if (bg.length === 3 || (bg[3] ?? 0) >= 0.99) return bg;
      }
      return [255, 255, 255];
    };
    const found = [];
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && (n.textContent ?? '').trim());
      if (!own || el.closest('[disabled], [aria-hidden="true"], .visually-hidden')) continue;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
      const fg = luminance(rgba(style.color));
      const bg = luminance(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) {
        found.push(`${ratio.toFixed(2)}:1 "${(el.textContent ?? '').trim().slice(0, 40)}"`);
      }
    }
    return found;
  });
  assert.deepEqual(failures, [], 'text below WCAG AA contrast');
}

/**
 * Every form control has an accessible name, and every image a text alternative.
 * @param {import('playwright-core').Page} page
 */
async function assertLabelled(page) {
  const unlabelled = await page.evaluate(() => {
    const missing = [];
    for (const el of document.querySelectorAll('input, select, textarea, button, a[href]')) {
      const control = /** @type {HTMLInputElement} */ (el);
      const named =
        (control.labels && control.labels.length > 0) ||
        control.getAttribute('aria-label') ||
        control.getAttribute('aria-labelledby') ||
        (el.tagName !== 'INPUT' && (el.textContent ?? '').trim() !== '');
      if (!named) missing.push(el.outerHTML.slice(0, 120));
    }
    return missing;
  });
  assert.deepEqual(unlabelled, [], 'controls without an accessible name');
}

// ---------------------------------------------------------------- the run

mkdirSync(SCREENSHOTS, { recursive: true });
const api = await startApi({ JWT_ACCESS_TTL: String(ACCESS_TTL_SECONDS) }).catch(
  (/** @type {unknown} */ error) => abort(`the API did not start: ${String(error)}`),
);
const browser = await chromium
  .launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  .catch(async (/** @type {unknown} */ error) => {
    await api.stop();
    return abort(`Chromium did not start: ${String(error)}`);
  });

/** @param {string} who */
async function newUser(who) {
  const context = await browser.newContext({
    baseURL: api.url,
    viewport: DESKTOP,
    locale: 'en-US',
    timezoneId: TIME_ZONE,
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  watch(page, who);
  return { context, page };
}

const started = Date.now();
console.log(
  `web app tests: ${api.url} (Chromium ${browser.version()}, access tokens live ${ACCESS_TTL_SECONDS} s)`,
);

const alice = await newUser('alice');
const bob = await newUser('bob');
/** @type {string} */
let eventPath = '';

try {
  await step('an anonymous visitor is sent to the login page', async () => {
    const { page } = alice;
    lastPage = page;
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await assertLabelled(page);
    await assertContrast(page);
  });

  await step('sign up shows the API field errors, then creates the account', async () => {
    const { page } = alice;
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Username').fill('a!');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await waitForText(page.locator('[data-field-error="username"]'), /Username/);
    await waitForText(page.locator('[data-field-error="email"]'), /valid email/);
    await waitForText(page.locator('[data-field-error="password"]'), /Password/);
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
    await screenshot(page, '01-signup-errors');

    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Email').fill('alice@example.com');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByLabel('First name').fill('Alice');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${api.url}/`);
    await waitForText(page.getByTestId('current-user'), /^alice$/);
  });

  await step('log out, then log in with the keyboard', async () => {
    const { page } = alice;
    await page.getByRole('button', { name: 'Log out' }).click();
    await waitForText(page.getByTestId('flash'), /logged out/);
    const stored = await page.evaluate(() => localStorage.getItem('event-manager.session'));
    assert.equal(stored, null, 'tokens removed on logout');

    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('wrong password');
    await page.keyboard.press('Enter');
    await waitForText(page.getByRole('alert'), /Wrong username or password/);
    await screenshot(page, '02-login-failed');

    await page.getByLabel('Username').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert.equal(focused, 'field-password', 'Tab moves from username to password');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('correct horse battery');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${api.url}/`);
    await waitForText(page.getByTestId('current-user'), /^alice$/);
  });

  await step('creating an event shows the API field errors next to the fields', async () => {
    const { page } = alice;
    await page.getByRole('link', { name: 'New event' }).first().click();
    await page.getByRole('heading', { name: 'New event' }).waitFor();
    await page.getByLabel('Capacity').fill('0');
    await page.getByRole('button', { name: 'Create event' }).click();
    await waitForText(page.locator('[data-field-error="name"]'), /Name must not be blank/);
    await waitForText(
      page.locator('[data-field-error="capacity"]'),
      /Capacity must not be less than 1/,
    );
    await waitForText(page.locator('[data-field-error="startsAt"]'), /Enter a date and time/);
    // The summary takes focus so that it is announced; its links lead to the fields.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'alert');

    await page.getByLabel('Name').fill('Rust meetup');
    await page.getByLabel('Capacity').fill('1');
    await page.getByLabel('Start').fill(localDateTime(-1, '18:00'));
    await page.getByLabel('End').fill(localDateTime(-2, '21:00'));
    await page.getByRole('button', { name: 'Create event' }).click();
    await waitForText(page.locator('[data-field-error="startsAt"]'), /Start must be in the future/);
    await waitForText(page.locator('[data-field-error="endsAt"]'), /End must be after/);
    await assertLabelled(page);
    await assertContrast(page);
    await screenshot(page, '03-event-form-errors');
  });

  await step(
    'the owner creates an event and sees it with times in the browser time zone',
    async () => {
      const { page } = alice;
      await page
        .getByLabel('Description')
        .fill('Talks and pizza.\nBring a laptop if you want to hack.');
      await page.getByLabel('Location').fill('Berlin, c-base');
      await page.getByLabel('Start').fill(localDateTime(2, '18:00'));
      await page.getByLabel('End').fill(localDateTime(2, '21:30'));
      await page.getByRole('button', { name: 'Create event' }).click();
      await page.waitForURL(/\/events\/\d+$/);
      eventPath = new URL(page.url()).pathname;
      await waitForText(page.getByTestId('flash'), /Event created/);
      await waitForText(page.getByRole('heading', { level: 1 }), /^Rust meetup$/);
      await waitForText(page.getByTestId('event-owner'), /alice/);
      await waitForText(page.getByTestId('event-when'), /6:00.+9:30\s?PM GMT\+[12]/);
      await waitForText(page.getByTestId('capacity-text'), /1 spot left/);
      const focused = await page.evaluate(() => document.activeElement?.tagName);
      assert.equal(focused, 'H1', 'focus moves to the new page heading');
    },
  );

  await step('the event is listed under Mine', async () => {
    const { page } = alice;
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    await page.getByRole('radio', { name: 'Mine', exact: true }).check();
    await page.waitForURL('**/?scope=mine');
    await waitForText(page.getByRole('heading', { level: 2, name: /event/ }), /^1 event$/);
    await waitForText(page.getByTestId('event-card'), /Rust meetup.*You organize this/s);
    await page.getByRole('radio', { name: 'Attending', exact: true }).check();
    await waitForText(page.locator('.empty'), /not registered for any events/);
    await page.getByRole('radio', { name: 'Mine', exact: true }).check();
    await waitForText(page.getByTestId('event-card'), /Rust meetup/);
    await screenshot(page, '04-events-mine');
  });

  await step('a second user registers until the event is full', async () => {
    const { page } = bob;
    lastPage = page;
    await page.goto(eventPath);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Email').fill('bob@example.com');
    await page.getByLabel('Password').fill('another good password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`**${eventPath}`);
    await waitForText(page.getByRole('heading', { level: 1 }), /^Rust meetup$/);
    await page.getByRole('button', { name: 'Register' }).click();
    await waitForText(page.getByTestId('flash'), /You are registered/);
    await waitForText(page.getByTestId('capacity-text'), /Full/);
    await waitForText(page.getByTestId('attendees'), /bob/);
    assert.equal(await page.getByRole('button', { name: 'Unregister' }).isEnabled(), true);
    await screenshot(page, '05-event-attendee');
  });

  await step('the owner sees it full: Register is disabled with the reason', async () => {
    const { page } = alice;
    lastPage = page;
    await page.goto(eventPath);
    await waitForText(page.getByTestId('capacity-text'), /Full.*1 of 1 taken/s);
    const register = page.getByRole('button', { name: 'Register' });
    assert.equal(await register.isDisabled(), true);
    assert.equal(await register.getAttribute('aria-describedby'), 'registration-blocker');
    await waitForText(page.getByTestId('registration-blocker'), /This event is full/);
    await waitForText(page.getByTestId('attendees'), /bob/);
    await assertLabelled(page);
    await assertContrast(page);
    await screenshot(page, '06-event-full-owner');
  });

  await step('the owner edits it; an impossible change shows field errors', async () => {
    const { page } = alice;
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: /Edit/ }).waitFor();
    assert.equal(await page.getByLabel('Name').inputValue(), 'Rust meetup');
    await page.getByLabel('Capacity').fill('lots');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(page.locator('[data-field-error="capacity"]'), /Capacity must be an integer/);
    await page.getByLabel('Capacity').fill('1');
    await page.getByLabel('End').fill(localDateTime(1, '09:00'));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(page.locator('[data-field-error="endsAt"]'), /End must be after/);
    await screenshot(page, '07-event-edit-errors');

    await page.getByLabel('End').fill(localDateTime(2, '22:00'));
    await page.getByLabel('Name').fill('Rust meetup (bigger room)');
    await page.getByLabel('Capacity').fill('3');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(`**${eventPath}`);
    await waitForText(page.getByTestId('flash'), /Changes saved/);
    await waitForText(page.getByRole('heading', { level: 1 }), /bigger room/);
    await waitForText(page.getByTestId('capacity-text'), /2 spots left/);
    assert.equal(await page.getByRole('button', { name: 'Register' }).isEnabled(), true);
  });

  await step('the attendee sees the change and can unregister and register again', async () => {
    const { page } = bob;
    lastPage = page;
    await page.reload();
    await waitForText(page.getByRole('heading', { level: 1 }), /bigger room/);
    await page.getByRole('button', { name: 'Unregister' }).click();
    await waitForText(page.getByTestId('capacity-text'), /3 spots left/);
    await page.getByRole('button', { name: 'Register' }).click();
    await waitForText(page.getByTestId('capacity-text'), /2 spots left/);
  });

  await step('filters, sorting and paging drive the list', async () => {
    const { page } = alice;
    lastPage = page;
    // Eleven more events by bob, through the API, so that the list has two pages.
    const login = await fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob', password: 'another good password' }),
    });
    const { access_token: token } = /** @type {{ access_token: string }} */ (
      /** @type {unknown} */ (await login.json())
    );
    const topics = [
      'Go',
      'Kotlin',
      'Elixir',
      'Haskell',
      'Zig',
      'Python',
      'OCaml',
      'Swift',
      'Julia',
      'Scala',
      'Nim',
    ];
    for (const [i, topic] of topics.entries()) {
      const day = new Date(Date.now() + (3 + i) * 86_400_000);
      day.setUTCHours(17, 0, 0, 0);
      const startsAt = day.toISOString();
      const endsAt = new Date(day.getTime() + 7_200_000).toISOString();
      const response = await fetch(`${api.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          name: `${topic} study group`,
          description: `Reading group about ${topic}.`,
          location: i % 2 ? 'Online' : 'Hamburg',
          startsAt,
          endsAt,
          capacity: i === 0 ? null : 10 + i,
        }),
      });
      assert.equal(response.status, 201);
    }

    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('radio', { name: 'All events', exact: true }).check();
    await waitForText(page.locator('h2[aria-live]'), /^12 events$/);
    await waitForText(page.getByTestId('page-indicator'), /Page 1 of 2/);
    await listSettled(page);
    assert.equal(await page.getByTestId('event-card').count(), 10);
    await screenshot(page, '08-events-all');
    await page.getByRole('button', { name: 'Next' }).click();
    await waitForText(page.getByTestId('page-indicator'), /Page 2 of 2/);
    await listSettled(page);
    assert.equal(await page.getByTestId('event-card').count(), 2);

    await page.getByLabel('Search').fill('rust');
    await page.waitForURL(/q=rust/);
    await waitForText(page.locator('h2[aria-live]'), /^1 event$/);
    await page.getByLabel('Search').fill('');
    await waitForText(page.locator('h2[aria-live]'), /^12 events$/);

    await page.getByLabel('Sort by').selectOption('-startsAt');
    await waitForText(page.getByTestId('event-card').first(), /Nim study group/);
    await page.getByRole('radio', { name: 'Past', exact: true }).check();
    await waitForText(page.locator('.empty'), /No events match/);
    await page.getByRole('radio', { name: 'Upcoming', exact: true }).check();
    await waitForText(page.locator('h2[aria-live]'), /^12 events$/);
    await page.getByLabel('Starts from').fill(localDateTime(4, '00:00').slice(0, 10));
    await page.getByLabel('Starts until').fill(localDateTime(6, '00:00').slice(0, 10));
    await waitForText(page.locator('h2[aria-live]'), /^3 events$/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForText(page.locator('h2[aria-live]'), /^12 events$/);
    await page.getByLabel('Only events I can still join').check();
    await page.waitForURL(/spots=1/);
    await waitForText(page.locator('h2[aria-live]'), /^12 events$/);
    await assertLabelled(page);
    await assertContrast(page);

    // The filters live in the URL: a reload keeps them (and the session).
    await page.reload();
    assert.equal(await page.getByLabel('Only events I can still join').isChecked(), true);
    await waitForText(page.getByTestId('current-user'), /^alice$/);
  });

  await step('a reload keeps the session', async () => {
    const { page } = alice;
    await page.goto(eventPath);
    await waitForText(page.getByRole('heading', { level: 1 }), /bigger room/);
    await page.reload();
    await waitForText(page.getByRole('heading', { level: 1 }), /bigger room/);
    await waitForText(page.getByTestId('current-user'), /^alice$/);
  });

  await step(
    'an expired access token is refreshed once, even by parallel requests and tabs',
    async () => {
      const { context, page } = alice;
      const second = await context.newPage();
      watch(second, 'alice (second tab)');
      await second.goto('/?scope=mine');
      await waitForText(second.getByTestId('current-user'), /^alice$/);
      const before = await page.evaluate(() => localStorage.getItem('event-manager.session'));

      await page.waitForTimeout(ACCESS_TTL_SECONDS * 1000 + 500);
      let refreshes = 0;
      context.on('request', (request) => {
        if (request.url().endsWith('/api/v1/auth/refresh')) refreshes += 1;
      });
      // Both tabs reload at once: each asks for /users/me and its page data with an expired token.
      await Promise.all([page.reload(), second.reload()]);
      await waitForText(page.getByRole('heading', { level: 1 }), /bigger room/);
      await waitForText(second.getByTestId('event-card'), /bigger room/);
      await waitForText(page.getByTestId('current-user'), /^alice$/);
      await waitForText(second.getByTestId('current-user'), /^alice$/);
      assert.equal(refreshes, 1, 'exactly one refresh for both tabs');
      const after = await page.evaluate(() => localStorage.getItem('event-manager.session'));
      assert.notEqual(after, before, 'the tokens were rotated');
      await second.close();
    },
  );

  await step('the owner deletes an event after confirming', async () => {
    const { page } = alice;
    await page.getByRole('link', { name: 'New event' }).first().click();
    await page.getByLabel('Name').fill('Draft to delete');
    await page.getByLabel('Start').fill(localDateTime(5, '10:00'));
    await page.getByLabel('End').fill(localDateTime(5, '11:00'));
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.waitForURL(/\/events\/\d+$/);
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this event?' });
    await dialog.waitFor();
    await screenshot(page, '09-delete-confirm');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Delete');
    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete event' }).click();
    await page.waitForURL('**/?scope=mine');
    await waitForText(page.getByTestId('flash'), /was deleted/);
    await waitForText(page.locator('h2[aria-live]'), /^1 event$/);
  });

  await step(
    'phone width: the list and the event page fit without sideways scrolling',
    async () => {
      const { page } = bob;
      lastPage = page;
      await page.setViewportSize(PHONE);
      await page.goto('/');
      await waitForText(page.locator('h2[aria-live]'), /^12 events$/);
      const overflow = () =>
        page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
      assert.equal(await overflow(), 0, 'no horizontal scroll on the list');
      await screenshot(page, '10-phone-events', false);
      await page.goto(eventPath);
      await waitForText(page.getByRole('heading', { level: 1 }), /bigger room/);
      assert.equal(await overflow(), 0, 'no horizontal scroll on the event page');
      await screenshot(page, '11-phone-event', false);
      await page.setViewportSize(DESKTOP);
    },
  );

  await step('a session the server ended shows a clear message and a way back in', async () => {
    const { page } = bob;
    await page.goto(eventPath);
    await waitForText(page.getByTestId('current-user'), /^bob$/);
    // Log the session out behind the app's back (as another device or a revocation would).
    const refreshToken = await page.evaluate(() => {
      const stored = /** @type {{ refreshToken?: string }} */ (
        JSON.parse(localStorage.getItem('event-manager.session') ?? '{}')
      );
      return stored.refreshToken ?? '';
    });
    const logout = await fetch(`${api.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
    assert.equal(logout.status, 204);
    await page.reload();
    await page.waitForURL(/\/login\?next=/);
    await waitForText(page.getByTestId('flash'), /session has expired/);
    await screenshot(page, '12-session-expired');
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Password').fill('another good password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`**${eventPath}`);
    await waitForText(page.getByRole('heading', { level: 1 }), /bigger room/);
  });

  await step('once an event has started, registration is closed and says why', async () => {
    const { page } = bob;
    const token = await page.evaluate(() => {
      const stored = /** @type {{ accessToken?: string }} */ (
        JSON.parse(localStorage.getItem('event-manager.session') ?? '{}')
      );
      return stored.accessToken ?? '';
    });
    const startsAt = new Date(Date.now() + 1500).toISOString();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const response = await fetch(`${api.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'Lightning talks', startsAt, endsAt, capacity: 30 }),
    });
    assert.equal(response.status, 201);
    const { id } = /** @type {{ id: number }} */ (/** @type {unknown} */ (await response.json()));
    await page.waitForTimeout(2000);

    await page.goto('/?status=ongoing');
    await waitForText(page.getByTestId('event-card'), /Lightning talks.*Ongoing/s);
    await page.getByRole('link', { name: 'Lightning talks' }).click();
    await page.waitForURL(`**/events/${id}`);
    await waitForText(page.getByTestId('registration-blocker'), /closed: the event has started/);
    await waitForText(page.getByTestId('capacity-text'), /0 registered/);
    assert.equal(await page.getByRole('button', { name: 'Register' }).isDisabled(), true);
    await screenshot(page, '13-event-started');
  });

  await step('no console errors, page errors or failed requests', () => {
    assert.deepEqual(problems, []);
    console.log(`    (${expectedHttpLogs.length} expected API error responses logged by Chromium)`);
    for (const line of expectedHttpLogs) console.log(`      ${line}`);
  });
} finally {
  await browser.close();
  await api.stop();
}

const count = (/** @type {string} */ status) => results.filter((r) => r.status === status).length;
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `\n${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped (${seconds} s)`,
);
if (outputFile) {
  writeFileSync(
    outputFile,
    JSON.stringify({
      numPassedTests: count('passed'),
      numFailedTests: count('failed'),
      numPendingTests: count('skipped'),
      numTotalTests: results.length,
      numRuntimeErrorTestSuites: 0,
      success: !failed,
      testResults: [{ name: 'client/scripts/test-web.mjs', assertionResults: results }],
    }),
  );
}
process.exit(failed ? 1 : 0);
