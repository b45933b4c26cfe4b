import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  PROJECT_ROOT,
  cli,
  commit,
  git,
  hookRepo,
  read,
  tempDir,
  tempRepo,
  write,
} from './helpers/temp.js';
import { gofmt } from './helpers/gofmt.js';
import { RULES, SINKS } from '../src/rules/table.js';
import { readmeRules } from '../src/rules/docs.js';

/**
 * The framework rules through the built CLI: every output format carries each finding's own
 * rule id, --rule selects, --list-rules / --help / SARIF / README come from the table, --fix and
 * the hook fix framework code, and the prefilter finds files that never spell Cookie.
 */

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/fix');

/** A project holding the framework fixtures (gofmt-clean Go using each framework). */
function project(): string {
  const dir = tempDir();
  for (const f of readdirSync(FIXTURES).filter(
    (f) => f.endsWith('.go') && /^(gin|beego|fiber|fasthttp|csrf|sessions)-/.test(f),
  )) {
    write(dir, f, readFileSync(path.join(FIXTURES, f)));
  }
  return dir;
}

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  kind: string;
  fixable: boolean;
  fixed: boolean;
  message: string;
}

function json(dir: string, args: string[]): { status: number | null; findings: JsonFinding[] } {
  const r = cli(dir, ['--format', 'json', ...args]);
  assert.is(r.stderr, '');
  return { status: r.status, findings: JSON.parse(r.stdout).findings };
}

