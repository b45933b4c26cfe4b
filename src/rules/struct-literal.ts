import type { SyntaxNode } from '../go/parser.js';
import type { PackageNames } from '../go/imports.js';
import { literalTypeSpellings } from '../go/spellings.js';
import { boundVariable, enclosingFunctionBody } from '../go/scope.js';
import { booleanConstant, isNamedType, unparenthesized, type Candidate, type Engine } from './engine.js';
import type { Shape } from './table.js';
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
  spellings: (text, shape) => literalTypeSpellings(text, shape.type),
  find(ctx, sink, shape, spellings) {
    const names = ctx.imports.names(sink.importPaths, sink.snippetFallback);
    if (names.qualifiers.size === 0 && !names.dotImport) return [];
    const candidates: Candidate[] = [];
    for (const { literal, body, offset } of literalsOf(ctx.root, spellings, shape.type, names)) {
      const verdict = classify(body, literal, ctx.text, shape.field);
      if (!verdict) continue;
      const candidate: Candidate = { kind: verdict.kind, offset, end: literal.endIndex, node: literal };
      if (verdict.kind === 'missing') candidate.fix = { kind: 'insert-field', body, field: shape.field };
      else if (verdict.kind === 'false') candidate.fix = { kind: 'flip', node: verdict.falseNode! };
      candidates.push(candidate);
    }
    return candidates;
  },
};

/** Types that can wrap the literal's type inside an outer literal's type: `*T`, `[]T`, `[N]T`, `[...]T`, `map[K]T`. */
const WRAPPING_TYPES = new Set(['pointer_type', 'slice_type', 'array_type', 'implicit_length_array_type', 'map_type']);

/** A literal of the type: its node (a composite literal, or the body of an elided one), body and start offset. */
interface Literal {
  literal: SyntaxNode;
  body: SyntaxNode;
  offset: number;
}

function literalsOf(root: SyntaxNode, spellings: readonly number[], typeName: string, names: PackageNames): Literal[] {
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
    const name = root.descendantForIndex(at, at + typeName.length);
    if (name.type !== 'type_identifier' || name.startIndex !== at || name.endIndex !== at + typeName.length) continue;
    const type = name.parent?.type === 'qualified_type' ? name.parent : name;
    if (!isNamedType(type, typeName, names)) continue;
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
      if (inner.parent?.type === 'literal_element' && isNamedType(literalType(inner), typeName, names)) add(inner, inner);
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
  if (!outer || outer.type !== 'literal_value') return null;
  let element = elementType(literalType(outer));
  if (element?.type === 'pointer_type') element = element.namedChild(0); // []*T{{...}} elides &T
  return element;
}

interface Verdict {
  kind: FindingKind;
  falseNode?: SyntaxNode;
}

/** The value node inside a literal_element (`true`, `false`, or any expression). */
function valueExpression(element: SyntaxNode): SyntaxNode | null {
  const value = element.childForFieldName('value');
  return value?.type === 'literal_element' ? value.namedChild(0) : value;
}

/** null when compliant. */
function classify(body: SyntaxNode, literal: SyntaxNode, text: string, field: string): Verdict | null {
  // Keys are read only when the literal spells the field somewhere (each read crosses into the parser).
  const fieldAt = text.indexOf(field, body.startIndex);
  const spellsField = fieldAt !== -1 && fieldAt < body.endIndex;
  let element: SyntaxNode | undefined;
  for (const e of body.namedChildren) {
    const type = e.type;
    if (type === 'literal_element') return { kind: 'unkeyed' };
    if (type === 'keyed_element' && spellsField && !element && e.childForFieldName('key')?.text === field) element = e;
  }
  let verdict: Verdict | null;
  if (!element) verdict = { kind: 'missing' };
  else {
    const value = unparenthesized(valueExpression(element));
    const constant = booleanConstant(value);
    if (constant === true) verdict = null;
    else if (constant === false) verdict = { kind: 'false', falseNode: value! };
    else verdict = { kind: 'dynamic' };
  }
  if (literal.type !== 'composite_literal') return verdict;

  // A later `v.<field> = X` in the same function decides for a literal bound to `v`.
  const overrides = laterFieldAssignments(literal, text, field);
  if (overrides.length === 0 || overrides.some((x) => booleanConstant(x) === false)) return verdict;
  if (overrides.every((x) => booleanConstant(x) === true)) return null;
  return { kind: 'dynamic' };
}

/** Right-hand sides of `v.<field> = X` after the literal, in the function body, when the literal is bound to `v`. */
function laterFieldAssignments(literal: SyntaxNode, text: string, field: string): SyntaxNode[] {
  // Any such assignment spells the field after the literal: without that, no tree walk is needed.
  const fieldAfter = text.indexOf(field, literal.endIndex);
  if (fieldAfter === -1) return [];
  const bound = boundVariable(literal);
  if (!bound) return [];
  const fnBody = enclosingFunctionBody(bound.binding);
  if (!fnBody || fieldAfter >= fnBody.endIndex) return [];
  const values: SyntaxNode[] = [];
  for (const assign of fnBody.descendantsOfType('assignment_statement')) {
    if (assign.startIndex < bound.expression.endIndex || assign.childForFieldName('operator')?.text !== '=') continue;
    const lhs = assign.childForFieldName('left')?.namedChildren ?? [];
    const rhs = assign.childForFieldName('right')?.namedChildren ?? [];
    lhs.forEach((l, i) => {
      if (l.type !== 'selector_expression') return;
      const operand = l.childForFieldName('operand');
      if (operand?.type === 'identifier' && operand.text === bound.name && l.childForFieldName('field')?.text === field && rhs[i]) values.push(rhs[i]!);
    });
  }
  return values;
}
