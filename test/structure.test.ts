import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  readFileSync,
  readdirSync,
  writeFileSync,
  chmodSync,
  rmSync,
  existsSync,
  cpSync,
  symlinkSync,
  mkdirSync,
} from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  CLI,
  PROJECT_ROOT,
  cleanEnv,
  cli,
  git,
  read,
  tempDir,
  tempRepo,
  write,
} from './helpers/temp.js';

/**
 * Structural performance guards (timings belong to bench/): the number of git processes of a
 * --staged run does not grow with the staged files, no git call carries paths as arguments,
 * a commit without candidate files never loads the parser, and the CLI starts from the code
 * cache the build made for its bundle (and from no other).
 */

const REAL_GIT = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();

/** A PATH directory whose `git` logs each call (one line of arguments) before running git. */
function gitShim(): { dir: string; log: string } {
  const dir = tempDir('gcs-shim-');
  const log = path.join(dir, 'calls.log');
  writeFileSync(
    path.join(dir, 'git'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${REAL_GIT}' "$@"\n`,
  );
  chmodSync(path.join(dir, 'git'), 0o755);
  return { dir, log };
}

/** The git subcommands of a run, sorted (some run concurrently, so their order varies). */
function commands(calls: string[]): string[] {
  return calls.map((c) => c.split(' ')[0]!).sort();
}

function stagedRun(
  files: number,
  cookie: boolean,
  fix: boolean,
): { calls: string[]; stderr: string; status: number | null } {
  const repo = tempRepo();
  write(repo, 'base.go', 'package main\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'base');
  for (let i = 0; i < files; i++) {
    write(
      repo,
      `pkg${i % 7}/f${i}.go`,
      cookie
        ? `package main\n\nimport "net/http"\n\nvar c${i} = http.Cookie{Name: "n"}\n`
        : `package main\n\nvar v${i} = ${i}\n`,
    );
  }
  git(repo, 'add', '.');
  const shim = gitShim();
  if (existsSync(shim.log)) rmSync(shim.log);
  const r = cli(repo, fix ? ['--staged', '--fix'] : ['--staged'], {
    PATH: `${shim.dir}:${process.env.PATH}`,
    GO_COOKIE_SECURE_TRACE_PARSER: '1',
  });
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
  for (const call of many.calls)
    assert.not.match(call, /f\d+\.go/, `paths passed as arguments: ${call}`);
});

test('a commit with no candidate file never loads the parser; one with a cookie does', () => {
  assert.not.match(stagedRun(20, false, false).stderr, 'parser loaded');
  assert.match(stagedRun(1, true, false).stderr, 'parser loaded');
});

test('a commit whose cookies are all set Secure in plain sight never loads the parser', () => {
  const repo = tempRepo();
  write(
    repo,
    'a.go',
    'package main\n\nimport "net/http"\n\nfunc a(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{\n\t\tName:   "s", // the session\n\t\tSecure: true,\n\t})\n}\n',
  );
  write(
    repo,
    'b.go',
    'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc b(c *gin.Context) {\n\tc.SetCookie("s", "v", 60, "/", "", true, true)\n}\n',
  );
  git(repo, 'add', '.');
  const settled = cli(repo, ['--staged'], { GO_COOKIE_SECURE_TRACE_PARSER: '1' });
  assert.is(settled.status, 0, settled.stderr);
  assert.not.match(settled.stderr, 'parser loaded');
  // A write of the field after the literal can undo it: that file is parsed.
  write(
    repo,
    'a.go',
    read(repo, 'a.go').replace('\t})\n', '\t})\n\tvar c http.Cookie\n\tc.Secure = false\n'),
  );
  git(repo, 'add', '.');
  const undone = cli(repo, ['--staged'], { GO_COOKIE_SECURE_TRACE_PARSER: '1' });
  assert.is(undone.status, 1, undone.stdout);
  assert.match(undone.stderr, 'parser loaded');
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

test('the built CLI starts from its code cache', () => {
  const r = cli(tempDir(), ['--version'], { GO_COOKIE_SECURE_TRACE_CODE_CACHE: '1' });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, 'code cache used');
});

/** A copy of what the package installs (bin/, the built sources, package.json), without node_modules. */
function installedCopy(): string {
  const dir = tempDir('gcs-copy-');
  cpSync(path.join(PROJECT_ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  cpSync(path.join(PROJECT_ROOT, 'dist/src'), path.join(dir, 'dist/src'), { recursive: true });
  cpSync(path.join(PROJECT_ROOT, 'package.json'), path.join(dir, 'package.json'));
  return dir;
}

/** A copy of bin/ and the bundle, with `change` applied to the copy's bundle and cache. */
function copiedCli(
  change: (bundle: string, cache: Buffer) => { bundle: string; cache: Buffer },
): string {
  const dir = installedCopy();
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const bundlePath = path.join(dir, 'dist/src/cli.bundle.cjs');
  const changed = change(readFileSync(bundlePath, 'utf8'), readFileSync(`${bundlePath}.cache`));
  writeFileSync(bundlePath, changed.bundle);
  writeFileSync(`${bundlePath}.cache`, changed.cache);
  return path.join(dir, 'bin/go-cookie-secure.js');
}

function scanWith(bin: string): { stderr: string; status: number | null; stdout: string } {
  const repo = tempRepo();
  write(repo, 'main.go', 'package main\n\nimport "net/http"\n\nvar c = http.Cookie{Name: "s"}\n');
  git(repo, 'add', '.');
  const r = spawnSync(process.execPath, [bin, '--format', 'json'], {
    cwd: repo,
    encoding: 'utf8',
    env: cleanEnv({ GO_COOKIE_SECURE_TRACE_CODE_CACHE: '1' }),
  });
  return { stderr: r.stderr, status: r.status, stdout: r.stdout };
}

test('a code cache made for another build of the bundle is not used (V8 checks only the length)', () => {
  // Same length, another build: a changed message and build line; V8 alone would take the stale code.
  const bin = copiedCli((bundle, cache) => ({
    bundle: bundle
      .replace(/^\/\/ build ([0-9a-f])/, (_m, c: string) => `// build ${c === '0' ? '1' : '0'}`)
      .replaceAll('can be sent over plain HTTP', 'CAN BE SENT OVER PLAIN HTTP'),
    cache,
  }));
  const r = scanWith(bin);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, 'code cache none');
  assert.match(r.stdout, 'CAN BE SENT OVER PLAIN HTTP');
});

test('a damaged code cache is rejected by V8 and the CLI runs as without one', () => {
  const bin = copiedCli((bundle, cache) => {
    const header = bundle.slice(0, bundle.indexOf('\n') + 1).length;
    const damaged = Buffer.from(cache);
    damaged.fill(7, header + 16);
    return { bundle, cache: damaged };
  });
  const r = scanWith(bin);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, 'code cache rejected');
  assert.match(r.stdout, '"findings":1');
});

/** A repository of `n` candidate files, each ~5 KB of functions ending with one cookie literal. */
function candidateRepo(n: number): string {
  const repo = tempRepo();
  for (let i = 0; i < n; i++) {
    let text = 'package p\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\n';
    for (let f = 0; f < 40; f++)
      text += `// f${f} formats a value.\nfunc f${f}_${i}(x int) string {\n\tif x > ${f} {\n\t\treturn fmt.Sprint(x * ${f})\n\t}\n\treturn fmt.Sprintf("%d-%d", x, ${i})\n}\n\n`;
    text += `func set${i}(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Name: "s", Value: "v"})\n}\n`;
    write(repo, `p${i % 20}/f${i}.go`, text);
  }
  git(repo, 'add', '.');
  return repo;
}

/** Bytes the young-generation collector moved to the old generation during a scan of `repo`. */
function promotedBytes(repo: string): number {
  const r = spawnSync(process.execPath, ['--trace-gc-nvp', CLI, '--format', 'json'], {
    cwd: repo,
    encoding: 'utf8',
    env: cleanEnv(),
    maxBuffer: 1 << 28,
  });
  assert.is(r.status, 1, r.stderr);
  return [...r.stdout.matchAll(/ promoted=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

test('a scan keeps no tree alive past the young generation: memory stays flat as files are added', () => {
  // Trees are freed only when collected; whatever keeps one reachable across a minor collection
  // moves it (and the file's text) to the old generation, which grows with the corpus. What a
  // file may leave there is its findings (~1 KB here); a retained tree and text, ~8 KB.
  const perFile = (promotedBytes(candidateRepo(600)) - promotedBytes(candidateRepo(200))) / 400;
  assert.ok(perFile < 3000, `${perFile.toFixed(0)} bytes promoted per added file`);
});

/**
 * An installed copy whose web-tree-sitter package holds `files` (the other packages are the
 * project's); each name without content is the real package's file.
 */
function copyWithTreeSitter(files: Record<string, string | null>): string {
  const dir = installedCopy();
  mkdirSync(path.join(dir, 'node_modules/web-tree-sitter'), { recursive: true });
  for (const name of readdirSync(path.join(PROJECT_ROOT, 'node_modules'))) {
    if (name !== 'web-tree-sitter')
      symlinkSync(
        path.join(PROJECT_ROOT, 'node_modules', name),
        path.join(dir, 'node_modules', name),
      );
  }
  for (const [name, content] of Object.entries(files)) {
    write(
      dir,
      `node_modules/web-tree-sitter/${name}`,
      content ?? readFileSync(path.join(PROJECT_ROOT, 'node_modules/web-tree-sitter', name)),
    );
  }
  return dir;
}

test('a parser runtime this system cannot start is one line and exit 2, nothing written, also with a scan worker running (which once kept the process alive)', () => {
  // The real runtime with its WebAssembly file damaged, as an install cut short leaves it.
  const dir = copyWithTreeSitter({
    'package.json': null,
    'web-tree-sitter.cjs': null,
    'web-tree-sitter.js': null,
    'web-tree-sitter.wasm': 'not wasm',
  });
  const repo = tempRepo();
  write(repo, 'main.go', 'package main\n\nimport "net/http"\n\nvar c = http.Cookie{Name: "s"}\n');
  git(repo, 'add', '.');
  for (const workers of ['0', '1']) {
    const r = spawnSync(process.execPath, [path.join(dir, 'bin/go-cookie-secure.js'), '--fix'], {
      cwd: repo,
      encoding: 'utf8',
      env: cleanEnv({ GO_COOKIE_SECURE_WORKERS: workers }),
      timeout: 30_000,
    });
    assert.is(r.status, 2, r.stderr);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(
      r.stderr,
      /^go-cookie-secure: cannot load the Go parser: WebAssembly\.Module\(\): expected magic word 00 61 73 6d, found 6e 6f 74 20 @\+0; reinstall go-cookie-secure$/m,
    );
    assert.is(
      read(repo, 'main.go'),
      'package main\n\nimport "net/http"\n\nvar c = http.Cookie{Name: "s"}\n',
      'nothing written',
    );
  }
});

test('a scan that fails on this thread while the file list still grows ends: no worker starts after the failure (one used to, and kept the process alive)', () => {
  // Parsing fails on the main thread only, so that a worker started late would scan on, then wait for work forever.
  const dir = copyWithTreeSitter({
    'package.json': '{ "name": "web-tree-sitter", "main": "index.js" }\n',
    'web-tree-sitter.wasm': null,
    'index.js':
      `if (require('node:worker_threads').isMainThread) module.exports = { Parser: class { static async init() {} setLanguage() {} parse() { throw new TypeError('boom'); } }, Language: { loadSync: () => ({}) } };\n` +
      `else module.exports = require(${JSON.stringify(path.join(PROJECT_ROOT, 'node_modules/web-tree-sitter'))});\n`,
  });
  const tree = tempDir('gcs-walk-');
  // More files than the parallel scan's threshold for starting workers; the first one is parsed.
  for (let i = 0; i < 1100; i++)
    write(
      tree,
      `f${String(i).padStart(4, '0')}.go`,
      `package main\n\nimport "net/http"\n\nvar c${i} = http.Cookie{Name: "s"}\n`,
    );
  const r = spawnSync(process.execPath, [path.join(dir, 'bin/go-cookie-secure.js'), '.'], {
    cwd: tree,
    encoding: 'utf8',
    env: cleanEnv(),
    timeout: 30_000,
  });
  assert.is(r.signal, null, 'the process had to be killed');
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /^go-cookie-secure: internal error: TypeError: boom/);
});

test.run();
