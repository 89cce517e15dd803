import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createEvent, expect, expectAccessible, logIn, screenshots, test } from './fixtures';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on a loopback port (the server under test allows private networks). */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

/** Standard Webhooks' own check of a delivery, with `secret`. */
const verifies = ({ headers, body }: Received, secret: string) => {
  try {
    new Webhook(secret).verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    });
    return true;
  } catch {
    return false;
  }
};

const nameOf = (delivery: Received) =>
  (JSON.parse(delivery.body) as { data: { event: { name: string } } }).data.event.name;

test('a webhook: created with its secret shown once, a delivery in the log, retried, rotated, turned off, edited, deleted', async ({
  page,
  user,
  apiUrl,
}) => {
  const receiver = await startReceiver();
  try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await logIn(page, user);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeFocused();
    await expect(page.getByText('No webhooks yet.')).toBeVisible();

    // The API's refusal shows next to the field it names.
    await page.getByLabel(/^URL/).fill('ftp://example.com/hooks');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.locator('[data-field-error="url"]')).toBeVisible();
    await expect(page.getByLabel(/^URL/)).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel(/^URL/).fill(receiver.url);
    await page.getByLabel('Only these:').check();
    await page.getByLabel(/An event is created/).check();
    await page.getByLabel(/^Description/).fill('Browser test receiver');
    await page.getByRole('button', { name: 'Add webhook' }).click();

    const reveal = page.getByTestId('webhook-secret');
    await expect(reveal).toBeFocused();
    await expect(reveal).toContainText('you will not see it again');
    const secret = await reveal.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await reveal.getByRole('button', { name: 'Copy' }).click();
    await expect(reveal.getByText('Copied.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const hook = page.getByTestId('webhook');
    await expect(hook).toHaveCount(1);
    await expect(hook.getByTestId('webhook-events')).toHaveText('event.created');
    await expectAccessible(page);
    await reveal.getByRole('button', { name: 'I have saved it' }).click();
    await expect(reveal).toHaveCount(0);

    // An event of theirs is created: the receiver gets it, signed with the secret.
    await createEvent(apiUrl, user, { name: 'Hooked meetup' });
    await expect.poll(() => receiver.received.length).toBe(1);
    const first = receiver.received[0]!;
    expect(nameOf(first)).toBe('Hooked meetup');
    expect(verifies(first, secret)).toBe(true);

    // The log shows it as succeeded (the log is asked again until it does).
    await hook.getByRole('button', { name: 'Show deliveries' }).click();
    const delivery = hook.getByTestId('delivery');
    await expect(async () => {
      await hook.getByRole('button', { name: 'Refresh' }).click();
      await expect(delivery.first()).toContainText('Succeeded', { timeout: 1000 });
    }).toPass({ timeout: 10_000 });
    await expect(delivery).toHaveCount(1);
    await expect(delivery).toContainText('event.created');
    await expect(delivery.getByRole('cell').nth(2)).toHaveText('1');
    await expect(delivery).toContainText('HTTP 204');
    await expectAccessible(page);
    await screenshots(page, 'webhooks');

    // Retry: sent again now, with the same webhook-id.
    await delivery.getByRole('button', { name: /^Retry/ }).click();
    await expect(delivery.getByRole('cell').nth(2)).toHaveText('2');
    await expect(delivery).toContainText('Succeeded');
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(first.headers['webhook-id']);

    // Rotation: the new secret once; for 24 hours both sign.
    await hook.getByRole('button', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await expect(dialog).toContainText('signed with both the old and the new secret');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await expect(reveal).toBeFocused();
    await expect(reveal).toContainText('two signatures');
    const rotated = await reveal.getByLabel('Signing secret').inputValue();
    expect(rotated).not.toBe(secret);
    await reveal.getByRole('button', { name: 'I have saved it' }).click();
    await createEvent(apiUrl, user, { name: 'After rotation' });
    await expect.poll(() => receiver.received.length).toBe(3);
    const third = receiver.received[2]!;
    expect(String(third.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifies(third, rotated)).toBe(true);
    expect(verifies(third, secret)).toBe(true);

    // Turned off, it stays off after a reload; turned on again.
    await hook.getByRole('button', { name: 'Turn off' }).click();
    await expect(hook.getByTestId('webhook-off')).toBeVisible();
    await expect(hook.getByRole('status')).toContainText('Turned off');
    await page.reload();
    await expect(hook.getByTestId('webhook-off')).toBeVisible();
    await expectAccessible(page);
    await hook.getByRole('button', { name: 'Turn on' }).click();
    await expect(hook.getByText('Active', { exact: true })).toBeVisible();

    // Edited: all events now; then deleted, after confirming.
    await hook.getByRole('button', { name: 'Edit' }).click();
    await hook.getByLabel('All events, including kinds added later').check();
    await hook.getByRole('button', { name: 'Save webhook' }).click();
    await expect(hook.getByTestId('webhook-events')).toHaveText('All events');
    await hook.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Delete this webhook?' })
      .getByRole('button', { name: 'Delete webhook' })
      .click();
    await expect(page.getByText('No webhooks yet.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Your webhooks' })).toBeFocused();
  } finally {
    await receiver.close();
  }
});
