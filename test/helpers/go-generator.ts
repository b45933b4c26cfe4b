/**
 * Deterministic generator of Go files full of http.Cookie, fiber.Cookie and sessions.Options
 * literals and fasthttp cookies filled in by setters, in varied layouts, for the fixer's
 * property test. Its output is not gofmt-clean on purpose: the test runs real gofmt
 * over it first, so the layouts are whatever gofmt makes of them.
 */

export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Gen {
  rnd: () => number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  int(lo: number, hi: number): number;
}

function gen(seed: number): Gen {
  const rnd = random(seed);
  return {
    rnd,
    pick: (xs) => xs[Math.floor(rnd() * xs.length)]!,
    chance: (p) => rnd() < p,
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
  };
}

const VALUES: Record<string, string[]> = {
  Name: [
    '"session"',
    '"id"',
    '"é日本"',
    'name',
    'cfg.CookieName',
    '"a_very_long_cookie_name_for_alignment"',
  ],
  Value: [
    'token',
    '"v"',
    'base64.StdEncoding.EncodeToString(buf)',
    '""',
    'fmt.Sprintf("%s-%d", a, 1)',
    '`raw\tvalue`',
  ],
  Path: ['"/"', '"/api"', 'path'],
  Domain: ['"example.com"', 'cfg.Domain', '""'],
  Expires: ['time.Now().Add(time.Hour)', 'time.Unix(0, 0)', 'expiry'],
  MaxAge: ['3600', '-1', '0', 'maxAge', '60 * 60 * 24'],
  HttpOnly: ['true', 'false', 'httpOnly'],
  SameSite: ['http.SameSiteLaxMode', 'http.SameSiteStrictMode', 'http.SameSiteNoneMode'],
  Raw: ['"raw"', 'raw'],
  RawExpires: ['"Thu, 01 Jan 1970 00:00:00 GMT"'],
  Unparsed: ['[]string{"a"}', 'nil'],
  HTTPOnly: ['true', 'false', 'httpOnly'],
  SessionOnly: ['true', 'false'],
  Partitioned: ['true', 'false'],
};

/** The literal types the rules check (rules/table.ts), each with fields of its own. */
const TYPES: ReadonlyArray<{ name: string; keys: string[] }> = [
  {
    name: 'http.Cookie',
    keys: [
      'Name',
      'Value',
      'Path',
      'Domain',
      'Expires',
      'MaxAge',
      'HttpOnly',
      'SameSite',
      'Raw',
      'RawExpires',
      'Unparsed',
    ],
  },
  {
    name: 'http.Cookie',
    keys: [
      'Name',
      'Value',
      'Path',
      'Domain',
      'Expires',
      'MaxAge',
      'HttpOnly',
      'SameSite',
      'Raw',
      'RawExpires',
      'Unparsed',
    ],
  },
  {
    name: 'fiber.Cookie',
    keys: [
      'Name',
      'Value',
      'Path',
      'Domain',
      'Expires',
      'MaxAge',
      'HTTPOnly',
      'SessionOnly',
      'Partitioned',
    ],
  },
  {
    name: 'sessions.Options',
    keys: ['Path', 'Domain', 'MaxAge', 'HttpOnly', 'SameSite', 'Partitioned'],
  },
];
const MULTILINE_VALUES = [
  'func() string {\n\treturn "x"\n}()',
  'strings.Join([]string{\n"a",\n"b",\n}, ",")',
  'pick(\nx,\ny,\n)',
];
const COMMENTS = [
  '// note',
  '// é ünïcode',
  '/* block */',
  '// a much longer comment explaining things',
  '// TODO',
];

type SecureChoice = 'absent' | 'false' | 'true' | 'expr';

function element(g: Gen, key: string, allowMultiline: boolean): string {
  if (allowMultiline && g.chance(0.08)) return `${key}: ${g.pick(MULTILINE_VALUES)}`;
  return `${key}: ${g.pick(VALUES[key]!)}`;
}

/** A literal's body `{...}`, single- or multi-line, with fields of `keys`. */
function anyLiteralBody(
  g: Gen,
  forceSingle: boolean,
  indent: string,
  allKeys: readonly string[],
): string {
  const count = g.int(0, 6);
  const keys = [...allKeys].sort(() => g.rnd() - 0.5).slice(0, count);
  const secure: SecureChoice = g.pick([
    'absent',
    'absent',
    'absent',
    'false',
    'false',
    'true',
    'expr',
  ]);
  const elements = keys.map((k) => element(g, k, !forceSingle));
  if (secure !== 'absent') {
    const value = secure === 'expr' ? g.pick(['r.TLS != nil', 'cfg.Secure', '!dev']) : secure;
    elements.splice(g.int(0, elements.length), 0, `Secure: ${value}`);
  }
  const single = forceSingle || elements.length === 0 || g.chance(0.25);
  if (single && !elements.some((e) => e.includes('\n'))) return `{${elements.join(', ')}}`;
  const inner = `${indent}\t`;
  let out = '{';
  if (g.chance(0.1)) out += ` ${g.pick(COMMENTS.filter((c) => c.startsWith('//')))}`;
  out += '\n';
  if (g.chance(0.05) && elements.length > 0) out = `{${elements.shift()},\n`;
  for (let i = 0; i < elements.length; i++) {
    if (i > 0 && g.chance(0.12)) out += '\n';
    if (g.chance(0.1)) out += `${inner}${g.pick(COMMENTS)}\n`;
    let line = `${inner}${elements[i]!.replace(/\n/g, `\n${inner}`)},`;
    if (
      i + 1 < elements.length &&
      !elements[i]!.includes('\n') &&
      !elements[i + 1]!.includes('\n') &&
      g.chance(0.1)
    ) {
      line += ` ${elements[i + 1]},`;
      i++;
    }
    if (g.chance(0.25)) line += ` ${g.pick(COMMENTS)}`;
    out += `${line}\n`;
  }
  if (g.chance(0.1)) out += `${inner}${g.pick(COMMENTS.filter((c) => c.startsWith('//')))}\n`;
  return `${out + indent}}`;
}

