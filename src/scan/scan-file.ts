import { closeSync, openSync, readSync } from 'node:fs';
import { fsReason } from '../errors.js';
import { resolvePath, type FsPath } from '../paths.js';
import type { ScanOutcome } from '../scan-bytes.js';
import type { RuleId } from '../rules/table.js';

/** A working-tree file to scan: its path relative to the run's directory, as given or found. */
export interface FileJob {
  path: FsPath;
  /** Named on the command line: read errors are the user's to fix, generated files are scanned. */
  explicit: boolean;
}

export interface FileScanOptions {
  strict: boolean;
  /** Run only these rules (all when empty). */
  rules: readonly RuleId[];
  fix: boolean;
  edits: boolean;
  /** Keep the decoded text of a file with findings; without it memory stays flat however many files have findings. */
  keepText: boolean;
}

/** What became of one file; plain data, so a worker thread can send it back. */
export type FileResult =
  | { status: 'absent' } // a tracked file deleted from the work tree: nothing to scan
  | { status: 'unreadable'; reason: string }
  | { status: 'scanned'; outcome: ScanOutcome };

/**
 * One buffer per thread that every file is read into. readFileSync's fresh buffer per file left
 * the bytes of every file read to the garbage collector, which counts such memory outside its
 * heap and collects it late: a walk over the bench corpus (20,000 files, 160 MB) peaked at
 * 99 MB, and with workers (one heap each) at 127 MB. Nothing keeps the bytes past the scan
 * (decoding copies them; fixes are new buffers).
 */
let readBuffer = Buffer.allocUnsafe(256 * 1024);

/** A file's bytes, valid until the next call. */
function readInto(file: FsPath): Buffer {
  const fd = openSync(file, 'r');
  try {
    // Read to the end of the file (no fstat: one call and one Stats object less per file).
    let length = 0;
    for (;;) {
      const n = readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (n === 0) return readBuffer.subarray(0, length);
      length += n;
      if (length === readBuffer.length) {
        const larger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(larger);
        readBuffer = larger;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and scans one file. `scanBytes` is passed in so that the rule's modules are loaded
 * by the caller, once, and only when some file needs them.
 */
export function scanFile(
  cwd: string,
  job: FileJob,
  options: FileScanOptions,
  scanBytes: typeof import('../scan-bytes.js')['scanBytes'],
): FileResult {
  let bytes: Buffer;
  try {
    bytes = readInto(resolvePath(cwd, job.path));
  } catch (error) {
    if (!job.explicit && (error as NodeJS.ErrnoException).code === 'ENOENT')
      return { status: 'absent' };
    return { status: 'unreadable', reason: fsReason(error) };
  }
  const outcome = scanBytes(bytes, {
    strict: options.strict,
    rules: options.rules,
    fix: options.fix,
    edits: options.edits,
    skipGenerated: !job.explicit,
  });
  if (!options.keepText && outcome.text) outcome.text = '';
  return { status: 'scanned', outcome };
}
