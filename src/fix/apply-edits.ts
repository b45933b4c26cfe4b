import MagicString from 'magic-string';
import type { Edit } from '../types.js';

// magic-string ships only an ES module, which Node 20 loads through its ESM loader (~7 ms);
// the CLI's bundle (scripts/bundle.mjs) inlines it instead, and initialises it only when a
// fix is applied.

/** Applies non-overlapping edits (offsets into `text`) and returns the new text. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return text;
  const s = new MagicString(text);
  for (const edit of edits) {
    if (edit.length === 0) s.appendLeft(edit.offset, edit.text);
    else s.overwrite(edit.offset, edit.offset + edit.length, edit.text);
  }
  return s.toString();
}
