import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeGo } from '../src/rules/analyze.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

/**
 * Deletion cookies (SPEC §7): a negative max-age or an Expires constant in the past carries no
 * data, so it is not a finding, in every sink that states a lifetime. Each silent case has a
 * twin that is reported, so that the rule is about the deletion and not the shape.
 */
function found(src: string): string[] {
  const show = (fs: ReturnType<typeof analyzeGo>['findings']) =>
    fs.map((f) => `${f.sink} ${f.kind}@${f.line}:${f.column}`);
  const whole = show(analyzeGo(src, { strict: false, edits: true, wholeFile: true }).findings);
  assert.equal(
    show(analyzeGo(src, { strict: false, edits: true }).findings),
    whole,
    'ranged parse',
  );
  return whole;
}

const http = (code: string) =>
  `package p\n\nimport (\n\t"net/http"\n\t"time"\n)\n\nfunc f(w http.ResponseWriter) {\n\t${code}\n}\n`;
const gin = (code: string) =>
  `package p\n\nimport "github.com/gin-gonic/gin"\n\nfunc h(c *gin.Context) {\n\t${code}\n}\n`;
const fiber = (code: string) =>
  `package p\n\nimport (\n\t"time"\n\n\t"github.com/gofiber/fiber/v2"\n)\n\nfunc h(c *fiber.Ctx) {\n\t${code}\n}\n`;

const silent: Array<[string, string]> = [
  [
    'net/http MaxAge: -1',
    http('http.SetCookie(w, &http.Cookie{Name: "s", Value: "", MaxAge: -1})'),
  ],
  ['net/http MaxAge: (-1)', http('http.SetCookie(w, &http.Cookie{Name: "s", MaxAge: (-1)})')],
  [
    'net/http Expires: time.Unix(0, 0)',
    http('http.SetCookie(w, &http.Cookie{Name: "s", Expires: time.Unix(0, 0)})'),
  ],
  [
    'net/http Expires: time.Unix(0, 0).UTC()',
    http('http.SetCookie(w, &http.Cookie{Name: "s", Expires: time.Unix(0, 0).UTC()})'),
  ],
  [
    'net/http Expires: time.Date(1970, ...)',
    http(
      'http.SetCookie(w, &http.Cookie{Name: "s", Expires: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)})',
    ),
  ],
  [
    'net/http Secure: false on a deletion cookie',
    http('http.SetCookie(w, &http.Cookie{Name: "s", MaxAge: -1, Secure: false})'),
  ],
  ['gin maxAge -1 with secure false', gin('c.SetCookie("s", "", -1, "/", "", false, true)')],
  ['fiber MaxAge: -1', fiber('c.Cookie(&fiber.Cookie{Name: "s", MaxAge: -1})')],
  [
    'fiber Expires: time.Unix(0, 0)',
    fiber('c.Cookie(&fiber.Cookie{Name: "s", Expires: time.Unix(0, 0)})'),
  ],
];

const reported: Array<[string, string, string[]]> = [
  [
    'net/http MaxAge: 3600',
    http('http.SetCookie(w, &http.Cookie{Name: "s", MaxAge: 3600})'),
    ['net/http.Cookie missing@9:21'],
  ],
  [
    'net/http MaxAge: 0 (no Max-Age at all)',
    http('http.SetCookie(w, &http.Cookie{Name: "s", MaxAge: 0})'),
    ['net/http.Cookie missing@9:21'],
  ],
  [
    'net/http MaxAge from a variable',
    http('age := -1\n\thttp.SetCookie(w, &http.Cookie{Name: "s", MaxAge: age})'),
    ['net/http.Cookie missing@10:21'],
  ],
  [
    'net/http Expires computed at run time',
    http('http.SetCookie(w, &http.Cookie{Name: "s", Expires: time.Now().Add(-time.Hour)})'),
    ['net/http.Cookie missing@9:21'],
  ],
  [
    'net/http Expires in the future',
    http(
      'http.SetCookie(w, &http.Cookie{Name: "s", Expires: time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC)})',
    ),
    ['net/http.Cookie missing@9:21'],
  ],
  [
    'gin maxAge 3600 with secure false',
    gin('c.SetCookie("s", "v", 3600, "/", "", false, true)'),
    ['gin.Context.SetCookie false@6:39'],
  ],
  [
    'fiber MaxAge: 60',
    fiber('c.Cookie(&fiber.Cookie{Name: "s", MaxAge: 60})'),
    ['fiber.Cookie missing@10:12'],
  ],
];

for (const [name, src] of silent) {
  test(`deletion, silent: ${name}`, () => {
    assert.equal(found(src), []);
  });
}
for (const [name, src, want] of reported) {
  test(`not a deletion, reported: ${name}`, () => {
    assert.equal(found(src), want);
  });
}

test.run();
