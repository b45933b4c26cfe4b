import { useTree, type Range, type SyntaxNode } from '../go/parser.js';
import { cookieRanges } from '../go/mask.js';
import { Imports, defaultImportName, type PackageNames } from '../go/imports.js';
import { LineIndex } from '../go/source.js';
import type { FixPlan } from '../go/layout.js';
import { SUPPRESSION_KEYWORDS, commentSuppresses, fileSuppressed } from './suppression.js';
import { ParsedFile, planFix, type Candidate, type Engine, type TextFacts } from './engine.js';
import { structLiteralEngine } from './struct-literal.js';
import { callArgumentEngine } from './call-argument.js';
import { settersEngine } from './setters.js';
import { fixDescription, message } from './messages.js';
import { SinkProbe } from './probe.js';
import { sinksOf, type Shape, type Sink } from './table.js';
import type { Finding, RuleId } from '../types.js';

/**
 * Detection: Go source in, findings (with their fixes as edits) out, for every sink of the
 * selected rules. Pure: no I/O.
 */

export interface DetectOptions {
  /** Report `Secure: <expression>` as kind `dynamic`. */
  strict: boolean;
  /** Compute each finding's edits (fixing, diffs, SARIF fixes). */
  edits: boolean;
  /** Parse the whole file, and nothing else, rather than only the declarations that spell a sink (tests compare the two). */
  wholeFile?: boolean;
  /**
   * Let a file whose every spelling is compliant in plain sight go unparsed (default). Off where
   * the parse itself is the point: the fixer's check that its output parses.
   */
  textVerdicts?: boolean;
  /** Run only these rules (all when absent or empty). */
  rules?: readonly RuleId[];
  /**
   * The sinks the text can hold, when the caller knows them already (the byte prefilter found
   * them): detection then does not probe the text again.
   */
  sinks?: readonly Sink[];
}

const ENGINES: { [K in Shape['kind']]: Engine<Extract<Shape, { kind: K }>> } = {
  'struct-literal': structLiteralEngine,
  'call-argument': callArgumentEngine,
  setters: settersEngine,
};

function engineOf<S extends Shape>(shape: S): Engine<S> {
  return ENGINES[shape.kind] as unknown as Engine<S>;
}

export interface Analysis {
  findings: Finding[];
  /** ERROR and MISSING nodes: the fixer refuses output that has more than its input. */
  syntaxErrors: number;
  /** Whether the text was parsed: not when it spells no sink, or only compliant ones in plain sight. */
  parsed: boolean;
}

const NOTHING: Analysis = { findings: [], syntaxErrors: 0, parsed: false };

export function analyzeGo(text: string, options: DetectOptions, oneBytePerChar = false): Analysis {
  const work: Array<{ sink: Sink; spellings: number[] }> = [];
  const probe = options.sinks ? undefined : SinkProbe.ofText(text);
  for (const sink of options.sinks ?? sinksOf(options.rules)) {
    if (probe && !probe.mayHold(sink)) continue;
    const spellings = engineOf(sink.shape).spellings(text, sink.shape);
    if (spellings.length > 0) work.push({ sink, spellings });
  }
  if (work.length === 0) return NOTHING;
  let imports: Imports | undefined;
  const importsOf = () => (imports ??= new Imports(text, needlesOf(work)));
  let falseSpelled: boolean | undefined;
  const spellsFalse = () => (falseSpelled ??= /\bfalse\b/.test(text));
  // Most spellings are compliant in plain sight: a file whose every spelling is needs no parse.
  if (
    !options.wholeFile &&
    options.textVerdicts !== false &&
    work.every(({ sink, spellings }) =>
      settled(text, sink, spellings, options.strict, importsOf, spellsFalse),
    )
  )
    return NOTHING;
  const all =
    work.length === 1
      ? work[0]!.spellings
      : [...new Set(work.flatMap((w) => w.spellings))].sort((a, b) => a - b);
  // Only the declarations that spell a sink are parsed (see go/mask.ts); if that guess does
  // not parse cleanly, the whole file is.
  const lines = new LineIndex(text, oneBytePerChar);
  const ranges = options.wholeFile ? null : cookieRanges(text, all, lines);
  if (ranges) {
    const ranged = useTree(text, ranges, (root) =>
      root.hasError ? undefined : detect(root, text, work, lines, importsOf(), ranges, options),
    );
    if (ranged) return { findings: ranged, syntaxErrors: 0, parsed: true };
  }
  return useTree(text, undefined, (root) => ({
    findings: detect(root, text, work, lines, importsOf(), null, options),
    syntaxErrors: countSyntaxErrors(root),
    parsed: true,
  }));
}

