import { nodeSpanning } from '../go/parser.js';
import type { PackageNames } from '../go/imports.js';
import { callSpellings, identifierSpellings } from '../go/spellings.js';
import {
  isNamedType,
  packageFunction,
  type Candidate,
  type Engine,
  type FileContext,
} from './engine.js';
import { bindingOfTypeDeclaration, bindingOfValue, type Binding } from './flow.js';
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
  spellings: (text, shape) =>
    [
      ...new Set([
        ...identifierSpellings(text, shape.type),
        ...callSpellings(text, shape.constructor),
      ]),
    ].sort((a, b) => a - b),
  find(ctx, sink, shape, spellings) {
    const names = ctx.imports.names(sink.importPaths);
    if (names.qualifiers.size === 0 && !names.dotImport) return [];
    const candidates: Candidate[] = [];
    const seen = new Set<number>();
    const access: FillAccess = {
      secure: shape.setter,
      statement: (name) => `${name}.${shape.setter}(true)`,
    };
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
function declaredValue(
  ctx: FileContext,
  shape: Setters,
  names: PackageNames,
  at: number,
): Binding | null {
  const length = ctx.text.startsWith(shape.constructor, at)
    ? shape.constructor.length
    : shape.type.length;
  const node = nodeSpanning(ctx.root, at, at + length);
  if (node.type === 'type_identifier' && node.text === shape.type) {
    const type = node.parent?.type === 'qualified_type' ? node.parent : node;
    if (!isNamedType(type, shape.type, names)) return null;
    // `&T{}` and `T{}` here (the struct-literal engine leaves such literals of its own types to
    // their content); `var c T` and `new(T)` as for any type.
    return type.parent?.type === 'composite_literal'
      ? bindingOfValue(type.parent)
      : bindingOfTypeDeclaration(type);
  }
  if (node.text !== shape.constructor) return null;
  const callee = packageFunction(node, names);
  return callee?.parent?.type === 'call_expression' &&
    callee.parent.childForFieldName('function')?.id === callee.id
    ? bindingOfValue(callee.parent)
    : null;
}
