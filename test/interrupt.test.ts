import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import {
  CLI,
  cleanEnv,
  git,
  honouringPermissions,
  tempDir,
  tempRepo,
  write,
} from './helpers/temp.js';
import { scanBytes } from '../src/scan-bytes.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

/**
 * Faults in the middle of a fix-mode run: signals at every step, a full disk, a directory that
 * cannot be written. After each: every index entry is the original blob or the fixed one,
 * every working file holds its original bytes or its fixed bytes (never truncated), no lock
 * file is left, and the user was told.
 */

const FILES = 12;
function source(i: number): string {
  return `package main\n\nimport "net/http"\n\nvar c${i} = &http.Cookie{\n\tName:  "s${i}",\n\tValue: "v",\n}\n`;
}
function fixedBytes(bytes: Buffer): Buffer {
  return scanBytes(bytes, { strict: false, fix: true, skipGenerated: false }).fixedBytes ?? bytes;
}

interface Snapshot {
  index: Map<string, string>;
  working: Map<string, Buffer>;
}

function stagedRepo(dir?: string): string {
  const repo = dir ?? tempRepo();
  for (let i = 0; i < FILES; i++) write(repo, `f${i}.go`, source(i));
  git(repo, 'add', '.');
  // half of the files get an unstaged edit far from the literal
  for (let i = 0; i < FILES; i += 2) write(repo, `f${i}.go`, `${source(i)}\n// unstaged ${i}\n`);
  return repo;
}

function snapshot(repo: string): Snapshot {
  const index = new Map<string, string>();
  for (const line of git(repo, 'ls-files', '-s').trim().split('\n')) {
    const [meta, file] = line.split('\t');
    index.set(file!, meta!.split(' ')[1]!);
  }
  const working = new Map<string, Buffer>();
  for (let i = 0; i < FILES; i++)
    working.set(`f${i}.go`, readFileSync(path.join(repo, `f${i}.go`)));
  return { index, working };
}

/** Every file is either as before or fully fixed, in the index and in the working tree. */
function assertConsistent(
  repo: string,
  before: Snapshot,
  label: string,
): { indexFixed: number; workingFixed: number } {
  let indexFixed = 0;
  let workingFixed = 0;
  for (let i = 0; i < FILES; i++) {
    const file = `f${i}.go`;
    const object = git(repo, 'ls-files', '-s', file).split(' ')[1]!;
    const original = before.index.get(file)!;
    const fixedObject = spawnSync('git', ['hash-object', '--stdin'], {
      cwd: repo,
      input: fixedBytes(Buffer.from(source(i))),
      encoding: 'utf8',
    }).stdout.trim();
    assert.ok(
      object === original || object === fixedObject,
      `${label}: ${file} index entry is neither original nor fixed`,
    );
    if (object === fixedObject) indexFixed++;
    const now = readFileSync(path.join(repo, file));
    const was = before.working.get(file)!;
    assert.ok(
      now.equals(was) || now.equals(fixedBytes(was)),
      `${label}: ${file} working copy is neither original nor fixed (${now.length} bytes)`,
    );
    if (!now.equals(was)) workingFixed++;
  }
  assert.not.ok(existsSync(path.join(repo, '.git/index.lock')), `${label}: index.lock left behind`);
  assert.equal(
    readdirSync(repo).filter((n) => n.includes('go-cookie-secure')),
    [],
    `${label}: temporary files left`,
  );
  return { indexFixed, workingFixed };
}

/** Starts a fix-mode run that pauses at `step`; resolves once it is paused. */
function pausedRun(
  repo: string,
  step: string,
): Promise<{
  child: ReturnType<typeof spawn>;
  done: Promise<{ code: number | null; signal: string | null; stderr: string }>;
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--staged', '--fix'], {
      cwd: repo,
      env: cleanEnv({
        GO_COOKIE_SECURE_TEST_PAUSE: step,
        GO_COOKIE_SECURE_TEST_RESUME: path.join(repo, 'never'),
      }),
    });
    let stderr = '';
    const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>(
      (res) => child.on('close', (code, signal) => res({ code, signal, stderr })),
    );
    const timer = setTimeout(() => reject(new Error(`no pause at ${step}: ${stderr}`)), 20000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(`test pause at ${step}`)) {
        clearTimeout(timer);
        resolve({ child, done });
      }
    });
  });
}

const STEPS = ['listed', 'read', 'hashed', 'indexed', 'writing'];

