import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import createClient from 'openapi-fetch';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { components, paths } from '../src/api/schema';

export { expect };

type CreateEvent = components['schemas']['CreateEventDto'];
export type EventDto = components['schemas']['EventResponseDto'];

export const PASSWORD = 'correct horse battery';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };
const SCREENSHOTS = join(import.meta.dirname, '../screenshots');

export interface TestUser {
  username: string;
  email: string;
  password: string;
}

let counter = 0;
/** A username no other test (or worker) uses. */
function uniqueName(prefix: string): string {
  counter += 1;
  const worker = process.env.TEST_PARALLEL_INDEX ?? '0';
  return `${prefix}_${worker}${counter}${Date.now().toString(36).slice(-5)}`.slice(0, 30);
}

/** The API, typed by the same schema as the app, for the setup a test is not about. */
export function apiClient(baseUrl: string, token?: string) {
  return createClient<paths>({
    baseUrl,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

export async function createUser(baseUrl: string, prefix = 'user'): Promise<TestUser> {
  const username = uniqueName(prefix);
  const user = { username, email: `${username}@example.com`, password: PASSWORD };
  const { response } = await apiClient(baseUrl).POST('/api/v1/auth/register', { body: user });
  expect(response.status).toBe(201);
  return user;
}

const tokens = new Map<string, { token: string; until: number }>();

/**
 * An access token of the user, for setup calls. Logins hash a password (argon2, costly by
 * design), so one token serves while it lives.
 */
export async function tokenOf(baseUrl: string, user: TestUser): Promise<string> {
  const cached = tokens.get(user.username);
  if (cached && cached.until > Date.now()) return cached.token;
  const { data } = await apiClient(baseUrl).POST('/api/v1/auth/login', {
    body: { username: user.username, password: user.password },
  });
  if (!data) throw new Error(`login of ${user.username} failed`);
  tokens.set(user.username, {
    token: data.access_token,
    until: Date.now() + data.expires_in * 1000 - 3000,
  });
  return data.access_token;
}

/** ISO instant `days` from now at `time` (HH:mm) UTC. */
export function daysFromNow(days: number, time = '17:00'): string {
  const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${time}:00.000Z`;
}

export async function createEvent(
  baseUrl: string,
  owner: TestUser,
  event: Partial<CreateEvent> = {},
): Promise<EventDto> {
  const api = apiClient(baseUrl, await tokenOf(baseUrl, owner));
  const { data, error } = await api.POST('/api/v1/events', {
    body: {
      name: `Event ${uniqueName('e')}`,
      startsAt: daysFromNow(3, '17:00'),
      endsAt: daysFromNow(3, '20:00'),
      timeZone: 'Europe/Berlin',
      category: 'other',
      published: true,
      requiresApproval: false,
      ...event,
    },
  });
  if (!data) throw new Error(`event not created: ${JSON.stringify(error)}`);
  return data;
}

export async function register(baseUrl: string, user: TestUser, id: number): Promise<void> {
  const api = apiClient(baseUrl, await tokenOf(baseUrl, user));
  const { response } = await api.POST('/api/v1/events/{id}/registration', {
    params: { path: { id } },
  });
  expect(response.status).toBe(201);
}

export async function logIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('current-user')).toHaveText(user.username);
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, 'axe-core: serious or critical violations').toEqual([]);
}

/**
 * Screenshots for client/screenshots/, on a desktop and a phone viewport; at phone width the page
 * must not scroll sideways. Set WEB_TEST_SCREENSHOTS=0 to skip writing them.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  const write = process.env.WEB_TEST_SCREENSHOTS !== '0';
  if (write) mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize() ?? DESKTOP;
  if (write)
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${name}: no sideways scrolling at phone width`).toBe(0);
  if (write)
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(size);
}

/**
 * Console errors, page errors, failed requests and 5xx answers of a page. Chromium logs every
 * 4xx as "Failed to load resource"; the API's expected refusals are not application errors.
 */
function watch(page: Page, problems: string[]): void {
  const expectedHttp =
    /^Failed to load resource: the server responded with a status of (400|401|403|404|409|412)\b/;
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    if (!expectedHttp.test(message.text())) {
      problems.push(`console.${message.type()}: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
}

interface Fixtures {
  /** The API's origin (the app is served there too). */
  apiUrl: string;
  /** A user of their own for this test. */
  user: TestUser;
  /** Another browser (its own cookies and storage), as a second person or device would have. */
  openBrowser(): Promise<Page>;
  problems: string[];
}

async function newPage(browser: Browser, baseURL: string, problems: string[]): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: DESKTOP,
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  watch(page, problems);
  return page;
}

export const test = base.extend<Fixtures>({
  apiUrl: async ({}, use) => {
    const url = process.env.WEB_TEST_URL;
    if (!url) throw new Error('WEB_TEST_URL is not set: run through playwright.config.ts');
    await use(url);
  },
  baseURL: async ({ apiUrl }, use) => use(apiUrl),
  problems: async ({}, use) => {
    const problems: string[] = [];
    await use(problems);
    expect(problems, 'no console errors, page errors or failed requests').toEqual([]);
  },
  page: async ({ page, problems }, use) => {
    watch(page, problems);
    await use(page);
  },
  user: async ({ apiUrl }, use) => use(await createUser(apiUrl)),
  openBrowser: async ({ browser, apiUrl, problems }, use) => {
    const pages: Page[] = [];
    await use(async () => {
      const page = await newPage(browser, apiUrl, problems);
      pages.push(page);
      return page;
    });
    for (const page of pages) await page.context().close();
  },
});

/** A `datetime-local` value `days` from today at `time` on whatever clock the form uses. */
export function wallTime(days: number, time: string): string {
  return `${daysFromNow(days).slice(0, 10)}T${time}`;
}

/**
 * Picks a filter radio. The list's filters are the URL's: the radio shows the choice once the
 * router has moved, a moment after the click, so click and wait rather than `check()`.
 */
export async function choose(page: Page, name: string): Promise<void> {
  const radio = page.getByRole('radio', { name, exact: true });
  await radio.click();
  await expect(radio).toBeChecked();
}