test('json: every framework finding with its own rule id, file, byte column and kind', () => {
  const dir = project();
  const { status, findings } = json(dir, ['.']);
  assert.is(status, 1);
  const shown = findings.map(
    (f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.kind}${f.fixable ? '' : ' (no fix)'}`,
  );
  assert.equal(shown, [
    'go-security/cookie-secure beego-cookie.go:10:47 false',
    'go-security/cookie-secure beego-cookie.go:11:54 false',
    'go-security/cookie-secure beego-cookie.go:12:2 missing (no fix)',
    'go-security/cookie-secure csrf-secure.go:11:15 false',
    'go-security/cookie-secure fasthttp-setters.go:6:2 missing',
    'go-security/cookie-secure fasthttp-setters.go:21:14 false',
    'go-security/cookie-secure fasthttp-setters.go:26:2 missing',
    'go-security/cookie-secure fiber-cookie.go:10:12 missing',
    'go-security/cookie-secure fiber-cookie.go:15:12 false',
    'go-security/cookie-secure gin-secure-false.go:8:58 false',
    'go-security/cookie-secure gin-secure-false.go:15:3 false',
    'go-security/session-secure sessions-options.go:12:19 missing',
    'go-security/session-secure sessions-options.go:20:16 false',
  ]);
  assert.match(findings[0]!.message, 'beego Context.SetCookie');
});

test('--rule selects rules (repeatable); an unknown id is a usage error', () => {
  const dir = project();
  const sessions = json(dir, ['--rule', 'go-security/session-secure', '.']);
  assert.equal(
    [...new Set(sessions.findings.map((f) => f.ruleId))],
    ['go-security/session-secure'],
  );
  assert.is(sessions.findings.length, 2);
  const both = json(dir, [
    '--rule',
    'go-security/session-secure',
    '--rule',
    'go-security/cookie-secure',
    '.',
  ]);
  assert.is(both.findings.length, 13);
  const bad = cli(dir, ['--rule', 'go-security/cookie-httponly', '.']);
  assert.is(bad.status, 2);
  assert.is(bad.stdout, '');
  assert.is(
    bad.stderr,
    'go-cookie-secure: unknown --rule go-security/cookie-httponly (go-security/cookie-secure, go-security/session-secure)\n',
  );
});

test("text and github output name each finding's rule", () => {
  const dir = project();
  const text = cli(dir, ['sessions-options.go', 'gin-secure-false.go']);
  assert.is(text.status, 1);
  assert.match(
    text.stdout,
    'sessions-options.go:12:19: sessions.Options without Secure: true can be sent over plain HTTP [go-security/session-secure]',
  );
  assert.match(
    text.stdout,
    'gin-secure-false.go:8:58: gin Context.SetCookie with argument 6 (secure) false: the cookie can be sent over plain HTTP [go-security/cookie-secure]',
  );
  const github = cli(dir, ['--format', 'github', 'sessions-options.go']);
  assert.match(
    github.stdout,
    '::error file=sessions-options.go,line=12,col=19,endLine=17,endColumn=3,title=go-security/session-secure::',
  );
});

function sarif(dir: string, args: string[]) {
  const r = cli(dir, ['--format', 'sarif', ...args]);
  const log = JSON.parse(r.stdout);
  const Ajv = createRequire(import.meta.url)('ajv-draft-04');
  const schema = JSON.parse(
    readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(
    schema,
  );
  assert.ok(validate(log), JSON.stringify(validate.errors));
  return log.runs[0];
}

test('sarif: what code scanning needs to track a result across commits', () => {
  const dir = tempDir();
  const file =
    'package main\n\nimport "net/http"\n\nvar a = &http.Cookie{Name: "a"}\nvar b = &http.Cookie{Name: "a"}\n';
  write(dir, 'svc/main.go', file);
  const before = sarif(dir, ['.']);
  const results = before.results as Array<Record<string, any>>;
  for (const r of results) {
    assert.equal(r.locations[0].physicalLocation.artifactLocation, {
      uri: 'svc/main.go',
      uriBaseId: '%SRCROOT%',
    });
    assert.match(r.partialFingerprints['goCookieSecure/v1'], /^[0-9a-f]{64}$/);
  }
  // Two identical lines: two fingerprints. Lines moved by an edit above: the same two.
  assert.is(new Set(results.map((r) => r.partialFingerprints['goCookieSecure/v1'])).size, 2);
  write(
    dir,
    'svc/main.go',
    file.replace('import "net/http"\n', 'import "net/http"\n\n// a comment\nvar x = 1\n'),
  );
  const moved = sarif(dir, ['.']).results as Array<Record<string, any>>;
  assert.is(moved[0].locations[0].physicalLocation.region.startLine, 8);
  assert.equal(
    moved.map((r) => r.partialFingerprints),
    results.map((r) => r.partialFingerprints),
  );
  const rule = (before.tool.driver.rules as Array<Record<string, any>>).find(
    (r) => r.id === 'go-security/cookie-secure',
  )!;
  assert.match(rule.helpUri, /^https:\/\//);
  assert.match(String(rule.properties['security-severity']), /^\d+(\.\d)?$/);
  assert.ok(
    rule.properties.tags.includes('CWE-614') &&
      rule.properties.tags.includes('external/cwe/cwe-614') &&
      rule.properties.tags.includes('security'),
  );
});

test('sarif: every rule of the run from the table, results pointing at their rule, fixes described', () => {
  const dir = project();
  const run = sarif(dir, ['.']);
  const rules = run.tool.driver.rules;
  assert.equal(
    rules.map((r: { id: string }) => r.id),
    RULES.map((r) => r.id),
  );
  for (const rule of rules) {
    assert.equal(rule.properties.tags, ['security', 'CWE-614', 'external/cwe/cwe-614']);
    assert.ok(rule.help.markdown.includes('| sink | violation | fix |'));
  }
  assert.is(run.results.length, 13);
  for (const r of run.results) assert.is(rules[r.ruleIndex].id, r.ruleId);
  const gin = run.results.find(
    (r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
      r.locations[0].physicalLocation.artifactLocation.uri === 'gin-secure-false.go',
  );
  assert.is(gin.fixes[0].description.text, 'Change the secure argument from false to true');
  assert.equal(gin.fixes[0].artifactChanges[0].replacements[0].insertedContent, { text: 'true' });
  const only = sarif(dir, ['--rule', 'go-security/session-secure', '.']);
  assert.equal(
    only.tool.driver.rules.map((r: { id: string }) => r.id),
    ['go-security/session-secure'],
  );
  assert.equal(
    only.results.map((r: { ruleIndex: number }) => r.ruleIndex),
    [0, 0],
  );
});

test('--list-rules and --help are generated from the table', () => {
  const dir = tempDir();
  const list = cli(dir, ['--list-rules']);
  assert.is(list.status, 0);
  for (const sink of SINKS) {
    assert.match(list.stdout, `  ${sink.id}\n`);
    for (const p of sink.importPaths) assert.match(list.stdout, p);
  }
  for (const rule of RULES) assert.match(list.stdout, `${rule.id} (${rule.cwe})`);
  const help = cli(dir, ['--help']).stdout;
  for (const rule of RULES) assert.match(help, rule.id);
  assert.match(help, '--rule ID');
  assert.match(help, 'gin Context.SetCookie');
});

test("the README's rule section is the one generated from the table (npm run docs writes it)", () => {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- rules:start -->\n');
  const end = readme.indexOf('<!-- rules:end -->');
  assert.ok(start !== -1 && end > start, 'README has the rules markers');
  assert.fixture(readme.slice(start + '<!-- rules:start -->\n'.length, end), readmeRules());
});

test('--fix: every fixable framework finding fixed, gofmt-clean, the rest reported; --diff writes nothing', () => {
  const dir = project();
  const before = readdirSync(dir).map((f) => read(dir, f));
  const diff = cli(dir, ['--diff', '.']);
  assert.is(diff.status, 1);
  assert.match(diff.stdout, '+\tc.SetSecure(true)');
  assert.equal(
    readdirSync(dir).map((f) => read(dir, f)),
    before,
  );
  const r = cli(dir, ['--fix', '--format', 'json', '.']);
  assert.is(r.status, 1, "beego's short call has no automatic fix");
  const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
  assert.equal(
    out.findings.filter((f) => !f.fixed).map((f) => `${f.file}:${f.line}`),
    ['beego-cookie.go:12'],
  );
  assert.is(gofmt(['-l', dir]).trim(), '');
  for (const f of readdirSync(dir))
    assert.fixture(
      read(dir, f),
      readFileSync(path.join(FIXTURES, f.replace(/\.go$/, '.golden')), 'utf8'),
    );
  const again = json(dir, ['.']);
  assert.equal(
    again.findings.map((f) => `${f.file}:${f.line}`),
    ['beego-cookie.go:12'],
  );
});

test('repository scan: a file that spells no Cookie but imports a framework is found (git grep needles from the table)', () => {
  const repo = tempRepo();
  write(
    repo,
    'csrf.go',
    'package main\n\nimport "github.com/gorilla/csrf"\n\nvar mw = csrf.Protect(nil, csrf.Secure(false))\n',
  );
  write(
    repo,
    'store.go',
    'package main\n\nimport "github.com/gorilla/sessions"\n\nvar o = sessions.Options{Path: "/"}\n',
  );
  write(repo, 'other.go', 'package main\n\nvar x = Secure(false) // no csrf import\n');
  git(repo, 'add', '.');
  const r = cli(repo, ['--format', 'json'], { GO_COOKIE_SECURE_TRACE_PARSER: '1' });
  const out = JSON.parse(r.stdout);
  assert.equal(
    out.findings.map((f: JsonFinding) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`),
    ['go-security/cookie-secure csrf.go:5:40', 'go-security/session-secure store.go:5:9'],
  );
  assert.is(out.summary.files, 3);
});

