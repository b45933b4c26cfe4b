import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { resolvePath } from '../src/paths.js';

/** resolvePath joins plain relative paths itself (paths.ts): it must agree with path.resolve on every path. */
test('resolvePath agrees with path.resolve, for plain paths and for every kind of segment that needs normalizing', () => {
  const bases = ['/', '/a', '/a/b/', '/a/./b', '/a/../b', '/a//b'];
  const segments = ['x', 'x.go', '.', '..', '', '.hidden', '..x', 'x..', '...', 'é', 'a\nb', ' '];
  const names = new Set<string>();
  for (const a of segments)
    for (const b of segments)
      for (const c of ['', ...segments])
        names.add([a, b, c].filter((_, i) => i < 2 || c !== '').join('/'));
  for (const n of [...names]) names.add(`/${n}`);
  let checked = 0;
  for (const base of bases) {
    for (const name of names) {
      if (name === '') continue;
      assert.is(resolvePath(base, name), path.resolve(base, name), JSON.stringify([base, name]));
      checked++;
    }
  }
  assert.ok(checked > 5000, `only ${checked} paths checked`);
});

test.run();
