/**
 * Whole-process benchmarks of go-cookie-secure against its floors, measured side by side:
 *   scan: the tool on a generated corpus vs `git grep -l -F Cookie` and ast-grep;
 *   hook: `--staged` / `--staged --fix` in a 20,000-file repository vs `node -e 0` + the git calls
 *     (for --fix: + loading the parser, and the git calls include storing blobs and the index).
 * Medians of several runs; peak memory (max RSS) from GNU time. Usage:
 *   npm run bench                 (BENCH_FILES=20000 BENCH_RUNS=5 by default;
 *                                  BENCH_PART=scan or hook runs one half)
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './corpus.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/go-cookie-secure.js');
const FILES = Number(process.env.BENCH_FILES ?? 20000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GNU_TIME = '/usr/bin/time';
const PART = process.env.BENCH_PART ?? 'all';

interface Measure {
  seconds: number;
  maxRssMb: number;
}

/** Runs a command `RUNS` times (after one warm-up); median wall time and the largest max RSS. */
function measure(cmd: string[], cwd: string, before?: () => void, runs = RUNS): Measure {
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i <= runs; i++) {
    before?.();
    const start = process.hrtime.bigint();
    const r = spawnSync(GNU_TIME, ['-f', '%M', ...cmd], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.error) throw r.error;
    if (i === 0) continue; // warm-up
    times.push(seconds);
    const kb = Number(r.stderr.trim().split('\n').pop());
    rss = Math.max(rss, kb / 1024);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)]!, maxRssMb: rss };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
}

function corpusRepo(files: number, seed: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `gcs-bench-${files}-`));
  const stats = writeCorpus(dir, files, seed);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'corpus');
  console.log(`corpus ${dir}: ${stats.files} files, ${(stats.bytes / 1e6).toFixed(0)} MB, ${stats.cookieFiles} mention Cookie`);
  return dir;
}

function astGrep(): string | undefined {
  const dir = path.join(tmpdir(), 'gcs-bench-ast-grep');
  const bin = path.join(dir, 'node_modules/.bin/ast-grep');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync('npm', ['install', '--prefix', dir, '--no-save', '--silent', '@ast-grep/cli'], { encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(bin)) {
      console.log(`ast-grep not installed: ${r.stderr.trim().split('\n')[0]}`);
      return undefined;
    }
  }
  return bin;
}

const rows: string[][] = [];
function row(name: string, m: Measure, floor?: Measure, floorName = ''): void {
  rows.push([name, m.seconds.toFixed(3), m.maxRssMb.toFixed(0), floor ? `${(m.seconds / floor.seconds).toFixed(2)}x ${floorName}` : '']);
}

