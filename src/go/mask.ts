import type { Range } from 'tree-sitter';

/**
 * Parsing cost grows with the bytes parsed, so only the parts of a file that can hold or
 * qualify a Cookie literal are parsed (tree-sitter's included ranges keep every position that
 * of the whole file): the package clause and imports, and each top-level declaration that
 * spells `Cookie`, with the comment lines directly above it and the declarations it touches.
 * Everything the rule and the fixer look at lies there: imports, the enclosing function (bound
 * variables, suppression comments, comment columns), the enclosing literal (elided types).
 *
 * Declarations are found by gofmt's layout (a keyword at the start of a line). Where that guess
 * is wrong the ranges do not parse cleanly, and the caller parses the whole file.
 */
const DECLARATION = /^(?:func|var|const|type)\b/;

/** The ranges to parse, or null when they would be (nearly) the whole file. */
export function cookieRanges(text: string): Range[] | null {
  const starts: Array<{ index: number; row: number }> = [];
  let commentRun: { index: number; row: number } | undefined;
  let lineStart = 0;
  let row = 0;
  while (lineStart < text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end === -1) end = text.length;
    if (text.startsWith('//', lineStart)) {
      commentRun ??= { index: lineStart, row };
    } else {
      if (DECLARATION.test(text.slice(lineStart, lineStart + 6))) starts.push(commentRun ?? { index: lineStart, row });
      commentRun = undefined;
    }
    lineStart = end + 1;
    row++;
  }
  if (starts.length < 2) return null;
  const eof = { index: text.length, row };
  const blocks = starts.map((from, i) => ({ from, to: starts[i + 1] ?? eof }));
  const keep = blocks.map((b) => text.slice(b.from.index, b.to.index).includes('Cookie'));
  // A declaration on the line right after another (no blank line between) may share its
  // trailing-comment column with it: keep such neighbours together, for the fixer's alignment.
  const adjacent = (i: number) => !/\n\s*\n\s*$/.test(text.slice(blocks[i]!.from.index, blocks[i]!.to.index));
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < blocks.length; i++) {
      if (!keep[i]) continue;
      if (i > 0 && !keep[i - 1] && adjacent(i - 1)) changed = keep[i - 1] = true;
      if (i + 1 < blocks.length && !keep[i + 1] && adjacent(i)) changed = keep[i + 1] = true;
    }
  }
  const ranges: Range[] = [];
  const add = (from: { index: number; row: number }, to: { index: number; row: number }) => {
    const last = ranges[ranges.length - 1];
    if (last && last.endIndex === from.index) {
      last.endIndex = to.index;
      last.endPosition = { row: to.row, column: 0 };
    } else {
      ranges.push({ startIndex: from.index, endIndex: to.index, startPosition: { row: from.row, column: 0 }, endPosition: { row: to.row, column: 0 } });
    }
  };
  add({ index: 0, row: 0 }, starts[0]!);
  let kept = starts[0]!.index;
  blocks.forEach((b, i) => {
    if (!keep[i]) return;
    add(b.from, b.to);
    kept += b.to.index - b.from.index;
  });
  return kept > text.length * 0.8 ? null : ranges;
}
