import type { SyntaxNode } from './parser.js';

/** How a file can name one package's identifiers. */
export interface PackageNames {
  /** Qualifiers that mean the package (`http`, or an alias such as `nethttp`). */
  qualifiers: Set<string>;
  /** Imported with `.`: its identifiers are used unqualified. */
  dotImport: boolean;
}

/** The name a Go import binds when it has no explicit name: the last path element, minus a major-version suffix. */
export function defaultImportName(path: string): string {
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

/**
 * The imports of a file that matter to the rules: those whose spec spells one of the needles
 * (the sinks' import paths, and the default names of packages a documentation snippet may use
 * without importing). Found from those spellings inside the import declarations: each node the
 * binding hands to JavaScript costs, and a file imports many packages but seldom a sink's.
 */
export class Imports {
  /** import path -> the names it is bound to (`.` and `_` included) */
  private readonly byPath = new Map<string, string[]>();
  /** Every name bound by a spec that spells a needle. */
  private readonly bound = new Set<string>();

  constructor(root: SyntaxNode, text: string, needles: Iterable<string>) {
    const seen = new Set<number>();
    const declarations: Array<[number, number]> = [];
    const cursor = root.walk();
    if (cursor.gotoFirstChild()) {
      do {
        if (cursor.nodeType === 'import_declaration') declarations.push([cursor.startIndex, cursor.endIndex]);
      } while (cursor.gotoNextSibling());
    }
    for (const [start, end] of declarations) {
      // Searched within the declaration's own text: a search of the whole file would run to its
      // end for every needle it does not import.
      const imports = text.slice(start, end);
      for (const needle of needles) {
        for (let at = imports.indexOf(needle); at !== -1; at = imports.indexOf(needle, at + needle.length)) {
          const spec = enclosingSpec(root.descendantForIndex(start + at, start + at + needle.length));
          if (!spec || seen.has(spec.startIndex)) continue; // in a comment, or read already
          seen.add(spec.startIndex);
          const path = importPath(spec);
          const nameNode = spec.childForFieldName('name');
          const name = nameNode ? nameNode.text : defaultImportName(path);
          this.bound.add(name);
          const names = this.byPath.get(path) ?? [];
          names.push(name);
          this.byPath.set(path, names);
        }
      }
    }
  }

  /**
   * The names under which the file imports any of `paths`. With `snippetFallback`, a file that
   * binds nothing to the first path's default name (a documentation snippet without imports)
   * is read as if it imported that path under it; the default name must then be among the needles.
   */
  names(paths: readonly string[], snippetFallback = false): PackageNames {
    const qualifiers = new Set<string>();
    let dotImport = false;
    for (const path of paths) {
      for (const name of this.byPath.get(path) ?? []) {
        if (name === '.') dotImport = true;
        else if (name !== '_') qualifiers.add(name);
      }
    }
    if (snippetFallback) {
      const name = defaultImportName(paths[0]!);
      if (!this.bound.has(name)) qualifiers.add(name);
    }
    return { qualifiers, dotImport };
  }

  /** Whether the file imports any of `paths` (under any name). */
  has(paths: readonly string[]): boolean {
    return paths.some((p) => this.byPath.has(p));
  }
}
