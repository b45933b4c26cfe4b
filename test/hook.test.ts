import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  CLI,
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

/** A file whose literal (line 10) lacks Secure, with room for unrelated edits far below. */
function goFile(extra = ''): string {
  const filler = Array.from({ length: 30 }, (_, i) => `var filler${i} = ${i}`).join('\n');
  return `package main

import "net/http"

func handler(w http.ResponseWriter, token string) {
	http.SetCookie(w, cookie(token))
}

func cookie(token string) *http.Cookie {
	return &http.Cookie{Name: "s", Value: token}
}

${filler}
${extra}`;
}
const FIXED_LINE = '\treturn &http.Cookie{Name: "s", Value: token, Secure: true}';
const SECURE = goFile().replace('Value: token}', 'Value: token, Secure: true}');

function head(repo: string, file: string): string {
  return git(repo, 'show', `HEAD:${file}`);
}
function commitCount(repo: string): number {
  const r = run('git', ['rev-list', '--count', 'HEAD'], { cwd: repo });
  return r.status === 0 ? Number(r.stdout.trim()) : 0;
}
function objectCount(repo: string): string {
  return git(repo, 'count-objects', '-v');
}

test('block mode: the commit is stopped with the report and the ways out; nothing changes', () => {
  const repo = hookRepo('block');
  write(repo, 'main.go', goFile());
  git(repo, 'add', 'main.go');
  const index = git(repo, 'ls-files', '-s');
  const r = commit(repo, ['-m', 'add']);
  assert.is(r.status, 1);
  assert.is(commitCount(repo), 0);
  assert.match(r.stderr, 'main.go:10:10: http.Cookie without Secure: true');
  assert.match(r.stderr, 'go-cookie-secure --staged --fix');
  assert.match(r.stderr, 'git commit --no-verify');
  // (git commit itself writes tree objects before the hook runs; the tool's own writes are
  // checked in 'check mode writes nothing' below)
  assert.is(git(repo, 'ls-files', '-s'), index);
  assert.is(read(repo, 'main.go'), goFile());
});

test('block mode judges the staged content, not the working tree', () => {
  const repo = hookRepo('block');
  write(repo, 'main.go', goFile());
  git(repo, 'add', 'main.go');
  write(repo, 'main.go', SECURE); // fixed only in the working tree
  assert.is(commit(repo, ['-m', 'x']).status, 1);
  git(repo, 'add', 'main.go');
  write(repo, 'main.go', goFile()); // secure staged, insecure unstaged
  assert.is(commit(repo, ['-m', 'x']).status, 0);
  assert.is(head(repo, 'main.go'), SECURE);
});

test('fix mode, first commit: HEAD and the working tree hold the fix, status clean', () => {
  const repo = hookRepo('fix');
  write(repo, 'main.go', goFile());
  git(repo, 'add', 'main.go');
  const r = commit(repo, ['-m', 'add']);
  assert.is(r.status, 0, r.stderr);
  assert.match(head(repo, 'main.go'), FIXED_LINE);
  assert.is(read(repo, 'main.go'), head(repo, 'main.go'));
  assert.is(git(repo, 'status', '--porcelain'), '');
  assert.match(r.stderr, 'main.go:10:10: fixed:');
});

test('fix mode, partially staged file: the unstaged edit stays unstaged and is kept', () => {
  const repo = hookRepo('fix');
  write(repo, 'main.go', SECURE);
  git(repo, 'add', 'main.go');
  assert.is(commit(repo, ['-m', 'base']).status, 0);
  write(repo, 'main.go', goFile());
  git(repo, 'add', 'main.go'); // staged: the insecure literal
  write(repo, 'main.go', goFile('// unstaged edit at the end\n'));
  const r = commit(repo, ['-m', 'change']);
  assert.is(r.status, 0, r.stderr);
  assert.is(head(repo, 'main.go'), SECURE);
  assert.is(read(repo, 'main.go'), `${SECURE}// unstaged edit at the end\n`);
  assert.is(git(repo, 'diff', '--cached'), '');
  assert.is(git(repo, 'diff', '--numstat'), '1\t0\tmain.go\n');
  assert.match(git(repo, 'diff'), '+// unstaged edit at the end');
});

