import type { Sink } from './rules/table.js';

/**
 * The byte test every file passes before anything else: a file can hold a sink only if it
 * spells it and imports its package (net/http's Cookie also without an import, as in
 * documentation snippets). A file that fails it for every sink needs no decoding, no parser
 * and no rule modules.
 */

export const BINARY = 'binary file (contains NUL bytes)';

interface SinkBytes {
  spelling: Buffer;
  /** Empty when the sink may be used without its import. */
  importPaths: Buffer[];
}

const compiled = new WeakMap<readonly Sink[], SinkBytes[]>();

function bytesOf(sinks: readonly Sink[]): SinkBytes[] {
  let tests = compiled.get(sinks);
  if (!tests) {
    tests = sinks.map((s) => ({ spelling: Buffer.from(s.spelling), importPaths: s.snippetFallback ? [] : s.importPaths.map((p) => Buffer.from(p)) }));
    compiled.set(sinks, tests);
  }
  return tests;
}

export function sinkPrefilter(bytes: Buffer, sinks: readonly Sink[]): 'binary' | 'candidate' | 'none' {
  if (bytes.indexOf(0) !== -1) return 'binary';
  for (const t of bytesOf(sinks)) {
    if (bytes.indexOf(t.spelling) === -1) continue;
    if (t.importPaths.length === 0 || t.importPaths.some((p) => bytes.indexOf(p) !== -1)) return 'candidate';
  }
  return 'none';
}

/**
 * What git grep searches for: a superset of the files the prefilter passes. A sink's spelling
 * where it needs no import; otherwise its import paths, unless a needle already chosen is part
 * of its spelling (every file spelling `SetCookie` also spells `Cookie`).
 */
export function grepNeedles(sinks: readonly Sink[]): string[] {
  const needles: string[] = [];
  const ordered = [...sinks].sort((a, b) => Number(b.snippetFallback ?? false) - Number(a.snippetFallback ?? false));
  for (const s of ordered) {
    if (needles.some((n) => s.spelling.includes(n))) continue;
    for (const n of s.snippetFallback ? [s.spelling] : s.importPaths) if (!needles.includes(n)) needles.push(n);
  }
  return needles;
}
