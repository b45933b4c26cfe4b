import type { SyntaxNode } from './parser.js';
import type { CommentIndex } from './comments.js';
import type { LineIndex } from './source.js';
import type { Edit } from '../types.js';

/**
 * Edits that add or flip a boolean field (`Secure: true`), or add a statement, and keep the file
 * exactly as gofmt prints it.
 *
 * gofmt's alignment comes from go/printer feeding text/tabwriter: in a composite literal with
 * more than one element, an element that starts its own line and fits on it prints as the
 * cells `Key:` | `value,` | `// comment`. Consecutive such lines share column widths (the widest
 * cell plus one space). A column block ends at a blank line, at a comment on its own line, at
 * an element spanning several lines, and after a line holding several elements (go/printer
 * emits a formfeed there). go/printer also breaks a block by a size ratio (2.5, once a size
 * exceeds 40 bytes; the key's size for key: value pairs, the whole element's otherwise, against
 * the sizes since the last formfeed). The field names the fixer adds are short (`Secure`, and
 * no field of the literal types in rules/table.ts exceeds 40 bytes), so that never splits the
 * key columns changed here, but it does decide the trailing-comment columns of the
 * lists around one-line literals (listCommentEdits). Trailing comments of consecutive lines form
 * their own column. Widths count runes (tabwriter's unit); sizes count bytes (go/printer's).
 */

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
  return body.namedChildren.filter(
    (n) => n.type === 'keyed_element' || n.type === 'literal_element',
  );
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

/**
 * A fix: its edits, and the span of text they were computed from. Two fixes whose scopes
 * overlap were each computed as if the other were not applied, so they go in separate passes.
 */
export interface FixPlan {
  edits: Edit[];
  scope: Span;
}

export interface Span {
  offset: number;
  end: number;
}

function union(a: Span, b: Span): Span {
  return { offset: Math.min(a.offset, b.offset), end: Math.max(a.end, b.end) };
}

function nodeSpan(node: SyntaxNode): Span {
  return { offset: node.startIndex, end: node.endIndex };
}

/** A `false` token -> `true`, realigning trailing comments that its line's block shares. */
export function flipFalseFix(ctx: LayoutContext, falseNode: SyntaxNode): FixPlan {
  const edit: Edit = {
    offset: falseNode.startIndex,
    length: falseNode.endIndex - falseNode.startIndex,
    text: 'true',
  };
  const comments = commentColumnEdits(ctx, falseNode, -1);
  return { edits: [edit, ...comments.edits], scope: union(nodeSpan(falseNode), comments.scope) };
}

