import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { cli, git, read, tempDir, tempRepo, write } from './helpers/temp.js';

const INSECURE =
  'package main\n\nimport "net/http"\n\nvar c = &http.Cookie{\n\tName:  "s",\n\tValue: "v",\n}\n';
const FIXED =
  'package main\n\nimport "net/http"\n\nvar c = &http.Cookie{\n\tName:   "s",\n\tValue:  "v",\n\tSecure: true,\n}\n';
const UNKEYED = 'package main\n\nimport "net/http"\n\nvar u = http.Cookie{"n", "v"}\n';

test('--fix rewrites files in place, reports them fixed, exits 0', () => {
  const dir = tempDir();
  write(dir, 'a.go', INSECURE);
  const r = cli(dir, ['--fix', '.']);
  assert.is(r.status, 0, r.stderr);
  assert.is(read(dir, 'a.go'), FIXED);
  assert.is(
    r.stdout,
    'a.go:5:10: fixed: http.Cookie without Secure: true can be sent over plain HTTP [go-security/cookie-secure]\n' +
      'go-cookie-secure: 1 finding in 1 file (1 fixed, 0 remaining)\n',
  );
  assert.equal(readdirSync(dir), ['a.go'], 'no temporary file left');
});

test('--fix json: fixed true; exit 1 while an unkeyed literal remains', () => {
  const dir = tempDir();
  write(dir, 'a.go', INSECURE);
  write(dir, 'u.go', UNKEYED);
  const r = cli(dir, ['--fix', '--format', 'json', '.']);
  assert.is(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(
    out.findings.map((f: { file: string; kind: string; fixed: boolean }) => [
      f.file,
      f.kind,
      f.fixed,
    ]),
    [
      ['a.go', 'missing', true],
      ['u.go', 'unkeyed', false],
    ],
  );
  assert.equal(out.summary, { files: 2, findings: 2, fixed: 1 });
  assert.is(read(dir, 'u.go'), UNKEYED);
});

test('--fix keeps the file mode', () => {
  const dir = tempDir();
  const file = write(dir, 'run.go', INSECURE);
  chmodSync(file, 0o755);
  assert.is(cli(dir, ['--fix', 'run.go']).status, 0);
  assert.is(statSync(file).mode & 0o777, 0o755);
  assert.is(read(dir, 'run.go'), FIXED);
});

test('--fix twice: the second run changes nothing', () => {
  const dir = tempDir();
  write(dir, 'a.go', INSECURE);
  cli(dir, ['--fix', '.']);
  const before = statSync(path.join(dir, 'a.go')).mtimeMs;
  const r = cli(dir, ['--fix', '.']);
  assert.is(r.status, 0);
  assert.is(r.stdout, 'go-cookie-secure: no insecure cookies in 1 file\n');
  assert.is(statSync(path.join(dir, 'a.go')).mtimeMs, before);
});

test('--diff prints a unified diff, writes nothing, exits 1', () => {
  const dir = tempDir();
  write(dir, 'a.go', INSECURE);
  const r = cli(dir, ['--diff', 'a.go']);
  assert.is(r.status, 1);
  assert.is(read(dir, 'a.go'), INSECURE);
  assert.is(
    r.stdout,
    '--- a/a.go\n+++ b/a.go\n@@ -3,6 +3,7 @@\n import "net/http"\n \n var c = &http.Cookie{\n-\tName:  "s",\n-\tValue: "v",\n+\tName:   "s",\n+\tValue:  "v",\n+\tSecure: true,\n }\n',
  );
});

test('--fix on a repository (no paths): working files fixed, index untouched', () => {
  const repo = tempRepo();
  write(repo, 'a.go', INSECURE);
  write(repo, 'pkg/b.go', INSECURE);
  git(repo, 'add', '.');
  const stagedBefore = git(repo, 'ls-files', '-s');
  const r = cli(repo, ['--fix']);
  assert.is(r.status, 0, r.stderr);
  assert.is(read(repo, 'a.go'), FIXED);
  assert.is(read(repo, 'pkg/b.go'), FIXED);
  assert.is(git(repo, 'ls-files', '-s'), stagedBefore);
  assert.match(r.stdout, '2 findings in 2 files (2 fixed, 0 remaining)');
});

test.run();
