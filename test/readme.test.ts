// The README's first five minutes and its CI recipe, run as written: the package is packed and
// installed globally the way a user would install it from npm, into a temporary prefix, and every
// command the README shows runs through the shell in a fresh repository. The one substitution is
// the package's name in `npm install --global go-cookie-secure`, which becomes the packed
// tarball (the package is not fetched from the registry); `npx` finds the same global install.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import YAML from 'yaml';
import {
  PROJECT_ROOT,
  cleanEnv,
  commit,
  git,
  read,
  run,
  tempDir,
  tempRepo,
  write,
  type Result,
} from './helpers/temp.js';
import { gofmt } from './helpers/gofmt.js';

const README = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

/** The text of a `## title` section, up to the next section. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  assert.ok(start !== -1, `README has no "## ${title}" section`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

interface Block {
  /** The `<!-- ... -->` line just before the fence, if any. */
  label: string | undefined;
  lang: string;
  body: string;
}

function blocks(text: string): Block[] {
  return [...text.matchAll(/(?:<!-- (.*?) -->\n)?```(\w*)\n([\s\S]*?)```/g)].map((m) => ({
    label: m[1],
    lang: m[2]!,
    body: m[3]!,
  }));
}

/** A block's commands: one a line, without the comments the shell ignores too. */
function commands(block: Block): string[] {
  return block.body
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

const INSECURE = `package main

import "net/http"

func login(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Value:    "token",
		HttpOnly: true,
	})
}
`;

/** A machine with the packed package installed globally, as `npm install --global` leaves it. */
let machine: { env: NodeJS.ProcessEnv; prefix: string; tarball: string } | undefined;

function userMachine() {
  if (machine) return machine;
  const work = tempDir('gcs-readme-');
  const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], {
    cwd: PROJECT_ROOT,
  });
  assert.is(pack.status, 0, pack.stderr);
  const tarball = path.join(work, pack.stdout.trim().split('\n').pop()!);
  const prefix = path.join(work, 'global');
  const env = cleanEnv({
    npm_config_prefix: prefix,
    PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`,
    // The registry only for what the cache lacks (npm ci filled it), and no audit or notices.
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });
  machine = { env, prefix, tarball };
  return machine;
}

/** One README command through the shell, in `cwd`, on the user's machine. */
function shell(command: string, cwd: string): Result {
  const { env, tarball } = userMachine();
  const line = command.replace(/^(npm install --global) go-cookie-secure$/, `$1 ${tarball}`);
  return run('sh', ['-c', line], { cwd, env });
}

function goRepo(): string {
  const repo = tempRepo();
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'service');
  return repo;
}

const show = (r: Result) => `${r.stdout}${r.stderr}`;

test('first five minutes: every command, as written, in a Go repository without package.json', () => {
  const text = section('First five minutes');
  const shown = blocks(text)
    .filter((b) => b.lang === 'sh' && b.label === undefined)
    .flatMap(commands);
  const repo = goRepo();
  const { prefix } = userMachine();
  const checks: Record<string, (r: Result) => void> = {
    'npm install --global go-cookie-secure': (r) => {
      assert.is(r.status, 0, show(r));
      assert.ok(existsSync(path.join(prefix, 'bin', 'go-cookie-secure')));
    },
    'go-cookie-secure': (r) => {
      assert.is(r.status, 1, show(r));
      assert.match(r.stdout, 'main.go:6:');
    },
    'go-cookie-secure --diff': (r) => {
      assert.is(r.status, 1, show(r));
      assert.match(r.stdout, '+\t\tSecure:   true,');
      assert.is(read(repo, 'main.go'), INSECURE, 'nothing written');
    },
    'go-cookie-secure --fix': (r) => {
      assert.is(r.status, 0, show(r));
      const fixed = read(repo, 'main.go');
      assert.match(fixed, '\t\tSecure:   true,\n');
      assert.is(gofmt([], fixed), fixed);
    },
    'go-cookie-secure init': (r) => {
      assert.is(r.status, 0, show(r));
      assert.not.match(show(r), 'will not find', 'installed globally, the hook finds the tool');
      // The plain hook of the README: the shipped script, as it is.
      assert.is(
        read(repo, '.git/hooks/pre-commit'),
        readFileSync(path.join(PROJECT_ROOT, 'hooks/pre-commit'), 'utf8'),
      );
      const fixed = commit(repo, ['-am', 'fixed'], userMachine().env);
      assert.is(fixed.status, 0, show(fixed));
      write(repo, 'logout.go', INSECURE.replace('login', 'logout'));
      git(repo, 'add', 'logout.go');
      const c = commit(repo, ['-m', 'logout'], userMachine().env);
      assert.is(c.status, 0, show(c));
      assert.match(git(repo, 'show', 'HEAD:logout.go'), '\t\tSecure:   true,\n');
    },
    'npx --yes go-cookie-secure': (r) => {
      assert.is(r.status, 0, show(r));
      assert.match(r.stdout, 'no insecure cookies in 2 files');
    },
  };
  assert.equal(shown, Object.keys(checks), "the README's commands are the ones this test runs");
  for (const command of shown) checks[command]!(shell(command, repo));
});

test('first five minutes: what init writes for lefthook and husky is the README, verbatim; --uninstall takes it out', () => {
  const written = blocks(section('First five minutes')).filter((b) =>
    b.label?.startsWith('init writes '),
  );
  assert.equal(
    written.map((b) => b.label),
    [
      'init writes lefthook.yml, from an empty one',
      'init writes .husky/pre-commit, from a package.json without scripts',
    ],
  );
  const setups: Record<
    string,
    { file: string; before: (repo: string) => void; after: (repo: string) => void }
  > = {
    lefthook: {
      file: 'lefthook.yml',
      before: (repo) => write(repo, 'lefthook.yml', ''),
      after: () => {},
    },
    husky: {
      file: '.husky/pre-commit',
      before: (repo) => write(repo, 'package.json', '{\n  "name": "service"\n}\n'),
      after: (repo) =>
        assert.equal(JSON.parse(read(repo, 'package.json')).scripts, { prepare: 'husky' }),
    },
  };
  for (const [block, setup] of [
    [written[0]!, setups.lefthook!],
    [written[1]!, setups.husky!],
  ] as const) {
    const repo = goRepo();
    setup.before(repo);
    const init = shell('go-cookie-secure init', repo);
    assert.is(init.status, 0, show(init));
    assert.is(read(repo, setup.file), block.body, setup.file);
    setup.after(repo);
    const uninstall = shell('go-cookie-secure init --uninstall', repo);
    assert.is(uninstall.status, 0, show(uninstall));
    assert.ok(
      !existsSync(path.join(repo, setup.file)) || read(repo, setup.file) === '',
      `${setup.file} is as it was before init`,
    );
  }
});

test('first five minutes: init run through npx, with the tool nowhere a commit looks, says how to install it', () => {
  const repo = goRepo();
  // npx's cache folder is on PATH for npx's own run only; the global install is taken away here.
  const { env } = userMachine();
  const npxBin = tempDir('gcs-npx-');
  const cache = path.join(npxBin, '_npx', '0123', 'node_modules', '.bin');
  write(
    cache,
    'go-cookie-secure',
    readFileSync(path.join(PROJECT_ROOT, 'bin/go-cookie-secure.js')),
  );
  const r = run(process.execPath, [path.join(PROJECT_ROOT, 'bin/go-cookie-secure.js'), 'init'], {
    cwd: repo,
    env: {
      ...env,
      PATH: `${cache}${path.delimiter}${(process.env.PATH ?? '')
        .split(path.delimiter)
        .filter((d) => !existsSync(path.join(d, 'go-cookie-secure')))
        .join(path.delimiter)}`,
    },
  });
  assert.is(r.status, 0, show(r));
  assert.match(r.stdout, 'a commit will not find go-cookie-secure');
  assert.match(r.stdout, 'npm install --global go-cookie-secure');
});

test('CI recipe: the workflow has what code scanning needs, and its steps run as written', () => {
  const ci = blocks(section('In CI'));
  const workflowBlock = ci.find((b) => b.label === 'ci workflow');
  const stepBlock = ci.find((b) => b.label === 'ci step');
  assert.ok(workflowBlock && stepBlock, 'the README shows the workflow and the annotation step');
  const workflow = YAML.parse(workflowBlock.body);
  assert.is(
    workflow.permissions['security-events'],
    'write',
    'upload-sarif needs security-events: write',
  );
  const steps: Array<Record<string, any>> = Object.values(
    workflow.jobs as Record<string, { steps: Array<Record<string, any>> }>,
  )[0]!.steps;
  assert.equal(
    steps.map((s) => s.uses?.replace(/@.*/, '') ?? 'run'),
    ['actions/checkout', 'actions/setup-node', 'run', 'github/codeql-action/upload-sarif'],
  );
  assert.ok(Number(steps[1]!.with['node-version']) >= 20);
  const sarifRun: string = steps[2]!.run;
  const target = /> (\S+)$/.exec(sarifRun)?.[1];
  assert.is(steps[3]!.with.sarif_file, target, 'the upload reads the file the check wrote');
  assert.match(steps[3]!.if, /!cancelled\(\)|always\(\)/, 'the upload runs when the check fails');

  const repo = goRepo();
  userMachine();
  // GitHub's shell for `run` on ubuntu: bash -e -o pipefail.
  const runStep = (command: string) =>
    run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], {
      cwd: repo,
      env: { ...userMachine().env, CI: 'true', GITHUB_ACTIONS: 'true' },
    });
  const sarif = runStep(sarifRun);
  assert.is(sarif.status, 1, `a finding fails the check: ${show(sarif)}`);
  const log = JSON.parse(read(repo, target!));
  const schema = JSON.parse(
    readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv-draft-04');
  const ajv = new Ajv({ strict: false, unicodeRegExp: false });
  require('ajv-formats')(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors));
  const result = log.runs[0].results[0];
  assert.is(result.locations[0].physicalLocation.artifactLocation.uri, 'main.go');
  assert.is(result.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
  assert.ok(result.partialFingerprints['goCookieSecure/v1']);

  const annotate = commands(stepBlock).map((line) => line.replace(/^- run: /, ''));
  assert.equal(annotate, ['npx --yes go-cookie-secure --format github']);
  const github = runStep(annotate[0]!);
  assert.is(github.status, 1, show(github));
  assert.match(github.stdout, /^::error file=main\.go,line=6,/m);
});

test.run();
