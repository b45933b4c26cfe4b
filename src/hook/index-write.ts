import {
  type Stats,
  closeSync,
  copyFileSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { OperationalError, fsReason } from '../errors.js';
import { indexEntries, pathKey, updateIndexFile, type IndexEntry } from '../git.js';
import { showPath, type FsPath } from '../paths.js';
import { alive } from '../write-file.js';

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
 * checked and updated, and the result put in place in one step: for an index git holds
 * (heldByGit), written in place; otherwise renamed over it under git's own `index.lock`, taken
 * only for that rename and only if the index is still the file that was copied (git replaces
 * the index by rename, so another writer shows as another inode). The lock is held for a few
 * system calls, so a process killed outright almost never leaves it behind. Entries keep their
 * skip-worktree and assume-unchanged flags. Returns the changed paths' entries as they were.
 */
export function replaceEntries(
  root: string,
  indexFile: string,
  changes: readonly EntryChange[],
  options: { skipChanged?: boolean } = {},
): Map<string, IndexEntry> {
  const held = heldByGit(indexFile);
  // Where git keeps its own index files, which git status never lists.
  const copy = path.join(path.dirname(indexFile), `go-cookie-secure-${process.pid}.index`);
  try {
    // Another git process may rewrite the index meanwhile (an IDE's git status refreshes it):
    // then the copy is taken again, and the entries checked again.
    for (let attempt = 0; attempt < 10; attempt++) {
      let copied: string;
      try {
        const before = identity(indexFile);
        copyFileSync(indexFile, copy);
        copied = before === identity(indexFile) ? before : '';
      } catch (error) {
        if (held && (error as NodeJS.ErrnoException).code === 'ENOENT') throw gitGone(indexFile);
        throw new OperationalError(`cannot read the index: ${fsReason(error)}`, { cause: error });
      }
      if (!copied) continue;
      const entries = indexEntries(
        root,
        copy,
        changes.map((c) => c.path),
      );
      const unchanged = (c: EntryChange) => {
        const entry = entries.get(pathKey(c.path));
        return entry !== undefined && entry.object === c.from && entry.mode === c.mode;
      };
      const changed = changes.filter((c) => !unchanged(c));
      // Putting back: an entry staged anew meanwhile is the user's, and stays.
      if (changed.length > 0 && !options.skipChanged)
        throw indexChanged(changed.map((c) => showPath(c.path)));
      const applied = changes.filter(unchanged);
      updateIndexFile(
        root,
        copy,
        applied.map((c) => ({
          ...entries.get(pathKey(c.path))!,
          path: c.path,
          mode: c.mode,
          object: c.to,
        })),
      );
      if (held) writeInPlace(indexFile, readFileSync(copy));
      else if (!renameUnderLock(copy, indexFile, copied)) continue;
      return entries;
    }
    throw new OperationalError(
      'the index kept changing while the hook ran (another git process is busy in this repository)',
    );
  } finally {
    try {
      unlinkSync(copy);
    } catch {
      // renamed into place, or never made
    }
  }
}

function indexChanged(names: string[]): OperationalError {
  return new OperationalError(
    `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` (and ${names.length - 3} more)` : ''} changed in the index while the hook ran (check the change and commit again)`,
    { exitCode: 1 },
  );
}

/** What tells one version of a file from the next: git writes a new index by rename. */
function identity(file: string): string {
  const s = statSync(file, { bigint: true });
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`;
}

/**
 * Puts `copy` in place of `indexFile` by git's own lock protocol, if the index is still the file
 * `copied` describes; false if it is not. The lock is taken by hard-linking the finished copy as
 * `index.lock` (atomic, and fails if another git process holds it) and released by renaming it
 * over the index, as git commits a lock: the lock exists for one stat between two system calls,
 * so a process killed outright all but never leaves it behind. Another git process's lock is
 * waited for, briefly: git holds it for milliseconds.
 */
function renameUnderLock(copy: string, indexFile: string, copied: string): boolean {
  const lock = `${indexFile}.lock`;
  for (let waited = 0; ; waited += 20) {
    try {
      linkSync(copy, lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new OperationalError(`cannot lock the index: ${fsReason(error)}`, { cause: error });
      if (waited >= 1000)
        throw new OperationalError(
          `another git process is using the index (${path.basename(lock)} exists)`,
        );
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  let renamed = false;
  try {
    if (identity(indexFile) !== copied) return false;
    renameSync(lock, indexFile);
    renamed = true;
    return true;
  } finally {
    if (!renamed) unlinkSync(lock);
  }
}

/**
 * A run killed outright between taking the lock and releasing it (renameUnderLock: one stat
 * apart) leaves `index.lock`, which stops every git command. It is recognisably ours: the
 * copy it was linked from is still there, same inode, named after a process that is gone. Such
 * a lock is removed; any other is left to its owner.
 */
export function removeStaleLock(indexFile: string): void {
  const dir = path.dirname(indexFile);
  let lock: Stats;
  try {
    lock = statSync(`${indexFile}.lock`);
  } catch {
    return; // no lock: the usual case
  }
  for (const name of readdirSync(dir)) {
    const pid = /^go-cookie-secure-(\d+)\.index$/.exec(name)?.[1];
    if (pid === undefined || alive(Number(pid))) continue;
    try {
      const copy = statSync(path.join(dir, name));
      if (copy.ino === lock.ino && copy.dev === lock.dev) unlinkSync(`${indexFile}.lock`);
    } catch {
      // gone meanwhile
    }
  }
}

function gitGone(indexFile: string): OperationalError {
  return new OperationalError(
    `git's ${path.basename(indexFile)} is gone (the commit was cancelled)`,
  );
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
    while (written < bytes.length)
      written += writeSync(fd, bytes, written, bytes.length - written, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