test('fix mode, unstaged edit on the fixed line: commit fixed; the working copy fixed from its own content', () => {
  const repo = hookRepo('fix');
  write(repo, 'main.go', goFile());
  git(repo, 'add', 'main.go');
  const working = goFile().replace('Name: "s"', 'Name: "session"');
  write(repo, 'main.go', working);
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stderr);
  assert.match(head(repo, 'main.go'), FIXED_LINE);
  assert.is(read(repo, 'main.go'), working.replace('Value: token}', 'Value: token, Secure: true}'));
  // the user's edit is still there and still unstaged; no reverse fix shows up
  assert.is(git(repo, 'diff', '--cached'), '');
  assert.is(
    git(repo, 'diff', '-U0')
      .split('\n')
      .filter((l) => /^[-+][^-+]/.test(l))
      .join('\n'),
    `-${FIXED_LINE}\n+${FIXED_LINE.replace('"s"', '"session"')}`,
  );
});

test('fix mode, working copy that cannot be fixed (not UTF-8): commit fixed, working copy left byte for byte, and said', () => {
  const repo = hookRepo('fix');
  write(repo, 'main.go', goFile());
  git(repo, 'add', 'main.go');
  const working = Buffer.concat([
    Buffer.from(goFile()),
    Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]),
  ]);
  write(repo, 'main.go', working);
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stderr);
  assert.match(head(repo, 'main.go'), FIXED_LINE);
  assert.ok(readFileSync(path.join(repo, 'main.go')).equals(working));
  assert.match(r.stderr, 'main.go: fixed in the commit; working copy left as is: not valid UTF-8');
});

test('git commit -a: HEAD has the fix, status clean', () => {
  const repo = hookRepo('fix');
  write(repo, 'main.go', SECURE);
  git(repo, 'add', 'main.go');
  commit(repo, ['-m', 'base']);
  write(repo, 'main.go', goFile());
  const r = commit(repo, ['-a', '-m', 'all']);
  assert.is(r.status, 0, r.stderr);
  assert.is(head(repo, 'main.go'), SECURE);
  assert.is(git(repo, 'status', '--porcelain'), '');
});

test('git commit <path>: the temporary index and the kept index both get the fix', () => {
  const repo = hookRepo('fix');
  write(repo, 'a.go', 'package main\n');
  write(repo, 'b.go', SECURE);
  git(repo, 'add', '.');
  commit(repo, ['-m', 'base']);
  write(repo, 'a.go', 'package main\n\n// staged, not committed\n');
  git(repo, 'add', 'a.go');
  write(repo, 'b.go', goFile());
  const r = commit(repo, ['-m', 'only b', 'b.go']);
  assert.is(r.status, 0, r.stderr);
  assert.is(head(repo, 'b.go'), SECURE);
  assert.is(git(repo, 'diff', '--cached', '--name-only'), 'a.go\n');
  assert.is(git(repo, 'diff', 'b.go'), '');
  assert.is(git(repo, 'diff', '--cached', '--', 'b.go'), '');
  assert.is(read(repo, 'b.go'), SECURE);
});

test('commit from a subdirectory; a hook that changes directory with a relative GIT_INDEX_FILE', () => {
  const repo = hookRepo('fix');
  write(repo, 'pkg/sub/x.go', goFile());
  git(repo, 'add', '.');
  const r = commit(repo, ['-m', 'sub'], {}, path.join(repo, 'pkg'));
  assert.is(r.status, 0, r.stderr);
  assert.is(head(repo, 'pkg/sub/x.go'), SECURE);
  // A husky-style hook doing `cd pkg` while git left GIT_INDEX_FILE=.git/index.
  writeFileSync(
    path.join(repo, '.git/hooks/pre-commit'),
    '#!/bin/sh\ncd pkg && exec ../node_modules/.bin/go-cookie-secure --staged --fix\n',
  );
  write(repo, 'pkg/y.go', goFile());
  git(repo, 'add', '.');
  const r2 = commit(repo, ['-m', 'cd'], { GIT_INDEX_FILE: '.git/index' });
  assert.is(r2.status, 0, r2.stderr);
  assert.is(head(repo, 'pkg/y.go'), SECURE);
  assert.is(git(repo, 'status', '--porcelain'), '');
});

