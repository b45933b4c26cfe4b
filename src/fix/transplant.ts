import { createRequire } from 'node:module';

// Loaded on first use: only a fix of a partially staged file needs a diff.
const require = createRequire(import.meta.url);
function diffArrays(a: string[], b: string[]): Array<{ added?: boolean; removed?: boolean; value: string[] }> {
  return (require('diff') as typeof import('diff')).diffArrays(a, b);
}

/** Lines with their terminators, so joining them gives the text back. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

interface Hunk {
  /** First replaced line of the base text, and how many lines are replaced. */
  start: number;
  removed: number;
  added: string[];
}

function hunks(base: string[], changed: string[]): Hunk[] {
  const result: Hunk[] = [];
  let line = 0;
  let current: Hunk | undefined;
  for (const part of diffArrays(base, changed)) {
    if (!part.added && !part.removed) {
      current = undefined;
      line += part.value.length;
      continue;
    }
    current ??= result[result.push({ start: line, removed: 0, added: [] }) - 1];
    if (part.removed) {
      current!.removed += part.value.length;
      line += part.value.length;
    } else current!.added.push(...part.value);
  }
  return result;
}

/** For each base line the index of the same, unchanged line in `other`, or -1. */
function lineMap(base: string[], other: string[]): number[] {
  const map: number[] = new Array(base.length).fill(-1);
  let b = 0;
  let o = 0;
  for (const part of diffArrays(base, other)) {
    if (part.added) o += part.value.length;
    else if (part.removed) b += part.value.length;
    else for (let k = 0; k < part.value.length; k++) map[b++] = o++;
  }
  return map;
}

/**
 * Carries the fix of a staged blob (`base` -> `fixed`) over to the working-tree file, which may
 * hold unstaged edits. Each changed block of lines is applied only where the user left those
 * lines (and, for an insertion, the lines around it) as they are in the index; otherwise the
 * result is null and the caller leaves the file alone. A CRLF working copy of an LF blob (as
 * core.autocrlf makes) is matched line for line and keeps CRLF.
 */
export function transplantFix(base: string, fixed: string, working: string): string | null {
  if (working === base) return fixed;
  const crlf = !base.includes('\r\n') && working.includes('\r\n') && !/(^|[^\r])\n/.test(working);
  const work = crlf ? working.replace(/\r\n/g, '\n') : working;
  const baseLines = splitLines(base);
  const workLines = splitLines(work);
  const map = lineMap(baseLines, workLines);
  const edits: Array<{ at: number; removed: number; added: string[] }> = [];
  for (const h of hunks(baseLines, splitLines(fixed))) {
    let at: number;
    if (h.removed > 0) {
      at = map[h.start]!;
      for (let k = 0; k < h.removed; k++) if (at === -1 || map[h.start + k] !== at + k) return null;
    } else {
      const before = h.start > 0 ? map[h.start - 1]! : -1;
      const after = h.start < baseLines.length ? map[h.start]! : workLines.length;
      if ((h.start > 0 && before === -1) || after === -1) return null;
      if (h.start > 0 && after !== before + 1) return null;
      at = after;
    }
    edits.push({ at, removed: h.removed, added: h.added });
  }
  for (const e of edits.reverse()) workLines.splice(e.at, e.removed, ...e.added);
  const result = workLines.join('');
  return crlf ? result.replace(/\n/g, '\r\n') : result;
}
