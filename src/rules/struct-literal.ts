import { message, nameRejection, withRejection, type Rejection } from './messages.js';
import { literalDeletes } from './deletion.js';
import { type SyntaxNode, nodeSpanning } from '../go/parser.js';
import type { PackageNames } from '../go/imports.js';
import {
  declarationSpellings,
  identifierSpellings,
  literalTypeSpellings,
} from '../go/spellings.js';
import { bracketedList, elementText } from '../go/bracketed.js';
import { isAsciiWordChar } from '../go/chars.js';
import {
  booleanConstant,
  isNamedType,
  settledValue,
  spellsWithin,
  unparenthesized,
  valueExpression,
  type Candidate,
  type Engine,
  type FileContext,
} from './engine.js';
import type { Shape, Sink } from './table.js';
import {
  bindingOfTypeDeclaration,
  bindingOfValue,
  constantFalse,
  summarize,
  useOf,
  usesOf,
  valueUse,
  type Binding,
  type Use,
} from './flow.js';
import { judgeFilled, namedFalseMessage, secureWrites, type FillAccess } from './filled.js';
import type { FindingKind } from '../types.js';

type StructLiteral = Extract<Shape, { kind: 'struct-literal' }>;

/**
 * Composite literals of a type that must set a boolean field to `true` (net/http's and fiber's
 * Cookie, sessions.Options): typed ones, and those whose type is elided inside an outer literal
 * of a slice, array or map of the type. Every such literal's type spells the type's name (its
 * own, or its outer literal's), so the search starts from those spellings in the text: a
 * handful of lookups in the tree instead of a walk over every literal of the file.
 */
export const structLiteralEngine: Engine<StructLiteral> = {
  spellings(text, shape) {
    const all = identifierSpellings(text, shape.type);
    const literals = literalTypeSpellings(text, shape.type, all);
    const declared = declarationSpellings(text, shape.type, all);
    return declared.length === 0
      ? literals
      : [...new Set([...literals, ...declared])].sort((a, b) => a - b);
  },
  find(ctx, sink, shape, spellings) {
    const names = ctx.imports.names(sink.importPaths, sink.snippetFallback);
    if (names.qualifiers.size === 0 && !names.dotImport) return [];
    const candidates: Candidate[] = [];
    const access: FillAccess = {
      secure: shape.field,
      statement: (name) => `${name}.${shape.field} = true`,
    };
    for (const literal of literalsOf(ctx.root, spellings, shape.type, names))
      candidates.push(...judgeLiteral(ctx, sink, shape, literal, access));
    for (const at of declarationSpellings(ctx.text, shape.type, spellings)) {
      const binding = declaredValue(ctx, shape.type, names, at);
      if (binding) candidates.push(...judgeFilled(ctx, sink, binding, binding.statement, access));
    }
    return candidates;
  },
  settledByText(text, shape, at, strict, facts) {
    const qualifier = qualifierOf(text, at);
    if (qualifier !== null) {
      // Another package's type (`cookiejar.Cookie`), or a type of the file's own package.
      const { qualifiers, dotImport } = facts.names();
      if (qualifier === '' ? !dotImport : !qualifiers.has(qualifier)) return true;
    }
    const open = at + shape.type.length;
    if (text[open] !== '{' || !ownType(text, at)) return false;
    const list = bracketedList(text, open);
    if (!list) return false;
    // A cookie handed to a client (flow.ts), whatever it holds: `req.AddCookie(&http.Cookie{...})`.
    if (
      qualifier !== null &&
      soleAddCookieArgument(text, qualifier === '' ? at : at - qualifier.length - 1, list.end)
    )
      return true;
    if (list.elements.some((e) => !e.keyed)) return false;
    // As classify and judgeLiteral: the first element keyed by the field decides, and no later
    // write of the field is spelled after the literal.
    const value = list.elements
      .map((e) => KEYED.exec(elementText(text, e)))
      .find((m) => m?.[1] === shape.field)?.[2];
    return (
      value !== undefined &&
      settledValue(value, strict, facts) &&
      text.indexOf(`.${shape.field}`, list.end) === -1
    );
  },
};

/**
 * The package qualifier written right before the type spelled at `at` (`http` of
 * `http.Cookie`), '' for none, or null when the text leaves it in doubt: white space or a
 * comment between the name, the dot and the type, or a letter beyond ASCII next to them.
 */
function qualifierOf(text: string, at: number): string | null {
  if (text[at - 1] !== '.') {
    let b = at - 1;
    while (b >= 0 && /\s/.test(text[b]!)) b--;
    return b >= 0 && /[./\u0080-\uffff]/.test(text[b]!) ? null : '';
  }
  let start = at - 1;
  while (start > 0 && isAsciiWordChar(text, start - 1)) start--;
  if (start === at - 1) return null;
  const first = text[start - 1];
  if (first !== undefined && /[.\u0080-\uffff]/.test(first)) return null;
  return text.slice(start, at - 1);
}

