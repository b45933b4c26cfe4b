import { closeSync, copyFileSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { OperationalError, fsReason } from './errors.js';
import { indexEntries, pathKey, updateIndexFile, type IndexEntry } from './git.js';
import { showPath, type FsPath } from './paths.js';

/** One entry to point at another blob, if it still names the blob `from`. */
export interface EntryChange {
  path: FsPath;
  mode: string;
  from: string;
  to: string;
}

/**
 * An index file git handed the hook while holding it as its lock: `git commit -a` and
 * `git commit <paths>` build the commit in `index.lock` / `next-index-*.lock` and read it back
 * after the hook. Such a file must be written in place, never created: if git has gone (its
 * signal handler removes the lock), creating it would leave a stale lock that stops every later
 * git command.
 */
export function heldByGit(indexFile: string): boolean {
  return path.basename(indexFile).endsWith('.lock');
}

/**
 * Points entries of the index file `indexFile` at new blobs, all or none, and only if each
 * entry still names the blob it was read with (compare-and-swap: a `git add` made while the
 * hook ran is never replaced by a fix of the older content). The index is copied, the copy
 * checked and updated, and the result put in place in one step: by rename under git's own
 * `index.lock` for an index git does not hold, in place for one it does (heldByGit). Entries
 * keep their skip-worktree and assume-unchanged flags. Returns the entries as they were.
 */
export function replaceEntries(root: string, indexFile: string, changes: readonly EntryChange[]): Map<string, IndexEntry> {
  const held = heldByGit(indexFile);
  const dir = path.dirname(indexFile);
  const lock = `${indexFile}.lock`;
  let lockFd: number | undefined;
  if (!held) {
    try {
      lockFd = openSync(lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new OperationalError(`another git process is using the index (${path.basename(lock)} exists)`);
      throw new OperationalError(`cannot lock the index: ${fsReason(error)}`, { cause: error });
    }
  }
  // Where git keeps its own index files, which git status never lists.
  const copy = path.join(dir, `go-cookie-secure-${process.pid}.index`);
  try {
    try {
      copyFileSync(indexFile, copy);
    } catch (error) {
      if (held && (error as NodeJS.ErrnoException).code === 'ENOENT') throw gitGone(indexFile);
      throw new OperationalError(`cannot read the index: ${fsReason(error)}`, { cause: error });
    }
    const entries = indexEntries(root, copy);
    const changed = changes.filter((c) => {
      const entry = entries.get(pathKey(c.path));
      return !entry || entry.object !== c.from || entry.mode !== c.mode;
    });
    if (changed.length > 0) {
      const names = changed.map((c) => showPath(c.path));
      throw new OperationalError(`${names.slice(0, 3).join(', ')}${names.length > 3 ? ` (and ${names.length - 3} more)` : ''} changed in the index while the hook ran (check the change and commit again)`, { exitCode: 1 });
    }
    updateIndexFile(root, copy, changes.map((c) => ({ ...entries.get(pathKey(c.path))!, path: c.path, mode: c.mode, object: c.to })));
    if (held) writeInPlace(indexFile, readFileSync(copy));
    else renameSync(copy, indexFile);
    return entries;
  } finally {
    try {
      unlinkSync(copy);
    } catch {
      // renamed into place, or never made
    }
    if (lockFd !== undefined) {
      closeSync(lockFd);
      unlinkSync(lock);
    }
  }
}

function gitGone(indexFile: string): OperationalError {
  return new OperationalError(`git's ${path.basename(indexFile)} is gone (the commit was cancelled)`);
}

/** Rewrites a file that must exist, without ever creating it. */
function writeInPlace(file: string, bytes: Buffer): void {
  let fd: number;
  try {
    fd = openSync(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw gitGone(file);
    throw error;
  }
  try {
    ftruncateSync(fd, 0);
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
