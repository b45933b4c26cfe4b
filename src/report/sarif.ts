import { createHash } from 'node:crypto';
import type { Edit } from '../types.js';
import { LineIndex } from '../go/source.js';
import { VERSION } from '../version.js';
import { rulesOf } from '../rules/table.js';
import { sarifRule } from '../rules/docs.js';
import type { RunResult } from './run-result.js';

function byteOffset(text: string, offset: number): number {
  return Buffer.byteLength(text.slice(0, offset), 'utf8');
}

/** SARIF 2.1.0. Regions use SARIF's default column unit (UTF-16 code units); fixes use byte ranges. */
export function formatSarif(result: RunResult): string {
  const rules = rulesOf(result.rules);
  const results = result.reports.flatMap((report) => {
    const lines = new LineIndex(report.text);
    const seen = new Map<string, number>();
    return report.findings
      .filter((f) => !f.fixed)
      .map((f) => {
        const start = lines.lineOf(f.offset);
        const end = lines.lineOf(f.end);
        const region = {
          startLine: start + 1,
          startColumn: f.offset - lines.lineStart(start) + 1,
          endLine: end + 1,
          endColumn: f.end - lines.lineStart(end) + 1,
        };
        // Relative to the checkout, which code scanning knows as %SRCROOT%.
        const location = {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(report.file), uriBaseId: '%SRCROOT%' },
            region,
          },
        };
        // What tells this result from others across commits, whatever lines move around it:
        // the rule, the file, the finding's own lines (whitespace aside) and which of the
        // identical ones it is.
        const code = report.text
          .slice(lines.lineStart(start), lines.lineStart(end + 1))
          .replace(/\s+/g, ' ')
          .trim();
        const key = `${f.ruleId}\0${report.file}\0${code}`;
        const nth = (seen.get(key) ?? 0) + 1;
        seen.set(key, nth);
        const sarifResult: Record<string, unknown> = {
          ruleId: f.ruleId,
          ruleIndex: rules.findIndex((r) => r.id === f.ruleId),
          level: f.kind === 'dynamic' ? 'warning' : 'error',
          kind: 'fail',
          message: { text: f.message },
          locations: [location],
          partialFingerprints: {
            'goCookieSecure/v1': createHash('sha256').update(`${key}\0${nth}`).digest('hex'),
          },
          properties: { kind: f.kind },
        };
        if (f.edits.length > 0) {
          sarifResult.fixes = [
            {
              description: { text: f.fixDescription ?? 'Make the cookie Secure' },
              artifactChanges: [
                {
                  artifactLocation: { uri: encodeURI(report.file), uriBaseId: '%SRCROOT%' },
                  replacements: f.edits.map((e: Edit) => ({
                    deletedRegion: {
                      byteOffset: byteOffset(report.text, e.offset),
                      byteLength: Buffer.byteLength(
                        report.text.slice(e.offset, e.offset + e.length),
                        'utf8',
                      ),
                    },
                    insertedContent: { text: e.text },
                  })),
                },
              ],
            },
          ];
        }
        return sarifResult;
      });
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'go-cookie-secure',
            version: VERSION,
            informationUri: 'https://www.npmjs.com/package/go-cookie-secure',
            rules: rules.map(sarifRule),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
