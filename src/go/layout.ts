import type { SyntaxNode } from './parser.js';
import type { CommentIndex } from './comments.js';
import type { LineIndex } from './source.js';
import type { Edit } from '../types.js';

/**
 * Edits that add or flip `Secure: true` and keep the file exactly as gofmt prints it.
 *
 * gofmt's alignment comes from go/printer feeding text/tabwriter: in a composite literal with
 * more than one element, an element that starts its own line and fits on it prints as the
 * cells `Key:` | `value,` | `// comment`. Consecutive such lines share column widths (the widest
 * cell plus one space). A column block ends at a blank line, at a comment on its own line, at
 * an element spanning several lines, and after a line holding several elements (go/printer
 * emits a formfeed there). go/printer also breaks a block when key sizes differ by a ratio of
 * 2.5 once one exceeds 40 bytes; Cookie's field names are at most 11, so that never applies to
 * the blocks changed here. Trailing comments of consecutive lines form their own column.
 * Widths count runes (tabwriter's unit).
 */

const SECURE = 'Secure';

export function runeLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // count each surrogate pair once
  }
  return n;
}

export interface LayoutContext {
  text: string;
  lines: LineIndex;
  comments: CommentIndex;
}

/** The named children of a literal_value that are elements (not comments). */
export function literalElements(body: SyntaxNode): SyntaxNode[] {
  return body.namedChildren.filter((n) => n.type === 'keyed_element' || n.type === 'literal_element');
}

function leadingWhitespace(ctx: LayoutContext, row: number): string {
  const start = ctx.lines.lineStart(row);
  const m = /^[ \t]*/.exec(ctx.text.slice(start, start + 256));
  return m ? m[0] : '';
}

function rowText(ctx: LayoutContext, row: number): string {
  return ctx.text.slice(ctx.lines.lineStart(row), ctx.lines.lineStart(row + 1));
}

function lineEnding(ctx: LayoutContext, row: number): string {
  const start = ctx.lines.lineStart(row);
  return start >= 2 && ctx.text[start - 2] === '\r' ? '\r\n' : '\n';
}

/** `Secure: false` -> `Secure: true`, realigning trailing comments that line's block shares. */
export function flipFalseEdits(ctx: LayoutContext, falseNode: SyntaxNode): Edit[] {
  const edit: Edit = { offset: falseNode.startIndex, length: falseNode.endIndex - falseNode.startIndex, text: 'true' };
  return [edit, ...commentColumnEdits(ctx, falseNode.startPosition.row, -1)];
}

/** Adds `Secure: true` to a keyed (or empty) literal whose body is `body`. */
export function insertSecureEdits(ctx: LayoutContext, body: SyntaxNode): Edit[] {
  const elements = literalElements(body);
  const close = body.lastChild!;
  const closeRow = close.startPosition.row;
  const last = elements[elements.length - 1];
  const closeStartsRow = /^[ \t]*$/.test(ctx.text.slice(ctx.lines.lineStart(closeRow), close.startIndex));
  const lastRow = last ? last.endPosition.row : body.startPosition.row;

  if (!closeStartsRow || lastRow === closeRow) {
    // The brace shares a line with the last element: append to that line.
    const edit: Edit = last
      ? { offset: last.endIndex, length: 0, text: `, ${SECURE}: true` }
      : { offset: body.firstChild!.endIndex, length: 0, text: `${SECURE}: true` };
    return [edit, ...commentColumnEdits(ctx, closeRow, edit.text.length)];
  }

  const sibling = [...elements].reverse().find((el) => el.startPosition.row !== body.startPosition.row);
  const indent = sibling ? leadingWhitespace(ctx, sibling.startPosition.row) : leadingWhitespace(ctx, closeRow) + '\t';
  const rows = elementRows(ctx, body, elements);
  const section = lastSection(rows, closeRow);
  const keyWidth = Math.max(SECURE.length + 1, ...section.map((r) => r.keyWidth)) + 1;
  const edits: Edit[] = [];
  for (const row of section) {
    const gap = keyWidth - row.keyWidth;
    const current = ctx.text.slice(row.gapStart, row.gapEnd);
    if (/^[ \t]*$/.test(current) && current !== ' '.repeat(gap)) {
      edits.push({ offset: row.gapStart, length: row.gapEnd - row.gapStart, text: ' '.repeat(gap) });
    }
  }
  const newLine = `${indent}${SECURE}:${' '.repeat(keyWidth - SECURE.length - 1)}true,${lineEnding(ctx, closeRow)}`;
  edits.push({ offset: ctx.lines.lineStart(closeRow), length: 0, text: newLine });
  return edits;
}

