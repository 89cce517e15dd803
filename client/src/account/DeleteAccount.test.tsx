import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tokens from '../auth/tokens';
import { DeleteAccount } from './DeleteAccount';

const PASSWORD = 'correct horse battery';

/** The API's answer to `DELETE /users/me`, by the password in the body. */
async function server(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (request.method !== 'DELETE' || pathname !== '/api/v1/users/me') {
    return new Response(null, { status: 404 });
  }
  const { password } = (await request.json()) as { password: string };
  if (password === PASSWORD) return new Response(null, { status: 204 });
  const problem = { type: 'about:blank', title: 'Unauthorized', status: 401 };
  return new Response(
    JSON.stringify({ ...problem, code: 'INVALID_CREDENTIALS', detail: 'Wrong password.' }),
    { status: 401, headers: { 'content-type': 'application/problem+json' } },
  );
}

beforeAll(() => {
  // jsdom has `<dialog>` without its modal methods.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});
afterEach(cleanup);

function renderPage() {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter initialEntries={['/account']}>
        <Routes>
          <Route path="/account" element={<DeleteAccount />} />
          <Route path="/" element={<p>Home page</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const deleteWith = async (password: string) => {
  fireEvent.change(screen.getByLabelText(/Your password/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Delete my account…' }));
  const confirm = await screen.findByRole('button', { name: 'Delete my account' });
  fireEvent.click(confirm);
};

describe('DeleteAccount', () => {
  it('lists what goes and asks for the password before confirming', () => {
    renderPage();
    expect(screen.getByText(/the events you organize: upcoming ones are cancelled/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete my account…' }));
    expect(screen.getAllByText('Enter your password.').length).toBeGreaterThan(0);
  });

  it('shows a wrong password on the field and keeps the session', async () => {
    vi.stubGlobal('fetch', server);
    const end = vi.spyOn(tokens, 'endSession');
    renderPage();
    await deleteWith('not my password');
    await waitFor(() =>
      expect(screen.getAllByText(/That is not your password/).length).toBeGreaterThan(0),
    );
    expect(end).not.toHaveBeenCalled();
  });

  it('ends the session as deleted and goes to the home page once the server deleted it', async () => {
    vi.stubGlobal('fetch', server);
    const end = vi.spyOn(tokens, 'endSession');
    renderPage();
    await deleteWith(PASSWORD);
    await screen.findByText('Home page');
    expect(end).toHaveBeenCalledWith('deleted');
  });
});