test('file names: spaces, newline, non-ASCII, leading dash, quotes (core.quotePath on)', () => {
  const names = ['ü b.go', '-x.go', 'a"b.go', 'new\nline.go'];
  const blockRepo = hookRepo('block');
  git(blockRepo, 'config', 'core.quotePath', 'true');
  for (const n of names) write(blockRepo, n, goFile());
  git(blockRepo, 'add', '--', ...names);
  const check = cli(blockRepo, ['--staged', '--format', 'json']);
  assert.is(check.status, 1);
  assert.equal(
    JSON.parse(check.stdout)
      .findings.map((f: { file: string }) => f.file)
      .sort(),
    [...names].sort(),
  );

  const repo = hookRepo('fix');
  git(repo, 'config', 'core.quotePath', 'true');
  for (const n of names) write(repo, n, goFile());
  git(repo, 'add', '--', ...names);
  const r = commit(repo, ['-m', 'names']);
  assert.is(r.status, 0, r.stderr);
  for (const n of names) {
    assert.is(head(repo, n), SECURE, n);
    assert.is(read(repo, n), SECURE, n);
  }
});

test('an executable .go file keeps mode 100755; other files are not touched', () => {
  const repo = hookRepo('fix');
  const file = write(repo, 'run.go', goFile());
  chmodSync(file, 0o755);
  write(repo, 'notes.txt', goFile());
  git(repo, 'add', '.');
  assert.is(commit(repo, ['-m', 'x']).status, 0);
  assert.match(git(repo, 'ls-files', '-s', 'run.go'), /^100755 /);
  assert.is(statSync(file).mode & 0o777, 0o755);
  assert.is(head(repo, 'notes.txt'), goFile());
});

test('a renamed file is checked under its new name', () => {
  const repo = hookRepo('fix');
  write(repo, 'old.go', SECURE);
  git(repo, 'add', '.');
  commit(repo, ['-m', 'base']);
  git(repo, 'mv', 'old.go', 'new.go');
  write(repo, 'new.go', goFile());
  git(repo, 'add', 'new.go');
  const r = commit(repo, ['-m', 'rename']);
  assert.is(r.status, 0, r.stderr);
  assert.is(head(repo, 'new.go'), SECURE);
});

test('a file staged then deleted from the working tree: the commit is fixed, the deletion kept', () => {
  const repo = hookRepo('fix');
  write(repo, 'gone.go', goFile());
  git(repo, 'add', '.');
  rmSync(path.join(repo, 'gone.go'));
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stderr);
  assert.is(head(repo, 'gone.go'), SECURE);
  assert.not.ok(existsSync(path.join(repo, 'gone.go')));
  assert.match(r.stderr, 'gone.go: fixed in the commit; working copy left as is');
});

test('symlinks, submodules, intent-to-add and deleted files are left alone', () => {
  const repo = hookRepo('block');
  write(repo, 'x.go', SECURE);
  write(repo, 'del.go', goFile());
  git(repo, 'add', '.');
  assert.is(commit(repo, ['--no-verify', '-m', 'base']).status, 0);
  symlinkSync('x.go', path.join(repo, 'l.go'));
  const sub = tempRepo();
  write(sub, 's.go', goFile());
  git(sub, 'add', '.');
  git(sub, 'commit', '-qm', 'sub');
  git(
    repo,
    'update-index',
    '--add',
    '--cacheinfo',
    `160000,${git(sub, 'rev-parse', 'HEAD').trim()},mod.go`,
  );
  write(repo, 'ita.go', goFile());
  git(repo, 'add', '-N', 'ita.go');
  git(repo, 'add', 'l.go');
  git(repo, 'rm', '-q', 'del.go');
  const modes = git(repo, 'ls-files', '-s');
  const r = cli(repo, ['--staged', '--fix']);
  assert.is(r.status, 0, r.stderr);
  assert.is(git(repo, 'ls-files', '-s'), modes);
});

