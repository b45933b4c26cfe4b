import { chmodSync, openSync, closeSync, renameSync, statSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import path from 'node:path';
import { toBytes, type FsPath } from './paths.js';

let made = 0;

/**
 * A temporary name in the directory of `file`. Not derived from the file's name: a name near
 * the file system's 255-byte limit has no room for a suffix.
 */
function tempBeside(file: FsPath): FsPath {
  const name = `.go-cookie-secure-${process.pid}-${made++}.tmp`;
  if (typeof file === 'string') return path.join(path.dirname(file), name);
  const bytes = toBytes(file);
  const slash = bytes.lastIndexOf(0x2f);
  return Buffer.concat([bytes.subarray(0, slash + 1), Buffer.from(name)]);
}

/**
 * Replaces a file's content atomically: a temporary file beside it, the original's mode, then
 * a rename. A reader (or a crash) sees the old bytes or the new ones, never a truncated file.
 */
export function writeFileAtomic(file: FsPath, bytes: Uint8Array): void {
  const mode = statSync(file).mode & 0o7777;
  const temp = tempBeside(file);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(temp, mode);
    renameSync(temp, file);
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
