import {
  chmodSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { findRepository, hooksDirectory } from '../git.js';
import { OperationalError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';

export interface InitOptions {
  cwd: string;
  mode?: string;
  /** Take out what init put in. */
  uninstall?: boolean;
  args: string[];
  log: (line: string) => void;
}

type Mode = 'fix' | 'block';

const CHAINED = 'pre-commit.before-go-cookie-secure';
const SHIPPED_HOOK = new URL('hooks/pre-commit', PACKAGE_ROOT);

/**
 * Our line in a hook manager's file: the command a user would have written. (The shipped
 * hooks/pre-commit script, ours, starts Node without NODE_EXTRA_CA_CERTS for speed; a start-up
 * workaround for one environment variable does not belong in other people's files.)
 */
function hookCommand(mode: Mode, tool = 'go-cookie-secure'): string {
  return `${tool} --staged${mode === 'fix' ? ' --fix' : ''}`;
}

/**
 * One change `init` makes. Every change is worked out (and every file it depends on read and
 * validated) before the first is written, so a file that cannot be understood stops init with
 * nothing written.
 */
type Change =
  | { kind: 'write'; file: string; text: string; executable?: boolean; say: string }
  | { kind: 'rename'; from: string; to: string; say: string }
  | { kind: 'remove'; file: string; say: string };

/** Our command within a shell line: the tool's name, its arguments, up to a shell operator. */
const OUR_COMMAND =
  /(?<![\w.-])((?:npx\s+)?(?:[^\s"';|&]*\/)?go-cookie-secure)(?![\w.-])((?:[ \t]+(?!&&|\|\||[;|&]|#)(?:"[^"]*"|'[^']*'|[^\s"';|&]+)+)*)/;

/**
 * The hook file's text with our command in `mode`. A line that already runs the tool keeps
 * everything but our command's --fix flag (and a missing --staged): the user's other options,
 * the commands around it, a prefix. Returns the new text and what changed, or undefined when
 * nothing did.
 */
export function withOurLine(
  existing: string,
  mode: Mode,
): { text: string; changed: string } | undefined {
  const lines = existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
  const at = lines.findIndex((l) => !/^\s*#/.test(l) && OUR_COMMAND.test(l));
  if (at === -1) {
    lines.push(hookCommand(mode));
    return { text: `${lines.join('\n')}\n`, changed: `added \`${hookCommand(mode)}\`` };
  }
  const line = lines[at]!;
  const m = OUR_COMMAND.exec(line)!;
  const args = m[2]!.match(/(?:"[^"]*"|'[^']*'|[^\s"';|&]+)+/g) ?? [];
  let next = args.filter((a) => a !== '--fix');
  if (!next.includes('--staged')) next = ['--staged', ...next];
  if (mode === 'fix') next.splice(next.indexOf('--staged') + 1, 0, '--fix');
  const command = [m[1]!, ...next].join(' ');
  const updated = line.slice(0, m.index) + command + line.slice(m.index + m[0].length);
  if (updated === line) return undefined;
  lines[at] = updated;
  return {
    text: `${lines.join('\n')}\n`,
    changed: `line ${at + 1}: \`${line.trim()}\` is now \`${updated.trim()}\``,
  };
}

/**
 * The hook file's text without our command: its line goes when it held only our command (and
 * an environment prefix an older init wrote), else only the command and the `&&` joining it.
 */
export function withoutOurLine(existing: string): { text: string; changed: string } | undefined {
  const lines = existing.replace(/\n$/, '').split('\n');
  const at = lines.findIndex((l) => !/^\s*#/.test(l) && OUR_COMMAND.test(l));
  if (at === -1) return undefined;
  const line = lines[at]!;
  const m = OUR_COMMAND.exec(line)!;
  let start = m.index;
  let end = m.index + m[0].length;
  const prefix = /(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*$/.exec(line.slice(0, start))!;
  start -= prefix[0].length;
  const before = /\s*(?:&&|\|\||;)\s*$/.exec(line.slice(0, start));
  const after = /^\s*(?:&&|\|\||;)\s*/.exec(line.slice(end));
  if (before) start -= before[0].length;
  else if (after) end += after[0].length;
  const rest = line.slice(0, start) + line.slice(end);
  if (rest.trim() === '') lines.splice(at, 1);
  else lines[at] = rest;
  return {
    text: lines.length > 0 ? `${lines.join('\n')}\n` : '',
    changed:
      rest.trim() === ''
        ? `removed line ${at + 1}: \`${line.trim()}\``
        : `line ${at + 1}: \`${line.trim()}\` is now \`${rest.trim()}\``,
  };
}

/** lefthook's configuration files, in the order lefthook reads them. */
const LEFTHOOK_CONFIGS = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml'];
const LEFTHOOK_COMMAND = 'go-cookie-secure';

function lefthookConfig(root: string): string | undefined {
  return LEFTHOOK_CONFIGS.map((name) => path.join(root, name)).find((file) => existsSync(file));
}

/**
 * lefthook's configuration as a document that keeps the user's comments and layout (the yaml
 * package edits the node tree it parsed, and prints the rest as it was).
 */
function lefthookDocument(file: string) {
  const YAML = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const doc = YAML.parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new OperationalError(
      `${path.basename(file)}:${error.linePos?.[0].line ?? 1}: ${error.message.split('\n')[0]}; nothing was changed`,
    );
  }
  return { doc, YAML };
}

/**
 * Our command in lefthook's pre-commit: a `commands` entry (or, where the user lists `jobs`,
 * lefthook 2's form, a job) that runs the tool when a Go file is staged. Not lefthook's
 * stage_fixed: the tool restages its fixes itself, keeping unstaged edits, and two restagings
 * would be one too many.
 */
function lefthookChange(file: string, mode: Mode, uninstall: boolean): Change | undefined {
  const { doc, YAML } = lefthookDocument(file);
  const before = doc.toString();
  const jobs = doc.getIn(['pre-commit', 'jobs']);
  // lefthook runs commands through sh from the top of the work tree with the user's PATH, and,
  // unlike npm scripts and husky, without node_modules/.bin: a dependency is named by its path.
  const tool = listsTool(path.dirname(file))
    ? 'node_modules/.bin/go-cookie-secure'
    : 'go-cookie-secure';
  const ours = { glob: '*.go', run: hookCommand(mode, tool) };
  if (YAML.isSeq(jobs)) {
    const at = jobs.items.findIndex(
      (item) => YAML.isMap(item) && item.get('name') === LEFTHOOK_COMMAND,
    );
    if (uninstall) {
      if (at !== -1) jobs.delete(at);
    } else if (at === -1) jobs.add(doc.createNode({ name: LEFTHOOK_COMMAND, ...ours }));
    else (jobs.items[at] as import('yaml').YAMLMap).set('run', ours.run);
  } else if (uninstall) {
    doc.deleteIn(['pre-commit', 'commands', LEFTHOOK_COMMAND]);
    // The maps init made to hold the command go with it when nothing else is in them.
    for (const keys of [['pre-commit', 'commands'], ['pre-commit']]) {
      const node = doc.getIn(keys);
      if (YAML.isMap(node) && node.items.length === 0) doc.deleteIn(keys);
    }
  } else if (doc.hasIn(['pre-commit', 'commands', LEFTHOOK_COMMAND])) {
    doc.setIn(['pre-commit', 'commands', LEFTHOOK_COMMAND, 'run'], ours.run);
  } else {
    // An empty `{}` written for a map to come is filled in block style, as the rest of the file.
    for (const keys of [['pre-commit'], ['pre-commit', 'commands']]) {
      const node = doc.getIn(keys);
      if (YAML.isMap(node) && node.flow && node.items.length === 0) node.flow = false;
    }
    doc.setIn(['pre-commit', 'commands', LEFTHOOK_COMMAND], doc.createNode(ours));
  }
  // A file that held only comments before init holds them again (yaml prints an empty map as `{}`).
  const emptied = YAML.isMap(doc.contents) && doc.contents.items.length === 0;
  const text = emptied
    ? before
        .split('\n')
        .filter((line) => /^\s*#/.test(line))
        .map((line) => `${line}\n`)
        .join('')
    : doc.toString();
  if (text === before) return undefined;
  const name = path.basename(file);
  return {
    kind: 'write',
    file,
    text,
    say: uninstall
      ? `removed the ${LEFTHOOK_COMMAND} command from ${name}`
      : `${name}: pre-commit runs \`${ours.run}\` on staged Go files (${mode} mode)`,
  };
}

/** The change that takes our command out of a husky hook file. */
function huskyUninstallChange(hookFile: string, shown: string): Change | undefined {
  if (!existsSync(hookFile)) return undefined;
  const edit = withoutOurLine(readFileSync(hookFile, 'utf8'));
  if (!edit) return undefined;
  // A hook file left with nothing in it is one init created: it goes, as it came.
  if (edit.text.trim() === '')
    return { kind: 'remove', file: hookFile, say: `removed ${shown} (${edit.changed})` };
  return {
    kind: 'write',
    file: hookFile,
    text: edit.text,
    executable: true,
    say: `updated ${shown}: ${edit.changed}`,
  };
}

/** Our shipped hook out of the hooks directory, and the hook it chained back in its place. */
function gitHookUninstallChanges(hooksDir: string): Change[] {
  const hookFile = path.join(hooksDir, 'pre-commit');
  if (
    !existsSync(hookFile) ||
    !readFileSync(hookFile, 'utf8').includes('go-cookie-secure pre-commit hook')
  )
    return [];
  const chained = path.join(hooksDir, CHAINED);
  if (existsSync(chained))
    return [
      {
        kind: 'rename',
        from: chained,
        to: hookFile,
        say: `put the earlier pre-commit hook back (from ${CHAINED})`,
      },
    ];
  return [{ kind: 'remove', file: hookFile, say: `removed ${hookFile}` }];
}

/** The change that puts our line into a husky hook file (`.husky/pre-commit`, wherever husky lives). */
function huskyHookChange(hookFile: string, shown: string, mode: Mode): Change | undefined {
  const existing = existsSync(hookFile) ? readFileSync(hookFile, 'utf8') : '';
  const edit = withOurLine(existing, mode);
  if (!edit) return undefined;
  return {
    kind: 'write',
    file: hookFile,
    text: edit.text,
    executable: true,
    say: `${existing ? 'updated' : 'created'} ${shown} (${mode} mode): ${edit.changed}`,
  };
}

/**
 * `"prepare": "husky"` in package.json's scripts, edited in place (jsonc-parser computes the
 * smallest edit): indentation, key order, compact arrays and the final newline stay as they are.
 */
function prepareScriptChange(pkgFile: string): {
  change?: Change;
  pkg: Record<string, Record<string, string> | undefined>;
} {
  const text = readFileSync(pkgFile, 'utf8');
  let pkg: Record<string, Record<string, string> | undefined>;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    throw new OperationalError(
      `package.json is not valid JSON (${(error as Error).message}); nothing was changed`,
    );
  }
  const prepare = pkg.scripts?.prepare;
  if (prepare && /\bhusky\b/.test(prepare)) return { pkg };
  const value = prepare ? `${prepare} && husky` : 'husky';
  const jsonc = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  const edits = jsonc.modify(text, ['scripts', 'prepare'], value, {
    formattingOptions: {
      insertSpaces: !indent.includes('\t'),
      tabSize: indent.includes('\t') ? 1 : indent.length,
      eol: text.includes('\r\n') ? '\r\n' : '\n',
    },
  });
  return {
    pkg,
    change: {
      kind: 'write',
      file: pkgFile,
      text: jsonc.applyEdits(text, edits),
      say: `added "prepare": "${value}" to package.json`,
    },
  };
}

/**
 * husky 9 points core.hooksPath at `<dir>/.husky/_`, a folder of stubs that dispatch on their
 * own name to `<dir>/.husky/<hook>`. Such a folder is husky's, wherever its package.json is
 * (a monorepo's frontend/): our line goes into the hook file, never over a stub.
 */
function huskyStubDirectory(hooksDir: string): boolean {
  return path.basename(hooksDir) === '_' && existsSync(path.join(hooksDir, 'h'));
}

/** The shipped POSIX hook in the hooks directory; a foreign hook already there is chained, not lost. */
function gitHookChanges(hooksDir: string, mode: Mode): Change[] {
  const hookFile = path.join(hooksDir, 'pre-commit');
  const script = readFileSync(SHIPPED_HOOK, 'utf8').replace(/^mode=fix$/m, `mode=${mode}`);
  const changes: Change[] = [];
  if (existsSync(hookFile)) {
    const current = readFileSync(hookFile, 'utf8');
    if (current === script) return [];
    if (!current.includes('go-cookie-secure pre-commit hook')) {
      if (existsSync(path.join(hooksDir, CHAINED)))
        throw new OperationalError(
          `${path.join(hooksDir, CHAINED)} already exists; move one of the hooks away first`,
        );
      changes.push({
        kind: 'rename',
        from: hookFile,
        to: path.join(hooksDir, CHAINED),
        say: `kept the existing pre-commit hook: it runs first, as ${CHAINED}`,
      });
    }
  }
  changes.push({
    kind: 'write',
    file: hookFile,
    text: script,
    executable: true,
    say: `installed ${hookFile} (${mode} mode)`,
  });
  return changes;
}

function apply(changes: Change[], log: (l: string) => void): void {
  for (const change of changes) {
    if (change.kind === 'rename') renameSync(change.from, change.to);
    else if (change.kind === 'remove') rmSync(change.file);
    else {
      mkdirSync(path.dirname(change.file), { recursive: true });
      writeFileSync(change.file, change.text);
      if (change.executable) chmodSync(change.file, 0o755);
    }
    log(change.say);
  }
}

/** Sets core.hooksPath through husky when it is installed; otherwise says what activates the hook. */
function activateHusky(
  root: string,
  pkg: Record<string, Record<string, string> | undefined>,
  log: (l: string) => void,
): void {
  const husky = path.join(root, 'node_modules', '.bin', 'husky');
  if (existsSync(husky)) {
    const r = spawnSync(husky, [], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0)
      throw new OperationalError(`husky failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`);
  } else if (!pkg.devDependencies?.husky && !pkg.dependencies?.husky) {
    log(
      'husky is not a dependency yet: npm install --save-dev husky (its prepare script activates the hook)',
    );
  } else {
    log('run npm install to activate the hook');
  }
}

/** Whether the package.json in `dir` (if any) lists the tool, so that npm install links it into node_modules/.bin. */
function listsTool(dir: string): boolean {
  let pkg: Record<string, Record<string, string> | undefined> | undefined;
  try {
    pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    return false; // no package.json (or one init has already reported on)
  }
  return Boolean(
    pkg?.devDependencies?.['go-cookie-secure'] || pkg?.dependencies?.['go-cookie-secure'],
  );
}

/**
 * Whether a commit will find the tool: as a dependency npm install links into node_modules/.bin,
 * already there (where husky and the shipped hook look; lefthook does not), or on PATH. npx puts
 * its cache's bin folder on PATH only for its own run, so that folder does not count: `npx
 * go-cookie-secure init` would otherwise install a hook that cannot start.
 */
function installedForHooks(home: string, lefthook: boolean): boolean {
  if (listsTool(home)) return true;
  if (!lefthook && existsSync(path.join(home, 'node_modules', '.bin', 'go-cookie-secure')))
    return true;
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some(
      (dir) =>
        dir !== '' &&
        !dir.split(path.sep).includes('_npx') &&
        existsSync(path.join(dir, 'go-cookie-secure')),
    );
}

export async function runInit(options: InitOptions): Promise<number> {
  if (options.args.length > 0)
    throw new OperationalError(`init takes no paths (got ${options.args[0]})`);
  const mode = options.mode ?? 'fix';
  if (mode !== 'fix' && mode !== 'block')
    throw new OperationalError(`unknown --mode ${mode} (fix, block)`);
  const repo = findRepository(options.cwd);
  if (!repo) throw new OperationalError('init needs a git repository');
  const root = repo.root;
  const pkgFile = path.join(root, 'package.json');
  const hooksDir = hooksDirectory(root);
  if (options.uninstall) return uninstall(root, hooksDir, existsSync(pkgFile), options.log);
  const changes: Array<Change | undefined> = [];
  // Where the hook runs the tool from: the top, or the package folder of husky in a subdirectory.
  let home = root;
  const lefthook = lefthookConfig(root);
  if (lefthook) {
    changes.push(lefthookChange(lefthook, mode, false));
    apply(
      changes.filter((c): c is Change => c !== undefined),
      options.log,
    );
    if (changes[0])
      options.log(
        'lefthook runs it from its configuration (`npx lefthook install` if its hooks are not installed yet)',
      );
  } else if (existsSync(pkgFile)) {
    const { pkg, change } = prepareScriptChange(pkgFile);
    changes.push(
      huskyHookChange(path.join(root, '.husky', 'pre-commit'), '.husky/pre-commit', mode),
      change,
    );
    apply(
      changes.filter((c): c is Change => c !== undefined),
      options.log,
    );
    activateHusky(root, pkg, options.log);
  } else if (huskyStubDirectory(hooksDir)) {
    const hookFile = path.join(path.dirname(hooksDir), 'pre-commit');
    home = path.dirname(path.dirname(hooksDir));
    changes.push(huskyHookChange(hookFile, path.relative(root, hookFile), mode));
    apply(
      changes.filter((c): c is Change => c !== undefined),
      options.log,
    );
  } else {
    apply(gitHookChanges(hooksDir, mode), options.log);
  }
  if (changes.length > 0 && changes.every((c) => c === undefined))
    options.log(`the hook is already installed (${mode} mode); nothing changed`);
  if (!installedForHooks(home, lefthook !== undefined)) {
    const install = existsSync(path.join(home, 'package.json'))
      ? 'npm install --save-dev go-cookie-secure'
      : 'npm install --global go-cookie-secure';
    const where = lefthook
      ? 'lefthook runs it from PATH, or from node_modules/.bin where package.json lists it'
      : 'it is not on PATH or in node_modules/.bin';
    options.log(
      `a commit will not find go-cookie-secure (${where}; npx keeps it in its own cache): ${install}`,
    );
  }
  return 0;
}

/**
 * `init --uninstall`: every integration init knows, each taken out as init put it in. The
 * package.json prepare script stays (husky may run other hooks), and init says so.
 */
function uninstall(
  root: string,
  hooksDir: string,
  hasPackage: boolean,
  log: (l: string) => void,
): number {
  const changes: Change[] = [];
  const lefthook = lefthookConfig(root);
  const fromLefthook = lefthook && lefthookChange(lefthook, 'fix', true);
  if (fromLefthook) changes.push(fromLefthook);
  const husky = huskyUninstallChange(path.join(root, '.husky', 'pre-commit'), '.husky/pre-commit');
  if (husky) changes.push(husky);
  if (huskyStubDirectory(hooksDir) && path.dirname(hooksDir) !== path.join(root, '.husky')) {
    const hookFile = path.join(path.dirname(hooksDir), 'pre-commit');
    const sub = huskyUninstallChange(hookFile, path.relative(root, hookFile));
    if (sub) changes.push(sub);
  }
  changes.push(...gitHookUninstallChanges(hooksDir));
  if (changes.length === 0) {
    log('go-cookie-secure is not installed in this repository; nothing changed');
    return 0;
  }
  apply(changes, log);
  if (husky && hasPackage)
    log('left the "prepare" script in package.json: husky may run other hooks');
  return 0;
}
