import { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { RATE_LIMIT_HEADERS } from '../http/rate-limit-headers';
import {
  addHeaders,
  addProblem,
  headerRef,
  OperationObject,
  operations,
  ResponseObject,
} from './problem-responses';
import { RATE_LIMIT_HEADER_OBJECTS, RATE_LIMITED_MARK } from './rate-limit';

const CORS_HEADER = 'Access-Control-Allow-Origin';

const HEADERS = {
  ...RATE_LIMIT_HEADER_OBJECTS,
  [CORS_HEADER]: {
    description:
      'Sent only when `CORS_ORIGIN` lists origins and the request came from one of them (its ' +
      '`Origin`): the web app is served from the API’s own origin and needs none.',
    schema: { type: 'string', format: 'uri', maxLength: 2048 },
  },
};

/**
 * Why a 401 of an operation that needs a token carries no RateLimit headers; the Spectral rule
 * named in it finds this text (`scripts/lint-openapi.mjs`).
 */
export const UNCOUNTED_401 =
  'No `RateLimit-*` headers on this answer (`owasp:api4:2023-rate-limit` does not apply): a ' +
  'request without a valid access token counts against no user’s budget.';

/** Why integer ids are fine here; the Spectral rule named in it finds this text. */
export const NUMERIC_ID =
  'Ids are sequential integers, not secrets (`owasp:api1:2023-no-numeric-ids` does not apply): ' +
  'every operation checks the caller’s right to what it names (401, 403 or 404), so knowing or ' +
  'guessing an id grants nothing.';

function isSecured(operation: OperationObject, document: OpenAPIObject): boolean {
  return (operation.security ?? document.security ?? []).length > 0;
}

/**
 * Declares on every operation the answers any operation can give besides its own (the
 * contract's "Rate limits for everyone"), so a new operation has them without a decorator:
 * - 401 `UNAUTHENTICATED` where a token is needed;
 * - 413 and 415 where a body is taken (the body parser answers them before any route);
 * - 429 with `Retry-After`, and the RateLimit headers on every 2xx and 4xx, where a budget
 *   counts the request: a token (per user) or `@ApiRateLimited` (per client address);
 * - 503 `SERVICE_UNAVAILABLE` with `Retry-After`: every operation reads the database;
 * - the optional `Access-Control-Allow-Origin` on every response.
 */
export function documentCommonAnswers(document: OpenAPIObject): void {
  document.components = {
    ...document.components,
    headers: { ...document.components?.headers, ...HEADERS },
  };
  for (const { operation } of operations(document)) {
    const perAddress = RATE_LIMITED_MARK in operation;
    delete operation[RATE_LIMITED_MARK];
    const secured = isSecured(operation, document);
    const { responses } = operation;
    if (secured) addProblem(responses, 'UNAUTHENTICATED');
    if (operation.requestBody !== undefined) {
      addProblem(responses, 'PAYLOAD_TOO_LARGE');
      addProblem(responses, 'UNSUPPORTED_MEDIA_TYPE');
    }
    if (responses['503'] === undefined) addProblem(responses, 'SERVICE_UNAVAILABLE');
    if (isProblem(responses['503'])) {
      addHeaders(responses, '503', { 'Retry-After': headerRef('Retry-After') });
    }
    if (secured || perAddress) {
      addProblem(responses, 'TOO_MANY_REQUESTS');
      addHeaders(responses, '429', { 'Retry-After': headerRef('Retry-After') });
      documentBudget(responses, secured && !perAddress);
    }
    for (const status of Object.keys(responses)) {
      addHeaders(responses, status, { [CORS_HEADER]: headerRef(CORS_HEADER) });
    }
    justifyNumericIds(operation);
  }
}

function isProblem(response: ResponseObject | undefined): boolean {
  return response?.content?.[PROBLEM_CONTENT_TYPE] !== undefined;
}

/** The RateLimit headers on every 2xx and 4xx; a 401 of a per-user budget says why it has none. */
function documentBudget(responses: Record<string, ResponseObject>, perUserOnly: boolean): void {
  const rateLimit = Object.fromEntries(
    Object.values(RATE_LIMIT_HEADERS).map((name) => [name, headerRef(name)]),
  );
  for (const [status, response] of Object.entries(responses)) {
    if (!/^[24]/.test(status)) continue;
    if (status === '401' && perUserOnly) {
      responses[status] = {
        ...response,
        description: `${response.description} — ${UNCOUNTED_401}`,
      };
    } else {
      addHeaders(responses, status, rateLimit);
    }
  }
}

interface ParameterObject {
  name?: string;
  in?: string;
  description?: string;
  schema?: { type?: string };
}

/** States, on each integer id parameter, why an integer id is not a weakness here. */
function justifyNumericIds(operation: OperationObject): void {
  operation.parameters = operation.parameters?.map((parameter) => {
    const p = parameter as ParameterObject;
    const isId = p.name !== undefined && (p.name === 'id' || /(_id|Id|-id)$/.test(p.name));
    if (p.in !== 'path' || !isId || p.schema?.type !== 'integer') return parameter;
    return { ...p, description: p.description ? `${p.description}. ${NUMERIC_ID}` : NUMERIC_ID };
  });
}
