import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, commit, git, linkTool, read, run, tempRepo, write } from './helpers/temp.js';

const INSECURE = 'package main\n\nimport "net/http"\n\nvar c = &http.Cookie{Name: "s"}\n' + Array.from({ length: 20 }, (_, i) => `\nvar v${i} = ${i}`).join('') + '\n';
const SECURE = INSECURE.replace('Name: "s"}', 'Name: "s", Secure: true}');

/** A repository whose pre-commit hook runs the real lint-staged with `"*.go": "go-cookie-secure --fix"`. */
function lintStagedRepo(pattern = '*.go'): string {
  const repo = tempRepo();
  linkTool(repo);
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules/lint-staged/bin/lint-staged.js'), path.join(repo, 'node_modules/.bin/lint-staged'));
  write(repo, 'package.json', JSON.stringify({ name: 'svc', private: true }) + '\n');
  write(repo, '.lintstagedrc.json', JSON.stringify({ [pattern]: 'go-cookie-secure --fix' }) + '\n');
  write(repo, '.git/hooks/pre-commit', '#!/bin/sh\nexec node_modules/.bin/lint-staged\n');
  run('chmod', ['+x', '.git/hooks/pre-commit'], { cwd: repo });
  git(repo, 'add', 'package.json', '.lintstagedrc.json');
  git(repo, 'commit', '-qm', 'config', '--no-verify');
  return repo;
}

test('lint-staged: the task fixes the staged file and lint-staged restages it', () => {
  const repo = lintStagedRepo();
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.is(git(repo, 'show', 'HEAD:main.go'), SECURE);
  assert.is(read(repo, 'main.go'), SECURE);
  assert.is(git(repo, 'status', '--porcelain'), '');
});

test('lint-staged: a partially staged file keeps its unstaged edit', () => {
  const repo = lintStagedRepo();
  write(repo, 'main.go', 'package main\n');
  git(repo, 'add', 'main.go');
  git(repo, 'commit', '-qm', 'base', '--no-verify');
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  write(repo, 'main.go', INSECURE + '// unstaged\n');
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.is(git(repo, 'show', 'HEAD:main.go'), SECURE);
  assert.is(read(repo, 'main.go'), SECURE + '// unstaged\n');
  assert.is(git(repo, 'diff', '--cached'), '');
});

test('lint-staged: only the files it passes are touched', () => {
  const repo = lintStagedRepo('src/**/*.go');
  write(repo, 'src/a.go', INSECURE);
  write(repo, 'other/b.go', INSECURE);
  git(repo, 'add', '.');
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.is(git(repo, 'show', 'HEAD:src/a.go'), SECURE);
  assert.is(git(repo, 'show', 'HEAD:other/b.go'), INSECURE);
});

test('lint-staged: an unfixable literal fails the task and blocks the commit', () => {
  const repo = lintStagedRepo();
  write(repo, 'u.go', 'package main\n\nimport "net/http"\n\nvar u = http.Cookie{"n", "v"}\n');
  git(repo, 'add', '.');
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 1);
  assert.match(r.stdout + r.stderr, 'positional http.Cookie literal');
  assert.is(run('git', ['rev-list', '--count', 'HEAD'], { cwd: repo }).stdout.trim(), '1');
});

test('pre-commit framework: the manifest installs the package and the hook fixes the file', () => {
  const repo = tempRepo();
  write(repo, '.pre-commit-config.yaml', `repos:\n  - repo: ${PROJECT_ROOT}\n    rev: HEAD\n    hooks:\n      - id: go-cookie-secure\n`);
  write(repo, 'x.go', INSECURE);
  write(repo, 'notes.txt', INSECURE);
  git(repo, 'add', '.');
  const cachedBefore = git(repo, 'diff', '--cached');
  mkdirSync(path.join(repo, '.cache'), { recursive: true });
  // try-repo runs the hook from this checkout's committed HEAD, installed by npm as a user's would be.
  const r = run('pre-commit', ['try-repo', PROJECT_ROOT, 'go-cookie-secure', '--files', 'x.go', 'notes.txt'], {
    cwd: repo,
    env: { ...process.env, PRE_COMMIT_HOME: path.join(repo, '.cache'), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, 'files were modified by this hook');
  assert.is(read(repo, 'x.go'), SECURE);
  assert.is(read(repo, 'notes.txt'), INSECURE);
  assert.is(git(repo, 'diff', '--cached'), cachedBefore);
});

test.run();
