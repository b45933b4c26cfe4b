import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  cli,
  commit,
  hookRepo,
  git,
  honouringPermissions,
  read,
  tempDir,
  tempRepo,
  write,
  PROJECT_ROOT,
} from './helpers/temp.js';

const INSECURE =
  'package main\n\nimport "net/http"\n\nfunc f(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Name: "s", Value: "v"})\n}\n';
const SECURE = INSECURE.replace('Value: "v"}', 'Value: "v", Secure: true}');

test('text: path:line:col, message, rule, code frame, summary; exit 1', () => {
  const dir = tempDir();
  write(dir, 'main.go', INSECURE);
  const r = cli(dir, ['main.go']);
  assert.is(r.status, 1);
  assert.is(
    r.stdout,
    'main.go:6:21: http.Cookie without Secure: true can be sent over plain HTTP [go-security/cookie-secure]\n' +
      '  6 | \thttp.SetCookie(w, &http.Cookie{Name: "s", Value: "v"})\n' +
      '    | \t                   ^\n' +
      'go-cookie-secure: 1 finding in 1 file\n' +
      '  Fix them with: go-cookie-secure --fix\n',
  );
  assert.is(r.stderr, '');
});

test('clean run: exit 0 and a summary line', () => {
  const dir = tempDir();
  write(dir, 'main.go', SECURE);
  const r = cli(dir, ['.']);
  assert.is(r.status, 0);
  assert.is(r.stdout, 'go-cookie-secure: no insecure cookies in 1 file\n');
});

test('--quiet on a clean run prints nothing', () => {
  const dir = tempDir();
  write(dir, 'main.go', SECURE);
  const r = cli(dir, ['--quiet', '.']);
  assert.is(r.status, 0);
  assert.is(r.stdout + r.stderr, '');
});

test('--quiet with findings prints the findings only', () => {
  const dir = tempDir();
  write(dir, 'main.go', INSECURE);
  const r = cli(dir, ['--quiet', '.']);
  assert.is(r.status, 1);
  assert.ok(r.stdout.startsWith('main.go:6:21:'));
  assert.not.match(r.stdout, 'go-cookie-secure:');
});

