import type { Range, SyntaxNode } from '../go/parser.js';
import { CommentIndex } from '../go/comments.js';
import type { LineIndex } from '../go/source.js';
import type { Imports, PackageNames } from '../go/imports.js';
import { flipFalseFix, insertFieldFix, type FixPlan, type LayoutContext } from '../go/layout.js';
import type { FindingKind } from '../types.js';
import type { Shape, Sink } from './table.js';

/** What an engine reads of one parsed file. */
export interface FileContext extends LayoutContext {
  readonly root: SyntaxNode;
  readonly imports: Imports;
  /** Whether the text spells a way to hand a cookie to a client (flow.ts): most files do not. */
  readonly spellsRequestSide: boolean;
}

/** A place an engine judged, before suppression, --strict and positions are applied. */
export interface Candidate {
  kind: FindingKind;
  /** What is reported (a literal, an argument, a call, a declaration). */
  offset: number;
  end: number;
  /** Whose first line carries suppression comments, and whose syntax errors void the candidate. */
  node: SyntaxNode;
  /** Set when `kind` can be fixed here; turned into edits only when they are wanted. */
  fix?: FixRecipe;
  /** Replaces the sink's message for the kind (a constant false through a name says which). */
  message?: string;
}

/**
 * How to fix a candidate, as data. Not a closure: a function stored on these per-file objects
 * kept each file's tree and text alive past the young generation (V8 records a function value
 * in the object's hidden class), so memory grew with every file scanned (measured: ~12.5 KB
 * promoted per file, against ~1 KB).
 */
export type FixRecipe =
  /** Add `field: true` to the literal whose body this is. */
  | { kind: 'insert-field'; body: SyntaxNode; field: string }
  /** This `false` token becomes `true`. */
  | { kind: 'flip'; node: SyntaxNode }
  /** Edits computed already (they needed the comment index anyway). */
  | { kind: 'planned'; plan: FixPlan };

export function planFix(ctx: FileContext, recipe: FixRecipe): FixPlan {
  switch (recipe.kind) {
    case 'insert-field':
      return insertFieldFix(ctx, recipe.body, recipe.field);
    case 'flip':
      return flipFalseFix(ctx, recipe.node);
    case 'planned':
      return recipe.plan;
  }
}

/** One engine per sink shape: where the text can spell the sink, and what the tree says there. */
export interface Engine<S extends Shape> {
  /** Offsets (increasing) of the spellings the engine starts from; none means nothing to parse. */
  spellings(text: string, shape: S): number[];
  find(ctx: FileContext, sink: Sink, shape: S, spellings: readonly number[]): Candidate[];
  /**
   * Whether the spelling at `at` yields no finding, as its text alone shows (`Secure: true` in the
   * literal, a `true` argument; without --strict also an expression that cannot be false), so
   * that `find` would return nothing for it whatever the tree holds. A file whose every spelling
   * is settled so is not parsed. False whenever in doubt.
   */
  settledByText?(text: string, shape: S, at: number, strict: boolean, facts: TextFacts): boolean;
}

/** What a text verdict may ask of the whole file, each worked out on first use. */
export interface TextFacts {
  /** How the file names the sink's package, read from its imports. */
  names(): PackageNames;
  /** Whether the file spells `false` as a word: where it does not, no value can be a constant false. */
  spellsFalse(): boolean;
}

/**
 * Whether a value, as written, yields no finding: `true`, or, without --strict (which reports
 * expressions), an expression that cannot be a constant false: a selector, a call, a comparison
 * with one (`r.TLS != nil`, `cfg.Secure`), or anything at all in a file that never spells
 * `false` (a name then stands for no constant false: constantFalse in flow.ts follows names to
 * a `false`). Comments inside make it doubtful.
 */
