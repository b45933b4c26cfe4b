import type { RunResult } from './run-result.js';

/** GitHub Actions workflow commands; values are escaped as the runner expects. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(result: RunResult): string {
  let out = '';
  for (const report of result.reports) {
    for (const f of report.findings) {
      if (f.fixed) continue;
      const level = f.kind === 'dynamic' ? 'warning' : 'error';
      const props = `file=${escapeProperty(report.file)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${escapeProperty(f.ruleId)}`;
      out += `::${level} ${props}::${escapeData(f.message)}\n`;
    }
  }
  return out;
}
