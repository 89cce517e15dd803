import { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';

/**
 * Helmet's headers on every response, its middleware built once. (`@fastify/helmet` built the
 * middleware again on every request, parsing the CSP directives each time: about 3% of the CPU
 * of a list request in `npm run bench:profile`.) The headers land on the raw response, which
 * Fastify's own headers are merged with when the response is written, on errors and 404s too.
 */
export function registerSecurityHeaders(app: NestFastifyApplication): void {
  const setHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        // The check-in page's camera scanner (qr-scanner) decodes in a worker made from a blob:
        // URL where the browser has no built-in barcode reader (Chrome on Linux, Firefox).
        workerSrc: ["'self'", 'blob:'],
        // Helmet's default would make browsers fetch the web app's scripts over https even when
        // it is served over plain http on a LAN address, and the page would stay blank; TLS
        // deployments redirect to https at the proxy instead.
        upgradeInsecureRequests: null,
      },
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    // Helmet 8 throws rather than passing an error on; with this fixed configuration it has none.
    setHeaders(request.raw, reply.raw, () => done());
  });
}
