import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import {
  existsSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  CLI,
  cleanEnv,
  cli,
  commit,
  git,
  hookRepo,
  read,
  run,
  tempRepo,
  write,
} from './helpers/temp.js';

// The hook and the command against git states and settings a test suite rarely meets: sparse
// index, bytes in file names, type changes, user configuration and environment that change
// what git commands mean, locks of a git that died, interrupts in the middle of a write.

const INSECURE = 'package main\n\nimport "net/http"\n\nvar c = &http.Cookie{Name: "s"}\n';
const SECURE = INSECURE.replace('Name: "s"}', 'Name: "s", Secure: true}');

function isFixed(text: string): boolean {
  return text === SECURE;
}

test('sparse index: a fix outside the cone expands the index; one tree entry, the fix, flags kept', () => {
  const repo = hookRepo('fix');
  write(repo, 'd1/a.go', 'package d1\n');
  write(repo, 'd2/x.go', 'package d2\n');
  git(repo, 'add', 'd1', 'd2');
  git(repo, 'commit', '-qm', 'base', '--no-verify');
  git(repo, 'checkout', '-qb', 'other');
  write(repo, 'd2/x.go', INSECURE);
  git(repo, 'commit', '-qam', 'insecure', '--no-verify');
  git(repo, 'checkout', '-q', 'main');
  git(repo, 'sparse-checkout', 'set', '--cone', 'd1');
  git(repo, 'config', 'index.sparse', 'true');
  git(repo, 'sparse-checkout', 'reapply');
  assert.match(git(repo, 'ls-files', '--sparse', '-s'), '040000'); // the index is sparse
  git(repo, 'merge', '-q', '--no-ff', '--no-commit', 'other');
  const r = commit(repo, ['--no-edit']);
  assert.is(r.status, 0, r.stderr);
  assert.match(
    r.stderr,
    'd2/x.go: fixed in the commit; working copy left as is: not checked out (outside the sparse checkout)',
  );
  const tree = git(repo, 'ls-tree', '-r', 'HEAD')
    .trim()
    .split('\n')
    .filter((l) => l.endsWith('\td2/x.go'));
  assert.is(tree.length, 1, 'd2/x.go once in the tree');
  assert.ok(isFixed(git(repo, 'show', 'HEAD:d2/x.go')));
  assert.is(run('git', ['fsck', '--strict'], { cwd: repo }).status, 0);
  // Still outside the checkout: not shown as deleted, and not written.
  assert.is(git(repo, 'status', '--porcelain'), '');
  assert.not.ok(existsSync(path.join(repo, 'd2/x.go')));
  assert.match(git(repo, 'ls-files', '-t', '--', 'd2/x.go'), /^S d2\/x\.go/);
});

test('assume-unchanged: the fixed entry keeps its flag', () => {
  const repo = tempRepo();
  write(repo, 'a.go', 'package main\n');
  git(repo, 'add', 'a.go');
  git(repo, 'commit', '-qm', 'base');
  write(repo, 'a.go', INSECURE);
  git(repo, 'add', 'a.go');
  git(repo, 'update-index', '--assume-unchanged', 'a.go');
  const r = cli(repo, ['--staged', '--fix']);
  assert.is(r.status, 0, r.stderr);
  assert.ok(isFixed(git(repo, 'show', ':a.go')));
  assert.is(git(repo, 'ls-files', '-v', '--', 'a.go'), 'h a.go\n');
  assert.ok(isFixed(read(repo, 'a.go')));
});

const LATIN1_NAME = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x67, 0x6f]); // "caf\xe9.go", not UTF-8

test('a file name that is not UTF-8: the hook fixes that very file, no phantom entry', () => {
  const repo = hookRepo('fix');
  writeFileSync(Buffer.concat([Buffer.from(`${repo}/`), LATIN1_NAME]), INSECURE);
  git(repo, 'add', '-A');
  const r = commit(repo, ['-m', 'latin1']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, 'caf\\xe9.go:5:10: fixed');
  const names = git(repo, 'ls-files', '-z')
    .split('\0')
    .filter((n) => n.endsWith('.go'));
  assert.is(names.length, 1, `one Go file in the index: ${JSON.stringify(names)}`);
  // Read back by bytes, as git spells the name (octal-quoted).
  const blob = git(repo, 'ls-tree', '-z', 'HEAD')
    .split('\0')
    .find((l) => l.includes('caf'))!
    .split(' ')[2]!
    .split('\t')[0]!;
  assert.ok(isFixed(git(repo, 'cat-file', 'blob', blob)));
  assert.ok(
    isFixed(readFileSync(Buffer.concat([Buffer.from(`${repo}/`), LATIN1_NAME])).toString()),
  );
  assert.is(git(repo, 'status', '--porcelain'), '');
});

