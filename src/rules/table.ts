/**
 * Every rule and every sink the tool knows, as data. Detection (rules/analyze.ts) runs one
 * engine per sink shape over these rows; --help, --list-rules, the SARIF `rules` array and the
 * README's rule section are generated from them (rules/docs.ts). A new framework is a row here
 * and its tests.
 */

import type { RuleId } from '../types.js';
import type { Lifetime } from './deletion.js';

export type { RuleId };

export interface Rule {
  id: RuleId;
  /** SARIF's `name`: PascalCase. */
  name: string;
  title: string;
  help: string;
  cwe: string;
  /** SARIF security-severity (CVSS-like, as code scanning reads it). */
  securitySeverity: string;
}

export const RULES: readonly Rule[] = [
  {
    id: 'go-security/cookie-secure',
    name: 'CookieSecure',
    title: 'Cookies must be Secure',
    help:
      'A cookie without the Secure attribute is sent over plain HTTP too, where anyone on the path can read it (CWE-614). ' +
      'Set Secure to true wherever the cookie is made (a net/http or fiber Cookie literal, gin or beego SetCookie, fasthttp SetSecure, gorilla/csrf Secure), ' +
      'or suppress a deliberate case with //go-cookie-secure:ignore.',
    cwe: 'CWE-614',
    securitySeverity: '4.0',
  },
  {
    id: 'go-security/session-secure',
    name: 'SessionSecure',
    title: 'Session cookies must be Secure',
    help:
      'Session stores write their session cookie with the options they are given: without Secure: true it is sent over plain HTTP too, ' +
      'where anyone on the path can read the session (CWE-614). Set Secure: true in the sessions.Options literal, ' +
      'or suppress a deliberate case with //go-cookie-secure:ignore.',
    cwe: 'CWE-614',
    securitySeverity: '4.0',
  },
];

/**
 * Where a call's receiver comes from. With `type`, the receiver is an identifier declared with
 * that type of one of `importPaths`' packages (`*Context`: a pointer to it) as a parameter or
 * variable of an enclosing function, then `fields` selected from it; without `type`, any
 * expression whose selector chain ends with `fields`, in a file that imports one of `importPaths`
 * (beego's controllers: `c.Ctx.SetCookie(...)`, `Ctx` promoted from the embedded Controller).
 */
export interface Receiver {
  type?: string;
  fields?: readonly string[];
  importPaths: readonly string[];
}

export type Shape =
  /** A composite literal of `type` (and elided ones inside slices and maps of it) must set `field: true`. */
  | {
      kind: 'struct-literal';
      type: string;
      field: string;
      /** The fields that end the cookie: a literal that deletes it is not a finding (rules/deletion.ts). */
      lifetime?: Lifetime;
    }
  /**
   * A call whose argument at `index` must be the constant `true`: a package function (`function`)
   * or a method on a receiver declared as in `receivers`. With `fewerIsMissing`, a call that
   * stops before `index` (a variadic tail) leaves the attribute off.
   */
  | {
      kind: 'call-argument';
      function?: string;
      method?: string;
      receivers?: readonly Receiver[];
      index: number;
      fewerIsMissing?: boolean;
      /** The max-age argument's index: a negative constant there deletes the cookie, not a finding. */
      maxAgeIndex?: number;
    }
  /**
   * A value of `type` (from `constructor()`, `new(T)`, `var c T`, `&T{}`) filled in by `Set*`
   * methods: `setter(false)` is a violation, and so is a value filled in without `setter(true)`.
   */
  | { kind: 'setters'; type: string; constructor: string; setter: string };

export interface Sink {
  /** Short, stable: `--list-rules` and the docs name it. */
  id: string;
  rule: RuleId;
  /** How messages name the API: `http.Cookie`, `gin Context.SetCookie`. */
  subject: string;
  importPaths: readonly string[];
  /**
   * A file importing nothing under the package's default name (a documentation snippet) is
   * read as if it imported the first import path under it.
   */
  snippetFallback?: boolean;
  shape: Shape;
  /** Text every instance of the sink spells: with an import path, a file's cheap prefilter. */
  spelling: string;
  example: { noncompliant: string; compliant: string };
}

const COOKIE = 'go-security/cookie-secure';
const SESSION = 'go-security/session-secure';
const BEEGO_CONTEXT = [
  'github.com/beego/beego/v2/server/web/context',
  'github.com/astaxie/beego/context',
];
const BEEGO_WEB = [
  'github.com/beego/beego/v2/server/web',
  'github.com/beego/beego/v2',
  'github.com/astaxie/beego',
];

