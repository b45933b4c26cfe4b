import {
  chmodSync,
  closeSync,
  fchownSync,
  fsyncSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { OperationalError } from './errors.js';
import { toBytes, type FsPath } from './paths.js';

let made = 0;

/**
 * A temporary name in `dir`, or beside `file`. Not derived from the file's name: a name near
 * the file system's 255-byte limit has no room for a suffix. The prefix is what a later run
 * looks for to remove what a killed one left (removeLeftovers).
 */
function tempName(file: FsPath, dir?: string): FsPath {
  const name = `go-cookie-secure-${process.pid}-${made++}.tmp`;
  if (dir) return path.join(dir, name);
  if (typeof file === 'string') return path.join(path.dirname(file), `.${name}`);
  const bytes = toBytes(file);
  return Buffer.concat([bytes.subarray(0, bytes.lastIndexOf(0x2f) + 1), Buffer.from(`.${name}`)]);
}

/** Thrown when the file no longer holds the bytes a fix was computed from. */
export class FileChanged extends OperationalError {}

export interface AtomicWriteOptions {
  /**
   * Where the temporary file goes: a directory on the same file system that git status does
   * not look at (the git directory). Beside the file when absent, or when it is on another
   * file system.
   */
  tempDir?: string;
  /** Replace the file only if it still holds exactly these bytes (checked right before the rename). */
  expected?: Buffer;
}

/**
 * Replaces a file's content atomically: a temporary file with the original's mode (and owner,
 * where the process may set it: a root hook must not hand a user's file to root), then a
 * rename. A reader (or a crash) sees the old bytes or the new ones, never a truncated file.
 */
export function writeFileAtomic(
  file: FsPath,
  bytes: Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const stat = statSync(file);
  const mode = stat.mode & 0o7777;
  const temp = tempName(file, options.tempDir);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    if (process.getuid?.() === 0) fchownSync(fd, stat.uid, stat.gid);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(temp, mode);
    if (options.expected && !readFileSync(file).equals(options.expected))
      throw new FileChanged('changed while the hook ran');
    try {
      renameSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV' || !options.tempDir) throw error;
      unlinkSync(temp);
      writeFileAtomic(file, bytes, { expected: options.expected });
    }
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw error;
  }
}

/**
 * Removes what runs killed before they could clean up (SIGKILL, a power cut) left in `dir`:
 * the temporary files and folders of processes that no longer exist.
 */
export function removeLeftovers(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^go-cookie-secure-(\d+)[-.]/.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || alive(Number(pid))) continue;
    rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/** Whether a process of this id exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
