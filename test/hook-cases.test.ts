import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chownSync, existsSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  PROJECT_ROOT,
  cli,
  commit,
  git,
  hookRepo,
  linkTool,
  read,
  run,
  tempRepo,
  write,
} from './helpers/temp.js';

// Hook runs where the result was not what the user asked for: an amend, a root hook on a
// user's file, unstaged code, files git converts on their way to the working tree.

const INSECURE = 'package main\n\nimport "net/http"\n\nvar c = &http.Cookie{Name: "s"}\n';
const SECURE = INSECURE.replace('Name: "s"}', 'Name: "s", Secure: true}');

test('git commit --amend is judged against the new commit’s parent: block mode stops it, fix mode fixes it', () => {
  for (const mode of ['block', 'fix'] as const) {
    const repo = hookRepo(mode);
    write(repo, 'base.go', 'package main\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'base', '--no-verify');
    write(repo, 'main.go', INSECURE);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'insecure', '--no-verify'); // let through once
    const r = commit(repo, ['--amend', '-m', 'reworded']);
    if (mode === 'block') {
      assert.is(r.status, 1, r.stderr);
      assert.match(r.stderr, 'main.go:5:10: http.Cookie without Secure: true');
      assert.is(git(repo, 'log', '-1', '--format=%s'), 'insecure\n');
    } else {
      assert.is(r.status, 0, r.stderr);
      assert.is(git(repo, 'log', '-1', '--format=%s'), 'reworded\n');
      assert.is(git(repo, 'show', 'HEAD:main.go'), SECURE);
      assert.is(read(repo, 'main.go'), SECURE);
    }
  }
});

test('git commit --amend of the first commit checks everything in it', () => {
  const repo = hookRepo('block');
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'first', '--no-verify');
  const r = commit(repo, ['--amend', '-m', 'first, reworded']);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, 'main.go:5:10');
});

test('a fix made as root keeps the owner and group of the user’s file', () => {
  const repo = hookRepo('fix');
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', '.');
  const uid = process.getuid?.() ?? 0;
  // As root (a root container on a bind mount, sudo git commit), the file is a user's.
  const owner = uid === 0 ? { uid: 4242, gid: 4343 } : { uid, gid: process.getgid?.() ?? 0 };
  if (uid === 0) chownSync(path.join(repo, 'main.go'), owner.uid, owner.gid);
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stderr);
  assert.is(read(repo, 'main.go'), SECURE);
  const stat = statSync(path.join(repo, 'main.go'));
  assert.equal({ uid: stat.uid, gid: stat.gid }, owner);
});

test('a cookie only in unstaged edits is fixed in the working tree too, and the user is told where', () => {
  const repo = hookRepo('fix');
  write(repo, 'main.go', 'package main\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'base', '--no-verify');
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  const experiment = '\nvar local = &http.Cookie{Name: "dev", Secure: false}\n';
  write(repo, 'main.go', INSECURE + experiment);
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stderr);
  assert.is(git(repo, 'show', 'HEAD:main.go'), SECURE);
  assert.is(read(repo, 'main.go'), SECURE + experiment.replace('Secure: false', 'Secure: true'));
  assert.match(
    r.stderr,
    'main.go:7: also fixed in the working tree, where an unstaged edit has this cookie (the fix stays unstaged with it)',
  );
  assert.not.match(r.stderr, 'main.go:5: also fixed');
  assert.is(git(repo, 'diff', '--cached'), '');
});

test('working-tree-encoding=UTF-16: the working copy gets the fix in UTF-16; with unstaged edits the commit is refused', () => {
  const repo = hookRepo('fix');
  write(repo, '.gitattributes', '*.go working-tree-encoding=UTF-16\n');
  // The bytes git's own conversion writes (iconv's UTF-16: a byte-order mark, this machine's order).
  const utf16 = (text: string) =>
    spawnSync('iconv', ['-f', 'UTF-8', '-t', 'UTF-16'], { input: text });
  write(repo, 'main.go', Buffer.from(utf16(INSECURE).stdout));
  git(repo, 'add', '.');
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stderr);
  assert.is(git(repo, 'show', 'HEAD:main.go'), SECURE);
  assert.ok(
    readFileSync(path.join(repo, 'main.go')).equals(Buffer.from(utf16(SECURE).stdout)),
    'the working copy is the fix, in UTF-16',
  );
  assert.is(git(repo, 'status', '--porcelain'), '');

  write(repo, 'two.go', Buffer.from(utf16(INSECURE).stdout));
  git(repo, 'add', 'two.go');
  const edited = Buffer.from(utf16(`${INSECURE}// unstaged\n`).stdout);
  write(repo, 'two.go', edited);
  const index = git(repo, 'ls-files', '-s');
  const refused = commit(repo, ['-m', 'y']);
  assert.is(refused.status, 1, refused.stderr);
  assert.match(
    refused.stderr,
    'two.go: its working copy is stored as UTF-16 (working-tree-encoding) and has unstaged edits',
  );
  assert.not.match(refused.stderr, 'NUL');
  assert.is(git(repo, 'ls-files', '-s'), index);
  assert.ok(readFileSync(path.join(repo, 'two.go')).equals(edited));
});

