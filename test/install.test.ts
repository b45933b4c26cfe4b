// The package installs where no compiler is: the packed tarball goes into an empty prefix on a
// PATH that has node, npm, git and the usual tools but no python, make, cc or c++ (as on a CI
// image or a server without build tools). Then the demo flow runs through the installed copy:
// a blocked commit, then a fixed one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
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
} from './helpers/temp.js';

/** What node-gyp (or any native build) would reach for. */
const BUILD_TOOL =
  /^(python[0-9.]*|make|gmake|cmake|cc|c\+\+|gcc|g\+\+|clang|clang\+\+|cpp|ld|node-gyp)(-[0-9.]+)?$|^(x86_64|aarch64|i686)-.*-(gcc|g\+\+|cc|c\+\+|ld)/;

/** A folder of links to every program on PATH except the build tools: the PATH of a machine without them. */
function pathWithoutBuildTools(): { dir: string; left: string[] } {
  const dir = tempDir('gcs-nocc-bin-');
  const left: string[] = [];
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!folder || !existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      if (existsSync(path.join(dir, name))) continue;
      if (BUILD_TOOL.test(name)) {
        left.push(name);
        continue;
      }
      symlinkSync(path.join(folder, name), path.join(dir, name));
    }
  }
  return { dir, left };
}

/** Every package.json below `modules`, with its folder. */
function installedPackages(
  modules: string,
): Array<{ dir: string; manifest: { name: string; scripts?: Record<string, string> } }> {
  const found: Array<{
    dir: string;
    manifest: { name: string; scripts?: Record<string, string> };
  }> = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const sub = path.join(dir, name);
      if (!statSync(sub).isDirectory()) continue;
      if (name.startsWith('@')) visit(sub);
      else if (existsSync(path.join(sub, 'package.json'))) {
        found.push({
          dir: sub,
          manifest: JSON.parse(readFileSync(path.join(sub, 'package.json'), 'utf8')),
        });
        if (existsSync(path.join(sub, 'node_modules'))) visit(path.join(sub, 'node_modules'));
      }
    }
  };
  visit(modules);
  return found;
}

test('the packed package installs and runs the demo flow on a PATH without python, make, cc or c++', () => {
  const work = tempDir('gcs-nocc-');
  const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], {
    cwd: PROJECT_ROOT,
  });
  assert.is(pack.status, 0, pack.stderr);
  const tarball = path.join(work, pack.stdout.trim().split('\n').pop()!);

  const { dir: bin, left } = pathWithoutBuildTools();
  assert.ok(
    left.some((name) => /^(cc|gcc|g\+\+|c\+\+|make|python3?)$/.test(name)),
    `this machine has build tools to leave out (${left.join(' ')}), so the test shows something`,
  );
  const prefix = path.join(work, 'global');
  const env = cleanEnv({
    PATH: `${path.join(prefix, 'bin')}${path.delimiter}${bin}`,
    npm_config_prefix: prefix,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_foreground_scripts: 'true', // any install script would print here
  });
  for (const tool of ['cc', 'c++', 'make', 'python3'])
    assert.is(
      run('sh', ['-c', `command -v ${tool}`], { cwd: work, env }).stdout,
      '',
      `${tool} is not on the PATH`,
    );

  const install = run('npm', ['install', '--global', tarball], { cwd: work, env });
  assert.is(install.status, 0, install.stdout + install.stderr);
  // With foreground scripts, npm prints `> name@version script` for every script it runs.
  assert.not.match(
    install.stdout + install.stderr,
    /gyp|^> /m,
    'no native build, and no script ran (our prepare is for a checkout, not an install)',
  );

  // Nothing native in what was installed, and no package with an install script.
  const modules = path.join(prefix, 'lib', 'node_modules');
  const packages = installedPackages(modules);
  assert.ok(
    packages.some((p) => p.manifest.name === 'web-tree-sitter'),
    packages.map((p) => p.manifest.name).join(' '),
  );
  for (const { dir, manifest } of packages) {
    const scripts = manifest.name === 'go-cookie-secure' ? {} : (manifest.scripts ?? {});
    for (const hook of ['preinstall', 'install', 'postinstall'])
      assert.is(scripts[hook], undefined, `${manifest.name} has an ${hook} script`);
    assert.not.ok(
      existsSync(path.join(dir, 'binding.gyp')) || existsSync(path.join(dir, 'build')),
      `${manifest.name} carries a native build`,
    );
  }

  // The demo flow, through the installed command: blocked, then fixed.
  const repo = tempRepo();
  const insecure =
    'package main\n\nimport "net/http"\n\nfunc login(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: "v"})\n}\n';
  write(repo, 'main.go', insecure);
  git(repo, 'add', 'main.go');
  const block = run('go-cookie-secure', ['init', '--mode', 'block'], { cwd: repo, env });
  assert.is(block.status, 0, block.stderr);
  const blocked = commit(repo, ['-m', 'add login'], { PATH: env.PATH });
  assert.is(blocked.status, 1, blocked.stdout + blocked.stderr);
  assert.match(blocked.stdout + blocked.stderr, 'main.go:6:21: http.Cookie without Secure: true');
  const fix = run('go-cookie-secure', ['init'], { cwd: repo, env });
  assert.is(fix.status, 0, fix.stderr);
  const fixed = commit(repo, ['-m', 'add login'], { PATH: env.PATH });
  assert.is(fixed.status, 0, fixed.stdout + fixed.stderr);
  assert.match(
    git(repo, 'show', 'HEAD:main.go'),
    '&http.Cookie{Name: "session", Value: "v", Secure: true}',
  );
  assert.is(read(repo, 'main.go'), git(repo, 'show', 'HEAD:main.go'));
});

test.run();
