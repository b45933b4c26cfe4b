import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { OperationalError } from './errors.js';
import { fromBytes, showPath, toBytes, type FsPath } from './paths.js';

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
  /**
   * Run in a session of its own, out of reach of the terminal's Ctrl-C: for the calls that
   * write, which the hook lets finish before it stops (an interrupted update-index would leave
   * the run with a half-told story).
   */
  detached?: boolean;
}

class GitCommandError extends Error {
  constructor(
    readonly status: number | null,
    stderr: string,
    signal?: string | null,
  ) {
    super(stderr.trim() || (signal ? `git was stopped by ${signal}` : `git exited with ${status}`));
  }
}

/**
 * Configuration that would change what the tool checks or writes, pinned on every call:
 * `submodule.recurse` makes grep and ls-files descend into submodules (whose files are another
 * repository's), `grep.fullName` makes grep print root-relative names to a run in a
 * subdirectory.
 */
const PINNED = ['-c', 'submodule.recurse=false', '-c', 'grep.fullName=false'];

/**
 * The environment for git: without the GIT_*_PATHSPECS variables, which change what the
 * pathspecs of this module mean (with GIT_LITERAL_PATHSPECS `*.go` matches no file at all).
 */
function gitEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (
    !env.GIT_LITERAL_PATHSPECS &&
    !env.GIT_GLOB_PATHSPECS &&
    !env.GIT_NOGLOB_PATHSPECS &&
    !env.GIT_ICASE_PATHSPECS
  )
    return env;
  const clean = { ...env };
  for (const name of [
    'GIT_LITERAL_PATHSPECS',
    'GIT_GLOB_PATHSPECS',
    'GIT_NOGLOB_PATHSPECS',
    'GIT_ICASE_PATHSPECS',
  ])
    delete clean[name];
  return clean;
}

/**
 * Runs one git command to completion; returns its stdout. Synchronous where the caller waits
 * anyway: measured here, a spawnSync costs 2-3 ms less than an asynchronous spawn with its
 * streams, and a hook makes two to five of these calls in a run that should take ~0.1 s.
 */
export function runGit(args: string[], call: GitCall): Buffer {
  const options: SpawnSyncOptions & { detached: boolean } = {
    cwd: call.cwd,
    env: gitEnv(call.env),
    input: call.input,
    stdio: [call.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    maxBuffer: Infinity,
    // Not in @types/node's SpawnSyncOptions, but Node honours it as spawn does (a new session).
    detached: call.detached === true,
  };
  const r = spawnSync('git', [...PINNED, ...args], options);
  if (r.error) throw new OperationalError(`cannot run git: ${r.error.message}`);
  if (r.status === 0 || (r.status !== null && call.ok?.includes(r.status)))
    return r.stdout as Buffer;
  throw new GitCommandError(r.status, (r.stderr as Buffer).toString('utf8'), r.signal);
}

/** Runs one git command in the background, handing its output to `onData` as it comes. */
function streamGit(args: string[], cwd: string, onData: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...PINNED, ...args], {
      cwd,
      env: gitEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const err: Buffer[] = [];
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error) => reject(new OperationalError(`cannot run git: ${error.message}`)));
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new GitCommandError(code, Buffer.concat(err).toString('utf8'))),
    );
  });
}

