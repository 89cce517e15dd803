import {
  choose,
  createEvent,
  createUser,
  daysFromNow,
  expect,
  expectAccessible,
  logIn,
  screenshots,
  test,
} from './fixtures';

const CATEGORIES = ['meetup', 'workshop', 'talk', 'social'] as const;

test('filters, category chips, paging and sorting live in the URL', async ({
  page,
  user,
  apiUrl,
  openBrowser,
}) => {
  // Twelve events of one organizer, tagged so that other tests' events never match the search.
  const tag = `z${Date.now().toString(36)}`;
  for (let i = 0; i < 12; i += 1) {
    await createEvent(apiUrl, user, {
      name: `${tag} ${String(i + 1).padStart(2, '0')} study group`,
      description: 'Reading group.',
      category: CATEGORIES[i % 4],
      startsAt: daysFromNow(2 + i, '17:00'),
      endsAt: daysFromNow(2 + i, '19:00'),
      capacity: i === 0 ? null : 10 + i,
    });
  }
  await logIn(page, user);
  await choose(page, 'Mine');
  await expect(page).toHaveURL(/\?scope=mine$/);
  const results = page.locator('h2[aria-live]');
  await expect(results).toHaveText('12 events');
  await expect(page.getByTestId('page-indicator')).toHaveText('Page 1 of 2');
  await expect(page.getByTestId('event-card')).toHaveCount(10);
  await expect(page.getByTestId('event-card').first()).toContainText('Meetup');

  // The previous page stays on screen while the next one loads.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/v1\/events\?.*offset=10/, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(results).toContainText('updating');
  await expect(page.getByTestId('event-card')).toHaveCount(10);
  release();
  await expect(page.getByTestId('event-card')).toHaveCount(2);
  await expect(page.getByTestId('page-indicator')).toHaveText('Page 2 of 2');
  await page.unroute(/\/api\/v1\/events\?.*offset=10/);

  // Category chips: toggles, in the URL, undone by Back and redone by Forward.
  await page.getByRole('button', { name: 'Workshop' }).click();
  await expect(page).toHaveURL(/category=workshop(&|$)/);
  await expect(page.getByRole('button', { name: 'Workshop' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(results).toHaveText('3 events');
  await page.getByRole('button', { name: 'Talk' }).click();
  await expect(page).toHaveURL(/category=workshop%2Ctalk/);
  await expect(results).toHaveText('6 events');
  await page.goBack();
  await expect(results).toHaveText('3 events');
  await expect(page.getByRole('button', { name: 'Talk' })).toHaveAttribute('aria-pressed', 'false');
  await page.goForward();
  await expect(results).toHaveText('6 events');

  await page.getByLabel('Sort by').selectOption('-startsAt');
  await expect(page.getByTestId('event-card').first()).toContainText(`${tag} 11`);
  await choose(page, 'Past');
  await expect(page.locator('.empty')).toContainText('No events match');
  await choose(page, 'Upcoming');
  await expect(results).toHaveText('6 events');
  await expectAccessible(page);
  await screenshots(page, 'events-filtered');

  // A filtered list is a link: someone else opening it sees the same list.
  await choose(page, 'All events');
  await page.getByLabel('Search').fill(tag);
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));
  await expect(results).toHaveText('6 events');
  const shared = page.url();
  const other = await openBrowser();
  await logIn(other, await createUser(apiUrl, 'viewer'));
  await other.goto(shared);
  await expect(other.locator('h2[aria-live]')).toHaveText('6 events');
  await expect(other.getByRole('button', { name: 'Talk' })).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByLabel('Search')).toHaveValue(tag);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Only events I can still join').click();
  await expect(page.getByLabel('Only events I can still join')).toBeChecked();
  await expect(page).toHaveURL(/spots=1/);
  // Reload keeps the filters (and the session).
  await page.reload();
  await expect(page.getByLabel('Only events I can still join')).toBeChecked();
  await expect(page.getByTestId('current-user')).toHaveText(user.username);
});
