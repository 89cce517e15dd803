import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { documentIdempotency } from '../../idempotency/idempotency.openapi';
import { documentCommonAnswers } from './common-answers';

const TAGS: [name: string, description: string][] = [
  ['auth', 'Accounts and tokens: register, log in, rotate, verify and end sessions'],
  ['users', 'The calling user'],
  ['events', 'Events, their attendees and registrations'],
  [
    'series',
    'Recurring series: an RRULE expanded in a time zone into ordinary events, changed together',
  ],
  ['hosts', 'Who runs an event beside its owner: cohosts and checkers, by the permission table'],
  ['check-in', 'Tickets of attendees, and checking them in at the door'],
  ['calendar', 'iCalendar documents: one event, and a secret feed per user for calendar apps'],
  ['health', 'Liveness and database reachability, for load balancers'],
  [
    'webhooks',
    'Standard Webhooks deliveries of what happens to your events: receivers, secrets, the log',
  ],
];

/** The OpenAPI document of the app, as `/api/docs-json` serves it. */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Event manager API')
    .setDescription(
      'Accounts, events and registrations. Errors are RFC 9457 problem details ' +
        '(`application/problem+json`) with a stable `code`. Any request may also be answered ' +
        'before it reaches an operation: `431 HEADERS_TOO_LARGE` when its request line and ' +
        'headers exceed 16 KiB.',
    )
    .setVersion('1.0')
    // Relative: the instance that serves this document, wherever it runs.
    .addServer('/', 'This instance (local, staging or production): the host serving this document')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'An access token from login or refresh, as `Authorization: Bearer <access_token>`. ' +
        'A JWS following RFC8725 (JSON Web Token Best Current Practices): the algorithm is ' +
        'pinned to HS256 (`none` and every other algorithm are refused), access and refresh ' +
        'tokens have their own keys and a `typ` claim so one never passes for the other, every ' +
        'token expires, and a revoked session stops its tokens at once.',
    });
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const config = builder.build();
  // The server is public: its audience is every API client (OWASP API9, inventory).
  for (const server of config.servers ?? []) Object.assign(server, { 'x-internal': false });

  const document = SwaggerModule.createDocument(app, config);
  // Idempotency first: its 409 and 422 get the common headers too.
  documentIdempotency(document);
  documentCommonAnswers(document);
  return document;
}

/** The OpenAPI document at `/api/docs-json` and the Swagger UI at `/api/docs`. */
export function setupSwagger(app: NestFastifyApplication): void {
  // The global prefix is not added to these paths.
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
  });
}
