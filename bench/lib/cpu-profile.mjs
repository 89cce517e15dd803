// Where the server's CPU time goes, from a V8 .cpuprofile (`node --cpu-prof`): self and
// inclusive time per package, per concern (Nest, passport, TypeORM, ...) and per function.
import { readFileSync } from 'node:fs';

/** Packages grouped by the concern the issue asks about. */
const CONCERNS = [
  [
    'Nest core (DI, router, guards, pipes, interceptors)',
    /^(@nestjs\/(core|common|platform-fastify)|rxjs|reflect-metadata|iterare|tslib|uid)$/,
  ],
  [
    'passport / JWT',
    /^(passport|passport-jwt|passport-strategy|@nestjs\/passport|@nestjs\/jwt|jsonwebtoken|jws|jwa|safe-buffer|buffer-equal-constant-time|ecdsa-sig-formatter|semver|ms|lodash\..*)$/,
  ],
  ['TypeORM', /^(typeorm|sql-highlight|app-root-path|dayjs|dedent|debug)$/],
  [
    'validation (class-validator/-transformer)',
    /^(class-validator|class-transformer|validator|libphonenumber-js)$/,
  ],
  [
    'logging (pino, pino-http, nestjs-pino)',
    /^(pino|pino-http|nestjs-pino|pino-std-serializers|sonic-boom|thread-stream|fast-redact|@pinojs\/.*|quick-format-unescaped|on-exit-leak-free|atomic-sleep|safe-stable-stringify|get-caller-file)$/,
  ],
  [
    'Fastify + plugins (incl. helmet)',
    /^(fastify|@fastify\/.*|find-my-way|avvio|light-my-request|fast-querystring|fast-json-stringify|secure-json-parse|toad-cache|fastq|rfdc|fast-uri|abstract-logging|process-warning|helmet|ret|safe-regex2|proxy-addr|forwarded|ipaddr\.js|content-type|fast-decode-uri-component|json-schema-ref-resolver|middie|@fastify\/middie|path-to-regexp|reusify|cookie)$/,
  ],
  ['better-sqlite3 (JS side)', /^better-sqlite3$/],
];

function packageOf(url) {
  const at = url.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = url.slice(at + '/node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The package (or pseudo-package) a frame belongs to. */
function categoryOf({ url, functionName }) {
  if (!url)
    return functionName.startsWith('(') ? functionName : 'native (C++: SQLite, crypto, JSON, ...)';
  const pkg = packageOf(url);
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node core (http, net, streams, events)';
  if (url.includes('/dist/')) return 'app code (dist/)';
  return url;
}

function concernOf(category) {
  for (const [concern, pattern] of CONCERNS) if (pattern.test(category)) return concern;
  return category;
}

function shortUrl(url) {
  const pkg = packageOf(url);
  if (pkg) return `${pkg}/${url.slice(url.lastIndexOf('/') + 1)}`;
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}

const MODULE_LOAD = 'Module._load node:internal/modules/cjs/loader';

const top = (map, total, n) =>
  [...map.entries()]
    .filter(([name]) => name !== '(root)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({
      name,
      ms: Math.round(us / 1000),
      share: Math.round((us / total) * 1000) / 10,
    }));

/** Summarises one profile; percentages are of the busy (non-idle) time. */
export function analyse(file, { limit = 25 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  // Per node: its own key, and the distinct keys on its stack (memoised walk to the root).
  const info = new Map();
  const describe = (id) => {
    let entry = info.get(id);
    if (entry) return entry;
    const node = nodes.get(id);
    const frame = node.callFrame;
    const category = categoryOf(frame);
    const fn =
      `${frame.functionName || '(anonymous)'} ${frame.url ? shortUrl(frame.url) : ''}`.trim();
    const up = parent.has(id) ? describe(parent.get(id)) : undefined;
    entry = {
      category,
      concern: concernOf(category),
      fn,
      stackCategories: new Set([...(up?.stackCategories ?? []), category]),
      stackConcerns: new Set([...(up?.stackConcerns ?? []), concernOf(category)]),
      stackFns: new Set([...(up?.stackFns ?? []), fn]),
    };
    info.set(id, entry);
    return entry;
  };

  const self = { category: new Map(), concern: new Map(), fn: new Map() };
  const inclusive = { category: new Map(), concern: new Map(), fn: new Map() };
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  let busy = 0;
  let idle = 0;
  let startup = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const us = timeDeltas[i + 1] ?? timeDeltas[i] ?? 0;
    const entry = describe(samples[i]);
    if (entry.category === '(idle)') {
      idle += us;
      continue;
    }
    // Booting (requiring modules) is not serving: left out of the shares.
    if (entry.stackFns.has(MODULE_LOAD)) {
      startup += us;
      continue;
    }
    busy += us;
    add(self.category, entry.category, us);
    add(self.concern, entry.concern, us);
    add(self.fn, entry.fn, us);
    for (const key of entry.stackCategories) add(inclusive.category, key, us);
    for (const key of entry.stackConcerns) add(inclusive.concern, key, us);
    for (const key of entry.stackFns) add(inclusive.fn, key, us);
  }
  return {
    file,
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    startupMs: Math.round(startup / 1000),
    selfByConcern: top(self.concern, busy, limit),
    inclusiveByConcern: top(inclusive.concern, busy, limit),
    selfByPackage: top(self.category, busy, limit),
    inclusiveByPackage: top(inclusive.category, busy, limit),
    selfByFunction: top(self.fn, busy, limit),
    // Event-loop plumbing is on every stack: left out so that the list shows where work is.
    inclusiveByFunction: top(
      new Map([...inclusive.fn].filter(([name]) => !/node:|^runMicrotasks$/.test(name))),
      busy,
      limit * 2,
    ),
  };
}

export function profileMarkdown(title, summary, n = 12) {
  const table = (heading, rows) => [
    `| ${heading} | ms | % of busy |`,
    '|---|---:|---:|',
    ...rows
      .slice(0, n)
      .map((row) => `| ${row.name.replace(/\|/g, '\\|')} | ${row.ms} | ${row.share} |`),
    '',
  ];
  return [
    `#### ${title}`,
    '',
    `Busy ${summary.busyMs} ms, idle ${summary.idleMs} ms, start-up (module loading, left out) ` +
      `${summary.startupMs} ms.`,
    '',
    ...table('concern (self)', summary.selfByConcern),
    ...table('concern (inclusive: on the stack)', summary.inclusiveByConcern),
    ...table('function (self)', summary.selfByFunction),
    ...table('function (inclusive)', summary.inclusiveByFunction.slice(0, 2 * n)),
  ].join('\n');
}
