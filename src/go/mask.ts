import type { Range } from './parser.js';
import { LineIndex } from './source.js';

/**
 * Parsing cost grows with the bytes parsed, so only the parts of a file that can hold a sink
 * are parsed (tree-sitter's included ranges keep every position that of the whole file): each
 * top-level declaration that spells one, with the comment lines directly above it and the
 * declarations it touches. The package clause and imports are read from the text
 * (go/imports.ts); they are parsed only when they spell a sink themselves.
 * Everything the rules and the fixer look at lies there: the enclosing function (bound
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
 * offsets of the sinks' spellings, in increasing order.
 */
export function cookieRanges(
  text: string,
  spellings: readonly number[],
  lines = new LineIndex(text),
): Range[] | null {
  const blocks = new Blocks(text);
  if (blocks.count < 2) return null;

  const kept = new Set<number>();
  const pending: number[] = [];
  const keep = (block: number) => {
    if (kept.has(block)) return;
    kept.add(block);
    pending.push(block);
  };
  let header = false;
  for (const at of spellings) {
    const block = blocks.at(at);
    if (block === -1) header = true;
    else keep(block);
  }
  // A declaration on the line right after another (no blank line between) may share its
  // trailing-comment column with it: keep such neighbours together, for the fixer's alignment.
  while (pending.length > 0) {
    const b = pending.pop()!;
    if (b + 1 < blocks.count && !endsWithBlankLine(text, blocks.start(b), blocks.end(b)))
      keep(b + 1);
    if (b > 0 && !endsWithBlankLine(text, blocks.start(b - 1), blocks.end(b - 1))) keep(b - 1);
  }

  const ranges: Range[] = [];
  let size = 0;
  const add = (from: number, to: number) => {
    size += to - from;
    const last = ranges[ranges.length - 1];
    if (last && last.endIndex === from) {
      last.endIndex = to;
      last.endPosition = lines.point(to);
    } else {
      ranges.push({
        startIndex: from,
        endIndex: to,
        startPosition: lines.point(from),
        endPosition: lines.point(to),
      });
    }
  };
  if (header) add(0, blocks.start(0));
  for (const b of [...kept].sort((x, y) => x - y)) add(blocks.start(b), blocks.end(b));
  return size > text.length * 0.8 ? null : ranges;
}

/**
 * A text's top-level declarations as blocks: each from the comment lines directly above its
 * keyword's line to the next block's start. The keyword lines are found in one pass of a
 * regular expression (native scanning, which costs less than a loop over the lines in a
 * process that lives for a fraction of a second); where a block starts is worked out only for
 * the blocks asked about.
 */
class Blocks {
  /** Where each keyword's line starts. */
  private readonly lines: number[] = [];
  private readonly starts = new Map<number, number>();

  constructor(private readonly text: string) {
    DECLARATION.lastIndex = 0;
    for (let m = DECLARATION.exec(text); m; m = DECLARATION.exec(text))
      this.lines.push(m.index === 0 && text[0] !== '\n' ? 0 : m.index + 1);
  }

  get count(): number {
    return this.lines.length;
  }

  /** Where block `b` starts: its keyword's line, moved up over the `//` lines directly above it. */
  start(b: number): number {
    const known = this.starts.get(b);
    if (known !== undefined) return known;
    let start = this.lines[b]!;
    while (start > 0) {
      const above = this.text.lastIndexOf('\n', start - 2) + 1;
      if (!this.text.startsWith('//', above)) break;
      start = above;
    }
    this.starts.set(b, start);
    return start;
  }

  end(b: number): number {
    return b + 1 < this.lines.length ? this.start(b + 1) : this.text.length;
  }

  /** The block holding `offset`, or -1 before the first (the package clause and imports). */
  at(offset: number): number {
    // The last keyword line at or before the offset...
    let lo = 0;
    let hi = this.lines.length - 1;
    let b = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[mid]! <= offset) {
        b = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // ...unless the offset is in the comment lines above the next one.
    return b + 1 < this.lines.length && this.start(b + 1) <= offset ? b + 1 : b;
  }
}

/** Whether text[from, to) ends with a blank line: two line feeds in its trailing white space. */
function endsWithBlankLine(text: string, from: number, to: number): boolean {
  let feeds = 0;
  for (let i = to - 1; i >= from && /\s/.test(text[i]!); i--)
    if (text[i] === '\n' && ++feeds === 2) return true;
  return false;
}
