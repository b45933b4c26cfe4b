import { parentPort, workerData } from 'node:worker_threads';
import { claimNext, type WorkerData } from './parallel-scan.js';
import { scanFile, type FileJob } from './scan-file.js';
import { scanBytes, withGoParser } from '../scan-bytes.js';
import { revivePath } from '../paths.js';

// A worker thread of parallel-scan.ts: receives the files found so far, claims them one at a
// time from the shared counter, sends each result back. An exception is the worker's error.
const { cwd, options, next } = workerData as WorkerData;
const counter = new Int32Array(next);
const jobs: FileJob[] = [];

// Messages are taken in order: a claim loop that waits for the parser to load finishes before
// the next message's loop starts.
let previous = Promise.resolve();
parentPort!.on('message', (message: { jobs: FileJob[] }) => {
  // Test hook: a worker that fails, so that tests can see how the run reports it.
  if (process.env.GO_COOKIE_SECURE_TEST_WORKER_FAILS) throw new Error('scan worker failed (test)');
  // A Buffer path arrives as a plain Uint8Array.
  for (const job of message.jobs) jobs.push({ ...job, path: revivePath(job.path) });
  previous = previous.then(async () => {
    for (let i = claimNext(counter, jobs.length); i !== -1; i = claimNext(counter, jobs.length)) {
      const job = jobs[i]!;
      parentPort!.postMessage({
        index: i,
        result: await withGoParser(() => scanFile(cwd, job, options, scanBytes)),
      });
    }
  });
});
