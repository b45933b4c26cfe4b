/**
 * Character tests on Go source text, by code unit. These run in the loops that look for names
 * in a file's text (every `c` of a function, for a variable named `c`), where a regular
 * expression call per character showed in profiles of a short-lived process.
 */

/** Whether the character at `at` is an ASCII letter, digit or `_` (out of range: no). */
export function isAsciiWordChar(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Whether `text[at, at + length)` is not part of a longer ASCII identifier. */
export function isWholeWord(text: string, at: number, length: number): boolean {
  return !isAsciiWordChar(text, at - 1) && !isAsciiWordChar(text, at + length);
}
