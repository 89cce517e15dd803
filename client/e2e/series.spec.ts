import { createUser, expect, expectAccessible, logIn, screenshots, test } from './fixtures';

const DAY = 86_400_000;

/** Berlin's UTC offset in minutes at `instant`. */
function berlinOffset(instant: number): number {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    timeZoneName: 'shortOffset',
  }).format(new Date(instant));
  const [, sign, hours] = /GMT([+-])(\d+)/.exec(text) ?? [];
  return sign ? Number(`${sign}${hours}`) * 60 : 0;
}

/**
 * `YYYY-MM-DD` of the Tuesday before Berlin's next change of clocks (at least two days from now),
 * so that a weekly series from there crosses it.
 */
function tuesdayBeforeDstChange(): string {
  for (let day = Date.now() + 7 * DAY; ; day += DAY) {
    const noon = new Date(day);
    noon.setUTCHours(12, 0, 0, 0);
    if (berlinOffset(noon.getTime()) !== berlinOffset(noon.getTime() + DAY)) {
      // Berlin changes at 01:00 UTC on a Sunday: noon the day after is the Sunday's new offset.
      return new Date(noon.getTime() + DAY - 5 * DAY).toISOString().slice(0, 10);
    }
  }
}

test('a weekly series: its dates before saving, one occurrence registered, all upcoming edited', async ({
  page,
  user,
  apiUrl,
  openBrowser,
}) => {
  test.slow(); // two people, many screens: more than the usual minute on a busy machine
  const tuesday = tuesdayBeforeDstChange();
  await logIn(page, user);
  await page.getByRole('link', { name: 'New event' }).first().click();
  await page.getByLabel('Name').fill('Weekly meetup');
  await page.getByLabel('Location').fill('Room 1');
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByLabel('Start').fill(`${tuesday}T18:00`);
  await page.getByLabel('End').fill(`${tuesday}T20:00`);
  await page.getByLabel('Capacity').fill('5');

  // Repeats: weekly on Tuesday (the start's day) and Thursday, four times.
  await page.getByLabel('How often').selectOption('WEEKLY');
  await expect(page.getByRole('checkbox', { name: 'Tuesday' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Tuesday' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'Thursday' }).check();
  await page.getByRole('textbox', { name: /Number of events/ }).fill('4');
  // A series is never a draft.
  await expect(page.getByLabel(/Save as a draft/)).toHaveCount(0);

  // The preview: four dates at 18:00 on the Berlin clock, across the change of clocks.
  const preview = page.getByTestId('series-preview');
  await expect(preview).toContainText('4 events in all, on Berlin time');
  const dates = preview.getByRole('listitem');
  await expect(dates).toHaveCount(4);
  for (const item of await dates.all()) await expect(item).toContainText('18:00');
  await expect(dates.first()).toContainText('Tue');
  await expect(dates.nth(1)).toContainText('Thu');
  await expectAccessible(page);
  await screenshots(page, 'series-new');

  await page.getByRole('button', { name: 'Create series' }).click();
  await expect(page).toHaveURL(/\/series\/\d+$/);
  await expect(page.getByTestId('flash')).toContainText('Series created: 4 events');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Weekly meetup');
  const rows = page.getByTestId('series-dates').locator('tbody tr');
  await expect(rows).toHaveCount(4);
  for (const row of await rows.all()) {
    await expect(row).toContainText('18:00');
    await expect(row).toContainText('Upcoming');
    await expect(row).toContainText('5 of 5 spots left');
  }
  await expect(page.getByTestId('series-rule')).toContainText(
    'Every week on Tuesday and Thursday, 4 times',
  );
  const seriesUrl = page.url();

  // Someone else registers for the second date only.
  const guest = await createUser(apiUrl, 'guest');
  const other = await openBrowser();
  await logIn(other, guest);
  await other.goto(seriesUrl);
  await other.getByTestId('series-dates').locator('tbody tr').nth(1).getByRole('link').click();
  await expect(other.getByTestId('series-link')).toBeVisible();
  await other.getByRole('button', { name: 'Register' }).click();
  await expect(other.getByRole('status').getByText('You are registered')).toBeVisible();
  await other.getByTestId('series-link').click();
  const theirRows = other.getByTestId('series-dates').locator('tbody tr');
  await expect(theirRows.nth(1)).toContainText('4 of 5 spots left');
  await expect(theirRows.nth(1)).toContainText('You’re going');
  await expect(theirRows.nth(0)).toContainText('5 of 5 spots left');

  // The owner edits all upcoming events from the third one's page; the choice is explicit.
  await page.reload();
  await expect(rows.nth(1)).toContainText('4 of 5 spots left');
  await rows.nth(2).getByRole('link').click();
  await expect(page.getByTestId('series-link')).toBeVisible();
  await page.getByRole('link', { name: 'Edit' }).click();
  const scope = page.getByTestId('edit-scope');
  await expect(scope.getByRole('radio', { name: 'Only this event' })).toBeChecked();
  await scope.getByRole('radio', { name: /All upcoming events of the series \(4\)/ }).check();
  // Times move one event at a time: said next to the field.
  const start = await page.getByLabel('Start').inputValue();
  await page.getByLabel('Start').fill(start.replace('T18:00', 'T19:00'));
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('[data-field-error="startsAt"]')).toContainText(
    'Times change one event at a time',
  );
  await page.getByLabel('Start').fill(start);
  await page.getByLabel('Name').fill('Weekly meetup (new room)');
  await page.getByLabel('Location').fill('Room 2');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(seriesUrl);
  await expect(page.getByTestId('flash')).toContainText('every upcoming event');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Weekly meetup (new room)');
  // The registration is kept; every date moved to the new room.
  await expect(rows.nth(1)).toContainText('4 of 5 spots left');
  await expectAccessible(page);
  await screenshots(page, 'series-page');
  for (const n of [0, 3]) {
    await rows.nth(n).getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Weekly meetup (new room)');
    await expect(page.getByText('Room 2')).toBeVisible();
    await page.goBack();
  }
});

test('cancel one occurrence or all upcoming; the owner deletes the series', async ({
  page,
  user,
}) => {
  test.slow();
  const tuesday = tuesdayBeforeDstChange();
  await logIn(page, user);
  await page.goto('/events/new');
  await page.getByLabel('Name').fill('Monthly workshop');
  await page.getByLabel('Time zone').selectOption('America/New_York');
  await page.getByLabel('Start').fill(`${tuesday}T18:00`);
  await page.getByLabel('End').fill(`${tuesday}T20:00`);
  await page.getByLabel('How often').selectOption('MONTHLY');
  await page.getByRole('textbox', { name: /Number of events/ }).fill('3');
  await expect(page.getByTestId('series-preview').getByRole('listitem')).toHaveCount(3);
  await page.getByRole('button', { name: 'Create series' }).click();
  await expect(page).toHaveURL(/\/series\/\d+$/);
  const rows = page.getByTestId('series-dates').locator('tbody tr');
  await expect(rows).toHaveCount(3);

  // Only the first one.
  await rows.first().getByRole('link').click();
  await page.getByRole('button', { name: 'Cancel event' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('radio', { name: 'Only this event' })).toBeChecked();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Cancel event' }).click();
  await expect(page.getByTestId('cancelled-banner')).toBeVisible();
  await page.getByTestId('series-link').click();
  await expect(rows.nth(0)).toContainText('Cancelled');
  await expect(rows.nth(1)).toContainText('Upcoming');

  // All upcoming, from the second one: the choice is made in the dialog.
  await rows.nth(1).getByRole('link').click();
  await page.getByRole('button', { name: 'Cancel event' }).click();
  await dialog.getByRole('radio', { name: /All upcoming events of the series \(2\)/ }).check();
  await dialog.getByLabel('Reason').fill('The venue closed');
  await dialog.getByRole('button', { name: 'Cancel upcoming events' }).click();
  await expect(page.getByTestId('cancelled-banner')).toContainText('The venue closed');
  await page.getByTestId('series-link').click();
  await expect(rows.nth(1)).toContainText('Cancelled');
  await expect(rows.nth(2)).toContainText('Cancelled');
  // Nothing left to cancel.
  await expect(page.getByRole('button', { name: 'Cancel upcoming events' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Delete series' }).click();
  await expect(page.getByRole('dialog')).toContainText('All 3 events');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete series' }).click();
  await expect(page.getByTestId('flash')).toContainText('was deleted');
});
