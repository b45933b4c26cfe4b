import { lstatSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { excludeMatcher, inSkippedDirectory, toPosix } from './files.js';
import { indexContext, readBlobs, resolveIndexFile, stagedGoFiles, updateIndex, writeBlobs, type IndexContext, type StagedFile } from './git.js';
import { scanBytes } from './scan.js';
import { transplantFix } from './fix/transplant.js';
import { decodeGoSource } from './go/source.js';
import { writeFileAtomic } from './write-file.js';
import { OperationalError, fsReason } from './errors.js';
import type { FileReport } from './types.js';
import type { RunResult } from './report/run-result.js';

export interface IndexRunOptions {
  cwd: string;
  strict: boolean;
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
 * commit), then the same fix is carried to each working-tree file without staging the user's
 * unstaged edits. A failure at any step restores what earlier steps changed.
 */
export async function runOnIndex(options: IndexRunOptions): Promise<RunResult> {
  const ctx = indexContext(options.cwd);
  await resolveIndexFile(ctx);
  const excluded = excludeMatcher(options.exclude);
  const staged = (await stagedGoFiles(ctx)).filter((f) => !inSkippedDirectory(f.path) && !excluded(f.path));
  const blobs = await readBlobs(ctx, [...new Set(staged.map((f) => f.object))]);

  const reports: FileReport[] = [];
  const fixes: StagedFix[] = [];
  let scanned = 0;
  for (const file of staged) {
    const outcome = scanBytes(blobs.get(file.object)!, { strict: options.strict, fix: options.fix, edits: options.edits, skipGenerated: true });
    if (outcome.skipped === 'generated') continue;
    scanned++;
    if (!outcome.skipped && outcome.findings.length === 0) continue;
    const root = (await ctx.repository()).root; // only files with something to say get here
    const shown = toPosix(path.relative(options.cwd, path.join(root, file.path)));
    if (outcome.skipped) {
      options.notice(`${shown}: skipped, ${outcome.skipped}`);
      continue;
    }
    if (outcome.findings.length === 0) continue;
    reports.push({ file: shown, text: outcome.text, findings: outcome.findings, notFixedReason: outcome.notFixedReason });
    if (outcome.notFixedReason) options.notice(`${shown}: not fixed: ${outcome.notFixedReason}`);
    if (outcome.fixedBytes) {
      fixes.push({ file, shown, fixedBlob: outcome.fixedBytes, working: planWorkingFix(root, file, blobs.get(file.object)!, outcome.fixedBytes) });
    }
  }

  if (fixes.length > 0) await applyFixes(ctx, fixes, options.notice);

  const findings = reports.reduce((n, r) => n + r.findings.length, 0);
  const fixed = reports.reduce((n, r) => n + r.findings.filter((f) => f.fixed).length, 0);
  return { reports, staged: true, fix: options.fix, summary: { files: scanned, findings, fixed } };
}

/** What the working-tree file becomes: the index's fix carried over its own content. */
function planWorkingFix(root: string, file: StagedFile, blob: Buffer, fixedBlob: Buffer): StagedFix['working'] {
  const full = path.join(root, file.path);
  let before: Buffer;
  try {
    if (!lstatSync(full).isFile()) return { reason: 'the working copy is not a regular file' };
    before = readFileSync(full);
  } catch (error) {
    return { reason: `the working copy cannot be read (${fsReason(error)})` };
  }
  if (before.equals(blob)) return { path: full, before, after: fixedBlob };
  const source = decodeGoSource(before);
  if (!source.validUtf8) return { reason: 'the working copy is not valid UTF-8' };
  const after = transplantFix(blob.toString('utf8'), fixedBlob.toString('utf8'), source.text);
  if (after === null) return { reason: 'unstaged edits touch the fixed lines' };
  return { path: full, before, after: Buffer.from(after, 'utf8') };
}

/** `git commit <paths>` commits from a temporary index; git renames index.lock to index afterwards. */
async function keptIndex(ctx: IndexContext): Promise<string | undefined> {
  if (!ctx.indexFile || !/^next-index-.*\.lock$/.test(path.basename(ctx.indexFile))) return undefined;
  const real = path.join((await ctx.repository()).gitDir, 'index.lock');
  return existsSync(real) ? real : undefined;
}

async function applyFixes(ctx: IndexContext, fixes: StagedFix[], notice: (line: string) => void): Promise<void> {
  const objects = await writeBlobs(ctx, fixes.map((f) => f.fixedBlob));
  const fixedEntries = fixes.map((f, i) => ({ ...f.file, object: objects[i]! }));
  const originalEntries = fixes.map((f) => f.file);
  // undefined: the index git is using (GIT_INDEX_FILE, or the repository's own)
  const indexes: Array<string | undefined> = [undefined];
  const kept = await keptIndex(ctx);
  if (kept) indexes.push(kept);

  const updated: Array<string | undefined> = [];
  const written: Array<{ path: string; before: Buffer }> = [];
  try {
    for (const index of indexes) {
      await updateIndex(ctx, fixedEntries, index);
      updated.push(index);
    }
    for (const fix of fixes) {
      if (!('path' in fix.working)) continue;
      try {
        writeFileAtomic(fix.working.path, fix.working.after);
      } catch (error) {
        throw new OperationalError(`cannot write ${fix.shown}: ${fsReason(error)}`, { cause: error });
      }
      written.push(fix.working);
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
    for (const index of updated.reverse()) await updateIndex(ctx, originalEntries, index).catch(() => notice(`could not restore ${index ?? 'the index'}`));
    throw error;
  }
  for (const fix of fixes) {
    if (!('path' in fix.working)) notice(`${fix.shown}: fixed in the commit; working copy left as is: ${fix.working.reason}`);
  }
}
