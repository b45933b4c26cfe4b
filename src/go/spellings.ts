/**
 * Where a Go text can spell a sink, found by text alone: a file with no such spelling is done
 * with before the parser is loaded, and the rules look up only these places in the tree.
 */

import { isWholeWord } from './chars.js';

/** After the type: white space, then `{` or a comment (or only white space within reach). */
const LITERAL_BRACE = /^\s*[{/]|^\s*$/;

/**
 * Before the type: a closing `)`, then `*` or `[]`, then the package qualifier. That is a result
 * type: of a function before its body (`func f() *http.Cookie {`, one line as gofmt prints it),
 * or of the func type of an outer literal (`[]func() *http.Cookie{f}`). In a program that
 * compiles, the type of a composite literal never follows `)`.
 */
const RESULT_TYPE = /\)[ \t]*(?:\*|\[\])*(?:[A-Za-z_][A-Za-z0-9_]*\.)?$/;

/** Offsets of `name` as a whole identifier, in increasing order. */
export function identifierSpellings(text: string, name: string): number[] {
  const offsets: number[] = [];
  const n = name.length;
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + n)) {
    // Only ASCII letters are checked around the name: other letters are left to the parser.
    if (!isWholeWord(text, at, n)) continue;
    offsets.push(at);
  }
  return offsets;
}

/**
 * Where the type `name` of a composite literal can be written: a whole identifier followed by
 * the literal's `{` (after white space or a comment), and not a result type before a function's
 * body. An outer literal of a slice, array or map of the type writes it the same way
 * (`[]*http.Cookie{`), and the literals inside take their elided type from it. Every other
 * spelling (`r.Cookie(...)`, a parameter's type) is ruled out here.
 */
export function literalTypeSpellings(
  text: string,
  name: string,
  spellings: readonly number[] = identifierSpellings(text, name),
): number[] {
  const n = name.length;
  return spellings.filter(
    (at) =>
      LITERAL_BRACE.test(text.slice(at + n, at + n + 64)) &&
      !RESULT_TYPE.test(text.slice(Math.max(0, at - 64), at)),
  );
}

/** Where `name` can be called: a whole identifier followed by `(` (after white space). */
export function callSpellings(text: string, name: string): number[] {
  const n = name.length;
  return identifierSpellings(text, name).filter((at) =>
    /^\s*\(/.test(text.slice(at + n, at + n + 16)),
  );
}

/** Before the type, for a declaration without a literal: `new(` or `var c `, then the qualifier. */
const DECLARED_BEFORE =
  /(?:\bnew\(\s*|\bvar[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]+)(?:[A-Za-z_][A-Za-z0-9_]*\.)?$/;

/**
 * Where a value of type `name` is declared without a literal, to be filled in field by field:
 * `new(T)` (qualified or not) and `var c T` ending its line. The offsets are the type's, taken
 * from `spellings` (the type's whole-identifier spellings, identifierSpellings).
 */
export function declarationSpellings(
  text: string,
  name: string,
  spellings: readonly number[] = identifierSpellings(text, name),
): number[] {
  const n = name.length;
  return spellings.filter((at) => {
    const before = DECLARED_BEFORE.exec(text.slice(Math.max(0, at - 64), at));
    if (!before) return false;
    const after = text.slice(at + n, at + n + 64);
    return before[0].startsWith('new')
      ? /^\s*\)/.test(after)
      : /^[ \t]*(?:$|\r?\n|\/\/|;)/.test(after);
  });
}