/** What the file's imports are read for: the sinks' import paths, and the default names of packages a snippet may use unimported. */
function needlesOf(work: ReadonlyArray<{ sink: Sink }>): Set<string> {
  const needles = new Set<string>();
  for (const { sink } of work) {
    for (const p of sink.importPaths) needles.add(p);
    if (sink.snippetFallback) needles.add(defaultImportName(sink.importPaths[0]!));
  }
  return needles;
}

function settled(
  text: string,
  sink: Sink,
  spellings: readonly number[],
  strict: boolean,
  imports: () => Imports,
  spellsFalse: () => boolean,
): boolean {
  const engine = engineOf(sink.shape);
  if (engine.settledByText === undefined) return false;
  let names: PackageNames | undefined;
  const facts: TextFacts = {
    names: () => (names ??= imports().names(sink.importPaths, sink.snippetFallback)),
    spellsFalse,
  };
  return spellings.every((at) => engine.settledByText!(text, sink.shape, at, strict, facts));
}

function countSyntaxErrors(root: SyntaxNode): number {
  if (!root.hasError) return 0;
  let n = 0;
  const cursor = root.walk();
  let done = false;
  while (!done) {
    const node = cursor.currentNode;
    if (node.isError || node.isMissing) n++;
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
    }
  }
  cursor.delete(); // its state lives in WebAssembly memory
  return n;
}

function detect(
  root: SyntaxNode,
  text: string,
  work: Array<{ sink: Sink; spellings: number[] }>,
  lines: LineIndex,
  imports: Imports,
  parsed: readonly Range[] | null,
  options: DetectOptions,
): Finding[] {
  const file = new ParsedFile(root, text, lines, imports, parsed);
  // Suppressing comments are looked up in the tree only where the parsed text spells a keyword.
  let maySuppress: boolean | undefined;
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const { sink, spellings } of work) {
    if (fileSuppressed(text, sink.rule)) continue;
    for (const c of engineOf(sink.shape).find(file, sink, sink.shape, spellings)) {
      if (root.hasError && inErrorRegion(c.node)) continue;
      if (c.kind === 'dynamic' && !options.strict) continue;
      maySuppress ??= SUPPRESSION_KEYWORDS.some((k) => file.spellsInTree(k));
      if (maySuppress && suppressed(file, sink, c)) continue;
      const key = `${sink.rule} ${c.offset}`;
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push(finding(file, sink, c, options.edits));
    }
  }
  return findings.sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
}

function finding(file: ParsedFile, sink: Sink, c: Candidate, edits: boolean): Finding {
  const fixable = c.fix !== undefined && (c.kind === 'missing' || c.kind === 'false');
  const plan: FixPlan =
    fixable && edits
      ? planFix(file, c.fix!)
      : { edits: [], scope: { offset: c.offset, end: c.end } };
  const from = file.lines.position(c.offset);
  const to = file.lines.position(c.end);
  return {
    ruleId: sink.rule,
    sink: sink.id,
    kind: c.kind,
    offset: c.offset,
    end: c.end,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    fixable,
    edits: plan.edits,
    editScope: plan.scope,
    message: c.message ?? message(sink, c.kind),
    fixDescription: fixable ? fixDescription(sink, c.kind, c.fix!.kind === 'planned') : undefined,
  };
}

function inErrorRegion(node: SyntaxNode): boolean {
  if (node.hasError) return true;
  for (let n = node.parent; n; n = n.parent) if (n.type === 'ERROR') return true;
  return false;
}

/**
 * A trailing comment on the first line of the candidate's node (or of what is reported, when
 * that starts on a later line), or the run of comment-only lines directly above it.
 */
function suppressed(file: ParsedFile, sink: Sink, c: Candidate): boolean {
  const rows = new Set([c.node.startPosition.row, file.lines.lineOf(c.offset)]);
  for (const row of rows) {
    const start = row === c.node.startPosition.row ? c.node.startIndex : c.offset;
    const trailing = file.comments.trailing.get(row);
    if (trailing && trailing.startIndex > start && commentSuppresses(trailing.text, sink.rule))
      return true;
    for (let r = row - 1; r >= 0; r--) {
      const texts = file.comments.ownLine.get(r);
      if (!texts) break;
      if (texts.some((t) => commentSuppresses(t, sink.rule))) return true;
    }
  }
  return false;
}
