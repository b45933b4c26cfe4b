import { createRequire } from 'node:module';
import type MagicStringType from 'magic-string';
import type { Edit } from '../types.js';

// Loaded on first use: only runs that fix something need it.
const require = createRequire(import.meta.url);
let MagicString: typeof MagicStringType | undefined;

/** Applies non-overlapping edits (offsets into `text`) and returns the new text. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return text;
  MagicString ??= (require('magic-string') as { default: typeof MagicStringType }).default;
  const s = new MagicString(text);
  for (const edit of edits) {
    if (edit.length === 0) s.appendLeft(edit.offset, edit.text);
    else s.overwrite(edit.offset, edit.offset + edit.length, edit.text);
  }
  return s.toString();
}
