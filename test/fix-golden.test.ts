import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './helpers/temp.js';
import { gofmt } from './helpers/gofmt.js';
import { scanBytes } from '../src/scan-bytes.js';
import { analyzeGo } from '../src/rules/analyze.js';
import { fixSource } from '../src/fix/fix-source.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

const DIR = path.join(PROJECT_ROOT, 'test/fixtures/fix');
const options = { strict: false, fix: true, skipGenerated: false };

function fix(bytes: Buffer): Buffer {
  const outcome = scanBytes(bytes, options);
  assert.is(outcome.notFixedReason, undefined);
  return outcome.fixedBytes ?? bytes;
}

/** gofmt's view of a file: LF line endings and no BOM (gofmt drops both). */
function forGofmt(text: string): string {
  return text.replace(/^\ufeff/, '').replace(/\r\n/g, '\n');
}

const inputs = readdirSync(DIR)
  .filter((f) => f.endsWith('.go'))
  .sort();

test('there is a golden file for every shape', () => {
  assert.ok(inputs.length >= 17, `${inputs.length} fixtures`);
});

for (const input of inputs) {
  const name = input.slice(0, -3);
  test(`golden: ${name}`, () => {
    const before = readFileSync(path.join(DIR, input));
    const golden = readFileSync(path.join(DIR, `${name}.golden`));
    const after = fix(before);
    assert.fixture(after.toString('utf8'), golden.toString('utf8'));
    assert.ok(!after.equals(before), 'the fixture has something to fix');
    // The golden is what gofmt prints, and fixing it again changes nothing.
    const text = forGofmt(golden.toString('utf8'));
    assert.fixture(gofmt([], text), text);
    assert.ok(fix(golden).equals(golden), 'idempotent');
  });
}

test('CRLF file: the new line ends with CRLF and no bare LF appears', () => {
  const out = fix(readFileSync(path.join(DIR, 'crlf.go'))).toString('utf8');
  assert.match(out, '\t\tSecure: true,\r\n');
  assert.not.match(out, /[^\r]\n/);
});

test('BOM is kept', () => {
  const out = fix(readFileSync(path.join(DIR, 'bom.go')));
  assert.equal([...out.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
});

test('syntax errors elsewhere in the file do not stop the fix (its errors are not new)', () => {
  const src =
    'package p\n\nimport "net/http"\n\nvar c = http.Cookie{Name: "a"}\n\nfunc f() {\n\tx := := 1\n}\n';
  const outcome = scanBytes(Buffer.from(src), options);
  assert.is(outcome.notFixedReason, undefined);
  assert.match(outcome.fixedBytes!.toString(), 'http.Cookie{Name: "a", Secure: true}');
  assert.match(outcome.fixedBytes!.toString(), 'x := := 1');
});

test('safety net: output with a new syntax error is refused and nothing changes', () => {
  const src = 'package p\n\nimport "net/http"\n\nvar c = http.Cookie{Name: "a"}\n';
  const analysis = analyzeGo(src, { strict: false, edits: true });
  const sabotaged = analysis.findings.map((f) => ({
    ...f,
    edits: [{ offset: f.end - 1, length: 0, text: ', Secure: true}}' }],
  }));
  const result = fixSource(src, sabotaged, { strict: false }, analysis.syntaxErrors);
  assert.is(result.text, src);
  assert.is(result.fixedOffsets.size, 0);
  assert.is(result.failure, 'the fixed source would not parse');
});

test.run();
