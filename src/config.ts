import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Node as JsonNode } from 'jsonc-parser';
import { OperationalError } from './errors.js';
import { workTreeTop } from './git.js';
import { RULE_IDS, isRuleId, type RuleId } from './rules/table.js';

/**
 * The project's configuration: `.go-cookie-secure.json` at the top of the work tree, or a
 * `"go-cookie-secure"` key in its package.json. Command-line flags win over it. A file that is
 * not what it should be is an error naming the file, line and key, never ignored.
 */
export interface Config {
  /** Globs of files to skip, added to --exclude. */
  exclude: string[];
  /** Rules switched off (`"rules": { "<id>": "off" }`); --rule overrides. */
  off: RuleId[];
  strict: boolean;
  /** Check `_test.go` files too (skipped by default). */
  tests: boolean;
  /** The hook mode `init` installs when --mode is not given. */
  mode: 'fix' | 'block';
  /** Where it came from, relative to the work tree's top; undefined: defaults. */
  source?: string;
}

export const CONFIG_FILE = '.go-cookie-secure.json';
const PACKAGE_KEY = 'go-cookie-secure';
const DEFAULTS: Config = { exclude: [], off: [], strict: false, tests: false, mode: 'fix' };

/** The top of the work tree `cwd` is in (no git call when `cwd` is it), or `cwd` outside any. */
export function configRoot(cwd: string): string {
  return workTreeTop(cwd) ?? cwd;
}

export function loadConfig(root: string): Config {
  const file = path.join(root, CONFIG_FILE);
  const pkgFile = path.join(root, 'package.json');
  const inPackage = existsSync(pkgFile) ? packageHasKey(pkgFile) : false;
  if (existsSync(file)) {
    if (inPackage)
      throw new OperationalError(
        `configuration in both ${CONFIG_FILE} and package.json ("${PACKAGE_KEY}"): keep one`,
      );
    const text = readFileSync(file, 'utf8');
    return { ...validate(CONFIG_FILE, text, parse(CONFIG_FILE, text)), source: CONFIG_FILE };
  }
  if (!inPackage) return DEFAULTS;
  const text = readFileSync(pkgFile, 'utf8');
  const key = parse('package.json', text).children?.find(
    (p) => p.children?.[0]?.value === PACKAGE_KEY,
  )?.children?.[1];
  return {
    ...validate('package.json', text, key!, `${PACKAGE_KEY}.`),
    source: `package.json ("${PACKAGE_KEY}")`,
  };
}

/** Whether package.json has our key; a package.json that is not JSON is npm's to report, and has none. */
function packageHasKey(file: string): boolean {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(`"${PACKAGE_KEY}"`)) return false;
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    return typeof pkg === 'object' && pkg !== null && PACKAGE_KEY in pkg;
  } catch {
    throw new OperationalError(
      `package.json is not valid JSON, and it may hold the "${PACKAGE_KEY}" configuration`,
    );
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function parse(name: string, text: string): JsonNode {
  const jsonc = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
  const errors: import('jsonc-parser').ParseError[] = [];
  const tree = jsonc.parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  if (errors.length > 0 || !tree) {
    const error = errors[0];
    throw new OperationalError(
      `${name}:${error ? lineOf(text, error.offset) : 1}: not valid JSON (${error ? jsonc.printParseErrorCode(error.error) : 'empty'})`,
    );
  }
  return tree;
}

/** The configuration object's keys, each checked for its type; any other key is an error. */
function validate(name: string, text: string, node: JsonNode, prefix = ''): Omit<Config, 'source'> {
  const at = (n: JsonNode) => `${name}:${lineOf(text, n.offset)}`;
  if (node.type !== 'object')
    throw new OperationalError(
      `${at(node)}: ${prefix ? `"${prefix.slice(0, -1)}"` : 'the configuration'} must be an object`,
    );
  const config: Omit<Config, 'source'> = {
    exclude: [],
    off: [],
    strict: false,
    tests: false,
    mode: 'fix',
  };
  for (const property of node.children ?? []) {
    const [keyNode, value] = property.children as [JsonNode, JsonNode];
    const key = String(keyNode.value);
    const wrong = (what: string) =>
      new OperationalError(`${at(value)}: "${prefix}${key}" must be ${what}`);
    switch (key) {
      case 'exclude':
        if (value.type !== 'array' || value.children!.some((c) => c.type !== 'string'))
          throw wrong('an array of glob strings');
        config.exclude = value.children!.map((c) => String(c.value));
        break;
      case 'rules':
        if (value.type !== 'object') throw wrong('an object of rule ids, each "off" or "on"');
        for (const rule of value.children ?? []) {
          const [idNode, setting] = rule.children as [JsonNode, JsonNode];
          const id = String(idNode.value);
          if (!isRuleId(id))
            throw new OperationalError(
              `${at(idNode)}: unknown rule "${id}" in "${prefix}rules" (${RULE_IDS.join(', ')})`,
            );
          if (setting.value !== 'off' && setting.value !== 'on')
            throw new OperationalError(
              `${at(setting)}: "${prefix}rules.${id}" must be "off" or "on"`,
            );
          if (setting.value === 'off') config.off.push(id);
        }
        break;
      case 'strict':
        if (value.type !== 'boolean') throw wrong('true or false');
        config.strict = value.value as boolean;
        break;
      case 'tests':
        if (value.type !== 'boolean') throw wrong('true or false');
        config.tests = value.value as boolean;
        break;
      case 'mode':
        if (value.value !== 'fix' && value.value !== 'block') throw wrong('"fix" or "block"');
        config.mode = value.value;
        break;
      default:
        throw new OperationalError(
          `${at(keyNode)}: unknown key "${prefix}${key}" (exclude, rules, strict, tests, mode)`,
        );
    }
  }
  return config;
}
