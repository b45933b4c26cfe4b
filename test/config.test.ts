import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, commit, git, hookRepo, read, tempRepo, write } from './helpers/temp.js';

// The configuration file: what it sets, that flags win, and that a bad one is an error with
// its file, line and key, and nothing is written.

const COOKIE = 'package main\n\nimport "net/http"\n\nvar c = &http.Cookie{Name: "s"}\n';
const SESSION =
  'package main\n\nimport "github.com/gorilla/sessions"\n\nvar o = &sessions.Options{Path: "/"}\n';
const DYNAMIC =
  'package main\n\nimport "net/http"\n\nfunc f(tls bool) *http.Cookie { return &http.Cookie{Name: "d", Secure: tls} }\n';

function project(config: string, file = '.go-cookie-secure.json'): string {
  const repo = tempRepo();
  write(repo, file, config);
  write(repo, 'gen/gen.go', COOKIE);
  write(repo, 'main.go', COOKIE);
  write(repo, 'session.go', SESSION);
  write(repo, 'dynamic.go', DYNAMIC);
  git(repo, 'add', '.');
  return repo;
}

test('.go-cookie-secure.json: exclude, rules switched off and strict apply to a scan; flags win', () => {
  const repo = project(
    '{\n  "exclude": ["gen/**"],\n  "rules": { "go-security/session-secure": "off" },\n  "strict": true\n}\n',
  );
  const r = cli(repo, ['--format', 'json']);
  assert.is(r.status, 1, r.stderr);
  const files = (
    JSON.parse(r.stdout).findings as Array<{ file: string; ruleId: string; kind: string }>
  )
    .map((f) => `${f.file} ${f.kind}`)
    .sort();
  assert.equal(files, ['dynamic.go dynamic', 'main.go missing']);
  // --rule wins over "off"; --exclude adds to the file's.
  const only = cli(repo, [
    '--format',
    'json',
    '--rule',
    'go-security/session-secure',
    '--exclude',
    'main.go',
  ]);
  assert.equal(
    (JSON.parse(only.stdout).findings as Array<{ file: string }>).map((f) => f.file),
    ['session.go'],
  );
});

test('package.json "go-cookie-secure" key; --print-config shows what a run uses and where it comes from', () => {
  const repo = project(
    '{\n  "name": "svc",\n  "private": true,\n  "go-cookie-secure": { "exclude": ["gen/**"], "mode": "block" }\n}\n',
    'package.json',
  );
  const printed = cli(repo, ['--print-config']);
  assert.is(printed.status, 0, printed.stderr);
  assert.equal(JSON.parse(printed.stdout), {
    source: 'package.json ("go-cookie-secure")',
    rules: ['go-security/cookie-secure', 'go-security/session-secure'],
    exclude: ['gen/**'],
    strict: false,
    tests: false,
    mode: 'block',
  });
  assert.equal(JSON.parse(cli(tempRepo(), ['--print-config']).stdout).source, null);
  const r = cli(repo, ['--format', 'json']);
  assert.not.ok(
    (JSON.parse(r.stdout).findings as Array<{ file: string }>).some((f) =>
      f.file.startsWith('gen/'),
    ),
  );
});

test('the hook honours the configuration; init installs its mode', () => {
  const repo = hookRepo('fix');
  write(repo, '.go-cookie-secure.json', '{ "exclude": ["gen/**"], "mode": "block" }\n');
  write(repo, 'gen/gen.go', COOKIE);
  git(repo, 'add', '.');
  const r = commit(repo, ['-m', 'generated only']);
  assert.is(r.status, 0, r.stderr);
  assert.is(read(repo, 'gen/gen.go'), COOKIE);
  const init = cli(repo, ['init']);
  assert.is(init.status, 0, init.stderr);
  assert.match(init.stdout, '(block mode)');
  write(repo, 'main.go', COOKIE);
  git(repo, 'add', 'main.go');
  assert.is(commit(repo, ['-m', 'x']).status, 1);
});

for (const [label, file, text, message] of [
  [
    'not JSON',
    '.go-cookie-secure.json',
    '{\n  "exclude": ["gen/**",]\n}\n',
    /^go-cookie-secure: \.go-cookie-secure\.json:2: not valid JSON \(.+\)\n$/,
  ],
  [
    'a comment',
    '.go-cookie-secure.json',
    '{\n  // no\n  "strict": true\n}\n',
    /^go-cookie-secure: \.go-cookie-secure\.json:2: not valid JSON/,
  ],
  [
    'an unknown key',
    '.go-cookie-secure.json',
    '{\n  "strict": true,\n  "excludes": ["gen/**"]\n}\n',
    /^go-cookie-secure: \.go-cookie-secure\.json:3: unknown key "excludes" \(exclude, rules, strict, tests, mode\)\n$/,
  ],
  [
    'a wrong type',
    '.go-cookie-secure.json',
    '{\n\n  "strict": "yes"\n}\n',
    /^go-cookie-secure: \.go-cookie-secure\.json:3: "strict" must be true or false\n$/,
  ],
  [
    'an unknown rule',
    '.go-cookie-secure.json',
    '{ "rules": {\n  "go-security/cookies": "off" } }\n',
    /^go-cookie-secure: \.go-cookie-secure\.json:2: unknown rule "go-security\/cookies" in "rules"/,
  ],
  [
    'an unknown key in package.json',
    'package.json',
    '{\n  "name": "svc",\n  "go-cookie-secure": {\n    "mod": "fix"\n  }\n}\n',
    /^go-cookie-secure: package\.json:4: unknown key "go-cookie-secure\.mod"/,
  ],
] as const) {
  test(`a configuration with ${label}: exit 2 naming file, line and key; nothing written`, () => {
    const repo = project(text, file);
    const r = cli(repo, ['--fix']);
    assert.is(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1);
    assert.is(read(repo, 'main.go'), COOKIE);
    assert.is(cli(repo, ['--staged', '--fix']).status, 2);
    assert.is(git(repo, 'show', ':main.go'), COOKIE);
  });
}

test.run();
