import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, chmodSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, git, tempDir, tempRepo, write } from './helpers/temp.js';

/**
 * Structural performance guards (timings belong to bench/): the number of git processes of a
 * --staged run does not grow with the staged files, no git call carries paths as arguments,
 * and a commit without candidate files never loads the parser.
 */

const REAL_GIT = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();

/** A PATH directory whose `git` logs each call (one line of arguments) before running git. */
function gitShim(): { dir: string; log: string } {
  const dir = tempDir('gcs-shim-');
  const log = path.join(dir, 'calls.log');
  writeFileSync(path.join(dir, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${REAL_GIT}' "$@"\n`);
  chmodSync(path.join(dir, 'git'), 0o755);
  return { dir, log };
}

/** The git subcommands of a run, sorted (some run concurrently, so their order varies). */
function commands(calls: string[]): string[] {
  return calls.map((c) => c.split(' ')[0]!).sort();
}

function stagedRun(files: number, cookie: boolean, fix: boolean): { calls: string[]; stderr: string; status: number | null } {
  const repo = tempRepo();
  write(repo, 'base.go', 'package main\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'base');
  for (let i = 0; i < files; i++) {
    write(repo, `pkg${i % 7}/f${i}.go`, cookie ? `package main\n\nimport "net/http"\n\nvar c${i} = http.Cookie{Name: "n"}\n` : `package main\n\nvar v${i} = ${i}\n`);
  }
  git(repo, 'add', '.');
  const shim = gitShim();
  if (existsSync(shim.log)) rmSync(shim.log);
  const r = cli(repo, fix ? ['--staged', '--fix'] : ['--staged'], { PATH: `${shim.dir}:${process.env.PATH}`, GO_COOKIE_SECURE_TRACE_PARSER: '1' });
  const calls = existsSync(shim.log) ? readFileSync(shim.log, 'utf8').trim().split('\n') : [];
  return { calls, stderr: r.stderr, status: r.status };
}

test('--staged: the same git processes for 1 and 60 staged files, without and with cookies', () => {
  for (const cookie of [false, true]) {
    const one = stagedRun(1, cookie, false);
    const many = stagedRun(60, cookie, false);
    assert.is(one.status, cookie ? 1 : 0, one.stderr);
    assert.equal(commands(many.calls), commands(one.calls));
    assert.ok(many.calls.length <= 3, many.calls.join('\n'));
  }
});

test('--staged --fix: the same git processes for 1 and 60 fixed files, and no path arguments', () => {
  const one = stagedRun(1, true, true);
  const many = stagedRun(60, true, true);
  assert.is(many.status, 0, many.stderr);
  assert.equal(commands(many.calls), commands(one.calls));
  assert.ok(many.calls.length <= 6, many.calls.join('\n'));
  for (const call of many.calls) assert.not.match(call, /f\d+\.go/, `paths passed as arguments: ${call}`);
});

test('a commit with no candidate file never loads the parser; one with a cookie does', () => {
  assert.not.match(stagedRun(20, false, false).stderr, 'parser loaded');
  assert.match(stagedRun(1, true, false).stderr, 'parser loaded');
});

test('a repository scan reads only candidate files: the parser loads only when one has Cookie', () => {
  const repo = tempRepo();
  for (let i = 0; i < 30; i++) write(repo, `f${i}.go`, `package main\n\nvar v${i} = ${i}\n`);
  git(repo, 'add', '.');
  const r = cli(repo, [], { GO_COOKIE_SECURE_TRACE_PARSER: '1' });
  assert.is(r.status, 0);
  assert.is(r.stdout, 'go-cookie-secure: no insecure cookies in 30 files\n');
  assert.not.match(r.stderr, 'parser loaded');
});

test.run();
