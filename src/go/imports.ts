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

/** The import_spec a node lies in, if any (a few levels up: name, or path and its content). */
function enclosingSpec(node: SyntaxNode | null): SyntaxNode | null {
  for (let n = node; n; n = n.parent) {
    const type = n.type;
    if (type === 'import_spec') return n;
    if (type === 'import_declaration' || type === 'source_file') return null;
  }
  return null;
}

export function httpNames(root: SyntaxNode, text: string): HttpNames {
  const qualifiers = new Set<string>();
  let dotImport = false;
  let httpTaken = false;
  // Only specs that spell `http` matter: the one importing net/http, and any other binding
  // the name http (explicitly, or by a path whose last element is http). So the specs are
  // found from those spellings inside the import declarations: each node the binding hands
  // to JavaScript costs, and a file imports many packages but seldom more than one http.
  const cursor = root.walk();
  if (cursor.gotoFirstChild()) {
    do {
      if (cursor.nodeType !== 'import_declaration') continue;
      const end = cursor.endIndex;
      for (let at = text.indexOf('http', cursor.startIndex); at !== -1 && at < end; at = text.indexOf('http', at + 4)) {
        // A spec spelling http twice (`http "net/http"`) is read twice, to the same effect.
        const spec = enclosingSpec(root.descendantForIndex(at, at + 4));
        if (!spec) continue; // in a comment
        const path = importPath(spec);
        const nameNode = spec.childForFieldName('name');
        const name = nameNode ? nameNode.text : defaultImportName(path);
        if (path === 'net/http') {
          if (name === '.') dotImport = true;
          else if (name !== '_') qualifiers.add(name);
        }
        if (name === 'http') httpTaken = true;
      }
    } while (cursor.gotoNextSibling());
  }
  // Documentation snippets use http.Cookie without imports: take it as net/http's unless
  // the file imports something else under that name.
  if (!httpTaken) qualifiers.add('http');
  return { qualifiers, dotImport };
}
