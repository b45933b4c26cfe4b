import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';
import { OperationalError } from '../errors.js';

export type SyntaxNode = ParserType.SyntaxNode;
export type Tree = ParserType.Tree;

const require = createRequire(import.meta.url);
let parser: ParserType | undefined;

/**
 * Loaded on first use only: a run whose files cannot contain a cookie literal never pays for
 * the native modules. `GO_COOKIE_SECURE_TRACE_PARSER` lets tests observe the load.
 */
function goParser(): ParserType {
  if (!parser) {
    let Parser: typeof ParserType;
    let Go: ParserType.Language;
    try {
      Parser = require('tree-sitter') as typeof ParserType;
      Go = require('tree-sitter-go') as ParserType.Language;
    } catch (error) {
      // A prebuilt binary this system cannot load (an older C++ library), and no build of its own
      // because npm ran no install scripts: say so in one line, not with a stack.
      const reason = ((error as Error).message ?? String(error)).split('\n')[0];
      throw new OperationalError(`cannot load the Go parser (tree-sitter's native module): ${reason}; build it for this system with npm rebuild tree-sitter tree-sitter-go (install scripts allowed, a C++ compiler present)`, { cause: error });
    }
    parser = new Parser();
    parser.setLanguage(Go);
    if (process.env.GO_COOKIE_SECURE_TRACE_PARSER) {
      process.stderr.write('go-cookie-secure: parser loaded\n');
    }
  }
  return parser;
}

/**
 * Parses Go source, or only `ranges` of it (positions stay those of the whole text). A leading
 * BOM is parsed as a space, so offsets stay those of `text`.
 */
export function parseGo(text: string, ranges?: ParserType.Range[]): Tree {
  const input = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  // The default 32 KiB buffer makes the binding copy large sources in pieces; one piece is faster.
  return goParser().parse(input, undefined, { bufferSize: Math.max(input.length + 1, 32 * 1024), includedRanges: ranges });
}
