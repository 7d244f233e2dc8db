import path from 'node:path';

/**
 * Which top-level folders each folder may import from (docs/architecture.md, "Layering").
 * A folder missing here (test, scripts, bench, bin) may import anything.
 */
export const LAYERS = {
  core: [],
  db: ['core'],
  drivers: ['core'],
  registry: ['core', 'db'],
  service: ['core', 'db', 'drivers'],
  electron: ['service', 'core'],
  renderer: ['core'],
};

const root = path.resolve(import.meta.dirname, '../..');

function topFolder(file) {
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const [first, ...rest] = relative.split(path.sep);
  return rest.length > 0 ? first : null;
}

/** An ESLint rule: an import that crosses the layering table is an error naming the rule broken. */
export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layering table in docs/architecture.md' },
    messages: {
      crossing: '{{from}}/ may not import from {{to}}/ ({{from}}/ may import only from {{allowed}}); see docs/architecture.md, "Layering".',
    },
    schema: [],
  },
  create(context) {
    const from = topFolder(context.filename);
    const allowed = from === null ? undefined : LAYERS[from];
    if (allowed === undefined) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = topFolder(path.resolve(path.dirname(context.filename), source));
      if (to === null || to === from || allowed.includes(to)) return;
      context.report({
        node: node.source,
        messageId: 'crossing',
        data: { from, to, allowed: allowed.length === 0 ? 'nothing of ours' : allowed.map((f) => `${f}/`).join(', ') },
      });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
