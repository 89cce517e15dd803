import {
  apiClient,
  expect,
  expectAccessible,
  logIn,
  PASSWORD,
  screenshots,
  test,
  tokenOf,
} from './fixtures';

test('profile and password change; other devices are signed out', async ({
  page,
  user,
  openBrowser,
}) => {
  const phone = await openBrowser();
  await logIn(phone, user);
  await logIn(page, user);
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeFocused();

  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('First name')).toHaveValue('Ada');

  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill('a much better passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('[data-field-error="currentPassword"]')).toBeVisible();
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed.')).toBeVisible();
  await expect(page.getByTestId('session')).toHaveCount(1);

  // The other device's session is over: its next request sends it to the login page.
  await phone.reload();
  await expect(phone).toHaveURL(/\/login/);
  await expect(phone.getByTestId('flash')).toContainText('session has expired');
});

test('the calendar feed: shown, copied, rotated (the old address stops working)', async ({
  page,
  user,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await logIn(page, user);
  await page.goto('/account');
  await page.getByRole('button', { name: 'Show a new feed address' }).click();
  const address = page.getByLabel('Feed address');
  await expect(address).toHaveValue(/\/api\/v1\/calendar-feeds\//);
  const first = await address.inputValue();
  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);
  expect((await fetch(first)).status).toBe(200);

  await page.getByRole('button', { name: 'Rotate address' }).click();
  await expect(address).not.toHaveValue(first);
  const second = await address.inputValue();
  expect((await fetch(first)).status).toBe(404);
  expect((await fetch(second)).status).toBe(200);
  await expectAccessible(page);
  await screenshots(page, 'account');
});

test('signed-in devices: sign out another device', async ({ page, user, openBrowser }) => {
  const other = await openBrowser();
  await logIn(other, user);
  await logIn(page, user);
  await page.goto('/account');
  const sessions = page.getByTestId('session');
  await expect(sessions).toHaveCount(2);
  const thisDevice = page.getByText('This device', { exact: true });
  await expect(sessions.filter({ has: thisDevice })).toHaveCount(1);
  await sessions
    .filter({ hasNot: thisDevice })
    .getByRole('button', { name: 'Sign out this device' })
    .click();
  await expect(sessions).toHaveCount(1);
  await other.reload();
  await expect(other).toHaveURL(/\/login/);
});

test('the mail preference: off, still off after a reload, and on again', async ({
  page,
  user,
  apiUrl,
}) => {
  await logIn(page, user);
  await page.goto('/account');
  const box = page.getByLabel('Email me about my events');
  await expect(box).toBeChecked();
  await expect(page.getByText('password was changed is always sent')).toBeVisible();
  await box.uncheck();
  await expect(page.getByRole('status').getByText('no more mail about your events')).toBeVisible();
  await page.reload();
  await expect(box).not.toBeChecked();
  const me = await apiClient(apiUrl, await tokenOf(apiUrl, user)).GET('/api/v1/users/me');
  expect(me.data?.emailNotifications).toBe(false);
  await expectAccessible(page);
  await box.check();
  await expect(page.getByRole('status').getByText('you will get mail')).toBeVisible();
  await expect(box).toBeChecked();
});