/**
 * Whether the literal from `start` to `end` is the one argument of a `.AddCookie(` call, written
 * with nothing but `&` between (and at most a trailing comma and white space after it).
 */
function soleAddCookieArgument(text: string, start: number, end: number): boolean {
  const open = text[start - 1] === '&' ? start - 2 : start - 1;
  if (text[open] !== '(' || !text.startsWith('.AddCookie', open - 10)) return false;
  return /^,?\s*\)/.test(text.slice(end, end + 16));
}

/** `Key: value`, the value being the rest of the element. */
const KEYED = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:\s*([\s\S]+)$/;

/**
 * Whether the type spelled at `at` (after its qualifier) is the literal's own, and not the
 * element type of a slice, array, map or pointer type (`[]*T{`, `map[K]T{`), whose literal holds
 * elided ones.
 */
function ownType(text: string, at: number): boolean {
  let start = at;
  if (text[start - 1] === '.')
    for (start--; start > 0 && isAsciiWordChar(text, start - 1); start--);
  let before = start - 1;
  while (before >= 0 && /\s/.test(text[before]!)) before--;
  return text[before] !== ']' && text[before] !== '*' && text[before] !== '.';
}

/**
 * One literal: its own content, where it goes (a request-side cookie is no finding), and the
 * function's later writes to its field through the variable holding it.
 */
function judgeLiteral(
  ctx: FileContext,
  sink: Sink,
  shape: StructLiteral,
  { literal, body, offset }: Literal,
  access: FillAccess,
): Candidate[] {
  const content = classify(ctx, sink, body, shape.field);
  const here = (verdict: Verdict | null): Candidate[] => {
    if (!verdict) return [];
    const rejection =
      verdict.kind === 'missing' || verdict.kind === 'false' ? literalRejection(body) : null;
    const candidate: Candidate = {
      kind: verdict.kind,
      offset,
      end: literal.endIndex,
      node: literal,
      message: rejection
        ? withRejection(verdict.message ?? message(sink, verdict.kind), rejection)
        : verdict.message,
    };
    if (verdict.kind === 'missing')
      candidate.fix = { kind: 'insert-field', body, field: shape.field };
    else if (verdict.kind === 'false' && verdict.falseNode)
      candidate.fix = { kind: 'flip', node: verdict.falseNode };
    return [candidate];
  };
  // A compliant literal can be undone only by a later write of the field, which spells it after
  // the literal: without one, no tree walk is needed (most literals set Secure: true, or not).
  const laterField = ctx.text.indexOf(`.${shape.field}`, literal.endIndex) !== -1;
  if (!content && !laterField) return [];
  // A cookie deleted by its own literal carries no data.
  if (shape.lifetime && literalDeletes(ctx.text, body, shape.lifetime)) return [];
  // Likewise the flow is needed only where a use can change the verdict: a request-side use, a
  // later write of the field, or field writes after an empty literal.
  if (
    !ctx.spellsRequestSide &&
    !laterField &&
    !(content?.kind === 'missing' && elementsOf(body) === 0)
  )
    return here(content);
  const binding = literal.type === 'composite_literal' ? bindingOfValue(literal) : null;
  if (!binding) return valueUse(ctx, literal).kind === 'request' ? [] : here(content);
  const uses = usesOf(ctx, binding).map((u) => useOf(ctx, u));
  if (summarize(uses).kind === 'request') return [];
  const writes = uses.filter((u): u is Extract<Use, { kind: 'write' }> => u.kind === 'write');
  const secure = secureWrites(
    ctx,
    sink,
    binding,
    writes.filter((w) => w.member === shape.field),
  );
  if (secure.falseWrites.length > 0) return secure.falseWrites;
  if (secure.state === 'secure') return content?.kind === 'unkeyed' ? here(content) : [];
  // An expression written later decides whatever the literal says; a true written on some paths
  // only leaves a literal that is not secure itself dynamic.
  if (secure.state === 'dynamic')
    return content === null && !secure.expression
      ? []
      : here({ kind: content?.kind === 'unkeyed' ? 'unkeyed' : 'dynamic' });
  // No write of the field: an empty literal filled in afterwards is reported and fixed as the
  // declaration it stands in (SPEC §6); any other literal by its own content.
  if (
    content?.kind === 'missing' &&
    elementsOf(body) === 0 &&
    writes.length > 0 &&
    !uses.some((u) => u.kind === 'replace')
  ) {
    return judgeFilled(ctx, sink, binding, binding.statement, access);
  }
  return here(content);
}

/** What in the literal makes a browser refuse it without Secure: its name's prefix, SameSite=None. */
function literalRejection(body: SyntaxNode): Rejection | null {
  for (const element of body.namedChildren) {
    if (element?.type !== 'keyed_element') continue;
    const key = element.childForFieldName('key')?.text;
    const value = valueExpression(element);
    if (key === 'Name' && value?.type === 'interpreted_string_literal') {
      const rejection = nameRejection(value.text);
      if (rejection) return rejection;
    }
    // net/http's SameSiteNoneMode, fiber's "None" / CookieSameSiteNoneMode ("none").
    if (
      key === 'SameSite' &&
      value &&
      /(?:^|\.)(?:SameSiteNoneMode|CookieSameSiteNoneMode)$|^"[Nn]one"$/.test(value.text)
    )
      return 'SameSite=None';
  }
  return null;
}