test('a file name that is not UTF-8: repository and directory scans read it and fix it', () => {
  const repo = tempRepo();
  const file = Buffer.concat([Buffer.from(`${repo}/`), LATIN1_NAME]);
  writeFileSync(file, INSECURE);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'x');
  const inRepo = cli(repo, []);
  assert.is(inRepo.status, 1, inRepo.stderr);
  assert.match(inRepo.stdout, 'caf\\xe9.go:5:10');
  const walked = cli(repo, ['.']);
  assert.is(walked.status, 1, walked.stderr);
  assert.match(walked.stdout, 'caf\\xe9.go:5:10');
  const fixed = cli(repo, ['--fix']);
  assert.is(fixed.status, 0, fixed.stderr);
  assert.ok(isFixed(readFileSync(file).toString()));
  assert.equal(readdirSync(repo).filter((n) => n.endsWith('.go')).length, 1);
});

test('a type change (symlink replaced by a Go file) is checked', () => {
  const repo = hookRepo('block');
  write(repo, 'target.txt', 'x\n');
  symlinkSync('target.txt', path.join(repo, 'link.go'));
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'link', '--no-verify');
  unlinkSync(path.join(repo, 'link.go'));
  write(repo, 'link.go', INSECURE);
  git(repo, 'add', 'link.go');
  assert.match(git(repo, 'diff', '--cached', '--name-status'), /^T\tlink\.go/m);
  const r = commit(repo, ['-m', 'type change']);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, 'link.go:5:10: http.Cookie without Secure: true');
});

test('grep.fullName=true: a scan from a subdirectory still finds its files', () => {
  const repo = tempRepo();
  write(repo, 'sub/x.go', INSECURE);
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'x');
  git(repo, 'config', 'grep.fullName', 'true');
  const r = cli(path.join(repo, 'sub'), []);
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, 'x.go:5:10');
  assert.match(r.stdout, '1 finding in 1 file');
});

test('submodule.recurse=true: a submodule is another repository, never read or written', () => {
  const inner = tempRepo();
  write(inner, 'lib.go', INSECURE);
  git(inner, 'add', '.');
  git(inner, 'commit', '-qm', 'lib');
  const repo = tempRepo();
  write(repo, 'main.go', INSECURE);
  run('git', ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'lib'], {
    cwd: repo,
  });
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'x');
  git(repo, 'config', 'submodule.recurse', 'true');
  const r = cli(repo, ['--fix']);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, '1 finding in 1 file');
  assert.ok(isFixed(read(repo, 'main.go')));
  assert.is(read(repo, 'lib/lib.go'), INSECURE);
});

test('GIT_LITERAL_PATHSPECS, GIT_NOGLOB_PATHSPECS, GIT_GLOB_PATHSPECS, GIT_ICASE_PATHSPECS do not change what is checked', () => {
  const repo = hookRepo('block');
  write(repo, 'deep/er/x.go', INSECURE);
  git(repo, 'add', '.');
  for (const name of [
    'GIT_LITERAL_PATHSPECS',
    'GIT_NOGLOB_PATHSPECS',
    'GIT_GLOB_PATHSPECS',
    'GIT_ICASE_PATHSPECS',
  ]) {
    const blocked = commit(repo, ['-m', 'x'], { [name]: '1' });
    assert.is(blocked.status, 1, `${name}: ${blocked.stderr}`);
    assert.match(blocked.stderr, 'deep/er/x.go:5:10', name);
    const scanned = cli(repo, [], { [name]: '1' });
    assert.is(scanned.status, 1, `${name}: ${scanned.stdout}${scanned.stderr}`);
    assert.match(scanned.stdout, 'deep/er/x.go:5:10', name);
  }
});

test('a file name near the 255-byte limit is fixed (the temporary name is short)', () => {
  const repo = hookRepo('fix');
  const name = `${'n'.repeat(250)}.go`;
  write(repo, name, INSECURE);
  git(repo, 'add', '.');
  const r = commit(repo, ['-m', 'long']);
  assert.is(r.status, 0, r.stderr);
  assert.ok(isFixed(git(repo, 'cat-file', 'blob', `HEAD:${name}`)));
  assert.ok(isFixed(read(repo, name)));
  assert.is(git(repo, 'status', '--porcelain'), '');
});

