#!/usr/bin/env node
'use strict';
// CommonJS (see bin/package.json) loading one bundled file: Node starts a CommonJS entry a few
// milliseconds sooner than an ES module, and a hook's run is mostly start-up.
const { loadCli } = require('./load-cli.js');

let stdoutWatched = false;

loadCli()
  .exports.main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    // Getters: Node creates a standard stream on first use, and a hook run never writes to stdout.
    get stdout() {
      // A reader that stops early (`| head`) closes the pipe: the run ends quietly, as Unix tools do.
      if (!stdoutWatched) {
        stdoutWatched = true;
        process.stdout.on('error', (error) => {
          if (error.code === 'EPIPE') process.exit(process.exitCode ?? 1);
          throw error;
        });
      }
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
  })
  .then((code) => {
    process.exitCode = code;
  });
