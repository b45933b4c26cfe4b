import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeGo } from '../src/rules/analyze.js';
import { bracketedList, elementText } from '../src/go/bracketed.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

/**
 * A file whose every sink spelling is compliant in plain sight (a literal's own `Secure: true`
 * with no later write of the field, a `true` argument) is not parsed. Each case asserts whether
 * the text settled it, and that the findings are exactly those of a whole-file parse, which
 * takes no such shortcut.
 */
function judged(src: string, strict = false): { parsed: boolean; findings: string[] } {
  const show = (fs: ReturnType<typeof analyzeGo>['findings']) =>
    fs.map((f) => `${f.sink} ${f.kind}@${f.line}:${f.column}`);
  const whole = analyzeGo(src, { strict, edits: true, wholeFile: true });
  const quick = analyzeGo(src, { strict, edits: true });
  assert.equal(show(quick.findings), show(whole.findings), 'differs from a whole-file parse');
  return { parsed: quick.parsed, findings: show(quick.findings) };
}

const HTTP = 'package p\n\nimport "net/http"\n\n';
const GIN = 'package p\n\nimport "github.com/gin-gonic/gin"\n\n';

const settled: Array<[string, string]> = [
  [
    'one-line literal',
    `${HTTP}func f(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Name: "s", Secure: true})\n}\n`,
  ],
  [
    'multi-line literal with comments, strings and runes holding brackets and commas',
    `${HTTP}func f(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{\n\t\tName:  "a}b,c", // a } and a ,\n\t\tValue: string('}') + \`{,\` + "\\"}", /* } */\n\t\tSecure: true,\n\t})\n}\n`,
  ],
  [
    'nested brackets in a value',
    `${HTTP}func f(w http.ResponseWriter, m map[string]string) {\n\tc := http.Cookie{Name: m["a"], Value: strings.Join([]string{"x", "y"}, ","), Secure: true}\n\thttp.SetCookie(w, &c)\n}\n`,
  ],
  [
    'gin with true',
    `${GIN}func h(c *gin.Context) {\n\tc.SetCookie("s", fmt.Sprint(1, 2), 60, "/", "", true, true)\n}\n`,
  ],
  ['a Cookie of another package', `${HTTP}func f() {\n\t_ = cookiejar.Cookie{Secure: true}\n}\n`],
  [
    'Secure from an expression that cannot be a constant',
    `${HTTP}func f(w http.ResponseWriter, r *http.Request) {\n\thttp.SetCookie(w, &http.Cookie{Name: "s", Secure: r.TLS != nil})\n\thttp.SetCookie(w, &http.Cookie{Name: "t", Secure: (cfg.HTTPS)})\n}\n`,
  ],
  [
    'gin with an expression',
    `${GIN}func h(c *gin.Context) {\n\tc.SetCookie("s", "v", 60, "/", "", gin.Mode() == gin.ReleaseMode, true)\n}\n`,
  ],
  [
    "another package's Cookie, whatever it holds",
    `${HTTP}func f() {\n\tjar := &cookiejar.Cookie{Name: "x"}\n\t_ = []fiber.Cookie{{Name: "y"}}\n\tvar c other.Cookie\n\t_ = new(other.Cookie)\n}\n`,
  ],
  [
    "a Cookie of the file's own package",
    `${HTTP}type Cookie struct{ Name string }\n\nvar c = Cookie{Name: "x"}\n`,
  ],
  [
    'http.Cookie where the file binds http to another package',
    `package p\n\nimport (\n\thttp "example.com/fake/http"\n\tstd "net/http"\n)\n\nvar c = http.Cookie{Name: "x"}\nvar _ std.Handler\n`,
  ],
  [
    'a name, in a file that never spells false',
    `${GIN}func remember(c *gin.Context, secure bool) {\n\tc.SetCookie("r", "1", 86400, "/", "", secure, true)\n\t_ = http.Cookie{Name: "s", Secure: secure}\n}\n\nvar falsely, isfalse = 1, 2\n`,
  ],
  [
    'a cookie handed to a client',
    `${HTTP}func f(r *http.Request, token string) {\n\tr.AddCookie(&http.Cookie{Name: "session", Value: token})\n\tr.AddCookie(&http.Cookie{\n\t\tName:  "b",\n\t\tValue: token,\n\t})\n}\n`,
  ],
];

for (const [name, src] of settled) {
  test(`settled by the text: ${name}`, () => {
    const r = judged(src);
    assert.equal(r, { parsed: false, findings: [] });
  });
}

