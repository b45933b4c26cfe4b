import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT, tempDir } from './helpers/temp.js';

const INPUTS = Number(process.env.GCS_FUZZ_INPUTS ?? 20000);
const BUDGET_MS = Number(process.env.GCS_FUZZ_BUDGET_MS ?? 150000);
const SEED = Number(process.env.GCS_SEED ?? 7);

test(`fuzz: ${INPUTS} mutated Go inputs through scan and fix (seed ${SEED})`, () => {
  const progress = path.join(tempDir('gcs-fuzz-'), 'progress');
  const worker = path.join(PROJECT_ROOT, 'dist/test/helpers/fuzz-worker.js');
  // Killed after the budget plus a margin: a hang shows as a timeout at the input in `progress`.
  const r = spawnSync(
    process.execPath,
    [worker, String(SEED), String(INPUTS), String(BUDGET_MS), progress],
    { encoding: 'utf8', timeout: BUDGET_MS + 60000 },
  );
  if (r.error || r.status !== 0) {
    let last = '?';
    try {
      last = readFileSync(progress, 'utf8');
    } catch {
      // no progress written
    }
    assert.unreachable(
      `fuzz worker ${r.error ? 'hung or was killed' : `exited ${r.status}`} at input ${last} (GCS_SEED=${SEED}): ${r.stderr.slice(0, 500)}`,
    );
  }
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(result.failures, [], `GCS_SEED=${SEED}`);
  assert.ok(result.done >= INPUTS, `only ${result.done} inputs within ${BUDGET_MS} ms`);
  console.log(`  fuzz: ${result.done} inputs, 100k-line file in ${result.bigMs} ms`);
});

test.run();
