import { styleText } from 'node:util';
import { LineIndex } from '../go/source.js';
import type { FileReport, ReportedFinding } from '../types.js';
import { remainingFindings, type RunResult } from './run-result.js';

type Style = Parameters<typeof styleText>[0];

export interface TextOptions {
  color: boolean;
  quiet: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The finding's line with a caret under its column; tabs are kept so the caret lines up. */
function codeFrame(
  report: FileReport,
  lines: LineIndex,
  finding: ReportedFinding,
  paint: (s: Style, t: string) => string,
): string {
  const row = lines.lineOf(finding.offset);
  const start = lines.lineStart(row);
  const source = report.text.slice(start, lines.lineStart(row + 1)).replace(/\r?\n$/, '');
  const gutter = String(row + 1);
  const pad = ' '.repeat(gutter.length);
  const before = report.text.slice(start, finding.offset).replace(/[^\t]/g, ' ');
  return `  ${paint('dim', `${gutter} |`)} ${source}\n  ${paint('dim', `${pad} |`)} ${before}${paint('red', '^')}\n`;
}

/** The human report: `path:line:col: message [rule]`, a code frame, a summary. */
export function formatText(result: RunResult, options: TextOptions): string {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text) : text);
  let out = '';
  for (const report of result.reports) {
    const lines = new LineIndex(report.text);
    for (const f of report.findings) {
      const where = paint('bold', `${report.file}:${f.line}:${f.column}:`);
      if (f.fixed) {
        if (!options.quiet)
          out += `${where} ${paint('green', 'fixed:')} ${f.message} ${paint('dim', `[${f.ruleId}]`)}\n`;
        continue;
      }
      const note = f.fixable ? (result.fix ? ' (not fixed)' : '') : ' (no automatic fix)';
      out += `${where} ${f.message}${note} ${paint('dim', `[${f.ruleId}]`)}\n`;
      out += codeFrame(report, lines, f, paint);
    }
  }
  if (options.quiet) return out;
  const { files, findings, fixed } = result.summary;
  const remaining = remainingFindings(result);
  if (findings === 0) {
    // Nothing checked (a commit without Go files): nothing to say on every such commit.
    if (files > 0) out += `go-cookie-secure: no insecure cookies in ${plural(files, 'file')}\n`;
    return out;
  }
  const filesWith = result.reports.filter((r) => r.findings.length > 0).length;
  out += `go-cookie-secure: ${plural(findings, 'finding')} in ${plural(filesWith, 'file')}`;
  out += result.fix ? ` (${fixed} fixed, ${remaining} remaining)\n` : '\n';
  const fixableLeft = result.reports.some((r) => r.findings.some((f) => f.fixable && !f.fixed));
  if (remaining > 0 && result.staged) {
    out += `${paint('red', 'Commit blocked: cookies above are not Secure.')}\n`;
    if (fixableLeft && !result.fix)
      out += `  Fix them:      go-cookie-secure --staged --fix   (then git commit again)\n`;
    if (!fixableLeft)
      out += `  Fix them:      by hand, as each message says (or //go-cookie-secure:ignore a deliberate one)\n`;
    out += `  Commit anyway: git commit --no-verify\n`;
  } else if (fixableLeft && !result.fix) {
    out += `  Fix them with: go-cookie-secure --fix\n`;
  }
  return out;
}
