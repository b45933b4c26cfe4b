import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fsReason } from './errors.js';
import type { ScanOutcome } from './scan.js';
import type { RuleId } from './rules/table.js';

/** A working-tree file to scan: its path relative to the run's directory, as given or found. */
export interface FileJob {
  path: string;
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
 * Reads and scans one file. `scanBytes` is passed in so that the rule's modules are loaded
 * by the caller, once, and only when some file needs them.
 */
export function scanFile(cwd: string, job: FileJob, options: FileScanOptions, scanBytes: (typeof import('./scan.js'))['scanBytes']): FileResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.resolve(cwd, job.path));
  } catch (error) {
    if (!job.explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent' };
    return { status: 'unreadable', reason: fsReason(error) };
  }
  const outcome = scanBytes(bytes, { strict: options.strict, rules: options.rules, fix: options.fix, edits: options.edits, skipGenerated: !job.explicit });
  if (!options.keepText && outcome.text) outcome.text = '';
  return { status: 'scanned', outcome };
}
