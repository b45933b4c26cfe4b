import type { RuleId } from './table.js';

/**
 * Every suppressing comment spells one of these: a file without them needs no comment lookup.
 * Looked for with string searches, not one regular expression with alternatives: that reads the
 * text a character at a time, and showed in profiles of a scan (~4 ms of ~800 files).
 */
export const SUPPRESSION_KEYWORDS = ['go-cookie-secure:ignore', 'no-dd-sa', 'datadog-disable'];

/**
 * Whether a comment's text silences `rule`. Our own keyword silences every rule; Datadog's
 * `no-dd-sa` / `datadog-disable` does unless it lists rule ids and none of them is `rule`.
 */
export function commentSuppresses(comment: string, rule: RuleId): boolean {
  if (/go-cookie-secure:ignore\b/.test(comment)) return true;
  const m = /(?:no-dd-sa|datadog-disable)(.*)/s.exec(comment);
  if (!m) return false;
  const rest = m[1]!.replace(/\*\/\s*$/, '').replace(/^\s*:?/, '');
  const ids = rest.split(/[\s,]+/).filter((t) => t.includes('/'));
  return ids.length === 0 || ids.includes(rule);
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
