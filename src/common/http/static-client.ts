import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Where `npm run build:client` writes the web app: `client/dist` at the repository root. */
export const CLIENT_DIST = resolve(__dirname, '../../../client/dist');

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The route of every other GET: the web app's pages, or the 404 for unknown paths. */
export const STATIC_CATCH_ALL = '/*';

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the single-page web app at `/` when it has been built (no-op otherwise; returns whether
 * it serves). Files are the ones present at boot; Vite's hashed `assets/` are cached for good,
 * `index.html` is revalidated. Any other GET that asks for HTML outside `/api` gets `index.html`
 * (client-side routes such as `/events/17`); everything else, and every `/api/*` path, falls
 * through to the not-found handler, so unknown API routes keep answering the 404 problem document.
 */
export function registerStaticClient(fastify: FastifyInstance, root = CLIENT_DIST): boolean {
  if (!existsSync(join(root, 'index.html'))) return false;
  void fastify.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      serveDotFiles: false,
      setHeaders: (reply, path) => {
        void reply.header(
          'Cache-Control',
          path.includes(`${sep}assets${sep}`) ? IMMUTABLE : 'no-cache',
        );
      },
    });
    scope.get(STATIC_CATCH_ALL, (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (isApiPath(path) || !acceptsHtml(request)) return reply.callNotFound();
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    });
  });
  return true;
}
