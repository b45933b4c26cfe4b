/**
 * Whole-process benchmarks of go-cookie-secure against its floors, measured side by side:
 *   scan: the tool on a generated corpus vs `git grep -l -F Cookie` and ast-grep;
 *   hook: `--staged` / `--staged --fix` in a 20,000-file repository vs `node -e 0` + the git calls
 *     (for --fix: + loading the parser, and the git calls include storing blobs and the index).
 * Medians of several runs; peak memory (max RSS) from GNU time. Usage:
 *   npm run bench                 (BENCH_FILES=20000 BENCH_RUNS=5 by default;
 *                                  BENCH_PART=scan or hook runs one half;
 *                                  BENCH_KEEP=dir keeps the corpora there and reuses them)
 * With NODE_EXTRA_CA_CERTS set, Node 20 loads that file and all its own root certificates before
 * any script runs (45 of node -e 0's 73 ms on this machine); the installed hooks start the tool
 * with it empty. The bench then also times Node, the scan and the hooks with it empty, floors
 * alike, and prints those rows marked "(no CA load)".
 * A corpus just written is slow to read for some minutes (this machine: git grep 0.16 s, then
 * 0.10 s on the same files once the file system has settled), and the ratios move with it; a
 * second run with BENCH_KEEP times settled corpora.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './corpus.js';
import { SKIPPED_DIRECTORIES } from '../src/file-filters.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/go-cookie-secure.js');
const FILES = Number(process.env.BENCH_FILES ?? 20000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GNU_TIME = '/usr/bin/time';
const PART = process.env.BENCH_PART ?? 'all';
/** Set in this environment: every Node start pays for loading it. */
const CA_LOAD = Boolean(process.env.NODE_EXTRA_CA_CERTS);
/** A command as the installed hooks start the tool: NODE_EXTRA_CA_CERTS empty, which Node treats as unset. */
const noCaLoad = (cmd: string[]): string[] => ['env', 'NODE_EXTRA_CA_CERTS=', ...cmd];

interface Measure {
  seconds: number;
  maxRssMb: number;
}

/**
 * Runs each command `runs` times (after one warm-up round), taking turns so that the machine's
 * drift affects each alike; median wall time and the largest max RSS of each.
 */
