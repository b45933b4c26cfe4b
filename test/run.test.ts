import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnPaths } from '../src/scan/run.js';
import { tempDir, write } from './helpers/temp.js';

const INSECURE = 'package main\n\nimport "net/http"\n\nvar c = http.Cookie{}\n';

test('runOnPaths resolves paths and walks against its cwd option, not the process directory', async () => {
  const dir = tempDir();
  write(dir, 'a/x.go', INSECURE);
  write(dir, 'y.go', INSECURE);
  const base = {
    cwd: dir,
    strict: false,
    rules: [],
    fix: false,
    dryRun: false,
    exclude: [],
    edits: false,
    notice: () => undefined,
  };
  const walked = await runOnPaths({ ...base, paths: [] });
  assert.equal(
    walked.reports.map((r) => r.file),
    ['a/x.go', 'y.go'],
  );
  const named = await runOnPaths({ ...base, paths: ['a', 'y.go'] });
  assert.equal(
    named.reports.map((r) => r.file),
    ['a/x.go', 'y.go'],
  );
  assert.ok(process.cwd() !== dir);
});

test.run();
