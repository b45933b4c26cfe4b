/**
 * A bracketed Go list read from the text alone: a composite literal's elements or a call's
 * arguments, from the `{` or `(` that opens it to the bracket that closes it, split at the
 * commas of its own level. Strings, raw strings, runes and comments are skipped, so a bracket or
 * comma inside them counts for nothing. This reads far less than a parse (no tree is built) and
 * is used only to prove a spelling compliant in plain sight; anything it cannot read is null,
 * and the caller parses.
 */

export interface ListElement {
  /** From the element's first to after its last character that is neither white space nor comment. */
  from: number;
  to: number;
  /** A `:` at the list's own level: `Key: value`. */
  keyed: boolean;
}

const CLOSING: Record<string, string> = { '{': '}', '(': ')', '[': ']' };

/** The list opened at `open`: its elements and the offset after its closing bracket; null when the text does not close it. */
export function bracketedList(
  text: string,
  open: number,
): { elements: ListElement[]; end: number } | null {
  const stack = [CLOSING[text[open]!]];
  if (!stack[0]) return null;
  const elements: ListElement[] = [];
  let current: ListElement | undefined;
  // Opening brackets start an element at the list's own level, so deeper text always has one.
  const significant = (from: number, to: number) => {
    if (!current) elements.push((current = { from, to, keyed: false }));
    else current.to = to;
  };
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (c === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      if (eol === -1) return null;
      i = eol;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) return null;
      i = close + 1;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const end = quotedEnd(text, i);
      if (end === -1) return null;
      significant(i, end);
      i = end - 1;
      continue;
    }
    if (c in CLOSING) {
      significant(i, i + 1);
      stack.push(CLOSING[c]);
      continue;
    }
    if (c === '}' || c === ')' || c === ']') {
      if (stack.pop() !== c) return null;
      if (stack.length === 0) return { elements, end: i + 1 };
      significant(i, i + 1);
      continue;
    }
    if (stack.length === 1 && c === ',') {
      current = undefined;
      continue;
    }
    significant(i, i + 1);
    if (stack.length === 1 && c === ':') current!.keyed = true;
  }
  return null;
}

/** After the string, raw string or rune that starts at `at`; -1 when it does not end (or a line ends first). */
function quotedEnd(text: string, at: number): number {
  const quote = text[at]!;
  if (quote === '`') {
    const close = text.indexOf('`', at + 1);
    return close === -1 ? -1 : close + 1;
  }
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
    else if (c === '\n') return -1;
  }
  return -1;
}

/** The element's text without the white space and comments around it. */
export function elementText(text: string, element: ListElement): string {
  return text.slice(element.from, element.to);
}
