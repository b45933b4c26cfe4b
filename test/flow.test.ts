import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeGo } from '../src/rules/analyze.js';
import { fixSource } from '../src/fix/fix-source.js';
import { gofmt } from './helpers/gofmt.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

/**
 * SPEC §6: the cookie followed within its function. Request-side cookies are no findings;
 * values declared, then filled in field by field; constant false through a name; a later
 * constant-false write as the finding; conditional later writes. Findings as
 * `sink kind@line:column` (byte columns), ranged and whole-file parses alike.
 */
function found(src: string, strict = false): string[] {
  const show = (fs: ReturnType<typeof analyzeGo>['findings']) =>
    fs.map((f) => `${f.kind}${f.fixable ? '' : '!'}@${f.line}:${f.column}`);
  const whole = analyzeGo(src, { strict, edits: true, wholeFile: true }).findings;
  const ranged = analyzeGo(src, { strict, edits: true }).findings;
  assert.equal(show(ranged), show(whole), 'ranged detection differs from a whole-file parse');
  assert.equal(
    ranged.map((f) => f.edits),
    whole.map((f) => f.edits),
    'ranged edits differ from a whole-file parse',
  );
  return show(whole);
}

/** Code in a function `f` (from line 6) of a file importing net/http. */
function fn(
  code: string,
  params = 'w http.ResponseWriter, req *http.Request, jar http.CookieJar, u *url.URL, v string',
): string {
  return `package p\n\nimport "net/http"\n\nfunc f(${params}) {\n${code.replace(/^/gm, '\t')}\n}\n`;
}

interface Case {
  name: string;
  src: string;
  want: string[];
  strict?: boolean;
}

