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

test('the owner adds questions; an attendee answers them and sees the QR ticket', async ({
  page,
  user,
  apiUrl,
  openBrowser,
}) => {
  test.slow(); // two people, two browsers, many steps: more than a minute on a busy machine
  const event = await createEvent(apiUrl, user, { name: 'Robotics workshop', capacity: 20 });

  // The owner asks two questions: a required choice and an optional yes/no, reordered.
  await logIn(page, user);
  await page.goto(`/events/${event.id}/edit`);
  await page.getByRole('button', { name: 'Add a question' }).click();
  await page.getByLabel('Question 1', { exact: true }).fill('Photos of you are fine');
  await page.getByLabel('Answer type of question 1').selectOption('boolean');
  await page.getByRole('button', { name: 'Add a question' }).click();
  await page.getByLabel('Question 2', { exact: true }).fill('Track');
  await page.getByLabel('Answer type of question 2').selectOption('choice');
  await page.getByLabel('Options of question 2, one per line').fill('Beginners\nAdvanced');
  await page.getByLabel('Question 2 is required').check();
  await page.getByRole('button', { name: 'Move question 2 Up' }).click();
  await expect(page.getByLabel('Question 1', { exact: true })).toHaveValue('Track');
  await expectAccessible(page);
  await screenshots(page, 'questions-editor');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Robotics workshop');

  // The attendee must answer the required question: the API's error shows next to it.
  const attendee = await createUser(apiUrl, 'maker');
  const attendeePage = await openBrowser();
  await logIn(attendeePage, attendee);
  await attendeePage.goto(`/events/${event.id}`);
  await attendeePage.getByRole('button', { name: 'Register' }).click();
  const form = attendeePage.getByRole('form', { name: 'A few questions from the hosts' });
  await expect(form.getByRole('heading', { name: 'A few questions from the hosts' })).toBeFocused();
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(form.getByRole('alert')).toBeFocused();
  await expect(form.locator('[data-field-error]')).toHaveText(/Track is required/);
  await expect(form.getByLabel('Track')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(attendeePage);
  await screenshots(attendeePage, 'answers-errors');

  await form.getByLabel('Track').selectOption('Advanced');
  await form.getByRole('radio', { name: 'No' }).check();
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(attendeePage.getByRole('status')).toContainText('You are registered');
  await expect(attendeePage.getByRole('heading', { name: 'Attendance' })).toBeFocused();

  // The ticket: the code as the API has it, and its QR code drawn.
  await attendeePage.getByRole('link', { name: 'Your ticket' }).click();
  await expect(attendeePage.getByRole('heading', { level: 1 })).toHaveText('Your ticket');
  const api = apiClient(apiUrl, await tokenOf(apiUrl, attendee));
  const { data: ticket } = await api.GET('/api/v1/events/{id}/ticket', {
    params: { path: { id: event.id } },
  });
  const code = typeof ticket === 'object' ? ticket.code : '';
  await expect(attendeePage.getByTestId('ticket-code')).toHaveText(code);
  const qr = attendeePage.getByTestId('ticket-qr');
  await expect(qr).toHaveAttribute('alt', `QR code of your ticket, code ${code}`);
  await expect
    .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  expect((await qr.boundingBox())?.width).toBeGreaterThanOrEqual(250);
  await expectAccessible(attendeePage);
  await screenshots(attendeePage, 'ticket');

  // Printed: the ticket alone, without the site's header.
  await attendeePage.emulateMedia({ media: 'print' });
  await expect(attendeePage.locator('.site-header')).toBeHidden();
  await expect(attendeePage.getByRole('button', { name: 'Print ticket' })).toBeHidden();
  await expect(qr).toBeVisible();
  await attendeePage.emulateMedia({ media: 'screen' });

  // The answers reach the hosts' list.
  await page.goto(`/events/${event.id}/attendees`);
  const row = page.getByTestId(`attendee-${attendee.username}`);
  await expect(row).toContainText('Advanced');
  await expect(row).toContainText('Photos of you are fine');
});

test('once someone registered, the saved questions stay and new ones are optional', async ({
  page,
  user,
  apiUrl,
}) => {
  const event = await createEvent(apiUrl, user, {
    name: 'Pottery class',
    questions: [{ label: 'Clay allergy', type: 'boolean', required: false }],
  });
  await register(apiUrl, await createUser(apiUrl, 'potter'), event.id);

  await logIn(page, user);
  await page.goto(`/events/${event.id}/edit`);
  await expect(page.getByText('People have already answered')).toBeVisible();
  await expect(page.getByTestId('question')).toHaveText(/Clay allergy/);
  await expect(page.getByLabel('Question 1', { exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Add a question' }).click();
  await expect(page.getByLabel('Question 2 is required')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Move question 2 Up' })).toBeDisabled();
  await page.getByLabel('Question 2', { exact: true }).fill('Apron size');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pottery class');
  await expectAccessible(page);
});

test('someone without a ticket is told so', async ({ page, user, apiUrl }) => {
  const event = await createEvent(apiUrl, user, { name: 'Quiet reading' });
  await logIn(page, user);
  await page.goto(`/events/${event.id}/ticket`);
  await expect(page.getByTestId('no-ticket')).toContainText('only attendees have one');
  await expectAccessible(page);
});
