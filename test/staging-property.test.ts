import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { random } from './helpers/go-generator.js';
import {
  PROJECT_ROOT,
  cleanEnv,
  cli,
  commit,
  git,
  linkTool,
  run,
  tempRepo,
} from './helpers/temp.js';
import { scanBytes } from '../src/scan-bytes.js';
import { loadGoParser } from '../src/go/parser.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

/**
 * Randomized repository states committed through the installed hook. For every file, byte for
 * byte: HEAD holds fix(committed content); the working tree holds fix(working content) when
 * the commit's content needed a fix (else it is untouched); no unstaged edit became staged;
 * stash and merge state unchanged. Block mode on the same states changes nothing at all.
 */

const STATES = Number(process.env.GCS_STAGING_STATES ?? 300);
const SEED = Number(process.env.GCS_SEED ?? 4242);
const HOOK = readFileSync(path.join(PROJECT_ROOT, 'hooks/pre-commit'), 'utf8');

type Decl = string;
interface FileState {
  name: string;
  /** Committed under this name, then renamed to `name` (git mv) before staging. */
  renamedFrom?: string;
  base?: Decl[]; // committed before (undefined: new file)
  staged?: Decl[]; // undefined: deleted in the index
  working?: Decl[]; // undefined: deleted from the working tree
  crlf: boolean;
  exec: boolean;
}

function cookieDecl(rnd: () => number, n: number): Decl {
  const secure = ['', ', Secure: false', ', Secure: true', ', Secure: r.TLS != nil'][
    Math.floor(rnd() * 4)
  ]!;
  if (rnd() < 0.5)
    return `func c${n}(w http.ResponseWriter, r *http.Request) {\n\thttp.SetCookie(w, &http.Cookie{Name: "n${n}", Value: "v"${secure}})\n}`;
  return `func c${n}(w http.ResponseWriter, r *http.Request) {\n\tc := http.Cookie{\n\t\tName:  "n${n}",\n\t\tValue: "v",${secure ? `\n\t\t${secure.slice(2).replace(':', ':')},` : ''}\n\t}\n\thttp.SetCookie(w, &c)\n}`;
}
function plainDecl(rnd: () => number, n: number): Decl {
  return rnd() < 0.5 ? `var v${n} = ${n}` : `func f${n}() int {\n\treturn ${n}\n}`;
}
function render(decls: Decl[], crlf: boolean): string {
  const text = `package main\n\nimport "net/http"\n\nvar _ = http.StatusOK\n\n${decls.join('\n\n')}\n`;
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** One random edit: add or remove a declaration, or change a line of one (cookie lines included). */
function edit(rnd: () => number, decls: Decl[], counter: { n: number }): Decl[] {
  const out = [...decls];
  const r = rnd();
  const at = Math.floor(rnd() * (out.length + 1));
  if (r < 0.35)
    out.splice(at, 0, rnd() < 0.5 ? cookieDecl(rnd, counter.n++) : plainDecl(rnd, counter.n++));
  else if (r < 0.55 && out.length > 0) out.splice(Math.min(at, out.length - 1), 1);
  else if (r < 0.85 && out.length > 0) {
    const i = Math.min(at, out.length - 1);
    out[i] = out[i]!.replace(/"n(\d+)"/, '"renamed$1"').replace(/return (\d+)/, 'return $1 + 1');
    if (out[i] === decls[i]) out[i] = `${out[i]} // edited`;
  } else
    out.splice(
      0,
      out.length,
      ...Array.from({ length: 1 + Math.floor(rnd() * 3) }, () =>
        rnd() < 0.6 ? cookieDecl(rnd, counter.n++) : plainDecl(rnd, counter.n++),
      ),
    );
  return out;
}

function fixed(bytes: Buffer): { bytes: Buffer; changed: boolean; clean: boolean } {
  const o = scanBytes(bytes, { strict: false, fix: true, skipGenerated: false });
  return { bytes: o.fixedBytes ?? bytes, changed: !!o.fixedBytes, clean: !o.notFixedReason };
}

type Mode = 'plain' | 'all' | 'paths' | 'subdir';

function makeState(seed: number) {
  const rnd = random(seed);
  const counter = { n: 0 };
  const firstCommit = rnd() < 0.15;
  const files: FileState[] = [];
  const count = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < count; i++) {
    const start = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () =>
      rnd() < 0.5 ? cookieDecl(rnd, counter.n++) : plainDecl(rnd, counter.n++),
    );
    const isNew = firstCommit || rnd() < 0.25;
    const base = isNew ? undefined : start;
    let staged: Decl[] | undefined = base ? (rnd() < 0.8 ? edit(rnd, base, counter) : base) : start;
    if (base && rnd() < 0.05) staged = undefined; // deleted
    let working: Decl[] | undefined = staged && rnd() < 0.5 ? edit(rnd, staged, counter) : staged;
    if (staged && rnd() < 0.05) working = undefined; // staged, then deleted from the work tree
    const renamed = base !== undefined && staged !== undefined && rnd() < 0.1;
    files.push({
      name: `${rnd() < 0.3 ? 'pkg/' : ''}f${i}${rnd() < 0.1 ? ' spaced' : ''}.go`,
      renamedFrom: renamed ? `old${i}.go` : undefined,
      base,
      staged,
      working,
      crlf: rnd() < 0.15,
      exec: rnd() < 0.1,
    });
  }
  const modes: Mode[] = firstCommit ? ['plain', 'subdir'] : ['plain', 'all', 'paths', 'subdir'];
  const mode = modes[Math.floor(rnd() * modes.length)]!;
  return { files, mode, firstCommit };
}

