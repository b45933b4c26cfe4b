import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeGo } from '../src/rules/analyze.js';
import type { FindingKind } from '../src/types.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

/**
 * Findings as `kind@line:column`, the shape every case below asserts. Detection parses only the
 * declarations that spell Cookie; it must find exactly what a whole-file parse finds, with the
 * same edits.
 */
function found(src: string, strict = false): string[] {
  const show = (fs: ReturnType<typeof analyzeGo>['findings']) =>
    fs.map((f) => `${f.kind}@${f.line}:${f.column}`);
  const whole = analyzeGo(src, { strict, edits: true, wholeFile: true }).findings;
  const ranged = analyzeGo(src, { strict, edits: true }).findings;
  assert.equal(show(ranged), show(whole), 'ranged detection differs from a whole-file parse');
  assert.equal(
    ranged.map((f) => f.edits),
    whole.map((f) => f.edits),
    'ranged edits differ from a whole-file parse',
  );
  assert.equal(show(analyzeGo(src, { strict, edits: false }).findings), show(whole));
  return show(whole);
}

const HEADER = 'package p\n\nimport "net/http"\n\n'; // the body starts on line 5

function body(code: string): string {
  return `${HEADER}${code}\n`;
}

interface Case {
  name: string;
  src: string;
  want: string[];
  strict?: boolean;
}

