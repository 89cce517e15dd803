import {
  createEvent,
  createUser,
  expect,
  expectAccessible,
  logIn,
  screenshots,
  test,
} from './fixtures';
import { hostWithRole } from './host-fixtures';

test('the owner adds a cohost and a checker by username, changes a role and removes a host', async ({
  page,
  user,
  apiUrl,
}) => {
  const event = await createEvent(apiUrl, user, { name: 'Book fair' });
  const ann = await createUser(apiUrl, 'ann');
  const ben = await createUser(apiUrl, 'ben');

  await logIn(page, user);
  await page.goto(`/events/${event.id}`);
  const hosts = page.getByRole('region', { name: 'Hosts' });
  const table = hosts.getByTestId('hosts');
  await expect(table.getByRole('row')).toHaveCount(2); // header + the owner
  await expect(table).toContainText('Owner');

  const form = hosts.locator('form.add-host');
  const username = form.getByRole('textbox', { name: 'Username' });
  await form.getByRole('button', { name: 'Add host' }).click();
  await expect(form.getByRole('alert')).toBeFocused();
  await expect(username).toHaveAttribute('aria-invalid', 'true');

  await username.fill('nobody_by_this_name');
  await form.getByRole('button', { name: 'Add host' }).click();
  await expect(form.locator('[data-field-error="username"]')).toContainText(
    'Nobody is called “nobody_by_this_name”',
  );
  await expect(username).toHaveAccessibleDescription(/Nobody is called/);
  await expectAccessible(page);

  await username.fill(ann.username);
  await form.getByRole('combobox', { name: 'Role' }).selectOption('cohost');
  await form.getByRole('button', { name: 'Add host' }).click();
  await expect(form.getByRole('status')).toContainText(`${ann.username} was added as a co-host`);
  await expect(username).toHaveValue('');
  await expect(form.getByRole('alert')).toHaveCount(0);

  await username.fill(ben.username.toUpperCase()); // usernames match like a login
  await form.getByRole('combobox', { name: 'Role' }).selectOption('checker');
  await form.getByRole('button', { name: 'Add host' }).click();
  await expect(form.getByRole('status')).toContainText(`${ben.username} was added as a checker`);

  await expect(table.getByRole('row')).toHaveCount(4);
  const annRole = table.getByRole('combobox', { name: `Role of ${ann.username}` });
  const benRole = table.getByRole('combobox', { name: `Role of ${ben.username}` });
  await expect(annRole).toHaveValue('cohost');
  await expect(benRole).toHaveValue('checker');
  await expectAccessible(page);
  await screenshots(page, 'event-hosts');

  await benRole.selectOption('cohost');
  await expect(hosts.getByRole('status').first()).toContainText(`${ben.username} is now a co-host`);
  await page.reload();
  await expect(benRole).toHaveValue('cohost');

  await table.getByRole('button', { name: `Remove ${ann.username}` }).click();
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).not.toContainText(ann.username);
});

test('a host sees the hosts, no way to manage them, and leaves', async ({ page, user, apiUrl }) => {
  const event = await createEvent(apiUrl, user, { name: 'Choir rehearsal', published: false });
  const checker = await hostWithRole(apiUrl, user, event.id, 'checker');

  await logIn(page, checker);
  await page.goto(`/events/${event.id}`);
  const hosts = page.getByRole('region', { name: 'Hosts' });
  await expect(hosts.getByTestId('hosts')).toContainText(user.username);
  await expect(hosts.getByRole('button', { name: 'Add host' })).toHaveCount(0);
  await expect(hosts.getByRole('combobox')).toHaveCount(0);
  await expect(hosts.getByRole('button', { name: /^Remove/ })).toHaveCount(0);

  await hosts.getByRole('button', { name: 'Leave' }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop hosting this event?' });
  await expect(dialog).toContainText('you will no longer see it');
  await expect(dialog.getByRole('button', { name: 'Stay a host' })).toBeFocused();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Leave' }).click();
  await expect(page).toHaveURL(/\?scope=hosting$/);
  await expect(page.getByTestId('flash')).toContainText('You no longer host “Choir rehearsal”');
  await page.goto(`/events/${event.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Event not found');
});