function neighbour(g: Gen, indent: string): string {
  const stmt = g.pick([
    'x := 1',
    'total += n',
    'longerName := compute(a, b)',
    'ok = false',
    'log.Println("é")',
  ]);
  return `${indent}${stmt}${g.chance(0.6) ? ` ${g.pick(COMMENTS)}` : ''}\n`;
}

/** A fasthttp cookie filled in by setters, maybe with SetSecure, among commented statements. */
function settersSnippet(g: Gen, indent: string): string {
  const name = g.pick(['c', 'ck', 'cookie']);
  const comment = () => (g.chance(0.5) ? ` ${g.pick(COMMENTS)}` : '');
  let out = `${indent}${g.pick([`${name} := fasthttp.AcquireCookie()`, `var ${name} fasthttp.Cookie`, `${name} := new(fasthttp.Cookie)`, `${name} := &fasthttp.Cookie{}`])}${comment()}\n`;
  const setters = [
    `SetKey("${g.pick(['s', 'session', 'a_long_cookie_key'])}")`,
    'SetValue(token)',
    'SetPath("/")',
    'SetHTTPOnly(true)',
    'SetMaxAge(3600)',
    'SetDomain(cfg.Domain)',
  ];
  const secure = g.pick(['absent', 'absent', 'false', 'true', 'expr']);
  const calls = [...setters].sort(() => g.rnd() - 0.5).slice(0, g.int(1, 4));
  if (secure !== 'absent')
    calls.splice(
      g.int(0, calls.length),
      0,
      `SetSecure(${secure === 'expr' ? 'r.TLS != nil' : secure})`,
    );
  for (const call of calls) {
    if (g.chance(0.15)) out += `${indent}if ok {\n${indent}\t${name}.${call}\n${indent}}\n`;
    else out += `${indent}${name}.${call}${comment()}\n`;
  }
  for (let i = g.int(0, 2); i > 0; i--) out += neighbour(g, indent);
  return `${out}${indent}ctx.Response.Header.SetCookie(${name})${comment()}\n`;
}

/** A cookie declared, then filled in field by field, maybe with Secure written, among commented statements. */
function filledSnippet(g: Gen, indent: string, type: { name: string; keys: string[] }): string {
  const name = g.pick(['c', 'ck', 'cookie']);
  const comment = () => (g.chance(0.5) ? ` ${g.pick(COMMENTS)}` : '');
  let out = `${indent}${g.pick([`${name} := new(${type.name})`, `var ${name} ${type.name}`, `${name} := &${type.name}{}`, `var ${name} = ${type.name}{}`])}${comment()}\n`;
  const writes = [...type.keys]
    .sort(() => g.rnd() - 0.5)
    .slice(0, g.int(1, 4))
    .map((k) => `${k} = ${g.pick(VALUES[k]!)}`);
  const secure = g.pick(['absent', 'absent', 'false', 'true']);
  if (secure !== 'absent') writes.splice(g.int(0, writes.length), 0, `Secure = ${secure}`);
  for (const w of writes) {
    if (g.chance(0.15)) out += `${indent}if ok {\n${indent}\t${name}.${w}\n${indent}}\n`;
    else out += `${indent}${name}.${w}${comment()}\n`;
  }
  for (let i = g.int(0, 2); i > 0; i--) out += neighbour(g, indent);
  return `${out}${indent}use(${name})${comment()}\n`;
}

