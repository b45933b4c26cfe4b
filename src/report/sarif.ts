import { RULE_ID, type Edit } from '../types.js';
import { LineIndex } from '../go/source.js';
import { VERSION } from '../version.js';
import type { RunResult } from './run-result.js';

export const RULE_HELP =
  'A cookie without the Secure attribute is sent over plain HTTP too, where anyone on the path can read it (CWE-614). ' +
  'Set Secure: true in the http.Cookie literal, or suppress a deliberate case with //go-cookie-secure:ignore.';

function byteOffset(text: string, offset: number): number {
  return Buffer.byteLength(text.slice(0, offset), 'utf8');
}

/** SARIF 2.1.0. Regions use SARIF's default column unit (UTF-16 code units); fixes use byte ranges. */
export function formatSarif(result: RunResult): string {
  const results = result.reports.flatMap((report) => {
    const lines = new LineIndex(report.text);
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
        const location = { physicalLocation: { artifactLocation: { uri: encodeURI(report.file) }, region } };
        const sarifResult: Record<string, unknown> = {
          ruleId: RULE_ID,
          ruleIndex: 0,
          level: f.kind === 'dynamic' ? 'warning' : 'error',
          kind: 'fail',
          message: { text: f.message },
          locations: [location],
          properties: { kind: f.kind },
        };
        if (f.edits.length > 0) {
          sarifResult.fixes = [
            {
              description: { text: f.kind === 'false' ? 'Change Secure: false to Secure: true' : 'Add Secure: true' },
              artifactChanges: [
                {
                  artifactLocation: { uri: encodeURI(report.file) },
                  replacements: f.edits.map((e: Edit) => ({
                    deletedRegion: { byteOffset: byteOffset(report.text, e.offset), byteLength: Buffer.byteLength(report.text.slice(e.offset, e.offset + e.length), 'utf8') },
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
            rules: [
              {
                id: RULE_ID,
                name: 'CookieSecure',
                shortDescription: { text: 'Session must be secure: http.Cookie without Secure: true' },
                fullDescription: { text: RULE_HELP },
                help: { text: RULE_HELP },
                defaultConfiguration: { level: 'error' },
                properties: { tags: ['security', 'CWE-614', 'external/cwe/cwe-614'], 'security-severity': '4.0' },
              },
            ],
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
