import { parseGo, type SyntaxNode } from '../go/parser.js';
import { cookieRanges } from '../go/mask.js';
import { literalTypeSpellings } from '../go/cookie-spellings.js';
import { httpNames, type HttpNames } from '../go/imports.js';
import { CommentIndex } from '../go/comments.js';
import { LineIndex } from '../go/source.js';
import { flipFalseFix, insertSecureFix, type FixPlan, type LayoutContext } from '../go/layout.js';
import { SUPPRESSION_KEYWORD, commentSuppresses, fileSuppressed } from './suppression.js';
import { RULE_ID, type DetectOptions, type Finding, type FindingKind } from '../types.js';

/**
 * Rule go-security/cookie-secure (CWE-614): net/http Cookie composite literals that do not set
 * `Secure: true`. Pure: Go source in, findings (with their fixes as edits) out.
 */

export const MESSAGES: Record<FindingKind, string> = {
  missing: 'http.Cookie without Secure: true can be sent over plain HTTP',
  false: 'http.Cookie with Secure: false can be sent over plain HTTP',
  unkeyed: 'positional http.Cookie literal: use field names and set Secure: true',
  dynamic: 'http.Cookie Secure is set from an expression: make sure it is true outside local development',
};

export interface Analysis {
  findings: Finding[];
  /** ERROR and MISSING nodes: the fixer refuses output that has more than its input. */
  syntaxErrors: number;
}

export function analyzeGo(text: string, options: DetectOptions, oneBytePerChar = false): Analysis {
  const spellings = literalTypeSpellings(text);
  if (spellings.length === 0) return { findings: [], syntaxErrors: 0 };
  // Only the declarations that spell a literal's type are parsed (see go/mask.ts); if that
  // guess does not parse cleanly, the whole file is.
  const lines = new LineIndex(text, oneBytePerChar);
  const ranges = options.wholeFile ? null : cookieRanges(text, spellings, lines);
  if (ranges) {
    const root = parseGo(text, ranges).rootNode;
    if (!root.hasError) return { findings: detect(root, text, spellings, lines, options), syntaxErrors: 0 };
  }
  const root = parseGo(text).rootNode;
  return { findings: detect(root, text, spellings, lines, options), syntaxErrors: countSyntaxErrors(root) };
}

function countSyntaxErrors(root: SyntaxNode): number {
  if (!root.hasError) return 0;
  let n = 0;
  const cursor = root.walk();
  let done = false;
  while (!done) {
    const node = cursor.currentNode;
    if (node.isError || node.isMissing) n++;
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
    }
  }
  return n;
}

function detect(root: SyntaxNode, text: string, spellings: readonly number[], lines: LineIndex, options: DetectOptions): Finding[] {
  if (fileSuppressed(text)) return [];
  const names = httpNames(root, text);
  const literals = cookieLiterals(root, spellings, names);
  if (literals.length === 0) return [];

  const ctx = new FileLayout(root, text, lines);
  const maySuppress = SUPPRESSION_KEYWORD.test(text);
  const findings: Finding[] = [];
  for (const { literal, body, offset } of literals) {
    if (root.hasError && inErrorRegion(literal)) continue;
    const verdict = classify(body, literal, text);
    if (!verdict) continue;
    if (verdict.kind === 'dynamic' && !options.strict) continue;
    if (maySuppress && suppressed(ctx, literal.startPosition.row, offset)) continue;
    const fixable = verdict.kind === 'missing' || verdict.kind === 'false';
    const plan: FixPlan =
      !fixable || !options.edits ? { edits: [], scope: { offset, end: literal.endIndex } }
      : verdict.kind === 'missing' ? insertSecureFix(ctx, body)
      : flipFalseFix(ctx, verdict.falseNode!);
    const from = lines.position(offset);
    const to = lines.position(literal.endIndex);
    findings.push({
      ruleId: RULE_ID,
      kind: verdict.kind,
      offset,
      end: literal.endIndex,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      fixable,
      edits: plan.edits,
      editScope: plan.scope,
      message: MESSAGES[verdict.kind],
    });
  }
  return findings.sort((a, b) => a.offset - b.offset);
}

/**
 * What the fixer's layout rules read of one file. Comments are indexed on first use (by the
 * fixer's alignment, or to check a suppression in a file that spells one of its keywords).
 * A class and not an object literal with a getter: V8 gives each such literal a hidden class of
 * its own holding the getter's closure, which the young-generation collector keeps alive, so
 * every file's tree and text stayed until a full collection and peak memory grew with the
 * number of files (measured: +20% for twice the corpus).
 */
class FileLayout implements LayoutContext {
  private commentIndex: CommentIndex | undefined;
  constructor(
    private readonly root: SyntaxNode,
    readonly text: string,
    readonly lines: LineIndex,
  ) {}

