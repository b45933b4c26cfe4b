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
  // A cursor over the top-level declarations: every node the binding hands to JavaScript
  // costs, so only the import declarations' nodes are materialised.
  const specs: SyntaxNode[] = [];
  const cursor = root.walk();
  if (cursor.gotoFirstChild()) {
    do {
      if (cursor.nodeType === 'import_declaration') specs.push(...cursor.currentNode.descendantsOfType('import_spec'));
    } while (cursor.gotoNextSibling());
  }
  for (const spec of specs) {
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