export const SINKS: readonly Sink[] = [
  {
    id: 'net/http.Cookie',
    rule: COOKIE,
    subject: 'http.Cookie',
    importPaths: ['net/http'],
    snippetFallback: true,
    shape: {
      kind: 'struct-literal',
      type: 'Cookie',
      field: 'Secure',
      lifetime: { maxAge: 'MaxAge', expires: 'Expires' },
    },
    spelling: 'Cookie',
    example: {
      noncompliant: 'http.SetCookie(w, &http.Cookie{Name: "sid", Value: v})',
      compliant: 'http.SetCookie(w, &http.Cookie{Name: "sid", Value: v, Secure: true})',
    },
  },
  {
    id: 'gin.Context.SetCookie',
    rule: COOKIE,
    subject: 'gin Context.SetCookie',
    importPaths: ['github.com/gin-gonic/gin'],
    shape: {
      kind: 'call-argument',
      method: 'SetCookie',
      receivers: [{ type: '*Context', importPaths: ['github.com/gin-gonic/gin'] }],
      index: 5,
      maxAgeIndex: 2,
    },
    spelling: 'SetCookie',
    example: {
      noncompliant: 'c.SetCookie("sid", v, 3600, "/", "", false, true)',
      compliant: 'c.SetCookie("sid", v, 3600, "/", "", true, true)',
    },
  },
  {
    id: 'beego.Context.SetCookie',
    rule: COOKIE,
    subject: 'beego Context.SetCookie',
    importPaths: [...BEEGO_CONTEXT, ...BEEGO_WEB],
    shape: {
      kind: 'call-argument',
      method: 'SetCookie',
      receivers: [
        { type: '*Context', importPaths: BEEGO_CONTEXT },
        { fields: ['Ctx'], importPaths: BEEGO_WEB },
      ],
      index: 5,
      fewerIsMissing: true,
      maxAgeIndex: 2,
    },
    spelling: 'SetCookie',
    example: {
      noncompliant: 'c.Ctx.SetCookie("sid", v, 3600, "/", "", false, true)',
      compliant: 'c.Ctx.SetCookie("sid", v, 3600, "/", "", true, true)',
    },
  },
  {
    id: 'beego.BeegoOutput.Cookie',
    rule: COOKIE,
    subject: 'beego BeegoOutput.Cookie',
    importPaths: [...BEEGO_CONTEXT, ...BEEGO_WEB],
    shape: {
      kind: 'call-argument',
      method: 'Cookie',
      receivers: [
        { type: '*BeegoOutput', importPaths: BEEGO_CONTEXT },
        { type: '*Context', fields: ['Output'], importPaths: BEEGO_CONTEXT },
        { fields: ['Ctx', 'Output'], importPaths: BEEGO_WEB },
      ],
      index: 5,
      fewerIsMissing: true,
    },
    spelling: 'Cookie',
    example: {
      noncompliant: 'c.Ctx.Output.Cookie("sid", v, 3600, "/", "", false)',
      compliant: 'c.Ctx.Output.Cookie("sid", v, 3600, "/", "", true)',
    },
  },
  {
    id: 'beego.Context.SetSecureCookie',
    rule: COOKIE,
    subject: 'beego Context.SetSecureCookie',
    importPaths: [...BEEGO_CONTEXT, ...BEEGO_WEB],
    shape: {
      kind: 'call-argument',
      method: 'SetSecureCookie',
      receivers: [
        { type: '*Context', importPaths: BEEGO_CONTEXT },
        { fields: ['Ctx'], importPaths: BEEGO_WEB },
      ],
      index: 6,
      fewerIsMissing: true,
    },
    spelling: 'SetSecureCookie',
    example: {
      noncompliant: 'c.Ctx.SetSecureCookie(secret, "sid", v, 3600, "/", "", false)',
      compliant: 'c.Ctx.SetSecureCookie(secret, "sid", v, 3600, "/", "", true)',
    },
  },
  {
    id: 'fiber.Cookie',
    rule: COOKIE,
    subject: 'fiber.Cookie',
    importPaths: [
      'github.com/gofiber/fiber/v2',
      'github.com/gofiber/fiber/v3',
      'github.com/gofiber/fiber',
    ],
    shape: {
      kind: 'struct-literal',
      type: 'Cookie',
      field: 'Secure',
      lifetime: { maxAge: 'MaxAge', expires: 'Expires' },
    },
    spelling: 'Cookie',
    example: {
      noncompliant: 'c.Cookie(&fiber.Cookie{Name: "sid", Value: v})',
      compliant: 'c.Cookie(&fiber.Cookie{Name: "sid", Value: v, Secure: true})',
    },
  },
  {
    id: 'fasthttp.Cookie',
    rule: COOKIE,
    subject: 'fasthttp.Cookie',
    importPaths: ['github.com/valyala/fasthttp'],
    shape: { kind: 'setters', type: 'Cookie', constructor: 'AcquireCookie', setter: 'SetSecure' },
    spelling: 'Cookie',
    example: {
      noncompliant:
        'c := fasthttp.AcquireCookie()\nc.SetKey("sid")\nc.SetValue(v)\nctx.Response.Header.SetCookie(c)',
      compliant:
        'c := fasthttp.AcquireCookie()\nc.SetKey("sid")\nc.SetValue(v)\nc.SetSecure(true)\nctx.Response.Header.SetCookie(c)',
    },
  },
  {
    id: 'csrf.Secure',
    rule: COOKIE,
    subject: 'csrf.Secure',
    importPaths: ['github.com/gorilla/csrf'],
    shape: { kind: 'call-argument', function: 'Secure', index: 0 },
    spelling: 'Secure',
    example: {
      noncompliant: 'csrf.Protect(key, csrf.Secure(false))',
      compliant: 'csrf.Protect(key)',
    },
  },
  {
    id: 'sessions.Options',
    rule: SESSION,
    subject: 'sessions.Options',
    importPaths: ['github.com/gorilla/sessions', 'github.com/gin-contrib/sessions'],
    shape: { kind: 'struct-literal', type: 'Options', field: 'Secure' },
    spelling: 'Options',
    example: {
      noncompliant: 'store.Options = &sessions.Options{Path: "/", MaxAge: 86400}',
      compliant: 'store.Options = &sessions.Options{Path: "/", MaxAge: 86400, Secure: true}',
    },
  },
];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

export function sinkById(id: string): Sink | undefined {
  return SINKS.find((s) => s.id === id);
}

/** The selected rules, or all of them. */
export function rulesOf(selected: readonly RuleId[] | undefined): readonly Rule[] {
  return !selected || selected.length === 0 ? RULES : RULES.filter((r) => selected.includes(r.id));
}

/** The sinks of the selected rules (all rules when none are selected). */
export function sinksOf(rules: readonly RuleId[] | undefined): readonly Sink[] {
  return !rules || rules.length === 0 ? SINKS : SINKS.filter((s) => rules.includes(s.rule));
}
