import { apiClient, expect, expectAccessible, logIn, test, tokenOf, wallTime } from './fixtures';

/** How many of the user's events carry `name`. */
async function eventsNamed(apiUrl: string, token: string, name: string): Promise<number> {
  const { data } = await apiClient(apiUrl, token).GET('/api/v1/events', {
    params: { query: { owner: 'me', q: name } },
  });
  return (data?.items ?? []).filter((event) => event.name === name).length;
}

test('a double click on "Create event", or a retry after a lost answer, makes one event', async ({
  page,
  user,
  apiUrl,
}) => {
  const token = await tokenOf(apiUrl, user);
  const fillIn = async (name: string) => {
    await page.getByRole('link', { name: 'New event' }).first().click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Start').fill(wallTime(30, '18:00'));
    await page.getByLabel('End').fill(wallTime(30, '21:00'));
  };
  await logIn(page, user);

  const clicked = `Twice clicked ${Date.now()}`;
  await fillIn(clicked);
  await page.getByRole('button', { name: 'Create event' }).dblclick();
  await expect(page).toHaveURL(/\/events\/\d+$/);
  expect(await eventsNamed(apiUrl, token, clicked)).toBe(1);

  // The server makes the event, but its answer never reaches the browser (a timeout on the way
  // back); the person tries again, and the retry carries the same key.
  const retried = `Retried ${Date.now()}`;
  await fillIn(retried);
  let lost = false;
  await page.route('**/api/v1/events', async (route) => {
    if (route.request().method() !== 'POST' || lost) return route.fallback();
    lost = true;
    await route.fetch();
    await route.abort('aborted');
  });
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page.getByText('The server could not be reached').first()).toBeVisible();
  expect(await eventsNamed(apiUrl, token, retried)).toBe(1);
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page).toHaveURL(/\/events\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(retried);
  expect(await eventsNamed(apiUrl, token, retried)).toBe(1);
  await expectAccessible(page);
});
