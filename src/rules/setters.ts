import type { SyntaxNode } from '../go/parser.js';
import type { PackageNames } from '../go/imports.js';
import { callSpellings, identifierSpellings } from '../go/spellings.js';
import { isNamedType, type Candidate, type Engine, type FileContext } from './engine.js';
import { bindingOfDeclaration, bindingOfValue, type Binding } from './flow.js';
import { judgeFilled, type FillAccess } from './filled.js';
import type { Shape } from './table.js';

type Setters = Extract<Shape, { kind: 'setters' }>;

/**
 * Values filled in by setter methods (fasthttp's Cookie): declared in a function as
 * `c := pkg.Constructor()`, `c := new(pkg.T)`, `c := &pkg.T{}` or `var c pkg.T`, then `c.SetX(...)`.
 * `c.Setter(false)` is the finding (and the fix); a value given other setters and never
 * `c.Setter(...)` is reported at its declaration, and fixed by a `c.Setter(true)` statement after
 * the last setter call in the declaration's own block (filled.ts judges both).
 */
export const settersEngine: Engine<Setters> = {
  spellings: (text, shape) => [...new Set([...identifierSpellings(text, shape.type), ...callSpellings(text, shape.constructor)])].sort((a, b) => a - b),
  find(ctx, sink, shape, spellings) {
    const names = ctx.imports.names(sink.importPaths);
    if (names.qualifiers.size === 0 && !names.dotImport) return [];
    const candidates: Candidate[] = [];
    const seen = new Set<number>();
    const access: FillAccess = { secure: shape.setter, statement: (name) => `${name}.${shape.setter}(true)` };
    for (const at of spellings) {
      const binding = declaredValue(ctx, shape, names, at);
      if (!binding || seen.has(binding.statement.startIndex)) continue;
      seen.add(binding.statement.startIndex);
      candidates.push(...judgeFilled(ctx, sink, binding, binding.statement, access));
    }
    return candidates;
  },
};

/** The variable a spelling of the type or constructor declares, if it declares one in a function. */
function declaredValue(ctx: FileContext, shape: Setters, names: PackageNames, at: number): Binding | null {
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
      return name ? bindingOfDeclaration(holder, name.text) : null;
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
  return value ? bindingOfValue(value) : null;
}
