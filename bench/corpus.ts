/**
 * A deterministic, realistic Go corpus for benchmarks: service packages with handlers, models,
 * tests and vendored-looking trees. About 1.5% of files mention `Cookie`: net/http literals in
 * every shape the rule knows, and other packages' Cookie types. About 1% hold a framework sink
 * (gin, beego, fiber, fasthttp, gorilla/csrf, session options) in one of its shapes, and about 5%
 * import a framework without setting a cookie through it (handlers, routes, middleware).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { random } from '../test/helpers/go-generator.js';

const WORDS = [
  'user',
  'order',
  'account',
  'session',
  'invoice',
  'product',
  'cart',
  'payment',
  'token',
  'profile',
  'report',
  'audit',
  'policy',
  'tenant',
  'shard',
  'queue',
  'event',
  'metric',
  'config',
  'cache',
];

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}
function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

function structDecl(rnd: () => number, name: string): string {
  let s = `// ${name} is stored in the ${pick(rnd, WORDS)} table.\ntype ${name} struct {\n`;
  const n = 4 + Math.floor(rnd() * 10);
  for (let i = 0; i < n; i++)
    s += `\t${cap(pick(rnd, WORDS))}${i} ${pick(rnd, ['string', 'int64', 'time.Time', '[]byte', 'bool', 'map[string]string'])} \`json:"${pick(rnd, WORDS)}_${i}"\`\n`;
  return `${s}}\n\n`;
}

function funcDecl(rnd: () => number, name: string): string {
  const w = pick(rnd, WORDS);
  let s = `// ${name} handles ${w} requests.\nfunc ${name}(ctx context.Context, id string, limit int) ([]string, error) {\n`;
  s += `\tif id == "" {\n\t\treturn nil, fmt.Errorf("${w}: empty id")\n\t}\n\tout := make([]string, 0, limit)\n`;
  const n = 3 + Math.floor(rnd() * 12);
  for (let i = 0; i < n; i++) {
    s += pick(rnd, [
      `\tfor i := 0; i < limit; i++ {\n\t\tout = append(out, fmt.Sprintf("%s-%d", id, i))\n\t}\n`,
      `\tif len(out) > ${i * 7} {\n\t\tlog.Printf("${w} %d items", len(out))\n\t}\n`,
      `\tswitch id[0] {\n\tcase 'a':\n\t\tout = append(out, "alpha")\n\tdefault:\n\t\tout = append(out, strings.ToUpper(id))\n\t}\n`,
      `\tselect {\n\tcase <-ctx.Done():\n\t\treturn nil, ctx.Err()\n\tdefault:\n\t}\n`,
    ]);
  }
  return `${s}\treturn out, nil\n}\n\n`;
}

const COOKIE_SNIPPETS = [
  '\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: token, Path: "/"})\n',
  '\tc := http.Cookie{\n\t\tName:     "sid",\n\t\tValue:    token,\n\t\tHttpOnly: true,\n\t}\n\thttp.SetCookie(w, &c)\n',
  '\thttp.SetCookie(w, &http.Cookie{Name: "pref", Value: "x", Secure: false})\n',
  '\thttp.SetCookie(w, &http.Cookie{Name: "ok", Value: token, Secure: true, HttpOnly: true})\n',
  '\tcs := []*http.Cookie{{Name: "a"}, {Name: "b", Secure: true}}\n\t_ = cs\n',
  '\tm := map[string]http.Cookie{"a": {Name: "a"}}\n\t_ = m\n',
  '\tc := &http.Cookie{Name: "dyn", Secure: r.TLS != nil}\n\thttp.SetCookie(w, c)\n',
  '\tu := http.Cookie{"legacy", token, "/", "", time.Time{}, "", 0, false, false, 0, "", nil}\n\t_ = u\n',
  '\t//go-cookie-secure:ignore\n\thttp.SetCookie(w, &http.Cookie{Name: "dev"})\n',
  // SPEC §6: followed within the function.
  '\tc := new(http.Cookie)\n\tc.Name = "sid"\n\tc.Value = token\n\thttp.SetCookie(w, c)\n',
  '\tsecure := false\n\thttp.SetCookie(w, &http.Cookie{Name: "s", Value: token, Secure: secure})\n',
  '\tc := &http.Cookie{Name: "s", Value: token}\n\tif r.TLS != nil {\n\t\tc.Secure = true\n\t}\n\thttp.SetCookie(w, c)\n',
  '\tc := &http.Cookie{Name: "s", Value: token, Secure: true}\n\tc.Secure = false\n\thttp.SetCookie(w, c)\n',
];

/** Cookies a client sends (tests, HTTP clients): not findings (SPEC §6). */
const REQUEST_SNIPPETS = [
  '\tr.AddCookie(&http.Cookie{Name: "session", Value: token})\n',
  '\tc := &http.Cookie{Name: "session", Value: token}\n\tr.AddCookie(c)\n',
  '\tfor _, c := range []*http.Cookie{{Name: "a"}, {Name: "b"}} {\n\t\tr.AddCookie(c)\n\t}\n',
];
const OTHER_COOKIE = [
  '\tjar := &cookiejar.Cookie{Name: "x"} // another package\'s Cookie\n\t_ = jar\n',
  '\tvar c http.Cookie // a type position\n\t_ = c\n',
  '\t_ = fiber.Cookie{Name: "f"}\n',
  '\tlog.Print("Cookie header missing")\n',
];

