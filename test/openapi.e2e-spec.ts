import { createTestApp, TestApp } from './app.factory';
import { registerUser } from './factories';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

interface Operation {
  tags?: string[];
  parameters?: { name: string; in: string }[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<
    string,
    {
      headers?: Record<string, unknown>;
      content?: Record<string, { schema: { $ref?: string }; examples?: Record<string, unknown> }>;
    }
  >;
}

interface OpenApiDocument {
  openapi: string;
  tags?: { name: string; description?: string }[];
  servers?: Record<string, unknown>[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    securitySchemes: Record<string, unknown>;
    headers?: Record<string, unknown>;
  };
}

const ACCOUNT_PATHS = [
  '/api/health',
  '/api/v1/auth/register',
  '/api/v1/auth/login',
  '/api/v1/auth/refresh',
  '/api/v1/auth/verify',
  '/api/v1/auth/logout',
  '/api/v1/users/me',
];

const ref = (name: string) => `#/components/schemas/${name}`;
const sorted = (values: unknown) => [...(values as string[])].sort();

/** Names of the schemas a value refers to, followed transitively through `components`. */
function referencedSchemas(doc: OpenApiDocument, value: unknown, found = new Set<string>()) {
  const text = JSON.stringify(value);
  for (const [, name] of text.matchAll(/"#\/components\/schemas\/(\w+)"/g)) {
    if (name && !found.has(name)) {
      found.add(name);
      referencedSchemas(doc, doc.components.schemas[name], found);
    }
  }
  return found;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json\b/);
    doc = res.body as OpenApiDocument;
  });
  afterAll(() => t.close());

  const operation = (path: string, method: string): Operation => {
    const op = doc.paths[path]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
    return op;
  };

  it('is OpenAPI 3 with full /api paths for every accounts endpoint', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(ACCOUNT_PATHS));
    for (const path of Object.keys(doc.paths)) expect(path).toMatch(/^\/api\//);
    expect(Object.keys(doc.paths['/api/v1/auth/login']!)).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/v1/users/me']!)).toEqual(['get', 'patch', 'delete']);
  });

  it('declares a bearer JWT scheme, required by /users/me and by none of the auth endpoints', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearer: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: expect.stringContaining('RFC8725'),
      },
    });
    expect(operation('/api/v1/users/me', 'get').security).toEqual([{ bearer: [] }]);
    for (const name of ['register', 'login', 'refresh', 'verify', 'logout']) {
      expect(operation(`/api/v1/auth/${name}`, 'post').security).toBeUndefined();
    }
  });

  it('describes each request body by its DTO, with the validation constraints', () => {
    const bodies = {
      register: 'RegisterDto',
      login: 'LoginDto',
      refresh: 'RefreshTokenDto',
      verify: 'VerifyTokenDto',
      logout: 'RefreshTokenDto',
    };
    for (const [name, schema] of Object.entries(bodies)) {
      const body = operation(`/api/v1/auth/${name}`, 'post').requestBody;
      expect(body?.content['application/json']?.schema.$ref).toBe(ref(schema));
    }

    const register = doc.components.schemas.RegisterDto!;
    expect(sorted(register.required)).toEqual(['email', 'password', 'username']);
    expect(register.properties).toMatchObject({
      username: { type: 'string', minLength: 3, maxLength: 30, pattern: '^[A-Za-z0-9_.-]+$' },
      email: { type: 'string', format: 'email', maxLength: 254 },
      password: { type: 'string', minLength: 8, maxLength: 128 },
      firstName: { type: 'string', nullable: true, maxLength: 100 },
      lastName: { type: 'string', nullable: true, maxLength: 100 },
    });
    expect(sorted(doc.components.schemas.LoginDto?.required)).toEqual(['password', 'username']);
    expect(doc.components.schemas.LoginDto?.properties).toMatchObject({
      username: { type: 'string', maxLength: 1024 },
      password: { type: 'string', format: 'password', maxLength: 1024 },
    });
    expect(doc.components.schemas.VerifyTokenDto).toMatchObject({ required: ['token'] });
    expect(doc.components.schemas.RefreshTokenDto).toMatchObject({ required: ['refresh_token'] });
  });

  it('describes each success response by its DTO', () => {
    const success: [string, string, string, string | undefined][] = [
      ['/api/v1/auth/register', 'post', '201', 'UserResponseDto'],
      ['/api/v1/auth/login', 'post', '200', 'TokenPairDto'],
      ['/api/v1/auth/refresh', 'post', '200', 'TokenPairDto'],
      ['/api/v1/auth/verify', 'post', '200', 'VerifyResultDto'],
      ['/api/v1/auth/logout', 'post', '204', undefined],
      ['/api/v1/users/me', 'get', '200', 'UserResponseDto'],
    ];
    for (const [path, method, status, schema] of success) {
      const response = operation(path, method).responses[status];
      expect(response).toBeDefined();
      expect(response?.content?.['application/json']?.schema.$ref).toBe(
        schema === undefined ? undefined : ref(schema),
      );
    }
    expect(sorted(doc.components.schemas.TokenPairDto?.required)).toEqual([
      'access_token',
      'expires_in',
      'refresh_expires_in',
      'refresh_token',
      'token_type',
    ]);
    expect(doc.components.schemas.UserResponseDto?.properties).not.toHaveProperty('password');
    expect(doc.components.schemas.UserResponseDto?.properties).not.toHaveProperty('passwordHash');
  });

  it('documents every error code of each route as application/problem+json', () => {
    const errors: [string, string, Record<string, string[]>][] = [
      [
        '/api/v1/auth/register',
        'post',
        {
          400: ['VALIDATION_FAILED'],
          409: ['USERNAME_TAKEN', 'EMAIL_TAKEN'],
          413: ['PAYLOAD_TOO_LARGE'],
          415: ['UNSUPPORTED_MEDIA_TYPE'],
          429: ['TOO_MANY_REQUESTS'],
          500: ['INTERNAL'],
          503: ['SERVICE_UNAVAILABLE'],
        },
      ],
      [
        '/api/v1/auth/login',
        'post',
        {
          400: ['VALIDATION_FAILED'],
          401: ['INVALID_CREDENTIALS'],
          413: ['PAYLOAD_TOO_LARGE'],
          415: ['UNSUPPORTED_MEDIA_TYPE'],
          429: ['TOO_MANY_REQUESTS'],
          500: ['INTERNAL'],
          503: ['SERVICE_UNAVAILABLE'],
        },
      ],
      [
        '/api/v1/auth/refresh',
        'post',
        {
          400: ['VALIDATION_FAILED'],
          401: ['INVALID_REFRESH_TOKEN'],
          413: ['PAYLOAD_TOO_LARGE'],
          415: ['UNSUPPORTED_MEDIA_TYPE'],
          429: ['TOO_MANY_REQUESTS'],
          500: ['INTERNAL'],
          503: ['SERVICE_UNAVAILABLE'],
        },
      ],
      [
        '/api/v1/auth/verify',
        'post',
        {
          400: ['VALIDATION_FAILED'],
          401: ['UNAUTHENTICATED'],
          413: ['PAYLOAD_TOO_LARGE'],
          415: ['UNSUPPORTED_MEDIA_TYPE'],
          500: ['INTERNAL'],
          503: ['SERVICE_UNAVAILABLE'],
        },
      ],
      [
        '/api/v1/auth/logout',
        'post',
        {
          400: ['VALIDATION_FAILED'],
          401: ['INVALID_REFRESH_TOKEN'],
          413: ['PAYLOAD_TOO_LARGE'],
          415: ['UNSUPPORTED_MEDIA_TYPE'],
          500: ['INTERNAL'],
          503: ['SERVICE_UNAVAILABLE'],
        },
      ],
      [
        '/api/v1/users/me',
        'get',
        {
          400: ['VALIDATION_FAILED'],
          401: ['UNAUTHENTICATED'],
          429: ['TOO_MANY_REQUESTS'],
          500: ['INTERNAL'],
          503: ['SERVICE_UNAVAILABLE'],
        },
      ],
    ];
    for (const [path, method, byStatus] of errors) {
      const { responses } = operation(path, method);
      const documented = Object.keys(responses).filter((status) => Number(status) >= 400);
      expect({ path, statuses: documented.sort() }).toEqual({
        path,
        statuses: Object.keys(byStatus).sort(),
      });
      for (const [status, codes] of Object.entries(byStatus)) {
        const content = responses[status]?.content?.['application/problem+json'];
        expect(content?.schema.$ref).toBe(ref('ProblemDto'));
        expect(Object.keys(content?.examples ?? {})).toEqual(codes);
      }
    }
  });

  it('documents Retry-After on every 503 problem (database unreachable, full or read-only)', () => {
    let unavailable = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const op of Object.values(methods)) {
        const response = op.responses['503'];
        if (path === '/api/health' || path === '/api/metrics') continue;
        expect({ path, has503: response !== undefined }).toEqual({ path, has503: true });
        expect(Object.keys(response?.headers ?? {})).toEqual([
          'Retry-After',
          'Access-Control-Allow-Origin',
        ]);
        unavailable += 1;
      }
    }
    expect(unavailable).toBeGreaterThan(20);
  });

  it('shows the problem documents the API really answers', async () => {
    const user = await registerUser(t);
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: user.username, password: 'wrong-password' })
      .expect(401);
    const examples = operation('/api/v1/auth/login', 'post').responses['401']?.content?.[
      'application/problem+json'
    ]?.examples;
    expect(examples?.INVALID_CREDENTIALS).toEqual({ value: res.body });
  });

  it('documents a 500 problem document on every operation', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const content = op.responses['500']?.content?.['application/problem+json'];
        expect({ path, method, schema: content?.schema.$ref }).toEqual({
          path,
          method,
          schema: ref('ProblemDto'),
        });
      }
    }
  });

  it('documents ETag on the responses that are one event, and If-Match where it applies', () => {
    const withETag = [
      ['/api/v1/events', 'post', '201'],
      ['/api/v1/events/{id}', 'get', '200'],
      ['/api/v1/events/{id}', 'patch', '200'],
      ['/api/v1/events/{id}/cancellation', 'post', '200'],
      ['/api/v1/events/{id}/publication', 'post', '200'],
    ];
    const documented: string[][] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (response.headers?.ETag) documented.push([path, method, status]);
        }
      }
    }
    expect(documented.sort()).toEqual(withETag.sort());
    const ifMatch = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) =>
          (op.parameters ?? []).some((p) => p.name === 'If-Match' && p.in === 'header'),
        )
        .map(([method]) => `${method} ${path}`),
    );
    expect(ifMatch.sort()).toEqual(
      [
        'delete /api/v1/events/{id}',
        'patch /api/v1/events/{id}',
        'post /api/v1/events/{id}/cancellation',
        // A series has no version: its routes document that only `*` matches (else 412).
        'delete /api/v1/series/{id}',
        'patch /api/v1/series/{id}',
        'post /api/v1/series/{id}/cancellation',
      ].sort(),
    );
    const category = doc.components.schemas.EventCategory as { enum: string[] };
    expect(category.enum).toEqual([
      'conference',
      'meetup',
      'workshop',
      'talk',
      'social',
      'sports',
      'music',
      'arts',
      'other',
    ]);
  });

  it('declares on every operation the answers any operation can give, and the RateLimit headers', () => {
    const perAddress = ['register', 'login', 'refresh'].map((name) => `/api/v1/auth/${name}`);
    const headers = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const op of Object.values(methods)) {
        const { security, requestBody, responses } = op as typeof op & {
          security?: unknown[];
          requestBody?: unknown;
        };
        const secured = (security ?? []).length > 0;
        const limited = secured || perAddress.includes(path);
        const statuses = Object.keys(responses);
        const expected = [
          ...(secured ? ['401'] : []),
          ...(requestBody === undefined ? [] : ['413', '415']),
          ...(limited ? ['429'] : []),
          '503',
        ];
        expect({ path, statuses }).toEqual({ path, statuses: expect.arrayContaining(expected) });
        expect(Object.keys(responses['503']?.headers ?? {})).toContain(
          path === '/api/health' ? 'Access-Control-Allow-Origin' : 'Retry-After',
        );
        for (const [status, response] of Object.entries(responses)) {
          const names = Object.keys(response.headers ?? {});
          expect(names).toContain('Access-Control-Allow-Origin');
          const counted = limited && /^[24]/.test(status) && !(status === '401' && secured);
          expect({
            path,
            status,
            names: names.filter((name) => name.startsWith('RateLimit')),
          }).toEqual({ path, status, names: counted ? headers : [] });
          if (status === '429') expect(names).toContain('Retry-After');
        }
      }
    }
    expect(Object.keys(doc.components.headers ?? {}).sort()).toEqual(
      [...headers, 'Retry-After', 'Idempotent-Replayed', 'Access-Control-Allow-Origin'].sort(),
    );
  });

  it('declares Idempotency-Key on every authenticated POST and nowhere else, with its 409 and 422', () => {
    const keyed: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const operation = op as unknown as {
          parameters?: { $ref?: string }[];
          security?: unknown[];
          responses: Record<string, { description?: string }>;
        };
        const takesKey = (operation.parameters ?? []).some(
          (parameter) => parameter.$ref === '#/components/parameters/Idempotency-Key',
        );
        const authenticatedPost = method === 'post' && (operation.security ?? []).length > 0;
        expect({ path, method, takesKey }).toEqual({ path, method, takesKey: authenticatedPost });
        if (!takesKey) continue;
        keyed.push(path);
        expect(operation.responses['422']?.description).toContain('IDEMPOTENCY_KEY_MISMATCH');
        expect(operation.responses['409']?.description).toContain('IDEMPOTENCY_KEY_IN_USE');
        expect(operation.responses['400']?.description).toContain('VALIDATION_FAILED');
      }
    }
    expect(keyed).toEqual(
      expect.arrayContaining(['/api/v1/events', '/api/v1/events/{id}/registration']),
    );
    expect(keyed).not.toContain('/api/v1/auth/login');
  });

  it('declares every tag it uses, and the server', () => {
    const declared = (doc.tags ?? []).map((tag) => tag.name);
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) {
        for (const tag of op.tags ?? []) expect(declared).toContain(tag);
      }
    }
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/', 'x-internal': false })]);
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await t.http().get('/api/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html\b/);
    expect(res.text).toContain('swagger-ui');
  });

  it('matches the reviewed snapshot for the accounts part', () => {
    const paths = Object.fromEntries(ACCOUNT_PATHS.map((path) => [path, doc.paths[path]]));
    const names = [...referencedSchemas(doc, paths)].sort();
    const schemas = Object.fromEntries(names.map((name) => [name, doc.components.schemas[name]]));
    expect({
      paths,
      schemas,
      securitySchemes: doc.components.securitySchemes,
      headers: doc.components.headers,
    }).toMatchSnapshot();
  });

  it('matches the reviewed snapshot for the event list (its query, page and totalRelation)', () => {
    const list = { get: doc.paths['/api/v1/events']?.get };
    const names = [...referencedSchemas(doc, list)].sort();
    const schemas = Object.fromEntries(names.map((name) => [name, doc.components.schemas[name]]));
    expect({ list, schemas }).toMatchSnapshot();
  });
});
