import { type SyntaxNode, nodeSpanning } from '../go/parser.js';
import { boundVariable, declarationOf, enclosingFunctionBody } from '../go/scope.js';
import { booleanConstant, unparenthesized, type FileContext } from './engine.js';
import { isWholeWord } from '../go/chars.js';

/**
 * Where a cookie goes within one function body (SPEC §6): the variable a value is bound to, the
 * places the function uses that variable (a name that resolves to another declaration, as an
 * inner `c :=`, is another variable), and what each use does with it. Nothing crosses a function
 * boundary; closures inside the body are part of it.
 */

/** A variable holding the value: `c := X`, `var c = X`, `c = X`, or `var c T`. */
export interface Binding {
  name: string;
  /** The statement that binds it. */
  statement: SyntaxNode;
  /** Uses are looked for from here on (the end of the bound value). */
  after: number;
  /** The declaration the name resolves to, to tell this variable from others of its name. */
  declaration: SyntaxNode;
  body: SyntaxNode;
}

function statementOf(node: SyntaxNode): SyntaxNode {
  // A var_spec stands in a var_declaration, directly or in a var_spec_list.
  if (node.type !== 'var_spec') return node;
  const parent = node.parent;
  return parent?.type === 'var_declaration' ? parent : (parent?.parent ?? node);
}

/** The binding of a value (a literal, `new(T)`, a constructor call), if it is bound to a variable in a function. */
export function bindingOfValue(value: SyntaxNode): Binding | null {
  const bound = boundVariable(value);
  if (!bound) return null;
  const statement = statementOf(bound.binding);
  const body = enclosingFunctionBody(statement);
  if (!body) return null;
  const declaration =
    bound.binding.type === 'assignment_statement'
      ? declarationOf(bound.name, statement)?.node
      : bound.binding;
  return declaration
    ? { name: bound.name, statement, after: bound.expression.endIndex, declaration, body }
    : null;
}

/** The binding of `var c T` (a var_spec without a value), if in a function. */
export function bindingOfDeclaration(spec: SyntaxNode, name: string): Binding | null {
  const statement = statementOf(spec);
  const body = enclosingFunctionBody(statement);
  return body ? { name, statement, after: statement.endIndex, declaration: spec, body } : null;
}

/**
 * The variable a spelling of a type declares without a literal: `var c T` (the first name:
 * several at once are rare) or `c := new(T)`, in a function. `type` is the type's node
 * (qualified or not), already known to name the type.
 */
export function bindingOfTypeDeclaration(type: SyntaxNode): Binding | null {
  const holder = type.parent;
  if (
    holder?.type === 'var_spec' &&
    holder.childForFieldName('type')?.id === type.id &&
    !holder.childForFieldName('value')
  ) {
    const name = holder.childrenForFieldName('name')[0];
    return name ? bindingOfDeclaration(holder, name.text) : null;
  }
  if (
    holder?.type === 'argument_list' &&
    holder.parent?.type === 'call_expression' &&
    holder.parent.childForFieldName('function')?.text === 'new'
  ) {
    return bindingOfValue(holder.parent);
  }
  return null;
}

/** The identifiers after the binding that name its variable, in order. */
export function usesOf(ctx: FileContext, binding: Binding): SyntaxNode[] {
  const { name } = binding;
  const uses: SyntaxNode[] = [];
  const end = binding.body.endIndex;
  for (
    let at = ctx.text.indexOf(name, binding.after);
    at !== -1 && at < end;
    at = ctx.text.indexOf(name, at + name.length)
  ) {
    if (!isWholeWord(ctx.text, at, name.length) || ctx.text[at - 1] === '.') continue;
    const node = nodeSpanning(ctx.root, at, at + name.length);
    if (node.type !== 'identifier' || node.startIndex !== at) continue;
    if (declarationOf(name, node)?.node.id !== binding.declaration.id) continue;
    uses.push(node);
  }
  return uses;
}

/** What a use does with the value. */
export type Use =
  /** Fills it in: `c.F = X` (field) or `c.SetF(X)` (setter); `value` is X. */
  | { kind: 'write'; member: string; value: SyntaxNode | null; statement: SyntaxNode }
  /** Hands it to a client: `req.AddCookie(c)`, a jar's `SetCookies`, a `Cookie` request header. */
  | { kind: 'request' }
  /** Reads it without letting it go: `c.Name`, `c.Valid()`. */
  | { kind: 'read' }
  /** Replaces it wholesale: `c = other`. */
  | { kind: 'replace' }
  /** Anything else: a response, a return, a field, another function. */
  | { kind: 'other' };

const MAX_DEPTH = 3;

