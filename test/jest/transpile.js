// Jest transform for the TypeScript files the swagger CLI plugin leaves alone (every one but
// `*.dto.ts`, `*.entity.ts`, `*.controller.ts`, which ts-jest compiles with the plugin): each file
// is compiled on its own, with no type checker. TypeScript's emit type-checks the file it emits,
// so ts-jest spent most of a cold run checking every spec and its imports in every worker; types
// are `npm run typecheck`'s job (CI runs it before any test).
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const root = join(__dirname, '../..');
const parsed = ts.getParsedCommandLineOfConfigFile(
  join(root, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
// What ts-jest compiles to as well: CommonJS (Jest before Node 24.9 loads nothing else).
const compilerOptions = {
  ...parsed.options,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  isolatedModules: true,
  declaration: false,
  sourceMap: true,
  inlineSourceMap: false,
  inlineSources: true,
};
const cacheSeed = [
  ts.version,
  JSON.stringify(compilerOptions),
  readFileSync(__filename, 'utf8'),
].join('\0');

module.exports = {
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha1').update(cacheSeed).update(sourcePath).update(sourceText).digest('hex');
  },
  process(sourceText, sourcePath) {
    const { outputText, sourceMapText } = ts.transpileModule(sourceText, {
      compilerOptions,
      fileName: sourcePath,
    });
    // The map travels beside the code (Jest keeps it for stack traces), not as a comment.
    return {
      code: outputText.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'),
      map: sourceMapText,
    };
  },
};
