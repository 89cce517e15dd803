import type { Response } from 'supertest';
import type { RawResponse } from './raw-http';

export const PROBLEM_KEYS = ['type', 'title', 'status', 'detail', 'code', 'errors'];

/** What must never reach a client: stack frames, file paths, driver or exception names, SQL. */
export const LEAKS =
  /\bat .+:\d+:\d+|node_modules|\/work\/|\/tmp\/|\.ts\b|QueryFailedError|SqliteError|stack/i;
export const SQL =
  /\b(SELECT|INSERT INTO|UPDATE "?\w+"? SET|DELETE FROM|FROM "?\w+"? WHERE|SQLITE_\w+)\b/;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
}

/**
 * Asserts an RFC 9457 problem document of the contract (`application/problem+json`, only the
 * documented members, `type` derived from `code`) that leaks nothing internal; returns its body.
 */
export function expectProblem(res: Response, status: number, code: string): ProblemBody {
  expect({ status: res.status, code: (res.body as ProblemBody).code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json\b/);
  const body = res.body as ProblemBody;
  expect(Object.keys(body).filter((key) => !PROBLEM_KEYS.includes(key))).toEqual([]);
  expect(body).toEqual(
    expect.objectContaining({
      type: `urn:event-manager:problem:${code.toLowerCase().replaceAll('_', '-')}`,
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
    }),
  );
  expect(res.text).not.toMatch(LEAKS);
  expect(res.text).not.toMatch(SQL);
  return body;
}

/** The status line and JSON body of a raw response, checked as a contract problem. */
export function expectRawProblem(res: RawResponse, status: number, code: string): ProblemBody {
  return expectProblem(
    {
      status: res.status,
      headers: res.headers,
      body: JSON.parse(res.text) as unknown,
      text: res.raw,
    } as never,
    status,
    code,
  );
}
