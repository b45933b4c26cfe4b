#!/usr/bin/env node
'use strict';
// CommonJS (see bin/package.json) loading one bundled file: Node starts a CommonJS entry a few
// milliseconds sooner than an ES module, and a hook's run is mostly start-up.
const { loadCli } = require('./load-cli.js');

loadCli()
  .exports.main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    // Getters: Node creates a standard stream on first use, and a hook run never writes to stdout.
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
  })
  .then((code) => {
    process.exitCode = code;
  });