function main(): void {
  if (!existsSync(GNU_TIME)) throw new Error('GNU time is needed for peak memory: apt-get install -y time');
  const corpus = corpusRepo(FILES, 1);

  if (PART !== 'hook') scanBench(corpus);
  if (PART !== 'scan') hookBench(corpus);
  rmSync(corpus, { recursive: true, force: true });

  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length), ['case', 'median s', 'max RSS MB', 'ratio'][c]!.length));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(['case', 'median s', 'max RSS MB', 'ratio'])}`);
  for (const r of rows) console.log(line(r));
}

function scanBench(corpus: string): void {
  const grep = measure(['git', 'grep', '-l', '-F', 'Cookie'], corpus);
  const scan = measure(['node', CLI, '--format', 'json'], corpus);
  row('git grep -l -F Cookie', grep);
  row('go-cookie-secure (scan)', scan, grep, 'git grep');
  const sg = astGrep();
  if (sg) {
    const rule = path.join(corpus, '..', `gcs-bench-rule-${process.pid}.yml`);
    writeFileSync(rule, 'id: cookie-secure\nlanguage: go\nrule:\n  kind: composite_literal\n  regex: Cookie\n  not:\n    regex: "Secure:\\\\s*true"\nseverity: error\n');
    const ast = measure([sg, 'scan', '--rule', rule, '--json=compact', '.'], corpus, undefined, Math.min(RUNS, 3));
    row('ast-grep scan (equivalent rule)', ast);
    rows.push(['  ast-grep / go-cookie-secure', '', '', `${(ast.seconds / scan.seconds).toFixed(1)}x faster`]);
    rmSync(rule, { force: true });
  }
  // --fix on a copy, restored between runs (not timed)
  const copy = mkdtempSync(path.join(tmpdir(), 'gcs-bench-fix-'));
  git(copy, 'clone', '-q', corpus, '.');
  const fix = measure(['node', CLI, '--fix', '--quiet'], copy, () => git(copy, 'checkout', '-q', '--', '.'));
  row('go-cookie-secure --fix (scan + fix)', fix, grep, 'git grep');
  rmSync(copy, { recursive: true, force: true });

  // memory for a corpus twice as large
  const double = corpusRepo(FILES * 2, 2);
  const scan2 = measure(['node', CLI, '--format', 'json'], double, undefined, Math.min(RUNS, 3));
  row(`go-cookie-secure (scan, ${FILES * 2} files)`, scan2);
  rows.push(['  peak memory 2x corpus / 1x', '', '', `${((scan2.maxRssMb / scan.maxRssMb - 1) * 100).toFixed(0)}%`]);
  rmSync(double, { recursive: true, force: true });
}

/** The hook: 1, 10 and 100 staged files in the corpus repository, against its floors. */
function hookBench(corpus: string): void {
  const node0 = measure(['node', '-e', '0'], corpus);
  const parserLoad = measure(['node', '-e', `const P=require(${JSON.stringify(path.join(ROOT, 'node_modules/tree-sitter'))});new P().setLanguage(require(${JSON.stringify(path.join(ROOT, 'node_modules/tree-sitter-go'))}))`], corpus);
  row('node -e 0', node0);
  row('node + load tree-sitter-go', parserLoad);
  const goFiles = git(corpus, 'ls-files', '--', 'svc*/*.go').split('\n').filter(Boolean);
  for (const n of [1, 10, 100]) {
    for (const cookie of [false, true]) {
      const files = goFiles.slice(0, n);
      const originals = files.map((f) => readFileSync(path.join(corpus, f), 'utf8'));
      const stage = () => {
        files.forEach((f, i) => writeFileSync(path.join(corpus, f), originals[i] + (cookie ? `\nfunc setSession${i}(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Name: "s", Value: "v"})\n}\n` : `\n// edited ${i}\n`)));
        git(corpus, 'add', '--', ...files);
      };
      stage();
      const blobList = git(corpus, 'diff-index', '--cached', 'HEAD').split('\n').filter(Boolean).map((l) => l.split(' ')[3]).join('\n') + '\n';
      const gitCalls = measure(['sh', '-c', `git diff-index --cached -z --no-renames --diff-filter=ACMU HEAD -- ':/*.go' >/dev/null && printf '${blobList.replace(/\n/g, '\\n')}' | git cat-file --batch >/dev/null`], corpus);
      const floor = { seconds: node0.seconds + gitCalls.seconds, maxRssMb: 0 };
      row(`  git calls (diff-index, cat-file), ${n} files`, gitCalls);
      if (!cookie) row(`git diff --cached --name-only, ${n} files`, measure(['git', 'diff', '--cached', '--name-only'], corpus));
      const check = measure(['node', CLI, '--staged'], corpus);
      row(`hook --staged, ${n} files${cookie ? ' with cookies' : ''}`, check, floor, 'node+git');
      if (cookie) {
        // A fixing hook must also store the fixed blobs and rewrite the index (git rewrites the
        // whole file, ~2 MB here, whatever the number of entries): the same two calls, on the
        // same files, belong to its floor.
        const entries = path.join(corpus, '..', `gcs-bench-index-info-${process.pid}`);
        writeFileSync(entries, git(corpus, 'ls-files', '-s', '-z', '--', ...files));
        const paths = files.map((f) => `${f}\n`).join('');
        const writeCalls = measure(['sh', '-c', `printf '${paths.replace(/\n/g, '\\n')}' | git hash-object -w --no-filters --stdin-paths >/dev/null && git update-index -z --index-info < '${entries}'`], corpus);
        rmSync(entries, { force: true });
        row(`  git calls (hash-object, update-index), ${n} files`, writeCalls);
        const fixFloor = { seconds: parserLoad.seconds + gitCalls.seconds + writeCalls.seconds, maxRssMb: 0 };
        const fixed = measure(['node', CLI, '--staged', '--fix'], corpus, stage);
        row(`hook --staged --fix, ${n} files with cookies`, fixed, fixFloor, 'node+parser+git');
        rows.push(['  without the write calls in the floor', '', '', `${(fixed.seconds / (parserLoad.seconds + gitCalls.seconds)).toFixed(2)}x`]);
      }
      git(corpus, 'reset', '-q');
      files.forEach((f, i) => writeFileSync(path.join(corpus, f), originals[i]!));
    }
  }
}

main();
