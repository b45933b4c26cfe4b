/** How a file can name one package's identifiers. */
export interface PackageNames {
  /** Qualifiers that mean the package (`http`, or an alias such as `nethttp`). */
  qualifiers: ReadonlySet<string>;
  /** Imported with `.`: its identifiers are used unqualified. */
  dotImport: boolean;
}

/** The name a Go import binds when it has no explicit name: the last path element, minus a major-version suffix. */
export function defaultImportName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? '';
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return last
    .replace(/\.v\d+$/, '')
    .replace(/^go-/, '')
    .replace(/[-.]/g, '_');
}

/**
 * The imports of a file that matter to the rules: those of the import declarations that spell
 * one of the needles (the sinks' import paths, and the default names of packages a
 * documentation snippet may use without importing). Read from the text: Go puts every import
 * declaration after the package clause and before anything else, and their syntax is keywords,
 * names, strings and comments, so the parser need not see them (go/mask.ts).
 */
export class Imports {
  /** The specs of those declarations; default names are worked out only for the paths asked about. */
  private readonly specs: Array<{ name?: string; path: string }> = [];
  /** names() answered, by the paths array: asked once per sink by the text verdicts, again by the engines. */
  private readonly answers = new Map<
    readonly string[],
    { snippetFallback: boolean; names: PackageNames }
  >();

  constructor(text: string, needles: Iterable<string>) {
    const wanted = [...needles];
    for (const declaration of importDeclarations(text)) {
      const source = text.slice(declaration.start, declaration.end);
      if (wanted.some((n) => source.includes(n))) this.specs.push(...declaration.specs);
    }
  }

  /** The names `path` is bound to (`.` and `_` included). */
  private namesOf(path: string): string[] {
    return this.specs
      .filter((s) => s.path === path)
      .map((s) => s.name ?? defaultImportName(s.path));
  }

  /** Whether a spec binds `name` (a default name can only come from a path that spells it). */
  private binds(name: string): boolean {
    return this.specs.some((s) =>
      s.name !== undefined
        ? s.name === name
        : s.path.includes(name) && defaultImportName(s.path) === name,
    );
  }

  /**
   * The names under which the file imports any of `paths`. With `snippetFallback`, a file that
   * binds nothing to the first path's default name (a documentation snippet without imports)
   * is read as if it imported that path under it; the default name must then be among the needles.
   */
  names(paths: readonly string[], snippetFallback = false): PackageNames {
    const known = this.answers.get(paths);
    if (known && known.snippetFallback === snippetFallback) return known.names;
    const names = this.namesFor(paths, snippetFallback);
    this.answers.set(paths, { snippetFallback, names });
    return names;
  }

  private namesFor(paths: readonly string[], snippetFallback: boolean): PackageNames {
    const qualifiers = new Set<string>();
    let dotImport = false;
    for (const path of paths) {
      for (const name of this.namesOf(path)) {
        if (name === '.') dotImport = true;
        else if (name !== '_') qualifiers.add(name);
      }
    }
    if (snippetFallback) {
      const name = defaultImportName(paths[0]!);
      if (!this.binds(name)) qualifiers.add(name);
    }
    return { qualifiers, dotImport };
  }

  /** Whether the file imports any of `paths` (under any name). */
  has(paths: readonly string[]): boolean {
    return this.specs.some((s) => paths.includes(s.path));
  }
}

interface ImportDeclaration {
  start: number;
  end: number;
  specs: Array<{ name?: string; path: string }>;
}

/** One import spec on one line, as gofmt writes it: an optional name (`.`, `_`, an identifier), then the path as a Go string. */
const PLAIN_SPEC = /(?:([A-Za-z_][A-Za-z0-9_]*|\.)[ \t]+)?(?:"((?:[^"\\\n]|\\.)*)"|`([^`]*)`)/y;
// Any other spec is read a token at a time: a name (ASCII first: the expressions with Unicode
// classes cost more to compile than a whole ASCII file takes to read), then the path.
const ASCII_NAME = /[A-Za-z_][A-Za-z0-9_]*(?![\u0080-\uffff])|\./y;
const NAME = /[\p{L}_][\p{L}\p{Nd}_]*|\./uy;
const PATH = /"((?:[^"\\\n]|\\.)*)"|`([^`]*)`/y;
const WORD = /[\p{L}\p{Nd}_]/u;

/** Whether the character at `at` continues an identifier (letters beyond ASCII are rare: looked up only for them). */
function isWordChar(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (Number.isNaN(c)) return false;
  if (c < 128)
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return WORD.test(text[at]!);
}

/**
 * The import declarations at the head of a Go text: after an optional package clause, each
 * `import spec` or `import ( spec; ... )` until the first token that starts something else. A
 * spec that does not read as `[name] "path"` is passed over to the end of its line, as the
 * parser's error recovery would, so one broken line does not hide the imports after it.
 */
function importDeclarations(text: string): ImportDeclaration[] {
  const reader = new HeadReader(text);
  reader.skip();
  if (reader.keyword('package')) {
    reader.skip();
    reader.name();
  }
  const declarations: ImportDeclaration[] = [];
  for (;;) {
    reader.skip();
    const start = reader.at;
    if (!reader.keyword('import')) break;
    reader.skip();
    const specs: ImportDeclaration['specs'] = [];
    if (text[reader.at] === '(') {
      reader.at++;
      for (;;) {
        reader.skip();
        if (reader.at >= text.length) break;
        if (text[reader.at] === ')') {
          reader.at++;
          break;
        }
        const spec = reader.spec();
        if (spec) specs.push(spec);
        else reader.at = Math.max(lineEnd(text, reader.at), reader.at + 1);
      }
    } else {
      const spec = reader.spec();
      if (spec) specs.push(spec);
      else reader.at = lineEnd(text, reader.at);
    }
    declarations.push({ start, end: reader.at, specs });
  }
  return declarations;
}

/** A position in the head of a Go text, moved over white space, comments, names and strings. */
class HeadReader {
  at = 0;
  constructor(private readonly text: string) {}

  /** Past white space, semicolons and comments. */
  skip(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.at);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 59 || c === 0xfeff) this.at++;
      else if (c === 47 && text.charCodeAt(this.at + 1) === 47) this.at = lineEnd(text, this.at);
      else if (c === 47 && text.charCodeAt(this.at + 1) === 42) {
        const end = text.indexOf('*/', this.at + 2);
        this.at = end === -1 ? text.length : end + 2;
      } else return;
    }
  }

  /** The match of a sticky expression here, moving past it. */
  sticky(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.at;
    const m = pattern.exec(this.text);
    if (m) this.at = pattern.lastIndex;
    return m;
  }

  keyword(word: string): boolean {
    if (!this.text.startsWith(word, this.at) || isWordChar(this.text, this.at + word.length))
      return false;
    this.at += word.length;
    return true;
  }

  /** A Go identifier (or the `.` of a dot import). */
  name(): string | undefined {
    return (this.sticky(ASCII_NAME) ??
      (this.text.charCodeAt(this.at) > 127 ? this.sticky(NAME) : null))?.[0];
  }

  spec(): { name?: string; path: string } | undefined {
    const start = this.at;
    const plain = this.sticky(PLAIN_SPEC);
    if (plain) return spec(plain[1], plain[2] ?? plain[3]!);
    const name = this.name();
    this.skip();
    const path = this.sticky(PATH);
    if (path) return spec(name, path[1] ?? path[2]!);
    this.at = start;
    return undefined;
  }
}

function spec(name: string | undefined, path: string): { name?: string; path: string } {
  return name === undefined ? { path } : { name, path };
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end === -1 ? text.length : end;
}
