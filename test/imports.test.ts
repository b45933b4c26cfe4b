import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadGoParser, useTree } from '../src/go/parser.js';
import { Imports, defaultImportName } from '../src/go/imports.js';

// Detection runs synchronously once the parser is loaded (the CLI loads it on first need).
await loadGoParser();

/**
 * Imports are read from the text (src/go/imports.ts), not from the tree. Each case here is also
 * parsed whole, and for every path its import specs name, the names the reader finds must be
 * those the tree's import specs bind.
 */
function namesInTree(src: string): Map<string, { qualifiers: string[]; dotImport: boolean }> {
  return useTree(src, undefined, (root) => {
    assert.not.ok(root.hasError, 'the case parses cleanly');
    const byPath = new Map<string, { qualifiers: string[]; dotImport: boolean }>();
    for (const spec of root.descendantsOfType('import_spec')) {
      const literal = spec.childForFieldName('path')!;
      const path = literal.text.slice(1, -1);
      const name = spec.childForFieldName('name')?.text ?? defaultImportName(path);
      const entry = byPath.get(path) ?? { qualifiers: [], dotImport: false };
      if (name === '.') entry.dotImport = true;
      else if (name !== '_' && !entry.qualifiers.includes(name)) entry.qualifiers.push(name);
      byPath.set(path, entry);
    }
    return byPath;
  });
}

function checkAgainstTree(src: string): void {
  const tree = namesInTree(src);
  assert.ok(tree.size > 0, 'the case imports something');
  const imports = new Imports(src, tree.keys());
  for (const [path, expected] of tree) {
    const found = imports.names([path]);
    assert.equal(
      { qualifiers: [...found.qualifiers].sort(), dotImport: found.dotImport },
      { qualifiers: expected.qualifiers.sort(), dotImport: expected.dotImport },
      `${path} in ${JSON.stringify(src)}`,
    );
    assert.ok(imports.has([path]));
  }
}

const cases: Array<[string, string]> = [
  [
    'a gofmt block',
    'package p\n\nimport (\n\t"fmt"\n\t"net/http"\n\n\t"github.com/gin-gonic/gin"\n)\n\nfunc f() {}\n',
  ],
  [
    'one import, then another declaration',
    'package p\n\nimport "net/http"\nimport nethttp "net/http"\n\nvar x = 1\n',
  ],
  [
    'names: alias, dot, blank, and a name beyond ASCII',
    'package p\n\nimport (\n\th "net/http"\n\t. "github.com/gorilla/csrf"\n\t_ "embed"\n\tпакет "github.com/gorilla/sessions"\n)\n',
  ],
  [
    'comments everywhere, with quotes and parentheses in them',
    'package p // "x"\n\n/* import ( "fake" ) */\nimport ( // "no"\n\t/* ) */ h /* "no" */ "net/http" // )\n\t// "commented/out"\n\t"fmt" /* ( */\n)\n',
  ],
  [
    'raw strings and a path with an escape',
    'package p\n\nimport (\n\t`net/http`\n\tg `github.com/gin-gonic/gin`\n\t"github.com/gofiber/fiber/v2"\n)\n',
  ],
  [
    'one line with semicolons',
    'package p; import "net/http"; import ("fmt"; s "github.com/gorilla/sessions"); var x = 1\n',
  ],
  [
    'a licence header and a BOM',
    '\ufeff// Copyright 2026.\n\n/*\nLicensed.\n*/\n\n// Package p does.\npackage p\n\nimport "net/http"\n',
  ],
  [
    'a documentation snippet without a package clause',
    'import "net/http"\n\nvar c = http.Cookie{}\n',
  ],
  [
    'CRLF line ends',
    'package p\r\n\r\nimport (\r\n\t"net/http"\r\n\tg "github.com/gin-gonic/gin"\r\n)\r\n',
  ],
];

for (const [name, src] of cases) {
  test(`imports read from the text equal the tree's: ${name}`, () => checkAgainstTree(src));
}

test('only declarations that spell a needle are read: the snippet fallback sees names bound elsewhere as free', () => {
  const src = 'package p\n\nimport "fmt"\nimport http "example.com/fake/http"\n';
  const imports = new Imports(src, ['net/http', 'http']);
  assert.equal(
    [...imports.names(['net/http'], true).qualifiers],
    [],
    'http is bound to another package',
  );
  assert.equal(
    [
      ...new Imports('package p\n\nimport "fmt"\n', ['net/http', 'http']).names(['net/http'], true)
        .qualifiers,
    ],
    ['http'],
  );
});

test('a spec that does not read is passed over to the end of its line, and the imports after it still count', () => {
  const src = 'package p\n\nimport (\n\t"fmt" extra\n\th "net/http"\n)\n';
  assert.equal([...new Imports(src, ['net/http']).names(['net/http']).qualifiers], ['h']);
});

test('imports end where the first other declaration starts', () => {
  const src = 'package p\n\nvar x = 1\n\nimport "net/http"\n';
  assert.not.ok(new Imports(src, ['net/http']).has(['net/http']));
});

test.run();