for (const step of STEPS) {
  test(`SIGKILL at "${step}": each file original or fixed, nothing truncated, no lock`, async () => {
    const repo = stagedRepo();
    const before = snapshot(repo);
    const { child, done } = await pausedRun(repo, step);
    child.kill('SIGKILL');
    const r = await done;
    assert.is(r.signal, 'SIGKILL');
    const state = assertConsistent(repo, before, `SIGKILL at ${step}`);
    // The index is updated by one atomic update-index: all entries or none.
    assert.ok(
      state.indexFixed === 0 || state.indexFixed === FILES,
      `index half-written: ${state.indexFixed}`,
    );
    if (step === 'writing') assert.is(state.workingFixed, 1);
  });

  test(`SIGINT at "${step}": stopped before writing, or the fix completed first and the user told`, async () => {
    const repo = stagedRepo();
    const before = snapshot(repo);
    const { child, done } = await pausedRun(repo, step);
    child.kill('SIGINT');
    const r = await done;
    const state = assertConsistent(repo, before, `SIGINT at ${step}`);
    if (step === 'listed' || step === 'read') {
      // nothing was written yet: Node's default SIGINT ends the run
      assert.is(r.signal, 'SIGINT');
      assert.equal([state.indexFixed, state.workingFixed], [0, 0]);
    } else if (step === 'hashed') {
      // only blobs were stored: the run stops there, and says so
      assert.is(r.code, 130, r.stderr);
      assert.match(
        r.stderr,
        'interrupted (SIGINT) before the fixes were written; nothing was changed',
      );
      assert.equal([state.indexFixed, state.workingFixed], [0, 0]);
    } else {
      assert.is(r.code, 130, r.stderr);
      assert.match(r.stderr, 'interrupted (SIGINT) while fixing; the fixes were completed first');
      assert.equal([state.indexFixed, state.workingFixed], [FILES, FILES]);
    }
  });
}

// A closed terminal (SIGHUP), Ctrl-\ (SIGQUIT) and kill (SIGTERM) are treated as Ctrl-C is.
for (const signal of ['SIGHUP', 'SIGQUIT', 'SIGTERM'] as const) {
  test(`${signal} mid-write ("writing"): the fix completes first and the user is told`, async () => {
    const repo = stagedRepo();
    const before = snapshot(repo);
    const { child, done } = await pausedRun(repo, 'writing');
    child.kill(signal);
    const r = await done;
    const state = assertConsistent(repo, before, `${signal} at writing`);
    assert.is(r.code, 130, r.stderr);
    assert.match(r.stderr, `interrupted (${signal}) while fixing; the fixes were completed first`);
    assert.equal([state.indexFixed, state.workingFixed], [FILES, FILES]);
  });
}

test('a directory that cannot be written: exit 2, index and working tree as they were', () => {
  const dir = tempDir('gcs-ro-');
  chmodSync(dir, 0o755);
  const repo = path.join(dir, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  stagedRepo(repo);
  write(repo, 'sub/late.go', source(99));
  git(repo, 'add', 'sub/late.go');
  const before = snapshot(repo);
  chmodSync(path.join(repo, 'sub'), 0o555); // the tool cannot create its temporary file there
  const lateBefore = readFileSync(path.join(repo, 'sub/late.go'));
  const [cmd, args] = honouringPermissions(process.execPath, [CLI, '--staged', '--fix']);
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', env: cleanEnv() });
  chmodSync(path.join(repo, 'sub'), 0o755);
  assert.is(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /cannot write sub\/late\.go: permission denied; the index and the working tree were left as they were/,
  );
  const state = assertConsistent(repo, before, 'read-only directory');
  assert.equal([state.indexFixed, state.workingFixed], [0, 0]);
  assert.ok(readFileSync(path.join(repo, 'sub/late.go')).equals(lateBefore));
});

test('a full disk (tiny tmpfs): exit 2 with the reason, index and working tree as they were', () => {
  const mountPoint = tempDir('gcs-tmpfs-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], {
    encoding: 'utf8',
  });
  assert.is(mounted.status, 0, `tmpfs not available: ${mounted.stderr}`);
  try {
    const repo = path.join(mountPoint, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    stagedRepo(repo);
    const before = snapshot(repo);
    // fill the disk
    const filler = path.join(mountPoint, 'filler');
    spawnSync('sh', ['-c', `dd if=/dev/zero of='${filler}' bs=4k 2>/dev/null; sync`]);
    const r = spawnSync(process.execPath, [CLI, '--staged', '--fix'], {
      cwd: repo,
      encoding: 'utf8',
      env: cleanEnv(),
    });
    assert.is(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /^go-cookie-secure: .*(No space left on device|no space left on device)/,
    );
    rmSync(filler);
    const state = assertConsistent(repo, before, 'full disk');
    assert.equal([state.indexFixed, state.workingFixed], [0, 0]);
  } finally {
    spawnSync('umount', [mountPoint]);
  }
});

test.run();
