// Bundles the command line into one CommonJS file, dist/src/cli.bundle.cjs, which bin/ loads
// (and the scan worker into another).
// Why: most of a hook's run is Node's start-up, and loading ~20 ES modules (and ESM facades of
// the builtins) added ~15 ms to every run. The bundle sits beside tsc's output so that the paths
// the code resolves from its own location (package.json, hooks/) are the same in both.
//
// Dependencies stay external, loaded on demand from node_modules, except magic-string: it ships
// only an ES module, which Node 20 loads through its ESM loader (~7 ms), so it gets a CommonJS
// bundle of its own, which src/fix/apply-edits.ts requires (MAGIC_STRING_BUNDLE) only when a fix
// is applied.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';

// The Go grammar's WebAssembly build ships inside this package (tree-sitter-go is only a
// development dependency: its own install script would build a native binding that nothing here
// uses), beside the bundles; tsc's src/go/parser.js finds it one folder up.
copyFileSync('node_modules/tree-sitter-go/tree-sitter-go.wasm', 'dist/src/tree-sitter-go.wasm');
copyFileSync('node_modules/tree-sitter-go/LICENSE', 'dist/src/tree-sitter-go.LICENSE');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
};

// module.exports is the class.
await build({
  ...common,
  stdin: {
    contents: "module.exports = require('magic-string').default;",
    resolveDir: '.',
    loader: 'js',
  },
  outfile: 'dist/src/magic-string.bundle.cjs',
});

const shared = {
  ...common,
  packages: 'external',
  define: {
    // CommonJS has no import.meta; the code only uses its url, to resolve files beside itself.
    'import.meta.url': '__bundleUrl',
    MAGIC_STRING_BUNDLE: JSON.stringify('./magic-string.bundle.cjs'),
    SCAN_WORKER_BUNDLE: JSON.stringify('./scan-worker.bundle.cjs'),
    GO_GRAMMAR_WASM: JSON.stringify('./tree-sitter-go.wasm'),
  },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({ ...shared, entryPoints: ['src/cli.ts'], outfile: 'dist/src/cli.bundle.cjs' });
// The first line names this build, for the code cache made from it (bin/load-cli.js).
const cli = readFileSync('dist/src/cli.bundle.cjs', 'utf8');
// bin/load-cli.js runs the bundle as a vm.Script, which has no loader for import() (Node gives
// one only from 20.12): packages are required (src/cli.ts loads diff's CommonJS build).
if (/\bimport\(/.test(cli))
  throw new Error('dist/src/cli.bundle.cjs calls import(): require the package instead');
writeFileSync(
  'dist/src/cli.bundle.cjs',
  `// build ${createHash('sha256').update(cli).digest('hex').slice(0, 32)}\n${cli}`,
);
// Large scans start worker threads from this one (src/scan/parallel-scan.ts).
await build({
  ...shared,
  entryPoints: ['src/scan/scan-worker.ts'],
  outfile: 'dist/src/scan-worker.bundle.cjs',
});
