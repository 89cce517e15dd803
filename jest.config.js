const { availableParallelism } = require('node:os');

// Nest 12 and a few of its dependencies ship only ES modules; Jest (before Node 24.9) loads
// CommonJS, so those packages go through babel's CommonJS transform (test/jest/).
const esmOnly = [
  '@nestjs',
  '@borewit',
  '@tokenizer',
  '@standard-schema',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  'cookie',
  'content-disposition',
  'set-cookie-parser',
  'toad-cache',
  'formidable',
  // The independent Temporal of the series expansion check (src/series/recurrence/*.spec.ts).
  'temporal-polyfill',
  'temporal-utils',
];

const common = {
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    // The first pattern that matches applies. The files the swagger CLI plugin rewrites (as
    // `nest build` does) go through ts-jest and its type checker; every other TypeScript file is
    // compiled on its own, with no type checker (test/jest/transpile.js).
    '\\.(dto|entity|controller)\\.ts$': [
      'ts-jest',
      {
        tsconfig: 'tsconfig.json',
        isolatedModules: false,
        diagnostics: { ignoreCodes: [151002] },
        astTransformers: { before: ['<rootDir>/test/jest/swagger-plugin.js'] },
      },
    ],
    '^.+\\.ts$': '<rootDir>/test/jest/transpile.js',
    '^.+\\.m?js$': [
      'babel-jest',
      {
        babelrc: false,
        configFile: false,
        plugins: [
          require.resolve('./test/jest/import-meta.babel.js'),
          '@babel/plugin-transform-modules-commonjs',
        ],
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
};

// `npm run test:e2e:pg` runs the e2e project on PostgreSQL: a fresh database per app, specs about
// SQLite itself (`*.sqlite.e2e-spec.ts`) left out, multi-instance specs (`*.pg.e2e-spec.ts`) in.
const postgres = process.env.TEST_DB_TYPE === 'postgres';

module.exports = {
  // The e2e specs mostly wait on a database, Spectral or a server process of their own; each app
  // has its own SQLite file or PostgreSQL database, so specs run side by side: at least two
  // workers, also on a two-core machine (Jest's default there is one).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  ...(postgres && {
    globalSetup: '<rootDir>/test/support/pg-global-setup.ts',
    globalTeardown: '<rootDir>/test/support/pg-global-teardown.ts',
  }),
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        postgres ? '\\.sqlite\\.e2e-spec\\.ts$' : '\\.pg\\.e2e-spec\\.ts$',
      ],
    },
    // `npm run test:fuzz` only: property-based fuzzing driven by the OpenAPI document (about a
    // minute with its fixed seed); `npm test` selects the unit and e2e projects.
    { ...common, displayName: 'fuzz', testMatch: ['<rootDir>/test/**/*.fuzz-spec.ts'] },
  ],
};
