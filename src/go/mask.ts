import type { Range } from 'tree-sitter';

/**
 * Parsing cost grows with the bytes parsed. For detection alone, only the parts of a file that
 * can hold or qualify a Cookie literal are parsed (tree-sitter's included ranges keep every
 * position that of the whole file): the package clause and imports, and each top-level
 * declaration that spells `Cookie`, with the comment lines directly above it.
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
  const eof = { index: text.length, row };
  for (let i = 0; i < starts.length; i++) {
    const to = starts[i + 1] ?? eof;
    if (text.slice(starts[i]!.index, to.index).includes('Cookie')) {
      add(starts[i]!, to);
      kept += to.index - starts[i]!.index;
    }
  }
  return kept > text.length * 0.8 ? null : ranges;
}
