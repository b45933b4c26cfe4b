import { type Dirent, type Stats, lstatSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { OperationalError, fsReason } from '../errors.js';
import { fromBytes, joinPath, resolvePath, showPath, type FsPath } from '../paths.js';
import { SKIPPED_DIRECTORIES } from '../file-filters.js';

/** A file to scan: its path as given or found, and whether the default skips apply to it. */
export interface ScanTarget {
  path: FsPath;
  /** Named on the command line: always scanned, even under vendor/ or when generated. */
  explicit: boolean;
}

/**
 * Directories a walk never enters: dependency trees, Go's skipped vendor/ and testdata/, and
 * hidden directories (as the go tool ignores them).
 */
function walkedInto(name: string): boolean {
  return (
    !name.startsWith('.') &&
    name !== 'node_modules' &&
    !(SKIPPED_DIRECTORIES as readonly string[]).includes(name)
  );
}

/**
 * Every `*.go` file below `dir` (relative to `base`), not following symbolic links (so loops
 * cannot trap the walk). Paths come back as `dir` spells them. Names are read as bytes: one
 * that is not UTF-8 stays bytes (paths.ts), so the file read is the file found.
 */
export function walkGoFiles(dir: FsPath, base: string, out: ScanTarget[] = []): ScanTarget[] {
  let entries: Dirent<Buffer>[];
  try {
    entries = readdirSync(resolvePath(base, dir), { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    throw new OperationalError(`cannot read directory ${showPath(dir)}: ${fsReason(error)}`, {
      cause: error,
    });
  }
  entries.sort((a, b) => Buffer.compare(a.name, b.name));
  for (const entry of entries) {
    const name = fromBytes(entry.name);
    if (entry.isDirectory()) {
      if (walkedInto(showPath(name))) walkGoFiles(joinPath(dir, name), base, out);
    } else if (entry.isFile() && endsWithGo(entry.name)) {
      out.push({ path: joinPath(dir, name), explicit: false });
    }
  }
  return out;
}

function endsWithGo(name: Buffer): boolean {
  const n = name.length;
  return n > 3 && name[n - 3] === 0x2e && name[n - 2] === 0x67 && name[n - 1] === 0x6f;
}

/** Expands command-line paths (relative to `base`): files are taken as they are, directories are walked. */
export function expandPaths(paths: readonly string[], base: string): ScanTarget[] {
  const targets: ScanTarget[] = [];
  for (const p of paths) {
    let stat: Stats;
    try {
      stat = statSync(path.resolve(base, p));
    } catch (error) {
      // Tell a dangling or looping link from a missing path.
      const reason = fsReason(error);
      try {
        if (lstatSync(path.resolve(base, p)).isSymbolicLink())
          throw new OperationalError(`${p}: broken symbolic link (${reason})`);
      } catch (inner) {
        if (inner instanceof OperationalError) throw inner;
      }
      throw new OperationalError(`${p}: ${reason}`, { cause: error });
    }
    if (stat.isDirectory()) walkGoFiles(p, base, targets);
    else if (stat.isFile()) targets.push({ path: p, explicit: true });
    else throw new OperationalError(`${p}: not a regular file or directory`);
  }
  return targets;
}
