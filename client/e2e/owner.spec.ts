import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import {
  apiClient,
  createEvent,
  createUser,
  expect,
  expectAccessible,
  logIn,
  register,
  screenshots,
  test,
  tokenOf,
} from './fixtures';

async function saved(page: Page, click: () => Promise<void>): Promise<[Download, string]> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return [download, await readFile(path, 'utf8')];
}

test('the organizer sees attendees and the waiting list, and downloads them as CSV', async ({
  page,
  user,
  apiUrl,
}) => {
  const event = await createEvent(apiUrl, user, { name: 'Kayak trip', capacity: 2 });
  const people = [];
  for (const prefix of ['ann', 'ben', 'cat']) people.push(await createUser(apiUrl, prefix));
  await register(apiUrl, people[0]!, event.id);
  await register(apiUrl, people[1]!, event.id);
  const catApi = apiClient(apiUrl, await tokenOf(apiUrl, people[2]!));
  await catApi.POST('/api/v1/events/{id}/waitlist', { params: { path: { id: event.id } } });

  await logIn(page, user);
  await page.goto(`/events/${event.id}`);
  const attendees = page.getByTestId('attendees');
  await expect(attendees.getByRole('row')).toHaveCount(3); // header + 2
  await expect(attendees).toContainText(people[0]!.email);
  await expect(page.getByTestId('waitlist')).toContainText(people[2]!.username);
  await expectAccessible(page);
  await screenshots(page, 'event-owner');

  const [download, csv] = await saved(page, () =>
    page.getByRole('button', { name: 'Download CSV' }).click(),
  );
  expect(download.suggestedFilename()).toBe(`event-${event.id}-attendees.csv`);
  const rows = parse<Record<string, string>>(csv, { columns: true });
  expect(rows.map((r) => [r.username, r.status])).toEqual([
    [people[0]!.username, 'attending'],
    [people[1]!.username, 'attending'],
    [people[2]!.username, 'waitlisted'],
  ]);

  const [ics, text] = await saved(page, () =>
    page.getByRole('button', { name: 'Add to calendar' }).click(),
  );
  expect(ics.suggestedFilename()).toBe(`event-${event.id}.ics`);
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const vevent = calendar.getFirstSubcomponent('vevent');
  expect(vevent?.getFirstPropertyValue('summary')).toBe('Kayak trip');
});

test('cancelling with a reason: a confirm dialog, then a banner for everyone', async ({
  page,
  user,
  apiUrl,
  openBrowser,
}) => {
  const event = await createEvent(apiUrl, user, { name: 'Open-air cinema', capacity: 50 });
  const guest = await createUser(apiUrl, 'guest');
  await register(apiUrl, guest, event.id);

  await logIn(page, user);
  await page.goto(`/events/${event.id}`);
  await page.getByRole('button', { name: 'Cancel event' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this event?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Keep the event' })).toBeFocused();
  await dialog.getByLabel('Reason').fill('Storm warning');
  await expectAccessible(page);
  await screenshots(page, 'cancel-dialog');
  await dialog.getByRole('button', { name: 'Cancel event' }).click();
  await expect(dialog).toBeHidden();
  const banner = page.getByTestId('cancelled-banner');
  await expect(banner).toContainText('This event was cancelled');
  await expect(banner).toContainText('Reason: Storm warning');
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);

  const guestPage = await openBrowser();
  await logIn(guestPage, guest);
  await guestPage.goto(`/events/${event.id}`);
  await expect(guestPage.getByTestId('cancelled-banner')).toContainText('Storm warning');
  await expect(guestPage.getByRole('button', { name: 'Unregister' })).toBeDisabled();
  await expect(guestPage.getByTestId('registration-blocker')).toContainText('was cancelled');
  await expectAccessible(guestPage);
  await screenshots(guestPage, 'event-cancelled');
  await guestPage.goto('/?status=cancelled&scope=attending');
  await expect(guestPage.getByTestId('event-card')).toContainText('Cancelled');
});

test('deleting asks first; Escape keeps the event and the focus', async ({
  page,
  user,
  apiUrl,
}) => {
  const event = await createEvent(apiUrl, user, { name: 'Draft to delete' });
  await logIn(page, user);
  await page.goto(`/events/${event.id}`);
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this event?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete event' }).click();
  await expect(page).toHaveURL(/\/\?scope=mine$/);
  await expect(page.getByTestId('flash')).toContainText('was deleted');
  await page.goto(`/events/${event.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Event not found');
});
