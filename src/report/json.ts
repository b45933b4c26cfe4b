import type { RunResult } from './run-result.js';

/** SPEC §3's JSON object, one line. */
export function formatJson(result: RunResult): string {
  const findings = result.reports.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.ruleId,
      file: r.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      kind: f.kind,
      fixable: f.fixable,
      fixed: f.fixed,
      message: f.message,
    })),
  );
  return `${JSON.stringify({ findings, summary: result.summary })}\n`;
}
