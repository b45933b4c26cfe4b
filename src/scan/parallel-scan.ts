import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { scanFile, type FileJob, type FileResult, type FileScanOptions } from './scan-file.js';
import { OperationalError } from '../errors.js';

/**
 * Scans files as they are found, on this thread and, once a scan proves large, on worker
 * threads too. Every thread claims the next unclaimed file from one shared counter, so the
 * faster ones take more; results are kept by index, so reports come out in the order the
 * files were found, whoever scanned them.
 */

// Set by scripts/bundle.mjs: the CLI's bundle starts workers from a bundle of their own.
declare const SCAN_WORKER_BUNDLE: string | undefined;
const WORKER_SCRIPT = new URL(
  typeof SCAN_WORKER_BUNDLE === 'string' ? SCAN_WORKER_BUNDLE : './scan-worker.js',
  import.meta.url,
);

/**
 * A worker costs ~50 ms of start-up (its own Node environment, bundle and parser, all cold)
 * and ~12 MB, taken from the cores git grep and this thread use. Measured on 2 cores, scans
 * with a worker were 10% slower at 218 candidate files and 9% slower at ~450; 5-8% faster at
 * 2,090. So workers start only for scans this large.
 */
const WORKER_THRESHOLD = 1024;

export interface WorkerData {
  cwd: string;
  options: FileScanOptions;
  /** One Int32: the index of the next file to claim. */
  next: SharedArrayBuffer;
}

/** Claims the next file index below `available`, or -1 when every such file is taken. */
export function claimNext(next: Int32Array, available: number): number {
  for (;;) {
    const i = Atomics.load(next, 0);
    if (i >= available) return -1;
    if (Atomics.compareExchange(next, 0, i, i + 1) === i) return i;
  }
}

export interface ParallelScanOptions extends FileScanOptions {
  cwd: string;
  /**
   * Worker threads: by default one less than the cores (at most 3), started once the scan
   * proves large; a number given here starts that many with the first file (tests, tuning).
   */
  workers?: number;
}

/** Scans every job `jobs` yields; results in the same order. */
export async function scanInParallel(
  jobs: AsyncIterable<FileJob>,
  options: ParallelScanOptions,
): Promise<Array<{ job: FileJob; result: FileResult }>> {
  const { cwd } = options;
  const fileOptions: FileScanOptions = {
    strict: options.strict,
    rules: options.rules,
    fix: options.fix,
    edits: options.edits,
    keepText: options.keepText,
  };
  const maxWorkers = options.workers ?? Math.min(availableParallelism() - 1, 3);
  const threshold = options.workers === undefined ? WORKER_THRESHOLD : 1;
  const next = new SharedArrayBuffer(4);
  const counter = new Int32Array(next);
  const found: FileJob[] = [];
  const results: Array<FileResult | undefined> = [];
  const workers: Worker[] = [];
  let scan: typeof import('../scan-bytes.js') | undefined;
  let done = 0;
  let fromWorkers = 0;
  let wake: (() => void) | undefined;
  let failure: unknown;

  const startWorkers = () => {
    // Loaded only here: most scans start no worker, and the module costs ~1.5 ms to load.
    const { Worker } = createRequire(import.meta.url)(
      'node:worker_threads',
    ) as typeof import('node:worker_threads');
    for (let w = 0; w < maxWorkers; w++) {
      const worker = new Worker(WORKER_SCRIPT, {
        workerData: { cwd, options: fileOptions, next } satisfies WorkerData,
      });
      worker.unref(); // never keeps the process alive; results are awaited below
      worker.on('message', (m: { index: number; result: FileResult }) => {
        results[m.index] = revive(m.result);
        done++;
        fromWorkers++;
        wake?.();
      });
      worker.on('error', (error) => {
        // An error the user can act on keeps its one-line form across the thread boundary.
        failure ??=
          error.name === 'OperationalError'
            ? new OperationalError(error.message, {
                exitCode: (error as OperationalError).exitCode,
              })
            : error;
        wake?.();
      });
      worker.on('exit', (code) => {
        failure ??= new Error(`a scan worker exited (${code})`);
        wake?.();
      });
      worker.postMessage({ jobs: found });
      workers.push(worker);
    }
  };
  // Files are taken in as git (or the walk) finds them, while this thread scans: between two
  // files it yields, so the list grows and the workers see files this thread has not claimed.
  let finished = false;
  // Set once this thread's scan is over, failed or not: the list goes on growing in the
  // background, and workers started after the clean-up below would keep the process alive.
  let over = false;
  const reading = (async () => {
    for await (const job of jobs) {
      found.push(job);
      if (workers.length > 0) for (const worker of workers) worker.postMessage({ jobs: [job] });
      else if (found.length === threshold && maxWorkers > 0 && !over) startWorkers();
      wake?.();
    }
  })();
  reading
    .then(
      () => (finished = true),
      (error: unknown) => (failure ??= error),
    )
    .finally(() => wake?.());

  const idle = () => new Promise<void>((resolve) => (wake = resolve));
  try {
    while (failure === undefined) {
      const i = claimNext(counter, found.length);
      if (i === -1) {
        if (finished) break;
        await idle();
        continue;
      }
      // The rule's modules load with the first file (the parser only with the first parse).
      scan ??= await import('../scan-bytes.js');
      const job = found[i]!;
      results[i] = await scan.withGoParser(() => scanFile(cwd, job, fileOptions, scan!.scanBytes));
      done++;
      if (workers.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Then wait for what the workers claimed.
    while (done < found.length && failure === undefined) await idle();
  } finally {
    over = true;
    // Also when this thread's scan throws: a worker left running kept the process alive.
    for (const worker of workers) {
      worker.removeAllListeners('exit');
      void worker.terminate();
    }
  }
  if (failure !== undefined) throw failure;
  if (process.env.GO_COOKIE_SECURE_TRACE_WORKERS)
    process.stderr.write(
      `go-cookie-secure: ${workers.length} scan workers scanned ${fromWorkers} of ${found.length} files\n`,
    );
  return found.map((job, i) => ({ job, result: results[i]! }));
}

/** Buffers arrive from a worker as plain Uint8Arrays. */
function revive(result: FileResult): FileResult {
  if (result.status === 'scanned' && result.outcome.fixedBytes) {
    const bytes = result.outcome.fixedBytes;
    result.outcome.fixedBytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return result;
}
