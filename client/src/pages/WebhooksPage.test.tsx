import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Webhook } from '../api/client';
import { WebhooksPage } from './WebhooksPage';

const json = (status: number, body: unknown) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' },
  });

/** The API's webhook endpoints, in memory: secrets are answered only by create and rotate. */
function fakeWebhooks() {
  const hooks: Webhook[] = [];
  const calls: string[] = [];
  let secrets = 0;
  const secret = () => `whsec_secret${++secrets}`;
  const fetch = async (request: Request) => {
    const { pathname } = new URL(request.url);
    calls.push(`${request.method} ${pathname}`);
    const id = Number(/\/webhooks\/(\d+)/.exec(pathname)?.[1]);
    if (request.method === 'GET' && pathname === '/api/v1/webhooks') {
      return json(200, { items: hooks });
    }
    if (request.method === 'POST' && pathname === '/api/v1/webhooks') {
      const body = (await request.json()) as Pick<Webhook, 'url' | 'events' | 'description'>;
      if (!/^https?:\/\//.test(body.url)) {
        return json(400, {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: 'url must be an http(s) URL',
          errors: [{ field: 'url', message: 'url must be an http(s) URL' }],
        });
      }
      const hook: Webhook = {
        id: hooks.length + 1,
        active: true,
        disabledReason: null,
        createdAt: '2027-01-01T10:00:00.000Z',
        ...body,
        description: body.description ?? null,
      };
      hooks.push(hook);
      return json(201, { ...hook, secret: secret() });
    }
    if (request.method === 'POST' && pathname.endsWith('/secret')) {
      return json(200, { secret: secret() });
    }
    if (request.method === 'PATCH') {
      const hook = hooks.find((h) => h.id === id);
      Object.assign(hook ?? {}, await request.json());
      return json(200, hook);
    }
    return json(404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND' });
  };
  return { hooks, calls, fetch };
}

let api: ReturnType<typeof fakeWebhooks>;

// jsdom has <dialog> but not its modal methods.
HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
  this.setAttribute('open', '');
};
HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
  this.removeAttribute('open');
};

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <WebhooksPage />
    </QueryClientProvider>,
  );
  return queryClient;
}

function addWebhook(url: string) {
  fireEvent.change(screen.getByLabelText(/^URL/), { target: { value: url } });
  fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
}

beforeEach(() => {
  api = fakeWebhooks();
  vi.stubGlobal('fetch', api.fetch);
});
afterEach(cleanup);

describe('the webhooks page', () => {
  it('shows a new webhook’s secret once: gone after "I have saved it", never from the list', async () => {
    const queryClient = renderPage();
    await screen.findByText('No webhooks yet.');
    addWebhook('https://hooks.example.com/a');

    const reveal = await screen.findByTestId('webhook-secret');
    expect(within(reveal).getByLabelText('Signing secret')).toHaveProperty(
      'value',
      'whsec_secret1',
    );
    expect(reveal.textContent).toContain('you will not see it again');
    expect(document.activeElement).toBe(reveal);
    expect(await screen.findAllByTestId('webhook')).toHaveLength(1);
    // The form is empty again for the next one.
    expect(screen.getByLabelText(/^URL/)).toHaveProperty('value', '');

    fireEvent.click(within(reveal).getByRole('button', { name: 'I have saved it' }));
    expect(screen.queryByTestId('webhook-secret')).toBeNull();
    expect(document.body.textContent).not.toContain('whsec_secret1');
    // Nothing cached holds it either: the list is secret-free, the mutation is gone.
    const cached = () =>
      JSON.stringify([
        queryClient
          .getQueryCache()
          .getAll()
          .map((q) => q.state.data),
        queryClient
          .getMutationCache()
          .getAll()
          .map((m) => m.state.data),
      ]);
    await waitFor(() => expect(cached()).not.toContain('whsec_'));
    expect(cached()).toContain('hooks.example.com/a');
  });

  it('puts the API’s 400 on url next to the URL field and keeps what was typed', async () => {
    renderPage();
    await screen.findByText('No webhooks yet.');
    addWebhook('hooks.example.com');
    const error = await screen.findByText(/URL must be an http\(s\) URL/, {
      selector: '[data-field-error="url"]',
    });
    expect(error).toBeTruthy();
    expect(screen.getByLabelText(/^URL/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText(/^URL/)).toHaveProperty('value', 'hooks.example.com');
    expect(screen.queryByTestId('webhook-secret')).toBeNull();
  });

  it('subscribes to the chosen types only, in the contract’s order', async () => {
    const sent: unknown[] = [];
    vi.stubGlobal('fetch', async (request: Request) => {
      if (request.method === 'POST') sent.push(await request.clone().json());
      return api.fetch(request);
    });
    renderPage();
    await screen.findByText('No webhooks yet.');
    fireEvent.click(screen.getByLabelText('Only these:'));
    fireEvent.click(screen.getByLabelText(/Someone registers/));
    fireEvent.click(screen.getByLabelText(/An event is created/));
    addWebhook('https://hooks.example.com/b');
    await screen.findByTestId('webhook-secret');
    expect(sent).toEqual([
      {
        url: 'https://hooks.example.com/b',
        events: ['event.created', 'registration.created'],
        description: null,
      },
    ]);
    expect(screen.getByTestId('webhook-events').textContent).toBe(
      'event.created, registration.created',
    );
  });

  it('a rotation shows the new secret once and says that both sign for 24 hours', async () => {
    renderPage();
    await screen.findByText('No webhooks yet.');
    addWebhook('https://hooks.example.com/c');
    fireEvent.click(await screen.findByRole('button', { name: 'I have saved it' }));

    fireEvent.click(await screen.findByRole('button', { name: 'Rotate secret' }));
    fireEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Rotate secret' }),
    );
    const reveal = await screen.findByTestId('webhook-secret');
    expect(within(reveal).getByLabelText('Signing secret')).toHaveProperty(
      'value',
      'whsec_secret2',
    );
    expect(reveal.textContent).toMatch(/next 24 hours every delivery carries two signatures/);
    await waitFor(() => expect(api.calls).toContain('POST /api/v1/webhooks/1/secret'));
  });
});
