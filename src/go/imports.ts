import type { SyntaxNode } from './parser.js';

/** How a file can name net/http's Cookie type. */
export interface HttpNames {
  /** Package qualifiers that mean net/http (`http`, or an alias such as `nethttp`). */
  qualifiers: Set<string>;
  /** `import . "net/http"`: a bare `Cookie` is net/http's. */
  dotImport: boolean;
}

/** The name a Go import binds when it has no explicit name: the last path element, minus a major-version suffix. */
function defaultImportName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? '';
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[-.]/g, '_');
}

function importPath(spec: SyntaxNode): string {
  const path = spec.childForFieldName('path');
  return path ? path.text.slice(1, -1) : '';
}

export function httpNames(root: SyntaxNode): HttpNames {
  const qualifiers = new Set<string>();
  let dotImport = false;
  let httpTaken = false;
  // import_spec occurs only in import declarations; one search in the binding's native code
  // costs less than visiting the file's top-level nodes from JavaScript.
  for (const spec of root.descendantsOfType('import_spec')) {
    const path = importPath(spec);
    const nameNode = spec.childForFieldName('name');
    const name = nameNode ? nameNode.text : defaultImportName(path);
    if (path === 'net/http') {
      if (name === '.') dotImport = true;
      else if (name !== '_') qualifiers.add(name);
    }
    if (name === 'http') httpTaken = true;
  }
  // Documentation snippets use http.Cookie without imports: take it as net/http's unless
  // the file imports something else under that name.
  if (!httpTaken) qualifiers.add('http');
  return { qualifiers, dotImport };
}