/** `new(T)` or `var c T` (from a declaration spelling of the type), bound in a function. */
function declaredValue(
  ctx: FileContext,
  typeName: string,
  names: PackageNames,
  at: number,
): Binding | null {
  const name = nodeSpanning(ctx.root, at, at + typeName.length);
  if (name.type !== 'type_identifier' || name.startIndex !== at) return null;
  const type = name.parent?.type === 'qualified_type' ? name.parent : name;
  return isNamedType(type, typeName, names) ? bindingOfTypeDeclaration(type) : null;
}

function elementsOf(body: SyntaxNode): number {
  return body.namedChildren.filter((n) => n.type !== 'comment').length;
}

/** Types that can wrap the literal's type inside an outer literal's type: `*T`, `[]T`, `[N]T`, `[...]T`, `map[K]T`. */
const WRAPPING_TYPES = new Set([
  'pointer_type',
  'slice_type',
  'array_type',
  'implicit_length_array_type',
  'map_type',
]);

/** A literal of the type: its node (a composite literal, or the body of an elided one), body and start offset. */
interface Literal {
  literal: SyntaxNode;
  body: SyntaxNode;
  offset: number;
}

function literalsOf(
  root: SyntaxNode,
  spellings: readonly number[],
  typeName: string,
  names: PackageNames,
): Literal[] {
  const literals: Literal[] = [];
  const seen = new Set<number>(); // outer literals searched, by offset
  const found = new Set<number>(); // literals, by offset: nested outer literals reach the same ones
  const add = (literal: SyntaxNode, body: SyntaxNode) => {
    const offset = literal.startIndex;
    if (found.has(offset)) return;
    found.add(offset);
    literals.push({ literal, body, offset });
  };
  for (const at of spellings) {
    const name = nodeSpanning(root, at, at + typeName.length);
    if (
      name.type !== 'type_identifier' ||
      name.startIndex !== at ||
      name.endIndex !== at + typeName.length
    )
      continue;
    const type = name.parent?.type === 'qualified_type' ? name.parent : name;
    if (!isNamedType(type, typeName, names)) continue;
    // Up through the wrapping types to the literal whose type this is, if any.
    let written: SyntaxNode = type;
    let outer = type.parent;
    while (outer && WRAPPING_TYPES.has(outer.type)) {
      written = outer;
      outer = outer.parent;
    }
    if (
      outer?.type !== 'composite_literal' ||
      seen.has(outer.startIndex) ||
      outer.childForFieldName('type')?.startIndex !== written.startIndex
    )
      continue;
    seen.add(outer.startIndex);
    const body = outer.childForFieldName('body');
    if (!body) continue;
    if (written === type) {
      add(outer, body);
      continue;
    }
    for (const inner of body.descendantsOfType('literal_value')) {
      if (
        inner.parent?.type === 'literal_element' &&
        isNamedType(literalType(inner), typeName, names)
      )
        add(inner, inner);
    }
  }
  return literals.sort((a, b) => a.offset - b.offset);
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
    if (holder.childForFieldName('value')?.id !== parent.id) return null; // map keys are never these (not comparable)
    outer = holder.parent;
  }
  if (outer?.type !== 'literal_value') return null;
  let element = elementType(literalType(outer));
  if (element?.type === 'pointer_type') element = element.namedChild(0); // []*T{{...}} elides &T
  return element;
}

interface Verdict {
  kind: FindingKind;
  falseNode?: SyntaxNode;
  /** For a constant false through a name: which, and where it is declared. */
  message?: string;
}

/** What the literal itself says; null when compliant. */
function classify(ctx: FileContext, sink: Sink, body: SyntaxNode, field: string): Verdict | null {
  // Keys are read only when the literal spells the field somewhere (each read crosses into the parser).
  const spellsField = spellsWithin(ctx.text, body, field);
  let element: SyntaxNode | undefined;
  for (const e of body.namedChildren) {
    const type = e.type;
    if (type === 'literal_element') return { kind: 'unkeyed' };
    if (
      type === 'keyed_element' &&
      spellsField &&
      !element &&
      e.childForFieldName('key')?.text === field
    )
      element = e;
  }
  if (!element) return { kind: 'missing' };
  const value = unparenthesized(valueExpression(element));
  const constant = booleanConstant(value);
  if (constant === true) return null;
  if (constant === false) return { kind: 'false', falseNode: value! };
  const named = constantFalse(ctx, value);
  if (named) return { kind: 'false', message: namedFalseMessage(sink, named) };
  return { kind: 'dynamic' };
}
