// Bundles the command line into one CommonJS file, dist/src/cli.bundle.cjs, which bin/ loads.
// Why: most of a hook's run is Node's start-up, and loading ~20 ES modules (and ESM facades of
// the builtins) added ~15 ms to every run. The bundle sits beside tsc's output so that the paths
// the code resolves from its own location (package.json, hooks/) are the same in both.
//
// Dependencies stay external, loaded on demand from node_modules, except magic-string: it ships
// only an ES module, which Node 20 loads through its ESM loader (~7 ms), so it gets a CommonJS
// bundle of its own, required by the CLI's bundle only when a fix is applied.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };

// module.exports is the class: what the CLI's `import MagicString from 'magic-string'` gets
// from a CommonJS module under Node's rules.
await build({
  ...common,
  stdin: { contents: "module.exports = require('magic-string').default;", resolveDir: '.', loader: 'js' },
  outfile: 'dist/src/magic-string.bundle.cjs',
});

await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/src/cli.bundle.cjs',
  external: ['tree-sitter', 'tree-sitter-go', 'diff', 'picomatch'],
  plugins: [
    {
      name: 'magic-string-bundle',
      setup(b) {
        b.onResolve({ filter: /^magic-string$/ }, () => ({ path: './magic-string.bundle.cjs', external: true }));
      },
    },
  ],
  // CommonJS has no import.meta; the code only uses its url, to resolve files beside itself.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