const flagged: Case[] = [
  {
    name: 'value literal without Secure',
    src: body('var c = http.Cookie{Name: "s", Value: "v"}'),
    want: ['missing@5:9'],
  },
  {
    name: 'pointer literal without Secure (position at the type, not &)',
    src: body('var c = &http.Cookie{Name: "s"}'),
    want: ['missing@5:10'],
  },
  { name: 'empty literal', src: body('var c = http.Cookie{}'), want: ['missing@5:9'] },
  {
    name: 'Secure: false',
    src: body('var c = http.Cookie{Name: "s", Secure: false}'),
    want: ['false@5:9'],
  },
  {
    name: 'positional literal',
    src: body('var c = http.Cookie{"s", "v", "/", "", time.Time{}, "", 0, true, true, 0, "", nil}'),
    want: ['unkeyed@5:9'],
  },
  {
    name: 'aliased import',
    src: 'package p\n\nimport nethttp "net/http"\n\nvar c = nethttp.Cookie{Name: "s"}\n',
    want: ['missing@5:9'],
  },
  {
    name: 'dot import',
    src: 'package p\n\nimport . "net/http"\n\nvar c = Cookie{Name: "s"}\n',
    want: ['missing@5:9'],
  },
  {
    name: 'aliased import, raw string path, among other imports and comments about http',
    src: 'package p\n\nimport (\n\t"fmt" // not http\n\t// http below\n\th `net/http`\n)\n\nvar _ = fmt.Sprint\nvar c = h.Cookie{Name: "s"}\n',
    want: ['missing@10:9'],
  },
  {
    name: 'net/http in a second import declaration',
    src: 'package p\n\nimport "fmt"\nimport "net/http"\n\nvar _ = fmt.Sprint\nvar c = http.Cookie{Name: "s"}\n',
    want: ['missing@7:9'],
  },
  {
    name: 'http free for net/http when another import only contains http',
    src: 'package p\n\nimport (\n\t"net/http/httputil"\n\th "net/http"\n)\n\nvar _ = httputil.DumpRequest\nvar a = h.Cookie{}\nvar b = http.Cookie{}\n',
    want: ['missing@9:9', 'missing@10:9'],
  },
  {
    name: 'slice with elided element type',
    src: body('var cs = []http.Cookie{{Name: "a"}, {Name: "b", Secure: true}}'),
    want: ['missing@5:24'],
  },
  {
    name: 'slice of pointers with elided &T',
    src: body('var cs = []*http.Cookie{{Name: "a"}}'),
    want: ['missing@5:25'],
  },
  {
    name: 'array with elided element type',
    src: body('var cs = [2]http.Cookie{{Name: "a"}, {}}'),
    want: ['missing@5:25', 'missing@5:38'],
  },
  {
    name: '[...] array',
    src: body('var cs = [...]http.Cookie{{Secure: false}}'),
    want: ['false@5:27'],
  },
  {
    name: 'map values with elided type',
    src: body('var m = map[string]http.Cookie{"a": {Name: "a"}}'),
    want: ['missing@5:37'],
  },
  {
    name: 'map of pointers',
    src: body('var m = map[string]*http.Cookie{"a": {Name: "a"}}'),
    want: ['missing@5:38'],
  },
  {
    name: 'nested slices of cookies',
    src: body('var m = [][]http.Cookie{{{Name: "a"}}}'),
    want: ['missing@5:26'],
  },
  {
    name: 'typed slice inside a slice of slices: each literal once',
    src: body('var m = [][]http.Cookie{[]http.Cookie{{Name: "a"}}, {{}}}'),
    want: ['missing@5:39', 'missing@5:54'],
  },
  {
    name: 'cookie literals in another literal and in a closure',
    src: body(
      'var v = struct{ C *http.Cookie; F func() }{C: &http.Cookie{}, F: func() { _ = []http.Cookie{{Secure: false}} }}',
    ),
    want: ['missing@5:48', 'false@5:93'],
  },
  {
    name: 'Cookie spelled in strings, comments, fields and calls only',
    src: body(
      'var c = r.Cookie("Cookie") // http.Cookie{}\nvar d = x.Cookie{Name: "s"}\nvar e = http.Cookies{}',
    ),
    want: [],
  },
  {
    name: 'function argument',
    src: body('func f(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Name: "s"})\n}'),
    want: ['missing@6:21'],
  },
  {
    name: 'return value',
    src: body('func f() *http.Cookie {\n\treturn &http.Cookie{Name: "s"}\n}'),
    want: ['missing@6:10'],
  },
  {
    name: 'inside another literal',
    src: body('var x = struct{ C http.Cookie }{C: http.Cookie{Name: "s"}}'),
    want: ['missing@5:36'],
  },
  {
    name: 'closure',
    src: body('var f = func() http.Cookie {\n\treturn http.Cookie{}\n}'),
    want: ['missing@6:9'],
  },
  {
    name: 'generic function',
    src: body('func F[T any](t T) *http.Cookie {\n\treturn &http.Cookie{Name: "g"}\n}'),
    want: ['missing@6:10'],
  },
  {
    name: 'several on one line',
    src: body('var a, b = http.Cookie{}, http.Cookie{Secure: false}'),
    want: ['missing@5:12', 'false@5:27'],
  },
  {
    name: 'no import at all (documentation snippet)',
    src: 'package main\n\nfunc main() {\n\tc := http.Cookie{Name: "s"}\n\t_ = c\n}\n',
    want: ['missing@4:7'],
  },
  {
    name: 'non-ASCII before the literal: byte columns',
    src: body('var é, c = "é", http.Cookie{}'),
    want: ['missing@5:19'],
  },
  {
    name: 'bound variable later set to false: the write is the finding (SPEC §6)',
    src: body('func f() {\n\tc := http.Cookie{Name: "s"}\n\tc.Secure = false\n\t_ = c\n}'),
    want: ['false@7:13'],
  },
  {
    name: 'dynamic value with --strict',
    src: body('func f(r *http.Request) {\n\t_ = http.Cookie{Secure: r.TLS != nil}\n}'),
    want: ['dynamic@6:6'],
    strict: true,
  },
  {
    name: 'later assignment of an expression is dynamic with --strict',
    src: body('func f(tls bool) {\n\tc := &http.Cookie{}\n\tc.Secure = tls\n\t_ = c\n}'),
    want: ['dynamic@6:8'],
    strict: true,
  },
  {
    name: 'datadog list naming another rule suppresses nothing',
    src: body('// no-dd-sa:go-security/other-rule\nvar c = http.Cookie{}'),
    want: ['missing@6:9'],
  },
  {
    name: 'trailing comment never carries to the next line',
    src: body('var a = 1 //go-cookie-secure:ignore\nvar c = http.Cookie{}'),
    want: ['missing@6:9'],
  },
  {
    name: 'a code line between the comment and the literal breaks the run',
    src: body('//go-cookie-secure:ignore\nvar a = 1\nvar c = http.Cookie{}'),
    want: ['missing@7:9'],
  },
  {
    name: 'no-dd-sa on a later line is not file-level',
    src: 'package p\n\n// no-dd-sa\nimport "net/http"\n\nvar c = http.Cookie{}\n',
    want: ['missing@6:9'],
  },
  {
    name: '#nosec naming only another gosec rule suppresses nothing',
    src: body('var c = http.Cookie{} // #nosec G101 -- not a credential'),
    want: ['missing@5:9'],
  },
  {
    name: '//nolint naming only other linters suppresses nothing',
    src: body('//nolint:errcheck,unused\nvar c = http.Cookie{}'),
    want: ['missing@6:9'],
  },
  {
    name: '"// nolint" with a space is prose to golangci-lint, and to us',
    src: body('// nolint\nvar c = http.Cookie{}'),
    want: ['missing@6:9'],
  },
  {
    name: '#nosec on the line after the literal does not carry back',
    src: body('var c = http.Cookie{}\n// #nosec'),
    want: ['missing@5:9'],
  },
  {
    name: 'syntax errors elsewhere: literals outside the error region are found',
    src: body('func f() {\n\tx := := 1\n}\n\nvar c = http.Cookie{Name: "s"}'),
    want: ['missing@9:9'],
  },
];