const parsed: Array<[string, string, string[]]> = [
  ['Secure missing', `${HTTP}var c = http.Cookie{Name: "s"}\n`, ['net/http.Cookie missing@5:9']],
  [
    'Secure: true only in a nested literal',
    `${HTTP}type T struct{ C http.Cookie; Secure bool }\n\nvar t = struct{ C http.Cookie }{C: http.Cookie{Name: "s", Raw: fmt.Sprint(T{Secure: true})}}\n`,
    ['net/http.Cookie missing@7:36'],
  ],
  [
    'a later write of the field',
    `${HTTP}func f(w http.ResponseWriter) {\n\tc := &http.Cookie{Name: "s", Secure: true}\n\tc.Secure = false\n\thttp.SetCookie(w, c)\n}\n`,
    ['net/http.Cookie false@7:13'],
  ],
  [
    'Secure set from a name',
    `${HTTP}const insecure = false\n\nvar c = http.Cookie{Name: "s", Secure: insecure}\n`,
    ['net/http.Cookie false@7:9'],
  ],
  [
    'Secure: (true) and Secure: true && x',
    `${HTTP}var x = false\nvar a = http.Cookie{Secure: (true)}\nvar b = http.Cookie{Secure: true && x}\n`,
    [],
  ],
  ['a comment inside the element', `${HTTP}var c = http.Cookie{Secure: /* yes */ true}\n`, []],
  [
    'elided literals in a slice',
    `${HTTP}var cs = []*http.Cookie{{Name: "a", Secure: true}, {Name: "b"}}\n`,
    ['net/http.Cookie missing@5:52'],
  ],
  [
    'a literal cut off by the end of the text',
    `${HTTP}var c = http.Cookie{Name: "s", Secure: true`,
    [],
  ],
  [
    'gin with false',
    `${GIN}func h(c *gin.Context) {\n\tc.SetCookie("s", "v", 60, "/", "", false, true)\n}\n`,
    ['gin.Context.SetCookie false@6:37'],
  ],
  ['gin with a short call', `${GIN}func h(c *gin.Context) {\n\tc.SetCookie("s", "v")\n}\n`, []],
  [
    'Secure from a name, parenthesized',
    `${HTTP}func f() {\n\tinsecure := false\n\t_ = http.Cookie{Secure: (insecure)}\n}\n`,
    ['net/http.Cookie false@7:6'],
  ],
  [
    'Secure from a name with a comment holding a dot',
    `${HTTP}const off = false\n\nvar c = http.Cookie{Secure: (off /* a.b */)}\n`,
    ['net/http.Cookie false@7:9'],
  ],
  [
    'a cookie handed to a client among other arguments',
    `${HTTP}func f(r *http.Request, x any) {\n\tr.AddCookie(&http.Cookie{Name: "a"}, x)\n\tr.Add(&http.Cookie{Name: "b"})\n\tAddCookie(&http.Cookie{Name: "c"})\n}\n`,
    ['net/http.Cookie missing@6:15', 'net/http.Cookie missing@7:9', 'net/http.Cookie missing@8:13'],
  ],
  [
    'a name, in a file that spells false elsewhere',
    `${GIN}func remember(c *gin.Context, secure bool) bool {\n\tc.SetCookie("r", "1", 86400, "/", "", secure, true)\n\treturn false\n}\n`,
    [],
  ],
  [
    'a name for false, in a file that spells it only in a const block',
    `${GIN}const (\n\tsecure = false\n)\n\nfunc remember(c *gin.Context) {\n\tc.SetCookie("r", "1", 86400, "/", "", secure, true)\n}\n`,
    ['gin.Context.SetCookie false@10:40'],
  ],
  [
    'a qualifier the text leaves in doubt',
    `${HTTP}var a = http. Cookie{Name: "a"}\nvar b = http./* x */Cookie{Name: "b"}\n`,
    ['net/http.Cookie missing@5:9', 'net/http.Cookie missing@6:9'],
  ],
  [
    'a dot import',
    `package p\n\nimport . "net/http"\n\nvar c = Cookie{Name: "x"}\n`,
    ['net/http.Cookie missing@5:9'],
  ],
  [
    'gin with (false) and !x',
    `${GIN}func h(c *gin.Context, x bool) {\n\tc.SetCookie("s", "v", 60, "/", "", (false), true)\n\tc.SetCookie("s", "v", 60, "/", "", !x, true)\n}\n`,
    ['gin.Context.SetCookie false@6:37'],
  ],
];

for (const [name, src, findings] of parsed) {
  test(`parsed: ${name}`, () => {
    const r = judged(src, false);
    assert.ok(r.parsed, 'the text alone cannot settle it');
    assert.equal(r.findings, findings);
  });
}

test('with --strict an expression is reported, so it settles nothing', () => {
  const src = `${HTTP}func f(w http.ResponseWriter, r *http.Request) {\n\thttp.SetCookie(w, &http.Cookie{Name: "s", Secure: r.TLS != nil})\n}\n`;
  assert.equal(judged(src, true), { parsed: true, findings: ['net/http.Cookie dynamic@6:21'] });
  assert.equal(judged(src, false), { parsed: false, findings: [] });
});

test('with --strict a name is reported even where the file never spells false', () => {
  const src = `${GIN}func remember(c *gin.Context, secure bool) {\n\tc.SetCookie("r", "1", 86400, "/", "", secure, true)\n}\n`;
  assert.equal(judged(src, true), {
    parsed: true,
    findings: ['gin.Context.SetCookie dynamic@6:40'],
  });
  assert.equal(judged(src, false), { parsed: false, findings: [] });
});

test('a file with one settled spelling and one open one is parsed, and judged whole', () => {
  const src = `${HTTP}var a = http.Cookie{Secure: true}\nvar b = http.Cookie{Name: "b"}\n`;
  assert.equal(judged(src), { parsed: true, findings: ['net/http.Cookie missing@6:9'] });
});

test('bracketedList: elements at its own level, with the comments and white space around them left out', () => {
  const text = 'f(a, g(b, c), "x,)" /* , */, \'(\', `)`, // ,\n\tk: {v, w},\n)';
  const list = bracketedList(text, 1)!;
  assert.equal(
    list.elements.map((e) => elementText(text, e)),
    ['a', 'g(b, c)', '"x,)"', "'('", '`)`', 'k: {v, w}'],
  );
  assert.equal(
    list.elements.map((e) => e.keyed),
    [false, false, false, false, false, true],
  );
  assert.is(list.end, text.length);
  assert.is(bracketedList('{a, (b}', 0), null, 'mismatched brackets');
  assert.is(bracketedList('{"a\n"}', 0), null, 'a string cut by a line end');
  assert.is(bracketedList('{a, b', 0), null, 'no closing bracket');
});

test.run();
