import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT, tempDir, write } from './helpers/temp.js';

/**
 * The framework fixtures, and the goldens the fixer made of them, are Go that type-checks
 * against the frameworks' real signatures (stubbed under test/fixtures/stubs, so this runs
 * offline): a fix that compiled into something the Go toolchain rejects would fail here.
 */

const FIX = path.join(PROJECT_ROOT, 'test/fixtures/fix');
const STUBS = path.join(PROJECT_ROOT, 'test/fixtures/stubs');
const MODULES: Record<string, string> = {
  'github.com/gin-gonic/gin': 'gin',
  'github.com/beego/beego/v2': 'beego',
  'github.com/gofiber/fiber/v2': 'fiber',
  'github.com/valyala/fasthttp': 'fasthttp',
  'github.com/gorilla/csrf': 'csrf',
  'github.com/gorilla/sessions': 'sessions',
  'github.com/gin-contrib/sessions': 'gin-contrib-sessions',
};

test('framework fixtures and their fixed goldens type-check against the stubs (go vet)', () => {
  const dir = tempDir('gcs-gomod-');
  const requires = Object.keys(MODULES)
    .map(
      (m) => `\t${m} ${/\/v(\d+)$/.exec(m)?.[1] ? `v${/\/v(\d+)$/.exec(m)![1]}.0.0` : 'v0.0.0'}\n`,
    )
    .join('');
  const replaces = Object.entries(MODULES)
    .map(([m, d]) => `replace ${m} => ${path.join(STUBS, d)}\n`)
    .join('');
  write(
    dir,
    'go.mod',
    `module example.com/app\n\ngo 1.19\n\nrequire (\n${requires})\n\n${replaces}`,
  );
  const fixtures = readdirSync(FIX).filter((f) =>
    /^(gin|beego|fiber|fasthttp|csrf|sessions)-.*\.(go|golden)$/.test(f),
  );
  assert.ok(fixtures.length >= 12, `${fixtures.length} fixtures`);
  // Each file in a package of its own: fixtures declare the same names.
  for (const f of fixtures)
    write(dir, `${f.replace('.', '_')}/x.go`, readFileSync(path.join(FIX, f)));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
    GO111MODULE: 'on',
  };
  if (!env.HOME && !env.GOCACHE) env.GOCACHE = tempDir('gcs-gocache-');
  const r = spawnSync('go', ['vet', './...'], { cwd: dir, env, encoding: 'utf8' });
  if (r.error)
    throw new Error(`go is not installed (Debian: apt-get install golang-go): ${r.error.message}`);
  assert.is(r.status, 0, r.stderr);
});

test('the check is live: a call with a wrong argument type is rejected', () => {
  const dir = tempDir('gcs-gomod-');
  write(
    dir,
    'go.mod',
    `module example.com/app\n\ngo 1.19\n\nrequire github.com/gin-gonic/gin v0.0.0\n\nreplace github.com/gin-gonic/gin => ${path.join(STUBS, 'gin')}\n`,
  );
  write(
    dir,
    'h/h.go',
    'package h\n\nimport "github.com/gin-gonic/gin"\n\nfunc h(c *gin.Context) {\n\tc.SetCookie("s", "v", 0, "/", "", "false", true)\n}\n',
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
    GO111MODULE: 'on',
  };
  if (!env.HOME && !env.GOCACHE) env.GOCACHE = tempDir('gcs-gocache-');
  const r = spawnSync('go', ['vet', './...'], { cwd: dir, env, encoding: 'utf8' });
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'cannot use "false"');
});

test.run();
