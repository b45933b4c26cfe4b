import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  CLI,
  cleanEnv,
  git,
  honouringPermissions,
  read,
  run,
  tempDir,
  tempRepo,
  write,
} from './helpers/temp.js';
import { scanBytes } from '../src/scan-bytes.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

// What another program does while the hook runs is never lost: an editor's save, a git add, a
// directory swapped for a symbolic link, the hook killed outright, restoring steps that fail.

const INSECURE = 'package main\n\nimport "net/http"\n\nvar c = &http.Cookie{Name: "s"}\n';
const fixed = (text: string): string =>
  scanBytes(Buffer.from(text), {
    strict: false,
    fix: true,
    skipGenerated: false,
  }).fixedBytes?.toString() ?? text;

/** Starts `--staged --fix` paused at `step`; resolves once it is paused, with a way to resume it. */
async function pausedFix(
  repo: string,
  step: string,
  extraEnv: NodeJS.ProcessEnv = {},
  command: [string, string[]] = [process.execPath, [CLI, '--staged', '--fix']],
) {
  const resume = path.join(repo, '.git', `resume-${step}`);
  const child = spawn(command[0], command[1], {
    cwd: repo,
    env: cleanEnv({
      GO_COOKIE_SECURE_TEST_PAUSE: step,
      GO_COOKIE_SECURE_TEST_RESUME: resume,
      ...extraEnv,
    }),
  });
  let stderr = '';
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no pause at ${step}: ${stderr}`)), 20000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(`test pause at ${step}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { resume: () => writeFileSync(resume, ''), done };
}

/** Names in the work tree (not .git) that a run of the tool left. */
function strays(repo: string): string[] {
  return readdirSync(repo, { recursive: true, encoding: 'utf8' }).filter(
    (n) => !n.startsWith('.git') && n.includes('go-cookie-secure'),
  );
}

test('an editor save while the hook runs is kept: exit 1 naming the file, the index put back', async () => {
  const repo = tempRepo();
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  const staged = git(repo, 'ls-files', '-s');
  const run = await pausedFix(repo, 'indexed'); // the index is fixed, the working file not yet
  const saved = `${INSECURE}\n// saved by the editor\n`;
  write(repo, 'main.go', saved);
  run.resume();
  const r = await run.done;
  assert.is(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    'main.go changed in the working tree while the hook ran (check the change and commit again); the index and the working tree were left as they were',
  );
  assert.is(read(repo, 'main.go'), saved);
  assert.is(git(repo, 'ls-files', '-s'), staged);
  assert.equal(strays(repo), []);
});

test('a directory that became a symbolic link out of the work tree: nothing written through it', () => {
  const repo = tempRepo();
  write(repo, 'sub/a.go', INSECURE);
  git(repo, 'add', '.');
  const outside = path.join(tempDir(), 'elsewhere');
  renameSync(path.join(repo, 'sub'), outside);
  symlinkSync(outside, path.join(repo, 'sub'));
  const r = spawnSync(process.execPath, [CLI, '--staged', '--fix'], {
    cwd: repo,
    encoding: 'utf8',
    env: cleanEnv(),
  });
  assert.is(r.status, 0, r.stderr);
  assert.match(
    r.stderr,
    'sub/a.go: fixed in the commit; working copy left as is: sub is a symbolic link; the file is not in the work tree',
  );
  assert.is(git(repo, 'show', ':sub/a.go'), fixed(INSECURE));
  assert.is(readFileSync(path.join(outside, 'a.go'), 'utf8'), INSECURE);
});

