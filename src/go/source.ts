/** Decoding Go files and translating JavaScript string offsets into Go's byte columns. */

export interface GoSource {
  text: string;
  /** False when the bytes are not valid UTF-8: `text` is then their Latin-1 reading, one char a byte. */
  validUtf8: boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeGoSource(bytes: Uint8Array): GoSource {
  try {
    return { text: strictUtf8.decode(bytes), validUtf8: true };
  } catch {
    // Go syntax is ASCII, so a Latin-1 reading parses the same and keeps byte positions exact.
    return { text: Buffer.from(bytes).toString('latin1'), validUtf8: false };
  }
}

export function encodeGoSource(source: GoSource): Buffer {
  return Buffer.from(source.text, source.validUtf8 ? 'utf8' : 'latin1');
}

/** Maps offsets of a text to 1-based lines and byte columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly oneBytePerChar = false,
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
      this.starts.push(i + 1);
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  /** 0-based row and column of an offset, the column in UTF-16 units (tree-sitter's points). */
  point(offset: number): { row: number; column: number } {
    const row = this.lineOf(offset);
    return { row, column: offset - this.starts[row]! };
  }

  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    const prefix = this.text.slice(this.starts[line], offset);
    const bytes = this.oneBytePerChar ? prefix.length : Buffer.byteLength(prefix, 'utf8');
    return { line: line + 1, column: bytes + 1 };
  }
}