/** A framework sink: the import it needs and a function body that uses it. */
const FRAMEWORK_SNIPPETS: Array<{ imports: string[]; code: string }> = [
  {
    imports: ['"github.com/gin-gonic/gin"'],
    code: 'func login(c *gin.Context) {\n\tc.SetCookie("session", c.Query("t"), 3600, "/", "", false, true)\n}\n',
  },
  {
    imports: ['"github.com/gin-gonic/gin"'],
    code: 'func routes(r *gin.Engine) {\n\tr.GET("/", func(ctx *gin.Context) {\n\t\tctx.SetCookie("lang", "en", 0, "/", "", true, true)\n\t})\n}\n',
  },
  {
    imports: ['"github.com/gin-gonic/gin"'],
    code: 'func remember(c *gin.Context, secure bool) {\n\tc.SetCookie("r", "1", 86400, "/", "", secure, true)\n}\n',
  },
  {
    imports: ['"github.com/beego/beego/v2/server/web"'],
    code: 'type MainController struct {\n\tweb.Controller\n}\n\nfunc (c *MainController) Get() {\n\tc.Ctx.SetCookie("lang", "en", 3600, "/", "", false)\n\tc.Ctx.SetCookie("short", "v", 60)\n}\n',
  },
  {
    imports: ['"github.com/gofiber/fiber/v2"'],
    code: 'func setSession(c *fiber.Ctx, token string) error {\n\tc.Cookie(&fiber.Cookie{\n\t\tName:  "session",\n\t\tValue: token,\n\t})\n\treturn nil\n}\n',
  },
  {
    imports: ['"github.com/valyala/fasthttp"'],
    code: 'func setSession(ctx *fasthttp.RequestCtx, token string) {\n\tc := fasthttp.AcquireCookie()\n\tdefer fasthttp.ReleaseCookie(c)\n\tc.SetKey("session") // name\n\tc.SetValue(token)   // value\n\tctx.Response.Header.SetCookie(c)\n}\n',
  },
  {
    imports: ['"net/http"', '"github.com/gorilla/csrf"'],
    code: 'func protect(h http.Handler, key []byte) http.Handler {\n\treturn csrf.Protect(key, csrf.Secure(false))(h)\n}\n',
  },
  {
    imports: ['"github.com/gorilla/sessions"'],
    code: 'var store = sessions.NewCookieStore([]byte("k"))\n\nfunc init() {\n\tstore.Options = &sessions.Options{\n\t\tPath:     "/",\n\t\tMaxAge:   86400,\n\t\tHttpOnly: true,\n\t}\n}\n',
  },
  {
    imports: ['"github.com/gin-contrib/sessions"'],
    code: 'func configure(store sessions.Store) {\n\tstore.Options(sessions.Options{Path: "/", Secure: true})\n}\n',
  },
];

/** Framework code that sets no cookie: imports the prefilter must look past. */
const FRAMEWORK_OTHER: Array<{ imports: string[]; code: string }> = [
  {
    imports: ['"github.com/gin-gonic/gin"'],
    code: 'func health(c *gin.Context) {\n\tc.JSON(200, gin.H{"ok": true})\n}\n',
  },
  {
    imports: ['"github.com/gofiber/fiber/v2"'],
    code: 'func health(c *fiber.Ctx) error {\n\treturn c.SendString("ok")\n}\n',
  },
  {
    imports: ['"github.com/gorilla/sessions"'],
    code: 'func user(s *sessions.Session) any {\n\treturn s.Values["user"]\n}\n',
  },
];

/** Writes the corpus under `dir`; returns the number of files and bytes. */
export function writeCorpus(
  dir: string,
  files: number,
  seed = 1,
): { files: number; bytes: number; cookieFiles: number; frameworkFiles: number } {
  const rnd = random(seed);
  let bytes = 0;
  let cookieFiles = 0;
  let frameworkFiles = 0;
  for (let i = 0; i < files; i++) {
    const svc = `svc${i % 40}`;
    const kind = rnd();
    const vendored = kind < 0.25;
    const pkg = vendored
      ? `vendor/github.com/acme/${pick(rnd, WORDS)}${i % 23}`
      : `${svc}/internal/${pick(rnd, WORDS)}`;
    const test = !vendored && kind > 0.85;
    const name = `${pick(rnd, WORDS)}_${i}${test ? '_test' : ''}.go`;
    const framework =
      rnd() < 0.01
        ? pick(rnd, FRAMEWORK_SNIPPETS)
        : rnd() < 0.05
          ? pick(rnd, FRAMEWORK_OTHER)
          : undefined;
    const extra = framework
      ? framework.imports
          .filter((i) => i !== '"net/http"')
          .map((i) => `\t${i}\n`)
          .join('')
      : '';
    let src = `package ${path.basename(pkg).replace(/\d+$/, '')}\n\nimport (\n\t"context"\n\t"fmt"\n\t"log"\n\t"net/http"\n\t"strings"\n\t"time"\n${extra ? `\n${extra}` : ''})\n\n`;
    const target = 2000 + Math.floor(rnd() * 11000);
    let k = 0;
    while (src.length < target) {
      src +=
        rnd() < 0.3
          ? structDecl(rnd, `${cap(pick(rnd, WORDS))}${k++}`)
          : funcDecl(rnd, `${cap(pick(rnd, WORDS))}${k++}`);
    }
    if (rnd() < 0.015) {
      cookieFiles++;
      src += `func cookieHandler${i}(w http.ResponseWriter, r *http.Request, token string) {\n`;
      const kind = rnd();
      src +=
        kind < 0.6
          ? pick(rnd, COOKIE_SNIPPETS)
          : kind < 0.8
            ? pick(rnd, REQUEST_SNIPPETS)
            : pick(rnd, OTHER_COOKIE);
      src += '}\n';
    }
    if (framework) {
      src += framework.code;
      if (FRAMEWORK_SNIPPETS.includes(framework)) frameworkFiles++;
    }
    const file = path.join(dir, pkg, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, src);
    bytes += src.length;
  }
  return { files, bytes, cookieFiles, frameworkFiles };
}
