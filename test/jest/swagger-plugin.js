// The @nestjs/swagger CLI plugin as a ts-jest AST transformer, so the DTO schemas seen by the
// tests are the ones `nest build` produces. Loaded by ts-jest in plain Node (require of ESM).
const plugin = require('@nestjs/swagger/plugin');
const options = require('../../nest-cli.json').compilerOptions.plugins[0].options;

// ts-jest's `tsCompiler.program` is the language service's first, empty program: its type checker
// cannot resolve the files compiled later, so response types came out as `Object`. The language
// service asks for transformers while it emits a file, so its current program is the right one.
const currentProgram = (tsCompiler) =>
  tsCompiler._languageService ? tsCompiler._languageService.getProgram() : tsCompiler.program;

module.exports = {
  name: 'nestjs-swagger-transformer',
  version: 2,
  factory: (tsCompiler) => plugin.before(options, currentProgram(tsCompiler)),
};
