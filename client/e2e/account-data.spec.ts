import { readFile } from 'node:fs/promises';
import {
  apiClient,
  createEvent,
  expect,
  expectAccessible,
  logIn,
  PASSWORD,
  register,
  test,
  tokenOf,
} from './fixtures';

test('download my data: one JSON file with the account, its registrations and no secret', async ({
  page,
  user,
  apiUrl,
}) => {
  const event = await createEvent(apiUrl, user, { name: 'Data export meetup' });
  await register(apiUrl, user, event.id);
  await logIn(page, user);
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download my data' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^account-\d+-data\.json$/);
  const text = await readFile(await download.path(), 'utf8');
  const data = JSON.parse(text) as {
    user: { username: string };
    events: { name: string }[];
    registrations: { status: string }[];
  };
  expect(data.user.username).toBe(user.username);
  expect(data.events.map((event) => event.name)).toEqual(['Data export meetup']);
  expect(data.registrations.map((registration) => registration.status)).toEqual(['attending']);
  expect(text).not.toMatch(/password|hash|secret|token/i);
  await expect(page.getByText('Downloaded.')).toBeVisible();
  await expectAccessible(page);
});

test('delete my account: a wrong password is refused; confirmed, it signs out and the username is free again', async ({
  page,
  user,
  apiUrl,
}) => {
  await logIn(page, user);
  await page.goto('/account');
  const form = page.getByRole('region', { name: 'Delete my account' });
  await expect(form.getByText('the events you organize')).toBeVisible();

  await form.getByLabel('Your password').fill('not my password');
  await form.getByRole('button', { name: 'Delete my account…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your account for good?' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.locator('[data-field-error="password"]')).toBeVisible();
  await expect(dialog).toBeHidden();
  await expectAccessible(page);

  await form.getByLabel('Your password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Delete my account…' }).click();
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId('flash')).toContainText('Your account and its data were deleted.');
  await expect(page.getByTestId('current-user')).toHaveCount(0);

  // The username and the email are free: signing up with them works.
  await page.goto('/signup');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByTestId('current-user')).toHaveText(user.username);
  const { response } = await apiClient(apiUrl, await tokenOf(apiUrl, user)).GET('/api/v1/users/me');
  expect(response.status).toBe(200);
});
