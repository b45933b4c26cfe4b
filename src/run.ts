import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expandPaths, excludeMatcher, inSkippedDirectory, toPosix, walkGoFiles, type ScanTarget } from './files.js';
import { findRepository, trackedGoFiles } from './git.js';
import type { ScanOptions } from './scan.js';
import { cookiePrefilter } from './prefilter.js';
import { writeFileAtomic } from './write-file.js';
import { OperationalError, fsReason } from './errors.js';
import type { FileReport } from './types.js';
import type { RunResult } from './report/run-result.js';

export interface RunOptions {
  cwd: string;
  paths: string[];
  strict: boolean;
  fix: boolean;
  /** Compute fixes but write nothing (`--diff`). */
  dryRun: boolean;
  exclude: string[];
  /** Keep each finding's edits (SARIF output carries them as fixes). */
  edits: boolean;
  /** Lines for stderr that are not findings: skipped binaries, files left unfixed. */
  notice: (line: string) => void;
}

export interface PathRunResult extends RunResult {
  /** Original and fixed text per file, for `--diff`. */
  changes: Array<{ file: string; before: string; after: string }>;
}

/** What to scan; `candidates`, when known, are the only files that can contain a cookie. */
async function scanTargets(options: RunOptions): Promise<{ targets: ScanTarget[]; candidates?: Set<string> }> {
  if (options.paths.length > 0) return { targets: expandPaths(options.paths) };
  const repo = await findRepository(options.cwd);
  if (!repo) return { targets: walkGoFiles('.') };
  const { files, candidates } = await trackedGoFiles(options.cwd);
  return { targets: files.map((p) => ({ path: p, explicit: false })), candidates };
}

/** Scans (and fixes) working-tree files named on the command line, or the repository's. */
export async function runOnPaths(options: RunOptions): Promise<PathRunResult> {
  const excluded = excludeMatcher(options.exclude);
  const { targets: all, candidates } = await scanTargets(options);
  const targets = all.filter(
    (t) => !excluded(t.path) && (t.explicit || !inSkippedDirectory(toPosix(t.path))),
  );

  const reports: FileReport[] = [];
  const writes: Array<{ path: string; bytes: Buffer }> = [];
  const changes: PathRunResult['changes'] = [];
  let scanned = 0;
  let scan: typeof import('./scan.js') | undefined;
  for (const target of targets) {
    if (candidates && !candidates.has(target.path)) {
      scanned++;
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.resolve(options.cwd, target.path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A tracked file deleted from the work tree has nothing to scan.
      if (!target.explicit && code === 'ENOENT') continue;
      throw new OperationalError(`cannot read ${target.path}: ${fsReason(error)}`, { cause: error });
    }
    if (cookiePrefilter(bytes) === 'none') {
      scanned++;
      continue;
    }
    // The rule's modules load with the first file that can hold a cookie.
    scan ??= await import('./scan.js');
    const scanOptions: ScanOptions = { strict: options.strict, fix: options.fix, edits: options.edits, skipGenerated: !target.explicit };
    const outcome = scan.scanBytes(bytes, scanOptions);
    if (outcome.skipped === 'generated') continue;
    scanned++;
    if (outcome.skipped) {
      options.notice(`${toPosix(target.path)}: skipped, ${outcome.skipped}`);
      continue;
    }
    if (outcome.findings.length === 0) continue;
    const file = toPosix(path.relative(options.cwd, path.resolve(options.cwd, target.path)));
    reports.push({ file, text: outcome.text, findings: outcome.findings, notFixedReason: outcome.notFixedReason });
    if (outcome.notFixedReason) options.notice(`${file}: not fixed: ${outcome.notFixedReason}`);
    if (outcome.fixedBytes) {
      writes.push({ path: path.resolve(options.cwd, target.path), bytes: outcome.fixedBytes });
      changes.push({ file, before: outcome.text, after: outcome.fixedBytes.toString('utf8') });
    }
  }

  // Written only once every file was read and fixed, so a bad input writes nothing.
  if (!options.dryRun) {
    for (const w of writes) {
      try {
        writeFileAtomic(w.path, w.bytes);
      } catch (error) {
        throw new OperationalError(`cannot write ${w.path}: ${fsReason(error)}`, { cause: error });
      }
    }
  } else {
    for (const r of reports) for (const f of r.findings) f.fixed = false;
  }

  const findings = reports.reduce((n, r) => n + r.findings.length, 0);
  const fixed = reports.reduce((n, r) => n + r.findings.filter((f) => f.fixed).length, 0);
  return { reports, changes, staged: false, fix: options.fix && !options.dryRun, summary: { files: scanned, findings, fixed } };
}
