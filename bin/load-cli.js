'use strict';
// Loads the CLI's bundle with V8's code cache, when the build made one for this very bundle.
//
// Why: a hook's run is short, and compiling the functions it calls is a good part of it
// (~4 ms of a fixing hook's ~150 ms, measured). The build runs the CLI on an example and saves
// the code V8 compiled (scripts/code-cache.mjs); later runs start with it. V8 checks its own
// version and flags, but not the source text beyond its length, so the cache names the build it
// belongs to (the first line of the bundle) and is ignored for any other. A vm.Script has no
// loader for import(), so the bundle requires its packages (scripts/bundle.mjs checks).
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

// The parser's WebAssembly runs on V8's baseline compiler only (src/go/parser.ts says why). V8
// rejects a code cache made under other flags, and the cache is made after a parse, so every run
// sets the flag before it loads the bundle.
require('node:v8').setFlagsFromString('--liftoff-only');

const BUNDLE = path.join(__dirname, '../dist/src/cli.bundle.cjs');
const CACHE = `${BUNDLE}.cache`;

/** The cache's bytes after its header, the bundle's first line (`// build <hash>\n`), or undefined. */
function cacheFor(header) {
  let bytes;
  try {
    bytes = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  return header.startsWith('// build ') && bytes.toString('latin1', 0, header.length) === header
    ? bytes.subarray(header.length)
    : undefined;
}

/** The bundle's exports; `script` and `header` are for scripts/code-cache.mjs, which saves the code. */
function loadCli() {
  const source = readFileSync(BUNDLE, 'utf8');
  const header = source.slice(0, source.indexOf('\n') + 1);
  const script = new vm.Script(Module.wrap(source), {
    filename: BUNDLE,
    cachedData: cacheFor(header),
  });
  if (process.env.GO_COOKIE_SECURE_TRACE_CODE_CACHE) {
    const state =
      script.cachedDataRejected === undefined
        ? 'none'
        : script.cachedDataRejected
          ? 'rejected'
          : 'used';
    process.stderr.write(`go-cookie-secure: code cache ${state}\n`);
  }
  const module = { exports: {} };
  script.runInThisContext()(
    module.exports,
    Module.createRequire(BUNDLE),
    module,
    BUNDLE,
    path.dirname(BUNDLE),
  );
  return { exports: module.exports, script, header };
}

module.exports = { loadCli, CACHE };