test('unresolved merge conflict: exit 2 with a clear message, nothing changed', () => {
  const repo = hookRepo('fix');
  write(repo, 'm.go', SECURE);
  git(repo, 'add', '.');
  commit(repo, ['-m', 'base']);
  git(repo, 'checkout', '-q', '-b', 'other');
  write(repo, 'm.go', SECURE.replace('"s"', '"other"'));
  commit(repo, ['-am', 'other']);
  git(repo, 'checkout', '-q', 'main');
  write(repo, 'm.go', SECURE.replace('"s"', '"main"'));
  commit(repo, ['-am', 'main']);
  assert.is(run('git', ['merge', '-q', 'other'], { cwd: repo }).status, 1);
  const index = git(repo, 'ls-files', '-s');
  const r = cli(repo, ['--staged', '--fix']);
  assert.is(r.status, 2);
  assert.is(
    r.stderr,
    'go-cookie-secure: m.go has unresolved merge conflicts: resolve and stage it first\n',
  );
  assert.is(git(repo, 'ls-files', '-s'), index);

  // Resolved with an insecure literal: the merge commit carries the fix and both parents.
  write(repo, 'm.go', goFile());
  git(repo, 'add', 'm.go');
  const merged = commit(repo, ['--no-edit']);
  assert.is(merged.status, 0, merged.stderr);
  assert.is(git(repo, 'rev-list', '--parents', '-1', 'HEAD').trim().split(' ').length, 3);
  assert.is(head(repo, 'm.go'), SECURE);
});

test('block mode during a merge keeps the merge state', () => {
  const repo = hookRepo('block');
  write(repo, 'm.go', SECURE);
  git(repo, 'add', '.');
  commit(repo, ['-m', 'base']);
  git(repo, 'checkout', '-q', '-b', 'other');
  write(repo, 'o.go', 'package main\n');
  git(repo, 'add', '.');
  commit(repo, ['-m', 'other']);
  git(repo, 'checkout', '-q', 'main');
  write(repo, 'n.go', 'package main\n');
  git(repo, 'add', '.');
  commit(repo, ['-m', 'main']);
  git(repo, 'merge', '-q', '--no-commit', 'other');
  write(repo, 'm.go', goFile());
  git(repo, 'add', 'm.go');
  assert.is(commit(repo, ['--no-edit']).status, 1);
  assert.ok(existsSync(path.join(repo, '.git/MERGE_HEAD')));
});

test('index.lock held by another process: exit 2 naming the lock, nothing changed', () => {
  const repo = tempRepo();
  write(repo, 'main.go', goFile());
  git(repo, 'add', '.');
  const index = git(repo, 'ls-files', '-s');
  writeFileSync(path.join(repo, '.git/index.lock'), '');
  const r = cli(repo, ['--staged', '--fix']);
  assert.is(r.status, 2);
  assert.match(
    r.stderr,
    /^go-cookie-secure: another git process is using the index \(index\.lock exists\); nothing was changed$/m,
  );
  assert.is(r.stderr.trim().split('\n').length, 1);
  rmSync(path.join(repo, '.git/index.lock'));
  assert.is(git(repo, 'ls-files', '-s'), index);
  assert.is(read(repo, 'main.go'), goFile());
});

test('check mode writes nothing: index, objects, working tree', () => {
  const repo = tempRepo();
  write(repo, 'main.go', goFile());
  git(repo, 'add', '.');
  const before = [
    git(repo, 'ls-files', '-s'),
    objectCount(repo),
    readFileSync(path.join(repo, '.git/index')).toString('base64'),
  ];
  assert.is(cli(repo, ['--staged']).status, 1);
  assert.equal(
    [
      git(repo, 'ls-files', '-s'),
      objectCount(repo),
      readFileSync(path.join(repo, '.git/index')).toString('base64'),
    ],
    before,
  );
});