flagged.push({
  name: 'a comment between the type and its braces',
  src: body('var c = http.Cookie /* session */ {Name: "s"}'),
  want: ['missing@5:9'],
});
flagged.push({
  name: 'Secure spelled only in a comment inside the literal',
  src: body('var c = http.Cookie{Name: "s" /* Secure later */}'),
  want: ['missing@5:9'],
});
flagged.push({
  name: 'Secure spelled only in a value',
  src: body('var c = http.Cookie{Name: "Secure"}'),
  want: ['missing@5:9'],
});
flagged.push({
  name: 'among declarations without cookies (only some are parsed)',
  src: body(
    'func a() int {\n\treturn 1\n}\n\nvar x = 1 // x\nvar c = http.Cookie{} // c\nvar y = 2 // y\n\nfunc b() int {\n\treturn 2\n}\n\nfunc d() int {\n\treturn 3\n}',
  ),
  want: ['missing@10:9'],
});

const clean: Case[] = [
  { name: 'Secure: true', src: body('var c = http.Cookie{Name: "s", Secure: true}') },
  {
    name: 'Secure: true with a trailing comment (Datadog compliant example)',
    src: body('var c = http.Cookie{\n\tName:   "s",\n\tSecure: true, // always\n}'),
  },
  {
    name: 'dynamic value without --strict',
    src: body('func f(r *http.Request) {\n\t_ = http.Cookie{Secure: r.TLS != nil}\n}'),
  },
  { name: 'config field without --strict', src: body('var c = http.Cookie{Secure: cfg.Secure}') },
  {
    name: 'another package imported as http',
    src: 'package p\n\nimport "example.com/x/http"\n\nvar c = http.Cookie{Name: "s"}\n',
  },
  {
    name: 'another package imported as http through a major-version path',
    src: 'package p\n\nimport (\n\t"fmt"\n\t"example.com/http/v2"\n)\n\nvar _ = fmt.Sprint\nvar c = http.Cookie{Name: "s"}\n',
  },
  {
    name: 'net/http imported blank, http taken by another package',
    src: 'package p\n\nimport (\n\t_ "net/http"\n\thttp "example.com/web"\n)\n\nvar c = http.Cookie{}\n',
  },
  {
    name: 'another package aliased to http',
    src: 'package p\n\nimport (\n\thttp "example.com/web"\n\tstd "net/http"\n)\n\nvar c = http.Cookie{}\nvar _ std.Handler\n',
  },
  {
    name: 'local Cookie type',
    src: 'package p\n\ntype Cookie struct{ Name string }\n\nvar c = Cookie{Name: "s"}\n',
  },
  { name: 'bare Cookie without a dot import', src: body('var c = Cookie{Name: "s"}') },
  {
    name: 'type positions',
    src: body(
      'var c http.Cookie\n\nfunc f(c http.Cookie) *http.Cookie { return (*http.Cookie)(nil) }\n\nvar d = new(http.Cookie)',
    ),
  },
  {
    name: 'strings and comments',
    src: body(
      '// http.Cookie{Name: "s"}\nvar s = "http.Cookie{Name: \\"s\\"}"\nvar r = `&http.Cookie{}`',
    ),
  },
  { name: 'slice of another type', src: body('var xs = []struct{ Name string }{{Name: "a"}}') },
  { name: 'map keys are not cookies', src: body('var m = map[string]int{"a": 1}') },
  {
    name: 'bound variable later set to true',
    src: body(
      'func f() {\n\tc := http.Cookie{Name: "s"}\n\tif true {\n\t\tc.Secure = true\n\t}\n\t_ = c\n}',
    ),
  },
  {
    name: 'pointer bound with var, later set to true',
    src: body('func f() {\n\tvar c = &http.Cookie{Name: "s"}\n\tc.Secure = true\n}'),
  },
  {
    name: 'plain assignment, later set to true',
    src: body('func f() {\n\tvar c *http.Cookie\n\tc = &http.Cookie{}\n\tc.Secure = true\n}'),
  },
  {
    name: 'later expression assignment without --strict',
    src: body('func f(tls bool) {\n\tc := http.Cookie{}\n\tc.Secure = tls\n}'),
  },
  {
    name: 'our keyword at the end of the first line',
    src: body('var c = http.Cookie{ //go-cookie-secure:ignore\n\tName: "s",\n}'),
  },
  {
    name: 'our keyword on the line above',
    src: body('//go-cookie-secure:ignore\nvar c = http.Cookie{}'),
  },
  {
    name: 'keyword in a run of comment lines above',
    src: body(
      '// localhost only:\n// go-cookie-secure:ignore (dev server)\n// more words\nvar c = http.Cookie{}',
    ),
  },
  { name: 'no-dd-sa above', src: body('// no-dd-sa\nvar c = http.Cookie{}') },
  { name: 'datadog-disable trailing', src: body('var c = http.Cookie{} // datadog-disable') },
  {
    name: 'no-dd-sa naming this rule among others',
    src: body('// no-dd-sa:go-security/other, go-security/cookie-secure\nvar c = http.Cookie{}'),
  },
  {
    name: 'no-dd-sa on line 1 suppresses the file',
    src: '// no-dd-sa\npackage p\n\nimport "net/http"\n\nvar c = http.Cookie{}\n',
  },
  {
    name: 'no-dd-sa on line 1 naming this rule',
    src: '// no-dd-sa go-security/cookie-secure\npackage p\n\nimport "net/http"\n\nvar c = http.Cookie{}\n',
  },
  { name: 'bare #nosec trailing', src: body('var c = http.Cookie{} // #nosec') },
  {
    name: '#nosec naming G124 on the line above, with a justification',
    src: body('// #nosec G101 G124 -- dev server, plain HTTP by design\nvar c = http.Cookie{}'),
  },
  {
    name: '#nosec with comma-separated ids in a run of comment lines above',
    src: body(
      '// Secure omitted: served behind a TLS proxy.\n// #nosec G124,G101\nvar c = http.Cookie{}',
    ),
  },
  {
    name: "#nosec at the end of a multi-line literal's first line",
    src: body('var c = http.Cookie{ // #nosec\n\tName: "s",\n}'),
  },
  { name: 'bare //nolint above', src: body('//nolint\nvar c = http.Cookie{}') },
  {
    name: '//nolint:gosec trailing, with an explanation',
    src: body('var c = http.Cookie{} //nolint:gosec // Secure omitted: dev only'),
  },
  {
    name: '//nolint naming gosec among other linters',
    src: body('//nolint:errcheck,gosec\nvar c = http.Cookie{}'),
  },
  { name: '//nolint:all', src: body('//nolint:all\nvar c = http.Cookie{}') },
  {
    name: '#nosec silences a gin call argument too',
    src: 'package p\n\nimport "github.com/gin-gonic/gin"\n\nfunc h(c *gin.Context) {\n\tc.SetCookie("s", "v", 0, "/", "", false, true) // #nosec G124\n}\n',
  },
  {
    name: 'a literal inside a syntax error region is not guessed at',
    src: body('func f() {\n\tc := http.Cookie{Name: "s" Value: "v"}\n}'),
  },
].map((c) => ({ ...c, want: [] }));

