import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as WebTreeSitter from 'web-tree-sitter';
import { OperationalError } from '../errors.js';

export type SyntaxNode = WebTreeSitter.Node;
export type Range = WebTreeSitter.Range;

// The grammar's WebAssembly build, copied from tree-sitter-go by the build beside the modules
// that load it (scripts/bundle.mjs sets GO_GRAMMAR_WASM for the bundles, which sit one folder up).
declare const GO_GRAMMAR_WASM: string | undefined;
const GRAMMAR = new URL(
  typeof GO_GRAMMAR_WASM === 'string' ? GO_GRAMMAR_WASM : '../tree-sitter-go.wasm',
  import.meta.url,
);

const require = createRequire(import.meta.url);
let parser: WebTreeSitter.Parser | undefined;
let loading: Promise<void> | undefined;

/** Thrown by `useTree` before `loadGoParser` has finished; `withGoParser` answers it. */
export class ParserNotLoaded extends Error {
  constructor() {
    super('the Go parser is not loaded');
  }
}

/**
 * Loads tree-sitter's WebAssembly runtime and the Go grammar (no native code: it installs
 * anywhere Node runs). Loaded on first need only: a run whose files cannot contain a sink never
 * pays for it. `GO_COOKIE_SECURE_TRACE_PARSER` lets tests observe the load.
 */
export function loadGoParser(): Promise<void> {
  loading ??= (async () => {
    // V8 compiles wasm quickly (Liftoff), then again optimised (TurboFan) on background threads,
    // and Node waits for those at exit: ~100 ms of idle at the end of a one-file hook, more than
    // a scan of hundreds of files gains from the faster code (measured: 0.29 s against 0.19 s for
    // the hook, 0.45 s against 0.38 s for a 20,000-file repository). Set before the first compile
    // (bin/load-cli.js sets it at start, so that the bundle's code cache matches V8's flags).
    require('node:v8').setFlagsFromString('--liftoff-only');
    try {
      const runtime = require('web-tree-sitter') as typeof WebTreeSitter;
      const grammar = readFileSync(GRAMMAR);
      // The runtime's wasm, compiled here from bytes read synchronously: its own start reads the
      // file and compiles it asynchronously, a few more turns of the event loop for the same work.
      const runtimeWasm = readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
      await runtime.Parser.init({
        instantiateWasm(
          imports: WebAssembly.Imports,
          receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
        ) {
          const module = new WebAssembly.Module(new Uint8Array(runtimeWasm));
          receive(new WebAssembly.Instance(module, imports), module);
          return {};
        },
      });
      // Compiled synchronously: the grammar is ~200 KB, and V8 compiles its functions lazily.
      const language = runtime.Language.loadSync(new WebAssembly.Module(new Uint8Array(grammar)));
      const loaded = new runtime.Parser();
      loaded.setLanguage(language);
      parser = loaded;
    } catch (error) {
      // A package cut short, or a runtime this Node cannot start: one line, not a stack.
      const reason = ((error as Error).message ?? String(error)).split('\n')[0];
      throw new OperationalError(
        `cannot load the Go parser: ${reason}; reinstall go-cookie-secure`,
        { cause: error },
      );
    }
    if (process.env.GO_COOKIE_SECURE_TRACE_PARSER)
      process.stderr.write('go-cookie-secure: parser loaded\n');
  })();
  return loading;
}

/**
 * Runs `work`, which may parse; if it needed the parser before it was loaded, loads it and runs
 * `work` again. Detection is pure, so the second run sees what the first would have; and a run
 * whose files settle without a parse never loads the parser.
 */
export async function withGoParser<T>(work: () => T): Promise<T> {
  if (parser) return work();
  try {
    return work();
  } catch (error) {
    if (!(error instanceof ParserNotLoaded)) throw error;
  }
  await loadGoParser();
  return work();
}

/**
 * Parses Go source, or only `ranges` of it (positions stay those of the whole text), hands the
 * root to `use`, then frees the tree. Offsets and columns count UTF-16 units of the string, as
 * the native binding did. A leading BOM is parsed as a space, so offsets stay those of `text`.
 *
 * The tree's nodes live in WebAssembly memory, which the garbage collector does not see, so a
 * tree is freed as soon as it is read. The text reaches the parser through a holder emptied
 * afterwards: web-tree-sitter registers each tree with a FinalizationRegistry, which V8's
 * young-generation collector treats as a strong reference, so a tree that kept the text itself
 * moved it to the old generation with every file (4.3 KB a 5 KB file, measured).
 */
export function useTree<T>(
  text: string,
  ranges: Range[] | undefined,
  use: (root: SyntaxNode) => T,
): T {
  if (!parser) throw new ParserNotLoaded();
  const source = { text: text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text };
  const tree = parser.parse(
    (index) => source.text.slice(index),
    null,
    ranges ? { includedRanges: ranges } : undefined,
  );
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
    source.text = '';
  }
}

/** The smallest node spanning `start..end` (the root when none is smaller). */
export function nodeSpanning(root: SyntaxNode, start: number, end: number): SyntaxNode {
  return root.descendantForIndex(start, end) ?? root;
}