test('core.autocrlf: the blob is fixed with LF, the working file keeps CRLF', () => {
  const repo = hookRepo('fix');
  git(repo, 'config', 'core.autocrlf', 'true');
  write(repo, 'w.go', goFile().replace(/\n/g, '\r\n'));
  git(repo, 'add', '.');
  const r = commit(repo, ['-m', 'crlf']);
  assert.is(r.status, 0, r.stderr);
  assert.is(head(repo, 'w.go'), SECURE);
  assert.is(read(repo, 'w.go'), SECURE.replace(/\n/g, '\r\n'));
  assert.is(git(repo, 'status', '--porcelain'), '');
});

test('linked worktree and a repository whose .git is a file', () => {
  const repo = hookRepo('fix');
  write(repo, 'base.go', 'package main\n');
  git(repo, 'add', '.');
  commit(repo, ['-m', 'base']);
  const wt = path.join(path.dirname(repo), `${path.basename(repo)}-wt`);
  git(repo, 'worktree', 'add', '-q', wt);
  mkdirSync(path.join(wt, 'node_modules/.bin'), { recursive: true });
  symlinkSync(
    path.join(repo, 'node_modules/.bin/go-cookie-secure'),
    path.join(wt, 'node_modules/.bin/go-cookie-secure'),
  );
  write(wt, 'w.go', goFile());
  git(wt, 'add', 'w.go');
  const r = commit(wt, ['-m', 'wt'], {}, wt);
  rmSync(wt, { recursive: true, force: true });
  assert.is(r.status, 0, r.stderr);
  assert.is(git(repo, 'show', 'wt:w.go'.replace('wt:', `${path.basename(wt)}:`)), SECURE);
});

test('husky: init adds the hook line and prepare script; a real commit fires it; HUSKY=0 skips it', () => {
  const repo = tempRepo();
  write(
    repo,
    'package.json',
    `${JSON.stringify({ name: 'svc', private: true, scripts: { test: 'true' } }, null, 2)}\n`,
  );
  write(repo, '.husky/pre-commit', 'echo existing-line\n');
  mkdirSync(path.join(repo, 'node_modules/.bin'), { recursive: true });
  symlinkSync(
    path.join(PROJECT_ROOT, 'node_modules/husky/bin.js'),
    path.join(repo, 'node_modules/.bin/husky'),
  );
  symlinkSync(CLI, path.join(repo, 'node_modules/.bin/go-cookie-secure'));
  writeFileSync(path.join(repo, '.git/info/exclude'), 'node_modules/\n');
  const init = cli(repo, ['init', '--mode', 'block']);
  assert.is(init.status, 0, init.stderr);
  assert.is(read(repo, '.husky/pre-commit'), 'echo existing-line\ngo-cookie-secure --staged\n');
  assert.is(JSON.parse(read(repo, 'package.json')).scripts.prepare, 'husky');
  assert.is(git(repo, 'config', 'core.hooksPath').trim(), '.husky/_');
  // idempotent, and switching mode rewrites our line only
  cli(repo, ['init', '--mode', 'block']);
  assert.is(read(repo, '.husky/pre-commit'), 'echo existing-line\ngo-cookie-secure --staged\n');

  write(repo, 'main.go', goFile());
  git(repo, 'add', 'main.go');
  const blocked = commit(repo, ['-m', 'x']);
  assert.is(blocked.status, 1);
  assert.match(blocked.stdout + blocked.stderr, 'existing-line');
  assert.match(blocked.stderr, 'main.go:10:10');
  assert.is(commit(repo, ['-m', 'skip'], { HUSKY: '0' }).status, 0);

  cli(repo, ['init']);
  assert.is(
    read(repo, '.husky/pre-commit'),
    'echo existing-line\ngo-cookie-secure --staged --fix\n',
  );
  write(repo, 'two.go', goFile());
  git(repo, 'add', 'two.go');
  const fixed = commit(repo, ['-m', 'fixed']);
  assert.is(fixed.status, 0, fixed.stderr);
  assert.is(head(repo, 'two.go'), SECURE);
});