test('a clean filter (LFS-like): the file is reported as not checked, not counted as clean', () => {
  const repo = hookRepo('block');
  git(repo, 'config', 'filter.pointer.clean', 'sh -c "echo pointer; cat >/dev/null"');
  git(repo, 'config', 'filter.pointer.smudge', 'cat');
  write(repo, '.gitattributes', 'big/*.go filter=pointer\n');
  write(repo, 'big/model.go', INSECURE);
  write(repo, 'ok.go', 'package main\n');
  git(repo, 'add', '.');
  assert.is(git(repo, 'show', ':big/model.go'), 'pointer\n');
  const r = commit(repo, ['-m', 'x']);
  assert.match(
    r.stderr,
    'big/model.go: not checked: git stores it through the "pointer" filter, so the index holds what the filter made of it, not its content',
  );
  assert.match(r.stderr, 'no insecure cookies in 1 file');
});

/** A repository with husky (the real one) installable, and the tool, under node_modules/.bin. */
function huskyRepo(): string {
  const repo = tempRepo();
  linkTool(repo);
  symlinkSync(
    path.join(PROJECT_ROOT, 'node_modules/husky/bin.js'),
    path.join(repo, 'node_modules/.bin/husky'),
  );
  return repo;
}

test('husky managed from a subdirectory (core.hooksPath=frontend/.husky/_): init adds our line to the team’s hook, stubs untouched', () => {
  const repo = huskyRepo();
  write(repo, 'frontend/package.json', '{ "name": "frontend", "private": true }\n');
  const husky = run(
    process.execPath,
    [path.join(PROJECT_ROOT, 'node_modules/husky/bin.js'), 'frontend/.husky'],
    { cwd: repo },
  );
  assert.is(husky.status, 0, husky.stdout + husky.stderr);
  assert.is(git(repo, 'config', 'core.hooksPath').trim(), 'frontend/.husky/_');
  write(repo, 'frontend/.husky/pre-commit', 'echo team-hook-ran >&2\n');
  const stub = readFileSync(path.join(repo, 'frontend/.husky/_/pre-commit'), 'utf8');
  const init = cli(repo, ['init', '--mode', 'block']);
  assert.is(init.status, 0, init.stderr);
  assert.match(init.stdout, 'updated frontend/.husky/pre-commit (block mode)');
  assert.is(
    read(repo, 'frontend/.husky/pre-commit'),
    'echo team-hook-ran >&2\ngo-cookie-secure --staged\n',
  );
  assert.is(readFileSync(path.join(repo, 'frontend/.husky/_/pre-commit'), 'utf8'), stub);
  assert.not.ok(
    existsSync(path.join(repo, 'frontend/.husky/_/pre-commit.before-go-cookie-secure')),
  );
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, 'team-hook-ran');
  assert.match(r.stderr, 'main.go:5:10');
});

test('init on a line of the user’s changes only our command’s mode, keeps the rest, and says what changed', () => {
  const repo = huskyRepo();
  write(
    repo,
    'package.json',
    '{ "name": "svc", "private": true, "scripts": { "prepare": "husky" } }\n',
  );
  const line = 'npx lint-staged && go-cookie-secure --staged --fix --exclude "gen/**" && npm test';
  write(repo, '.husky/pre-commit', `# checks\n${line}\n`);
  const block = cli(repo, ['init', '--mode', 'block']);
  assert.is(block.status, 0, block.stderr);
  const blocking = 'npx lint-staged && go-cookie-secure --staged --exclude "gen/**" && npm test';
  assert.is(read(repo, '.husky/pre-commit'), `# checks\n${blocking}\n`);
  assert.match(block.stdout, `line 2: \`${line}\` is now \`${blocking}\``);
  assert.is(cli(repo, ['init']).status, 0);
  assert.is(read(repo, '.husky/pre-commit'), `# checks\n${line}\n`);
  const again = cli(repo, ['init']);
  assert.is(read(repo, '.husky/pre-commit'), `# checks\n${line}\n`);
  assert.match(again.stdout, 'the hook is already installed (fix mode); nothing changed');
});

