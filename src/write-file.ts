import { chmodSync, openSync, closeSync, renameSync, statSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import path from 'node:path';

/**
 * Replaces a file's content atomically: a temporary file beside it, the original's mode, then
 * a rename. A reader (or a crash) sees the old bytes or the new ones, never a truncated file.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const mode = statSync(file).mode & 0o7777;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.go-cookie-secure-${process.pid}.tmp`);
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