/** A line of a multi-line literal that prints as a `Key:` cell followed by the rest. */
interface KeyRow {
  row: number;
  keyWidth: number; // runes of `Key:`
  gapStart: number; // just after the colon
  gapEnd: number; // start of the value
  /** The line holds several elements: go/printer ends the block after it. */
  endsBlock: boolean;
}

type RowInfo = KeyRow | 'break';

/** Classifies each line between the braces: a key cell line, or a column-block break. */
function elementRows(ctx: LayoutContext, body: SyntaxNode, elements: SyntaxNode[]): Map<number, RowInfo> {
  const rows = new Map<number, RowInfo>();
  const firstRow = body.startPosition.row;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i]!;
    const row = el.startPosition.row;
    if (row === firstRow || rows.has(row)) continue; // on the `{` line, or not first on its line
    const next = elements[i + 1];
    const singleLine = el.endPosition.row === row;
    const key = el.type === 'keyed_element' ? el.childForFieldName('key') : null;
    const value = el.type === 'keyed_element' ? el.childForFieldName('value') : null;
    if (!singleLine || !key || !value) {
      for (let r = row; r <= el.endPosition.row; r++) rows.set(r, 'break');
      continue;
    }
    const colon = key.nextSibling;
    const colonEnd = colon && colon.type === ':' ? colon.endIndex : key.endIndex;
    const sharesLine = next !== undefined && next.startPosition.row === row;
    rows.set(row, {
      row,
      keyWidth: runeLength(ctx.text.slice(key.startIndex, colonEnd)),
      gapStart: colonEnd,
      gapEnd: value.startIndex,
      endsBlock: sharesLine,
    });
    if (sharesLine) {
      // Elements after the first on this line; one of them may run onto later lines.
      let j = i + 1;
      while (j < elements.length && elements[j]!.startPosition.row === row) j++;
      const lastOnLine = elements[j - 1]!;
      for (let r = row + 1; r <= lastOnLine.endPosition.row; r++) rows.set(r, 'break');
    }
  }
  return rows;
}

/** The key cell lines that align with a new element inserted on the line of `closeRow`. */
function lastSection(rows: Map<number, RowInfo>, closeRow: number): KeyRow[] {
  const section: KeyRow[] = [];
  for (let row = closeRow - 1; ; row--) {
    const info = rows.get(row);
    // Anything else (blank line, comment on its own line, the `{` line) ends the block.
    if (info === undefined || info === 'break') break;
    if (info.endsBlock) break;
    section.unshift(info);
  }
  return section;
}

/**
 * When the code before a trailing comment on `row` changes length by `delta`, gofmt
 * realigns the comments of that line's block: consecutive lines, same indentation, with
 * trailing comments in one column. Lines that close a multi-line construct start a new block.
 */
function commentColumnEdits(ctx: LayoutContext, row: number, delta: number): Edit[] {
  const own = ctx.comments.trailing.get(row);
  if (!own) return [];
  const indent = leadingWhitespace(ctx, row);
  const column = (r: number, c: SyntaxNode) => runeLength(ctx.text.slice(ctx.lines.lineStart(r) + indent.length, c.startIndex));
  const ownColumn = column(row, own);
  const member = (r: number): SyntaxNode | undefined => {
    const c = ctx.comments.trailing.get(r);
    if (!c || leadingWhitespace(ctx, r) !== indent || column(r, c) !== ownColumn) return undefined;
    const first = rowText(ctx, r).slice(indent.length, indent.length + 1);
    return first === '}' || first === ')' ? undefined : c;
  };
  const block: Array<[number, SyntaxNode]> = [[row, own]];
  for (let r = row - 1; member(r); r--) block.unshift([r, member(r)!]);
  for (let r = row + 1; member(r); r++) block.push([r, member(r)!]);

  const codeEnd = (r: number, c: SyntaxNode) => {
    const start = ctx.lines.lineStart(r);
    const before = ctx.text.slice(start, c.startIndex);
    return start + before.replace(/[ \t]+$/, '').length;
  };
  const widths = block.map(([r, c]) => runeLength(ctx.text.slice(ctx.lines.lineStart(r) + indent.length, codeEnd(r, c))) + (r === row ? delta : 0));
  const target = Math.max(...widths) + 1;
  const edits: Edit[] = [];
  block.forEach(([r, c], i) => {
    const end = codeEnd(r, c);
    const spaces = ' '.repeat(target - widths[i]!);
    if (ctx.text.slice(end, c.startIndex) !== spaces) edits.push({ offset: end, length: c.startIndex - end, text: spaces });
  });
  return edits;
}
