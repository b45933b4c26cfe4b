/**
 * A deterministic, realistic Go corpus for benchmarks: service packages with handlers, models,
 * tests and vendored-looking trees. About 1.5% of files mention `Cookie`: net/http literals in
 * every shape the rule knows, and other packages' Cookie types.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { random } from '../test/helpers/go-generator.js';

const WORDS = ['user', 'order', 'account', 'session', 'invoice', 'product', 'cart', 'payment', 'token', 'profile', 'report', 'audit', 'policy', 'tenant', 'shard', 'queue', 'event', 'metric', 'config', 'cache'];

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}
function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

function structDecl(rnd: () => number, name: string): string {
  let s = `// ${name} is stored in the ${pick(rnd, WORDS)} table.\ntype ${name} struct {\n`;
  const n = 4 + Math.floor(rnd() * 10);
  for (let i = 0; i < n; i++) s += `\t${cap(pick(rnd, WORDS))}${i} ${pick(rnd, ['string', 'int64', 'time.Time', '[]byte', 'bool', 'map[string]string'])} \`json:"${pick(rnd, WORDS)}_${i}"\`\n`;
  return s + '}\n\n';
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
  return s + '\treturn out, nil\n}\n\n';
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
];
const OTHER_COOKIE = [
  '\tjar := &cookiejar.Cookie{Name: "x"} // another package\'s Cookie\n\t_ = jar\n',
  '\tvar c http.Cookie // a type position\n\t_ = c\n',
  '\t_ = fiber.Cookie{Name: "f"}\n',
  '\tlog.Print("Cookie header missing")\n',
];

/** Writes the corpus under `dir`; returns the number of files and bytes. */
export function writeCorpus(dir: string, files: number, seed = 1): { files: number; bytes: number; cookieFiles: number } {
  const rnd = random(seed);
  let bytes = 0;
  let cookieFiles = 0;
  for (let i = 0; i < files; i++) {
    const svc = `svc${i % 40}`;
    const kind = rnd();
    const vendored = kind < 0.25;
    const pkg = vendored ? `vendor/github.com/acme/${pick(rnd, WORDS)}${i % 23}` : `${svc}/internal/${pick(rnd, WORDS)}`;
    const test = !vendored && kind > 0.85;
    const name = `${pick(rnd, WORDS)}_${i}${test ? '_test' : ''}.go`;
    let src = `package ${path.basename(pkg).replace(/\d+$/, '')}\n\nimport (\n\t"context"\n\t"fmt"\n\t"log"\n\t"net/http"\n\t"strings"\n\t"time"\n)\n\n`;
    const target = 2000 + Math.floor(rnd() * 11000);
    let k = 0;
    while (src.length < target) {
      src += rnd() < 0.3 ? structDecl(rnd, `${cap(pick(rnd, WORDS))}${k++}`) : funcDecl(rnd, `${cap(pick(rnd, WORDS))}${k++}`);
    }
    if (rnd() < 0.015) {
      cookieFiles++;
      src += `func cookieHandler${i}(w http.ResponseWriter, r *http.Request, token string) {\n`;
      src += rnd() < 0.75 ? pick(rnd, COOKIE_SNIPPETS) : pick(rnd, OTHER_COOKIE);
      src += '}\n';
    }
    const file = path.join(dir, pkg, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, src);
    bytes += src.length;
  }
  return { files, bytes, cookieFiles };
}
