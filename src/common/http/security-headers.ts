import helmet from '@fastify/helmet';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        // Helmet's default would make browsers fetch the web app's scripts over https even when
        // it is served over plain http on a LAN address, and the page would stay blank; TLS
        // deployments redirect to https at the proxy instead.
        upgradeInsecureRequests: null,
      },
    },
  });
}
