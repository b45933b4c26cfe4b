import { analyzeGo } from '../rules/analyze.js';
import type { RuleId } from '../rules/table.js';
import { applyEdits } from './apply-edits.js';
import type { Edit, Finding } from '../types.js';

export interface FixResult {
  /** The fixed text; equal to the input when nothing could be fixed. */
  text: string;
  /** Offsets (in the input) of the findings whose fix is in `text`. */
  fixedOffsets: Set<number>;
  /** Why nothing was fixed, when fixable findings remain unfixed. */
  failure?: string;
}

function span(finding: Finding): [number, number] {
  const edits = finding.edits;
  const from = Math.min(finding.editScope.offset, ...edits.map((e) => e.offset));
  return [from, Math.max(finding.editScope.end, ...edits.map((e) => e.offset + e.length))];
}

/**
 * Applies the fixes of `findings` to `text`. Fixes whose edited spans overlap cannot be
 * combined in one pass (each was computed against the unfixed text), so the rest are
 * re-detected and applied in later passes. The output must parse with no more syntax errors
 * than the input, and must leave nothing fixable; otherwise nothing is changed.
 */
export function fixSource(
  text: string,
  findings: readonly Finding[],
  options: { strict: boolean; rules?: readonly RuleId[] },
  syntaxErrors: number,
  oneBytePerChar = false,
): FixResult {
  const fixable = findings.filter((f) => f.edits.length > 0);
  if (fixable.length === 0) return { text, fixedOffsets: new Set() };
  let current = text;
  let pending = fixable;
  // Each pass fixes at least one finding, so passes are bounded by the findings.
  for (let pass = 0; pass <= fixable.length && pending.length > 0; pass++) {
    const chosen: Edit[] = [];
    let lastEnd = -1;
    for (const finding of [...pending].sort((a, b) => span(a)[0] - span(b)[0])) {
      const [from, to] = span(finding);
      if (from < lastEnd) continue;
      chosen.push(...finding.edits);
      lastEnd = Math.max(to, from + 1);
    }
    current = applyEdits(current, chosen);
    const analysis = analyzeGo(
      current,
      { strict: options.strict, rules: options.rules, edits: true, textVerdicts: false },
      oneBytePerChar,
    );
    if (analysis.syntaxErrors > syntaxErrors) {
      return { text, fixedOffsets: new Set(), failure: 'the fixed source would not parse' };
    }
    pending = analysis.findings.filter((f) => f.edits.length > 0);
  }
  if (pending.length > 0)
    return { text, fixedOffsets: new Set(), failure: 'the fixes did not converge' };
  return { text: current, fixedOffsets: new Set(fixable.map((f) => f.offset)) };
}
