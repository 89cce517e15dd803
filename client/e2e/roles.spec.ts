import {
  createEvent,
  createUser,
  expect,
  expectAccessible,
  logIn,
  register,
  screenshots,
  test,
} from './fixtures';
import { hostWithRole } from './host-fixtures';

test('a checker sees the attendee list and nothing to change', async ({ page, user, apiUrl }) => {
  const event = await createEvent(apiUrl, user, { name: 'Night run' });
  const runner = await createUser(apiUrl, 'runner');
  await register(apiUrl, runner, event.id);
  const checker = await hostWithRole(apiUrl, user, event.id, 'checker');

  await logIn(page, checker);
  await page.goto(`/events/${event.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Night run');
  const attendees = page.getByTestId('attendees');
  await expect(attendees.getByRole('row')).toHaveCount(2); // header + 1
  await expect(attendees).toContainText(runner.email);
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  for (const name of ['Cancel event', 'Delete', 'Download CSV', 'Publish']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  }
  await expectAccessible(page);
});

test('a cohost edits, cancels and exports, but cannot delete', async ({ page, user, apiUrl }) => {
  const event = await createEvent(apiUrl, user, { name: 'Board games' });
  const cohost = await hostWithRole(apiUrl, user, event.id, 'cohost');

  await logIn(page, cohost);
  await page.goto(`/events/${event.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Board games');
  await expect(page.getByRole('link', { name: 'Edit' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel event' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download CSV' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expectAccessible(page);

  // The edit form takes a cohost's change like the owner's.
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Name').fill('Board games and snacks');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Board games and snacks');
});

test('a cohost publishes a draft made through the API; until then strangers cannot find it', async ({
  page,
  user,
  apiUrl,
  openBrowser,
}) => {
  const event = await createEvent(apiUrl, user, { name: 'Secret supper', published: false });
  const cohost = await hostWithRole(apiUrl, user, event.id, 'cohost');
  const stranger = await createUser(apiUrl, 'stranger');

  const strangerPage = await openBrowser();
  await logIn(strangerPage, stranger);
  await strangerPage.goto(`/events/${event.id}`);
  await expect(strangerPage.getByRole('heading', { level: 1 })).toHaveText('Event not found');
  await expectAccessible(strangerPage);

  await logIn(page, cohost);
  await page.goto(`/events/${event.id}`);
  const banner = page.getByRole('region', { name: 'Draft — only you and your hosts can see it' });
  await expect(banner).toBeVisible();
  await expect(page.locator('.event-details').getByText('Draft', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Register' })).toBeDisabled();
  await expect(page.getByTestId('registration-blocker')).toContainText(
    'once the event is published',
  );
  await expectAccessible(page);
  await screenshots(page, 'event-draft');

  await banner.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('published')).toContainText('Everyone can now see this event');
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Register' })).toBeEnabled();

  await strangerPage.reload();
  await expect(strangerPage.getByRole('heading', { level: 1 })).toHaveText('Secret supper');
});