  get comments(): CommentIndex {
    return (this.commentIndex ??= new CommentIndex(this.root, this.text, this.lines));
  }
}

/** Types that can wrap the Cookie type inside a literal's type: `*T`, `[]T`, `[N]T`, `[...]T`, `map[K]T`. */
const WRAPPING_TYPES = new Set(['pointer_type', 'slice_type', 'array_type', 'implicit_length_array_type', 'map_type']);

/** A Cookie literal: its node (a composite literal, or the body of an elided one), body and start offset. */
interface CookieLiteral {
  literal: SyntaxNode;
  body: SyntaxNode;
  offset: number;
}

/**
 * The net/http Cookie literals of a file: typed ones, and those whose type is elided inside an
 * outer literal of a slice, array or map of Cookie. Every such literal's type spells `Cookie`
 * (its own, or its outer literal's), so the search starts from those spellings in the text
 * (go/cookie-spellings.ts): a handful of lookups in the tree instead of a walk over every
 * literal of the file.
 */
function cookieLiterals(root: SyntaxNode, spellings: readonly number[], names: HttpNames): CookieLiteral[] {
  const literals: CookieLiteral[] = [];
  const seen = new Set<number>(); // outer literals searched, by offset
  const found = new Set<number>(); // cookie literals, by offset: nested outer literals reach the same ones
  const add = (literal: SyntaxNode, body: SyntaxNode) => {
    const offset = literal.startIndex;
    if (found.has(offset)) return;
    found.add(offset);
    literals.push({ literal, body, offset });
  };
  for (const at of spellings) {
    const name = root.descendantForIndex(at, at + 6);
    if (name.type !== 'type_identifier' || name.startIndex !== at || name.endIndex !== at + 6) continue;
    const type = name.parent?.type === 'qualified_type' ? name.parent : name;
    if (!isCookieType(type, names)) continue;
    // Up through the wrapping types to the literal whose type this is, if any.
    let written: SyntaxNode = type;
    let outer = type.parent;
    while (outer && WRAPPING_TYPES.has(outer.type)) {
      written = outer;
      outer = outer.parent;
    }
    if (outer?.type !== 'composite_literal' || seen.has(outer.startIndex) || outer.childForFieldName('type')?.startIndex !== written.startIndex) continue;
    seen.add(outer.startIndex);
    const body = outer.childForFieldName('body');
    if (!body) continue;
    if (written === type) {
      add(outer, body);
      continue;
    }
    for (const inner of body.descendantsOfType('literal_value')) {
      if (inner.parent?.type === 'literal_element' && isElidedCookie(inner, names)) add(inner, inner);
    }
  }
  return literals.sort((a, b) => a.offset - b.offset);
}

function isCookieType(type: SyntaxNode, names: HttpNames): boolean {
  if (type.type === 'qualified_type') {
    const pkg = type.childForFieldName('package');
    const name = type.childForFieldName('name');
    return !!pkg && !!name && name.text === 'Cookie' && names.qualifiers.has(pkg.text);
  }
  return type.type === 'type_identifier' && names.dotImport && type.text === 'Cookie';
}

/** The element type of a slice, array or map type (for maps, the value type). */
function elementType(type: SyntaxNode | null): SyntaxNode | null {
  if (!type) return null;
  switch (type.type) {
    case 'slice_type':
    case 'array_type':
    case 'implicit_length_array_type':
      return type.childForFieldName('element');
    case 'map_type':
      return type.childForFieldName('value');
    default:
      return null;
  }
}

/** The type a literal_value has: written on its composite literal, or elided and implied by the outer literal. */
function literalType(body: SyntaxNode): SyntaxNode | null {
  const parent = body.parent;
  if (!parent) return null;
  if (parent.type === 'composite_literal') return parent.childForFieldName('type');
  if (parent.type !== 'literal_element') return null;
  const holder = parent.parent;
  if (!holder) return null;
  let outer: SyntaxNode | null = holder;
  if (holder.type === 'keyed_element') {
    if (holder.childForFieldName('value')?.id !== parent.id) return null; // map keys are never cookies (not comparable)
    outer = holder.parent;
  }
  if (!outer || outer.type !== 'literal_value') return null;
  let element = elementType(literalType(outer));
  if (element?.type === 'pointer_type') element = element.namedChild(0); // []*T{{...}} elides &T
  return element;
}

function isElidedCookie(body: SyntaxNode, names: HttpNames): boolean {
  const type = literalType(body);
  return !!type && isCookieType(type, names);
}

function inErrorRegion(literal: SyntaxNode): boolean {
  if (literal.hasError) return true;
  for (let n = literal.parent; n; n = n.parent) if (n.type === 'ERROR') return true;
  return false;
}