test('colour: never when piped or with NO_COLOR, on with FORCE_COLOR', () => {
  const dir = tempDir();
  write(dir, 'main.go', INSECURE);
  assert.not.match(cli(dir, ['.']).stdout, '\x1b[');
  assert.match(cli(dir, ['.'], { FORCE_COLOR: '1' }).stdout, '\x1b[');
  assert.not.match(cli(dir, ['.'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout, '\x1b[');
});

test('colour on a real terminal (script(1) gives the CLI a TTY)', () => {
  const dir = tempDir();
  write(dir, 'main.go', INSECURE);
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(PROJECT_ROOT, 'bin/go-cookie-secure.js'))} .`;
  const tty = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' },
  });
  assert.match(tty.stdout, '\x1b[');
  const noColor = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  assert.match(noColor.stdout, 'main.go:6:21');
  assert.not.match(noColor.stdout, '\x1b[');
});

test('json: exactly the SPEC object', () => {
  const dir = tempDir();
  write(dir, 'sub/a.go', INSECURE);
  write(
    dir,
    'b.go',
    'package main\n\nimport "net/http"\n\nvar c = http.Cookie{"n", "v"}\nvar d = http.Cookie{Secure: false}\n',
  );
  const r = cli(dir, ['--format', 'json', '.']);
  assert.is(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out, {
    findings: [
      {
        ruleId: 'go-security/cookie-secure',
        file: 'b.go',
        line: 5,
        column: 9,
        endLine: 5,
        endColumn: 30,
        kind: 'unkeyed',
        fixable: false,
        fixed: false,
        message: 'positional http.Cookie literal: use field names and set Secure: true',
      },
      {
        ruleId: 'go-security/cookie-secure',
        file: 'b.go',
        line: 6,
        column: 9,
        endLine: 6,
        endColumn: 35,
        kind: 'false',
        fixable: true,
        fixed: false,
        message: 'http.Cookie with Secure: false can be sent over plain HTTP',
      },
      {
        ruleId: 'go-security/cookie-secure',
        file: 'sub/a.go',
        line: 6,
        column: 21,
        endLine: 6,
        endColumn: 55,
        kind: 'missing',
        fixable: true,
        fixed: false,
        message: 'http.Cookie without Secure: true can be sent over plain HTTP',
      },
    ],
    summary: { files: 2, findings: 3, fixed: 0 },
  });
});

test('json paths are relative to the current directory, with /', () => {
  const dir = tempDir();
  write(dir, 'sub/a.go', INSECURE);
  mkdirSync(path.join(dir, 'other'));
  const out = JSON.parse(cli(path.join(dir, 'other'), ['--format', 'json', '../sub']).stdout);
  assert.is(out.findings[0].file, '../sub/a.go');
});

test('--strict reports dynamic values and fails on them', () => {
  const dir = tempDir();
  write(
    dir,
    'a.go',
    'package main\n\nimport "net/http"\n\nfunc f(r *http.Request) *http.Cookie {\n\treturn &http.Cookie{Secure: r.TLS != nil}\n}\n',
  );
  assert.is(cli(dir, ['.']).status, 0);
  const r = cli(dir, ['--strict', '--format', 'json', '.']);
  assert.is(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(
    out.findings.map((f: { kind: string; fixable: boolean }) => [f.kind, f.fixable]),
    [['dynamic', false]],
  );
});

test('github annotations', () => {
  const dir = tempDir();
  write(dir, 'a b.go', INSECURE);
  const r = cli(dir, ['--format', 'github', '.']);
  assert.is(r.status, 1);
  assert.is(
    r.stdout,
    '::error file=a b.go,line=6,col=21,endLine=6,endColumn=55,title=go-security/cookie-secure::http.Cookie without Secure: true can be sent over plain HTTP\n',
  );
});

test('sarif validates against the SARIF 2.1.0 schema and carries rule, region and fix', () => {
  const dir = tempDir();
  write(dir, 'main.go', INSECURE);
  write(dir, 'u.go', 'package main\n\nimport "net/http"\n\nvar c = http.Cookie{"é", "v"}\n');
  const r = cli(dir, ['--format', 'sarif', '.']);
  assert.is(r.status, 1);
  const log = JSON.parse(r.stdout);
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv-draft-04');
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  const schema = JSON.parse(
    readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  const validate = ajv.compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors));
  const run = log.runs[0];
  assert.is(run.tool.driver.rules[0].id, 'go-security/cookie-secure');
  assert.match(JSON.stringify(run.tool.driver.rules[0]), 'CWE-614');
  assert.is(run.results.length, 2);
  const [missing] = run.results;
  assert.equal(missing.locations[0].physicalLocation.region, {
    startLine: 6,
    startColumn: 21,
    endLine: 6,
    endColumn: 55,
  });
  assert.equal(missing.fixes[0].artifactChanges[0].replacements[0].insertedContent, {
    text: ', Secure: true',
  });
  const offset = missing.fixes[0].artifactChanges[0].replacements[0].deletedRegion.byteOffset;
  assert.is(
    Buffer.from(INSECURE)
      .subarray(offset - 10, offset)
      .toString(),
    'Value: "v"',
  );
  assert.is(run.results[1].fixes, undefined);
});

test('sarif validation catches a broken log (the validator is live)', () => {
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv-draft-04');
  const schema = JSON.parse(
    readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  const validate = new Ajv({ strict: false, unicodeRegExp: false }).compile(schema);
  assert.not.ok(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] }));
});

test('--version and --help', () => {
  const dir = tempDir();
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
  assert.is(cli(dir, ['--version']).stdout, `${pkg.version}\n`);
  const help = cli(dir, ['--help']);
  assert.is(help.status, 0);
  assert.match(help.stdout, 'Usage: go-cookie-secure');
});

test('usage errors: one line on stderr, exit 2', () => {
  const dir = tempDir();
  for (const args of [['--bogus'], ['--format', 'xml'], ['--fix', '--diff']]) {
    const r = cli(dir, args);
    assert.is(r.status, 2, args.join(' '));
    assert.is(r.stdout, '');
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^go-cookie-secure: /);
  }
});

test('no paths in a repository: tracked *.go files only, vendor/testdata/generated skipped', () => {
  const repo = tempRepo();
  write(repo, 'a.go', INSECURE);
  write(repo, 'pkg/b.go', INSECURE);
  write(repo, 'vendor/x/c.go', INSECURE);
  write(repo, 'pkg/testdata/d.go', INSECURE);
  write(repo, 'gen.go', `// Code generated by tool. DO NOT EDIT.\n\n${INSECURE}`);
  write(repo, 'link.go', INSECURE);
  git(repo, 'add', '.');
  write(repo, 'untracked.go', INSECURE);
  const out = JSON.parse(cli(repo, ['--format', 'json']).stdout);
  assert.equal(
    out.findings.map((f: { file: string }) => f.file),
    ['a.go', 'link.go', 'pkg/b.go'],
  );
  // from a subdirectory: files below it
  const sub = JSON.parse(cli(path.join(repo, 'pkg'), ['--format', 'json']).stdout);
  assert.equal(
    sub.findings.map((f: { file: string }) => f.file),
    ['b.go'],
  );
});