test('the hook never loads the parser for framework files that cannot hold a sink', () => {
  const repo = tempRepo();
  write(
    repo,
    'a.go',
    'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc h(c *gin.Context) { c.JSON(200, nil) }\n',
  );
  write(
    repo,
    'b.go',
    'package main\n\nimport "github.com/gorilla/csrf"\n\nvar mw = csrf.Protect(nil)\n',
  );
  write(
    repo,
    'c.go',
    'package main\n\nfunc Secure(b bool) {}\n\nvar _ = Options{} // no sessions import\n',
  );
  git(repo, 'add', '.');
  const clean = cli(repo, ['--staged'], { GO_COOKIE_SECURE_TRACE_PARSER: '1' });
  assert.is(clean.status, 0, clean.stderr);
  assert.not.match(clean.stderr, 'parser loaded');
  write(
    repo,
    'b.go',
    'package main\n\nimport "github.com/gorilla/csrf"\n\nvar mw = csrf.Protect(nil, csrf.Secure(false))\n',
  );
  git(repo, 'add', '.');
  const found = cli(repo, ['--staged'], { GO_COOKIE_SECURE_TRACE_PARSER: '1' });
  assert.is(found.status, 1);
  assert.match(found.stderr, 'parser loaded');
  assert.match(found.stderr, 'b.go:5:40: csrf.Secure with its argument false');
});

