import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The checkout's root (tests run from dist/test/...). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI = path.join(PROJECT_ROOT, 'bin/go-cookie-secure.js');

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a mount point still busy: leave it to the OS's temp cleanup
    }
  }
});

/** A fresh directory in the OS temp dir, removed when the test process exits. */
export function tempDir(prefix = 'gcs-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function write(dir: string, file: string, content: string | Buffer): string {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

export function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for child processes: no colour, no git identity or config from the machine. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith('GIT_') || k === 'FORCE_COLOR' || k === 'NO_COLOR' || k === 'HUSKY')
      delete env[k];
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    ...extra,
  };
}

export function run(
  cmd: string,
  args: string[],
  options: SpawnSyncOptions & { cwd: string },
): Result {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: cleanEnv(), ...options });
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * A command line that honours file permissions: root reads and writes anything through its
 * capabilities, so when we are root the command runs without CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH (still root, so it can read this checkout wherever it lives).
 */
export function honouringPermissions(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['setpriv', ['--bounding-set=-dac_override,-dac_read_search', cmd, ...args]]
    : [cmd, args];
}

/** Runs the built CLI as a user would. */
export function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Result {
  return run(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(env) });
}

/** Runs git, failing the test on a non-zero exit. */
export function git(cwd: string, ...args: string[]): string {
  const r = run('git', args, { cwd });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A new repository with a local identity and no CRLF conversion. */
export function tempRepo(): string {
  const dir = tempDir('gcs-repo-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'core.autocrlf', 'false');
  return dir;
}

/**
 * Makes the built CLI the repository's `node_modules/.bin/go-cookie-secure`, as
 * `npm install --save-dev go-cookie-secure` would, and keeps node_modules out of git status.
 */
export function linkTool(repo: string): void {
  mkdirSync(path.join(repo, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI, path.join(repo, 'node_modules', '.bin', 'go-cookie-secure'));
  writeFileSync(path.join(repo, '.git', 'info', 'exclude'), 'node_modules/\n', { flag: 'a' });
}

/** A repository with the plain git hook installed by `go-cookie-secure init` in the given mode. */
export function hookRepo(mode: 'fix' | 'block'): string {
  const repo = tempRepo();
  linkTool(repo);
  const r = cli(repo, ['init', '--mode', mode]);
  if (r.status !== 0) throw new Error(`init failed: ${r.stderr}`);
  return repo;
}

/** `git commit`, returning the result instead of throwing (a blocked commit is an outcome). */
export function commit(
  repo: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = repo,
): Result {
  return run('git', ['commit', '-q', ...args], { cwd, env: cleanEnv(env) });
}
