import {
  createEvent,
  expect,
  expectAccessible,
  logIn,
  screenshots,
  test,
  wallTime,
} from './fixtures';

test('creating an event: field errors, then a category and a time zone of its own', async ({
  page,
  user,
}) => {
  await logIn(page, user);
  await page.getByRole('link', { name: 'New event' }).first().click();
  await expect(page.getByRole('heading', { name: 'New event' })).toBeFocused();
  // The picker starts at the viewer's zone.
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/London');
  await page.getByLabel('Capacity').fill('0');
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page.locator('[data-field-error="name"]')).toContainText('Name must not be blank');
  await expect(page.locator('[data-field-error="capacity"]')).toContainText(
    'Capacity must not be less than 1',
  );
  await expect(page.locator('[data-field-error="startsAt"]')).toContainText(
    'Enter a date and time',
  );
  // The summary takes focus so that it is announced; its links lead to the fields.
  await expect(page.getByRole('alert').first()).toBeFocused();

  await page.getByLabel('Name').fill('Rust meetup');
  await page.getByLabel('Capacity').fill('20');
  await page.getByLabel('Start').fill(wallTime(-1, '18:00'));
  await page.getByLabel('End').fill(wallTime(-2, '21:00'));
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page.locator('[data-field-error="startsAt"]')).toContainText(
    'Start must be in the future',
  );
  await expect(page.locator('[data-field-error="endsAt"]')).toContainText('End must be after');
  await expectAccessible(page);
  await screenshots(page, 'event-form-errors');

  await page.getByLabel('Description').fill('Talks and pizza.');
  await page.getByLabel('Location').fill('Berlin, c-base');
  await page.getByLabel('Category').selectOption('meetup');
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByLabel('Start').fill(wallTime(30, '18:00'));
  await page.getByLabel('End').fill(wallTime(30, '21:30'));
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page).toHaveURL(/\/events\/\d+$/);
  await expect(page.getByTestId('flash')).toContainText('Event created');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rust meetup');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByTestId('event-category')).toHaveText('Meetup');
  // 18:00 on the Berlin clock, and one hour earlier for the viewer in London.
  await expect(page.getByTestId('event-when')).toContainText(/18:00.+21:30 Berlin time/);
  await expect(page.getByTestId('event-when-viewer')).toContainText(
    /17:00.+20:30 your time \(London\)/,
  );
  await expectAccessible(page);
});

test('an edit over someone else’s change: 412, reload, what was typed is kept', async ({
  page,
  user,
  apiUrl,
  openBrowser,
}) => {
  const event = await createEvent(apiUrl, user, { name: 'Board games night', capacity: 8 });
  await logIn(page, user);
  await page.goto(`/events/${event.id}/edit`);
  await expect(page.getByLabel('Name')).toHaveValue('Board games night');
  await page.getByLabel('Name').fill('Board games night (bring your own)');

  // Meanwhile the organizer, on another device, changes the location and the capacity.
  const other = await openBrowser();
  await logIn(other, user);
  await other.goto(`/events/${event.id}/edit`);
  await other.getByLabel('Location').fill('Café Kosmos');
  await other.getByLabel('Capacity').fill('12');
  await other.getByRole('button', { name: 'Save changes' }).click();
  await expect(other.getByTestId('flash')).toContainText('Changes saved');

  await page.getByRole('button', { name: 'Save changes' }).click();
  const conflict = page.getByTestId('conflict');
  await expect(conflict).toContainText('Someone else changed this event');
  await expect(page.getByLabel('Name')).toHaveValue('Board games night (bring your own)');
  await expectAccessible(page);
  await screenshots(page, 'edit-conflict');

  await conflict.getByRole('button', { name: 'Reload the event' }).click();
  await expect(page.getByTestId('conflict')).toHaveCount(0);
  await expect(page.getByLabel('Name')).toHaveValue('Board games night (bring your own)');
  await expect(page.getByLabel('Location')).toHaveValue('Café Kosmos');
  await expect(page.getByLabel('Capacity')).toHaveValue('12');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('flash')).toContainText('Changes saved');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Board games night (bring your own)',
  );
  await expect(page.getByText('Café Kosmos')).toBeVisible();
});

test('saving a new event as a draft, then publishing it', async ({ page, user }) => {
  await logIn(page, user);
  await page.goto('/events/new');
  await page.getByLabel('Name').fill('Quiet planning');
  await page.getByLabel('Start').fill(wallTime(20, '18:00'));
  await page.getByLabel('End').fill(wallTime(20, '20:00'));
  await page.getByLabel(/Save as a draft/).check();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quiet planning');
  const banner = page.getByRole('region', { name: 'Draft — only you and your hosts can see it' });
  await expect(banner).toBeVisible();
  await expectAccessible(page);
  await banner.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('published')).toContainText('Everyone can now see this event');
  await expect(banner).toHaveCount(0);
});