function setUp(state: ReturnType<typeof makeState>, hookMode: 'fix' | 'block'): string {
  const repo = tempRepo();
  linkTool(repo);
  writeFileSync(
    path.join(repo, '.git/hooks/pre-commit'),
    HOOK.replace(/^mode=fix$/m, `mode=${hookMode}`),
    { mode: 0o755 },
  );
  mkdirSync(path.join(repo, 'pkg'), { recursive: true });
  const put = (f: FileState, decls: Decl[] | undefined, name = f.name) => {
    const full = path.join(repo, name);
    if (decls === undefined) rmSync(full, { force: true });
    else {
      writeFileSync(full, render(decls, f.crlf));
      chmodSync(full, f.exec ? 0o755 : 0o644);
    }
  };
  if (!state.firstCommit) {
    writeFileSync(path.join(repo, 'pkg/keep.txt'), 'x\n');
    for (const f of state.files) if (f.base) put(f, f.base, f.renamedFrom ?? f.name);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base', '--no-verify');
    for (const f of state.files) if (f.renamedFrom) git(repo, 'mv', f.renamedFrom, f.name);
  }
  for (const f of state.files) put(f, f.staged);
  git(repo, 'add', '-A');
  for (const f of state.files) put(f, f.working);
  return repo;
}

function readOrNull(file: string): Buffer | null {
  return existsSync(file) ? readFileSync(file) : null;
}

export { makeState, setUp, render, fixed };

