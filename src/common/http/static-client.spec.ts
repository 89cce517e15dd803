import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { FastifyInstance } from 'fastify';
import { registerStaticClient } from './static-client';

describe('registerStaticClient', () => {
  let root: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'static-client-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = Fastify();
    // Stands in for Nest's not-found handler (the 404 problem document).
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ code: 'NOT_FOUND' }));
    app.get('/api/v1/events', () => ({ items: [] }));
    expect(registerStaticClient(app, root)).toBe(true);
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, accept?: string) =>
    app.inject({ method: 'GET', url, headers: accept ? { accept } : {} });

  it('serves index.html at / and revalidates it', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('caches hashed assets for good', async () => {
    const response = await get('/assets/index-abc123.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/events/17', '/events/17/edit', '/login?next=%2Fevents%2F3'])(
    'answers the client route %s with index.html when HTML is accepted',
    async (url) => {
      const response = await get(url, 'text/html,application/xhtml+xml');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<title>app</title>');
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it('leaves API routes alone', async () => {
    const response = await get('/api/v1/events', 'text/html');
    expect(response.json()).toEqual({ items: [] });
  });

  it.each([
    ['/api/v1/nope', 'text/html'],
    ['/api', 'text/html'],
    ['/events/17', 'application/json'],
    ['/events/17', undefined],
    ['/assets/missing.js', '*/*'],
  ])('sends %s (Accept: %s) to the not-found handler', async (url, accept) => {
    const response = await get(url, accept);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'NOT_FOUND' });
  });

  it('does not take other methods', async () => {
    const response = await app.inject({ method: 'POST', url: '/events/17', payload: {} });
    expect(response.statusCode).toBe(404);
  });

  it('does nothing when the client has not been built', () => {
    const bare = Fastify();
    expect(registerStaticClient(bare, join(root, 'missing'))).toBe(false);
  });
});
