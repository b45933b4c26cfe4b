import { message, nameRejection, withRejection } from './messages.js';
import { negativeConstant } from './deletion.js';
import { type SyntaxNode, nodeSpanning } from '../go/parser.js';
import { callSpellings } from '../go/spellings.js';
import { bracketedList, elementText } from '../go/bracketed.js';
import { declarationOf } from '../go/scope.js';
import {
  booleanArgument,
  isNamedType,
  packageFunction,
  settledValue,
  type Candidate,
  type Engine,
  type FileContext,
} from './engine.js';
import type { Receiver, Shape } from './table.js';
import { constantFalse } from './flow.js';
import { namedFalseMessage } from './filled.js';

type CallArgument = Extract<Shape, { kind: 'call-argument' }>;

/**
 * Calls whose argument at a given index must be the constant `true`: a package's function
 * (`csrf.Secure(false)`) or a method on a receiver whose type the function declares
 * (`c.SetCookie(..., false, true)` with `c *gin.Context`). The search starts from the places
 * the text spells the function's name before `(`.
 */
export const callArgumentEngine: Engine<CallArgument> = {
  spellings: (text, shape) => callSpellings(text, (shape.function ?? shape.method)!),
  find(ctx, sink, shape, spellings) {
    const name = (shape.function ?? shape.method)!;
    const candidates: Candidate[] = [];
    for (const at of spellings) {
      const id = nodeSpanning(ctx.root, at, at + name.length);
      if (id.startIndex !== at || id.endIndex !== at + name.length) continue;
      const callee = shape.function
        ? packageFunction(id, ctx.imports.names(sink.importPaths))
        : method(ctx, shape.receivers ?? [], id);
      const call = callee?.parent;
      if (
        !callee ||
        call?.type !== 'call_expression' ||
        call.childForFieldName('function')?.id !== callee.id
      )
        continue;
      const list = call.childForFieldName('arguments');
      if (!list) continue;
      const args = list.namedChildren.filter((n) => n.type !== 'comment');
      if (args.some((a) => a.type === 'variadic_argument')) continue; // f(xs...): positions unknown
      // A negative max-age deletes the cookie: it carries no data.
      const maxAge = shape.maxAgeIndex === undefined ? undefined : args[shape.maxAgeIndex];
      if (maxAge && negativeConstant(maxAge)) continue;
      const arg = args[shape.index];
      if (!arg) {
        if (shape.fewerIsMissing)
          candidates.push({
            kind: 'missing',
            offset: call.startIndex,
            end: call.endIndex,
            node: call,
          });
        continue;
      }
      const judged = booleanArgument(arg, call);
      const named = judged?.kind === 'dynamic' ? constantFalse(ctx, arg) : null;
      if (named)
        candidates.push({
          kind: 'false',
          offset: arg.startIndex,
          end: arg.endIndex,
          node: call,
          message: namedFalseMessage(sink, named),
        });
      else if (judged) {
        // A setter's first argument is the cookie's name (gin, beego): a __Secure- or __Host-
        // name is refused by browsers without Secure.
        const rejection =
          shape.method && args[0]?.type === 'interpreted_string_literal'
            ? nameRejection(args[0].text)
            : null;
        if (rejection && (judged.kind === 'false' || judged.kind === 'missing'))
          judged.message = withRejection(judged.message ?? message(sink, judged.kind), rejection);
        candidates.push(judged);
      }
    }
    return candidates;
  },
  settledByText(text, shape, at, strict, facts) {
    const list = bracketedList(
      text,
      text.indexOf('(', at + (shape.function ?? shape.method)!.length),
    );
    const arg = list?.elements[shape.index];
    return arg !== undefined && settledValue(elementText(text, arg), strict, facts);
  },
};

/** `x.M` whose receiver `x` matches one of `receivers`: the callee node. */
function method(
  ctx: FileContext,
  receivers: readonly Receiver[],
  id: SyntaxNode,
): SyntaxNode | null {
  const selector = id.parent;
  if (id.type !== 'field_identifier' || selector?.type !== 'selector_expression') return null;
  const operand = selector.childForFieldName('operand');
  return operand && receivers.some((r) => receiverMatches(ctx, r, operand)) ? selector : null;
}

function receiverMatches(ctx: FileContext, receiver: Receiver, operand: SyntaxNode): boolean {
  let base: SyntaxNode | null = operand;
  const fields = receiver.fields ?? [];
  for (let i = fields.length - 1; i >= 0; i--) {
    if (base?.type !== 'selector_expression' || base.childForFieldName('field')?.text !== fields[i])
      return false;
    base = base.childForFieldName('operand');
  }
  if (!base) return false;
  if (!receiver.type) return ctx.imports.has(receiver.importPaths);
  if (base.type !== 'identifier') return false;
  const names = ctx.imports.names(receiver.importPaths);
  if (names.qualifiers.size === 0 && !names.dotImport) return false;
  return isNamedType(declarationOf(base.text, base)?.type ?? null, receiver.type, names);
}
