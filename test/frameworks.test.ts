import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeGo } from '../src/rules/analyze.js';
import { SINKS, type RuleId } from '../src/rules/table.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

/**
 * The framework sinks of rules/table.ts, shape by shape: flagged and not-flagged code, each
 * finding as `sink kind@line:column` (byte columns). As in detect.test.ts, the ranged parse must
 * find what a whole-file parse finds, with the same edits.
 */
function found(src: string, options: { strict?: boolean; rules?: RuleId[] } = {}): string[] {
  const show = (fs: ReturnType<typeof analyzeGo>['findings']) =>
    fs.map((f) => `${f.sink} ${f.kind}@${f.line}:${f.column}`);
  const strict = options.strict ?? false;
  const whole = analyzeGo(src, {
    strict,
    rules: options.rules,
    edits: true,
    wholeFile: true,
  }).findings;
  const ranged = analyzeGo(src, { strict, rules: options.rules, edits: true }).findings;
  assert.equal(show(ranged), show(whole), 'ranged detection differs from a whole-file parse');
  assert.equal(
    ranged.map((f) => f.edits),
    whole.map((f) => f.edits),
    'ranged edits differ from a whole-file parse',
  );
  assert.equal(
    show(analyzeGo(src, { strict, rules: options.rules, edits: false }).findings),
    show(whole),
  );
  for (const f of whole) assert.is(f.ruleId, SINKS.find((s) => s.id === f.sink)!.rule);
  return show(whole);
}

/** A file importing `imports`, with `code` from line 5 on when there is one import. */
function file(imports: string | string[], code: string): string {
  const list = Array.isArray(imports) ? imports : [imports];
  const block =
    list.length === 1
      ? `import ${list[0]}\n`
      : `import (\n${list.map((i) => `\t${i}\n`).join('')})\n`;
  return `package p\n\n${block}\n${code}\n`;
}

const GIN = '"github.com/gin-gonic/gin"';
const gin = (code: string) => file(GIN, code);

interface Case {
  name: string;
  src: string;
  want: string[];
  strict?: boolean;
  rules?: RuleId[];
}

