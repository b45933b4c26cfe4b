import { expandPaths, walkGoFiles, type ScanTarget } from './files.js';
import {
  SKIPPED_DIRECTORIES,
  TEST_FILES_PATHSPEC,
  excludeMatcher,
  inSkippedDirectory,
  isTestFile,
  toPosix,
} from '../file-filters.js';
import { NotARepository, trackedGoFiles } from '../git.js';
import { scanInParallel } from './parallel-scan.js';
import { writeFileAtomic } from '../write-file.js';
import { OperationalError, fsReason } from '../errors.js';
import { relativePath, resolvePath, showPath, type FsPath } from '../paths.js';
import type { FileReport } from '../types.js';
import { grepNeedles } from '../rules/prefilter.js';
import { rulesOf, sinksOf, type RuleId } from '../rules/table.js';
import type { RunResult } from '../report/run-result.js';

export interface RunOptions {
  cwd: string;
  paths: string[];
  strict: boolean;
  /** Run only these rules (all when empty). */
  rules: RuleId[];
  fix: boolean;
  /** Compute fixes but write nothing (`--diff`). */
  dryRun: boolean;
  exclude: string[];
  /** Check `_test.go` files too (a file named on the command line always is). */
  tests?: boolean;
  /** Keep each finding's edits (SARIF output carries them as fixes). */
  edits: boolean;
  /** Keep the text of files with findings (code frames, SARIF, --diff); default true. */
  keepText?: boolean;
  /** Lines for stderr that are not findings: skipped binaries, files left unfixed. */
  notice: (line: string) => void;
}

export interface PathRunResult extends RunResult {
  /** Original and fixed text per file; filled for `--diff` (dryRun) only. */
  changes: Array<{ file: string; before: string; after: string }>;
}

/**
 * What to scan. In a repository with no paths given, only the candidate files (those whose
 * bytes contain a needle of the selected sinks, prefilter.ts) are listed, as git grep finds them; `total` then tells how many tracked
 * files there are (undefined when the files were walked or named).
 */
function scanTargets(
  options: RunOptions,
  keep: (file: string) => boolean,
): { targets: AsyncIterable<ScanTarget>; total(): number | undefined } {
  if (options.paths.length > 0)
    return { targets: asAsync(expandPaths(options.paths, options.cwd)), total: () => undefined };
  const { candidates, count } = trackedGoFiles(
    options.cwd,
    grepNeedles(sinksOf(options.rules)),
    SKIPPED_DIRECTORIES,
    options.tests ? [] : [TEST_FILES_PATHSPEC],
    options.exclude.length > 0 ? keep : undefined,
  );
  let inRepository = true;
  async function* targets(): AsyncGenerator<ScanTarget> {
    try {
      for await (const p of candidates) yield { path: p, explicit: false };
    } catch (error) {
      if (!(error instanceof NotARepository)) throw error;
      inRepository = false;
      yield* walkGoFiles('.', options.cwd);
    }
  }
  return { targets: targets(), total: () => (inRepository ? count() : undefined) };
}

async function* asAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** Worker threads for large scans: GO_COOKIE_SECURE_WORKERS=N forces N (0: none), else the parallel scan decides. */
function workerCount(): number | undefined {
  const given = process.env.GO_COOKIE_SECURE_WORKERS;
  return given === undefined || given === ''
    ? undefined
    : Math.max(0, Number.parseInt(given, 10) || 0);
}

/** Scans (and fixes) working-tree files named on the command line, or the repository's. */
export async function runOnPaths(options: RunOptions): Promise<PathRunResult> {
  const excluded = excludeMatcher(options.exclude);
  const keep = (file: FsPath, explicit = false) => {
    const shown = showPath(file);
    return (
      !excluded(shown) &&
      (explicit || (!inSkippedDirectory(shown) && (options.tests || !isTestFile(shown))))
    );
  };
  const { targets, total } = scanTargets(options, (file) => keep(file));
  async function* jobs(): AsyncGenerator<ScanTarget> {
    for await (const target of targets) if (keep(target.path, target.explicit)) yield target;
  }
  const scanned = await scanInParallel(jobs(), {
    cwd: options.cwd,
    strict: options.strict,
    rules: options.rules,
    fix: options.fix,
    edits: options.edits,
    keepText: options.keepText ?? true,
    workers: workerCount(),
  });

  const reports: FileReport[] = [];
  const writes: Array<{ path: FsPath; shown: string; bytes: Buffer }> = [];
  const changes: PathRunResult['changes'] = [];
  let files = 0;
  for (const { job, result } of scanned) {
    if (result.status === 'unreadable')
      throw new OperationalError(`cannot read ${showPath(job.path)}: ${result.reason}`);
    if (result.status === 'absent') continue;
    const outcome = result.outcome;
    if (outcome.skipped === 'generated') continue;
    if (outcome.skipped) {
      options.notice(
        `${showPath(typeof job.path === 'string' ? toPosix(job.path) : job.path)}: skipped, ${outcome.skipped}`,
      );
      continue;
    }
    files++; // a skipped file (binary) was not checked
    if (outcome.findings.length === 0) continue;
    const file = showPath(relativePath(options.cwd, job.path));
    reports.push({
      file,
      text: outcome.text,
      findings: outcome.findings,
      notFixedReason: outcome.notFixedReason,
    });
    if (outcome.notFixedReason) options.notice(`${file}: not fixed: ${outcome.notFixedReason}`);
    if (outcome.fixedBytes) {
      // --diff keeps the texts to print; --fix keeps the bytes to write.
      if (options.dryRun)
        changes.push({ file, before: outcome.text, after: outcome.fixedBytes.toString('utf8') });
      else
        writes.push({
          path: resolvePath(options.cwd, job.path),
          shown: file,
          bytes: outcome.fixedBytes,
        });
    }
  }

  // In a repository only candidates were read; the files without Cookie count as scanned.
  const tracked = total();
  if (tracked !== undefined) files += tracked - scanned.length;

  // Written only once every file was read and fixed, so a bad input writes nothing.
  for (const w of writes) {
    try {
      writeFileAtomic(w.path, w.bytes);
    } catch (error) {
      throw new OperationalError(`cannot write ${w.shown}: ${fsReason(error)}`, { cause: error });
    }
  }
  if (options.dryRun) for (const r of reports) for (const f of r.findings) f.fixed = false;

  const findings = reports.reduce((n, r) => n + r.findings.length, 0);
  const fixed = reports.reduce((n, r) => n + r.findings.filter((f) => f.fixed).length, 0);
  return {
    reports,
    changes,
    staged: false,
    fix: options.fix && !options.dryRun,
    rules: rulesOf(options.rules).map((r) => r.id),
    summary: { files, findings, fixed },
  };
}
