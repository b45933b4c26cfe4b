import type { Range } from 'tree-sitter';
import { LineIndex } from './source.js';

/**
 * Parsing cost grows with the bytes parsed, so only the parts of a file that can hold or
 * qualify a Cookie literal are parsed (tree-sitter's included ranges keep every position that
 * of the whole file): the package clause and imports, and each top-level declaration that
 * spells a Cookie literal's type (go/cookie-spellings.ts), with the comment lines directly
 * above it and the declarations it touches.
 * Everything the rule and the fixer look at lies there: imports, the enclosing function (bound
 * variables, suppression comments, comment columns), the enclosing literal (elided types).
 *
 * Declarations are found by gofmt's layout (a keyword at the start of a line). Where that guess
 * is wrong the ranges do not parse cleanly, and the caller parses the whole file.
 */
// A declaration keyword at the start of a line (after a `\n`: the `m` flag would also take `\r`
// and U+2028 for line starts).
const DECLARATION = /(?:^|\n)(?:func|var|const|type)\b/g;

/**
 * The ranges to parse, or null when they would be (nearly) the whole file. `spellings`: the
 * offsets of the literal types, in increasing order.
 */
export function cookieRanges(text: string, spellings: readonly number[], lines = new LineIndex(text)): Range[] | null {
  // Where each declaration starts, with the run of `//` lines directly above it. Found with
  // a regular expression and string searches: the engine's native scanning costs less than a
  // line-by-line loop in a process that lives for a fraction of a second.
  const starts: number[] = [];
  for (const m of text.matchAll(DECLARATION)) {
    let start = m.index === 0 && text[0] !== '\n' ? 0 : m.index! + 1;
    while (start > 0) {
      const above = text.lastIndexOf('\n', start - 2) + 1;
      if (!text.startsWith('//', above)) break;
      start = above;
    }
    if (start !== starts[starts.length - 1]) starts.push(start);
  }
  if (starts.length < 2) return null;
  const blocks = starts.map((from, i) => ({ from, to: starts[i + 1] ?? text.length }));

  const keep = blocks.map(() => false);
  let b = 0;
  for (const at of spellings) {
    if (at < starts[0]!) continue;
    while (blocks[b]!.to <= at) b++;
    keep[b] = true;
  }
  // A declaration on the line right after another (no blank line between) may share its
  // trailing-comment column with it: keep such neighbours together, for the fixer's alignment.
  const adjacent = (i: number) => !endsWithBlankLine(text, blocks[i]!.from, blocks[i]!.to);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < blocks.length; i++) {
      if (!keep[i]) continue;
      if (i > 0 && !keep[i - 1] && adjacent(i - 1)) changed = keep[i - 1] = true;
      if (i + 1 < blocks.length && !keep[i + 1] && adjacent(i)) changed = keep[i + 1] = true;
    }
  }

  const ranges: Range[] = [];
  const add = (from: number, to: number) => {
    const last = ranges[ranges.length - 1];
    if (last && last.endIndex === from) {
      last.endIndex = to;
      last.endPosition = lines.point(to);
    } else {
      ranges.push({ startIndex: from, endIndex: to, startPosition: lines.point(from), endPosition: lines.point(to) });
    }
  };
  add(0, starts[0]!);
  let kept = starts[0]!;
  blocks.forEach((b, i) => {
    if (!keep[i]) return;
    add(b.from, b.to);
    kept += b.to - b.from;
  });
  return kept > text.length * 0.8 ? null : ranges;
}

/** Whether text[from, to) ends with a blank line: two line feeds in its trailing white space. */
function endsWithBlankLine(text: string, from: number, to: number): boolean {
  let feeds = 0;
  for (let i = to - 1; i >= from && /\s/.test(text[i]!); i--) if (text[i] === '\n' && ++feeds === 2) return true;
  return false;
}
