import type { FileReport, RunSummary } from '../types.js';

/** Everything a reporter needs about one run. */
export interface RunResult {
  reports: FileReport[];
  summary: RunSummary;
  /** `--staged`: the report stands between the user and a commit. */
  staged: boolean;
  /** `--fix` was requested. */
  fix: boolean;
}

/** Findings that keep the exit code at 1: everything not fixed. */
export function remainingFindings(result: RunResult): number {
  return result.reports.reduce((n, r) => n + r.findings.filter((f) => !f.fixed).length, 0);
}
