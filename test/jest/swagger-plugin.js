// The @nestjs/swagger CLI plugin as a ts-jest AST transformer, so the DTO schemas seen by the
// tests are the ones `nest build` produces. Loaded by ts-jest in plain Node (require of ESM).
const plugin = require('@nestjs/swagger/plugin');
const options = require('../../nest-cli.json').compilerOptions.plugins[0].options;

module.exports = {
  name: 'nestjs-swagger-transformer',
  version: 1,
  factory: (tsCompiler) => plugin.before(options, tsCompiler.program),
};
