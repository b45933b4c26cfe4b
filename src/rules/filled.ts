import type { SyntaxNode } from '../go/parser.js';
import { insertStatementFix } from '../go/layout.js';
import { booleanConstant, unparenthesized, type Candidate, type FileContext } from './engine.js';
import {
  conditional,
  constantFalse,
  summarize,
  useOf,
  usesOf,
  type Binding,
  type Use,
} from './flow.js';
import type { Sink } from './table.js';

/**
 * Values whose Secure attribute is written after they are made (SPEC §6): by a field write
 * (`c.Secure = X`) or a setter call (`c.SetSecure(X)`). Shared by the literal engine (writes
 * after a literal) and the declared-then-filled values of both engines.
 */

type Write = Extract<Use, { kind: 'write' }>;

/** What the writes of the secure member make of a value. */
export interface SecureWrites {
  /** Each write of a constant false: the findings (the value itself is then not reported). */
  falseWrites: Candidate[];
  /**
   * `none`: no such write; `secure`: a constant true that always runs after the binding;
   * `dynamic`: an expression, or a true only on some paths.
   */
  state: 'none' | 'secure' | 'dynamic';
  /** Some write is an expression (not a constant): the value may be false whatever came before. */
  expression: boolean;
}

export function secureWrites(
  ctx: FileContext,
  sink: Sink,
  binding: Binding,
  writes: readonly Write[],
): SecureWrites {
  const falseWrites: Candidate[] = [];
  let always = false; // a constant true that always runs after the binding
  let expression = false;
  for (const w of writes) {
    const value = w.value;
    const constant = booleanConstant(value);
    if (constant === false) {
      const node = unparenthesized(value)!;
      falseWrites.push({
        kind: 'false',
        offset: node.startIndex,
        end: node.endIndex,
        node: w.statement,
        fix: { kind: 'flip', node },
      });
    } else if (constant === true) {
      if (!conditional(w.statement, binding)) always = true;
    } else {
      const named = constantFalse(ctx, value);
      if (named && value)
        falseWrites.push({
          kind: 'false',
          offset: value.startIndex,
          end: value.endIndex,
          node: w.statement,
          message: namedFalseMessage(sink, named),
        });
      else expression = true;
    }
  }
  const state = writes.length === 0 ? 'none' : expression || !always ? 'dynamic' : 'secure';
  return { falseWrites, state, expression };
}

export function namedFalseMessage(sink: Sink, named: { name: string; line: number }): string {
  return `${sink.subject}: Secure is ${named.name}, the constant false (declared on line ${named.line}): the cookie can be sent over plain HTTP`;
}

/** How a value is filled in: which member makes it secure, and the statement that does. */
export interface FillAccess {
  secure: string;
  statement(name: string): string;
}

/**
 * A value declared, then filled in (`c := new(T)`, `var c T`, `c := &T{}`, a constructor, then
 * writes): reported at its declaration (`anchor`) when the function fills it in and never makes
 * it secure; fixed by a statement after the last write that stands in the declaration's block.
 * Request-side values and values replaced wholesale are not reported.
 */
export function judgeFilled(
  ctx: FileContext,
  sink: Sink,
  binding: Binding,
  anchor: SyntaxNode,
  access: FillAccess,
): Candidate[] {
  const uses = usesOf(ctx, binding).map((u) => useOf(ctx, u));
  if (
    uses.length === 0 ||
    summarize(uses).kind === 'request' ||
    uses.some((u) => u.kind === 'replace')
  )
    return [];
  const writes = uses.filter((u): u is Write => u.kind === 'write');
  const secure = secureWrites(
    ctx,
    sink,
    binding,
    writes.filter((w) => w.member === access.secure),
  );
  if (secure.falseWrites.length > 0) return secure.falseWrites;
  if (secure.state === 'secure') return [];
  if (secure.state === 'dynamic')
    return [{ kind: 'dynamic', offset: anchor.startIndex, end: anchor.endIndex, node: anchor }];
  const fills = writes.filter((w) => w.member !== access.secure);
  if (fills.length === 0) return []; // not filled in here: read, parsed, or passed on
  const candidate: Candidate = {
    kind: 'missing',
    offset: anchor.startIndex,
    end: anchor.endIndex,
    node: anchor,
  };
  const block = binding.statement.parent;
  let last = binding.statement;
  for (const w of fills) {
    if (w.statement.parent?.id === block?.id && w.statement.endIndex > last.endIndex)
      last = w.statement;
  }
  const plan = insertStatementFix(
    ctx,
    last.startPosition.row,
    last.endPosition.row,
    access.statement(binding.name),
  );
  if (plan) candidate.fix = { kind: 'planned', plan };
  return [candidate];
}
