import { spawn, spawnSync } from 'node:child_process';
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

/**
 * Runs one git command to completion; returns its stdout. Synchronous where the caller waits
 * anyway: measured here, a spawnSync costs 2-3 ms less than an asynchronous spawn with its
 * streams, and a hook makes two to five of these calls in a run that should take ~0.1 s.
 */
export function runGit(args: string[], call: GitCall): Buffer {
  const r = spawnSync('git', args, {
    cwd: call.cwd,
    env: call.env ?? process.env,
    input: call.input,
    stdio: [call.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    maxBuffer: Infinity,
  });
  if (r.error) throw new OperationalError(`cannot run git: ${r.error.message}`);
  if (r.status === 0 || (r.status !== null && call.ok?.includes(r.status))) return r.stdout;
  throw new GitCommandError(r.status, r.stderr.toString('utf8'));
}

/** Runs one git command in the background, handing its output to `onData` as it comes. */
function streamGit(args: string[], cwd: string, onData: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const err: Buffer[] = [];
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error) => reject(new OperationalError(`cannot run git: ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new GitCommandError(code, Buffer.concat(err).toString('utf8')))));
  });
}

function gitFailure(what: string, error: unknown): OperationalError {
  if (error instanceof OperationalError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? 'git failed';
  return new OperationalError(`${what}: ${line.replace(/^(fatal|error): /, '')}`, { cause: error });
}

/** The work tree `cwd` belongs to, or null outside any git repository (or when git is missing). */
export function findRepository(cwd: string): { root: string } | null {
  try {
    const root = runGit(['rev-parse', '--show-toplevel'], { cwd }).toString('utf8').trim();
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

/** A git command started in the background, whose -z output is read as it streams. */
interface StreamingGit {
  /** The output's NUL-terminated fields as they arrive; fails as runGit would. */
  fields: AsyncGenerator<string>;
  /** Ends git early (the reader stopped). */
  stop(): void;
}

function startGit(args: string[], cwd: string, ok: number[] = []): StreamingGit {
  const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) => reject(new OperationalError(`cannot run git: ${error.message}`)));
    child.on('close', resolve);
  });
  exit.catch(() => undefined); // awaited by `fields`; a reader that never starts must not leave it unhandled
  async function* fields(): AsyncGenerator<string> {
    let rest = '';
    child.stdout.setEncoding('utf8');
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\0');
      rest = parts.pop()!;
      yield* parts;
    }
    const code = await exit;
    if (code !== 0 && (code === null || !ok.includes(code))) throw new GitCommandError(code, stderr);
  }
  return {
    fields: fields(),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/**
 * How many regular, stage-0 files `git ls-files --stage -z <pathspecs>` lists that `keep`
 * accepts (no `keep`: all). Counted off the bytes as they stream: a large repository lists
 * tens of thousands of entries, and neither the listing nor its paths need to be kept.
 */
function countTrackedFiles(pathspecs: string[], cwd: string, keep?: (file: string) => boolean): Promise<number> {
  let count = 0;
  let rest: Buffer | undefined;
  return streamGit(['ls-files', '-z', '--stage', '--', ...pathspecs], cwd, (chunk) => {
    const listing = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = listing.indexOf(0); end !== -1; start = end + 1, end = listing.indexOf(0, start)) {
      // `<mode> <object> <stage>\t<path>`: regular files are 100644 or 100755 (symlinks 120000, submodules 160000).
      const tab = listing.indexOf(9, start);
      const regular = listing[start] === 0x31 && listing[start + 1] === 0x30 && listing[start + 2] === 0x30;
      const stageZero = listing[tab - 1] === 0x30; // not one side of a conflict
      if (regular && stageZero && (!keep || keep(listing.toString('utf8', tab + 1, end)))) count++;
    }
    rest = start < listing.length ? listing.subarray(start) : undefined;
  }).then(() => count);
}

/**
 * Tracked `*.go` files at or below `cwd`, outside the directories `skip` names (at any depth):
 * the candidates, those whose working-tree content contains one of `needles` (paths relative
 * to `cwd`), streamed as git grep finds them so the caller parses while git still searches; and
 * how many files there are in all that `keep` accepts (a filter git cannot apply, such as
 * --exclude globs, which the caller applies to the candidates too), once the candidates are
 * exhausted. git grep searches
 * multithreaded and skips symlinks and submodules; only candidates are ever read. Outside a
 * repository `candidates` fails with NotARepository.
 */
export function trackedGoFiles(cwd: string, needles: readonly string[], skip: readonly string[], keep?: (file: string) => boolean): { candidates: AsyncGenerator<string>; count(): number } {
  const pathspecs = ['*.go', ...skip.map((dir) => `:(exclude,glob)**/${dir}/**`)];
  let count = 0;
  async function* candidates(): AsyncGenerator<string> {
    const grep = startGit(['-c', 'grep.fallbackToNoIndex=false', 'grep', '-z', '-l', '-F', '--no-color', ...needles.flatMap((n) => ['-e', n]), '--', ...pathspecs], cwd, [1]);
    // Listed while git grep searches.
    const listing = countTrackedFiles(pathspecs, cwd, keep);
    listing.catch(() => undefined); // a failure is reported by the grep or when awaited
    try {
      yield* grep.fields;
      count = await listing;
    } catch (error) {
      if (error instanceof GitCommandError && !findRepository(cwd)) throw new NotARepository();
      throw gitFailure('cannot list tracked files', error);
    } finally {
      grep.stop();
    }
  }
  return { candidates: candidates(), count: () => count };
}

/** Thrown by trackedGoFiles when `cwd` is not inside a git work tree. */
export class NotARepository extends Error {}

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
  repository(): { root: string; gitDir: string };
}

/**
 * The repository's paths are looked up on first use, synchronously. Looking them up in the
 * background while git lists the staged files measured no faster (102.4 against 102.6 ms for a
 * hook fixing 10 files) and loaded node:net for the asynchronous spawn.
 */
export function indexContext(cwd: string): IndexContext {
  let paths: { root: string; gitDir: string } | undefined;
  const repository = () => {
    if (paths) return paths;
    let out: Buffer;
    try {
      out = runGit(['rev-parse', '--show-toplevel', '--absolute-git-dir'], { cwd });
    } catch (error) {
      throw gitFailure('not in a git work tree', error);
    }
    const [root = '', gitDir = ''] = out.toString('utf8').split('\n');
    if (!root) throw new OperationalError('not in a git work tree');
    return (paths = { root, gitDir });
  };
  return { cwd, indexFile: process.env.GIT_INDEX_FILE, repository };
}

/**
 * git starts hooks at the top of the work tree and may hand them a relative GIT_INDEX_FILE
 * (`.git/index`); a hook that changes directory first must still use that index. Every later
 * git call of this process inherits the absolute path.
 */
export function resolveIndexFile(ctx: IndexContext): void {
  const given = ctx.indexFile;
  if (!given || path.isAbsolute(given)) return;
  let resolved = path.resolve(ctx.cwd, given);
  if (!existsSync(resolved)) {
    resolved = path.resolve(ctx.repository().root, given);
    if (!existsSync(resolved)) throw new OperationalError(`GIT_INDEX_FILE ${given} does not exist`);
  }
  process.env.GIT_INDEX_FILE = resolved;
  ctx.indexFile = resolved;
}

function headExists(cwd: string): boolean {
  try {
    runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd });
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
export function stagedGoFiles(ctx: IndexContext): StagedFile[] {
  const cwd = ctx.cwd;
  let out: Buffer;
  let hasHead = true;
  try {
    out = runGit(['diff-index', '--cached', '-z', '--no-renames', '--diff-filter=ACMU', 'HEAD', '--', ':/*.go'], { cwd });
  } catch (error) {
    if (headExists(cwd)) throw gitFailure('cannot list staged files', error);
    // Before the first commit there is no HEAD: everything in the index is staged.
    hasHead = false;
    try {
      out = runGit(['ls-files', '-z', '--stage', '--full-name', '--', ':/*.go'], { cwd });
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
export function readBlobs(ctx: IndexContext, objects: string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  if (objects.length === 0) return blobs;
  let out: Buffer;
  try {
    out = runGit(['cat-file', '--batch'], { cwd: ctx.cwd, input: objects.join('\n') + '\n' });
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
export function writeBlobs(ctx: IndexContext, contents: Buffer[]): string[] {
  if (contents.length === 0) return [];
  const dir = mkdtempSync(path.join(tmpdir(), 'go-cookie-secure-'));
  try {
    const files = contents.map((bytes, i) => {
      const file = path.join(dir, String(i));
      writeFileSync(file, bytes);
      return file;
    });
    // --no-filters: these bytes are index content already, no clean filter or eol conversion applies.
    const out = runGit(['hash-object', '-w', '--no-filters', '--stdin-paths'], { cwd: ctx.cwd, input: files.join('\n') + '\n' });
    return out.toString('latin1').trim().split('\n');
  } catch (error) {
    throw gitFailure('cannot store fixed files', error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Points index entries at new blobs in one `git update-index --index-info` (all or nothing). */
export function updateIndex(root: string, entries: StagedFile[], indexFile?: string): void {
  if (entries.length === 0) return;
  const input = entries.map((e) => `${e.mode} ${e.object}\t${e.path}\0`).join('');
  const env = indexFile ? { ...process.env, GIT_INDEX_FILE: indexFile } : process.env;
  try {
    // Paths are relative to the root: run there.
    runGit(['update-index', '-z', '--index-info'], { cwd: root, input, env });
  } catch (error) {
    throw gitFailure('cannot update the index', error);
  }
}

/** The directory git runs hooks from: core.hooksPath when set, else the repository's hooks/. */
export function hooksDirectory(root: string): string {
  try {
    const out = runGit(['rev-parse', '--git-path', 'hooks'], { cwd: root }).toString('utf8').trim();
    return path.resolve(root, out);
  } catch (error) {
    throw gitFailure('cannot find the hooks directory', error);
  }
}
