import type { SyntaxNode } from '../go/parser.js';
import { spellsWithin, unparenthesized, valueExpression } from './engine.js';

/**
 * Deletion cookies carry no data: a browser drops a cookie whose Max-Age is negative or whose
 * Expires is in the past, so a Secure flag on it protects nothing (SPEC §7). Only constants
 * count: a value computed at run time may be anything.
 */

/** The literal's keys that say when the cookie ends, as a row of the table names them. */
export interface Lifetime {
  /** Seconds; negative deletes. */
  maxAge?: string;
  /** A time; a constant in the past deletes. */
  expires?: string;
}

/**
 * The literal's own elements set a negative MaxAge or an Expires constant in the past. Its
 * elements are read only when its text spells one of the fields (each read crosses into the
 * parser's memory).
 */
export function literalDeletes(text: string, body: SyntaxNode, lifetime: Lifetime): boolean {
  const spelled = (field: string | undefined) =>
    field !== undefined && spellsWithin(text, body, field);
  if (!spelled(lifetime.maxAge) && !spelled(lifetime.expires)) return false;
  for (const element of body.namedChildren) {
    if (element?.type !== 'keyed_element') continue;
    const key = element.childForFieldName('key')?.text;
    const value = valueExpression(element);
    if (!value) continue;
    if (key === lifetime.maxAge && negativeConstant(value)) return true;
    if (key === lifetime.expires && pastTimeConstant(value)) return true;
  }
  return false;
}

/** `-1`, `-(1)`, `(-1)`: a negative integer constant. */
export function negativeConstant(node: SyntaxNode): boolean {
  const n = unparenthesized(node);
  if (n?.type !== 'unary_expression' || n.childForFieldName('operator')?.text !== '-') return false;
  const operand = n.childForFieldName('operand');
  return unparenthesized(operand)?.type === 'int_literal';
}

/** The integer constant arguments of a call, or null when any is not one. */
function intArguments(call: SyntaxNode): number[] | null {
  const list = call.childForFieldName('arguments');
  if (!list) return null;
  const values: number[] = [];
  for (const arg of list.namedChildren) {
    if (!arg || arg.type === 'comment') continue;
    const n = unparenthesized(arg);
    if (!n) return null;
    if (n.type === 'int_literal') values.push(Number(n.text.replaceAll('_', '')));
    else if (negativeConstant(n)) values.push(-1);
    else return null;
  }
  return values;
}

/**
 * `time.Unix(0, 0)`, `time.Unix(1, 0).UTC()`, `time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)`: a
 * time package call with constant arguments that lies before now. The qualifier is not checked
 * against the imports: another package's `Unix(0, 0)` returning a time is not a case seen.
 */
export function pastTimeConstant(node: SyntaxNode): boolean {
  let n: SyntaxNode | null = unparenthesized(node);
  if (!n) return false;
  // .UTC() and .Local() keep the instant.
  for (;;) {
    const fn: SyntaxNode | null =
      n.type === 'call_expression' ? n.childForFieldName('function') : null;
    const field = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : null;
    const operand: SyntaxNode | null | undefined = fn?.childForFieldName('operand');
    if ((field === 'UTC' || field === 'Local') && operand?.type === 'call_expression') {
      n = operand;
      continue;
    }
    break;
  }
  if (n.type !== 'call_expression') return false;
  const fn = n.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('operand')?.type !== 'identifier')
    return false;
  const name = fn.childForFieldName('field')?.text;
  if (name === 'Unix') {
    const args = intArguments(n);
    return args !== null && args.length === 2 && args[0]! * 1000 < Date.now();
  }
  if (name === 'Date') {
    const year = n.childForFieldName('arguments')?.namedChildren.find((a) => a?.type !== 'comment');
    return year?.type === 'int_literal' && Number(year.text) < new Date().getUTCFullYear();
  }
  return false;
}