if (!process.env.GCS_NO_RUN)
  test(`staging property: ${STATES} random states through the fix-mode hook, then block mode (seed ${SEED})`, () => {
    const failures: string[] = [];
    let commits = 0;
    let fixedFiles = 0;
    let blocked = 0;
    for (let s = 0; s < STATES; s++) {
      const seed = SEED + s;
      const state = makeState(seed);
      const where = `state ${s} (GCS_SEED=${SEED}, seed ${seed}, mode ${state.mode})`;
      try {
        // ---- fix mode
        const repo = setUp(state, 'fix');
        const inCommit =
          state.mode === 'paths'
            ? state.files.filter(
                (_, i) => i % 2 === 0 && (state.files[i]!.base || state.files[i]!.staged),
              )
            : state.files;
        const committed = new Map<string, Buffer | null>(); // content the commit takes, before the hook
        for (const f of state.files) {
          const useWorking =
            state.mode === 'all' || (state.mode === 'paths' && inCommit.includes(f));
          const decls = useWorking ? (f.staged || f.base ? f.working : f.staged) : f.staged;
          committed.set(f.name, decls === undefined ? null : Buffer.from(render(decls, f.crlf)));
        }
        const workingBefore = new Map(
          state.files.map((f) => [f.name, readOrNull(path.join(repo, f.name))]),
        );
        const stagedBefore = new Map(
          state.files.map((f) => [
            f.name,
            f.staged === undefined ? null : Buffer.from(render(f.staged, f.crlf)),
          ]),
        );
        const stashBefore = git(repo, 'stash', 'list');
        const args = ['-m', 'change'];
        if (state.mode === 'all') args.unshift('-a');
        if (state.mode === 'paths') args.push('--', ...inCommit.map((f) => f.name));
        const r = commit(repo, args, {}, state.mode === 'subdir' ? path.join(repo, 'pkg') : repo);
        if (r.status !== 0) {
          // nothing to commit is a legitimate outcome of random edits
          if (/nothing (added )?to commit|no changes added/.test(r.stdout + r.stderr)) continue;
          failures.push(
            `${where}: commit failed (${r.status}): ${r.stderr.trim().split('\n').slice(0, 8).join(' | ')}`,
          );
          continue;
        }
        commits++;
        for (const f of state.files) {
          const c = committed.get(f.name)!;
          // The hook checks what the commit changes: a file the commit leaves as in HEAD is not its business.
          const changes =
            !f.base ||
            !!f.renamedFrom ||
            c === null ||
            !c.equals(Buffer.from(render(f.base, f.crlf)));
          const takes = (state.mode !== 'paths' || inCommit.includes(f)) && changes;
          const inHead = run('git', ['cat-file', 'blob', `HEAD:${f.name}`], {
            cwd: repo,
            encoding: 'buffer',
          } as never) as unknown as { status: number; stdout: Buffer };
          const headBytes = inHead.status === 0 ? Buffer.from(inHead.stdout) : null;
          if (!changes && (state.mode !== 'paths' || inCommit.includes(f))) {
            if (!headBytes || !c || !headBytes.equals(c))
              failures.push(`${where}: ${f.name}: an unchanged file changed in HEAD`);
          } else if (takes) {
            const expected = c === null ? null : fixed(c).bytes;
            if (
              (headBytes === null) !== (expected === null) ||
              (headBytes && expected && !headBytes.equals(expected))
            )
              failures.push(`${where}: ${f.name}: HEAD is not fix(committed content)`);
            // the index holds what HEAD holds for committed paths: nothing unstaged became staged
            const idx = run('git', ['diff', '--cached', '--quiet', '--', f.name], { cwd: repo });
            if (idx.status !== 0)
              failures.push(`${where}: ${f.name}: index differs from HEAD after the commit`);
          } else {
            const idx = run('git', ['cat-file', 'blob', `:${f.name}`], {
              cwd: repo,
              encoding: 'buffer',
            } as never) as unknown as { status: number; stdout: Buffer };
            const sb = stagedBefore.get(f.name)!;
            if (sb && (idx.status !== 0 || !Buffer.from(idx.stdout).equals(sb)))
              failures.push(`${where}: ${f.name}: a file outside the commit changed in the index`);
          }
          const wb = workingBefore.get(f.name)!;
          const wa = readOrNull(path.join(repo, f.name));
          const hookFixed = takes && c !== null && fixed(c).changed;
          if (hookFixed) fixedFiles++;
          let expectedWorking = wb;
          if (hookFixed && wb) {
            const fw = fixed(wb);
            expectedWorking = fw.clean ? fw.bytes : wb;
          }
          if (
            (wa === null) !== (expectedWorking === null) ||
            (wa && expectedWorking && !wa.equals(expectedWorking))
          )
            failures.push(
              `${where}: ${f.name}: working tree is not ${hookFixed ? 'fix(working content)' : 'untouched'}`,
            );
          if (wa && f.exec && (statSync(path.join(repo, f.name)).mode & 0o111) === 0)
            failures.push(`${where}: ${f.name}: lost its executable bit`);
        }
        if (git(repo, 'stash', 'list') !== stashBefore)
          failures.push(`${where}: stash list changed`);
        if (
          existsSync(path.join(repo, '.git/index.lock')) ||
          existsSync(path.join(repo, '.git/MERGE_HEAD'))
        )
          failures.push(`${where}: lock or merge state left behind`);
        const litter = readdirSync(repo)
          .concat(existsSync(path.join(repo, 'pkg')) ? readdirSync(path.join(repo, 'pkg')) : [])
          .filter((n) => n.includes('go-cookie-secure'));
        if (litter.length > 0)
          failures.push(`${where}: temporary files left: ${litter.join(', ')}`);

        // ---- block mode: the tool itself changes nothing
        const b = setUp(state, 'block');
        const snapshot = () =>
          [
            readFileSync(path.join(b, '.git/index')).toString('base64'),
            git(b, 'count-objects', '-v'),
            ...state.files.map((f) => readOrNull(path.join(b, f.name))?.toString('base64') ?? '-'),
          ].join('\n');
        const before = snapshot();
        const check = cli(b, ['--staged']);
        const violations = state.files.some((f) => {
          if (f.staged === undefined) return false;
          const staged = Buffer.from(render(f.staged, f.crlf));
          return (
            (!f.base || !!f.renamedFrom || !staged.equals(Buffer.from(render(f.base, f.crlf)))) &&
            fixed(staged).changed
          );
        });
        if (check.status !== (violations ? 1 : 0))
          failures.push(
            `${where}: block mode exit ${check.status}, expected ${violations ? 1 : 0}: ${check.stderr.trim().split('\n')[0]}`,
          );
        if (violations) blocked++;
        if (snapshot() !== before)
          failures.push(`${where}: block mode changed the index, objects or working tree`);
      } catch (error) {
        failures.push(`${where}: ${(error as Error).message.split('\n')[0]}`);
      }
      if (failures.length >= 5) break;
    }
    assert.ok(failures.length === 0, `${failures.length} failures:\n${failures.join('\n')}`);
    assert.ok(
      commits >= STATES * 0.7 && fixedFiles >= STATES / 2 && blocked >= STATES / 3,
      `too little exercised: ${commits} commits, ${fixedFiles} fixed files, ${blocked} blocked`,
    );
    console.log(
      `  staging property: ${STATES} states, ${commits} commits, ${fixedFiles} files fixed by the hook, ${blocked} blocked in block mode`,
    );
  });

