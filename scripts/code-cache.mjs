// Makes dist/src/cli.bundle.cjs.cache: the code V8 compiled while the CLI checked and fixed the
// bundled example, in a throwaway repository (scan, staged check, staged fix). bin/load-cli.js
// hands it to V8, so later runs skip compiling those functions. Run by `npm run build` after
// scripts/bundle.mjs. The CLI works the same without the cache, only a few milliseconds slower:
// a failure here warns and leaves no cache.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { loadCli, CACHE } = require(path.join(root, 'bin/load-cli.js'));

const repo = mkdtempSync(path.join(tmpdir(), 'gcs-code-cache-'));
const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
// A build run from a git hook inherits its GIT_DIR, GIT_INDEX_FILE...: they are not this repository's.
for (const name of Object.keys(process.env)) if (name.startsWith('GIT_')) delete process.env[name];
const git = (...args) =>
  execFileSync('git', ['-c', 'user.name=build', '-c', 'user.email=build@example.com', ...args], {
    cwd: repo,
    stdio: 'ignore',
  });
try {
  rmSync(CACHE, { force: true }); // compiled afresh, whatever cache an earlier build left
  const cli = loadCli();
  git('init', '-q');
  writeFileSync(path.join(repo, 'go.mod'), 'module example.com/demo\n');
  git('add', '.');
  git('commit', '-qm', 'base');
  cpSync(path.join(root, 'example/service'), path.join(repo, 'service'), { recursive: true });
  git('add', '.');
  const io = { cwd: repo, env: { ...process.env, NO_COLOR: '1' }, stdout: sink(), stderr: sink() };
  for (const args of [['--format', 'json'], [], ['--staged'], ['--staged', '--fix']])
    await cli.exports.main(args, io);
  const fixed = readFileSync(path.join(repo, 'service/session.go'), 'utf8');
  if (!fixed.includes('Secure: true')) throw new Error('the example was not fixed');
  writeFileSync(
    CACHE,
    Buffer.concat([Buffer.from(cli.header, 'latin1'), cli.script.createCachedData()]),
  );
} catch (error) {
  process.stderr.write(
    `code-cache: no code cache made (${error instanceof Error ? error.message : error})\n`,
  );
} finally {
  rmSync(repo, { recursive: true, force: true });
}