for (const c of [...flagged, ...clean]) {
  test(c.name, () => {
    assert.equal(found(c.src, c.strict), c.want);
  });
}

test('file-level no-dd-sa naming another rule suppresses nothing', () => {
  assert.equal(
    found(
      '// no-dd-sa:go-security/other\npackage p\n\nimport "net/http"\n\nvar c = http.Cookie{}\n',
    ),
    ['missing@6:9'],
  );
});

test('every kind carries its message and edits only when fixable', () => {
  const src = body(
    'var a = http.Cookie{}\nvar b = http.Cookie{Secure: false}\nvar c = http.Cookie{"n", "v"}',
  );
  const findings = analyzeGo(src, { strict: false, edits: true }).findings;
  const kinds: FindingKind[] = findings.map((f) => f.kind);
  assert.equal(kinds, ['missing', 'false', 'unkeyed']);
  assert.equal(
    findings.map((f) => f.edits.length > 0),
    [true, true, false],
  );
  for (const f of findings) assert.ok(f.message.length > 10);
  assert.equal(findings[1]!.edits, [{ offset: src.indexOf('false'), length: 5, text: 'true' }]);
});

test('end position is after the closing brace, in bytes', () => {
  const f = analyzeGo(body('var c = http.Cookie{Name: "é"}'), { strict: false, edits: true })
    .findings[0]!;
  assert.equal([f.endLine, f.endColumn], [5, 32]);
});

test.run();
