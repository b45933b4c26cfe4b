import type { SyntaxNode } from './parser.js';
import type { LineIndex } from './source.js';

/**
 * Where a file's comments stand relative to its lines: alone on their lines ("own-line"), or
 * ending a line that has code before them ("trailing"). Suppression and comment alignment
 * both need this, and only for files with a finding, so it is built on demand.
 */
export class CommentIndex {
  /** 0-based row -> texts of the comments that fill that row alone. */
  readonly ownLine = new Map<number, string[]>();
  /** 0-based row -> the comment that ends that row after some code. */
  readonly trailing = new Map<number, SyntaxNode>();

  constructor(root: SyntaxNode, text: string, lines: LineIndex) {
    for (const comment of root.descendantsOfType('comment')) {
      const startRow = comment.startPosition.row;
      const endRow = comment.endPosition.row;
      const before = text.slice(lines.lineStart(startRow), comment.startIndex);
      const afterEnd = lines.lineStart(endRow + 1);
      const after = text.slice(comment.endIndex, afterEnd);
      // A comment with code after it on its line is neither (`/* x */ f()`).
      if (!/^[ \t\r\n]*$/.test(after) && !after.trimStart().startsWith('//')) continue;
      if (/^[ \t\ufeff]*$/.test(before)) {
        for (let row = startRow; row <= endRow; row++) {
          const texts = this.ownLine.get(row) ?? [];
          texts.push(comment.text);
          this.ownLine.set(row, texts);
        }
      } else if (startRow === endRow && /^[ \t\r\n]*$/.test(after)) {
        this.trailing.set(startRow, comment);
      }
    }
  }
}
