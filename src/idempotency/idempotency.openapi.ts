import { OpenAPIObject } from '@nestjs/swagger';
import {
  addHeaders,
  addProblem,
  headerRef,
  ResponseObject,
} from '../common/openapi/problem-responses';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENT_REPLAYED_HEADER,
} from './idempotency-key';
import { IDEMPOTENT_MARK } from './idempotent-routes';

const PARAMETER = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: false,
  description:
    'Makes a retry of this request safe (IETF Idempotency-Key draft): 1 to 255 visible ASCII ' +
    'characters, a new UUID per intended request is best; scoped to the caller. The first ' +
    'request with a key runs; its status, body and `ETag`, `Location` and `Content-Type` are ' +
    'kept for 24 hours, 4xx answers included (a retry of an invalid request gets the same 400). ' +
    'The same key again with the same method, path (with query) and body answers the kept ' +
    'response with `Idempotent-Replayed: true` and runs nothing, even if the state has moved ' +
    'since; with another method, path or body it is `422 IDEMPOTENCY_KEY_MISMATCH`; while the ' +
    'first is still running, `409 IDEMPOTENCY_KEY_IN_USE` with `Retry-After: 1`. Responses of ' +
    '5xx and 429 are not kept: a retry runs again. An invalid key is a 400 on field ' +
    '`Idempotency-Key`, after the 401 of a missing or bad token. Only authenticated POSTs take ' +
    'the header; other requests ignore it.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN },
  example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
};

const REPLAYED = {
  description:
    '`true` on a replayed response (see the `Idempotency-Key` parameter); absent otherwise',
  schema: { type: 'string', enum: ['true'] },
};

/**
 * Replaces the mark of `markIdempotentRoutes` by what the header means on each operation: the
 * parameter, `Idempotent-Replayed` on its responses, and the problems it can add (400, 409, 422).
 * Before `documentCommonAnswers`, which defines the Retry-After header this 409 refers to.
 */
export function documentIdempotency(document: OpenAPIObject): void {
  document.components = {
    ...document.components,
    parameters: {
      ...document.components?.parameters,
      [IDEMPOTENCY_KEY_HEADER]: PARAMETER as never,
    },
    headers: { ...document.components?.headers, [IDEMPOTENT_REPLAYED_HEADER]: REPLAYED },
  };
  for (const path of Object.values(document.paths)) {
    const operation = path.post as
      (Record<string, unknown> & { parameters?: unknown[] }) | undefined;
    if (operation === undefined || !(IDEMPOTENT_MARK in operation)) continue;
    delete operation[IDEMPOTENT_MARK];
    operation.parameters = [
      ...(operation.parameters ?? []),
      { $ref: `#/components/parameters/${IDEMPOTENCY_KEY_HEADER}` },
    ];
    const responses = operation.responses as Record<string, ResponseObject>;
    for (const status of Object.keys(responses)) {
      if (!/^[24]/.test(status)) continue;
      addHeaders(responses, status, {
        [IDEMPOTENT_REPLAYED_HEADER]: headerRef(IDEMPOTENT_REPLAYED_HEADER),
      });
    }
    addProblem(responses, 'VALIDATION_FAILED');
    addProblem(responses, 'IDEMPOTENCY_KEY_MISMATCH');
    const inUse = addProblem(responses, 'IDEMPOTENCY_KEY_IN_USE');
    inUse.headers = { ...inUse.headers, 'Retry-After': headerRef('Retry-After') };
  }
}
