import { lstatSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { excludeMatcher, inSkippedDirectory, toPosix } from './files.js';
import { indexContext, readBlobs, resolveIndexFile, stagedGoFiles, updateIndex, writeBlobs, type IndexContext, type StagedFile } from './git.js';
import { BINARY, sinkPrefilter } from './prefilter.js';
import { rulesOf, sinksOf, type RuleId } from './rules/table.js';
import { writeFileAtomic } from './write-file.js';
import { OperationalError, fsReason } from './errors.js';
import type { FileReport } from './types.js';
import type { ScanOutcome, scanBytes as ScanBytes } from './scan.js';
import type { RunResult } from './report/run-result.js';

export interface IndexRunOptions {
  cwd: string;
  strict: boolean;
  /** Run only these rules (all when empty). */
  rules: RuleId[];
  fix: boolean;
  exclude: string[];
  /** Keep each finding's edits (SARIF output carries them as fixes). */
  edits: boolean;
  notice: (line: string) => void;
}

interface StagedFix {
  file: StagedFile;
  /** Path for messages, relative to the current directory. */
  shown: string;
  fixedBlob: Buffer;
  /** The working-tree file's new bytes, or why it is left alone. */
  working: { path: string; before: Buffer; after: Buffer } | { reason: string };
}

/**
 * `--staged`: checks what the commit will contain, read from the index. With `fix`, fixed
 * blobs go into the index (and, for `git commit <paths>`, into the index git keeps after the
 * commit), then each working-tree file is fixed from its own content, unstaged edits and all,
 * without staging them. A failure at any step restores what earlier steps changed.
 */
export async function runOnIndex(options: IndexRunOptions): Promise<RunResult> {
  const ctx = indexContext(options.cwd);
  resolveIndexFile(ctx);
  const excluded = excludeMatcher(options.exclude);
  const staged = stagedGoFiles(ctx).filter((f) => !inSkippedDirectory(f.path) && !excluded(f.path));
  await testPause('listed');
  const blobs = readBlobs(ctx, [...new Set(staged.map((f) => f.object))]);
  await testPause('read');

  const reports: FileReport[] = [];
  const fixes: StagedFix[] = [];
  let scanned = 0;
  // The rule's modules load only when some staged file can hold a cookie.
  const sinks = sinksOf(options.rules);
  const { scanBytes } = staged.some((f) => sinkPrefilter(blobs.get(f.object)!, sinks) === 'candidate')
    ? await import('./scan.js')
    : { scanBytes: (bytes: Buffer): ScanOutcome => ({ findings: [], text: '', skipped: sinkPrefilter(bytes, sinks) === 'binary' ? BINARY : undefined }) };
  for (const file of staged) {
    const outcome = scanBytes(blobs.get(file.object)!, { strict: options.strict, rules: options.rules, fix: options.fix, edits: options.edits, skipGenerated: true });
    if (outcome.skipped === 'generated') continue;
    scanned++;
    if (!outcome.skipped && outcome.findings.length === 0) continue;
    const root = ctx.repository().root; // only files with something to say get here
    const shown = toPosix(path.relative(options.cwd, path.join(root, file.path)));
    if (outcome.skipped) {
      options.notice(`${shown}: skipped, ${outcome.skipped}`);
      continue;
    }
    reports.push({ file: shown, text: outcome.text, findings: outcome.findings, notFixedReason: outcome.notFixedReason });
    if (outcome.notFixedReason) options.notice(`${shown}: not fixed: ${outcome.notFixedReason}`);
    if (outcome.fixedBytes) {
      fixes.push({ file, shown, fixedBlob: outcome.fixedBytes, working: planWorkingFix(root, file, blobs.get(file.object)!, outcome.fixedBytes, options, scanBytes) });
    }
  }

  if (fixes.length > 0) await applyFixes(ctx, fixes, options.notice);

  const findings = reports.reduce((n, r) => n + r.findings.length, 0);
  const fixed = reports.reduce((n, r) => n + r.findings.filter((f) => f.fixed).length, 0);
  return { reports, staged: true, fix: options.fix, rules: rulesOf(options.rules).map((r) => r.id), summary: { files: scanned, findings, fixed } };
}

/**
 * What the working-tree file becomes: fixed from its own content, which may hold unstaged
 * edits, so the user sees the fix without any of those edits being staged.
 */
function planWorkingFix(root: string, file: StagedFile, blob: Buffer, fixedBlob: Buffer, options: { strict: boolean; rules: RuleId[] }, scanBytes: typeof ScanBytes): StagedFix['working'] {
  const full = path.join(root, file.path);
  let before: Buffer;
  try {
    if (!lstatSync(full).isFile()) return { reason: 'the working copy is not a regular file' };
    before = readFileSync(full);
  } catch (error) {
    return { reason: `the working copy cannot be read (${fsReason(error)})` };
  }
  if (before.equals(blob)) return { path: full, before, after: fixedBlob };
  const outcome = scanBytes(before, { strict: options.strict, rules: options.rules, fix: true, skipGenerated: false });
  if (outcome.skipped) return { reason: outcome.skipped };
  if (outcome.notFixedReason) return { reason: outcome.notFixedReason.replace(/, left unchanged$/, '') };
  return { path: full, before, after: outcome.fixedBytes ?? before };
}

/** `git commit <paths>` commits from a temporary index; git renames index.lock to index afterwards. */
function keptIndex(ctx: IndexContext, gitDir: string): string | undefined {
  if (!ctx.indexFile || !/^next-index-.*\.lock$/.test(path.basename(ctx.indexFile))) return undefined;
  const real = path.join(gitDir, 'index.lock');
  return existsSync(real) ? real : undefined;
}

/**
 * Test hook for the interrupt tests: GO_COOKIE_SECURE_TEST_PAUSE=<step> stops here (saying so
 * on stderr) until the file named by GO_COOKIE_SECURE_TEST_RESUME exists or a signal arrives.
 */
async function testPause(step: string, interrupted: () => boolean = () => false): Promise<void> {
  if (process.env.GO_COOKIE_SECURE_TEST_PAUSE !== step) return;
  process.stderr.write(`go-cookie-secure: test pause at ${step}\n`);
  const resume = process.env.GO_COOKIE_SECURE_TEST_RESUME;
  while (!interrupted() && !(resume && existsSync(resume))) await new Promise((r) => setTimeout(r, 10));
}

/**
 * Writes the fixes: blobs, then the index (one atomic update-index per index), then the
 * working-tree files (each replaced atomically). SIGINT and SIGTERM wait until this is done,
 * so an interrupt leaves every file either as it was or fully fixed; the run then stops
 * with exit 130 and says so. On a failure, what was written is put back.
 */
async function applyFixes(ctx: IndexContext, fixes: StagedFix[], notice: (line: string) => void): Promise<void> {
  let signal: string | undefined;
  const defer = (name: string) => () => {
    signal = name;
  };
  const onInt = defer('SIGINT');
  const onTerm = defer('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    await writeFixes(ctx, fixes, notice, () => signal !== undefined);
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
  for (const fix of fixes) {
    if (!('path' in fix.working)) notice(`${fix.shown}: fixed in the commit; working copy left as is: ${fix.working.reason}`);
  }
  if (signal) throw new OperationalError(`interrupted (${signal}) while fixing; the fixes were completed first, so the index and the working tree are consistent`, { exitCode: 130 });
}

async function writeFixes(ctx: IndexContext, fixes: StagedFix[], notice: (line: string) => void, interrupted: () => boolean): Promise<void> {
  const objects = writeBlobs(ctx, fixes.map((f) => f.fixedBlob));
  await testPause('hashed', interrupted);
  const fixedEntries = fixes.map((f, i) => ({ ...f.file, object: objects[i]! }));
  const originalEntries = fixes.map((f) => f.file);
  // undefined: the index git is using (GIT_INDEX_FILE, or the repository's own)
  const indexes: Array<string | undefined> = [undefined];
  const { root, gitDir } = ctx.repository();
  const kept = keptIndex(ctx, gitDir);
  if (kept) indexes.push(kept);

  const updated: Array<string | undefined> = [];
  const written: Array<{ path: string; before: Buffer }> = [];
  try {
    for (const index of indexes) {
      updateIndex(root, fixedEntries, index);
      updated.push(index);
    }
    await testPause('indexed', interrupted);
    for (const fix of fixes) {
      if (!('path' in fix.working) || fix.working.after.equals(fix.working.before)) continue;
      try {
        writeFileAtomic(fix.working.path, fix.working.after);
      } catch (error) {
        throw new OperationalError(`cannot write ${fix.shown}: ${fsReason(error)}; the index and the working tree were left as they were`, { cause: error });
      }
      written.push(fix.working);
      if (written.length === 1) await testPause('writing', interrupted);
    }
  } catch (error) {
    // Put back what was changed, newest first, so both the index and the files are as before.
    for (const w of written.reverse()) {
      try {
        writeFileAtomic(w.path, w.before);
      } catch {
        notice(`could not restore ${w.path}`);
      }
    }
    for (const index of updated.reverse()) {
      try {
        updateIndex(root, originalEntries, index);
      } catch {
        notice(`could not restore ${index ?? 'the index'}`);
      }
    }
    throw error;
  }
}