test('stdout closed early (| head -c 10): the run ends quietly', () => {
  const repo = tempRepo();
  for (let i = 0; i < 400; i++) write(repo, `f${i}.go`, INSECURE);
  for (const format of ['json', 'text', 'sarif']) {
    const r = run(
      'sh',
      ['-c', `"${process.execPath}" "${CLI}" --format ${format} . | head -c 10`],
      { cwd: repo },
    );
    assert.is(r.stdout.length, 10, format);
    assert.is(r.stderr, '', `${format}: ${r.stderr}`);
  }
});

/** Resolves when `child` has written `text` to stderr. */
function stderrShows(child: ReturnType<typeof spawn>, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`never saw "${text}": ${seen}`)), 20000);
    child.stderr!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

test('git commit -a killed while the hook runs: no index.lock is left behind, nothing written', async () => {
  const repo = hookRepo('fix');
  write(repo, 'main.go', 'package main\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'base', '--no-verify');
  write(repo, 'main.go', INSECURE);
  const resume = path.join(repo, '.git', 'resume');
  const child = spawn('git', ['commit', '-q', '-a', '-m', 'x'], {
    cwd: repo,
    env: cleanEnv({ GO_COOKIE_SECURE_TEST_PAUSE: 'read', GO_COOKIE_SECURE_TEST_RESUME: resume }),
  });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let hookOutput = '';
  child.stderr!.on('data', (d: Buffer) => (hookOutput += d.toString()));
  await stderrShows(child, 'test pause at read');
  assert.ok(
    existsSync(path.join(repo, '.git/index.lock')),
    'git holds its lock while the hook runs',
  );
  child.kill('SIGTERM'); // git removes its lock and dies; the hook goes on
  while (existsSync(path.join(repo, '.git/index.lock')))
    await new Promise((r) => setTimeout(r, 10));
  writeFileSync(resume, '');
  await closed; // the hook holds git's stderr until it ends
  assert.match(
    hookOutput,
    "git's index.lock is gone (the commit was cancelled); nothing was changed",
  );
  assert.not.ok(existsSync(path.join(repo, '.git/index.lock')), 'a stale lock was left');
  assert.is(run('git', ['status', '--porcelain'], { cwd: repo }).stdout, ' M main.go\n');
  assert.is(read(repo, 'main.go'), INSECURE);
});

test('Ctrl-C while the index is written: the write completes, the message says so, the state is consistent', async () => {
  const repo = tempRepo();
  // A large index makes the write long enough to interrupt it.
  const empty = run('git', ['hash-object', '-w', '--stdin'], {
    cwd: repo,
    input: 'x\n',
  }).stdout.trim();
  const info = `${Array.from({ length: 150000 }, (_, i) => `100644 ${empty}\tpad/${i}.txt`).join('\n')}\n`;
  run('git', ['update-index', '--index-info'], { cwd: repo, input: info });
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  const child = spawn(process.execPath, [CLI, '--staged', '--fix'], {
    cwd: repo,
    env: cleanEnv(),
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  const lock = path.join(repo, '.git/index.lock');
  let sent = false;
  while (!sent && child.exitCode === null) {
    if (existsSync(lock)) {
      process.kill(-child.pid!, 'SIGINT'); // the terminal's Ctrl-C: the whole process group
      sent = true;
    } else await new Promise((r) => setImmediate(r));
  }
  const code = await closed;
  assert.ok(sent, 'the index was never locked');
  assert.is(code, 130, stderr);
  assert.match(
    stderr,
    'interrupted (SIGINT) while fixing; the fixes were completed first, so the index and the working tree are consistent',
  );
  assert.not.match(stderr, 'git exited with');
  assert.ok(isFixed(git(repo, 'show', ':main.go')));
  assert.ok(isFixed(read(repo, 'main.go')));
  assert.not.ok(existsSync(lock));
});

test('a git add made while the hook runs is kept: the hook stops with exit 1 and names the file', async () => {
  const repo = tempRepo();
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  const resume = path.join(repo, '.git', 'resume');
  const child = spawn(process.execPath, [CLI, '--staged', '--fix'], {
    cwd: repo,
    env: cleanEnv({ GO_COOKIE_SECURE_TEST_PAUSE: 'read', GO_COOKIE_SECURE_TEST_RESUME: resume }),
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  await stderrShows(child, 'test pause at read');
  const newer = `${INSECURE}\nvar newer = 1\n`;
  write(repo, 'main.go', newer);
  git(repo, 'add', 'main.go');
  writeFileSync(resume, '');
  const code = await closed;
  assert.is(code, 1, stderr);
  assert.match(
    stderr,
    'main.go changed in the index while the hook ran (check the change and commit again); nothing was changed',
  );
  assert.is(git(repo, 'show', ':main.go'), newer);
  assert.is(read(repo, 'main.go'), newer);
});

test.run();