const cases: Case[] = [
  // Request-side cookies: not findings.
  {
    name: 'request: inline AddCookie',
    src: fn('req.AddCookie(&http.Cookie{Name: "s", Value: v})'),
    want: [],
  },
  {
    name: 'request: a variable added to the request',
    src: fn('c := &http.Cookie{Name: "s", Value: v}\nreq.AddCookie(c)'),
    want: [],
  },
  {
    name: 'request: a value variable added by address, filled in between',
    src: fn('c := http.Cookie{Name: "s"}\nc.Value = v\nreq.AddCookie(&c)'),
    want: [],
  },
  {
    name: 'request: a slice of several given to a jar',
    src: fn('jar.SetCookies(u, []*http.Cookie{{Name: "a"}, {Name: "b", Secure: false}})'),
    want: [],
  },
  {
    name: 'request: a slice variable given to a jar',
    src: fn('cs := []*http.Cookie{\n\t{Name: "a"},\n\t{Name: "b"},\n}\njar.SetCookies(u, cs)'),
    want: [],
  },
  {
    name: 'request: a loop adding each',
    src: fn(
      'cs := []*http.Cookie{{Name: "a"}, {Name: "b"}}\nfor _, c := range cs {\n\treq.AddCookie(c)\n}',
    ),
    want: [],
  },
  {
    name: 'request: a Cookie request header built from it',
    src: fn('c := &http.Cookie{Name: "s", Value: v}\nreq.Header.Set("Cookie", c.String())'),
    want: [],
  },
  {
    name: 'mixed: also given to http.SetCookie stays a finding',
    src: fn('c := &http.Cookie{Name: "s"}\nreq.AddCookie(c)\nhttp.SetCookie(w, c)'),
    want: ['missing@6:8'],
  },
  {
    name: 'mixed: a Set-Cookie response header stays a finding',
    src: fn('c := &http.Cookie{Name: "s"}\nw.Header().Add("Set-Cookie", c.String())'),
    want: ['missing@6:8'],
  },
  {
    name: 'mixed: returned from a helper stays a finding',
    src: fn(
      'c := &http.Cookie{Name: "s"}\nreq.AddCookie(c)\nreturn c',
      'req *http.Request) (*http.Cookie',
    ),
    want: ['missing@6:8'],
  },
  {
    name: 'mixed: a loop that also sets each on the response',
    src: fn(
      'cs := []*http.Cookie{{Name: "a"}}\nfor _, c := range cs {\n\treq.AddCookie(c)\n\thttp.SetCookie(w, c)\n}',
    ),
    want: ['missing@6:23'],
  },
  {
    name: 'request: an inner variable of the same name is another cookie',
    src: fn(
      'c := &http.Cookie{Name: "s"}\nhttp.SetCookie(w, c)\n{\n\tc := &http.Cookie{Name: "t"}\n\treq.AddCookie(c)\n}',
    ),
    want: ['missing@6:8'],
  },

  // Declared, then filled in.
  {
    name: 'filled: new(http.Cookie) with field writes',
    src: fn('c := new(http.Cookie)\nc.Name = "s"\nc.Value = v\nhttp.SetCookie(w, c)'),
    want: ['missing@6:2'],
  },
  {
    name: 'filled: var c http.Cookie',
    src: fn('var c http.Cookie\nc.Name = "s"\nhttp.SetCookie(w, &c)'),
    want: ['missing@6:2'],
  },
  {
    name: 'filled: var c = &http.Cookie{}',
    src: fn('var c = &http.Cookie{}\nc.Name = "s"\nhttp.SetCookie(w, c)'),
    want: ['missing@6:2'],
  },
  {
    name: 'filled: c := http.Cookie{}',
    src: fn('c := http.Cookie{}\nc.Name = "s"\nhttp.SetCookie(w, &c)'),
    want: ['missing@6:2'],
  },
  {
    name: 'filled: Secure = true',
    src: fn('c := new(http.Cookie)\nc.Name = "s"\nc.Secure = true\nhttp.SetCookie(w, c)'),
    want: [],
  },
  {
    name: 'filled: Secure = false is the finding at the write',
    src: fn('c := new(http.Cookie)\nc.Name = "s"\nc.Secure = false\nhttp.SetCookie(w, c)'),
    want: ['false@8:13'],
  },
  {
    name: 'filled: Secure from an expression, with --strict',
    src: fn('c := new(http.Cookie)\nc.Name = "s"\nc.Secure = req.TLS != nil\nhttp.SetCookie(w, c)'),
    strict: true,
    want: ['dynamic!@6:2'],
  },
  {
    name: 'filled: no field written is not filled in here',
    src: fn('c := new(http.Cookie)\nhttp.SetCookie(w, c)'),
    want: [],
  },
  {
    name: 'filled: replaced wholesale is not reported',
    src: fn('var c http.Cookie\nc.Name = "s"\nc = *other\nhttp.SetCookie(w, &c)'),
    want: [],
  },
  {
    name: 'filled: a request-side value is not reported',
    src: fn('c := new(http.Cookie)\nc.Name = "s"\nreq.AddCookie(c)'),
    want: [],
  },
  {
    name: 'filled: suppressed on the declaration line',
    src: fn('c := new(http.Cookie) //go-cookie-secure:ignore\nc.Name = "s"\nhttp.SetCookie(w, c)'),
    want: [],
  },
  {
    name: 'filled: an inner c := is another variable',
    src: fn(
      'c := new(http.Cookie)\nc.Name = "s"\nif v != "" {\n\tc := new(http.Cookie)\n\tc.Secure = true\n\t_ = c\n}\nhttp.SetCookie(w, c)',
    ),
    want: ['missing@6:2'],
  },
  {
    name: 'filled: writes inside a closure count',
    src: fn(
      'c := new(http.Cookie)\nfill := func() {\n\tc.Name = "s"\n}\nfill()\nhttp.SetCookie(w, c)',
    ),
    want: ['missing@6:2'],
  },

  // Constant false through a name.
  {
    name: 'name: a local initialised to false',
    src: fn(
      'onlyTLS := false\nc := &http.Cookie{Name: "s", Secure: onlyTLS}\nhttp.SetCookie(w, c)',
    ),
    want: ['false!@7:8'],
  },
  {
    name: 'name: a function constant',
    src: fn('const secure = false\nhttp.SetCookie(w, &http.Cookie{Secure: secure})'),
    want: ['false!@7:21'],
  },
  {
    name: 'name: a package constant',
    src: 'package p\n\nimport "net/http"\n\nconst secure = false\n\nfunc f(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Secure: secure})\n}\n',
    want: ['false!@8:21'],
  },
  {
    name: 'name: a constant in a package const block',
    src: 'package p\n\nimport "net/http"\n\nconst (\n\tname   = "s"\n\tsecure = false\n)\n\nfunc f(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Name: name, Secure: secure})\n}\n',
    want: ['false!@11:21'],
  },
  {
    name: 'name: a later write through a name',
    src: fn(
      'secure := false\nc := &http.Cookie{Name: "s"}\nc.Secure = secure\nhttp.SetCookie(w, c)',
    ),
    want: ['false!@8:13'],
  },
  {
    name: 'name: assigned again is an ordinary variable',
    src: fn(
      'secure := false\nif req.TLS != nil {\n\tsecure = true\n}\nhttp.SetCookie(w, &http.Cookie{Secure: secure})',
    ),
    want: [],
  },
  {
    name: 'name: its address taken is an ordinary variable',
    src: fn(
      'secure := false\nflag.BoolVar(&secure, "secure", false, "")\nhttp.SetCookie(w, &http.Cookie{Secure: secure})',
    ),
    want: [],
  },
  {
    name: 'name: a closure writing it makes it ordinary',
    src: fn(
      'secure := false\nset := func() { secure = true }\nset()\nhttp.SetCookie(w, &http.Cookie{Secure: secure})',
    ),
    want: [],
  },
  {
    name: 'name: an inner secure := true shadows the false one',
    src: fn(
      'secure := false\n_ = secure\n{\n\tsecure := v != ""\n\thttp.SetCookie(w, &http.Cookie{Secure: secure})\n}',
    ),
    want: [],
  },
  {
    name: 'name: a parameter is dynamic',
    src: fn(
      'http.SetCookie(w, &http.Cookie{Secure: secure})',
      'w http.ResponseWriter, secure bool',
    ),
    strict: true,
    want: ['dynamic!@6:21'],
  },

  // A later constant-false write is the finding; conditional later writes.
  {
    name: 'later false after Secure: true',
    src: fn('c := &http.Cookie{Name: "s", Secure: true}\nc.Secure = false\nhttp.SetCookie(w, c)'),
    want: ['false@7:13'],
  },
  {
    name: "later true inside an if: dynamic (caddy's shape)",
    src: fn(
      'c := &http.Cookie{Name: "s", Secure: false}\nif req.TLS != nil {\n\tc.Secure = true\n}\nhttp.SetCookie(w, c)',
    ),
    strict: true,
    want: ['dynamic!@6:8'],
  },
  {
    name: 'later true inside an if, without --strict: not reported',
    src: fn(
      'c := &http.Cookie{Name: "s"}\nif req.TLS != nil {\n\tc.Secure = true\n}\nhttp.SetCookie(w, c)',
    ),
    want: [],
  },
  {
    name: 'later true in a switch case or a loop is conditional',
    src: fn(
      'c := &http.Cookie{}\nswitch v {\ncase "a":\n\tc.Secure = true\n}\nd := &http.Cookie{}\nfor i := 0; i < 1; i++ {\n\td.Secure = true\n}\nhttp.SetCookie(w, c)\nhttp.SetCookie(w, d)',
    ),
    strict: true,
    want: ['dynamic!@6:8', 'dynamic!@11:8'],
  },
  {
    name: 'Secure: true, then an expression written later: dynamic',
    src: fn('c := &http.Cookie{Secure: true}\nc.Secure = v != ""\nhttp.SetCookie(w, c)'),
    strict: true,
    want: ['dynamic!@6:8'],
  },
  {
    name: 'Secure: true, then a true written on some paths only: compliant',
    src: fn(
      'c := &http.Cookie{Secure: true}\nif v != "" {\n\tc.Secure = true\n}\nhttp.SetCookie(w, c)',
    ),
    strict: true,
    want: [],
  },
  {
    name: 'later true in a select case is conditional',
    src: fn(
      'c := &http.Cookie{}\nselect {\ncase <-done:\n\tc.Secure = true\n}\nhttp.SetCookie(w, c)',
    ),
    strict: true,
    want: ['dynamic!@6:8'],
  },
  {
    name: 'a variable reassigned in a loop, each value made secure in the loop body',
    src: fn(
      'var c *http.Cookie\nfor _, n := range names {\n\tc = &http.Cookie{Name: n}\n\tc.Secure = true\n\thttp.SetCookie(w, c)\n}',
    ),
    want: [],
  },
  {
    name: 'a write in an enclosing block that always runs counts (SPEC §6), even after the loop that sent the cookies: a known limit of order-blind writes',
    src: fn(
      'var c *http.Cookie\nfor _, n := range names {\n\tc = &http.Cookie{Name: n}\n\thttp.SetCookie(w, c)\n}\nc.Secure = true',
    ),
    want: [],
  },
  {
    name: 'later true in a closure is conditional',
    src: fn('c := &http.Cookie{}\ngo func() { c.Secure = true }()\nhttp.SetCookie(w, c)'),
    strict: true,
    want: ['dynamic!@6:8'],
  },
  {
    name: 'later true in the enclosing block always runs: compliant',
    src: fn(
      'var c *http.Cookie\nif v == "" {\n\tc = &http.Cookie{Name: "a"}\n} else {\n\tc = &http.Cookie{Name: "b"}\n}\nc.Secure = true\nhttp.SetCookie(w, c)',
    ),
    want: [],
  },
  {
    name: 'later true in a nested plain block still always runs',
    src: fn('c := &http.Cookie{}\n{\n\tc.Secure = true\n}\nhttp.SetCookie(w, c)'),
    want: [],
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.equal(found(c.src, c.strict), c.want);
  });
}