/**
 * A writer in the background (an editor saving, an IDE running git add) edits and stages a file
 * again and again while commits go through the fix-mode hook. Before each of its edits it checks
 * that its previous one survived: in the working tree and in the index, that edit or the fix of
 * that edit, never a fix of an older one put over it.
 */
const WRITER = `
const { execFileSync, spawnSync } = require('node:child_process');
const { readFileSync, writeFileSync, appendFileSync } = require('node:fs');
const [file, log, rounds] = process.argv.slice(1);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const marks = (text) => (text.match(/edit \\d+/g) || []).join(',');
for (let k = 1; k <= Number(rounds); k++) {
  if (k > 1) {
    const working = marks(readFileSync(file, 'utf8'));
    const staged = marks(execFileSync('git', ['show', ':w.go'], { encoding: 'utf8' }));
    if (working !== 'edit ' + (k - 1)) appendFileSync(log, 'round ' + k + ': working tree holds [' + working + ']\\n');
    if (staged !== 'edit ' + (k - 1)) appendFileSync(log, 'round ' + k + ': index holds [' + staged + ']\\n');
  }
  writeFileSync(file, 'package main\\n\\nimport "net/http"\\n\\nvar w = &http.Cookie{Name: "w"}\\n\\n// edit ' + k + '\\n');
  // git add fails while another git process holds the index: the writer tries again, as a user would.
  while (spawnSync('git', ['add', 'w.go']).status !== 0) sleep(5);
  sleep(Math.floor(Math.random() * 300));
}
`;

if (!process.env.GCS_NO_RUN)
  test('staging property: a concurrent writer edits and stages while commits run through the hook; no edit is lost', async () => {
    const repo = tempRepo();
    linkTool(repo);
    const init = cli(repo, ['init', '--mode', 'fix']);
    assert.is(init.status, 0, init.stderr);
    writeFileSync(path.join(repo, 'w.go'), 'package main\n');
    git(repo, 'add', 'w.go');
    git(repo, 'commit', '-qm', 'base', '--no-verify');
    const log = path.join(repo, '.git', 'writer.log');
    writeFileSync(log, '');
    const { spawn } = await import('node:child_process');
    const writer = spawn(process.execPath, ['-e', WRITER, path.join(repo, 'w.go'), log, '60'], {
      cwd: repo,
      env: cleanEnv(),
      stdio: 'ignore',
    });
    const finished = new Promise<void>((resolve) => writer.on('close', () => resolve()));
    let done = false;
    void finished.then(() => (done = true));
    let commits = 0;
    let stopped = 0;
    const reasons = new Set<string>();
    for (let i = 0; !done; i++) {
      writeFileSync(
        path.join(repo, 'o.go'),
        `package main\n\nimport "net/http"\n\nvar o = &http.Cookie{Name: "o${i}"}\n`,
      );
      while (run('git', ['add', 'o.go'], { cwd: repo }).status !== 0)
        await new Promise((r) => setTimeout(r, 5));
      const r = await new Promise<number | null>((resolve) => {
        const c = spawn('git', ['commit', '-q', '-m', `c${i}`], {
          cwd: repo,
          env: cleanEnv(),
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        c.stderr.on('data', (d: Buffer) => (err += d.toString()));
        c.on('close', (code) => {
          if (code !== 0) reasons.add(err.trim().split('\n').pop() ?? '');
          resolve(code);
        });
      });
      if (r === 0) commits++;
      else stopped++;
    }
    await finished;
    const lost = readFileSync(log, 'utf8');
    assert.is(lost, '', `edits lost:\n${lost}`);
    assert.ok(
      commits >= 3 && stopped >= 1,
      `too little overlap: ${commits} commits went through, ${stopped} stopped: ${[...reasons].join(' | ')}`,
    );
    console.log(
      `  concurrent writer: 60 edits, ${commits} commits through the hook, ${stopped} stopped (${[...reasons].map((r) => r.replace(/^go-cookie-secure: /, '').slice(0, 60)).join('; ')})`,
    );
  });

if (!process.env.GCS_NO_RUN) test.run();