/** A repository (in a folder others can enter, for the runs without root's powers) with a.go and sub/b.go staged. */
function twoStagedFiles(): string {
  const dir = tempDir('gcs-ro-');
  chmodSync(dir, 0o755);
  const repo = path.join(dir, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  write(repo, 'a.go', INSECURE);
  write(repo, 'sub/b.go', INSECURE);
  git(repo, 'add', '.');
  return repo;
}

test('restoring steps that fail are reported as they are: the index kept the fix, and the message says so', async () => {
  const repo = twoStagedFiles();
  // Paused after the index was fixed: the second file cannot be written, and the index cannot be put back.
  const run = await pausedFix(
    repo,
    'indexed',
    {},
    honouringPermissions(process.execPath, [CLI, '--staged', '--fix']),
  );
  chmodSync(path.join(repo, 'sub'), 0o555);
  writeFileSync(path.join(repo, '.git/index.lock'), '');
  run.resume();
  const r = await run.done;
  chmodSync(path.join(repo, 'sub'), 0o755);
  assert.is(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /cannot write sub\/b\.go: permission denied; could not restore the index \(another git process is using the index \(index\.lock exists\)\): check git status before committing/,
  );
  assert.not.match(r.stderr, 'left as they were');
  // What the message says is what is there: the index holds the fixes, a.go was put back.
  assert.is(git(repo, 'show', ':a.go'), fixed(INSECURE));
  assert.is(read(repo, 'a.go'), INSECURE);
});

test('a restore of a working file that changed meanwhile is not made, and is reported', async () => {
  const repo = twoStagedFiles();
  const staged = git(repo, 'ls-files', '-s');
  // Paused after the first file (a.go) was written: the user edits it, and sub/ cannot be written.
  const run = await pausedFix(
    repo,
    'writing',
    {},
    honouringPermissions(process.execPath, [CLI, '--staged', '--fix']),
  );
  const edited = `${fixed(INSECURE)}// edited\n`;
  write(repo, 'a.go', edited);
  chmodSync(path.join(repo, 'sub'), 0o555);
  run.resume();
  const r = await run.done;
  chmodSync(path.join(repo, 'sub'), 0o755);
  assert.is(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /cannot write sub\/b\.go: permission denied; could not restore a\.go: check git status before committing/,
  );
  assert.is(read(repo, 'a.go'), edited); // the user's edit is kept
  assert.is(git(repo, 'ls-files', '-s'), staged); // the index was put back
});

test("a lock left by a killed run is recognised and removed by the next; another program's lock is left", () => {
  const repo = tempRepo();
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a process id that no longer runs
  const copy = path.join(repo, '.git', `go-cookie-secure-${dead}.index`);
  writeFileSync(copy, readFileSync(path.join(repo, '.git/index')));
  linkSync(copy, path.join(repo, '.git/index.lock')); // the state a kill between link and rename leaves
  const r = spawnSync(process.execPath, [CLI, '--staged', '--fix'], {
    cwd: repo,
    encoding: 'utf8',
    env: cleanEnv(),
  });
  assert.is(r.status, 0, r.stderr);
  assert.not.ok(existsSync(path.join(repo, '.git/index.lock')));
  assert.not.ok(existsSync(copy));
  assert.is(git(repo, 'show', ':main.go'), fixed(INSECURE));

  write(repo, 'other.go', INSECURE);
  git(repo, 'add', 'other.go');
  writeFileSync(path.join(repo, '.git/index.lock'), ''); // someone else's
  const busy = spawnSync(process.execPath, [CLI, '--staged', '--fix'], {
    cwd: repo,
    encoding: 'utf8',
    env: cleanEnv(),
  });
  assert.is(busy.status, 2, busy.stderr);
  assert.ok(existsSync(path.join(repo, '.git/index.lock')));
});

test('kill -9 at random points (200 kills): each file before or after the fix, in the index and the working tree; no stray file', async () => {
  const repo = tempRepo();
  const files = Array.from({ length: 8 }, (_, i) => `d${i % 3}/f${i}.go`);
  for (const f of files) write(repo, f, INSECURE.replace('"s"', `"${f}"`));
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'base', '--no-verify');
  const original = new Map(
    files.map((f) => [f, `${INSECURE.replace('"s"', `"${f}"`)}\nvar staged = "${f}"\n`]),
  );
  const unstaged = (_file: string, text: string) => `${text}\n// unstaged edit\n`;
  const stage = () => {
    for (const f of files) write(repo, f, original.get(f)!);
    git(repo, 'add', '.');
    for (const f of files.slice(0, 4)) write(repo, f, unstaged(f, original.get(f)!)); // partially staged
  };
  const tmp = tempDir('gcs-tmp-');
  const env = cleanEnv({ TMPDIR: tmp });
  // How long a whole run takes here, so kills land all over it.
  let spent = 0;
  for (let k = 0; k < 3; k++) {
    stage();
    const t0 = Date.now();
    spawnSync(process.execPath, [CLI, '--staged', '--fix'], { cwd: repo, env });
    spent += Date.now() - t0;
  }
  const span = Math.max(50, spent / 3);
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let killed = 0;
  let recovered = 0;
  // At least 200 kills; runs that end before their kill count as runs, not kills.
  for (let i = 0; killed < 200 && i < 600; i++) {
    stage();
    const child = spawn(process.execPath, [CLI, '--staged', '--fix'], {
      cwd: repo,
      env,
      stdio: 'ignore',
    });
    const exited = new Promise<string | null>((resolve) =>
      child.on('close', (_code, signal) => resolve(signal)),
    );
    await new Promise((r) => setTimeout(r, random() * span));
    child.kill('SIGKILL');
    if ((await exited) === 'SIGKILL') killed++;
    for (const f of files) {
      const staged = git(repo, 'show', `:${f}`);
      assert.ok(
        staged === original.get(f) || staged === fixed(original.get(f)!),
        `run ${i}: ${f} in the index is neither before nor after the fix`,
      );
      const working = read(repo, f);
      const expected = files.indexOf(f) < 4 ? unstaged(f, original.get(f)!) : original.get(f)!;
      assert.ok(
        working === expected || working === fixed(expected),
        `run ${i}: ${f} in the working tree is neither before nor after the fix`,
      );
    }
    const lock = path.join(repo, '.git/index.lock');
    if (existsSync(lock)) {
      // Killed in the one stat between taking git's lock and releasing it: the lock is provably
      // the tool's (the copy it was linked from is beside it), and the next run removes it.
      const ours = readdirSync(path.join(repo, '.git')).some(
        (n) =>
          /^go-cookie-secure-\d+\.index$/.test(n) &&
          statSync(path.join(repo, '.git', n)).ino === statSync(lock).ino,
      );
      assert.ok(ours, `run ${i}: an index.lock that is not the tool's was left`);
      const next = spawnSync(process.execPath, [CLI, '--staged', '--fix'], {
        cwd: repo,
        env,
        encoding: 'utf8',
      });
      assert.is(next.status, 0, next.stderr);
      assert.not.ok(existsSync(lock), `run ${i}: the next run did not remove the stale lock`);
      recovered++;
    }
    assert.equal(strays(repo), [], `run ${i}: temporary files in the work tree`);
    assert.equal(readdirSync(tmp), [], `run ${i}: temporary files in TMPDIR`);
    assert.is(
      run('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: repo })
        .stdout.split('\n')
        .filter((l) => l.startsWith('??')).length,
      0,
      `run ${i}: untracked files`,
    );
  }
  assert.ok(killed >= 200, `only ${killed} runs were killed before they ended`);
  console.log(
    `  kill -9: ${killed} kills; ${recovered} left git's lock in the one-stat window, each removed by the next run`,
  );
  // A later run removes what the killed ones left in the git directory.
  stage();
  const last = spawnSync(process.execPath, [CLI, '--staged', '--fix'], {
    cwd: repo,
    env,
    encoding: 'utf8',
  });
  assert.is(last.status, 0, last.stderr);
  assert.equal(
    readdirSync(path.join(repo, '.git')).filter((n) => n.startsWith('go-cookie-secure-')),
    [],
  );
});

test.run();