test('constant false through a name: the message names it and its line', () => {
  const f = analyzeGo(fn('onlyTLS := false\nhttp.SetCookie(w, &http.Cookie{Secure: onlyTLS})'), {
    strict: false,
    edits: true,
  }).findings[0]!;
  assert.is(
    f.message,
    'http.Cookie: Secure is onlyTLS, the constant false (declared on line 6): the cookie can be sent over plain HTTP',
  );
  assert.equal([f.fixable, f.edits], [false, []]);
});

test('gin: a secure argument that is a constant false through a name', () => {
  const src =
    'package p\n\nimport "github.com/gin-gonic/gin"\n\nfunc h(c *gin.Context) {\n\tsecure := false\n\tc.SetCookie("s", "v", 0, "/", "", secure, true)\n}\n';
  const fs = analyzeGo(src, { strict: false, edits: true }).findings;
  assert.equal(
    fs.map((f) => `${f.kind}@${f.line}:${f.column} ${f.fixable}`),
    ['false@7:36 false'],
  );
  assert.match(fs[0]!.message, 'secure, the constant false (declared on line 6)');
});

/** Every fix leaves a file the rule finds clean, gofmt-clean, with the cookie secure on every path. */
function fixed(src: string): string {
  const analysis = analyzeGo(src, { strict: false, edits: true });
  const result = fixSource(src, analysis.findings, { strict: false }, analysis.syntaxErrors);
  assert.is(result.failure, undefined);
  assert.equal(
    analyzeGo(result.text, { strict: true, edits: false }).findings.map((f) => f.kind),
    [],
    'the fixed file is clean, --strict too',
  );
  assert.fixture(gofmt([], result.text), result.text);
  return result.text;
}

