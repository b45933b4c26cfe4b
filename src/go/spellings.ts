/**
 * Where a Go text can spell a sink, found by text alone: a file with no such spelling is done
 * with before the parser is loaded, and the rules look up only these places in the tree.
 */

/** An ASCII character that continues a Go identifier (other letters are left to the parser). */
const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

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
    if (IDENTIFIER_CHAR.test(text[at - 1] ?? ' ') || IDENTIFIER_CHAR.test(text[at + n] ?? ' ')) continue;
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
export function literalTypeSpellings(text: string, name: string): number[] {
  const n = name.length;
  return identifierSpellings(text, name).filter(
    (at) => LITERAL_BRACE.test(text.slice(at + n, at + n + 64)) && !RESULT_TYPE.test(text.slice(Math.max(0, at - 64), at)),
  );
}

/** Where `name` can be called: a whole identifier followed by `(` (after white space). */
export function callSpellings(text: string, name: string): number[] {
  const n = name.length;
  return identifierSpellings(text, name).filter((at) => /^\s*\(/.test(text.slice(at + n, at + n + 16)));
}

/**
 * Where a value of type `name` is declared without a literal, to be filled in field by field:
 * `new(T)` (qualified or not) and `var c T` ending its line. The offsets are the type's.
 */
const declarationPatterns = new Map<string, RegExp>();

export function declarationSpellings(text: string, name: string): number[] {
  if (!text.includes(name)) return [];
  const qualified = `(?:[A-Za-z_][A-Za-z0-9_]*\\.)?${name}`;
  let re = declarationPatterns.get(name);
  if (!re) declarationPatterns.set(name, (re = new RegExp(`\\bnew\\(\\s*${qualified}\\s*\\)|\\bvar[ \\t]+[A-Za-z_][A-Za-z0-9_]*[ \\t]+${qualified}[ \\t]*(?=$|//|;)`, 'gm')));
  const offsets: number[] = [];
  for (const m of text.matchAll(re)) offsets.push(m.index! + m[0].lastIndexOf(name));
  return offsets;
}
