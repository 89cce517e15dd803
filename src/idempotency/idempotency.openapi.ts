import { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CATALOG, ErrorCode } from '../common/errors/domain-error';
import { problem, PROBLEM_CONTENT_TYPE } from '../common/errors/problem';
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

type Response = {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { examples?: Record<string, unknown> }>;
};

/**
 * Replaces the mark of `markIdempotentRoutes` by what the header means on each operation: the
 * parameter, `Idempotent-Replayed` on its responses, and the problems it can add (400, 409, 422).
 * After `documentRetryAfter`, which defines the Retry-After header this 409 refers to.
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
    const responses = operation.responses as Record<string, Response>;
    // Response objects may be shared with other operations (a controller's @ApiProblems): each
    // change makes this operation's own copy.
    for (const [status, response] of Object.entries(responses)) {
      if (!/^[24]/.test(status)) continue;
      responses[status] = {
        ...response,
        headers: {
          ...response.headers,
          [IDEMPOTENT_REPLAYED_HEADER]: {
            $ref: `#/components/headers/${IDEMPOTENT_REPLAYED_HEADER}`,
          },
        },
      };
    }
    addProblem(responses, 'VALIDATION_FAILED');
    addProblem(responses, 'IDEMPOTENCY_KEY_MISMATCH');
    const inUse = addProblem(responses, 'IDEMPOTENCY_KEY_IN_USE');
    inUse.headers = {
      ...inUse.headers,
      'Retry-After': { $ref: '#/components/headers/Retry-After' },
    };
  }
}

/** The problem response of `code`'s status, with `code` added to it as `@ApiProblems` makes them. */
function addProblem(responses: Record<string, Response>, code: ErrorCode): Response {
  const status = String(ERROR_CATALOG[code][0]);
  const existing = responses[status];
  const content = existing?.content?.[PROBLEM_CONTENT_TYPE];
  if (existing !== undefined && content !== undefined) {
    if (content.examples?.[code] !== undefined) return existing;
    const merged: Response = {
      ...existing,
      description: existing.description ? `${existing.description} / ${code}` : code,
      content: {
        ...existing.content,
        [PROBLEM_CONTENT_TYPE]: {
          ...content,
          examples: { ...content.examples, [code]: { value: problem(code) } },
        },
      },
    };
    responses[status] = merged;
    return merged;
  }
  const created: Response = {
    description: code,
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: '#/components/schemas/ProblemDto' },
        examples: { [code]: { value: problem(code) } },
      } as never,
    },
  };
  responses[status] = created;
  return created;
}
