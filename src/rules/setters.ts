import type { SyntaxNode } from '../go/parser.js';
import { callSpellings, identifierSpellings } from '../go/spellings.js';
import { boundVariable, enclosingFunctionBody } from '../go/scope.js';
import { insertStatementFix } from '../go/layout.js';
import { booleanArgument, isNamedType, type Candidate, type Engine, type FileContext } from './engine.js';
import type { Shape } from './table.js';
import type { PackageNames } from '../go/imports.js';

type Setters = Extract<Shape, { kind: 'setters' }>;

/**
 * Values filled in by setter methods (fasthttp's Cookie): declared in a function as
 * `c := pkg.Constructor()`, `c := new(pkg.T)`, `c := &pkg.T{}` or `var c pkg.T`, then `c.SetX(...)`.
 * `c.Setter(false)` is the finding (and the fix); a value given other setters and never
 * `c.Setter(...)` is reported at its declaration, and fixed by a `c.Setter(true)` statement after
 * the last setter call in the declaration's own block.
 */
export const settersEngine: Engine<Setters> = {
  spellings: (text, shape) => [...new Set([...identifierSpellings(text, shape.type), ...callSpellings(text, shape.constructor)])].sort((a, b) => a - b),
  find(ctx, sink, shape, spellings) {
    const names = ctx.imports.names(sink.importPaths);
    if (names.qualifiers.size === 0 && !names.dotImport) return [];
    const candidates: Candidate[] = [];
    const seen = new Set<number>();
    for (const at of spellings) {
      const declared = declaredValue(ctx, shape, names, at);
      if (!declared || seen.has(declared.statement.startIndex)) continue;
      seen.add(declared.statement.startIndex);
      candidates.push(...judge(ctx, shape, declared));
    }
    return candidates;
  },
};

interface Declared {
  name: string;
  /** The statement that declares it, and where setter calls may start. */
  statement: SyntaxNode;
  after: number;
  body: SyntaxNode;
}

/** The variable a spelling of the type or constructor declares, if it declares one in a function. */
function declaredValue(ctx: FileContext, shape: Setters, names: PackageNames, at: number): Declared | null {
  const length = ctx.text.startsWith(shape.constructor, at) ? shape.constructor.length : shape.type.length;
  const node = ctx.root.descendantForIndex(at, at + length);
  let value: SyntaxNode | null = null;
  if (node.type === 'type_identifier' && node.text === shape.type) {
    const type = node.parent?.type === 'qualified_type' ? node.parent : node;
    if (!isNamedType(type, shape.type, names)) return null;
    const holder = type.parent;
    if (holder?.type === 'var_spec' && holder.childForFieldName('type')?.id === type.id && !holder.childForFieldName('value')) {
      // `var c T`: one value per name; the first name is judged (several at once are rare).
      const name = holder.childrenForFieldName('name')[0];
      const statement = holder.parent?.type === 'var_declaration' ? holder.parent : holder.parent?.parent;
      const body = statement && enclosingFunctionBody(statement);
      return name && statement && body ? { name: name.text, statement, after: statement.endIndex, body } : null;
    }
    if (holder?.type === 'composite_literal') value = holder;
    else if (holder?.type === 'argument_list' && holder.parent?.type === 'call_expression' && holder.parent.childForFieldName('function')?.text === 'new') value = holder.parent;
  } else if (node.text === shape.constructor) {
    const selector = node.parent;
    let callee: SyntaxNode | null = null;
    if (node.type === 'field_identifier' && selector?.type === 'selector_expression') {
      const operand = selector.childForFieldName('operand');
      if (operand?.type === 'identifier' && names.qualifiers.has(operand.text)) callee = selector;
    } else if (node.type === 'identifier' && names.dotImport) callee = node;
    if (callee?.parent?.type === 'call_expression' && callee.parent.childForFieldName('function')?.id === callee.id) value = callee.parent;
  }
  if (!value) return null;
  const bound = boundVariable(value);
  if (!bound) return null;
  const statement = bound.binding.type === 'var_spec' ? (bound.binding.parent?.type === 'var_declaration' ? bound.binding.parent : bound.binding.parent?.parent) : bound.binding;
  const body = statement && enclosingFunctionBody(statement);
  return statement && body ? { name: bound.name, statement, after: bound.expression.endIndex, body } : null;
}

/** The setter calls `name.SetX(...)` after the declaration, in the function body, by text then tree. */
function setterCalls(ctx: FileContext, declared: Declared): Array<{ call: SyntaxNode; method: string }> {
  const needle = `${declared.name}.Set`;
  const calls: Array<{ call: SyntaxNode; method: string }> = [];
  const end = declared.body.endIndex;
  for (let at = ctx.text.indexOf(needle, declared.after); at !== -1 && at < end; at = ctx.text.indexOf(needle, at + needle.length)) {
    if (/[A-Za-z0-9_.]/.test(ctx.text[at - 1] ?? ' ')) continue;
    const operand = ctx.root.descendantForIndex(at, at + declared.name.length);
    const selector = operand.parent;
    if (operand.type !== 'identifier' || selector?.type !== 'selector_expression' || selector.childForFieldName('operand')?.id !== operand.id) continue;
    const call = selector.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== selector.id) continue;
    calls.push({ call, method: selector.childForFieldName('field')?.text ?? '' });
  }
  return calls;
}

function judge(ctx: FileContext, shape: Setters, declared: Declared): Candidate[] {
  const calls = setterCalls(ctx, declared);
  const secure = calls.filter((c) => c.method === shape.setter);
  if (secure.length === 0) {
    if (calls.length === 0) return []; // not filled in here: read, parsed, or passed on
    const candidate: Candidate = { kind: 'missing', offset: declared.statement.startIndex, end: declared.statement.endIndex, node: declared.statement };
    // After the last setter call standing in the declaration's own block, else after the declaration.
    const block = declared.statement.parent;
    let last = declared.statement;
    for (const { call } of calls) {
      const statement = call.parent;
      if (statement?.type === 'expression_statement' && statement.parent?.id === block?.id && statement.endIndex > last.endIndex) last = statement;
    }
    const plan = insertStatementFix(ctx, last.startPosition.row, last.endPosition.row, `${declared.name}.${shape.setter}(true)`);
    if (plan) candidate.fix = { kind: 'planned', plan };
    return [candidate];
  }
  const out: Candidate[] = [];
  for (const { call } of secure) {
    const arg = call.childForFieldName('arguments')?.namedChildren.filter((n) => n.type !== 'comment')[0];
    const judged = arg && booleanArgument(arg, call);
    if (judged) out.push(judged);
  }
  return out;
}