test('no paths outside a repository: every *.go file below the directory', () => {
  const dir = tempDir();
  write(dir, 'a.go', INSECURE);
  write(dir, 'deep/er/b.go', INSECURE);
  write(dir, 'notes.txt', INSECURE);
  write(dir, 'vendor/v.go', INSECURE);
  const r = cli(dir, ['--format', 'json']);
  assert.is(r.status, 1, r.stderr);
  assert.equal(
    JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file),
    ['a.go', 'deep/er/b.go'],
  );
});

test('explicit files are always scanned: vendor, testdata, generated, other extensions', () => {
  const dir = tempDir();
  write(dir, 'vendor/v.go', INSECURE);
  write(dir, 'gen.go', `// Code generated by tool. DO NOT EDIT.\n\n${INSECURE}`);
  write(dir, 'snippet.txt', INSECURE);
  const out = JSON.parse(
    cli(dir, ['--format', 'json', 'vendor/v.go', 'gen.go', 'snippet.txt']).stdout,
  );
  assert.equal(
    out.findings.map((f: { file: string }) => f.file),
    ['vendor/v.go', 'gen.go', 'snippet.txt'],
  );
  // walking `.`: none of them
  assert.is(cli(dir, ['.']).status, 0);
});

test('--exclude skips matching files (globs and base names)', () => {
  const dir = tempDir();
  write(dir, 'a.go', INSECURE);
  write(dir, 'x/a_test.go', INSECURE);
  write(dir, 'x/dev/b.go', INSECURE);
  const out = JSON.parse(
    cli(dir, ['--format', 'json', '--exclude', '*_test.go', '--exclude', 'x/dev/**', '.']).stdout,
  );
  assert.equal(
    out.findings.map((f: { file: string }) => f.file),
    ['a.go'],
  );
});

test('--exclude in a repository: excluded candidates are neither reported nor counted', () => {
  const repo = tempRepo();
  write(repo, 'a.go', INSECURE);
  write(repo, 'x/a_test.go', INSECURE);
  write(repo, 'x/dev/b.go', INSECURE);
  write(repo, 'x/plain.go', 'package x\n');
  write(repo, 'vendor/v.go', INSECURE);
  git(repo, 'add', '-A');
  const out = JSON.parse(
    cli(repo, ['--format', 'json', '--exclude', '*_test.go', '--exclude', 'x/dev/**']).stdout,
  );
  assert.equal(
    out.findings.map((f: { file: string }) => f.file),
    ['a.go'],
  );
  assert.is(out.summary.files, 2); // a.go and x/plain.go
});