function statementSnippet(g: Gen, depth: number): string {
  const indent = '\t'.repeat(depth);
  let out = '';
  for (let i = g.int(0, 2); i > 0; i--) out += neighbour(g, indent);
  const form = g.pick([
    'assign',
    'pointer',
    'setcookie',
    'return',
    'slice',
    'map',
    'oneline-comment',
    'setters',
    'filled',
    'request',
    'foreign',
  ]);
  const comment = g.chance(0.4) ? ` ${g.pick(COMMENTS)}` : '';
  const type = g.pick(TYPES);
  const T = type.name;
  const literalBody = (g: Gen, forceSingle: boolean, indent: string) =>
    anyLiteralBody(g, forceSingle, indent, type.keys);
  switch (form) {
    case 'setters':
      out += settersSnippet(g, indent);
      break;
    case 'filled':
      out += filledSnippet(g, indent, type);
      break;
    case 'assign':
      out += `${indent}c := ${T}${literalBody(g, false, indent)}${comment}\n${indent}_ = c\n`;
      break;
    case 'pointer':
      out += `${indent}c := &${T}${literalBody(g, false, indent)}${comment}\n${indent}_ = c\n`;
      break;
    case 'setcookie':
      out += `${indent}use(&${T}${literalBody(g, false, indent)})${comment}\n`;
      break;
    case 'request':
      // A cookie handed to a client: the text alone settles it (a request-side use, SPEC §6),
      // unless the call has other arguments.
      out += `${indent}r.AddCookie(&${T}${literalBody(g, false, indent)}${g.chance(0.3) ? ', x' : ''})${comment}\n`;
      break;
    case 'foreign':
      // The same type name of a package the file does not import under that name.
      out += `${indent}c := &${T.replace(/^[A-Za-z]+\./, 'other.')}${literalBody(g, false, indent)}${comment}\n${indent}_ = c\n`;
      break;
    case 'return':
      out += `${indent}if ok {\n${indent}\treturn &${T}${literalBody(g, false, `${indent}\t`)}${comment}\n${indent}}\n`;
      break;
    case 'oneline-comment':
      out += `${indent}c := ${T}${literalBody(g, true, indent)} ${g.pick(COMMENTS)}\n${indent}_ = c\n`;
      break;
    case 'slice':
    case 'map': {
      const type =
        form === 'slice'
          ? g.pick([`[]${T}`, `[]*${T}`, `[2]${T}`])
          : g.pick([`map[string]${T}`, `map[string]*${T}`]);
      const n = type.startsWith('[2]') ? 2 : g.int(1, 3);
      out += `${indent}cs := ${type}{\n`;
      for (let i = 0; i < n; i++) {
        const key = form === 'map' ? `"${g.pick(['a', 'bb', 'a_long_key'])}${i}": ` : '';
        out += `${indent}\t${key}${literalBody(g, g.chance(0.6), `${indent}\t`)},${g.chance(0.4) ? ` ${g.pick(COMMENTS)}` : ''}\n`;
      }
      out += `${indent}}\n${indent}_ = cs\n`;
      break;
    }
  }
  for (let i = g.int(0, 2); i > 0; i--) out += neighbour(g, indent);
  return out;
}

/** One Go source file (LF, not yet gofmt'ed). */
export function generateGoFile(seed: number): string {
  const g = gen(seed);
  let out =
    'package gen\n\nimport (\n\t"net/http"\n\n\t"github.com/gofiber/fiber/v2"\n\t"github.com/gorilla/sessions"\n\t"github.com/valyala/fasthttp"\n)\n\n';
  for (let i = g.int(1, 4); i > 0; i--) {
    // Declarations without cookies around the ones with: the fixer parses only the latter
    // (and their neighbours), so both kinds must be in play.
    for (let k = g.int(0, 3); k > 0; k--) {
      out += g.pick([
        `func helper${i}${k}() int {\n\treturn ${k}\n}\n\n`,
        `var plain${i}${k} = ${k}${g.chance(0.5) ? ` ${g.pick(COMMENTS)}` : ''}\n${g.chance(0.5) ? '' : '\n'}`,
      ]);
    }
    const where = g.pick(['var', 'varblock', 'func', 'func', 'func']);
    const type = g.pick(TYPES);
    const literalBody = (g: Gen, forceSingle: boolean, indent: string) =>
      anyLiteralBody(g, forceSingle, indent, type.keys);
    if (where === 'var') {
      out += `var c${i} = ${g.chance(0.5) ? '&' : ''}${type.name}${literalBody(g, false, '')}${g.chance(0.3) ? ` ${g.pick(COMMENTS)}` : ''}\n${g.chance(0.3) ? `var after${i} = ${i}${g.chance(0.6) ? ` ${g.pick(COMMENTS)}` : ''}\n` : ''}\n`;
    } else if (where === 'varblock') {
      out += `var (\n\ta${i} = 1 ${g.pick(COMMENTS)}\n\tc${i} = ${type.name}${literalBody(g, true, '\t')} ${g.pick(COMMENTS)}\n\tlonger${i} = "x"${g.chance(0.5) ? ` ${g.pick(COMMENTS)}` : ''}\n)\n\n`;
    } else {
      const depth = g.int(1, 4);
      let body = '';
      for (let d = 1; d < depth; d++) body += `${'\t'.repeat(d)}if cond${d} {\n`;
      body += statementSnippet(g, depth);
      for (let d = depth - 1; d >= 1; d--) body += `${'\t'.repeat(d)}}\n`;
      out += `func f${i}(w http.ResponseWriter, r *http.Request) {\n${body}}\n\n`;
    }
  }
  return out;
}
