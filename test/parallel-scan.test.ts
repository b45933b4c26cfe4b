import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cli, git, tempRepo, write } from './helpers/temp.js';

/**
 * Large scans spread files over worker threads (src/scan/parallel-scan.ts). Whoever scans a file,
 * the run must report and fix exactly what a single thread does, in the same order.
 * GO_COOKIE_SECURE_WORKERS=N forces N workers from the first file, so these small repositories
 * exercise them.
 */

const SHAPES = [
  '\thttp.SetCookie(w, &http.Cookie{Name: "a", Value: v})\n',
  '\tc := http.Cookie{\n\t\tName:  "b",\n\t\tValue: v,\n\t}\n\thttp.SetCookie(w, &c)\n',
  '\thttp.SetCookie(w, &http.Cookie{Name: "c", Secure: false})\n',
  '\thttp.SetCookie(w, &http.Cookie{Name: "d", Secure: true})\n',
  '\tcs := []*http.Cookie{{Name: "e"}, {Name: "f", Secure: true}}\n\t_ = cs\n',
  '\t_ = r.Cookie // no literal here\n',
];

/** A repository of `n` Go files, every third without the bytes Cookie at all. */
function repository(n: number): string {
  const dir = tempRepo();
  for (let i = 0; i < n; i++) {
    const body =
      i % 3 === 2 ? '\t_ = v\n' : SHAPES[i % SHAPES.length]! + SHAPES[(i * 7) % SHAPES.length]!;
    write(
      dir,
      `pkg${i % 7}/file${i}.go`,
      `package pkg\n\nimport "net/http"\n\nfunc handler${i}(w http.ResponseWriter, r *http.Request, v string) {\n${body}}\n`,
    );
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'files');
  return dir;
}

test('workers report exactly what one thread reports, in the same order', () => {
  const dir = repository(400);
  const alone = cli(dir, ['--format', 'json'], { GO_COOKIE_SECURE_WORKERS: '0' });
  const shared = cli(dir, ['--format', 'json'], {
    GO_COOKIE_SECURE_WORKERS: '2',
    GO_COOKIE_SECURE_TRACE_WORKERS: '1',
  });
  assert.is(alone.status, 1, alone.stderr);
  assert.is(shared.status, 1, shared.stderr);
  assert.is(shared.stdout, alone.stdout);
  const used = /2 scan workers scanned (\d+) of (\d+) files/.exec(shared.stderr);
  assert.ok(used, shared.stderr);
  assert.ok(Number(used![1]) > 0, `the workers scanned nothing: ${shared.stderr}`);
  const text = cli(dir, [], { GO_COOKIE_SECURE_WORKERS: '2' });
  assert.is(
    text.stdout,
    cli(dir, [], { GO_COOKIE_SECURE_WORKERS: '0' }).stdout,
    'text reports (with code frames) differ',
  );
});

test('--fix through workers writes the same bytes as one thread', () => {
  const one = repository(300);
  const many = repository(300);
  const a = cli(one, ['--fix'], { GO_COOKIE_SECURE_WORKERS: '0' });
  const b = cli(many, ['--fix'], {
    GO_COOKIE_SECURE_WORKERS: '1',
    GO_COOKIE_SECURE_TRACE_WORKERS: '1',
  });
  assert.is(a.status, 0, a.stderr); // every shape here is fixable
  assert.is(b.status, a.status, b.stderr);
  assert.ok(/scanned [1-9]\d* of/.test(b.stderr), b.stderr);
  const files = git(one, 'ls-files').trim().split('\n');
  let changed = 0;
  for (const f of files) {
    const x = readFileSync(path.join(one, f), 'utf8');
    assert.is(readFileSync(path.join(many, f), 'utf8'), x, f);
    if (git(one, 'diff', '--name-only', '--', f).trim()) changed++;
  }
  assert.ok(changed > 100, `only ${changed} files fixed`);
});

test('a failing worker stops the run: one line, exit 2, nothing written', () => {
  const dir = repository(400);
  const r = cli(dir, ['--fix'], {
    GO_COOKIE_SECURE_WORKERS: '1',
    GO_COOKIE_SECURE_TEST_WORKER_FAILS: '1',
  });
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /^go-cookie-secure: internal error: .*scan worker failed \(test\)/);
  assert.is(git(dir, 'status', '--porcelain'), '', 'files were written');
});

test.run();
