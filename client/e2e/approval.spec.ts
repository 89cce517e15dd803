import {
  apiClient,
  createEvent,
  createUser,
  expect,
  expectAccessible,
  logIn,
  screenshots,
  test,
  tokenOf,
} from './fixtures';
import { hostWithRole } from './host-fixtures';

/** An event starting in three hours: registration is still open and check-in already is. */
const soon = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

test('a host approves a request and checks the attendee in by typed code', async ({
  page,
  user,
  apiUrl,
  openBrowser,
}) => {
  test.slow(); // two people, two browsers, many steps: more than a minute on a busy machine
  const event = await createEvent(apiUrl, user, {
    name: 'Tasting evening',
    startsAt: soon(3),
    endsAt: soon(5),
    capacity: 10,
    requiresApproval: true,
    questions: [{ label: 'Dietary needs', type: 'text', required: true }],
  });
  const guest = await createUser(apiUrl, 'guest');

  // The guest asks to come, answering the question.
  const guestPage = await openBrowser();
  await logIn(guestPage, guest);
  await guestPage.goto(`/events/${event.id}`);
  await guestPage.getByRole('button', { name: 'Request to join' }).click();
  await guestPage.getByLabel('Dietary needs').fill('No nuts');
  await guestPage.getByRole('button', { name: 'Request to join' }).click();
  await expect(guestPage.getByTestId('request-pending')).toContainText('holds no spot');
  await expect(guestPage.getByRole('button', { name: 'Withdraw request' })).toBeVisible();
  await expect(guestPage.getByRole('link', { name: 'Your ticket' })).toHaveCount(0);

  // The owner sees the request with its answer and approves it.
  await logIn(page, user);
  await page.goto(`/events/${event.id}`);
  await page.getByRole('link', { name: 'Attendees (1 pending)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Attendees');
  await page.getByRole('radio', { name: 'Pending', exact: true }).click();
  await expect(page).toHaveURL(/status=pending/);
  const row = page.getByTestId(`attendee-${guest.username}`);
  await expect(row).toContainText('Dietary needs');
  await expect(row).toContainText('No nuts');
  await expectAccessible(page);
  await screenshots(page, 'attendees-pending');
  await row.getByRole('button', { name: `Approve ${guest.username}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is approved' })).toBeVisible();
  await expect(page.getByTestId('no-attendees')).toBeVisible(); // nobody pending any more
  await page.getByRole('radio', { name: 'Attending', exact: true }).click();
  await expect(row).toContainText('Not yet');

  // The guest is in, and has a ticket.
  await guestPage.reload();
  await expect(guestPage.getByTestId('request-approved')).toBeVisible();
  await guestPage.getByRole('link', { name: 'Your ticket' }).click();
  const code = (await guestPage.getByTestId('ticket-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);

  // At the door: green, then amber for the same code, then red for a wrong one.
  await page.goto(`/events/${event.id}/check-in`);
  const input = page.getByLabel('Ticket code');
  await expect(input).toBeFocused();
  const result = page.getByTestId('check-in-result');
  await input.fill(code);
  await input.press('Enter');
  await expect(input).toHaveValue('');
  await expect(input).toBeFocused();
  await expect(result).toContainText(`Checked in: ${guest.username}`);
  await expect(result.locator('[data-tone]')).toHaveAttribute('data-tone', 'in');
  await expectAccessible(page);
  await screenshots(page, 'check-in');

  await input.fill(code);
  await input.press('Enter');
  await expect(result).toContainText(`Already checked in: ${guest.username}`);
  await expect(result.locator('[data-tone]')).toHaveAttribute('data-tone', 'again');

  await input.fill('not-a-ticket-of-this-event');
  await input.press('Enter');
  await expect(result).toContainText('Unknown ticket');
  await expect(result.locator('[data-tone]')).toHaveAttribute('data-tone', 'refused');
  await expect(page.getByRole('heading', { name: 'Earlier scans' })).toBeVisible();

  // The attendee page shows the check-in, and it can be undone.
  await page.goto(`/events/${event.id}/attendees?status=attending`);
  await expect(row).toContainText('In at');
  await row.getByRole('button', { name: `Undo check-in of ${guest.username}` }).click();
  await expect(row).toContainText('Not yet');
});

test('a declined request, with a reason; a checker reads the list but does not decide', async ({
  page,
  user,
  apiUrl,
  openBrowser,
}) => {
  const event = await createEvent(apiUrl, user, {
    name: 'Studio visit',
    capacity: 5,
    requiresApproval: true,
  });
  const guest = await createUser(apiUrl, 'asker');
  const guestApi = apiClient(apiUrl, await tokenOf(apiUrl, guest));
  const { response } = await guestApi.POST('/api/v1/events/{id}/registration', {
    params: { path: { id: event.id } },
  });
  expect(response.status).toBe(201);
  const checker = await hostWithRole(apiUrl, user, event.id, 'checker');

  const checkerPage = await openBrowser();
  await logIn(checkerPage, checker);
  await checkerPage.goto(`/events/${event.id}`);
  await expect(checkerPage.getByRole('link', { name: 'Check-in' })).toBeVisible();
  await checkerPage.getByRole('link', { name: /^Attendees/ }).click();
  const seen = checkerPage.getByTestId(`attendee-${guest.username}`);
  await expect(seen).toContainText('Pending');
  await expect(seen.getByRole('button')).toHaveCount(0);
  await expect(checkerPage.getByRole('button', { name: 'Download CSV' })).toHaveCount(0);
  await expectAccessible(checkerPage);

  await logIn(page, user);
  await page.goto(`/events/${event.id}/attendees`);
  const row = page.getByTestId(`attendee-${guest.username}`);
  await row.getByRole('button', { name: `Decline ${guest.username}` }).click();
  const dialog = page.getByRole('dialog', { name: `Decline ${guest.username}’s request?` });
  await expect(dialog.getByRole('button', { name: 'Keep it pending' })).toBeFocused();
  await dialog.getByLabel('Reason').fill('The studio is too small, sorry.');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Decline request' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Declined');
  await expect(page.getByRole('status').filter({ hasText: 'was declined' })).toBeVisible();

  const guestPage = await openBrowser();
  await logIn(guestPage, guest);
  await guestPage.goto(`/events/${event.id}`);
  await expect(guestPage.getByTestId('request-declined')).toBeVisible();
  await expect(guestPage.getByRole('button', { name: 'Request to join' })).toHaveCount(0);
});
