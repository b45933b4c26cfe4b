import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeGo } from '../src/rules/analyze.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

/** Messages say when a browser refuses the cookie outright without Secure (SPEC §7). */
const messages = (src: string) =>
  analyzeGo(src, { strict: false, edits: false }).findings.map((f) => f.message);

const http = (literal: string) =>
  `package p\n\nimport "net/http"\n\nfunc f(w http.ResponseWriter) {\n\thttp.SetCookie(w, &${literal})\n}\n`;
const PLAIN = 'http.Cookie without Secure: true can be sent over plain HTTP';

test('SameSite=None without Secure: browsers reject it', () => {
  assert.equal(messages(http('http.Cookie{Name: "s", SameSite: http.SameSiteNoneMode}')), [
    `${PLAIN}, and browsers reject a SameSite=None cookie without Secure`,
  ]);
  assert.equal(messages(http('http.Cookie{Name: "s", SameSite: http.SameSiteLaxMode}')), [PLAIN]);
});

test('__Host- and __Secure- names without Secure: browsers reject them', () => {
  assert.equal(messages(http('http.Cookie{Name: "__Host-sid"}')), [
    `${PLAIN}, and browsers reject a cookie whose name starts with __Host- without Secure`,
  ]);
  assert.equal(messages(http('http.Cookie{Name: "__Secure-sid", Secure: false}')), [
    'http.Cookie with Secure: false can be sent over plain HTTP, and browsers reject a cookie whose name starts with __Secure- without Secure',
  ]);
  assert.equal(messages(http('http.Cookie{Name: "sid__Host-"}')), [PLAIN]);
});

test("gin's name argument with a __Host- prefix", () => {
  const src =
    'package p\n\nimport "github.com/gin-gonic/gin"\n\nfunc h(c *gin.Context) {\n\tc.SetCookie("__Host-sid", "v", 3600, "/", "", false, true)\n}\n';
  assert.equal(messages(src), [
    'gin Context.SetCookie with argument 6 (secure) false: the cookie can be sent over plain HTTP, and browsers reject a cookie whose name starts with __Host- without Secure',
  ]);
});

test.run();
