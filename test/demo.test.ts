import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { PROJECT_ROOT, run } from './helpers/temp.js';

test("the README's demo: a blocked commit, then a fixed one, then a clean status", () => {
  const r = run('bash', [path.join(PROJECT_ROOT, 'example/demo.sh')], { cwd: PROJECT_ROOT });
  assert.is(r.status, 0, r.stdout + r.stderr);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes the tool prints
  const out = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
  const blocked = out.indexOf('Commit blocked: cookies above are not Secure.');
  const fixed = out.indexOf('3 findings in 1 file (3 fixed, 0 remaining)');
  assert.ok(blocked !== -1 && fixed > blocked, out);
  assert.match(out, '+\t\tSecure:   true,');
  assert.match(out, '== git status   (working tree and index agree)\n(clean)');
});

test.run();
