import { lstatSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { excludeMatcher, inSkippedDirectory, isTestFile, toPosix } from '../file-filters.js';
import {
  checkedOut,
  contentAttributes,
  indexContext,
  pathKey,
  readBlobs,
  resolveIndexFile,
  stagedGoFiles,
  writeBlobs,
  type IndexContext,
  type StagedFile,
} from '../git.js';
import { amending } from './amend.js';
import { removeStaleLock, replaceEntries } from './index-write.js';
import { resolvePath, showPath, toBytes, type FsPath } from '../paths.js';
import { BINARY, sinkPrefilter } from '../rules/prefilter.js';
import { rulesOf, sinksOf, type RuleId } from '../rules/table.js';
import { FileChanged, removeLeftovers, writeFileAtomic } from '../write-file.js';
import { OperationalError, fsReason } from '../errors.js';
import type { FileReport, ReportedFinding } from '../types.js';
import type { ScanOutcome, scanBytes as ScanBytes } from '../scan-bytes.js';
import type { RunResult } from '../report/run-result.js';

export interface IndexRunOptions {
  cwd: string;
  strict: boolean;
  /** Run only these rules (all when empty). */
  rules: RuleId[];
  fix: boolean;
  exclude: string[];
  /** Check staged `_test.go` files too. */
  tests?: boolean;
  /** Keep each finding's edits (SARIF output carries them as fixes). */
  edits: boolean;
  notice: (line: string) => void;
}

interface StagedFix {
  file: StagedFile;
  /** Path for messages, relative to the current directory. */
  shown: string;
  fixedBlob: Buffer;
  /**
   * The working-tree file's new bytes (`checkout`: the fixed blob as git checks it out, for a
   * file git converts, such as one with a working-tree-encoding), or why it is left alone.
   */
  working:
    | { path: FsPath; before: Buffer; after: Buffer | 'checkout'; unstagedLines?: number[] }
    | { reason: string };
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
  // In a hook, git may be amending HEAD: then the commit is judged against HEAD's parent.
  const staged = stagedGoFiles(ctx, ctx.indexFile !== undefined && amending()).filter(
    (f) =>
      !inSkippedDirectory(showPath(f.path)) &&
      !excluded(showPath(f.path)) &&
      (options.tests || !isTestFile(showPath(f.path))),
  );
  await testPause('listed');
  // A file git stores through a clean filter (LFS) is a pointer in the index: nothing to judge.
  const attributes = contentAttributes(
    ctx.repository().root,
    staged.map((f) => f.path),
  );
  const filtered = staged.filter((f) => attributes.get(pathKey(f.path))?.filter !== undefined);
  for (const f of filtered)
    options.notice(
      `${showPath(relativeTo(options.cwd, ctx.repository().root, f.path))}: not checked: git stores it through the "${attributes.get(pathKey(f.path))!.filter}" filter, so the index holds what the filter made of it, not its content`,
    );
  const checked = filtered.length === 0 ? staged : staged.filter((f) => !filtered.includes(f));
  const blobs = readBlobs(ctx, [...new Set(checked.map((f) => f.object))]);
  await testPause('read');

  const reports: FileReport[] = [];
  const fixes: StagedFix[] = [];
  let scanned = 0;
  // The rule's modules load only when some staged file can hold a cookie.
  const sinks = sinksOf(options.rules);
  const { scanBytes, withGoParser } = checked.some(
    (f) => sinkPrefilter(blobs.get(f.object)!, sinks) === 'candidate',
  )
    ? await import('../scan-bytes.js')
    : {
        scanBytes: (bytes: Buffer): ScanOutcome => ({
          findings: [],
          text: '',
          skipped: sinkPrefilter(bytes, sinks) === 'binary' ? BINARY : undefined,
        }),
        withGoParser: <T>(work: () => T) => Promise.resolve(work()),
      };
  for (const file of checked) {
    const outcome = await withGoParser(() =>
      scanBytes(blobs.get(file.object)!, {
        strict: options.strict,
        rules: options.rules,
        fix: options.fix,
        edits: options.edits,
        skipGenerated: true,
      }),
    );
    if (outcome.skipped === 'generated') continue;
    // A skipped file (binary) was not checked, and is not counted as checked.
    if (!outcome.skipped) scanned++;
    if (!outcome.skipped && outcome.findings.length === 0) continue;
    const root = ctx.repository().root; // only files with something to say get here
    const shown = showPath(relativeTo(options.cwd, root, file.path));
    if (outcome.skipped) {
      options.notice(`${shown}: skipped, ${outcome.skipped}`);
      continue;
    }
    reports.push({
      file: shown,
      text: outcome.text,
      findings: outcome.findings,
      notFixedReason: outcome.notFixedReason,
    });
    if (outcome.notFixedReason) options.notice(`${shown}: not fixed: ${outcome.notFixedReason}`);
    if (outcome.fixedBytes) {
      const encoding = attributes.get(pathKey(file.path))?.encoding;
      const working = encoding
        ? planConvertedFix(root, file, shown, encoding)
        : planWorkingFix(
            root,
            file,
            { blob: blobs.get(file.object)!, outcome },
            outcome.fixedBytes,
            options,
            scanBytes,
          );
      fixes.push({ file, shown, fixedBlob: outcome.fixedBytes, working });
    }
  }

  if (fixes.length > 0) await applyFixes(ctx, fixes, options.notice);

  const findings = reports.reduce((n, r) => n + r.findings.length, 0);
  const fixed = reports.reduce((n, r) => n + r.findings.filter((f) => f.fixed).length, 0);
  return {
    reports,
    staged: true,
    fix: options.fix,
    rules: rulesOf(options.rules).map((r) => r.id),
    summary: { files: scanned, findings, fixed },
  };
}

/** The index file this run reads and writes: the one git handed the hook, or the repository's. */
function indexPath(ctx: IndexContext): string {
  return ctx.indexFile ?? path.join(ctx.repository().gitDir, 'index');
}

/** A root-relative path as seen from `cwd`. */
function relativeTo(cwd: string, root: string, file: FsPath): FsPath {
  if (typeof file === 'string') return toPosix(path.relative(cwd, path.join(root, file)));
  const prefix = toPosix(path.relative(cwd, root));
  return prefix ? Buffer.concat([Buffer.from(`${prefix}/`), file]) : file;
}

/**
 * What the working-tree file becomes: fixed from its own content, which may hold unstaged
 * edits, so the user sees the fix without any of those edits being staged.
 */
function planWorkingFix(
  root: string,
  file: StagedFile,
  staged: { blob: Buffer; outcome: ScanOutcome },
  fixedBlob: Buffer,
  options: { strict: boolean; rules: RuleId[] },
  scanBytes: typeof ScanBytes,
): StagedFix['working'] {
  const blob = staged.blob;
  const full = resolvePath(root, file.path);
  const link = symlinkOnPath(root, file.path);
  if (link)
    return { reason: `${showPath(link)} is a symbolic link; the file is not in the work tree` };
  let before: Buffer;
  try {
    if (!lstatSync(full).isFile()) return { reason: 'the working copy is not a regular file' };
    before = readFileSync(full);
  } catch (error) {
    return { reason: `the working copy cannot be read (${fsReason(error)})` };
  }
  if (before.equals(blob)) return { path: full, before, after: fixedBlob };
  const outcome = scanBytes(before, {
    strict: options.strict,
    rules: options.rules,
    fix: true,
    skipGenerated: false,
  });
  if (outcome.skipped) return { reason: outcome.skipped };
  if (outcome.notFixedReason)
    return { reason: outcome.notFixedReason.replace(/, left unchanged$/, '') };
  return {
    path: full,
    before,
    after: outcome.fixedBytes ?? before,
    unstagedLines: unstagedOnly(staged.outcome, outcome),
  };
}

/**
 * The lines of the working copy's fixes that no staged finding accounts for: cookies that
 * exist only in unstaged edits (a local `Secure: false` experiment). The working copy gets
 * those fixes too, as it is fixed from its own content, and the user is told where.
 */
function unstagedOnly(staged: ScanOutcome, working: ScanOutcome): number[] {
  const lines = (outcome: ScanOutcome, f: ReportedFinding) => {
    const start = outcome.text.lastIndexOf('\n', f.offset - 1) + 1;
    const end = outcome.text.indexOf('\n', f.end);
    return outcome.text.slice(start, end === -1 ? undefined : end).trim();
  };
  const accounted = new Map<string, number>();
  for (const f of staged.findings)
    if (f.fixed) accounted.set(lines(staged, f), (accounted.get(lines(staged, f)) ?? 0) + 1);
  const extra: number[] = [];
  for (const f of working.findings) {
    if (!f.fixed) continue;
    const key = lines(working, f);
    const left = accounted.get(key) ?? 0;
    if (left > 0) accounted.set(key, left - 1);
    else extra.push(f.line);
  }
  return extra;
}

/**
 * The working copy of a file git converts on checkout (working-tree-encoding: UTF-16 and the
 * like) becomes the fixed blob as git checks it out, when it holds exactly what the staged blob
 * checks out to. With unstaged edits it could only be fixed by hand: the commit is refused, so
 * git status never shows an unstaged change that undoes the fix.
 */
function planConvertedFix(
  root: string,
  file: StagedFile,
  shown: string,
  encoding: string,
): StagedFix['working'] {
  const full = resolvePath(root, file.path);
  if (typeof file.path !== 'string')
    return {
      reason: `stored as ${encoding} (working-tree-encoding) under a name that is not UTF-8`,
    };
  let before: Buffer;
  try {
    before = readFileSync(full);
  } catch (error) {
    return { reason: `the working copy cannot be read (${fsReason(error)})` };
  }
  if (!before.equals(checkedOut(root, file.object, file.path))) {
    throw new OperationalError(
      `${shown}: its working copy is stored as ${encoding} (working-tree-encoding) and has unstaged edits, which the fix cannot be carried into; stage them or fix the file by hand; nothing was changed`,
      { exitCode: 1 },
    );
  }
  return { path: full, before, after: 'checkout' };
}

/**
 * The first directory on a root-relative path that is a symbolic link, if any: writing
 * through it would change a file outside the work tree, which git does not even track.
 */
function symlinkOnPath(root: string, file: FsPath): FsPath | undefined {
  const bytes = toBytes(file);
  for (let slash = bytes.indexOf(0x2f); slash !== -1; slash = bytes.indexOf(0x2f, slash + 1)) {
    const dir = bytes.subarray(0, slash);
    try {
      if (lstatSync(resolvePath(root, dir)).isSymbolicLink())
        return typeof file === 'string' ? dir.toString('utf8') : Buffer.from(dir);
    } catch {
      return undefined; // gone: the read of the file reports it
    }
  }
  return undefined;
}

/** `git commit <paths>` commits from a temporary index; git renames index.lock to index afterwards. */
function keptIndex(ctx: IndexContext, gitDir: string): string | undefined {
  if (!ctx.indexFile || !/^next-index-.*\.lock$/.test(path.basename(ctx.indexFile)))
    return undefined;
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
  while (!interrupted() && !(resume && existsSync(resume)))
    await new Promise((r) => setTimeout(r, 10));
}

/** The signals that end a run from outside: a terminal's Ctrl-C or Ctrl-\\, a closed terminal, kill. */
const TERMINATING = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/**
 * Writes the fixes: blobs, then each index (one compare-and-swap replacement each, see
 * index-write.ts), then the working-tree files (each replaced atomically). A terminating
 * signal that arrives before the first index is written stops the run with nothing changed;
 * one that arrives later waits until every file is fixed, so an interrupt never leaves a file
 * fixed in the index but not in the working tree. Either way the run ends with exit 130 and
 * says which. On a failure, what was written is put back.
 */
async function applyFixes(
  ctx: IndexContext,
  fixes: StagedFix[],
  notice: (line: string) => void,
): Promise<void> {
  let signal: string | undefined;
  const handlers = TERMINATING.map((name) => {
    const handler = () => (signal ??= name);
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  let wrote: boolean;
  try {
    wrote = await writeFixes(ctx, fixes, () => signal !== undefined);
  } finally {
    // The writes are synchronous: a signal that came during them is delivered on the next turn
    // of the event loop, and would be lost once the handlers are gone.
    await new Promise((resolve) => setImmediate(resolve));
    for (const off of handlers) off();
  }
  if (signal && !wrote)
    throw new OperationalError(
      `interrupted (${signal}) before the fixes were written; nothing was changed`,
      { exitCode: 130 },
    );
  for (const fix of fixes) {
    if (!('path' in fix.working))
      notice(`${fix.shown}: fixed in the commit; working copy left as is: ${fix.working.reason}`);
    else
      for (const line of fix.working.unstagedLines ?? [])
        notice(
          `${fix.shown}:${line}: also fixed in the working tree, where an unstaged edit has this cookie (the fix stays unstaged with it)`,
        );
  }
  if (signal)
    throw new OperationalError(
      `interrupted (${signal}) while fixing; the fixes were completed first, so the index and the working tree are consistent`,
      { exitCode: 130 },
    );
}

/** Returns false when an interrupt came before anything was written (and nothing was). */
async function writeFixes(
  ctx: IndexContext,
  fixes: StagedFix[],
  interrupted: () => boolean,
): Promise<boolean> {
  const { root, gitDir } = ctx.repository();
  // Temporary files go to the git directory, where git status never looks; a killed run's are
  // removed here (its lock first: the lock is recognised by the copy beside it).
  removeStaleLock(indexPath(ctx));
  removeLeftovers(gitDir);
  const objects = writeBlobs(
    ctx,
    fixes.map((f) => f.fixedBlob),
    gitDir,
  );
  await testPause('hashed', interrupted);
  if (interrupted()) return false; // blobs alone change nothing the user sees
  const forward = fixes.map((f, i) => ({
    path: f.file.path,
    mode: f.file.mode,
    from: f.file.object,
    to: objects[i]!,
  }));
  const indexes = [indexPath(ctx)];
  const kept = keptIndex(ctx, gitDir);
  if (kept) indexes.push(kept);

  const updated: string[] = [];
  const written: Array<{ path: FsPath; shown: string; before: Buffer; after: Buffer }> = [];
  try {
    fixes.forEach((f, i) => {
      if ('path' in f.working && f.working.after === 'checkout')
        f.working.after = checkedOut(root, objects[i]!, f.file.path as string);
    });
    for (const index of indexes) {
      const entries = replaceEntries(root, index, forward);
      updated.push(index);
      // A file outside a sparse checkout has no working copy of the user's to write.
      if (index === indexes[0])
        for (const fix of fixes)
          if (entries.get(pathKey(fix.file.path))?.skipWorktree)
            fix.working = { reason: 'not checked out (outside the sparse checkout)' };
    }
    await testPause('indexed', interrupted);
    for (const fix of fixes) {
      if (!('path' in fix.working) || (fix.working.after as Buffer).equals(fix.working.before))
        continue;
      // The working file must still hold what the fix was computed from: an editor's save
      // made while the hook ran is never replaced.
      if (symlinkOnPath(root, fix.file.path))
        throw new FileChanged(
          `${fix.shown}: a directory on its path became a symbolic link while the hook ran`,
          { exitCode: 1 },
        );
      try {
        writeFileAtomic(fix.working.path, fix.working.after as Buffer, {
          tempDir: gitDir,
          expected: fix.working.before,
        });
      } catch (error) {
        if (error instanceof FileChanged)
          throw new OperationalError(
            `${fix.shown} changed in the working tree while the hook ran (check the change and commit again)`,
            { exitCode: 1 },
          );
        throw new OperationalError(`cannot write ${fix.shown}: ${fsReason(error)}`, {
          cause: error,
        });
      }
      written.push({
        path: fix.working.path,
        shown: fix.shown,
        before: fix.working.before,
        after: fix.working.after as Buffer,
      });
      if (written.length === 1) await testPause('writing', interrupted);
    }
  } catch (error) {
    // Put back what was changed, newest first, and say what could not be.
    const unrestored: string[] = [];
    for (const w of written.reverse()) {
      try {
        writeFileAtomic(w.path, w.before, { tempDir: gitDir, expected: w.after });
      } catch {
        unrestored.push(w.shown);
      }
    }
    const backward = forward.map((c) => ({ ...c, from: c.to, to: c.from }));
    for (const index of updated.reverse()) {
      try {
        replaceEntries(root, index, backward, { skipChanged: true });
      } catch (inner) {
        unrestored.push(
          `${index === indexes[0] ? 'the index' : index} (${(inner as Error).message.split(';')[0]})`,
        );
      }
    }
    if (!(error instanceof OperationalError)) throw error;
    const state =
      updated.length === 0 && written.length === 0
        ? 'nothing was changed'
        : unrestored.length === 0
          ? 'the index and the working tree were left as they were'
          : `could not restore ${unrestored.join(', ')}: check git status before committing`;
    throw new OperationalError(`${error.message}; ${state}`, {
      cause: error,
      exitCode: error.exitCode,
    });
  }
  return true;
}
