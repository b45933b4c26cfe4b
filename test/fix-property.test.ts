import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { diffArrays } from 'diff';
import { generateGoFile, random } from './helpers/go-generator.js';
import { gofmt, goTokens } from './helpers/gofmt.js';
import { tempDir } from './helpers/temp.js';
import { scanBytes } from '../src/scan-bytes.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

const CASES = Number(process.env.GCS_PROPERTY_CASES ?? 2400);
const SEED = Number(process.env.GCS_SEED ?? 20261128);

const fixOptions = { strict: false, fix: true, skipGenerated: false };

/** Checks that the only token changes are the fixes: `Secure: true`, `x.SetSecure(true)` or `x.Secure = true` added, `false` -> `true`. */
function tokenChangesAreFixes(
  before: string,
  after: string,
): { ok: boolean; changes: number; statements: number; detail: string } {
  const parts = diffArrays(goTokens(before), goTokens(after));
  let changes = 0;
  let statements = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) continue;
    const tokens = [...part.value].sort().join(' ');
    if (
      part.removed &&
      part.value.length === 1 &&
      part.value[0] === 'false' &&
      parts[i + 1]?.added &&
      parts[i + 1]!.value.join(' ') === 'true'
    ) {
      changes++;
      i++;
      continue;
    }
    // `x.SetSecure(true)` or `x.Secure = true`, in any order the diff splits them.
    const name = (fixed: string[]) => {
      const rest = part.value.filter((t) => !fixed.includes(t));
      return (
        part.value.length === fixed.length + 1 &&
        rest.length === 1 &&
        /^[A-Za-z_]\w*$/.test(rest[0]!)
      );
    };
    const setter =
      part.added &&
      (name(['(', ')', '.', 'SetSecure', 'true']) || name(['.', 'Secure', '=', 'true']));
    if (setter) statements++;
    if (part.added && (tokens === ', : Secure true' || tokens === ': Secure true' || setter)) {
      changes++;
      continue;
    }
    return {
      ok: false,
      changes,
      statements,
      detail: `${part.added ? 'added' : 'removed'} ${JSON.stringify(part.value)}`,
    };
  }
  return { ok: true, changes, statements, detail: '' };
}

test(`property: ${CASES} generated gofmt-clean files fix to gofmt-clean files (seed ${SEED})`, () => {
  const dir = tempDir('gcs-prop-');
  const inDir = path.join(dir, 'in');
  const outDir = path.join(dir, 'out');
  mkdirSync(inDir);
  mkdirSync(outDir);
  for (let i = 0; i < CASES; i++)
    writeFileSync(path.join(inDir, `f${i}.go`), generateGoFile(SEED + i));
  // gofmt is not always a fixed point after one pass on odd layouts: format until it is.
  for (let pass = 0; pass < 3 && gofmt(['-l', inDir]).trim() !== ''; pass++) gofmt(['-w', inDir]);
  assert.is(gofmt(['-l', inDir]).trim(), '', 'generated inputs must be gofmt-clean');

  const rnd = random(SEED);
  let fixedFindings = 0;
  const fixedBySink = new Map<string, number>();
  let insertedStatements = 0;
  let crlfFiles = 0;
  let bomFiles = 0;
  const failures: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const name = `f${i}.go`;
    const clean = readFileSync(path.join(inDir, name), 'utf8');
    const crlf = rnd() < 0.15;
    const bom = rnd() < 0.05;
    crlfFiles += crlf ? 1 : 0;
    bomFiles += bom ? 1 : 0;
    const input = (bom ? '\ufeff' : '') + (crlf ? clean.replace(/\n/g, '\r\n') : clean);
    const outcome = scanBytes(Buffer.from(input), fixOptions);
    const where = `case ${i} (seed ${SEED + i}, crlf=${crlf}, bom=${bom})`;
    if (outcome.notFixedReason) {
      failures.push(`${where}: not fixed: ${outcome.notFixedReason}`);
      continue;
    }
    if (outcome.findings.some((f) => f.fixable && !f.fixed))
      failures.push(`${where}: a fixable finding was not fixed`);
    const fixed = outcome.fixedBytes ? outcome.fixedBytes.toString('utf8') : input;
    fixedFindings += outcome.findings.filter((f) => f.fixed).length;
    for (const f of outcome.findings)
      if (f.fixed) fixedBySink.set(f.sink, (fixedBySink.get(f.sink) ?? 0) + 1);

    if (bom && !fixed.startsWith('\ufeff')) failures.push(`${where}: BOM lost`);
    if (crlf && /(^|[^\r])\n/.test(fixed)) failures.push(`${where}: a bare LF in a CRLF file`);
    const lf = fixed.replace(/^\ufeff/, '').replace(/\r\n/g, '\n');
    writeFileSync(path.join(outDir, name), lf);

    const tokens = tokenChangesAreFixes(clean, lf);
    insertedStatements += tokens.statements;
    if (!tokens.ok) failures.push(`${where}: token outside a fix changed: ${tokens.detail}`);
    else if (tokens.changes !== outcome.findings.filter((f) => f.fixed).length)
      failures.push(
        `${where}: ${tokens.changes} token changes for ${outcome.findings.filter((f) => f.fixed).length} fixes`,
      );

    const again = scanBytes(Buffer.from(fixed), fixOptions);
    if (again.fixedBytes || again.findings.some((f) => f.fixable))
      failures.push(`${where}: a second fix changed something`);
  }
  const notClean = gofmt(['-l', outDir]).split('\n').filter(Boolean);
  for (const file of notClean) {
    const i = Number(path.basename(file).slice(1, -3));
    failures.push(
      `case ${i} (seed ${SEED + i}): gofmt would change the fixed file:\n${gofmt(['-d', file])}`,
    );
  }
  assert.ok(
    failures.length === 0,
    `${failures.length} failures (GCS_SEED=${SEED}):\n${failures.slice(0, Number(process.env.GCS_SHOW ?? 5)).join('\n')}`,
  );
  // The generator must really exercise the fixer.
  assert.ok(fixedFindings >= CASES, `only ${fixedFindings} fixes in ${CASES} files`);
  assert.ok(crlfFiles > CASES / 10 && bomFiles > CASES / 40);
  // ... for every literal type, the setters and the declared-then-filled values alike.
  assert.ok(insertedStatements >= CASES / 10, `only ${insertedStatements} statements inserted`);
  for (const sink of ['net/http.Cookie', 'fiber.Cookie', 'sessions.Options', 'fasthttp.Cookie']) {
    assert.ok(
      (fixedBySink.get(sink) ?? 0) >= CASES / 20,
      `only ${fixedBySink.get(sink) ?? 0} ${sink} fixes`,
    );
  }
  console.log(
    `  property: ${CASES} files, ${fixedFindings} fixes (${[...fixedBySink].map(([s, n]) => `${s} ${n}`).join(', ')}; ${insertedStatements} by a new statement), ${crlfFiles} CRLF, ${bomFiles} BOM: gofmt-clean, tokens intact, idempotent`,
  );
});

test.run();
