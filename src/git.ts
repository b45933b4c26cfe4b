import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { OperationalError } from './errors.js';

/**
 * Every git call of the project goes through this module. simple-git runs the listing
 * commands; streaming batches that need stdin (cat-file --batch, update-index --index-info)
 * use node:child_process here, since simple-git cannot feed a process's stdin.
 */

/**
 * Variables git hands a hook that say which repository and index the commit uses. simple-git 4
 * strips every ambient GIT_* variable unless allowed, and a hook run without GIT_INDEX_FILE
 * would check the wrong index (for `git commit -a` and `git commit <paths>`).
 */
const HOOK_ENVIRONMENT = [
  'GIT_INDEX_FILE',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_NOSYSTEM',
];

function git(cwd: string): SimpleGit {
  return simpleGit({ baseDir: cwd, trimmed: false, allowEnvironment: HOOK_ENVIRONMENT });
}

function gitFailure(what: string, error: unknown): OperationalError {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? 'git failed';
  return new OperationalError(`${what}: ${line.replace(/^(fatal|error): /, '')}`, { cause: error });
}

/** The work tree `cwd` belongs to, or null outside any git repository (or when git is missing). */
export async function findRepository(cwd: string): Promise<{ root: string; prefix: string } | null> {
  try {
    const out = await git(cwd).raw(['rev-parse', '--show-toplevel', '--show-prefix']);
    const [root = '', prefix = ''] = out.split('\n');
    return root ? { root, prefix } : null;
  } catch {
    return null;
  }
}

/** Splits `git ... -z` output into its NUL-terminated fields. */
export function splitNul(out: string): string[] {
  const fields = out.split('\0');
  if (fields[fields.length - 1] === '') fields.pop();
  return fields;
}

/**
 * Tracked `*.go` files at or below `cwd` (relative to it; symlinks and submodules left out),
 * and those of them whose working-tree content contains the bytes `Cookie`. git grep does
 * that search multithreaded, so only candidates are read.
 */
export async function trackedGoFiles(cwd: string): Promise<{ files: string[]; candidates: Set<string> }> {
  const g = git(cwd);
  let listing: string;
  let matches: string;
  try {
    // grep exits 1 without output when nothing matches, which simple-git resolves as ''.
    [listing, matches] = await Promise.all([
      g.raw(['ls-files', '-z', '--stage', '--', '*.go']),
      g.raw(['grep', '-z', '-l', '-F', '--no-color', '-e', 'Cookie', '--', '*.go']),
    ]);
  } catch (error) {
    throw gitFailure('cannot list tracked files', error);
  }
  const files = new Set<string>();
  for (const entry of splitNul(listing)) {
    // `<mode> <object> <stage>\t<path>`
    const tab = entry.indexOf('\t');
    const mode = entry.slice(0, 6);
    if (mode === '100644' || mode === '100755') files.add(entry.slice(tab + 1));
  }
  return { files: [...files], candidates: new Set(splitNul(matches).filter((f) => files.has(f))) };
}

/** One staged file: index entry and path relative to the repository root. */
export interface StagedFile {
  mode: string;
  object: string;
  path: string;
}

/** Where the hook's git state lives, resolved once per run. */
export interface IndexContext {
  root: string;
  gitDir: string;
  /** The index file the commit is being made from. */
  indexFile: string;
}

export async function indexContext(cwd: string): Promise<IndexContext> {
  let out: string;
  try {
    out = await git(cwd).raw(['rev-parse', '--show-toplevel', '--absolute-git-dir']);
  } catch (error) {
    throw gitFailure('not in a git work tree', error);
  }
  const [root = '', gitDir = ''] = out.split('\n');
  if (!root) throw new OperationalError('not in a git work tree');
  let indexFile = path.join(gitDir, 'index');
  const given = process.env.GIT_INDEX_FILE;
  if (given) {
    // git starts hooks at the top of the work tree with GIT_INDEX_FILE=.git/index; a hook
    // that changes directory first must still find that index.
    if (path.isAbsolute(given)) indexFile = given;
    else if (existsSync(path.resolve(cwd, given))) indexFile = path.resolve(cwd, given);
    else if (existsSync(path.resolve(root, given))) indexFile = path.resolve(root, given);
    else throw new OperationalError(`GIT_INDEX_FILE ${given} does not exist`);
    // Every later git call of this process (simple-git's too) inherits the absolute path.
    // (simple-git refuses an explicit environment holding GIT_EXEC_PATH, which hooks have.)
    process.env.GIT_INDEX_FILE = indexFile;
  }
  return { root, gitDir, indexFile };
}

/** Runs git in the repository root, feeding `input` on stdin (simple-git cannot). */
export function gitWithInput(ctx: IndexContext, args: string[], input: Buffer | string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: ctx.root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // git may exit before reading everything; its status says why
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(Buffer.concat(err).toString('utf8').trim() || `git ${args[0]} exited with ${code}`));
    });
    child.stdin.end(input);
  });
}

async function headExists(g: SimpleGit): Promise<boolean> {
  try {
    // No -q: simple-git resolves a failed command that printed nothing.
    await g.raw(['rev-parse', '--verify', 'HEAD^{commit}']);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Go files the commit will add or change, straight from the index: one diff-index against
 * HEAD (or, before the first commit, one ls-files). Unmerged paths are an error; symlinks and
 * submodules are left out. Deleted files have nothing to check; renames arrive as additions.
 */
export async function stagedGoFiles(ctx: IndexContext): Promise<StagedFile[]> {
  const g = git(ctx.root);
  let out: string;
  let hasHead = true;
  try {
    out = await g.raw(['diff-index', '--cached', '-z', '--no-renames', '--diff-filter=ACMU', 'HEAD', '--', '*.go']);
  } catch (error) {
    if (await headExists(g)) throw gitFailure('cannot list staged files', error);
    // Before the first commit there is no HEAD: everything in the index is staged.
    hasHead = false;
    try {
      out = await g.raw(['ls-files', '-z', '--stage', '--', '*.go']);
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
    out = await gitWithInput(ctx, ['cat-file', '--batch'], objects.join('\n') + '\n');
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
    const out = await gitWithInput(ctx, ['hash-object', '-w', '--no-filters', '--stdin-paths'], files.join('\n') + '\n');
    return out.toString('latin1').trim().split('\n');
  } catch (error) {
    throw gitFailure('cannot store fixed files', error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Points index entries at new blobs in one `git update-index --index-info` (all or nothing). */
export async function updateIndex(ctx: IndexContext, entries: StagedFile[], indexFile = ctx.indexFile): Promise<void> {
  if (entries.length === 0) return;
  const input = entries.map((e) => `${e.mode} ${e.object}\t${e.path}\0`).join('');
  try {
    await gitWithInput(ctx, ['update-index', '-z', '--index-info'], input, { ...process.env, GIT_INDEX_FILE: indexFile });
  } catch (error) {
    throw gitFailure('cannot update the index', error);
  }
}

/** The directory git runs hooks from: core.hooksPath when set, else the repository's hooks/. */
export async function hooksDirectory(root: string): Promise<string> {
  try {
    const out = (await git(root).raw(['rev-parse', '--git-path', 'hooks'])).trim();
    return path.resolve(root, out);
  } catch (error) {
    throw gitFailure('cannot find the hooks directory', error);
  }
}