test('init with a package.json it cannot parse writes nothing; with one it can, it adds one line and keeps the formatting', () => {
  const repo = huskyRepo();
  const jsonc = '{\n  // our service\n  "name": "svc"\n}\n';
  write(repo, 'package.json', jsonc);
  const bad = cli(repo, ['init']);
  assert.is(bad.status, 2);
  assert.match(
    bad.stderr,
    /^go-cookie-secure: package\.json is not valid JSON \(.*\); nothing was changed\n$/,
  );
  assert.not.ok(existsSync(path.join(repo, '.husky')));
  assert.is(read(repo, 'package.json'), jsonc);

  const formatted =
    '{\n    "name": "svc",\n    "files": ["bin", "dist"],\n    "scripts": {\n        "test": "uvu"\n    },\n    "private": true\n}';
  write(repo, 'package.json', formatted); // four spaces, a compact array, no final newline
  const good = cli(repo, ['init']);
  assert.is(good.status, 0, good.stderr);
  assert.is(
    read(repo, 'package.json'),
    '{\n    "name": "svc",\n    "files": ["bin", "dist"],\n    "scripts": {\n        "test": "uvu",\n        "prepare": "husky"\n    },\n    "private": true\n}',
  );
});

test('init --uninstall takes out exactly what init put in: husky, husky from a subdirectory, plain hooks', () => {
  // husky at the root: the hook file as it was; our command taken out of a line of the user's.
  const repo = huskyRepo();
  write(
    repo,
    'package.json',
    '{ "name": "svc", "private": true, "scripts": { "prepare": "husky" } }\n',
  );
  write(repo, '.husky/pre-commit', 'npx lint-staged\n');
  assert.is(cli(repo, ['init']).status, 0);
  assert.is(read(repo, '.husky/pre-commit'), 'npx lint-staged\ngo-cookie-secure --staged --fix\n');
  const out = cli(repo, ['init', '--uninstall']);
  assert.is(out.status, 0, out.stderr);
  assert.is(read(repo, '.husky/pre-commit'), 'npx lint-staged\n');
  assert.match(out.stdout, 'removed line 2: `go-cookie-secure --staged --fix`');
  write(
    repo,
    '.husky/pre-commit',
    'npx lint-staged && go-cookie-secure --staged --fix --exclude "gen/**" && npm test\n',
  );
  assert.is(cli(repo, ['init', '--uninstall']).status, 0);
  assert.is(read(repo, '.husky/pre-commit'), 'npx lint-staged && npm test\n');
  // A hook file init created goes with our line.
  const fresh = huskyRepo();
  write(fresh, 'package.json', '{ "name": "svc", "private": true }\n');
  assert.is(cli(fresh, ['init']).status, 0);
  assert.is(read(fresh, '.husky/pre-commit'), 'go-cookie-secure --staged --fix\n');
  assert.is(cli(fresh, ['init', '--uninstall']).status, 0);
  assert.not.ok(existsSync(path.join(fresh, '.husky/pre-commit')));
  const again = cli(repo, ['init', '--uninstall']);
  assert.match(again.stdout, 'not installed in this repository; nothing changed');

  // husky from a subdirectory
  const sub = huskyRepo();
  write(sub, 'frontend/package.json', '{ "name": "frontend", "private": true }\n');
  assert.is(
    run(
      process.execPath,
      [path.join(PROJECT_ROOT, 'node_modules/husky/bin.js'), 'frontend/.husky'],
      { cwd: sub },
    ).status,
    0,
  );
  write(sub, 'frontend/.husky/pre-commit', 'echo team\n');
  assert.is(cli(sub, ['init']).status, 0);
  assert.is(cli(sub, ['init', '--uninstall']).status, 0);
  assert.is(read(sub, 'frontend/.husky/pre-commit'), 'echo team\n');

  // plain git hooks: ours removed, a chained one put back
  const plain = tempRepo();
  linkTool(plain);
  assert.is(cli(plain, ['init']).status, 0);
  assert.is(cli(plain, ['init', '--uninstall']).status, 0);
  assert.not.ok(existsSync(path.join(plain, '.git/hooks/pre-commit')));
  write(plain, '.git/hooks/pre-commit', '#!/bin/sh\necho theirs\n');
  assert.is(cli(plain, ['init']).status, 0);
  assert.is(cli(plain, ['init', '--uninstall']).status, 0);
  assert.is(read(plain, '.git/hooks/pre-commit'), '#!/bin/sh\necho theirs\n');
  assert.not.ok(existsSync(path.join(plain, '.git/hooks/pre-commit.before-go-cookie-secure')));
});

test.run();
