import {
  choose,
  createEvent,
  createUser,
  expect,
  expectAccessible,
  logIn,
  screenshots,
  test,
} from './fixtures';
import { addHost } from './host-fixtures';

test('Hosting lists what the person owns or hosts, drafts included; strangers never see the draft', async ({
  page,
  user,
  apiUrl,
  openBrowser,
}) => {
  const other = await createUser(apiUrl, 'other');
  const stranger = await createUser(apiUrl, 'stranger');
  await createEvent(apiUrl, user, { name: 'Own picnic' });
  const draft = await createEvent(apiUrl, user, { name: 'Own draft gala', published: false });
  const cohosted = await createEvent(apiUrl, other, { name: 'Shared quiz night' });
  await addHost(apiUrl, other, cohosted.id, user, 'cohost');
  const checked = await createEvent(apiUrl, other, { name: 'Checked marathon' });
  await addHost(apiUrl, other, checked.id, user, 'checker');
  await createEvent(apiUrl, other, { name: 'Not my concert' });

  await logIn(page, user);
  await page.goto('/');
  await choose(page, 'Hosting');
  await expect(page).toHaveURL(/\?scope=hosting$/);
  const cards = page.getByTestId('event-card');
  await expect(cards).toHaveCount(4);
  await expect(page.getByTestId('event-list')).not.toContainText('Not my concert');
  const draftCard = cards.filter({ hasText: 'Own draft gala' });
  await expect(draftCard.getByText('Draft', { exact: true })).toBeVisible();
  await expect(draftCard).toContainText('You organize this');
  await expect(cards.filter({ hasText: 'Shared quiz night' })).toContainText('You co-host this');
  await expect(cards.filter({ hasText: 'Checked marathon' })).toContainText('You check people in');
  await expectAccessible(page);
  await screenshots(page, 'events-hosting');

  await choose(page, 'Drafts');
  await expect(page).toHaveURL(/\?scope=hosting&status=draft$/);
  await expect(cards).toHaveCount(1);
  await expect(cards).toContainText('Own draft gala');

  const strangerPage = await openBrowser();
  await logIn(strangerPage, stranger);
  await strangerPage.goto('/?q=Own+draft+gala');
  await expect(strangerPage.getByRole('heading', { name: '0 events' })).toBeVisible();
  await strangerPage.goto(`/events/${draft.id}`);
  await expect(strangerPage.getByRole('heading', { level: 1 })).toHaveText('Event not found');
});