test('plain git hook: init chains an existing hook and honours core.hooksPath', () => {
  const repo = tempRepo();
  linkTool(repo);
  git(repo, 'config', 'core.hooksPath', 'githooks');
  write(repo, 'githooks/pre-commit', '#!/bin/sh\necho chained-hook-ran >&2\n');
  chmodSync(path.join(repo, 'githooks/pre-commit'), 0o755);
  const init = cli(repo, ['init', '--mode', 'block']);
  assert.is(init.status, 0, init.stderr);
  assert.ok(existsSync(path.join(repo, 'githooks/pre-commit.before-go-cookie-secure')));
  assert.is(cli(repo, ['init', '--mode', 'block']).status, 0, 'idempotent');
  write(repo, 'main.go', goFile());
  git(repo, 'add', 'main.go');
  const r = commit(repo, ['-m', 'x']);
  assert.is(r.status, 1);
  assert.match(r.stderr, 'chained-hook-ran');
  assert.match(r.stderr, 'main.go:10:10');
});

// Node 20 loads NODE_EXTRA_CA_CERTS before any script runs, and says so when the file is
// missing: no such warning means our process started without it.
const CA_WARNING = 'Ignoring extra certs';

test('the shipped hook starts the tool without NODE_EXTRA_CA_CERTS, the hooks around it keep it; the husky line is the plain command', () => {
  const env = { NODE_EXTRA_CA_CERTS: '/nonexistent/extra-ca.pem' };
  assert.match(
    cli(tempRepo(), ['--version'], env).stderr,
    CA_WARNING,
    'the tool run directly loads the certificates',
  );

  const plain = tempRepo();
  linkTool(plain);
  write(plain, '.git/hooks/pre-commit', '#!/bin/sh\necho "before: $NODE_EXTRA_CA_CERTS" >&2\n');
  chmodSync(path.join(plain, '.git/hooks/pre-commit'), 0o755);
  assert.is(cli(plain, ['init']).status, 0);
  write(plain, 'main.go', goFile());
  git(plain, 'add', 'main.go');
  const fixed = commit(plain, ['-m', 'x'], env);
  assert.is(fixed.status, 0, fixed.stderr);
  assert.match(fixed.stderr, 'before: /nonexistent/extra-ca.pem');
  assert.not.match(fixed.stderr, CA_WARNING);
  assert.is(head(plain, 'main.go'), SECURE);

  const husky = tempRepo();
  write(husky, 'package.json', '{"name": "svc", "private": true}\n');
  write(husky, '.husky/pre-commit', 'echo "before: $NODE_EXTRA_CA_CERTS" >&2\n');
  mkdirSync(path.join(husky, 'node_modules/.bin'), { recursive: true });
  symlinkSync(
    path.join(PROJECT_ROOT, 'node_modules/husky/bin.js'),
    path.join(husky, 'node_modules/.bin/husky'),
  );
  symlinkSync(CLI, path.join(husky, 'node_modules/.bin/go-cookie-secure'));
  writeFileSync(path.join(husky, '.git/info/exclude'), 'node_modules/\n');
  assert.is(cli(husky, ['init']).status, 0);
  // What a user would have written: no start-up workaround in someone else's file.
  assert.is(
    read(husky, '.husky/pre-commit'),
    'echo "before: $NODE_EXTRA_CA_CERTS" >&2\ngo-cookie-secure --staged --fix\n',
  );
  write(husky, 'main.go', goFile());
  git(husky, 'add', 'main.go');
  const viaHusky = commit(husky, ['-m', 'x'], env);
  assert.is(viaHusky.status, 0, viaHusky.stderr);
  assert.match(viaHusky.stderr, 'before: /nonexistent/extra-ca.pem');
  assert.is(head(husky, 'main.go'), SECURE);
});

test('the hook says how to install the tool when it is missing', () => {
  const repo = tempRepo();
  assert.is(cli(repo, ['init']).status, 0);
  write(repo, 'main.go', goFile());
  git(repo, 'add', '.');
  const r = commit(repo, ['-m', 'x'], { PATH: '/usr/bin:/bin' });
  assert.is(r.status, 1);
  assert.match(
    r.stderr,
    "go-cookie-secure: not installed; install it with 'npm install --save-dev go-cookie-secure'",
  );
});

test.run();
