/**
 * Fuzz worker (run as a child process by fuzz.test.ts so that a hang can be detected and
 * killed): mutates generated Go files and checks the scan/fix invariants on each input.
 * argv: seed count budgetMs progressFile. Prints one JSON summary line.
 */
import { writeFileSync } from 'node:fs';
import { generateGoFile, random } from './go-generator.js';
import { scanBytes } from '../../src/scan-bytes.js';
import { analyzeGo } from '../../src/rules/analyze.js';
import { decodeGoSource } from '../../src/go/source.js';
import { loadGoParser } from '../../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

const [seedArg, countArg, budgetArg, progress] = process.argv.slice(2);
const seed = Number(seedArg);
const count = Number(countArg);
const deadline = Date.now() + Number(budgetArg);
const rnd = random(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const TOKEN = /[A-Za-z_]\w*|\d+|"[^"\n]*"|\/\/[^\n]*|\S/g;

function tokens(text: string): Array<[number, number]> {
  return [...text.matchAll(TOKEN)].map((m) => [m.index!, m.index! + m[0].length]);
}

function mutate(base: Buffer, i: number): Buffer {
  const text = base.toString('utf8');
  const t = tokens(text);
  const at = () => Math.floor(rnd() * (base.length + 1));
  if (t.length < 2) return Buffer.concat([base, Buffer.from('\nvar c = http.Cookie{}\n')]);
  switch (
    pick([
      'delete',
      'duplicate',
      'swap',
      'cut',
      'utf8',
      'nul',
      'longline',
      'nest',
      'several',
    ] as const)
  ) {
    case 'delete': {
      const [a, b] = pick(t);
      return Buffer.from(text.slice(0, a) + text.slice(b));
    }
    case 'duplicate': {
      const [a, b] = pick(t);
      return Buffer.from(`${text.slice(0, b)} ${text.slice(a, b)}${text.slice(b)}`);
    }
    case 'swap': {
      const k = Math.floor(rnd() * (t.length - 1));
      const [a, b] = t[k]!;
      const [c, d] = t[k + 1]!;
      return Buffer.from(
        text.slice(0, a) + text.slice(c, d) + text.slice(b, c) + text.slice(a, b) + text.slice(d),
      );
    }
    case 'cut':
      return base.subarray(0, at());
    case 'utf8': {
      const p = at();
      return Buffer.concat([
        base.subarray(0, p),
        Buffer.from([pick([0xff, 0xc3, 0xe2, 0x80, 0xed])]),
        base.subarray(p),
      ]);
    }
    case 'nul': {
      const p = at();
      return Buffer.concat([base.subarray(0, p), Buffer.from([0]), base.subarray(p)]);
    }
    case 'longline':
      return Buffer.from(
        text +
          `\nvar long${i} = "${'x'.repeat(4000 + Math.floor(rnd() * 12000))}"\nvar c${i} = http.Cookie{Name: "${'y'.repeat(2000)}"}\n`,
      );
    case 'nest': {
      const depth = 20 + Math.floor(rnd() * 200);
      return Buffer.from(
        text +
          `\nvar n${i} = http.Cookie{Value: ${'f('.repeat(depth)}x${')'.repeat(depth)}}\nvar m${i} = [][][]http.Cookie{${'{'.repeat(3)}Name: "a"${'}'.repeat(3)}}\n`,
      );
    }
    case 'several': {
      let out = base;
      for (let k = 0; k < 5; k++) out = mutate(out, i);
      return out;
    }
  }
}

function check(input: Buffer, failures: string[], label: string): void {
  const options = { strict: rnd() < 0.3, fix: true, skipGenerated: false };
  const outcome = scanBytes(input, options);
  const text = outcome.text;
  const lines = text.split('\n').length;
  for (const f of outcome.findings) {
    if (
      f.offset < 0 ||
      f.end > text.length ||
      f.offset > f.end ||
      f.line < 1 ||
      f.line > lines ||
      f.column < 1 ||
      f.endLine < f.line
    ) {
      failures.push(
        `${label}: finding outside the file: ${JSON.stringify({ offset: f.offset, end: f.end, line: f.line, column: f.column })}`,
      );
    }
  }
  if (outcome.notFixedReason && outcome.fixedBytes)
    failures.push(`${label}: not fixed, yet new bytes`);
  // Detection parses only the declarations that spell a sink, and none where the text settles
  // every spelling: on input that parses, it must find what a whole-file parse finds.
  const source = decodeGoSource(input).text;
  const whole = analyzeGo(source, { strict: options.strict, edits: false, wholeFile: true });
  if (whole.syntaxErrors === 0 && !input.includes(0)) {
    const show = (fs: typeof whole.findings) =>
      fs.map((f) => `${f.sink} ${f.kind}@${f.offset}`).join(', ');
    const quick = show(analyzeGo(source, { strict: options.strict, edits: false }).findings);
    if (quick !== show(whole.findings))
      failures.push(
        `${label}: detection found [${quick}], a whole-file parse [${show(whole.findings)}]`,
      );
  }
  if (!outcome.fixedBytes) return;
  const fixedText = outcome.fixedBytes.toString('utf8');
  const before = analyzeGo(text, { strict: false, edits: true, textVerdicts: false }).syntaxErrors;
  const after = analyzeGo(fixedText, {
    strict: false,
    edits: true,
    textVerdicts: false,
  }).syntaxErrors;
  if (after > before)
    failures.push(`${label}: the fix added syntax errors (${before} -> ${after})`);
  const again = scanBytes(outcome.fixedBytes, options);
  if (again.fixedBytes) failures.push(`${label}: fixing twice changed the file again`);
}

const failures: string[] = [];
let done = 0;
// Small bases (one or two literals each) keep an input to a few parses: 20,000 fit the budget.
const bases: Buffer[] = [];
for (let i = 0; bases.length < 64; i++) {
  const file = generateGoFile(seed * 1000 + i);
  if (file.length < 900) bases.push(Buffer.from(file));
}
for (; done < count && Date.now() < deadline && failures.length < 10; done++) {
  if (done % 100 === 0) writeFileSync(progress!, String(done));
  const input = mutate(pick(bases), done);
  const label = `input ${done} (seed ${seed})`;
  writeFileSync(progress!, String(done));
  try {
    const t0 = Date.now();
    check(input, failures, label);
    const ms = Date.now() - t0;
    if (process.env.GCS_FUZZ_SLOW && ms > 200)
      process.stderr.write(
        `slow ${done} ${ms}ms len=${input.length} head=${JSON.stringify(input.subarray(input.length - 120).toString())}\n`,
      );
  } catch (error) {
    failures.push(`${label}: threw ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
}
// One 100k-line file through the whole pipeline.
const bigLines = ['package big', '', 'import "net/http"', ''];
for (let i = 0; bigLines.length < 100000; i++)
  bigLines.push(i % 500 === 0 ? `var c${i} = http.Cookie{Name: "c"}` : `var v${i} = ${i}`);
const big = `${bigLines.join('\n')}\n`;
const start = Date.now();
try {
  check(Buffer.from(big), failures, '100k-line file');
} catch (error) {
  failures.push(`100k-line file: threw ${(error as Error).message}`);
}
process.stdout.write(`${JSON.stringify({ done, failures, bigMs: Date.now() - start })}\n`);