test('_test.go files are skipped by default in a walk, a repository scan and --staged; --tests and config "tests" check them; a named one is always checked', () => {
  const repo = tempRepo();
  write(repo, 'a.go', INSECURE);
  write(repo, 'x/a_test.go', INSECURE);
  write(repo, 'x/plain.go', 'package x\n');
  git(repo, 'add', '-A');
  const files = (args: string[]) => {
    const out = JSON.parse(cli(repo, ['--format', 'json', ...args]).stdout);
    return { found: out.findings.map((f: { file: string }) => f.file), files: out.summary.files };
  };
  // A repository scan neither reports nor counts them; --tests does both.
  assert.equal(files([]), { found: ['a.go'], files: 2 });
  assert.equal(files(['--tests']), { found: ['a.go', 'x/a_test.go'], files: 3 });
  // A directory walk, and the staged files.
  assert.equal(files(['.']).found, ['a.go']);
  assert.equal(files(['--tests', '.']).found, ['a.go', 'x/a_test.go']);
  assert.equal(files(['--staged']).found, ['a.go']);
  assert.equal(files(['--staged', '--tests']).found, ['a.go', 'x/a_test.go']);
  // Named on the command line: checked.
  assert.equal(files(['x/a_test.go']).found, ['x/a_test.go']);
  // The configuration file turns them on too, and --print-config says so.
  write(repo, '.go-cookie-secure.json', '{ "tests": true }\n');
  assert.equal(files(['--staged']).found, ['a.go', 'x/a_test.go']);
  assert.equal(JSON.parse(cli(repo, ['--print-config']).stdout).tests, true);
  write(repo, '.go-cookie-secure.json', '{ "tests": "yes" }\n');
  const bad = cli(repo, []);
  assert.is(bad.status, 2);
  assert.is(
    bad.stderr,
    'go-cookie-secure: .go-cookie-secure.json:1: "tests" must be true or false\n',
  );
});

test('a commit that stages only _test.go files with cookies passes the hook untouched', () => {
  const repo = hookRepo('fix');
  write(repo, 'h_test.go', INSECURE);
  git(repo, 'add', '-A');
  const r = commit(repo, ['-m', 'test helper']);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.is(git(repo, 'show', 'HEAD:h_test.go'), INSECURE);
});

test('bad input: a path that does not exist', () => {
  const dir = tempDir();
  const r = cli(dir, ['missing.go']);
  assert.is(r.status, 2);
  assert.is(r.stderr, 'go-cookie-secure: missing.go: no such file or directory\n');
});

test('bad input: --fix with one missing path writes nothing', () => {
  const dir = tempDir();
  write(dir, 'a.go', INSECURE);
  const r = cli(dir, ['--fix', 'a.go', 'missing.go']);
  assert.is(r.status, 2);
  assert.is(read(dir, 'a.go'), INSECURE);
});

test('bad input: an unreadable file', () => {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  write(dir, 'a.go', INSECURE);
  chmodSync(path.join(dir, 'a.go'), 0o000);
  const [cmd, args] = honouringPermissions(process.execPath, [
    path.join(PROJECT_ROOT, 'bin/go-cookie-secure.js'),
    'a.go',
  ]);
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8' });
  assert.is(r.status, 2, r.stderr);
  assert.is(r.stderr, 'go-cookie-secure: cannot read a.go: permission denied\n');
});

test('bad input: invalid UTF-8 is scanned, reported, never rewritten', () => {
  const dir = tempDir();
  const bytes = Buffer.concat([
    Buffer.from('package main\n\nimport "net/http"\n\n// caf'),
    Buffer.from([0xe9]),
    Buffer.from(' latin-1\nvar c = http.Cookie{Name: "\xff"}\n', 'latin1'),
  ]);
  write(dir, 'l.go', bytes);
  const r = cli(dir, ['--fix', '--format', 'json', 'l.go']);
  assert.is(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(
    out.findings.map((f: { line: number; column: number; fixed: boolean }) => [
      f.line,
      f.column,
      f.fixed,
    ]),
    [[6, 9, false]],
  );
  assert.match(r.stderr, 'l.go: not fixed: not valid UTF-8');
  assert.ok(readFileSync(path.join(dir, 'l.go')).equals(bytes));
});

test('bad input: a binary file named x.go is skipped with a notice', () => {
  const dir = tempDir();
  write(
    dir,
    'x.go',
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0x43, 0x6f, 0x6f, 0x6b, 0x69, 0x65, 0]),
  );
  const r = cli(dir, ['x.go']);
  assert.is(r.status, 0);
  assert.is(r.stderr, 'go-cookie-secure: x.go: skipped, binary file (contains NUL bytes)\n');
  // Not checked, so not counted as checked.
  assert.is(r.stdout, '');
  assert.is(JSON.parse(cli(dir, ['--format', 'json', 'x.go']).stdout).summary.files, 0);
  write(dir, 'y.go', 'package y\n');
  assert.is(cli(dir, ['x.go', 'y.go']).stdout, 'go-cookie-secure: no insecure cookies in 1 file\n');
});

