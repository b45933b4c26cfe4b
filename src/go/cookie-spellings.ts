/**
 * Where a Go text can write the type of a Cookie composite literal: `Cookie` as a whole
 * identifier, followed by the literal's `{` (after white space or a comment), and not a result
 * type before a function's body. An outer literal of a slice, array or map of Cookie writes it
 * the same way (`[]*http.Cookie{`), and the literals inside take their elided type from it.
 * Every other Cookie (`r.Cookie(...)`, `SetCookie`, a parameter's type) is ruled out here, by
 * text alone: a file with no such spelling is done with before the parser is loaded, and the
 * rule looks up only these.
 */

/** An ASCII character that continues a Go identifier (other letters are left to the parser). */
const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

/** After the type: white space, then `{` or a comment (or only white space within reach). */
const LITERAL_BRACE = /^\s*[{/]|^\s*$/;

/**
 * Before the type: a closing `)`, then `*` or `[]`, then the package qualifier. That is a result
 * type: of a function before its body (`func f() *http.Cookie {`, one line as gofmt prints it),
 * or of the func type of an outer literal (`[]func() *http.Cookie{f}`). In a program that
 * compiles, the type of a Cookie literal never follows `)`.
 */
const RESULT_TYPE = /\)[ \t]*(?:\*|\[\])*(?:[A-Za-z_][A-Za-z0-9_]*\.)?$/;

export function literalTypeSpellings(text: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf('Cookie'); at !== -1; at = text.indexOf('Cookie', at + 6)) {
    if (IDENTIFIER_CHAR.test(text[at - 1] ?? ' ') || IDENTIFIER_CHAR.test(text[at + 6] ?? ' ')) continue;
    if (LITERAL_BRACE.test(text.slice(at + 6, at + 6 + 64)) && !RESULT_TYPE.test(text.slice(Math.max(0, at - 64), at))) offsets.push(at);
  }
  return offsets;
}
