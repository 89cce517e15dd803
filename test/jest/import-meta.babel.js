// Jest (before Node 24.9) cannot load ES modules, and Nest 12 ships only ES modules, so jest runs
// them through babel's CommonJS transform. This plugin covers the ESM-only syntax that transform
// leaves behind: `import.meta.url|dirname|filename` becomes its CommonJS equivalent.
module.exports = function importMetaToCommonJs({ types: t, template }) {
  const replacements = {
    url: template.expression.ast`require('node:url').pathToFileURL(__filename).href`,
    dirname: t.identifier('__dirname'),
    filename: t.identifier('__filename'),
  };
  return {
    name: 'import-meta-to-commonjs',
    visitor: {
      MemberExpression(path) {
        const { object, property } = path.node;
        if (!t.isMetaProperty(object) || object.meta.name !== 'import') return;
        const key = t.isIdentifier(property) ? property.name : undefined;
        const replacement = key && replacements[key];
        if (replacement) path.replaceWith(t.cloneNode(replacement));
        else if (key === 'resolve') path.replaceWith(template.expression.ast`(s) => require.resolve(s)`);
      },
      MetaProperty(path) {
        if (path.node.meta.name === 'import' && !t.isMemberExpression(path.parent)) {
          path.replaceWith(template.expression.ast`({ url: require('node:url').pathToFileURL(__filename).href, dirname: __dirname, filename: __filename })`);
        }
      },
    },
  };
};