function gitFailure(what: string, error: unknown): OperationalError {
  if (error instanceof OperationalError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? 'git failed';
  return new OperationalError(`${what}: ${line.replace(/^(fatal|error): /, '')}`, { cause: error });
}

/**
 * What `cwd` holds under the name `.git`: git's own directory (the top of a main work tree), a
 * file pointing to it (the top of a linked worktree or a submodule), or nothing. Looked up
 * without running git, for the place where git starts hooks and where most runs start.
 */
function gitEntryAt(cwd: string): 'directory' | 'file' | undefined {
  try {
    return statSync(path.join(cwd, '.git')).isDirectory() ? 'directory' : 'file';
  } catch {
    return undefined;
  }
}

/**
 * The top of the work tree `cwd` is in: `cwd` itself when it holds `.git` (unless GIT_WORK_TREE
 * names the top), else git's answer; undefined outside a repository.
 */
export function workTreeTop(cwd: string): string | undefined {
  return !process.env.GIT_WORK_TREE && gitEntryAt(cwd) ? cwd : findRepository(cwd)?.root;
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

/** Splits `git ... -z` output into its NUL-terminated fields, as bytes (paths need not be UTF-8). */
function splitNul(out: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  for (
    let start = 0, end = out.indexOf(0);
    start < out.length;
    start = end + 1, end = out.indexOf(0, start)
  ) {
    fields.push(out.subarray(start, end === -1 ? out.length : end));
    if (end === -1) break;
  }
  return fields;
}

/** A git command started in the background, whose -z output is read as it streams. */
interface StreamingGit {
  /** The output's NUL-terminated fields (paths) as they arrive; fails as runGit would. */
  fields: AsyncGenerator<FsPath>;
  /** Ends git early (the reader stopped). */
  stop(): void;
}

function startGit(args: string[], cwd: string, ok: number[] = []): StreamingGit {
  const child = spawn('git', [...PINNED, ...args], {
    cwd,
    env: gitEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) => reject(new OperationalError(`cannot run git: ${error.message}`)));
    child.on('close', resolve);
  });
  exit.catch(() => undefined); // awaited by `fields`; a reader that never starts must not leave it unhandled
  async function* fields(): AsyncGenerator<FsPath> {
    let rest: Buffer | undefined;
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      const bytes = rest ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let end = bytes.indexOf(0); end !== -1; start = end + 1, end = bytes.indexOf(0, start))
        yield fromBytes(bytes.subarray(start, end));
      rest = start < bytes.length ? Buffer.from(bytes.subarray(start)) : undefined;
    }
    const code = await exit;
    if (code !== 0 && (code === null || !ok.includes(code)))
      throw new GitCommandError(code, stderr);
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
function countTrackedFiles(
  pathspecs: string[],
  cwd: string,
  keep?: (file: string) => boolean,
): Promise<number> {
  let count = 0;
  let rest: Buffer | undefined;
  return streamGit(['ls-files', '-z', '--stage', '--', ...pathspecs], cwd, (chunk) => {
    const listing = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (
      let end = listing.indexOf(0);
      end !== -1;
      start = end + 1, end = listing.indexOf(0, start)
    ) {
      // `<mode> <object> <stage>\t<path>`: regular files are 100644 or 100755 (symlinks 120000, submodules 160000).
      const tab = listing.indexOf(9, start);
      const regular =
        listing[start] === 0x31 && listing[start + 1] === 0x30 && listing[start + 2] === 0x30;
      const stageZero = listing[tab - 1] === 0x30; // not one side of a conflict
      if (regular && stageZero && (!keep || keep(listing.toString('utf8', tab + 1, end)))) count++;
    }
    rest = start < listing.length ? listing.subarray(start) : undefined;
  }).then(() => count);
}

/**
 * git grep searches on every core but one: this process analyses the candidates as they come,
 * on a core of its own, instead of contending for the cores git holds (measured on 2 cores: a
 * scan of the bench corpus 249 ms with one grep thread against 265 ms with two).
 */
