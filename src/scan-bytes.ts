import { analyzeGo } from './rules/analyze.js';
export { withGoParser } from './go/parser.js';
import { decodeGoSource, encodeGoSource } from './go/source.js';
import { isGeneratedGo } from './go/generated.js';
import { fixSource } from './fix/fix-source.js';
import type { ReportedFinding } from './types.js';
import { BINARY, sinksHeld } from './rules/prefilter.js';
import { sinksOf, type RuleId } from './rules/table.js';

export interface ScanOptions {
  strict: boolean;
  /** Run only these rules (all when absent or empty). */
  rules?: readonly RuleId[];
  fix: boolean;
  /** Keep each finding's edits (SARIF fixes) even without fixing. */
  edits?: boolean;
  /** Skip files marked `// Code generated ... DO NOT EDIT.` */
  skipGenerated: boolean;
}

export interface ScanOutcome {
  /** Why the file was not scanned (binary, generated), when it was not. */
  skipped?: string;
  findings: ReportedFinding[];
  /** Decoded text, kept only when there are findings (for code frames). */
  text: string;
  /** The fixed bytes, when the fix changed the file. */
  fixedBytes?: Buffer;
  notFixedReason?: string;
}

const NONE: ScanOutcome = { findings: [], text: '' };

/**
 * One file's bytes through the rules (and the fixer). Bytes that cannot hold a sink of the
 * selected rules are done with before decoding or parsing (rules/prefilter.ts).
 */
export function scanBytes(bytes: Buffer, options: ScanOptions): ScanOutcome {
  const held = sinksHeld(bytes, sinksOf(options.rules));
  if (held === 'binary') return { ...NONE, skipped: BINARY };
  if (held.length === 0) return NONE;
  const source = decodeGoSource(bytes);
  if (options.skipGenerated && isGeneratedGo(source.text)) return { ...NONE, skipped: 'generated' };
  const oneBytePerChar = !source.validUtf8;
  const analysis = analyzeGo(
    source.text,
    {
      strict: options.strict,
      rules: options.rules,
      sinks: held,
      edits: options.fix || options.edits === true,
    },
    oneBytePerChar,
  );
  if (analysis.findings.length === 0) return NONE;
  const findings: ReportedFinding[] = analysis.findings.map((f) => ({ ...f, fixed: false }));
  const outcome: ScanOutcome = { findings, text: source.text };
  if (!options.fix || !findings.some((f) => f.fixable)) return outcome;
  if (!source.validUtf8) return { ...outcome, notFixedReason: 'not valid UTF-8, left unchanged' };
  const result = fixSource(
    source.text,
    analysis.findings,
    options,
    analysis.syntaxErrors,
    oneBytePerChar,
  );
  if (result.failure) return { ...outcome, notFixedReason: `${result.failure}, left unchanged` };
  for (const f of findings) f.fixed = result.fixedOffsets.has(f.offset);
  if (result.text !== source.text)
    outcome.fixedBytes = encodeGoSource({ text: result.text, validUtf8: true });
  return outcome;
}
