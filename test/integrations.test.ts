import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, commit, git, linkTool, read, run, tempRepo, write } from './helpers/temp.js';

const INSECURE =
  'package main\n\nimport "net/http"\n\nvar c = &http.Cookie{Name: "s"}\n' +
  Array.from({ length: 20 }, (_, i) => `\nvar v${i} = ${i}`).join('') +
  '\n';
const SECURE = INSECURE.replace('Name: "s"}', 'Name: "s", Secure: true}');

/**
 * A repository whose pre-commit hook runs the real lint-staged with `"<pattern>": "go-cookie-secure"`
 * (check only), after `go-cookie-secure --staged --fix` when `fixInHook`: the two recipes the
 * README gives. lint-staged puts back unstaged edits with a zero-context patch, which lands
 * inside a literal whose lines a fix moved, so fixing belongs to the hook line, not the task.
 */
function lintStagedRepo(options: { fixInHook: boolean; pattern?: string }): string {
  const repo = tempRepo();
  linkTool(repo);
  symlinkSync(
    path.join(PROJECT_ROOT, 'node_modules/lint-staged/bin/lint-staged.js'),
    path.join(repo, 'node_modules/.bin/lint-staged'),
  );
  write(repo, 'package.json', `${JSON.stringify({ name: 'svc', private: true })}\n`);
  write(
    repo,
    '.lintstagedrc.json',
    `${JSON.stringify({ [options.pattern ?? '*.go']: 'go-cookie-secure' })}\n`,
  );
  const fixLine = options.fixInHook
    ? 'node_modules/.bin/go-cookie-secure --staged --fix || exit 1\n'
    : '';
  write(repo, '.git/hooks/pre-commit', `#!/bin/sh\n${fixLine}exec node_modules/.bin/lint-staged\n`);
  run('chmod', ['+x', '.git/hooks/pre-commit'], { cwd: repo });
  git(repo, 'add', 'package.json', '.lintstagedrc.json');
  git(repo, 'commit', '-qm', 'config', '--no-verify');
  return repo;
}

test('lint-staged with the fix in the hook line: the staged file is fixed and restaged', () => {
  const repo = lintStagedRepo({ fixInHook: true });
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.is(git(repo, 'show', 'HEAD:main.go'), SECURE);
  assert.is(read(repo, 'main.go'), SECURE);
  assert.is(git(repo, 'status', '--porcelain'), '');
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes the tool prints
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

const MULTILINE =
  'package main\n\nimport "net/http"\n\nfunc f() *http.Cookie {\n\treturn &http.Cookie{\n\t\tName:  "s",\n\t\tValue: "v",\n\t\tPath:  "/",\n\t}\n}\n';
const MULTILINE_FIXED = MULTILINE.replace(
  '\t\tName:  "s",\n\t\tValue: "v",\n\t\tPath:  "/",\n',
  '\t\tName:   "s",\n\t\tValue:  "v",\n\t\tPath:   "/",\n\t\tSecure: true,\n',
);
/** Unstaged edits just before and just after the literal the fix grows by a line. */
const withUnstagedEdits = (text: string) =>
  `${text.replace('func f()', '// f makes a cookie\nfunc f()')}\nvar x = 1\n`;

/** After a first commit: MULTILINE staged, and the working file with unstaged edits around it. */
function stageWithUnstagedEdits(repo: string): void {
  write(repo, 'main.go', 'package main\n');
  git(repo, 'add', 'main.go');
  git(repo, 'commit', '-qm', 'base', '--no-verify');
  write(repo, 'main.go', MULTILINE);
  git(repo, 'add', 'main.go');
  write(repo, 'main.go', withUnstagedEdits(MULTILINE));
}

test('lint-staged with the fix in the hook line: unstaged edits next to a fixed literal stay where they were', () => {
  const repo = lintStagedRepo({ fixInHook: true });
  stageWithUnstagedEdits(repo);
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.is(git(repo, 'show', 'HEAD:main.go'), MULTILINE_FIXED);
  assert.is(read(repo, 'main.go'), withUnstagedEdits(MULTILINE_FIXED));
  const gofmt = run('gofmt', ['-l', 'main.go'], { cwd: repo });
  assert.is(gofmt.status, 0, gofmt.stderr); // parses
  assert.is(gofmt.stdout, '');
  assert.is(git(repo, 'diff', '--cached'), '');
});

test('lint-staged, check only: an insecure staged file blocks the commit; nothing is rewritten', () => {
  const repo = lintStagedRepo({ fixInHook: false });
  stageWithUnstagedEdits(repo);
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 1, r.stdout + r.stderr);
  // lint-staged forces colour on its tasks under CI=true: compare without the escapes.
  assert.match(plain(r.stdout + r.stderr), 'main.go:6:10: http.Cookie without Secure: true');
  assert.is(read(repo, 'main.go'), withUnstagedEdits(MULTILINE));
  assert.is(git(repo, 'show', ':main.go'), MULTILINE);
  assert.is(run('git', ['rev-list', '--count', 'HEAD'], { cwd: repo }).stdout.trim(), '2');
});

test('lint-staged, check only: only the files its pattern passes are checked', () => {
  const repo = lintStagedRepo({ fixInHook: false, pattern: 'src/**/*.go' });
  write(repo, 'other/b.go', INSECURE);
  git(repo, 'add', '.');
  const passed = commit(repo, ['-m', 'other']);
  assert.is(passed.status, 0, passed.stdout + passed.stderr);
  write(repo, 'src/a.go', INSECURE);
  git(repo, 'add', '.');
  const blocked = commit(repo, ['-m', 'src']);
  assert.is(blocked.status, 1, blocked.stdout + blocked.stderr);
  assert.match(plain(blocked.stdout + blocked.stderr), 'src/a.go:5:10');
});

test('lint-staged: an unfixable literal fails the hook line and blocks the commit', () => {
  const repo = lintStagedRepo({ fixInHook: true });
  write(repo, 'u.go', 'package main\n\nimport "net/http"\n\nvar u = http.Cookie{"n", "v"}\n');
  git(repo, 'add', '.');
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 1);
  assert.match(r.stdout + r.stderr, 'positional http.Cookie literal');
  assert.is(run('git', ['rev-list', '--count', 'HEAD'], { cwd: repo }).stdout.trim(), '1');
});

test('pre-commit framework: the manifest installs the package and the hook fixes the file', () => {
  const repo = tempRepo();
  write(
    repo,
    '.pre-commit-config.yaml',
    `repos:\n  - repo: ${PROJECT_ROOT}\n    rev: HEAD\n    hooks:\n      - id: go-cookie-secure\n`,
  );
  write(repo, 'x.go', INSECURE);
  write(repo, 'notes.txt', INSECURE);
  git(repo, 'add', '.');
  const cachedBefore = git(repo, 'diff', '--cached');
  mkdirSync(path.join(repo, '.cache'), { recursive: true });
  // try-repo runs the hook from this checkout's committed HEAD, installed by npm as a user's would be.
  const r = run(
    'pre-commit',
    ['try-repo', PROJECT_ROOT, 'go-cookie-secure', '--files', 'x.go', 'notes.txt'],
    {
      cwd: repo,
      env: {
        ...process.env,
        PRE_COMMIT_HOME: path.join(repo, '.cache'),
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    },
  );
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, 'files were modified by this hook');
  assert.is(read(repo, 'x.go'), SECURE);
  assert.is(read(repo, 'notes.txt'), INSECURE);
  assert.is(git(repo, 'diff', '--cached'), cachedBefore);
});

test.run();