test('a commit without Go files: the hook prints nothing', () => {
  const repo = hookRepo('fix');
  write(repo, 'notes.md', 'Cookie{ not Go }\n');
  git(repo, 'add', '-A');
  const r = commit(repo, ['-m', 'notes']);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout + r.stderr, '');
  // A staged binary x.go is named, and not counted as checked.
  write(
    repo,
    'x.go',
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0x43, 0x6f, 0x6f, 0x6b, 0x69, 0x65, 0]),
  );
  git(repo, 'add', '-A');
  const binary = cli(repo, ['--staged']);
  assert.is(binary.stdout, '');
  assert.is(binary.stderr, 'go-cookie-secure: x.go: skipped, binary file (contains NUL bytes)\n');
});

test('bad input: an empty file is scanned and clean', () => {
  const dir = tempDir();
  write(dir, 'e.go', '');
  const r = cli(dir, ['e.go']);
  assert.is(r.status, 0);
  assert.is(r.stdout, 'go-cookie-secure: no insecure cookies in 1 file\n');
});

test('bad input: a 5 MB file is scanned, with the finding at its end', () => {
  const dir = tempDir();
  let src = 'package main\n\nimport "net/http"\n\n';
  const line = `var x = "${'a'.repeat(90)}"\n`;
  while (src.length < 5 * 1024 * 1024) src += line;
  const lines = src.split('\n').length;
  src += 'var c = http.Cookie{}\n';
  write(dir, 'big.go', src);
  const r = cli(dir, ['--format', 'json', 'big.go']);
  assert.is(r.status, 1);
  assert.equal(
    JSON.parse(r.stdout).findings.map((f: { line: number }) => f.line),
    [lines],
  );
});

test('bad input: a directory named x.go is walked, not read', () => {
  const dir = tempDir();
  write(dir, 'x.go/inner.go', INSECURE);
  const r = cli(dir, ['--format', 'json', 'x.go']);
  assert.is(r.status, 1);
  assert.equal(
    JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file),
    ['x.go/inner.go'],
  );
});

test('bad input: a symlink loop named explicitly is an error; walks do not follow links', () => {
  const dir = tempDir();
  symlinkSync('loop.go', path.join(dir, 'loop.go'));
  symlinkSync('.', path.join(dir, 'self'));
  write(dir, 'a.go', SECURE);
  const r = cli(dir, ['loop.go']);
  assert.is(r.status, 2);
  assert.is(
    r.stderr,
    'go-cookie-secure: loop.go: broken symbolic link (too many levels of symbolic links)\n',
  );
  const walk = cli(dir, ['.']);
  assert.is(walk.status, 0, walk.stderr);
  assert.is(walk.stdout, 'go-cookie-secure: no insecure cookies in 1 file\n');
});

test('a file with syntax errors is still scanned', () => {
  const dir = tempDir();
  write(dir, 'broken.go', `${INSECURE}\nfunc g() {\n\tx := := \n`);
  const r = cli(dir, ['--format', 'json', 'broken.go']);
  assert.is(r.status, 1);
  assert.equal(
    JSON.parse(r.stdout).findings.map((f: { line: number }) => f.line),
    [6],
  );
});

test('files without cookies are not parsed: the parser is never loaded', () => {
  const dir = tempDir();
  write(dir, 'a.go', 'package main\n\nfunc main() {}\n');
  const r = cli(dir, ['.'], { GO_COOKIE_SECURE_TRACE_PARSER: '1' });
  assert.is(r.status, 0);
  assert.not.match(r.stderr, 'parser loaded');
  write(dir, 'b.go', INSECURE);
  assert.match(cli(dir, ['.'], { GO_COOKIE_SECURE_TRACE_PARSER: '1' }).stderr, 'parser loaded');
});

test('files that only read or pass cookies are not parsed either', () => {
  const dir = tempDir();
  write(
    dir,
    'read.go',
    'package main\n\nimport "net/http"\n\nfunc read(w http.ResponseWriter, r *http.Request) *http.Cookie {\n\tc, _ := r.Cookie("s")\n\thttp.SetCookie(w, c)\n\treturn c\n}\n',
  );
  const r = cli(dir, ['.'], { GO_COOKIE_SECURE_TRACE_PARSER: '1' });
  assert.is(r.status, 0, r.stderr);
  assert.not.match(r.stderr, 'parser loaded');
});

test.run();
