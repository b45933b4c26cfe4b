import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OperationalError } from './errors.js';

/**
 * Every git call of the project goes through this module, each one process of git plumbing
 * with machine-readable (-z) output.
 *
 * Not simple-git: measured here, simple-git 4 adds about 55 ms to every git command that prints
 * nothing (a commit with no staged Go file, a grep without a match), which is most of a hook's
 * budget, and it strips the GIT_* variables git hands a hook (GIT_INDEX_FILE among them) unless
 * each is allowed. Streaming calls need stdin, which it cannot feed, in any case.
 */

interface GitCall {
  cwd: string;
  input?: Buffer | string;
  env?: NodeJS.ProcessEnv;
  /** Exit statuses that are answers, not failures (git grep exits 1 when nothing matches). */
  ok?: number[];
}

class GitCommandError extends Error {
  constructor(readonly status: number | null, stderr: string) {
    super(stderr.trim() || `git exited with ${status}`);
  }
}

/** Runs one git command; resolves with its stdout. */
export function runGit(args: string[], call: GitCall): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: call.cwd, env: call.env ?? process.env, stdio: [call.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error) => reject(new OperationalError(`cannot run git: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0 || (code !== null && call.ok?.includes(code))) resolve(Buffer.concat(out));
      else reject(new GitCommandError(code, Buffer.concat(err).toString('utf8')));
    });
    if (call.input !== undefined) {
      child.stdin!.on('error', () => undefined); // git may exit before reading everything; its status says why
      child.stdin!.end(call.input);
    }
  });
}

function gitFailure(what: string, error: unknown): OperationalError {
  if (error instanceof OperationalError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? 'git failed';
  return new OperationalError(`${what}: ${line.replace(/^(fatal|error): /, '')}`, { cause: error });
}

/** The work tree `cwd` belongs to, or null outside any git repository (or when git is missing). */
export async function findRepository(cwd: string): Promise<{ root: string } | null> {
  try {
    const root = (await runGit(['rev-parse', '--show-toplevel'], { cwd })).toString('utf8').trim();
    return root ? { root } : null;
  } catch {
    return null;
  }
}

/** Splits `git ... -z` output into its NUL-terminated fields. */
export function splitNul(out: Buffer | string): string[] {
  const fields = out.toString('utf8').split('\0');
  if (fields[fields.length - 1] === '') fields.pop();
  return fields;
}

/** Runs one git command and hands its -z output to `onEntry` field by field, as it streams. */
function streamGitEntries(args: string[], cwd: string, onEntry: (entry: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let rest = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const fields = (rest + chunk).split('\0');
      rest = fields.pop()!;
      for (const field of fields) onEntry(field);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => reject(new OperationalError(`cannot run git: ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new GitCommandError(code, stderr))));
  });
}

/**
 * Tracked `*.go` files at or below `cwd` that `keep` accepts: how many there are, and those
 * whose working-tree content contains the bytes `Cookie` (paths relative to `cwd`). git grep
 * does that search multithreaded, so only candidates are read; the listing is counted as it
 * streams, so memory does not grow with the repository. Symlinks and submodules are left out.
 */
export async function trackedGoFiles(cwd: string, keep: (file: string) => boolean): Promise<{ count: number; candidates: string[] }> {
  let count = 0;
  const notRegular = new Set<string>();
  let matches: Buffer;
  try {
    [, matches] = await Promise.all([
      streamGitEntries(['ls-files', '-z', '--stage', '--', '*.go'], cwd, (entry) => {
        // `<mode> <object> <stage>\t<path>`
        const mode = entry.slice(0, 6);
        const file = entry.slice(entry.indexOf('\t') + 1);
        if (mode !== '100644' && mode !== '100755') notRegular.add(file);
        else if (entry[entry.indexOf(' ', 7) + 1] === '0' && keep(file)) count++; // stage 0: not a conflict side
      }),
      runGit(['grep', '-z', '-l', '-F', '--no-color', '-e', 'Cookie', '--', '*.go'], { cwd, ok: [1] }),
    ]);
  } catch (error) {
    throw gitFailure('cannot list tracked files', error);
  }
  return { count, candidates: splitNul(matches).filter((f) => !notRegular.has(f) && keep(f)) };
}

/** One staged file: index entry and path relative to the repository root. */
export interface StagedFile {
  mode: string;
  object: string;
  path: string;
}

/** The hook's git state. The repository's paths cost a git call and are looked up when needed. */
export interface IndexContext {
  cwd: string;
  /** GIT_INDEX_FILE as an absolute path, when git set it. */
  indexFile?: string;
  repository(): Promise<{ root: string; gitDir: string }>;
}

export function indexContext(cwd: string): IndexContext {
  let paths: Promise<{ root: string; gitDir: string }> | undefined;
  const repository = () =>
    (paths ??= runGit(['rev-parse', '--show-toplevel', '--absolute-git-dir'], { cwd }).then(
      (out) => {
        const [root = '', gitDir = ''] = out.toString('utf8').split('\n');
        if (!root) throw new OperationalError('not in a git work tree');
        return { root, gitDir };
      },
      (error: unknown) => {
        throw gitFailure('not in a git work tree', error);
      },
    ));
  return { cwd, indexFile: process.env.GIT_INDEX_FILE, repository };
}

/**
 * git starts hooks at the top of the work tree and may hand them a relative GIT_INDEX_FILE
 * (`.git/index`); a hook that changes directory first must still use that index. Every later
 * git call of this process inherits the absolute path.
 */
