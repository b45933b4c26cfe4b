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

/** One import spec: an optional name (`.`, `_`, an identifier), then the path as a Go string. */
const IMPORT_SPEC = /(?:([A-Za-z_][A-Za-z0-9_]*|\.)\s+)?(?:"((?:[^"\\\n]|\\.)*)"|`([^`]*)`)/g;
const COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

/**
 * The imports of a file that matter to the rules: those of the import declarations that spell
 * one of the needles (the sinks' import paths, and the default names of packages a
 * documentation snippet may use without importing).
 */
export class Imports {
  /** import path -> the names it is bound to (`.` and `_` included) */
  private readonly byPath = new Map<string, string[]>();
  /** Every name bound by those declarations. */
  private readonly bound = new Set<string>();

  constructor(root: SyntaxNode, text: string, needles: Iterable<string>) {
    const wanted = [...needles];
    const cursor = root.walk();
    if (!cursor.gotoFirstChild()) return;
    do {
      if (cursor.nodeType !== 'import_declaration') continue;
      // The tree says where the declaration is; its specs are read from the text (import
      // syntax is a keyword, names and strings), which costs far less than a node per spec.
      const declaration = text.slice(cursor.startIndex, cursor.endIndex);
      if (!wanted.some((n) => declaration.includes(n))) continue;
      const code = declaration.replace(COMMENT, ' ').replace(/^import\b/, '');
      for (const m of code.matchAll(IMPORT_SPEC)) {
        const path = m[2] ?? m[3] ?? '';
        const name = m[1] ?? defaultImportName(path);
        this.bound.add(name);
        const names = this.byPath.get(path) ?? [];
        names.push(name);
        this.byPath.set(path, names);
      }
    } while (cursor.gotoNextSibling());
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