test('fix: a declared-then-filled cookie gets c.Secure = true after its last field write in its block', () => {
  const src = fn(
    'c := new(http.Cookie)\nc.Name = "session" // the name\nc.Value = v        // the token\nif v == "" {\n\tc.MaxAge = -1\n}\nhttp.SetCookie(w, c) // send',
  );
  const out = fixed(src);
  assert.match(
    out,
    '\tc.Name = "session" // the name\n\tc.Value = v        // the token\n\tc.Secure = true\n\tif v == "" {',
  );
});

test('fix: a later c.Secure = false is flipped where it stands; the literal is left alone', () => {
  const out = fixed(
    fn('c := &http.Cookie{Name: "s", Secure: true}\nc.Secure = false\nhttp.SetCookie(w, c)'),
  );
  assert.match(out, '\tc := &http.Cookie{Name: "s", Secure: true}\n\tc.Secure = true\n');
});

test('fix: var c http.Cookie with CRLF line endings', () => {
  const src = fn('var c http.Cookie\nc.Name = "s"\nhttp.SetCookie(w, &c)').replace(/\n/g, '\r\n');
  const analysis = analyzeGo(src, { strict: false, edits: true });
  const result = fixSource(src, analysis.findings, { strict: false }, analysis.syntaxErrors);
  assert.match(result.text, '\tc.Name = "s"\r\n\tc.Secure = true\r\n');
  assert.not.match(result.text, /[^\r]\n/);
});

test('SARIF describes each kind of fix', async () => {
  const { scanBytes } = await import('../src/scan-bytes.js');
  const { formatSarif } = await import('../src/report/sarif.js');
  const src = fn(
    'c := new(http.Cookie)\nc.Name = "s"\nhttp.SetCookie(w, c)\nd := &http.Cookie{Secure: true}\nd.Secure = false\nhttp.SetCookie(w, d)\nhttp.SetCookie(w, &http.Cookie{})',
  );
  const outcome = scanBytes(Buffer.from(src), {
    strict: false,
    fix: false,
    edits: true,
    skipGenerated: false,
  });
  const log = JSON.parse(
    formatSarif({
      reports: [{ file: 'f.go', text: outcome.text, findings: outcome.findings }],
      summary: { files: 1, findings: 3, fixed: 0 },
      staged: false,
      fix: false,
      rules: ['go-security/cookie-secure'],
    }),
  );
  const fixes = log.runs[0].results.map(
    (r: {
      fixes: Array<{
        description: { text: string };
        artifactChanges: Array<{ replacements: Array<{ insertedContent: { text: string } }> }>;
      }>;
    }) => [
      r.fixes[0]!.description.text,
      r.fixes[0]!.artifactChanges[0]!.replacements[0]!.insertedContent.text,
    ],
  );
  assert.equal(fixes, [
    ['Set Secure = true after the last field write', '\tc.Secure = true\n'],
    ['Change Secure from false to true', 'true'],
    ['Add Secure: true', 'Secure: true'],
  ]);
});

test.run();
