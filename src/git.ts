import { simpleGit, type SimpleGit } from 'simple-git';
import { OperationalError } from './errors.js';

/**
 * Every git call of the project goes through this module. simple-git runs the listing
 * commands; streaming batches that need stdin (cat-file --batch, update-index --index-info)
 * use node:child_process here, since simple-git cannot feed a process's stdin.
 */

function git(cwd: string): SimpleGit {
  // Hooks inherit variables such as GIT_INDEX_FILE, which must reach every git call unchanged.
  return simpleGit({ baseDir: cwd, trimmed: false });
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

/** Tracked `*.go` files at or below `cwd`, relative to it; symlinks and submodules left out. */
export async function trackedGoFiles(cwd: string): Promise<string[]> {
  let out: string;
  try {
    out = await git(cwd).raw(['ls-files', '-z', '--stage', '--', '*.go']);
  } catch (error) {
    throw gitFailure('cannot list tracked files', error);
  }
  const files = new Set<string>();
  for (const entry of splitNul(out)) {
    // `<mode> <object> <stage>\t<path>`
    const tab = entry.indexOf('\t');
    const mode = entry.slice(0, 6);
    if (mode === '100644' || mode === '100755') files.add(entry.slice(tab + 1));
  }
  return [...files];
}
