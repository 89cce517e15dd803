import { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CATALOG, ErrorCode } from '../errors/domain-error';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem';

/** A response object of the document, as the post-processing steps read and extend it. */
export interface ResponseObject {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { examples?: Record<string, unknown> }>;
}

/** An operation object of the document, with the members the post-processing steps read. */
export interface OperationObject extends Record<string, unknown> {
  description?: string;
  security?: Record<string, string[]>[];
  requestBody?: unknown;
  parameters?: unknown[];
  responses: Record<string, ResponseObject>;
}

/** Every operation of the document with its method and path. */
export function operations(
  document: OpenAPIObject,
): { path: string; method: string; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, unknown>)
      .filter(([, value]) => typeof value === 'object' && value !== null && 'responses' in value)
      .map(([method, operation]) => ({ path, method, operation: operation as OperationObject })),
  );
}

/**
 * The problem response of `code`'s status, with `code` added to it as `@ApiProblems` makes them.
 * Response objects may be shared with other operations (a controller's `@ApiProblems`): a change
 * makes this operation's own copy.
 */
export function addProblem(
  responses: Record<string, ResponseObject>,
  code: ErrorCode,
): ResponseObject {
  const status = String(ERROR_CATALOG[code][0]);
  const existing = responses[status];
  const content = existing?.content?.[PROBLEM_CONTENT_TYPE];
  if (existing !== undefined && content !== undefined) {
    if (content.examples?.[code] !== undefined) return existing;
    const merged: ResponseObject = {
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
  const created: ResponseObject = {
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

/** Adds headers to one response of an operation, on the operation's own copy of it. */
export function addHeaders(
  responses: Record<string, ResponseObject>,
  status: string,
  headers: Record<string, unknown>,
): void {
  const response = responses[status];
  if (response === undefined) return;
  responses[status] = { ...response, headers: { ...response.headers, ...headers } };
}

/** A reference to a header of `components.headers`. */
export const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
