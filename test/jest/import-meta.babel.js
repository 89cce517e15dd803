// Jest (before Node 24.9) cannot load ES modules, and Nest 12 ships only ES modules, so jest runs
// them through babel's CommonJS transform. This plugin covers the ESM-only syntax that transform
// leaves behind: `import.meta.url|dirname|filename` becomes its CommonJS equivalent, and a
// module-level `createRequire` is dropped in favour of CommonJS's own `require`, and `import()`
// becomes a `require`.
module.exports = function importMetaToCommonJs({ types: t, template }) {
  const replacements = {
    url: template.expression.ast`require('node:url').pathToFileURL(__filename).href`,
    dirname: t.identifier('__dirname'),
    filename: t.identifier('__filename'),
  };
  return {
    name: 'import-meta-to-commonjs',
    visitor: {
      // `const require = createRequire(import.meta.url)`: CommonJS already has `require`.
      VariableDeclarator(path) {
        const { id, init } = path.node;
        if (
          t.isIdentifier(id, { name: 'require' }) &&
          t.isCallExpression(init) &&
          t.isIdentifier(init.callee, { name: 'createRequire' })
        ) {
          path.remove();
        }
      },
      MemberExpression(path) {
        const { object, property } = path.node;
        if (!t.isMetaProperty(object) || object.meta.name !== 'import') return;
        const key = t.isIdentifier(property) ? property.name : undefined;
        const replacement = key && replacements[key];
        if (replacement) path.replaceWith(t.cloneNode(replacement));
        else if (key === 'resolve')
          path.replaceWith(template.expression.ast`(s) => require.resolve(s)`);
      },
      // `import(x)` becomes a `require` through Jest's module system (and its transforms).
      CallExpression(path) {
        if (!t.isImport(path.node.callee)) return;
        const [specifier] = path.node.arguments;
        path.replaceWith(
          template.expression.ast`Promise.resolve().then(() => require(${specifier}))`,
        );
      },
      MetaProperty(path) {
        if (path.node.meta.name === 'import' && !t.isMemberExpression(path.parent)) {
          path.replaceWith(
            template.expression
              .ast`({ url: require('node:url').pathToFileURL(__filename).href, dirname: __dirname, filename: __filename })`,
          );
        }
      },
    },
  };
};