const GREP_THREADS = Math.max(1, availableParallelism() - 1);

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
export function trackedGoFiles(
  cwd: string,
  needles: readonly string[],
  skip: readonly string[],
  excludes: readonly string[],
  keep?: (file: string) => boolean,
): { candidates: AsyncGenerator<FsPath>; count(): number } {
  const pathspecs = ['*.go', ...skip.map((dir) => `:(exclude,glob)**/${dir}/**`), ...excludes];
  let count = 0;
  async function* candidates(): AsyncGenerator<FsPath> {
    const grep = startGit(
      [
        '-c',
        'grep.fallbackToNoIndex=false',
        'grep',
        `--threads=${GREP_THREADS}`,
        '-z',
        '-l',
        '-F',
        '--no-color',
        ...needles.flatMap((n) => ['-e', n]),
        '--',
        ...pathspecs,
      ],
      cwd,
      [1],
    );
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
  path: FsPath;
}

/** The hook's git state. The repository's paths cost a git call and are looked up when needed. */
export interface IndexContext {
  cwd: string;
  /** GIT_INDEX_FILE as an absolute path, when git set it. */
  indexFile?: string;
  repository(): { root: string; gitDir: string };
}

/**
 * The repository's paths are looked up on first use, synchronously: without git where `cwd` is
 * the top of a main work tree (where git starts hooks: a git process less per fixing run), else
 * with one rev-parse. Looking them up in the
 * background while git lists the staged files measured no faster (102.4 against 102.6 ms for a
 * hook fixing 10 files) and loaded node:net for the asynchronous spawn.
 */
export function indexContext(cwd: string): IndexContext {
  let paths: { root: string; gitDir: string } | undefined;
  const repository = () => {
    if (paths) return paths;
    // GIT_DIR (a hook in a linked worktree) or GIT_WORK_TREE put the repository elsewhere.
    if (!process.env.GIT_DIR && !process.env.GIT_WORK_TREE && gitEntryAt(cwd) === 'directory')
      return (paths = { root: cwd, gitDir: path.join(cwd, '.git') });
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

function commitExists(cwd: string, rev: string): boolean {
  try {
    runGit(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd });
    return true;
  } catch {
    return false;
  }
}

/**
 * The Go files the commit will add or change, straight from the index: one diff-index against
 * HEAD, or against HEAD's parent when the commit amends HEAD (before the first commit, or when
 * amending it, one ls-files). Unmerged paths are an error; symlinks and
 * submodules are left out, but a symlink or submodule replaced by a Go file (a type change) is
 * in. Deleted files have nothing to check; renames arrive as additions. Paths are relative to
 * the repository root.
 */
export function stagedGoFiles(ctx: IndexContext, amend = false): StagedFile[] {
  const cwd = ctx.cwd;
  const base = amend ? 'HEAD^' : 'HEAD';
  let out: Buffer;
  let hasHead = true;
  try {
    out = runGit(
      ['diff-index', '--cached', '-z', '--no-renames', '--diff-filter=ACMTU', base, '--', ':/*.go'],
      { cwd },
    );
  } catch (error) {
    if (commitExists(cwd, base)) throw gitFailure('cannot list staged files', error);
    // Before the first commit there is no HEAD: everything in the index is staged.
    hasHead = false;
    try {
      out = runGit(['ls-files', '-z', '--stage', '--full-name', '--', ':/*.go'], { cwd });
    } catch (inner) {
      throw gitFailure('cannot list staged files', inner);
    }
  }
  const files: StagedFile[] = [];
  const unmerged: FsPath[] = [];
  const fields = splitNul(out);
  if (hasHead) {
    // `:<old mode> <new mode> <old object> <new object> <status>` NUL `<path>` NUL
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [, mode = '', , object = '', status = ''] = fields[i]!.toString('latin1')
        .slice(1)
        .split(' ');
      const file = fromBytes(fields[i + 1]!);
      if (status === 'U') unmerged.push(file);
      else if (mode === '100644' || mode === '100755') files.push({ mode, object, path: file });
    }
  } else {
    for (const entry of fields) {
      const tab = entry.indexOf(9);
      const [mode = '', object = '', stage = ''] = entry.toString('latin1', 0, tab).split(' ');
      const file = fromBytes(entry.subarray(tab + 1));
      if (stage !== '0') {
        if (!unmerged.some((u) => toBytes(u).equals(toBytes(file)))) unmerged.push(file);
      } else if (mode === '100644' || mode === '100755') files.push({ mode, object, path: file });
    }
  }
  if (unmerged.length > 0) {
    throw new OperationalError(
      `${showPath(unmerged[0]!)}${unmerged.length > 1 ? ` (and ${unmerged.length - 1} more)` : ''} has unresolved merge conflicts: resolve and stage it first`,
    );
  }
  return files;
}

/** Reads many blobs with one `git cat-file --batch`. */
export function readBlobs(ctx: IndexContext, objects: string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  if (objects.length === 0) return blobs;
  let out: Buffer;
  try {
    out = runGit(['cat-file', '--batch'], { cwd: ctx.cwd, input: `${objects.join('\n')}\n` });
  } catch (error) {
    throw gitFailure('cannot read staged files', error);
  }
  let pos = 0;
  while (pos < out.length) {
    const eol = out.indexOf(10, pos);
    const header = out.subarray(pos, eol).toString('latin1');
    const [object = '', type, size] = header.split(' ');
    if (type !== 'blob')
      throw new OperationalError(`cannot read staged object ${object}: ${header}`);
    const length = Number(size);
    blobs.set(object, out.subarray(eol + 1, eol + 1 + length));
    pos = eol + 1 + length + 1;
  }
  return blobs;
}

/**
 * Writes blobs into the object database with one `git hash-object -w --stdin-paths`; returns
 * their ids. The files git reads them from go in a folder made in `tempParent`.
 */
export function writeBlobs(ctx: IndexContext, contents: Buffer[], tempParent: string): string[] {
  if (contents.length === 0) return [];
  const dir = path.join(tempParent, `go-cookie-secure-${process.pid}-blobs`);
  try {
    mkdirSync(dir);
    const files = contents.map((bytes, i) => {
      const file = path.join(dir, String(i));
      writeFileSync(file, bytes);
      return file;
    });
    // --no-filters: these bytes are index content already, no clean filter or eol conversion applies.
    const out = runGit(['hash-object', '-w', '--no-filters', '--stdin-paths'], {
      cwd: ctx.cwd,
      input: `${files.join('\n')}\n`,
      detached: true,
    });
    return out.toString('latin1').trim().split('\n');
  } catch (error) {
    throw gitFailure('cannot store fixed files', error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Attributes that change how a file's content reaches git or the working tree. */
export interface ContentAttributes {
  /** A clean filter (LFS and the like): the index holds what the filter made of the file. */
  filter?: string;
  /** working-tree-encoding: the working copy is stored in this encoding, the blob in UTF-8. */
  encoding?: string;
}

/** The filter and working-tree-encoding attributes of root-relative paths, by pathKey; paths with neither are left out. */
export function contentAttributes(root: string, paths: FsPath[]): Map<string, ContentAttributes> {
  const found = new Map<string, ContentAttributes>();
  if (paths.length === 0) return found;
  let out: Buffer;
  try {
    out = runGit(['check-attr', '-z', '--stdin', 'filter', 'working-tree-encoding'], {
      cwd: root,
      input: Buffer.concat(paths.flatMap((p) => [toBytes(p), Buffer.from([0])])),
    });
  } catch (error) {
    throw gitFailure('cannot read attributes', error);
  }
  const fields = splitNul(out);
  // `<path> NUL <attribute> NUL <value> NUL`
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const value = fields[i + 2]!.toString('utf8');
    if (value === 'unspecified' || value === 'unset') continue;
    const key = fields[i]!.toString('latin1');
    const entry = found.get(key) ?? {};
    if (fields[i + 1]!.toString('utf8') === 'filter') entry.filter = value;
    else entry.encoding = value;
    found.set(key, entry);
  }
  return found;
}

/** A blob as git would check it out at `file`: through its working-tree-encoding, end-of-line and smudge filters. */
export function checkedOut(root: string, object: string, file: string): Buffer {
  try {
    return runGit(['cat-file', '--filters', `--path=${file}`, object], { cwd: root });
  } catch (error) {
    throw gitFailure(`cannot convert ${file} for the working tree`, error);
  }
}

/** An index entry as restaging must keep it: its blob, and the flags `git ls-files -v` tags. */
export interface IndexEntry {
  mode: string;
  object: string;
  /** Not checked out (sparse checkout): its working file is not the user's to write. */
  skipWorktree: boolean;
  assumeUnchanged: boolean;
}

/** A path's key in the maps below: its bytes, one char each. */
export function pathKey(p: FsPath): string {
  return toBytes(p).toString('latin1');
}

/**
 * The stage-0 entries of `paths` in the index file `indexFile`, by pathKey. One listing of the
 * whole index (read only when something is to be fixed): paths as pathspecs would need quoting,
 * and not every path fits a command line. Only the wanted entries are decoded: a listing has an
 * entry per tracked file (20,000 in the bench's repository, 40 ms to decode them all), a
 * commit a few; a path whose length no wanted path has is passed over unread.
 */
export function indexEntries(
  root: string,
  indexFile: string,
  paths: readonly FsPath[],
): Map<string, IndexEntry> {
  let out: Buffer;
  try {
    out = runGit(['ls-files', '-z', '--stage', '-v'], {
      cwd: root,
      env: { ...process.env, GIT_INDEX_FILE: indexFile },
    });
  } catch (error) {
    throw gitFailure('cannot read the index', error);
  }
  const wanted = new Set(paths.map(pathKey));
  const lengths = new Set(paths.map((p) => toBytes(p).length));
  const entries = new Map<string, IndexEntry>();
  for (let start = 0; start < out.length && entries.size < wanted.size; ) {
    let end = out.indexOf(0, start);
    if (end === -1) end = out.length;
    // `<tag> <mode> <object> <stage>\t<path>`; a lower-case tag is an assume-unchanged entry.
    const tab = out.indexOf(9, start);
    if (tab !== -1 && tab < end && lengths.has(end - tab - 1) && out[tab - 1] === 0x30) {
      const key = out.toString('latin1', tab + 1, end);
      if (wanted.has(key)) {
        const [tag = '', mode = '', object = ''] = out.toString('latin1', start, tab).split(' ');
        entries.set(key, {
          mode,
          object,
          skipWorktree: tag.toUpperCase() === 'S',
          assumeUnchanged: tag !== tag.toUpperCase(),
        });
      }
    }
    start = end + 1;
  }
  return entries;
}

/**
 * Points entries of the index file `indexFile` (a copy the caller holds; git's own lock
 * protocol is the caller's) at new blobs with `update-index --index-info`, then gives back the
 * skip-worktree and assume-unchanged flags that --index-info drops. index.sparse=false: on a
 * sparse index, an entry below a collapsed directory would otherwise be added beside that
 * directory's entry, and the commit's tree would list the file twice; git collapses the index
 * again on its next write.
 */
export function updateIndexFile(
  root: string,
  indexFile: string,
  entries: Array<StagedFile & Pick<IndexEntry, 'skipWorktree' | 'assumeUnchanged'>>,
): void {
  if (entries.length === 0) return;
  const call = { cwd: root, env: { ...process.env, GIT_INDEX_FILE: indexFile }, detached: true };
  const sparse = ['-c', 'index.sparse=false'];
  const paths = (picked: StagedFile[]) =>
    Buffer.concat(picked.flatMap((e) => [toBytes(e.path), Buffer.from([0])]));
  try {
    const info = Buffer.concat(
      entries.flatMap((e) => [
        Buffer.from(`${e.mode} ${e.object}\t`, 'latin1'),
        toBytes(e.path),
        Buffer.from([0]),
      ]),
    );
    runGit([...sparse, 'update-index', '-z', '--index-info'], { ...call, input: info });
    const skipping = entries.filter((e) => e.skipWorktree);
    if (skipping.length > 0)
      runGit([...sparse, 'update-index', '-z', '--skip-worktree', '--stdin'], {
        ...call,
        input: paths(skipping),
      });
    const assumed = entries.filter((e) => e.assumeUnchanged);
    if (assumed.length > 0)
      runGit([...sparse, 'update-index', '-z', '--assume-unchanged', '--stdin'], {
        ...call,
        input: paths(assumed),
      });
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