export async function resolveIndexFile(ctx: IndexContext): Promise<void> {
  const given = ctx.indexFile;
  if (!given || path.isAbsolute(given)) return;
  let resolved = path.resolve(ctx.cwd, given);
  if (!existsSync(resolved)) {
    resolved = path.resolve((await ctx.repository()).root, given);
    if (!existsSync(resolved)) throw new OperationalError(`GIT_INDEX_FILE ${given} does not exist`);
  }
  process.env.GIT_INDEX_FILE = resolved;
  ctx.indexFile = resolved;
}

async function headExists(cwd: string): Promise<boolean> {
  try {
    await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd });
    return true;
  } catch {
    return false;
  }
}

/**
 * The Go files the commit will add or change, straight from the index: one diff-index against
 * HEAD (or, before the first commit, one ls-files). Unmerged paths are an error; symlinks and
 * submodules are left out. Deleted files have nothing to check; renames arrive as additions.
 * Paths are relative to the repository root.
 */
export async function stagedGoFiles(ctx: IndexContext): Promise<StagedFile[]> {
  const cwd = ctx.cwd;
  let out: Buffer;
  let hasHead = true;
  try {
    out = await runGit(['diff-index', '--cached', '-z', '--no-renames', '--diff-filter=ACMU', 'HEAD', '--', ':/*.go'], { cwd });
  } catch (error) {
    if (await headExists(cwd)) throw gitFailure('cannot list staged files', error);
    // Before the first commit there is no HEAD: everything in the index is staged.
    hasHead = false;
    try {
      out = await runGit(['ls-files', '-z', '--stage', '--full-name', '--', ':/*.go'], { cwd });
    } catch (inner) {
      throw gitFailure('cannot list staged files', inner);
    }
  }
  const files: StagedFile[] = [];
  const unmerged = new Set<string>();
  const fields = splitNul(out);
  if (hasHead) {
    // `:<old mode> <new mode> <old object> <new object> <status>` NUL `<path>` NUL
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [, mode = '', , object = '', status = ''] = fields[i]!.slice(1).split(' ');
      const file = fields[i + 1]!;
      if (status === 'U') unmerged.add(file);
      else if (mode === '100644' || mode === '100755') files.push({ mode, object, path: file });
    }
  } else {
    for (const entry of fields) {
      const tab = entry.indexOf('\t');
      const [mode = '', object = '', stage = ''] = entry.slice(0, tab).split(' ');
      const file = entry.slice(tab + 1);
      if (stage !== '0') unmerged.add(file);
      else if (mode === '100644' || mode === '100755') files.push({ mode, object, path: file });
    }
  }
  if (unmerged.size > 0) {
    const [first] = unmerged;
    throw new OperationalError(`${first}${unmerged.size > 1 ? ` (and ${unmerged.size - 1} more)` : ''} has unresolved merge conflicts: resolve and stage it first`);
  }
  return files;
}

/** Reads many blobs with one `git cat-file --batch`. */
export async function readBlobs(ctx: IndexContext, objects: string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  if (objects.length === 0) return blobs;
  let out: Buffer;
  try {
    out = await runGit(['cat-file', '--batch'], { cwd: ctx.cwd, input: objects.join('\n') + '\n' });
  } catch (error) {
    throw gitFailure('cannot read staged files', error);
  }
  let pos = 0;
  while (pos < out.length) {
    const eol = out.indexOf(10, pos);
    const header = out.subarray(pos, eol).toString('latin1');
    const [object = '', type, size] = header.split(' ');
    if (type !== 'blob') throw new OperationalError(`cannot read staged object ${object}: ${header}`);
    const length = Number(size);
    blobs.set(object, out.subarray(eol + 1, eol + 1 + length));
    pos = eol + 1 + length + 1;
  }
  return blobs;
}

/** Writes blobs into the object database with one `git hash-object -w --stdin-paths`; returns their ids. */
export async function writeBlobs(ctx: IndexContext, contents: Buffer[]): Promise<string[]> {
  if (contents.length === 0) return [];
  const dir = mkdtempSync(path.join(tmpdir(), 'go-cookie-secure-'));
  try {
    const files = contents.map((bytes, i) => {
      const file = path.join(dir, String(i));
      writeFileSync(file, bytes);
      return file;
    });
    // --no-filters: these bytes are index content already, no clean filter or eol conversion applies.
    const out = await runGit(['hash-object', '-w', '--no-filters', '--stdin-paths'], { cwd: ctx.cwd, input: files.join('\n') + '\n' });
    return out.toString('latin1').trim().split('\n');
  } catch (error) {
    throw gitFailure('cannot store fixed files', error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Points index entries at new blobs in one `git update-index --index-info` (all or nothing). */
export async function updateIndex(ctx: IndexContext, entries: StagedFile[], indexFile?: string): Promise<void> {
  if (entries.length === 0) return;
  const input = entries.map((e) => `${e.mode} ${e.object}\t${e.path}\0`).join('');
  const env = indexFile ? { ...process.env, GIT_INDEX_FILE: indexFile } : process.env;
  try {
    // Paths are relative to the root: run there.
    await runGit(['update-index', '-z', '--index-info'], { cwd: (await ctx.repository()).root, input, env });
  } catch (error) {
    throw gitFailure('cannot update the index', error);
  }
}

/** The directory git runs hooks from: core.hooksPath when set, else the repository's hooks/. */
export async function hooksDirectory(root: string): Promise<string> {
  try {
    const out = (await runGit(['rev-parse', '--git-path', 'hooks'], { cwd: root })).toString('utf8').trim();
    return path.resolve(root, out);
  } catch (error) {
    throw gitFailure('cannot find the hooks directory', error);
  }
}