const cases: Case[] = [
  // gin: Context.SetCookie(name, value, maxAge, path, domain, secure, httpOnly)
  {
    name: 'gin: secure false in a handler parameter',
    src: gin('func h(c *gin.Context) {\n\tc.SetCookie("s", "v", 3600, "/", "", false, true)\n}'),
    want: ['gin.Context.SetCookie false@6:39'],
  },
  {
    name: 'gin: secure true',
    src: gin('func h(c *gin.Context) {\n\tc.SetCookie("s", "v", 3600, "/", "", true, true)\n}'),
    want: [],
  },
  {
    name: 'gin: handler literal',
    src: gin(
      'func routes(r *gin.Engine) {\n\tr.GET("/", func(ctx *gin.Context) {\n\t\tctx.SetCookie("s", "v", 0, "/", "", false, true)\n\t})\n}',
    ),
    want: ['gin.Context.SetCookie false@7:39'],
  },
  {
    name: 'gin: closure sees the outer parameter',
    src: gin(
      'func h(c *gin.Context) {\n\tdo := func() {\n\t\tc.SetCookie("s", "v", 0, "/", "", false, true)\n\t}\n\tdo()\n}',
    ),
    want: ['gin.Context.SetCookie false@7:37'],
  },
  {
    name: 'gin: a variable declared *gin.Context',
    src: gin(
      'func h(x any) {\n\tvar c *gin.Context = x.(*gin.Context)\n\tc.SetCookie("s", "v", 0, "/", "", false, true)\n}',
    ),
    want: ['gin.Context.SetCookie false@7:36'],
  },
  {
    name: 'gin: method with a gin parameter',
    src: gin(
      'type H struct{}\n\nfunc (h *H) Login(c *gin.Context) {\n\tc.SetCookie("s", "v", 0, "/", "", false, true)\n}',
    ),
    want: ['gin.Context.SetCookie false@8:36'],
  },
  {
    name: 'gin: aliased import',
    src: file(
      'g "github.com/gin-gonic/gin"',
      'func h(c *g.Context) {\n\tc.SetCookie("s", "v", 0, "/", "", false, true)\n}',
    ),
    want: ['gin.Context.SetCookie false@6:36'],
  },
  {
    name: 'gin: dot import',
    src: file(
      '. "github.com/gin-gonic/gin"',
      'func h(c *Context) {\n\tc.SetCookie("s", "v", 0, "/", "", false, true)\n}',
    ),
    want: ['gin.Context.SetCookie false@6:36'],
  },
  {
    name: 'gin: multi-line call, position at the argument',
    src: gin(
      'func h(c *gin.Context) {\n\tc.SetCookie(\n\t\t"s", "v",\n\t\t3600, "/", "",\n\t\tfalse,\n\t\ttrue,\n\t)\n}',
    ),
    want: ['gin.Context.SetCookie false@9:3'],
  },
  {
    name: 'gin: parenthesized false',
    src: gin('func h(c *gin.Context) {\n\tc.SetCookie("s", "v", 0, "/", "", (false), true)\n}'),
    want: ['gin.Context.SetCookie false@6:36'],
  },
  {
    name: 'gin: a dynamic secure argument only with --strict',
    src: gin(
      'func h(c *gin.Context, tls bool) {\n\tc.SetCookie("s", "v", 0, "/", "", tls, true)\n}',
    ),
    want: [],
  },
  {
    name: 'gin: dynamic with --strict',
    src: gin(
      'func h(c *gin.Context, tls bool) {\n\tc.SetCookie("s", "v", 0, "/", "", tls, true)\n}',
    ),
    strict: true,
    want: ['gin.Context.SetCookie dynamic@6:36'],
  },
  {
    name: 'gin: a SetCookie method of another type is not it',
    src: gin(
      'type jar struct{}\n\nfunc (jar) SetCookie(a, b string, c int, d, e string, f, g bool) {}\n\nfunc h(c *gin.Context, j jar) {\n\tj.SetCookie("s", "v", 0, "/", "", false, true)\n\t_ = c\n}',
    ),
    want: [],
  },
  {
    name: 'gin: the name shadowed by another variable is not it',
    src: gin(
      'func h(c *gin.Context, j jar) {\n\t{\n\t\tc := j\n\t\tc.SetCookie("s", "v", 0, "/", "", false, true)\n\t}\n}',
    ),
    want: [],
  },
  {
    name: 'gin: a closure parameter shadows the outer one',
    src: gin(
      'func h(c *gin.Context) {\n\tf := func(c jar) {\n\t\tc.SetCookie("s", "v", 0, "/", "", false, true)\n\t}\n\t_ = f\n}',
    ),
    want: [],
  },
  {
    name: 'gin: *gin.Context of another package named gin',
    src: file(
      '"example.com/gin"',
      'func h(c *gin.Context) {\n\tc.SetCookie("s", "v", 0, "/", "", false, true)\n}',
    ),
    want: [],
  },
  {
    name: 'gin: a gin.Context value, not a pointer, is not the declared type',
    src: gin('func h(c gin.Context) {\n\tc.SetCookie("s", "v", 0, "/", "", false, true)\n}'),
    want: [],
  },
  {
    name: 'gin: spread arguments are not guessed at',
    src: gin('func h(c *gin.Context, args []any) {\n\tc.SetCookie(args...)\n}'),
    want: [],
  },
  {
    name: 'gin: suppressed on the line',
    src: gin(
      'func h(c *gin.Context) {\n\tc.SetCookie("s", "v", 0, "/", "", false, true) //go-cookie-secure:ignore\n}',
    ),
    want: [],
  },
  {
    name: 'gin: suppressed above a multi-line call',
    src: gin(
      'func h(c *gin.Context) {\n\t// no-dd-sa:go-security/cookie-secure\n\tc.SetCookie(\n\t\t"s", "v", 0, "/", "",\n\t\tfalse, true,\n\t)\n}',
    ),
    want: [],
  },
  {
    name: 'gin: a no-dd-sa list naming the session rule only',
    src: gin(
      'func h(c *gin.Context) {\n\t// no-dd-sa:go-security/session-secure\n\tc.SetCookie("s", "v", 0, "/", "", false, true)\n}',
    ),
    want: ['gin.Context.SetCookie false@7:36'],
  },
  {
    name: 'gin: --rule session-secure leaves it out',
    src: gin('func h(c *gin.Context) {\n\tc.SetCookie("s", "v", 0, "/", "", false, true)\n}'),
    rules: ['go-security/session-secure'],
    want: [],
  },

  // beego: ctx.SetCookie(name, value, others...) with others = maxAge, path, domain, secure, httpOnly
  {
    name: 'beego v2: controller Ctx, secure false',
    src: file(
      '"github.com/beego/beego/v2/server/web"',
      'type C struct{ web.Controller }\n\nfunc (c *C) Get() {\n\tc.Ctx.SetCookie("s", "v", 3600, "/", "", false, true)\n}',
    ),
    want: ['beego.Context.SetCookie false@8:43'],
  },
  {
    name: 'beego v1: controller Ctx, fewer arguments: missing, no fix',
    src: file(
      '"github.com/astaxie/beego"',
      'type C struct{ beego.Controller }\n\nfunc (this *C) Get() {\n\tthis.Ctx.SetCookie("s", "v", 3600)\n}',
    ),
    want: ['beego.Context.SetCookie missing@8:2'],
  },
  {
    name: 'beego: a *context.Context parameter',
    src: file(
      'beecontext "github.com/beego/beego/v2/server/web/context"',
      'func f(ctx *beecontext.Context) {\n\tctx.SetCookie("s", "v", 3600, "/", "", false)\n}',
    ),
    want: ['beego.Context.SetCookie false@6:41'],
  },
  {
    name: 'beego: Output.Cookie and SetSecureCookie',
    src: file(
      '"github.com/beego/beego/v2/server/web"',
      'type C struct{ web.Controller }\n\nfunc (c *C) Get() {\n\tc.Ctx.Output.Cookie("s", "v", 3600, "/", "", false)\n\tc.Ctx.SetSecureCookie("k", "s", "v", 3600, "/", "", false)\n\tc.Ctx.SetSecureCookie("k", "s", "v", 3600, "/", "", true)\n}',
    ),
    want: ['beego.BeegoOutput.Cookie false@8:47', 'beego.Context.SetSecureCookie false@9:54'],
  },
  {
    name: 'beego: secure true',
    src: file(
      '"github.com/beego/beego/v2/server/web"',
      'type C struct{ web.Controller }\n\nfunc (c *C) Get() {\n\tc.Ctx.SetCookie("s", "v", 3600, "/", "", true, true)\n}',
    ),
    want: [],
  },
  {
    name: 'beego: Ctx.SetCookie in a file that imports no beego package',
    src: file('"example.com/web"', 'func (c *C) Get() {\n\tc.Ctx.SetCookie("s", "v", 3600)\n}'),
    want: [],
  },

  // fiber.Cookie literals
  {
    name: 'fiber v2: pointer literal without Secure',
    src: file(
      '"github.com/gofiber/fiber/v2"',
      'func h(c *fiber.Ctx) error {\n\tc.Cookie(&fiber.Cookie{Name: "s", Value: "v"})\n\treturn nil\n}',
    ),
    want: ['fiber.Cookie missing@6:12'],
  },
  {
    name: 'fiber v3: Secure false, value literal',
    src: file('"github.com/gofiber/fiber/v3"', 'var c = fiber.Cookie{Name: "s", Secure: false}'),
    want: ['fiber.Cookie false@5:9'],
  },
  {
    name: 'fiber: elided in a slice, aliased import',
    src: file(
      'f "github.com/gofiber/fiber/v2"',
      'var cs = []*f.Cookie{{Name: "a"}, {Name: "b", Secure: true}}',
    ),
    want: ['fiber.Cookie missing@5:22'],
  },
  {
    name: 'fiber: later c.Secure = true',
    src: file(
      '"github.com/gofiber/fiber/v2"',
      'func f() {\n\tc := fiber.Cookie{Name: "s"}\n\tc.Secure = true\n\t_ = c\n}',
    ),
    want: [],
  },
  {
    name: 'fiber: dynamic only with --strict',
    src: file(
      '"github.com/gofiber/fiber/v2"',
      'func f(tls bool) {\n\t_ = fiber.Cookie{Secure: tls}\n}',
    ),
    strict: true,
    want: ['fiber.Cookie dynamic@6:6'],
  },
  {
    name: 'fiber.Cookie without the fiber import is not it (no snippet fallback)',
    src: 'package p\n\nvar c = fiber.Cookie{Name: "s"}\n',
    want: [],
  },
  {
    name: 'net/http and fiber Cookie in one file',
    src: file(
      ['"net/http"', '"github.com/gofiber/fiber/v2"'],
      'var a = http.Cookie{}\nvar b = fiber.Cookie{}',
    ),
    want: ['net/http.Cookie missing@8:9', 'fiber.Cookie missing@9:9'],
  },

  // fasthttp: filled in by setters
  {
    name: 'fasthttp: AcquireCookie, setters, no SetSecure',
    src: file(
      '"github.com/valyala/fasthttp"',
      'func h(ctx *fasthttp.RequestCtx) {\n\tc := fasthttp.AcquireCookie()\n\tdefer fasthttp.ReleaseCookie(c)\n\tc.SetKey("s")\n\tc.SetValue("v")\n\tctx.Response.Header.SetCookie(c)\n}',
    ),
    want: ['fasthttp.Cookie missing@6:2'],
  },
  {
    name: 'fasthttp: SetSecure(false) at the call',
    src: file(
      '"github.com/valyala/fasthttp"',
      'func h() {\n\tvar c fasthttp.Cookie\n\tc.SetKey("s")\n\tc.SetSecure(false)\n}',
    ),
    want: ['fasthttp.Cookie false@8:14'],
  },
  {
    name: 'fasthttp: SetSecure(true)',
    src: file(
      '"github.com/valyala/fasthttp"',
      'func h() {\n\tc := &fasthttp.Cookie{}\n\tc.SetKey("s")\n\tc.SetSecure(true)\n}',
    ),
    want: [],
  },
  {
    name: 'fasthttp: new(fasthttp.Cookie), dynamic with --strict',
    src: file(
      '"github.com/valyala/fasthttp"',
      'func h(tls bool) {\n\tc := new(fasthttp.Cookie)\n\tc.SetKey("s")\n\tc.SetSecure(tls)\n}',
    ),
    strict: true,
    want: ['fasthttp.Cookie dynamic@6:2'],
  },
  {
    name: 'fasthttp: a cookie only parsed (no setters) is not reported',
    src: file(
      '"github.com/valyala/fasthttp"',
      'func h(b []byte) string {\n\tc := fasthttp.AcquireCookie()\n\t_ = c.ParseBytes(b)\n\treturn string(c.Value())\n}',
    ),
    want: [],
  },
  {
    name: 'fasthttp: suppressed at the declaration',
    src: file(
      '"github.com/valyala/fasthttp"',
      'func h() {\n\tc := fasthttp.AcquireCookie() //go-cookie-secure:ignore\n\tc.SetKey("s")\n}',
    ),
    want: [],
  },
  {
    name: 'fasthttp: a type position only',
    src: file('"github.com/valyala/fasthttp"', 'func h(c *fasthttp.Cookie) {\n\tc.SetKey("s")\n}'),
    want: [],
  },

  // gorilla/csrf: csrf.Secure(false)
  {
    name: 'csrf.Secure(false)',
    src: file(
      '"github.com/gorilla/csrf"',
      'var mw = csrf.Protect(key, csrf.Secure(false), csrf.Path("/"))',
    ),
    want: ['csrf.Secure false@5:40'],
  },
  {
    name: 'csrf.Secure(true) and Protect alone',
    src: file(
      '"github.com/gorilla/csrf"',
      'var mw = csrf.Protect(key, csrf.Secure(true))\nvar mw2 = csrf.Protect(key)',
    ),
    want: [],
  },
  {
    name: 'csrf: dot import, dynamic with --strict',
    src: file(
      '. "github.com/gorilla/csrf"',
      'func f(dev bool) {\n\t_ = Protect(key, Secure(false), Secure(!dev))\n}',
    ),
    strict: true,
    want: ['csrf.Secure false@6:26', 'csrf.Secure dynamic@6:41'],
  },
  {
    name: 'csrf.Secure of another package',
    src: file('"example.com/csrf"', 'var o = csrf.Secure(false)'),
    want: [],
  },

  // sessions.Options: go-security/session-secure
  {
    name: 'gorilla sessions: store.Options = &sessions.Options{...}',
    src: file(
      '"github.com/gorilla/sessions"',
      'func f(store *sessions.CookieStore) {\n\tstore.Options = &sessions.Options{\n\t\tPath:     "/",\n\t\tMaxAge:   86400,\n\t\tHttpOnly: true,\n\t}\n}',
    ),
    want: ['sessions.Options missing@6:19'],
  },
  {
    name: 'gin-contrib sessions: Options value literal with Secure false',
    src: file(
      '"github.com/gin-contrib/sessions"',
      'func f(store sessions.Store) {\n\tstore.Options(sessions.Options{Path: "/", Secure: false})\n}',
    ),
    want: ['sessions.Options false@6:16'],
  },
  {
    name: 'sessions: Secure true',
    src: file(
      '"github.com/gorilla/sessions"',
      'var o = sessions.Options{Secure: true, HttpOnly: true}',
    ),
    want: [],
  },
  {
    name: 'sessions: --rule cookie-secure leaves it out',
    src: file('"github.com/gorilla/sessions"', 'var o = sessions.Options{}'),
    rules: ['go-security/cookie-secure'],
    want: [],
  },
  {
    name: 'sessions: a no-dd-sa list naming the cookie rule only',
    src: file(
      '"github.com/gorilla/sessions"',
      '// no-dd-sa:go-security/cookie-secure\nvar o = sessions.Options{}',
    ),
    want: ['sessions.Options missing@6:9'],
  },
  {
    name: 'sessions: no-dd-sa naming session-secure',
    src: file(
      '"github.com/gorilla/sessions"',
      '// no-dd-sa:go-security/session-secure\nvar o = sessions.Options{}',
    ),
    want: [],
  },
  {
    name: 'sessions.Options of another package',
    src: file('"example.com/sessions"', 'var o = sessions.Options{}'),
    want: [],
  },
  {
    name: 'sessions: a later o.Secure = false is the finding',
    src: file(
      '"github.com/gorilla/sessions"',
      'func f() {\n\to := &sessions.Options{Path: "/"}\n\to.Secure = false\n\t_ = o\n}',
    ),
    want: ['sessions.Options false@7:13'],
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.equal(found(c.src, { strict: c.strict, rules: c.rules }), c.want);
  });
}

