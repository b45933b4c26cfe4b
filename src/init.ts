import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { findRepository, hooksDirectory } from './git.js';
import { OperationalError } from './errors.js';

export interface InitOptions {
  cwd: string;
  mode?: string;
  args: string[];
  log: (line: string) => void;
}

const MARKER = 'go-cookie-secure';
const CHAINED = 'pre-commit.before-go-cookie-secure';
const SHIPPED_HOOK = new URL('../../hooks/pre-commit', import.meta.url);

/**
 * Our line in `.husky/pre-commit`. It starts Node with NODE_EXTRA_CA_CERTS empty, for this
 * command only: Node 20 loads that file, and all its own root certificates with it, before any
 * script runs (45 of `node -e 0`'s 73 ms on the machine we measured), and the tool opens no TLS
 * connection. Node treats the empty value as unset.
 */
function hookCommand(mode: 'fix' | 'block'): string {
  return `NODE_EXTRA_CA_CERTS= go-cookie-secure --staged${mode === 'fix' ? ' --fix' : ''}`;
}

/** `.husky/pre-commit` gets our line (replacing an older one of ours), keeping every other line. */
function installHusky(root: string, mode: 'fix' | 'block', log: (l: string) => void): void {
  const hookFile = path.join(root, '.husky', 'pre-commit');
  mkdirSync(path.dirname(hookFile), { recursive: true });
  const existing = existsSync(hookFile) ? readFileSync(hookFile, 'utf8') : '';
  const lines = existing.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const ours = lines.findIndex((l) => l.includes(MARKER));
  if (ours === -1) lines.push(hookCommand(mode));
  else lines[ours] = hookCommand(mode);
  writeFileSync(hookFile, lines.join('\n') + '\n', { mode: 0o755 });
  log(`${existing ? 'updated' : 'created'} .husky/pre-commit (${mode} mode)`);

  const pkgFile = path.join(root, 'package.json');
  const text = readFileSync(pkgFile, 'utf8');
  let pkg: { scripts?: Record<string, string>; devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
  try {
    pkg = JSON.parse(text);
  } catch {
    throw new OperationalError('package.json is not valid JSON');
  }
  pkg.scripts ??= {};
  const prepare = pkg.scripts.prepare;
  if (!prepare) pkg.scripts.prepare = 'husky';
  else if (!/\bhusky\b/.test(prepare)) pkg.scripts.prepare = `${prepare} && husky`;
  if (pkg.scripts.prepare !== prepare) {
    const indent = /^[ \t]+/m.exec(text)?.[0] ?? '  ';
    writeFileSync(pkgFile, JSON.stringify(pkg, null, indent) + (text.endsWith('\n') ? '\n' : ''));
    log(`added "prepare": "${pkg.scripts.prepare}" to package.json`);
  }
  // Set core.hooksPath now when husky is installed; otherwise `npm install` does it via prepare.
  const husky = path.join(root, 'node_modules', '.bin', 'husky');
  if (existsSync(husky)) {
    const r = spawnSync(husky, [], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new OperationalError(`husky failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`);
  } else if (!pkg.devDependencies?.husky && !pkg.dependencies?.husky) {
    log('husky is not a dependency yet: npm install --save-dev husky (its prepare script activates the hook)');
  } else {
    log('run npm install to activate the hook');
  }
}

/** The shipped POSIX hook in the hooks directory; a foreign hook already there is chained, not lost. */
function installGitHook(hooksDir: string, mode: 'fix' | 'block', log: (l: string) => void): void {
  mkdirSync(hooksDir, { recursive: true });
  const hookFile = path.join(hooksDir, 'pre-commit');
  const script = readFileSync(SHIPPED_HOOK, 'utf8').replace(/^mode=fix$/m, `mode=${mode}`);
  if (existsSync(hookFile)) {
    const current = readFileSync(hookFile, 'utf8');
    if (!current.includes('go-cookie-secure pre-commit hook')) {
      if (existsSync(path.join(hooksDir, CHAINED))) throw new OperationalError(`${path.join(hooksDir, CHAINED)} already exists; move one of the hooks away first`);
      renameSync(hookFile, path.join(hooksDir, CHAINED));
      log(`kept the existing pre-commit hook: it runs first, as ${CHAINED}`);
    }
  }
  writeFileSync(hookFile, script);
  chmodSync(hookFile, 0o755);
  log(`installed ${hookFile} (${mode} mode)`);
}

export async function runInit(options: InitOptions): Promise<number> {
  if (options.args.length > 0) throw new OperationalError(`init takes no paths (got ${options.args[0]})`);
  const mode = options.mode ?? 'fix';
  if (mode !== 'fix' && mode !== 'block') throw new OperationalError(`unknown --mode ${mode} (fix, block)`);
  const repo = findRepository(options.cwd);
  if (!repo) throw new OperationalError('init needs a git repository');
  if (existsSync(path.join(repo.root, 'package.json'))) installHusky(repo.root, mode, options.log);
  else installGitHook(hooksDirectory(repo.root), mode, options.log);
  return 0;
}
