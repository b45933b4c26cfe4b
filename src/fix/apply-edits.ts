import { createRequire } from 'node:module';
import type MagicStringType from 'magic-string';
import type { Edit } from '../types.js';

// Loaded on first use: only runs that fix something need it. magic-string ships only an ES
// module, which Node 20 loads through its ESM loader (~7 ms); the CLI's bundle carries a
// CommonJS build of it beside itself instead (scripts/bundle.mjs sets MAGIC_STRING_BUNDLE).
declare const MAGIC_STRING_BUNDLE: string | undefined;
const require = createRequire(import.meta.url);
let MagicString: typeof MagicStringType | undefined;

function loadMagicString(): typeof MagicStringType {
  if (typeof MAGIC_STRING_BUNDLE === 'string')
    return require(MAGIC_STRING_BUNDLE) as typeof MagicStringType;
  return (require('magic-string') as { default: typeof MagicStringType }).default;
}

/** Applies non-overlapping edits (offsets into `text`) and returns the new text. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return text;
  MagicString ??= loadMagicString();
  const s = new MagicString(text);
  for (const edit of edits) {
    if (edit.length === 0) s.appendLeft(edit.offset, edit.text);
    else s.overwrite(edit.offset, edit.offset + edit.length, edit.text);
  }
  return s.toString();
}