export function useOf(ctx: FileContext, use: SyntaxNode, depth = 0): Use {
  const parent = use.parent;
  if (
    parent?.type === 'selector_expression' &&
    parent.childForFieldName('operand')?.id === use.id
  ) {
    const member = parent.childForFieldName('field')?.text ?? '';
    const holder = parent.parent;
    if (
      holder?.type === 'expression_list' &&
      holder.parent?.type === 'assignment_statement' &&
      holder.parent.childForFieldName('left')?.id === holder.id
    ) {
      const assign = holder.parent;
      if (assign.childForFieldName('operator')?.text !== '=') return { kind: 'other' };
      const index = holder.namedChildren.findIndex((n) => n.id === parent.id);
      return {
        kind: 'write',
        member,
        value: assign.childForFieldName('right')?.namedChildren[index] ?? null,
        statement: assign,
      };
    }
    if (
      holder?.type === 'call_expression' &&
      holder.childForFieldName('function')?.id === parent.id
    ) {
      if (member === 'String' && isCookieHeaderValue(holder)) return { kind: 'request' };
      if (/^Set[A-Z]/.test(member)) {
        const args =
          holder
            .childForFieldName('arguments')
            ?.namedChildren.filter((n) => n.type !== 'comment') ?? [];
        return {
          kind: 'write',
          member,
          value: args[0] ?? null,
          statement: holder.parent?.type === 'expression_statement' ? holder.parent : holder,
        };
      }
    }
    return { kind: 'read' };
  }
  if (
    parent?.type === 'expression_list' &&
    parent.parent?.type === 'assignment_statement' &&
    parent.parent.childForFieldName('left')?.id === parent.id
  ) {
    return { kind: 'replace' };
  }
  return valueUse(ctx, use, depth);
}

/** Where a value (a variable's use, or a literal) goes, as a whole. */
export function valueUse(ctx: FileContext, value: SyntaxNode, depth = 0): Use {
  let expr = value;
  if (expr.parent?.type === 'unary_expression' && expr.parent.child(0)?.type === '&')
    expr = expr.parent;
  if (expr.parent?.type === 'parenthesized_expression') expr = expr.parent;
  const parent = expr.parent;
  if (parent?.type === 'argument_list') {
    const call = parent.parent;
    const fn = call?.childForFieldName('function');
    const method =
      fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
    const args = parent.namedChildren.filter((n) => n.type !== 'comment');
    const index = args.findIndex((n) => n.id === expr.id);
    if (method === 'AddCookie' && args.length === 1) return { kind: 'request' };
    if (method === 'SetCookies' && args.length === 2 && index === 1) return { kind: 'request' };
    return { kind: 'other' };
  }
  if (depth >= MAX_DEPTH) return { kind: 'other' };
  // An element of an outer literal (a slice of cookies): where the outer literal goes.
  if (
    parent?.type === 'literal_element' ||
    (parent?.type === 'keyed_element' && parent.childForFieldName('value')?.id === expr.id)
  ) {
    let list: SyntaxNode | null = parent.parent;
    if (list?.type === 'keyed_element') list = list.parent;
    const outer = list?.type === 'literal_value' ? list.parent : null;
    if (outer?.type === 'composite_literal') return wholeValueUse(ctx, outer, depth + 1);
    if (outer?.type === 'literal_element' && list) return valueUse(ctx, list, depth + 1);
    return { kind: 'other' };
  }
  // `for _, c := range cookies`: where each element goes.
  if (parent?.type === 'range_clause' && parent.childForFieldName('right')?.id === expr.id) {
    const left = parent.childForFieldName('left')?.namedChildren ?? [];
    const element = left[1] ?? null;
    const loop = parent.parent;
    const body = loop?.childForFieldName('body');
    if (element?.type !== 'identifier' || !body) return { kind: 'other' };
    return summarize(usesIn(ctx, element.text, body, parent).map((u) => useOf(ctx, u, depth + 1)));
  }
  return { kind: 'other' };
}

/** A composite literal (or `&` of one): inline where it goes, or through the variable holding it. */
export function wholeValueUse(ctx: FileContext, literal: SyntaxNode, depth = 0): Use {
  const direct = valueUse(ctx, literal, depth);
  if (direct.kind !== 'other') return direct;
  const binding = bindingOfValue(literal);
  if (!binding) return direct;
  return summarize(usesOf(ctx, binding).map((u) => useOf(ctx, u, depth + 1)));
}

/**
 * Every use request-side (with at least one), fills and reads aside: `request`; else `other`.
 */
export function summarize(uses: readonly Use[]): Use {
  let request = false;
  for (const u of uses) {
    if (u.kind === 'request') request = true;
    else if (u.kind !== 'write' && u.kind !== 'read') return { kind: 'other' };
  }
  return request ? { kind: 'request' } : { kind: 'other' };
}

