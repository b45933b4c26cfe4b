import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Range } from '../src/go/parser.js';
import { cookieRanges as rangesFor } from '../src/go/mask.js';
import { literalTypeSpellings as spellingsOf } from '../src/go/spellings.js';
const literalTypeSpellings = (text: string) => spellingsOf(text, 'Cookie');

const cookieRanges = (text: string) => rangesFor(text, literalTypeSpellings(text));
import { generateGoFile } from './helpers/go-generator.js';

/**
 * The ranges detection parses (src/go/mask.ts). Detection's own tests check that a ranged parse
 * finds what a whole-file parse finds; these check the ranges themselves: tree-sitter trusts
 * their positions, so a wrong row would put every node after it on the wrong line.
 */

/** Row and column of `index`, counted the slow, obvious way. */
function pointOf(text: string, index: number): { row: number; column: number } {
  const before = text.slice(0, index);
  const row = before.split('\n').length - 1;
  return { row, column: index - (before.lastIndexOf('\n') + 1) };
}

function checkRanges(text: string, ranges: Range[]): void {
  const header = blocksByScan(text)[0]!.from;
  const spellsInHeader = literalTypeSpellings(text).some((at) => at < header);
  assert.is(
    ranges[0]?.startIndex === 0,
    spellsInHeader,
    'the package clause and imports are parsed only when they spell a sink',
  );
  let previousEnd = -1;
  for (const r of ranges) {
    assert.ok(
      r.startIndex > previousEnd && r.endIndex > r.startIndex,
      `ranges out of order: ${JSON.stringify(ranges)}`,
    );
    assert.equal(r.startPosition, pointOf(text, r.startIndex));
    assert.equal(r.endPosition, pointOf(text, r.endIndex));
    previousEnd = r.endIndex;
  }
  for (const at of literalTypeSpellings(text)) {
    assert.ok(
      ranges.some((r) => r.startIndex <= at && at + 6 <= r.endIndex),
      `Cookie at ${at} is outside the ranges`,
    );
  }
}

/**
 * The blocks the ranges are cut from, found the obvious way: every line of the whole text that
 * starts with a declaration keyword, moved up over the `//` lines directly above it.
 */
function blocksByScan(text: string): Array<{ from: number; to: number }> {
  const starts: number[] = [];
  for (const m of text.matchAll(/(?:^|\n)(?:func|var|const|type)\b/g)) {
    let start = m.index === 0 && text[0] !== '\n' ? 0 : m.index! + 1;
    while (start > 0) {
      const above = text.lastIndexOf('\n', start - 2) + 1;
      if (!text.startsWith('//', above)) break;
      start = above;
    }
    starts.push(start);
  }
  return starts.map((from, i) => ({ from, to: starts[i + 1] ?? text.length }));
}

/** What the ranges hold, by the obvious scan: the blocks with a spelling, their neighbours without a blank line between, transitively. */
function rangesByScan(text: string, spellings: readonly number[]): Array<[number, number]> | null {
  const blocks = blocksByScan(text);
  if (blocks.length < 2) return null;
  const keep = blocks.map((b) => spellings.some((at) => b.from <= at && at < b.to));
  // Blocks are joined unless the white space that ends the first holds two line feeds (a blank line).
  const joined = (i: number) =>
    (/\s*$/.exec(text.slice(blocks[i]!.from, blocks[i]!.to))![0].match(/\n/g)?.length ?? 0) < 2;
  for (let changed = true; changed; ) {
    changed = false;
    blocks.forEach((_, i) => {
      if (!keep[i]) return;
      if (i > 0 && !keep[i - 1] && joined(i - 1)) changed = keep[i - 1] = true;
      if (i + 1 < blocks.length && !keep[i + 1] && joined(i)) changed = keep[i + 1] = true;
    });
  }
  const parts: Array<[number, number]> = spellings.some((at) => at < blocks[0]!.from)
    ? [[0, blocks[0]!.from]]
    : [];
  blocks.forEach((b, i) => {
    if (!keep[i]) return;
    const last = parts[parts.length - 1];
    if (last && last[1] === b.from) last[1] = b.to;
    else parts.push([b.from, b.to]);
  });
  return parts.reduce((n, [from, to]) => n + to - from, 0) > text.length * 0.8 ? null : parts;
}

const FUNCS = (n: number, cookieAt: number, gap = '\n\n') =>
  'package p\n\nimport "net/http"\n\n' +
  Array.from(
    { length: n },
    (_, i) =>
      `// f${i} does things.\nfunc f${i}() {\n\t_ = ${i === cookieAt ? 'http.Cookie{}' : '1'}\n}\n`,
  ).join(gap.slice(1));

test('keeps the declaration that spells Cookie, with its doc comment; the imports are read from the text', () => {
  const text = FUNCS(5, 2);
  const ranges = cookieRanges(text)!;
  assert.ok(ranges, 'a file with one cookie declaration among five takes the fast path');
  checkRanges(text, ranges);
  assert.is(ranges.length, 1);
  assert.is(
    text.slice(ranges[0]!.startIndex, ranges[0]!.endIndex),
    '// f2 does things.\nfunc f2() {\n\t_ = http.Cookie{}\n}\n\n',
  );
});

