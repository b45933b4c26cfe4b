import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chownSync, statSync } from 'node:fs';
import path from 'node:path';
import { commit, git, hookRepo, read, write } from './helpers/temp.js';

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

test.run();
