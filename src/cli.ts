import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { OperationalError } from './errors.js';
import { remainingFindings, type RunResult } from './report/run-result.js';
import { VERSION } from './version.js';
import { RULE_IDS, isRuleId, type RuleId } from './rules/table.js';
import { helpRules, listRules } from './rules/docs.js';

// Modes and formats load their modules on demand: a hook run on a commit without Go cookies
// pays only for what it uses (startup time is most of a hook's cost).

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** --help, with the rule list from the table (built only when asked for). */
export const help = (): string => `Usage: go-cookie-secure [options] [paths...]
       go-cookie-secure init [--mode fix|block]
       go-cookie-secure init --uninstall

Finds cookies and session options that are not Secure (CWE-614) in Go code: net/http, gin,
beego, fiber, fasthttp, gorilla/csrf and session stores. Fixes them. With no paths: the tracked
*.go files of the git repository at or below the current directory (outside a repository:
every *.go file below it).

Options:
  --staged           check the versions staged in the git index (what the commit will hold)
  --fix              apply fixes (with --staged: to the index and the working tree)
  --diff             print the fixes as a unified diff and write nothing
  --format FORMAT    text (default), json, sarif or github
  --strict           also report Secure set from an expression (kind "dynamic")
  --tests            also check _test.go files (skipped by default)
  --exclude GLOB     skip matching files (repeatable)
  --rule ID          check only this rule (repeatable)
  --list-rules       print every rule and the APIs it checks
  --print-config     print the settings a run here will use, and where they come from
  --quiet            print findings only
  --version          print the version
  --help             print this help

${helpRules()}
vendor/, testdata/, _test.go and generated files are skipped when a directory is walked and in
--staged mode (--tests checks _test.go files); a file named on the command line is always
scanned. Suppress one finding with //go-cookie-secure:ignore, gosec's #nosec or
golangci-lint's //nolint, at the end of its first line or on the line above.

Configuration: .go-cookie-secure.json at the top of the work tree, or a "go-cookie-secure"
key in its package.json: {"exclude": [globs], "rules": {"<rule id>": "off"}, "strict": bool,
"tests": bool, "mode": "fix" or "block" (what init installs)}. Command-line flags win.

Exit status: 0 no violation remains, 1 violations remain, 2 usage or operational error.
`;

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        staged: { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        diff: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        strict: { type: 'boolean', default: false },
        tests: { type: 'boolean', default: false },
        exclude: { type: 'string', multiple: true, default: [] },
        rule: { type: 'string', multiple: true, default: [] },
        'list-rules': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        mode: { type: 'string' },
        uninstall: { type: 'boolean', default: false },
        'print-config': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new OperationalError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
}

/** Runs the command line; returns the exit code. The only place that catches. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const message =
      error instanceof OperationalError
        ? error.message
        : `internal error: ${(error as Error)?.stack ?? String(error)}`;
    io.stderr.write(`go-cookie-secure: ${message}\n`);
    return error instanceof OperationalError ? error.exitCode : 2;
  }
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.stdout.write(help());
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values['list-rules']) {
    io.stdout.write(listRules());
    return 0;
  }
  const rules: RuleId[] = [];
  for (const id of values.rule) {
    if (!isRuleId(id)) throw new OperationalError(`unknown --rule ${id} (${RULE_IDS.join(', ')})`);
    if (!rules.includes(id)) rules.push(id);
  }
  // The project's configuration file; the command line wins over it.
  const { configRoot, loadConfig } = await import('./config.js');
  const config = loadConfig(configRoot(io.cwd));
  if (rules.length === 0 && config.off.length > 0) {
    rules.push(...RULE_IDS.filter((id) => !config.off.includes(id)));
    if (rules.length === 0)
      throw new OperationalError(`every rule is switched off in ${config.source}`);
  }
  const strict = values.strict || config.strict;
  const tests = values.tests || config.tests;
  const exclude = [...config.exclude, ...values.exclude];
  if (values['print-config']) {
    const effective = {
      source: config.source ?? null,
      rules: rules.length > 0 ? rules : [...RULE_IDS],
      exclude,
      strict,
      tests,
      mode: values.mode ?? config.mode,
    };
    io.stdout.write(`${JSON.stringify(effective, null, 2)}\n`);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format))
    throw new OperationalError(`unknown --format ${values.format} (text, json, sarif, github)`);
  if (values.diff && values.fix) throw new OperationalError('--diff and --fix exclude each other');
  if (positionals[0] === 'init') {
    const { runInit } = await import('./init/init.js');
    if (values.uninstall && values.mode !== undefined)
      throw new OperationalError('--uninstall and --mode exclude each other');
    return runInit({
      cwd: io.cwd,
      mode: values.mode ?? config.mode,
      uninstall: values.uninstall,
      args: positionals.slice(1),
      log: (l) => io.stdout.write(`${l}\n`),
    });
  }
  if (values.mode !== undefined) throw new OperationalError('--mode belongs to init');
  if (values.uninstall) throw new OperationalError('--uninstall belongs to init');

  const notice = (line: string) => io.stderr.write(`go-cookie-secure: ${line}\n`);
  let result: RunResult;
  let diffText = '';
  if (values.staged) {
    if (positionals.length > 0)
      throw new OperationalError('--staged takes no paths: it checks every staged Go file');
    if (values.diff) throw new OperationalError('--diff does not combine with --staged');
    const { runOnIndex } = await import('./hook/staged.js');
    result = await runOnIndex({
      cwd: io.cwd,
      strict,
      rules,
      fix: values.fix,
      exclude,
      tests,
      edits: format === 'sarif',
      notice,
    });
  } else {
    const { runOnPaths } = await import('./scan/run.js');
    const pathResult = await runOnPaths({
      cwd: io.cwd,
      paths: positionals,
      strict,
      rules,
      fix: values.fix || values.diff,
      dryRun: values.diff,
      exclude,
      tests,
      edits: format === 'sarif',
      // Code frames (text), SARIF regions and diffs need each file's text; the others let it go.
      keepText: format === 'text' || format === 'sarif' || values.diff,
      notice,
    });
    result = pathResult;
    if (values.diff) {
      // diff's CommonJS build: bin/ runs the bundle as a vm.Script (for its code cache), where
      // import() of a package needs a loader Node 20 gives scripts only from 20.12.
      const { createTwoFilesPatch } = createRequire(import.meta.url)(
        'diff',
      ) as typeof import('diff');
      for (const c of pathResult.changes)
        diffText += createTwoFilesPatch(
          `a/${c.file}`,
          `b/${c.file}`,
          c.before,
          c.after,
          undefined,
          undefined,
          { context: 3 },
        ).replace(/^=+\n/, '');
    }
  }

  if (values.diff) io.stdout.write(diffText);
  else if (format === 'json')
    io.stdout.write((await import('./report/json.js')).formatJson(result));
  else if (format === 'sarif')
    io.stdout.write((await import('./report/sarif.js')).formatSarif(result));
  else if (format === 'github')
    io.stdout.write((await import('./report/github.js')).formatGithub(result));
  else {
    // In a hook the report is diagnostics: stderr, as git shows it and lint-staged relays it.
    const stream = result.staged ? io.stderr : io.stdout;
    const { formatText } = await import('./report/text.js');
    stream.write(formatText(result, { color: wantsColor(stream, io.env), quiet: values.quiet }));
  }
  return remainingFindings(result) > 0 ? 1 : 0;
}