const GIN_HANDLER = `package main

import "github.com/gin-gonic/gin"

func login(c *gin.Context) {
	c.SetCookie("session", c.Query("t"), 3600, "/", "", false, true)
}

func main() {
	r := gin.Default()
	r.GET("/login", login)
	r.Run()
}
`;

test('hook: a gin handler is fixed on commit; the unstaged edit stays in the working tree, unstaged', () => {
  const repo = hookRepo('fix');
  write(repo, 'main.go', GIN_HANDLER);
  git(repo, 'add', 'main.go');
  // An unstaged edit in the same file, after staging.
  write(repo, 'main.go', `${GIN_HANDLER}\n// work in progress\n`);
  const r = commit(repo, ['-m', 'login']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, 'main.go:6:54: fixed: gin Context.SetCookie');
  const fixedLine = '\tc.SetCookie("session", c.Query("t"), 3600, "/", "", true, true)';
  assert.match(git(repo, 'show', 'HEAD:main.go'), fixedLine);
  assert.not.match(git(repo, 'show', 'HEAD:main.go'), 'work in progress');
  assert.is(
    read(repo, 'main.go'),
    `${GIN_HANDLER.replace('"", false, true)', '"", true, true)')}\n// work in progress\n`,
  );
  assert.is(git(repo, 'status', '--porcelain'), ' M main.go\n');
  assert.not.match(git(repo, 'diff'), 'SetCookie');
});

test('--staged --fix on every framework fixture: the index holds the golden, the working tree the golden plus the unstaged edits', () => {
  const repo = tempRepo();
  const files = readdirSync(FIXTURES).filter(
    (f) => f.endsWith('.go') && /^(gin|beego|fiber|fasthttp|csrf|sessions)-/.test(f),
  );
  for (const f of files) write(repo, f, readFileSync(path.join(FIXTURES, f)));
  git(repo, 'add', '.');
  for (const f of files)
    write(repo, f, `${readFileSync(path.join(FIXTURES, f), 'utf8')}\n// unstaged\n`);
  const r = cli(repo, ['--staged', '--fix']);
  assert.is(r.status, 1, "beego's short call remains");
  assert.match(
    r.stderr,
    'beego-cookie.go:12:2: beego Context.SetCookie without argument 6 (secure)',
  );
  for (const f of files) {
    const golden = readFileSync(path.join(FIXTURES, f.replace(/\.go$/, '.golden')), 'utf8');
    assert.fixture(git(repo, 'show', `:${f}`), golden, `${f} in the index`);
    assert.fixture(read(repo, f), `${golden}\n// unstaged\n`, `${f} in the working tree`);
  }
  assert.is(
    git(repo, 'diff', '--stat').trim().split('\n').length,
    files.length + 1,
    'every file keeps its unstaged edit, unstaged',
  );
});

test('hook in block mode: a gin handler blocks the commit with the rule and the way out', () => {
  const repo = hookRepo('block');
  write(repo, 'main.go', GIN_HANDLER);
  git(repo, 'add', 'main.go');
  const r = commit(repo, ['-m', 'login']);
  assert.is(r.status, 1);
  assert.match(r.stderr, 'main.go:6:54: gin Context.SetCookie with argument 6 (secure) false');
  assert.match(r.stderr, '[go-security/cookie-secure]');
  assert.match(r.stderr, 'go-cookie-secure --staged --fix');
  assert.is(read(repo, 'main.go'), GIN_HANDLER);
});

test.run();
