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

test('a full event: join the waiting list, see the position, leave, and get promoted', async ({
  page,
  user,
  apiUrl,
  openBrowser,
}) => {
  const owner = await createUser(apiUrl, 'owner');
  const event = await createEvent(apiUrl, owner, { name: 'Pottery workshop', capacity: 1 });
  const first = await createUser(apiUrl, 'first');
  await register(apiUrl, first, event.id);

  await logIn(page, user);
  await page.goto(`/events/${event.id}`);
  await expect(page.getByTestId('capacity-text')).toContainText('Full');
  await expect(page.getByTestId('registration-blocker')).toContainText('This event is full');
  await page.getByRole('button', { name: 'Join the waiting list' }).click();
  await expect(page.getByTestId('waitlist-position')).toHaveText(
    'You are number 1 on the waiting list.',
  );
  await expect(page.getByTestId('capacity-text')).toContainText('1 waiting');
  await expectAccessible(page);
  await screenshots(page, 'event-waitlist');

  // Leaving and joining again: the list and the counts follow without a reload.
  await page.getByRole('button', { name: 'Leave the waiting list' }).click();
  await expect(page.getByRole('status').getByText('You left the waiting list')).toBeVisible();
  await expect(page.getByTestId('waitlist-position')).toHaveCount(0);
  await page.getByRole('button', { name: 'Join the waiting list' }).click();
  await expect(page.getByTestId('waitlist-position')).toContainText('number 1');

  // A second person waits behind.
  const second = await createUser(apiUrl, 'second');
  const secondPage = await openBrowser();
  await logIn(secondPage, second);
  await secondPage.goto(`/events/${event.id}`);
  await secondPage.getByRole('button', { name: 'Join the waiting list' }).click();
  await expect(secondPage.getByTestId('waitlist-position')).toContainText('number 2');

  // The attendee unregisters (elsewhere): the first in line gets the spot.
  const firstApi = apiClient(apiUrl, await tokenOf(apiUrl, first));
  const { response } = await firstApi.DELETE('/api/v1/events/{id}/registration', {
    params: { path: { id: event.id } },
  });
  expect(response.status).toBe(204);

  // On the promoted person's next view of the event: "You got a spot".
  await page.goto(`/events/${event.id}`);
  await expect(page.getByTestId('promoted')).toContainText('You got a spot');
  await expect(page.getByRole('button', { name: 'Unregister' })).toBeEnabled();
  await screenshots(page, 'event-promoted');
  await secondPage.reload();
  await expect(secondPage.getByTestId('waitlist-position')).toContainText('number 1');
  // The notice stays until dismissed, in the list of their events too; dismissed there, it is
  // gone everywhere.
  await page.goto('/?scope=attending');
  const card = page.getByTestId('event-card').filter({ hasText: 'Pottery workshop' });
  await expect(card.getByTestId('promoted')).toContainText('You got a spot');
  await expectAccessible(page);
  await card.getByRole('button', { name: /^Dismiss/ }).click();
  await expect(card.getByTestId('promoted')).toHaveCount(0);
  await expect(card.getByRole('link', { name: 'Pottery workshop' })).toBeFocused();
  await page.goto(`/events/${event.id}`);
  await expect(page.getByRole('button', { name: 'Unregister' })).toBeVisible();
  await expect(page.getByTestId('promoted')).toHaveCount(0);
});

test('register and unregister: the list and the counts follow', async ({ page, user, apiUrl }) => {
  const owner = await createUser(apiUrl, 'owner');
  const event = await createEvent(apiUrl, owner, { name: 'Choir rehearsal', capacity: 3 });
  await logIn(page, user);
  await page.getByRole('link', { name: 'Events', exact: true }).click();
  await page.goto(`/events/${event.id}`);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('status').getByText('You are registered')).toBeVisible();
  await expect(page.getByTestId('capacity-text')).toContainText('2 spots left');
  await expect(page.getByTestId('attendees')).toContainText(user.username);
  // The list was invalidated too: its card says so without a reload.
  await page.goto('/?scope=attending');
  await expect(page.getByTestId('event-card')).toContainText('You’re going');
  await page.getByRole('link', { name: 'Choir rehearsal' }).click();
  await page.getByRole('button', { name: 'Unregister' }).click();
  await expect(page.getByTestId('capacity-text')).toContainText('3 spots left');
});

test('once an event has started, registration is closed and says why', async ({
  page,
  user,
  apiUrl,
}) => {
  const owner = await createUser(apiUrl, 'owner');
  const startsAt = new Date(Date.now() + 1500).toISOString();
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  const event = await createEvent(apiUrl, owner, { name: 'Lightning talks', startsAt, endsAt });
  await logIn(page, user);
  await page.waitForTimeout(Math.max(0, Date.parse(startsAt) - Date.now() + 200));
  await page.goto(`/events/${event.id}`);
  await expect(page.getByTestId('registration-blocker')).toContainText(
    'closed: the event has started',
  );
  await expect(page.getByRole('button', { name: 'Register' })).toBeDisabled();
});
