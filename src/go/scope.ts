import type { SyntaxNode } from './parser.js';

/**
 * What one function body says about a name, read from the tree (no type checker): where a
 * variable is declared, and with which written type. Scope is the enclosing functions (closures
 * see their outer function's variables); package-level declarations are not consulted.
 */

const FUNCTIONS = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** The body of the innermost function around `node`. */
export function enclosingFunctionBody(node: SyntaxNode): SyntaxNode | null {
  let fn: SyntaxNode | null = node.parent;
  while (fn && !FUNCTIONS.has(fn.type)) fn = fn.parent;
  return fn?.childForFieldName('body') ?? null;
}

/** A declaration of a name: its written type, or null when it has none (`x := ...`, `range`). */
export interface Declaration {
  type: SyntaxNode | null;
  /** What declares it: a var or const spec, a `:=` statement, a range clause, a parameter. */
  node: SyntaxNode;
  kind: 'var' | 'const' | 'parameter' | 'other';
  /** Its initial value, when the declaration gives one. */
  value: SyntaxNode | null;
}

/** The value at the name's position in a declaration's value list. */
function valueFor(names: SyntaxNode[], name: string, values: SyntaxNode | null): SyntaxNode | null {
  const i = names.findIndex((n) => n.text === name);
  const list = values?.type === 'expression_list' ? values.namedChildren : values ? [values] : [];
  return i === -1 ? null : (list[i] ?? null);
}

function identifiersOf(list: SyntaxNode | null): SyntaxNode[] {
  return list ? list.namedChildren.filter((n) => n.type === 'identifier') : [];
}

/** The declaration of `name` in one statement, if the statement declares it. */
function declaredIn(statement: SyntaxNode, name: string): Declaration | null {
  switch (statement.type) {
    case 'var_declaration':
    case 'const_declaration': {
      const specs = statement.namedChildren.flatMap((c) =>
        c.type === 'var_spec_list' ? c.namedChildren : [c],
      );
      for (const spec of specs) {
        const names = spec.childrenForFieldName('name');
        if (
          (spec.type === 'var_spec' || spec.type === 'const_spec') &&
          names.some((n) => n.text === name)
        ) {
          return {
            type: spec.childForFieldName('type'),
            node: spec,
            kind: spec.type === 'var_spec' ? 'var' : 'const',
            value: valueFor(names, name, spec.childForFieldName('value')),
          };
        }
      }
      return null;
    }
    case 'short_var_declaration': {
      const names = identifiersOf(statement.childForFieldName('left'));
      return names.some((n) => n.text === name)
        ? {
            type: null,
            node: statement,
            kind: 'var',
            value: valueFor(names, name, statement.childForFieldName('right')),
          }
        : null;
    }
    case 'range_clause':
      return identifiersOf(statement.childForFieldName('left')).some((n) => n.text === name)
        ? { type: null, node: statement, kind: 'other', value: null }
        : null;
    default:
      return null;
  }
}

function parameterNamed(list: SyntaxNode | null, name: string): Declaration | null {
  if (list?.type !== 'parameter_list') return null;
  for (const p of list.namedChildren) {
    if (
      (p.type === 'parameter_declaration' || p.type === 'variadic_parameter_declaration') &&
      p.childrenForFieldName('name').some((n) => n.text === name)
    ) {
      return {
        type: p.type === 'parameter_declaration' ? p.childForFieldName('type') : null,
        node: p,
        kind: 'parameter',
        value: null,
      };
    }
  }
  return null;
}

/**
 * The innermost declaration of `name` visible at `at`: a statement before it in an enclosing
 * block, an `if`/`for`/`switch` initializer or range clause around it, or a parameter, receiver
 * or named result of an enclosing function.
 */
export function declarationOf(name: string, at: SyntaxNode): Declaration | null {
  let child = at;
  for (let n = at.parent; n; child = n, n = n.parent) {
    switch (n.type) {
      case 'statement_list':
      case 'block': {
        // The statements before `child`, nearest first: a declaration is usually close above,
        // and each node handed over by the binding costs (a block's children all at once, more).
        for (let s = child.previousNamedSibling; s; s = s.previousNamedSibling) {
          const d = declaredIn(s, name);
          if (d) return d;
        }
        break;
      }
      case 'if_statement':
      case 'for_statement':
      case 'expression_switch_statement':
      case 'type_switch_statement': {
        for (const c of n.namedChildren) {
          if (c.startIndex >= child.startIndex) break;
          const inner = c.type === 'for_clause' ? c.childForFieldName('initializer') : c;
          const d = inner && declaredIn(inner, name);
          if (d) return d;
        }
        if (n.type === 'type_switch_statement' && n.childForFieldName('alias')?.text === name)
          return { type: null, node: n, kind: 'other', value: null };
        break;
      }
      case 'function_declaration':
      case 'method_declaration':
      case 'func_literal': {
        const d =
          parameterNamed(n.childForFieldName('parameters'), name) ??
          parameterNamed(n.childForFieldName('receiver'), name) ??
          parameterNamed(n.childForFieldName('result'), name);
        if (d) return d;
        break;
      }
      case 'source_file':
        return null;
    }
  }
  return null;
}

/** The variable a value is bound to (`v := X`, `var v = X`, `v = X`; `&` before X included), and its binding. */
export function boundVariable(
  value: SyntaxNode,
): { name: string; binding: SyntaxNode; expression: SyntaxNode } | null {
  let expr = value;
  if (expr.parent?.type === 'unary_expression' && expr.parent.child(0)?.type === '&')
    expr = expr.parent;
  const list = expr.parent;
  if (list?.type !== 'expression_list') return null;
  const binding = list.parent;
  if (!binding) return null;
  let targets: SyntaxNode[];
  if (binding.type === 'short_var_declaration' || binding.type === 'assignment_statement') {
    if (binding.childForFieldName('right')?.id !== list.id) return null;
    if (
      binding.type === 'assignment_statement' &&
      binding.childForFieldName('operator')?.text !== '='
    )
      return null;
    targets = binding.childForFieldName('left')?.namedChildren ?? [];
  } else if (binding.type === 'var_spec') {
    targets = binding.childrenForFieldName('name');
  } else {
    return null;
  }
  const index = list.namedChildren.findIndex((n) => n.id === expr.id);
  const target = targets[index];
  if (target?.type !== 'identifier') return null;
  return { name: target.text, binding, expression: expr };
}