/** Adds `field: true` to a keyed (or empty) literal whose body is `body`. */
export function insertFieldFix(ctx: LayoutContext, body: SyntaxNode, field: string): FixPlan {
  const elements = literalElements(body);
  const close = body.lastChild!;
  const closeRow = close.startPosition.row;
  const last = elements[elements.length - 1];
  const closeStartsRow = /^[ \t]*$/.test(
    ctx.text.slice(ctx.lines.lineStart(closeRow), close.startIndex),
  );
  const lastRow = last ? last.endPosition.row : body.startPosition.row;

  if (!closeStartsRow || lastRow === closeRow) {
    // The brace shares a line with the last element: append to that line.
    const edit: Edit = last
      ? { offset: last.endIndex, length: 0, text: `, ${field}: true` }
      : { offset: body.firstChild!.endIndex, length: 0, text: `${field}: true` };
    const comments = commentColumnEdits(ctx, body, edit.text.length);
    return { edits: [edit, ...comments.edits], scope: union(nodeSpan(body), comments.scope) };
  }

  const sibling = [...elements]
    .reverse()
    .find((el) => el.startPosition.row !== body.startPosition.row);
  const indent = sibling
    ? leadingWhitespace(ctx, sibling.startPosition.row)
    : `${leadingWhitespace(ctx, closeRow)}\t`;
  const rows = elementRows(ctx, body, elements);
  const section = lastSection(rows, closeRow);
  const keyWidth = Math.max(runeLength(field) + 1, ...section.map((r) => r.keyWidth)) + 1;
  const edits: Edit[] = [];
  for (const row of section) {
    const gap = keyWidth - row.keyWidth;
    const current = ctx.text.slice(row.gapStart, row.gapEnd);
    if (/^[ \t]*$/.test(current) && current !== ' '.repeat(gap)) {
      edits.push({
        offset: row.gapStart,
        length: row.gapEnd - row.gapStart,
        text: ' '.repeat(gap),
      });
    }
  }
  // Comments between the last element and the brace end up above the new element, so gofmt
  // indents them like it; they are already there unless no element started a line before.
  for (let row = lastRow + 1; row < closeRow; row++) {
    const texts = ctx.comments.ownLine.get(row);
    const current = leadingWhitespace(ctx, row);
    if (texts && current !== indent && !texts.some((t) => t.includes('\n'))) {
      edits.push({ offset: ctx.lines.lineStart(row), length: current.length, text: indent });
    }
  }
  const newLine = `${indent}${field}:${' '.repeat(keyWidth - runeLength(field) - 1)}true,${lineEnding(ctx, closeRow)}`;
  edits.push({ offset: ctx.lines.lineStart(closeRow), length: 0, text: newLine });
  return { edits, scope: nodeSpan(body) };
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
function elementRows(
  ctx: LayoutContext,
  body: SyntaxNode,
  elements: SyntaxNode[],
): Map<number, RowInfo> {
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
 * Trailing comments to realign when the code on `changed`'s line grows or shrinks by `delta`
 * (ASCII) characters. Inside a multi-line composite literal, gofmt's comment columns follow
 * go/printer's exprList; elsewhere (statements, var blocks) they follow the lines around.
 */
function commentColumnEdits(ctx: LayoutContext, changed: SyntaxNode, delta: number): FixPlan {
  const row = changed.startPosition.row;
  const none = { edits: [], scope: nodeSpan(changed) };
  if (!ctx.comments.trailing.has(row)) return none;
  for (let node: SyntaxNode | null = changed; node; node = node.parent) {
    const list = node.parent;
    if (
      list?.type !== 'literal_value' ||
      (node.type !== 'keyed_element' && node.type !== 'literal_element')
    )
      continue;
    if (list.startPosition.row === list.endPosition.row) continue; // a one-line list aligns nothing
    if (node.startPosition.row !== row || node.endPosition.row !== row) return none;
    return { edits: listCommentEdits(ctx, list, node, delta), scope: nodeSpan(list) };
  }
  return statementCommentEdits(ctx, row, delta);
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Spaces before the comment of each line of a run, so that the comments share one column. */
function alignRun(ctx: LayoutContext, run: Array<{ row: number; extra: number }>): Edit[] {
  if (run.length === 0) return [];
  const cells = run.map(({ row, extra }) => {
    const comment = ctx.comments.trailing.get(row)!;
    const start = ctx.lines.lineStart(row) + leadingWhitespace(ctx, row).length;
    const codeEnd = start + ctx.text.slice(start, comment.startIndex).replace(/[ \t]+$/, '').length;
    return { comment, codeEnd, width: runeLength(ctx.text.slice(start, codeEnd)) + extra };
  });
  const column = Math.max(...cells.map((c) => c.width)) + 1;
  const edits: Edit[] = [];
  for (const c of cells) {
    const spaces = ' '.repeat(column - c.width);
    if (ctx.text.slice(c.codeEnd, c.comment.startIndex) !== spaces)
      edits.push({ offset: c.codeEnd, length: c.comment.startIndex - c.codeEnd, text: spaces });
  }
  return edits;
}

/**
 * Replays go/printer's exprList over a multi-line list (with `changed` resized by `delta`) to
 * find where it breaks alignment with a formfeed, then realigns the trailing comments of every
 * run of consecutive lines. The size of an element that fits on one line is its key's size
 * for key: value pairs and its own size otherwise, in bytes; a line break is a formfeed when
 * either neighbour does not fit on one line, when the previous line held several elements,
 * or when the sizes differ by the ratio rule.
 */
function listCommentEdits(
  ctx: LayoutContext,
  list: SyntaxNode,
  changed: SyntaxNode,
  delta: number,
): Edit[] {
  const elements = literalElements(list);
  // Pass 1: which elements start a line, and whether the break before them is a formfeed.
  const formfeedBefore = new Map<number, boolean>();
  let size = 0;
  let lnsum = 0;
  let count = 0;
  let prevBreak = -1;
  let prevLine = list.startPosition.row;
  for (let i = 0; i < elements.length; i++) {
    const x = elements[i]!;
    const line = x.startPosition.row;
    const prevSize = size;
    const key = x.type === 'keyed_element' ? x.childForFieldName('key') : null;
    const fits = x.endPosition.row === line;
    size = !fits
      ? 0
      : key
        ? utf8Length(key.text)
        : utf8Length(x.text) + (x.id === changed.id ? delta : 0);
    let useFF = true;
    if (prevSize > 0 && size > 0) {
      if (count === 0 || (prevSize <= 40 && size <= 40)) useFF = false;
      else {
        const ratio = size / Math.exp(lnsum / count);
        useFF = 2.5 * ratio <= 1 || 2.5 <= ratio;
      }
    }
    if (prevLine < line) {
      const formfeed = i === 0 || useFF || prevBreak + 1 < i;
      formfeedBefore.set(i, formfeed);
      // go/printer's linebreak counts a formfeed as two breaks; two or more start a new
      // group for the ratio rule.
      if (formfeed || line - (i > 0 ? elements[i - 1]!.endPosition.row : prevLine) > 1) {
        lnsum = 0;
        count = 0;
      }
      prevBreak = i;
    }
    if (size > 0) {
      lnsum += Math.log(size);
      count++;
    }
    prevLine = line;
  }

  // Pass 2: runs of adjacent one-row lines with trailing comments and no formfeed between.
  const runs: Array<Array<{ row: number; extra: number }>> = [];
  let run: Array<{ row: number; extra: number }> = [];
  let prevEndRow = -1;
  for (let i = 0; i < elements.length; ) {
    let j = i + 1;
    while (j < elements.length && elements[j]!.startPosition.row === elements[i]!.startPosition.row)
      j++;
    const row = elements[i]!.startPosition.row;
    const endRow = elements[j - 1]!.endPosition.row;
    const startsLine = formfeedBefore.has(i);
    const member = startsLine && endRow === row && ctx.comments.trailing.has(row);
    if (!member || formfeedBefore.get(i) || row !== prevEndRow + 1) {
      runs.push(run);
      run = [];
    }
    if (member) run.push({ row, extra: changed.startPosition.row === row ? delta : 0 });
    prevEndRow = endRow;
    i = j;
  }
  runs.push(run);
  return runs.flatMap((r) => alignRun(ctx, r));
}

/**
 * Whether a line belongs to the trailing-comment block of `row` (which has a trailing comment):
 * same indentation, comment in the same column, and not closing a multi-line construct.
 */
function commentBlockMember(ctx: LayoutContext, row: number): (r: number) => boolean {
  const indent = leadingWhitespace(ctx, row);
  const column = (r: number, c: SyntaxNode) =>
    runeLength(ctx.text.slice(ctx.lines.lineStart(r) + indent.length, c.startIndex));
  const ownColumn = column(row, ctx.comments.trailing.get(row)!);
  return (r) => {
    const c = ctx.comments.trailing.get(r);
    if (!c || leadingWhitespace(ctx, r) !== indent || column(r, c) !== ownColumn) return false;
    const first = rowText(ctx, r).slice(indent.length, indent.length + 1);
    return first !== '}' && first !== ')';
  };
}

/**
 * Outside composite literals: the block is the run of neighbouring lines with the same
 * indentation whose trailing comments stand in this line's comment column (gofmt-clean input
 * aligns a block in one column). A line closing a multi-line construct starts a new block.
 */
function statementCommentEdits(ctx: LayoutContext, row: number, delta: number): FixPlan {
  const member = commentBlockMember(ctx, row);
  const run = [{ row, extra: delta }];
  for (let r = row - 1; member(r); r--) run.unshift({ row: r, extra: 0 });
  for (let r = row + 1; member(r); r++) run.push({ row: r, extra: 0 });
  const first = run[0]!.row;
  const last = run[run.length - 1]!.row;
  return {
    edits: alignRun(ctx, run),
    scope: { offset: ctx.lines.lineStart(first), end: ctx.lines.lineStart(last + 1) },
  };
}

/**
 * A new statement line after the statement ending on `afterRow` (which starts on `indentRow`),
 * indented as that statement, with its line's ending. The new line has no trailing comment, so
 * where the lines around it shared a trailing-comment column (one tabwriter block), gofmt now
 * aligns the part above and the part below separately. null when the statement does not end
 * its line (only a trailing comment may follow it).
 */
export function insertStatementFix(
  ctx: LayoutContext,
  indentRow: number,
  afterRow: number,
  statement: string,
): FixPlan | null {
  const next = ctx.lines.lineStart(afterRow + 1);
  const trailing = ctx.comments.trailing.get(afterRow);
  const lineEnd = next - (ctx.text[next - 1] !== '\n' ? 0 : ctx.text[next - 2] === '\r' ? 2 : 1);
  const codeEnd = trailing ? trailing.startIndex : lineEnd;
  const statementEnd = ctx.text.slice(ctx.lines.lineStart(afterRow), codeEnd).trimEnd();
  if (statementEnd.endsWith('{') || statementEnd.endsWith(';') || next >= ctx.text.length)
    return null;
  const indent = leadingWhitespace(ctx, indentRow);
  const insert: Edit = {
    offset: next,
    length: 0,
    text: `${indent}${statement}${lineEnding(ctx, afterRow)}`,
  };
  const edits: Edit[] = [insert];
  let scope: Span = { offset: ctx.lines.lineStart(afterRow), end: next };
  const below = ctx.comments.trailing.get(afterRow + 1);
  if (trailing && below) {
    const member = commentBlockMember(ctx, afterRow);
    if (member(afterRow + 1)) {
      const above: Array<{ row: number; extra: number }> = [{ row: afterRow, extra: 0 }];
      if (member(afterRow))
        for (let r = afterRow - 1; member(r); r--) above.unshift({ row: r, extra: 0 });
      const under: Array<{ row: number; extra: number }> = [];
      for (let r = afterRow + 1; member(r); r++) under.push({ row: r, extra: 0 });
      edits.push(...alignRun(ctx, above), ...alignRun(ctx, under));
      scope = {
        offset: ctx.lines.lineStart(above[0]!.row),
        end: ctx.lines.lineStart(under[under.length - 1]!.row + 1),
      };
    }
  }
  return { edits, scope };
}