/** Uses of a loop variable inside the loop body. */
function usesIn(
  ctx: FileContext,
  name: string,
  body: SyntaxNode,
  declaration: SyntaxNode,
): SyntaxNode[] {
  return usesOf(ctx, { name, statement: declaration, after: body.startIndex, declaration, body });
}

/** `x.Header.Set("Cookie", <call>)` or `.Add(...)`: the value of a Cookie request header. */
function isCookieHeaderValue(call: SyntaxNode): boolean {
  const list = call.parent;
  if (list?.type !== 'argument_list') return false;
  const args = list.namedChildren.filter((n) => n.type !== 'comment');
  const fn = list.parent?.childForFieldName('function');
  if (
    fn?.type !== 'selector_expression' ||
    !['Set', 'Add'].includes(fn.childForFieldName('field')?.text ?? '')
  )
    return false;
  const header = fn.childForFieldName('operand');
  if (
    header?.type !== 'selector_expression' ||
    header.childForFieldName('field')?.text !== 'Header'
  )
    return false;
  return args.length === 2 && args[1]!.id === call.id && /^["`]Cookie["`]$/.test(args[0]!.text);
}

/**
 * Whether `statement` may not run whenever the binding's statement has run: it lies in an `if`,
 * `switch`, `select` or loop body, or in a closure, that the binding's own block does not
 * always run.
 */
export function conditional(statement: SyntaxNode, binding: Binding): boolean {
  for (let n = statement.parent; n && n.id !== binding.body.id; n = n.parent) {
    if (
      (n.type === 'statement_list' || n.type === 'block') &&
      n.startIndex <= binding.statement.startIndex &&
      binding.statement.endIndex <= n.endIndex
    )
      return false;
    switch (n.type) {
      case 'if_statement':
      case 'for_statement':
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement':
      case 'func_literal':
        return true;
    }
  }
  return false;
}

/** A name that stands for the constant false: where it is declared. */
export interface ConstantFalse {
  name: string;
  line: number;
}

/**
 * Whether an expression is a name for the constant `false`: a constant (in the function, or at
 * package level) or a local initialised to `false` that nothing assigns again (no `=`, `++`,
 * `&`, no closure writing it).
 */
export function constantFalse(ctx: FileContext, expr: SyntaxNode | null): ConstantFalse | null {
  const id = unparenthesized(expr);
  if (id?.type !== 'identifier') return null;
  const name = id.text;
  const declaration = declarationOf(name, id);
  if (!declaration) return packageConstantFalse(ctx, name);
  if (booleanConstant(declaration.value) !== false) return null;
  const line = ctx.lines.lineOf(declaration.node.startIndex) + 1;
  if (declaration.kind === 'const') return { name, line };
  if (declaration.kind !== 'var') return null;
  const body = enclosingFunctionBody(declaration.node);
  if (!body) return null;
  const binding: Binding = {
    name,
    statement: declaration.node,
    after: declaration.node.endIndex,
    declaration: declaration.node,
    body,
  };
  for (const use of usesOf(ctx, binding)) {
    const parent = use.parent;
    if (parent?.type === 'inc_dec_statement') return null;
    if (parent?.type === 'unary_expression' && parent.child(0)?.type === '&') return null;
    if (
      parent?.type === 'expression_list' &&
      parent.parent?.type === 'assignment_statement' &&
      parent.parent.childForFieldName('left')?.id === parent.id
    )
      return null;
  }
  return { name, line };
}

/**
 * A package-level `const name = false` (alone, or in a `const (...)` block), found in the text:
 * the parser saw only the declarations that spell a sink.
 */
function packageConstantFalse(ctx: FileContext, name: string): ConstantFalse | null {
  const escaped = name.replace(/[$]/g, '\\$&');
  const single = new RegExp(`^const[ \\t]+${escaped}[ \\t]+(?:bool[ \\t]*)?=[ \\t]*false\\b`, 'm');
  const inBlock = new RegExp(`^[ \\t]+${escaped}[ \\t]+(?:bool[ \\t]*)?=[ \\t]*false\\b`, 'gm');
  const text = ctx.text;
  const m = single.exec(text);
  if (m) return { name, line: ctx.lines.lineOf(m.index) + 1 };
  for (const b of text.matchAll(inBlock)) {
    // In a const block: the nearest line above that starts at column 0 opens it.
    let start = text.lastIndexOf('\n', b.index! - 1);
    while (start > 0) {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const first = text[lineStart];
      if (first !== '\t' && first !== ' ' && first !== '\n' && first !== '\r') {
        if (text.startsWith('const (', lineStart))
          return { name, line: ctx.lines.lineOf(b.index!) + 1 };
        break;
      }
      start = lineStart - 1;
    }
  }
  return null;
}