test('the header is parsed when it spells a sink itself (a declaration that is not at the start of its line)', () => {
  const text =
    'package p\n\nimport "net/http"\n\n  var early = http.Cookie{}\n\n' +
    FUNCS(5, -1).slice('package p\n\nimport "net/http"\n\n'.length);
  const ranges = cookieRanges(text)!;
  checkRanges(text, ranges);
  assert.is(ranges[0]!.startIndex, 0);
});

test('declarations with no blank line between them stay together', () => {
  const text = FUNCS(6, 2, '\n');
  const ranges = cookieRanges(text);
  // f1..f3 touch f2; with no blank lines anywhere the chain covers everything.
  assert.is(ranges, null);
  const partly =
    FUNCS(2, -1) +
    '\nvar a = 1\nvar b = http.Cookie{}\nvar c = 3\n\nfunc g() {}\n\nfunc h() {}\n\nfunc i() {}\n\nfunc j() {}\n';
  const kept = cookieRanges(partly)!;
  checkRanges(partly, kept);
  const text2 = kept.map((r) => partly.slice(r.startIndex, r.endIndex)).join('');
  assert.match(text2, 'var a = 1\nvar b = http.Cookie{}\nvar c = 3\n');
  assert.not.match(text2, 'func g');
});

test('positions stay exact: CRLF, a file without a final newline, a lone CR, non-ASCII text', () => {
  const crlf = FUNCS(5, 3).replace(/\n/g, '\r\n');
  checkRanges(crlf, cookieRanges(crlf)!);
  const noFinalNewline = FUNCS(5, 4).trimEnd();
  checkRanges(noFinalNewline, cookieRanges(noFinalNewline)!);
  // A lone CR is not a line break for Go or for tree-sitter's rows: `func` after it starts nothing.
  const loneCr = FUNCS(5, 1).replace('func f3', '// x\rfunc f3');
  const ranges = cookieRanges(loneCr)!;
  checkRanges(loneCr, ranges);
  assert.not.ok(
    ranges.some((r) => loneCr[r.startIndex - 1] === '\r'),
    'a range starts after a lone CR',
  );
  const unicode = FUNCS(5, 2).replace(/does things/g, 'tut Dinge – ünïcödé 🍪');
  checkRanges(unicode, cookieRanges(unicode)!);
});

test('only declarations spelling a literal type are kept, not other uses of Cookie', () => {
  const text =
    FUNCS(3, 1) +
    '\nfunc read(r *http.Request) string {\n\tc, _ := r.Cookie("s")\n\thttp.SetCookie(nil, c)\n\treturn c.Value\n}\n\nfunc g() {}\n';
  assert.equal(literalTypeSpellings(text), [text.indexOf('Cookie{')]);
  const ranges = cookieRanges(text)!;
  assert.ok(
    !ranges.some((r) => text.slice(r.startIndex, r.endIndex).includes('r.Cookie')),
    'the reading function is not parsed',
  );
  checkRanges(text, ranges);
});

test('spellings: whole identifiers followed by a brace or a comment', () => {
  const src =
    'a := http.Cookie{}\nb := []*http.Cookie {{}}\nc := http.Cookie /* x */ {}\nd := r.Cookie("s")\nhttp.SetCookie(w, d)\nvar e http.Cookie\nvar f Cookies\n';
  assert.equal(
    literalTypeSpellings(src).map((at) => src.slice(0, at).split('\n').length),
    [1, 2, 3],
  );
});

test('spellings: result types before a function body are not literals, literals inside are', () => {
  const src = [
    'func a(r *http.Request) *http.Cookie {',
    'func b() http.Cookie { return http.Cookie{} }',
    'var fs = []func() *http.Cookie{a}',
    'func (s *S) c() []*nethttp.Cookie {',
    'var d = [len(x)]http.Cookie{}',
    'var e = (http.Cookie{})',
  ].join('\n');
  const lines = literalTypeSpellings(src).map(
    (at) => `${src.slice(0, at).split('\n').length}:${at - src.lastIndexOf('\n', at)}`,
  );
  assert.equal(lines, ['2:36', '5:22', '6:15']);
});

test('generated files: every range is exact, covers every literal type spelling Cookie, and holds what a scan of the whole text picks', () => {
  let fast = 0;
  for (let seed = 1; seed <= 300; seed++) {
    for (const text of [
      generateGoFile(seed),
      generateGoFile(seed).replace(/\n\n/g, '\n'),
      generateGoFile(seed).replace(/\n(func|var|type|const)/g, '\n// doc\n$1'),
    ]) {
      const ranges = cookieRanges(text);
      const spellings = literalTypeSpellings(text);
      assert.equal(
        ranges?.map((r) => [r.startIndex, r.endIndex]) ?? null,
        rangesByScan(text, spellings),
        `seed ${seed}`,
      );
      if (!ranges) continue;
      fast++;
      checkRanges(text, ranges);
    }
  }
  assert.ok(fast > 20, `only ${fast} of 300 generated files took the fast path`);
});

test.run();