test('file-level no-dd-sa naming one rule leaves the other', () => {
  const src =
    '// no-dd-sa:go-security/session-secure\npackage p\n\nimport (\n\t"github.com/gorilla/sessions"\n\t"net/http"\n)\n\nvar o = sessions.Options{}\nvar c = http.Cookie{}\n';
  assert.equal(found(src), ['net/http.Cookie missing@10:9']);
});

test('a vendored or generated framework file is skipped like any other (scan level)', async () => {
  const { scanBytes } = await import('../src/scan-bytes.js');
  const src =
    '// Code generated by x. DO NOT EDIT.\n\n' +
    gin('func h(c *gin.Context) {\n\tc.SetCookie("s", "v", 0, "/", "", false, true)\n}');
  assert.is(
    scanBytes(Buffer.from(src), { strict: false, fix: false, skipGenerated: true }).skipped,
    'generated',
  );
  assert.is(
    scanBytes(Buffer.from(src), { strict: false, fix: false, skipGenerated: false }).findings
      .length,
    1,
  );
});

test('every sink has an example that is found, and a compliant one that is not', () => {
  for (const sink of SINKS) {
    // Every path of the row (names may repeat: parsing does not mind).
    const imports = sink.snippetFallback
      ? ''
      : `import (\n${sink.importPaths.map((p) => `\t"${p}"\n`).join('')})\n\n`;
    const wrap = (code: string) =>
      `package p\n\n${imports}func h(c *${sink.id.startsWith('gin') ? 'gin.Context' : 'T'}, w W, v string) {\n\t${code.replace(/\n/g, '\n\t')}\n}\n`;
    const bad = analyzeGo(wrap(sink.example.noncompliant), {
      strict: false,
      edits: false,
    }).findings;
    const good = analyzeGo(wrap(sink.example.compliant), { strict: false, edits: false }).findings;
    assert.equal(
      bad.map((f) => f.sink),
      [sink.id],
      `${sink.id}: noncompliant example`,
    );
    assert.equal(
      good.map((f) => f.sink),
      [],
      `${sink.id}: compliant example`,
    );
  }
});

test.run();
