import type { RuleId } from './table.js';

/**
 * Every suppressing comment spells one of these: a file without them needs no comment lookup.
 * Looked for with string searches, not one regular expression with alternatives: that reads the
 * text a character at a time, and showed in profiles of a scan (~4 ms of ~800 files).
 */
export const SUPPRESSION_KEYWORDS = [
  'go-cookie-secure:ignore',
  'no-dd-sa',
  'datadog-disable',
  '#nosec',
  '//nolint',
];

/** gosec's id for a cookie without Secure: a `#nosec` list naming it silences our rules there. */
const GOSEC_RULE = 'G124';

// gosec: `#nosec`, optionally followed by rule ids (`G124 G101`, or comma-separated) and
// `-- justification`.
const NOSEC = /#nosec\b([^\n]*)/;
// golangci-lint: `//nolint` with no space, optionally `:linter,linter`, then a space or the end.
const NOLINT = /^\/\/nolint(?::([\w-]+(?:,[\w-]+)*))?(?=\s|$)/;

/**
 * Whether a comment's text silences `rule`. Our own keyword silences every rule; Datadog's
 * `no-dd-sa` / `datadog-disable` does unless it lists rule ids and none of them is `rule`.
 */
export function commentSuppresses(comment: string, rule: RuleId): boolean {
  if (/go-cookie-secure:ignore\b/.test(comment)) return true;
  if (goToolSuppresses(comment)) return true;
  const m = /(?:no-dd-sa|datadog-disable)(.*)/s.exec(comment);
  if (!m) return false;
  const rest = m[1]!.replace(/\*\/\s*$/, '').replace(/^\s*:?/, '');
  const ids = rest.split(/[\s,]+/).filter((t) => t.includes('/'));
  return ids.length === 0 || ids.includes(rule);
}

/**
 * What a Go team already has: gosec's `#nosec` (bare, or naming G124) and golangci-lint's
 * `//nolint` (bare, or naming gosec or all). A list that names only other rules or linters
 * silences nothing here.
 */
function goToolSuppresses(comment: string): boolean {
  const nosec = NOSEC.exec(comment);
  if (nosec) {
    const ids = nosec[1]!
      .split('--')[0]!
      .split(/[\s,]+/)
      .filter((t) => /^G\d+$/.test(t));
    if (ids.length === 0 || ids.includes(GOSEC_RULE)) return true;
  }
  const nolint = NOLINT.exec(comment);
  if (nolint) {
    const linters = nolint[1]?.split(',');
    if (!linters || linters.includes('gosec') || linters.includes('all')) return true;
  }
  return false;
}

/** Datadog's file-level form: the keyword in a comment on the file's first line. */
export function fileSuppressed(text: string, rule: RuleId): boolean {
  const end = text.indexOf('\n');
  const first = end === -1 ? text : text.slice(0, end);
  const at = first.indexOf('//') !== -1 ? first.indexOf('//') : first.indexOf('/*');
  if (at === -1) return false;
  const comment = first.slice(at);
  return /(?:no-dd-sa|datadog-disable)/.test(comment) && commentSuppresses(comment, rule);
}