export function settledValue(value: string, strict: boolean, facts: TextFacts): boolean {
  if (value === 'true') return true;
  if (strict || value.includes('/*') || value.includes('//')) return false;
  return /[.(]/.test(value.replace(/^[(\s]+/, '')) || !facts.spellsFalse();
}

/**
 * A parsed file with what engines share. Comments are indexed on first use (by the fixer's
 * alignment, or to check a suppression in a file that spells one of its keywords).
 * A class and not an object literal with a getter: V8 gives each such literal a hidden class of
 * its own holding the getter's closure, which the young-generation collector keeps alive, so
 * every file's tree and text stayed until a full collection and peak memory grew with the
 * number of files (measured: +20% for twice the corpus).
 */
export class ParsedFile implements FileContext {
  private commentIndex: CommentIndex | undefined;
  private requestSide: boolean | undefined;
  constructor(
    readonly root: SyntaxNode,
    readonly text: string,
    readonly lines: LineIndex,
    readonly imports: Imports,
    /** The ranges the tree was parsed from (go/mask.ts), or null for the whole text. */
    readonly parsed: readonly Range[] | null,
  ) {}

  /** Whether the part of the text the tree holds spells `needle`: nothing the tree shows can spell it otherwise. */
  spellsInTree(needle: string): boolean {
    return this.parsed === null
      ? this.text.includes(needle)
      : this.parsed.some((r) => this.text.slice(r.startIndex, r.endIndex).includes(needle));
  }

  get comments(): CommentIndex {
    return (this.commentIndex ??= new CommentIndex(this.root, this.text, this.lines));
  }

  get spellsRequestSide(): boolean {
    return (this.requestSide ??= REQUEST_SIDE.some((spelling) => this.spellsInTree(spelling)));
  }
}

/** An expression without the parentheses around it. */
/** Whether `text` spells `word` inside `node`: a string search before any read of its children. */
export function spellsWithin(text: string, node: SyntaxNode, word: string): boolean {
  const at = text.indexOf(word, node.startIndex);
  return at !== -1 && at < node.endIndex;
}

/** The value node inside a literal_element (`true`, `false`, or any expression). */
export function valueExpression(element: SyntaxNode): SyntaxNode | null {
  const value = element.childForFieldName('value');
  return value?.type === 'literal_element' ? value.namedChild(0) : value;
}

export function unparenthesized(node: SyntaxNode | null | undefined): SyntaxNode | null {
  let n = node ?? null;
  while (n?.type === 'parenthesized_expression') n = n.namedChild(0);
  return n;
}

/**
 * What every request-side use spells (flow.ts): `AddCookie`, a jar's `SetCookies`, a `Cookie`
 * header. Searched as strings, as SUPPRESSION_KEYWORDS are.
 */
const REQUEST_SIDE = ['AddCookie', 'SetCookies', '"Cookie"', '`Cookie`'];

/** The value of a `true`/`false` constant (parenthesized or not), or undefined for any other expression. */
export function booleanConstant(node: SyntaxNode | null | undefined): boolean | undefined {
  const n = unparenthesized(node);
  if (n?.type === 'true') return true;
  if (n?.type === 'false') return false;
  return undefined;
}

/**
 * The callee of a call of a package's function, from the identifier naming the function:
 * `pkg.F` where `pkg` is a qualifier of the package, or `F` under a dot import.
 */
export function packageFunction(id: SyntaxNode, names: PackageNames): SyntaxNode | null {
  const parent = id.parent;
  if (id.type === 'field_identifier' && parent?.type === 'selector_expression') {
    const operand = parent.childForFieldName('operand');
    return operand?.type === 'identifier' && names.qualifiers.has(operand.text) ? parent : null;
  }
  return id.type === 'identifier' && names.dotImport ? id : null;
}

/** Whether `type` names `name` of a package known by `names` (`*name` for a pointer to it). */
export function isNamedType(type: SyntaxNode | null, name: string, names: PackageNames): boolean {
  if (!type) return false;
  let t: SyntaxNode | null = type;
  let wanted = name;
  if (wanted.startsWith('*')) {
    if (t.type !== 'pointer_type') return false;
    t = t.namedChild(0);
    wanted = wanted.slice(1);
  }
  if (t?.type === 'qualified_type') {
    const pkg = t.childForFieldName('package');
    return t.childForFieldName('name')?.text === wanted && !!pkg && names.qualifiers.has(pkg.text);
  }
  return t?.type === 'type_identifier' && names.dotImport && t.text === wanted;
}

/**
 * A boolean argument judged: nothing when it is the constant `true`, `false` (fixable: it
 * becomes `true`) or `dynamic`. Reported at the argument; suppressed from the call's lines.
 */
export function booleanArgument(arg: SyntaxNode, call: SyntaxNode): Candidate | null {
  const value = booleanConstant(arg);
  if (value === true) return null;
  if (value === false)
    return {
      kind: 'false',
      offset: arg.startIndex,
      end: arg.endIndex,
      node: call,
      fix: { kind: 'flip', node: unparenthesized(arg)! },
    };
  return { kind: 'dynamic', offset: arg.startIndex, end: arg.endIndex, node: call };
}
