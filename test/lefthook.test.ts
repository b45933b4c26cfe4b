import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import {
  PROJECT_ROOT,
  cli,
  commit,
  git,
  linkTool,
  read,
  run,
  tempRepo,
  write,
} from './helpers/temp.js';

// lefthook, real (npm's lefthook 2.2.1 and its Linux binary), with real commits.

const INSECURE = 'package main\n\nimport "net/http"\n\nvar c = &http.Cookie{Name: "s"}\n';
const SECURE = INSECURE.replace('Name: "s"}', 'Name: "s", Secure: true}');
const CONFIG = '# our hooks\npre-commit:\n  commands:\n    vet:\n      run: echo vet-ran # keep\n';

function lefthookRepo(config = CONFIG, name = 'lefthook.yml'): string {
  const repo = tempRepo();
  linkTool(repo);
  symlinkSync(
    path.join(PROJECT_ROOT, 'node_modules/lefthook/bin/index.js'),
    path.join(repo, 'node_modules/.bin/lefthook'),
  );
  write(repo, name, config);
  const install = run('node_modules/.bin/lefthook', ['install'], { cwd: repo });
  assert.is(install.status, 0, install.stdout + install.stderr);
  write(repo, 'base.go', 'package main\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'base', '--no-verify');
  return repo;
}

/** git commit with node_modules/.bin on PATH, as npx and the package scripts would have it. */
function lefthookCommit(repo: string, args: string[]) {
  return commit(repo, args, {
    PATH: `${path.join(repo, 'node_modules/.bin')}:${process.env.PATH}`,
  });
}

test('lefthook: init adds one command, keeping the user’s commands and comments; block mode stops the commit', () => {
  const repo = lefthookRepo();
  const init = cli(repo, ['init', '--mode', 'block']);
  assert.is(init.status, 0, init.stderr);
  assert.is(
    read(repo, 'lefthook.yml'),
    `${CONFIG}    go-cookie-secure:\n      glob: "*.go"\n      run: go-cookie-secure --staged\n`,
  );
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  const r = lefthookCommit(repo, ['-m', 'x']);
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, 'main.go:5:10: http.Cookie without Secure: true');
  assert.match(r.stdout + r.stderr, 'vet-ran');
  assert.is(git(repo, 'rev-list', '--count', 'HEAD').trim(), '1');
});

test('lefthook: fix mode fixes the commit; a partially staged file keeps its unstaged edit', () => {
  const repo = lefthookRepo();
  assert.is(cli(repo, ['init']).status, 0);
  assert.match(read(repo, 'lefthook.yml'), 'run: go-cookie-secure --staged --fix');
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go', 'lefthook.yml');
  write(repo, 'main.go', `${INSECURE}\n// unstaged\n`);
  const r = lefthookCommit(repo, ['-m', 'x']);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.is(git(repo, 'show', 'HEAD:main.go'), SECURE);
  assert.is(read(repo, 'main.go'), `${SECURE}\n// unstaged\n`);
  assert.is(git(repo, 'diff', '--cached'), '');
});

test('lefthook: jobs (lefthook 2) get a job; re-running init switches mode in place; --uninstall leaves the file as it was', () => {
  const jobs = 'pre-commit:\n  jobs:\n    - name: vet\n      run: echo vet-ran\n';
  const repo = lefthookRepo(jobs, '.lefthook.yml');
  assert.is(cli(repo, ['init']).status, 0);
  assert.is(
    read(repo, '.lefthook.yml'),
    jobs +
      '    - name: go-cookie-secure\n      glob: "*.go"\n      run: go-cookie-secure --staged --fix\n',
  );
  assert.is(cli(repo, ['init', '--mode', 'block']).status, 0);
  assert.match(read(repo, '.lefthook.yml'), 'run: go-cookie-secure --staged\n');
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  assert.is(lefthookCommit(repo, ['-m', 'x']).status, 1);
  const out = cli(repo, ['init', '--uninstall']);
  assert.is(out.status, 0, out.stderr);
  assert.is(read(repo, '.lefthook.yml'), jobs);
  const plain = lefthookRepo();
  assert.is(cli(plain, ['init']).status, 0);
  assert.is(cli(plain, ['init', '--uninstall']).status, 0);
  assert.is(read(plain, 'lefthook.yml'), CONFIG);
  // The maps init made to hold the command go with it: an empty file, or one of comments, is so again.
  for (const before of ['', '# hooks: see the wiki\n']) {
    const empty = lefthookRepo(before);
    assert.is(cli(empty, ['init']).status, 0);
    assert.match(read(empty, 'lefthook.yml'), 'pre-commit:\n  commands:\n    go-cookie-secure:\n');
    assert.is(cli(empty, ['init', '--uninstall']).status, 0);
    assert.is(read(empty, 'lefthook.yml'), before);
  }
});

test('lefthook with the tool a dependency of package.json: the command names node_modules/.bin, which lefthook does not put on PATH', () => {
  const repo = lefthookRepo('pre-commit:\n  commands: {}\n');
  write(
    repo,
    'package.json',
    '{\n  "name": "svc",\n  "devDependencies": { "go-cookie-secure": "^0.1.0" }\n}\n',
  );
  const init = cli(repo, ['init']);
  assert.is(init.status, 0, init.stderr);
  assert.match(
    read(repo, 'lefthook.yml'),
    '      run: node_modules/.bin/go-cookie-secure --staged --fix\n',
  );
  assert.not.match(init.stdout, 'will not find');
  write(repo, 'main.go', INSECURE);
  git(repo, 'add', 'main.go');
  // PATH as the user's shell has it: no node_modules/.bin.
  const c = commit(repo, ['-m', 'cookie']);
  assert.is(c.status, 0, c.stdout + c.stderr);
  assert.is(git(repo, 'show', 'HEAD:main.go'), SECURE);
  // Switching mode keeps the path.
  assert.is(cli(repo, ['init', '--mode', 'block']).status, 0);
  assert.match(
    read(repo, 'lefthook.yml'),
    '      run: node_modules/.bin/go-cookie-secure --staged\n',
  );
  // Only linked there, not a dependency: lefthook would not find it, and init says so.
  const linked = lefthookRepo();
  const said = cli(linked, ['init'], {
    PATH: process.env
      .PATH!.split(path.delimiter)
      .filter((d) => !existsSync(path.join(d, 'go-cookie-secure')))
      .join(path.delimiter),
  });
  assert.match(
    said.stdout,
    'a commit will not find go-cookie-secure (lefthook runs it from PATH, or from node_modules/.bin where package.json lists it',
  );
});

test('lefthook: a configuration that is not YAML stops init with its line, nothing written', () => {
  const repo = lefthookRepo();
  write(repo, 'lefthook.yml', 'pre-commit:\n  commands:\n    vet: [unclosed\n');
  const r = cli(repo, ['init']);
  assert.is(r.status, 2);
  assert.match(r.stderr, /^go-cookie-secure: lefthook\.yml:\d+: .*; nothing was changed\n$/);
  assert.is(read(repo, 'lefthook.yml'), 'pre-commit:\n  commands:\n    vet: [unclosed\n');
});

test.run();
