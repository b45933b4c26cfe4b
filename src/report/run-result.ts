import type { FileReport, RunSummary } from '../types.js';
import type { RuleId } from '../rules/table.js';

/** Everything a reporter needs about one run. */
export interface RunResult {
  reports: FileReport[];
  summary: RunSummary;
  /** `--staged`: the report stands between the user and a commit. */
  staged: boolean;
  /** `--fix` was requested. */
  fix: boolean;
  /** The rules the run checked (--rule, or all). */
  rules: readonly RuleId[];
}

/** Findings that keep the exit code at 1: everything not fixed. */
export function remainingFindings(result: RunResult): number {
  return result.reports.reduce((n, r) => n + r.findings.filter((f) => !f.fixed).length, 0);
}
