import type { Sink } from './table.js';
import { SinkProbe } from './probe.js';

/**
 * The byte test every file passes before anything else: a file can hold a sink only if it
 * spells it and imports its package (net/http's Cookie also without an import, as in
 * documentation snippets). A file that fails it for every sink needs no decoding, no parser
 * and no rule modules.
 */

export const BINARY = 'binary file (contains NUL bytes)';

export function sinkPrefilter(
  bytes: Buffer,
  sinks: readonly Sink[],
): 'binary' | 'candidate' | 'none' {
  if (bytes.indexOf(0) !== -1) return 'binary';
  const probe = SinkProbe.ofBytes(bytes);
  return sinks.some((s) => probe.mayHold(s)) ? 'candidate' : 'none';
}

/** The sinks the bytes can hold (what detection then looks for), or `binary`. */
export function sinksHeld(bytes: Buffer, sinks: readonly Sink[]): Sink[] | 'binary' {
  if (bytes.indexOf(0) !== -1) return 'binary';
  const probe = SinkProbe.ofBytes(bytes);
  return sinks.filter((s) => probe.mayHold(s));
}

/**
 * What git grep searches for: a superset of the files the prefilter passes. A sink's spelling
 * where it needs no import; otherwise its import paths, unless a needle already chosen is part
 * of its spelling (every file spelling `SetCookie` also spells `Cookie`).
 */
export function grepNeedles(sinks: readonly Sink[]): string[] {
  const needles: string[] = [];
  const ordered = [...sinks].sort(
    (a, b) => Number(b.snippetFallback ?? false) - Number(a.snippetFallback ?? false),
  );
  for (const s of ordered) {
    if (needles.some((n) => s.spelling.includes(n))) continue;
    for (const n of s.snippetFallback ? [s.spelling] : s.importPaths)
      if (!needles.includes(n)) needles.push(n);
  }
  return needles;
}
