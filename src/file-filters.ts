import path from 'node:path';
import { createRequire } from 'node:module';
import type picomatchType from 'picomatch';

// Which files a run leaves out, in either flow: the walk of a tree (scan/) and the staged files (hook/).

/** Directories whose files are skipped unless named explicitly (as the go tool does). */
export const SKIPPED_DIRECTORIES = ['vendor', 'testdata'] as const;
const IN_SKIPPED_DIRECTORY = new RegExp(`(^|/)(${SKIPPED_DIRECTORIES.join('|')})/`);

/** vendor/ and testdata/ anywhere in a path: skipped unless the file is named explicitly. */
export function inSkippedDirectory(file: string): boolean {
  return IN_SKIPPED_DIRECTORY.test(toPosix(file));
}

/**
 * A Go test file (`_test.go`): skipped unless --tests or named explicitly. Test handlers and
 * fixtures are not production cookies, and a Secure cookie can break a test (httptest serves
 * http://, where a client jar does not send it).
 */
export function isTestFile(file: string): boolean {
  return toPosix(file).endsWith('_test.go');
}

/** The pathspec that leaves test files out of git's listings. */
export const TEST_FILES_PATHSPEC = ':(exclude,glob)**/*_test.go';

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

export function excludeMatcher(globs: readonly string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  const picomatch = createRequire(import.meta.url)('picomatch') as typeof picomatchType; // only when --exclude is used
  const matchers = globs.map((g) => picomatch(g, { dot: true }));
  // A glob without a slash matches a base name anywhere, as .gitignore patterns do.
  const baseMatchers = globs
    .filter((g) => !g.includes('/'))
    .map((g) => picomatch(g, { dot: true }));
  return (file) => {
    const posix = toPosix(path.normalize(file));
    return (
      matchers.some((m) => m(posix)) || baseMatchers.some((m) => m(path.posix.basename(posix)))
    );
  };
}