interface Verdict {
  kind: FindingKind;
  falseNode?: SyntaxNode;
}

function keyName(element: SyntaxNode): string | undefined {
  return element.childForFieldName('key')?.text;
}

/** The value node inside a literal_element (`true`, `false`, or any expression). */
function valueExpression(element: SyntaxNode): SyntaxNode | null {
  const value = element.childForFieldName('value');
  return value?.type === 'literal_element' ? value.namedChild(0) : value;
}

/** null when compliant. */
function classify(body: SyntaxNode, literal: SyntaxNode, text: string): Verdict | null {
  // Keys are read only when the literal spells Secure somewhere (each read crosses into the parser).
  const secureAt = text.indexOf('Secure', body.startIndex);
  const spellsSecure = secureAt !== -1 && secureAt < body.endIndex;
  let secure: SyntaxNode | undefined;
  for (const element of body.namedChildren) {
    const type = element.type;
    if (type === 'literal_element') return { kind: 'unkeyed' };
    if (type === 'keyed_element' && spellsSecure && !secure && keyName(element) === 'Secure') secure = element;
  }
  let verdict: Verdict | null;
  if (!secure) verdict = { kind: 'missing' };
  else {
    const value = valueExpression(secure);
    if (value?.type === 'true') verdict = null;
    else if (value?.type === 'false') verdict = { kind: 'false', falseNode: value };
    else verdict = { kind: 'dynamic' };
  }
  if (literal.type !== 'composite_literal') return verdict;

  // A later `v.Secure = X` in the same function decides for a literal bound to `v`.
  const overrides = laterSecureAssignments(literal, text);
  if (overrides.length === 0 || overrides.some((x) => x.type === 'false')) return verdict;
  if (overrides.every((x) => x.type === 'true')) return null;
  return { kind: 'dynamic' };
}

/** Right-hand sides of `v.Secure = X` after the literal, in the function body, when the literal is bound to `v`. */
function laterSecureAssignments(literal: SyntaxNode, text: string): SyntaxNode[] {
  // Any such assignment spells Secure after the literal: without that, no tree walk is needed.
  const secureAfter = text.indexOf('Secure', literal.endIndex);
  if (secureAfter === -1) return [];
  let expr = literal;
  if (expr.parent?.type === 'unary_expression' && expr.parent.child(0)?.type === '&') expr = expr.parent;
  const list = expr.parent;
  if (list?.type !== 'expression_list') return [];
  const binding = list.parent;
  if (!binding) return [];
  let left: SyntaxNode | null = null;
  if (binding.type === 'short_var_declaration' || binding.type === 'assignment_statement') {
    if (binding.childForFieldName('right')?.id !== list.id) return [];
    if (binding.type === 'assignment_statement' && binding.childForFieldName('operator')?.text !== '=') return [];
    left = binding.childForFieldName('left');
  } else if (binding.type === 'var_spec') {
    left = binding; // names are the var_spec's `name` children
  }
  if (!left) return [];
  const index = list.namedChildren.findIndex((n) => n.id === expr.id);
  const targets = binding.type === 'var_spec' ? binding.childrenForFieldName('name') : left.namedChildren;
  const target = targets[index];
  if (!target || target.type !== 'identifier') return [];
  const name = target.text;

  let fn: SyntaxNode | null = binding.parent;
  while (fn && fn.type !== 'function_declaration' && fn.type !== 'method_declaration' && fn.type !== 'func_literal') fn = fn.parent;
  const fnBody = fn?.childForFieldName('body');
  if (!fnBody || secureAfter >= fnBody.endIndex) return [];
  const values: SyntaxNode[] = [];
  for (const assign of fnBody.descendantsOfType('assignment_statement')) {
    if (assign.startIndex < expr.endIndex || assign.childForFieldName('operator')?.text !== '=') continue;
    const lhs = assign.childForFieldName('left')?.namedChildren ?? [];
    const rhs = assign.childForFieldName('right')?.namedChildren ?? [];
    lhs.forEach((l, i) => {
      if (l.type !== 'selector_expression') return;
      const operand = l.childForFieldName('operand');
      const field = l.childForFieldName('field');
      if (operand?.type === 'identifier' && operand.text === name && field?.text === 'Secure' && rhs[i]) values.push(rhs[i]!);
    });
  }
  return values;
}

function suppressed(ctx: LayoutContext, row: number, start: number): boolean {
  const trailing = ctx.comments.trailing.get(row);
  if (trailing && trailing.startIndex > start && commentSuppresses(trailing.text)) return true;
  for (let r = row - 1; r >= 0; r--) {
    const texts = ctx.comments.ownLine.get(r);
    if (!texts) break;
    if (texts.some(commentSuppresses)) return true;
  }
  return false;
}