function measureEach(
  cmds: string[][],
  cwd: string,
  before?: (command: number) => void,
  runs = RUNS,
): Measure[] {
  const times: number[][] = cmds.map(() => []);
  const rss = cmds.map(() => 0);
  for (let i = 0; i <= runs; i++) {
    cmds.forEach((cmd, c) => {
      before?.(c);
      const start = process.hrtime.bigint();
      const r = spawnSync(GNU_TIME, ['-f', '%M', ...cmd], {
        cwd,
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (r.error) throw r.error;
      if (i === 0) return; // warm-up
      times[c]!.push(seconds);
      const kb = Number(r.stderr.trim().split('\n').pop());
      rss[c] = Math.max(rss[c]!, kb / 1024);
    });
  }
  return times.map((t, c) => {
    t.sort((a, b) => a - b);
    return { seconds: t[Math.floor(t.length / 2)]!, maxRssMb: rss[c]! };
  });
}

function measure(cmd: string[], cwd: string, before?: () => void, runs = RUNS): Measure {
  return measureEach([cmd], cwd, before, runs)[0]!;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
}

const KEEP = process.env.BENCH_KEEP;

/** A generated corpus in a git repository: made anew, or under BENCH_KEEP, made once and reused. */
function corpusRepo(files: number, seed: number): string {
  const dir = KEEP
    ? path.resolve(KEEP, `corpus-${files}-${seed}`)
    : mkdtempSync(path.join(tmpdir(), `gcs-bench-${files}-`));
  if (KEEP && existsSync(path.join(dir, '.git'))) {
    if (git(dir, 'status', '--porcelain') !== '')
      throw new Error(`${dir} has changes: remove it to have it made again`);
    console.log(`corpus ${dir}: reused`);
    return dir;
  }
  mkdirSync(dir, { recursive: true });
  const stats = writeCorpus(dir, files, seed);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(
    dir,
    '-c',
    'user.email=bench@example.com',
    '-c',
    'user.name=bench',
    'commit',
    '-qm',
    'corpus',
  );
  execFileSync('sync');
  console.log(
    `corpus ${dir}: ${stats.files} files, ${(stats.bytes / 1e6).toFixed(0)} MB, ${stats.cookieFiles} mention Cookie, ${stats.frameworkFiles} hold a framework sink`,
  );
  return dir;
}

function removeCorpus(dir: string): void {
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
}

function astGrep(): string | undefined {
  const dir = path.join(tmpdir(), 'gcs-bench-ast-grep');
  const bin = path.join(dir, 'node_modules/.bin/ast-grep');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync(
      'npm',
      ['install', '--prefix', dir, '--no-save', '--silent', '@ast-grep/cli'],
      { encoding: 'utf8' },
    );
    if (r.status !== 0 || !existsSync(bin)) {
      console.log(`ast-grep not installed: ${r.stderr.trim().split('\n')[0]}`);
      return undefined;
    }
  }
  return bin;
}

/** A floor made of several processes run one after another. */
function sum(...parts: Measure[]): Measure {
  return { seconds: parts.reduce((t, m) => t + m.seconds, 0), maxRssMb: 0 };
}

const rows: string[][] = [];
function row(name: string, m: Measure, floor?: Measure, floorName = ''): void {
  rows.push([
    name,
    m.seconds.toFixed(3),
    m.maxRssMb.toFixed(0),
    floor ? `${(m.seconds / floor.seconds).toFixed(2)}x ${floorName}` : '',
  ]);
}

function main(): void {
  if (!existsSync(GNU_TIME))
    throw new Error('GNU time is needed for peak memory: apt-get install -y time');
  const corpus = corpusRepo(FILES, 1);
  if (CA_LOAD)
    console.log(
      'NODE_EXTRA_CA_CERTS is set: rows marked (no CA load) run Node, floors alike, with it empty',
    );

  const scanned = PART !== 'hook' ? scanBench(corpus) : undefined;
  if (PART !== 'scan') hookBench(corpus);
  // Last: these write large trees (a copy, a corpus twice as large), which slows the file system
  // for whatever is timed after them.
  if (scanned) {
    fixBench(corpus, scanned.grep);
    memoryBench(scanned.scan);
  }
  removeCorpus(corpus);

  const widths = [0, 1, 2, 3].map((c) =>
    Math.max(
      ...rows.map((r) => r[c]!.length),
      ['case', 'median s', 'max RSS MB', 'ratio'][c]!.length,
    ),
  );
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(['case', 'median s', 'max RSS MB', 'ratio'])}`);
  for (const r of rows) console.log(line(r));
}

function scanBench(corpus: string): { grep: Measure; scan: Measure } {
  // What the scan cannot go below: Node, and the same two git processes it runs side by side
  // (the candidates, and the count of tracked files), their output read, nothing parsed.
  const pathspecs = ['*.go', ...SKIPPED_DIRECTORIES.map((dir) => `:(exclude,glob)**/${dir}/**`)];
  const gitOnly = `const { spawn } = require('node:child_process');
    for (const args of [['-c', 'grep.fallbackToNoIndex=false', 'grep', '-z', '-l', '-F', '--no-color', '-e', 'Cookie', '--', ...${JSON.stringify(pathspecs)}], ['ls-files', '-z', '--stage', '--', ...${JSON.stringify(pathspecs)}]])
      spawn('git', args, { stdio: ['ignore', 'pipe', 'ignore'] }).stdout.on('data', () => {});`;
  const commands = [
    ['git', 'grep', '-l', '-F', 'Cookie'],
    ['node', '-e', gitOnly],
    ['node', CLI, '--format', 'json'],
  ];
  if (CA_LOAD)
    commands.push(noCaLoad(['node', '-e', gitOnly]), noCaLoad(['node', CLI, '--format', 'json']));
  const [grep, scanFloor, scan, scanFloorNoCa, scanNoCa] = measureEach(commands, corpus);
  row('git grep -l -F Cookie', grep!);
  row("node + the scan's git calls, nothing parsed", scanFloor!, grep, 'git grep');
  row('go-cookie-secure (scan)', scan!, grep, 'git grep');
  rows.push([
    '  over node + its git calls',
    '',
    '',
    `${(scan!.seconds / scanFloor!.seconds).toFixed(2)}x`,
  ]);
  if (scanFloorNoCa && scanNoCa) {
    row("node + the scan's git calls (no CA load)", scanFloorNoCa, grep, 'git grep');
    row('go-cookie-secure (scan, no CA load)', scanNoCa, grep, 'git grep');
  }
  const sg = astGrep();
  if (sg) {
    const rule = path.join(corpus, '..', `gcs-bench-rule-${process.pid}.yml`);
    writeFileSync(
      rule,
      'id: cookie-secure\nlanguage: go\nrule:\n  kind: composite_literal\n  regex: Cookie\n  not:\n    regex: "Secure:\\\\s*true"\nseverity: error\n',
    );
    const ast = measure(
      [sg, 'scan', '--rule', rule, '--json=compact', '.'],
      corpus,
      undefined,
      Math.min(RUNS, 3),
    );
    row('ast-grep scan (equivalent rule)', ast);
    rows.push([
      '  ast-grep / go-cookie-secure',
      '',
      '',
      `${(ast.seconds / scan!.seconds).toFixed(1)}x faster`,
    ]);
    rmSync(rule, { force: true });
  }
  // A directory walk reads every file (no git grep): its peak memory, with and without workers.
  const [walk, walkOneThread] = measureEach(
    [
      noCaLoad(['node', CLI, '--format', 'json', '.']),
      noCaLoad(['env', 'GO_COOKIE_SECURE_WORKERS=0', 'node', CLI, '--format', 'json', '.']),
    ],
    corpus,
    undefined,
    Math.min(RUNS, 3),
  );
  row('go-cookie-secure . (directory walk)', walk!);
  row('go-cookie-secure . (directory walk, no workers)', walkOneThread!);
  return { grep: grep!, scan: scan! };
}

/** The scan with --fix, on a copy of the corpus put back between runs (not timed). */
function fixBench(corpus: string, grep: Measure): void {
  const copy = mkdtempSync(path.join(tmpdir(), 'gcs-bench-fix-'));
  git(copy, 'clone', '-q', corpus, '.');
  const fix = measure(['node', CLI, '--fix', '--quiet'], copy, () =>
    git(copy, 'checkout', '-q', '--', '.'),
  );
  row('go-cookie-secure --fix (scan + fix)', fix, grep, 'git grep');
  rmSync(copy, { recursive: true, force: true });
}

/** Peak memory for a corpus twice as large, against the scan's. */
function memoryBench(scan: Measure): void {
  const double = corpusRepo(FILES * 2, 2);
  const scan2 = measure(['node', CLI, '--format', 'json'], double, undefined, Math.min(RUNS, 3));
  row(`go-cookie-secure (scan, ${FILES * 2} files)`, scan2);
  rows.push([
    '  peak memory 2x corpus / 1x',
    '',
    '',
    `${((scan2.maxRssMb / scan.maxRssMb - 1) * 100).toFixed(0)}%`,
  ]);
  removeCorpus(double);
}

/**
 * The hook: 1, 10 and 100 staged files in the corpus repository, against its floors, each
 * case measured in turns with its floors.
 */
function hookBench(corpus: string): void {
  const node0 = ['node', '-e', '0'];
  // What the tool loads on its first parse: tree-sitter's WebAssembly runtime and the Go grammar.
  const parserLoad = [
    'node',
    '-e',
    `const T=require(${JSON.stringify(path.join(ROOT, 'node_modules/web-tree-sitter'))});T.Parser.init().then(()=>new T.Parser().setLanguage(T.Language.loadSync(new WebAssembly.Module(require('fs').readFileSync(${JSON.stringify(path.join(ROOT, 'dist/src/tree-sitter-go.wasm'))})))))`,
  ];
  const goFiles = git(corpus, 'ls-files', '--', 'svc*/*.go').split('\n').filter(Boolean);
  for (const n of [1, 10, 100]) {
    for (const cookie of [false, true]) {
      const files = goFiles.slice(0, n);
      const originals = files.map((f) => readFileSync(path.join(corpus, f), 'utf8'));
      const stage = () => {
        files.forEach((f, i) => {
          writeFileSync(
            path.join(corpus, f),
            originals[i] +
              (cookie
                ? `\nfunc setSession${i}(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Name: "s", Value: "v"})\n}\n`
                : `\n// edited ${i}\n`),
          );
        });
        git(corpus, 'add', '--', ...files);
      };
      stage();
      const blobList = `${git(corpus, 'diff-index', '--cached', 'HEAD')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[3])
        .join('\n')}\n`;
      const gitCalls = [
        'sh',
        '-c',
        `git diff-index --cached -z --no-renames --diff-filter=ACMU HEAD -- ':/*.go' >/dev/null && printf '${blobList.replace(/\n/g, '\\n')}' | git cat-file --batch >/dev/null`,
      ];
      const label = `${n} files${cookie ? ' with cookies' : ''}`;
      if (!cookie) {
        const commands = [node0, gitCalls, ['node', CLI, '--staged']];
        if (CA_LOAD) commands.push(noCaLoad(node0), noCaLoad(['node', CLI, '--staged']));
        const [node, calls, check, nodeNoCa, checkNoCa] = measureEach(commands, corpus);
        row(`node -e 0`, node!);
        row(`  git calls (diff-index, cat-file), ${n} files`, calls!);
        row(`hook --staged, ${label}`, check!, sum(node!, calls!), 'node+git');
        if (nodeNoCa && checkNoCa) {
          row(`node -e 0 (no CA load)`, nodeNoCa);
          row(`hook --staged, ${label} (no CA load)`, checkNoCa, sum(nodeNoCa, calls!), 'node+git');
        }
      } else {
        // A fixing hook must also store the fixed blobs and rewrite the index (git rewrites the
        // whole file, ~2 MB here, whatever the number of entries): the same two calls, on the
        // same files, belong to its floor.
        const entries = path.join(corpus, '..', `gcs-bench-index-info-${process.pid}`);
        writeFileSync(entries, git(corpus, 'ls-files', '-s', '-z', '--', ...files));
        const paths = files.map((f) => `${f}\n`).join('');
        const writeCalls = [
          'sh',
          '-c',
          `printf '${paths.replace(/\n/g, '\\n')}' | git hash-object -w --no-filters --stdin-paths >/dev/null && git update-index -z --index-info < '${entries}'`,
        ];
        const check = ['node', CLI, '--staged'];
        const fix = ['node', CLI, '--staged', '--fix'];
        const commands = [node0, parserLoad, gitCalls, writeCalls, check, fix];
        if (CA_LOAD)
          commands.push(noCaLoad(node0), noCaLoad(parserLoad), noCaLoad(check), noCaLoad(fix));
        // The tool's runs start from the staged, unfixed files (a fix run leaves them fixed).
        const [
          node,
          parser,
          calls,
          writes,
          checked,
          fixed,
          nodeNoCa,
          parserNoCa,
          checkedNoCa,
          fixedNoCa,
        ] = measureEach(commands, corpus, (c) => commands[c]!.includes(CLI) && stage());
        rmSync(entries, { force: true });
        row(`node + load tree-sitter-go`, parser!);
        row(`  git calls (diff-index, cat-file), ${n} files`, calls!);
        row(`hook --staged, ${label}`, checked!, sum(node!, calls!), 'node+git');
        row(`  git calls (hash-object, update-index), ${n} files`, writes!);
        row(
          `hook --staged --fix, ${label}`,
          fixed!,
          sum(parser!, calls!, writes!),
          'node+parser+git',
        );
        rows.push([
          '  without the write calls in the floor',
          '',
          '',
          `${(fixed!.seconds / (parser!.seconds + calls!.seconds)).toFixed(2)}x`,
        ]);
        if (nodeNoCa && parserNoCa && checkedNoCa && fixedNoCa) {
          row(`node + load tree-sitter-go (no CA load)`, parserNoCa);
          row(
            `hook --staged, ${label} (no CA load)`,
            checkedNoCa,
            sum(nodeNoCa, calls!),
            'node+git',
          );
          row(
            `hook --staged --fix, ${label} (no CA load)`,
            fixedNoCa,
            sum(parserNoCa, calls!, writes!),
            'node+parser+git',
          );
        }
      }
      git(corpus, 'reset', '-q');
      files.forEach((f, i) => {
        writeFileSync(path.join(corpus, f), originals[i]!);
      });
    }
  }
}

main();
