import { defaultImportName } from '../go/imports.js';
import { RULES, SINKS, type Receiver, type Rule, type Sink } from './table.js';

/**
 * Everything the user reads about the rules, generated from rules/table.ts: --help's rule list,
 * --list-rules, the SARIF `rules` array, and the README's rule section (scripts/readme-rules.mjs
 * writes it; a test checks it is current).
 */

export interface SinkDescription {
  /** The code the sink is, as Go spells it. */
  sink: string;
  violation: string;
  fix: string;
}

function qualifier(sink: Sink): string {
  return defaultImportName(sink.importPaths[0]!);
}

function receiverText(r: Receiver): string {
  const fields = (r.fields ?? []).join('.');
  if (!r.type) return `x.${fields}`;
  const pointer = r.type.startsWith('*') ? '*' : '';
  const declared = `${pointer}${defaultImportName(r.importPaths[0]!)}.${r.type.replace(/^\*/, '')}`;
  return fields ? `(x ${declared}).${fields}` : `(x ${declared})`;
}

export function describeSink(sink: Sink): SinkDescription {
  const shape = sink.shape;
  const q = qualifier(sink);
  switch (shape.kind) {
    case 'struct-literal':
      return {
        sink: `${q}.${shape.type}{...}, &${q}.${shape.type}{...} (also elided in slices, arrays and maps of it)`,
        violation: `${shape.field} missing or false (also through a constant); positional literals; a later v.${shape.field} = false; new(${q}.${shape.type}) or var v ${q}.${shape.type} filled in without v.${shape.field} = true`,
        fix: `adds ${shape.field}: true (or a v.${shape.field} = true statement), or false becomes true (gofmt-exact)`,
      };
    case 'call-argument': {
      const calls = shape.function
        ? [`${q}.${shape.function}(...)`]
        : (shape.receivers ?? []).map((r) => `${receiverText(r)}.${shape.method}(...)`);
      const at =
        shape.index === 0 && shape.function ? 'argument' : `argument ${shape.index + 1} (secure)`;
      return {
        sink: calls.join(', '),
        violation: `${at} constant false${shape.fewerIsMissing ? `; a call with fewer arguments leaves it off (not fixable)` : ''}`,
        fix: 'false becomes true',
      };
    }
    case 'setters':
      return {
        sink: `c := ${q}.${shape.constructor}(), new(${q}.${shape.type}), var c ${q}.${shape.type}, then c.Set...(...)`,
        violation: `c.${shape.setter}(false), or setters without c.${shape.setter}(true)`,
        fix: `false becomes true, or c.${shape.setter}(true) after the last setter call`,
      };
  }
}

function sinksOfRule(rule: Rule): Sink[] {
  return SINKS.filter((s) => s.rule === rule.id);
}

/** --help's rule list. */
export function helpRules(): string {
  let out = 'Rules (select with --rule ID; details: --list-rules):\n';
  for (const rule of RULES)
    out += `  ${rule.id.padEnd(28)} ${sinksOfRule(rule)
      .map((s) => s.subject)
      .join(', ')}\n`;
  return out;
}

/** --list-rules: every rule, and each of its sinks with its packages. */
export function listRules(): string {
  let out = '';
  for (const rule of RULES) {
    out += `${rule.id} (${rule.cwe}): ${rule.title}\n`;
    for (const sink of sinksOfRule(rule)) {
      const d = describeSink(sink);
      out += `  ${sink.id}\n`;
      out += `    packages:  ${sink.importPaths.join(', ')}${sink.snippetFallback ? ' (or no import, in snippets)' : ''}\n`;
      out += `    sink:      ${d.sink}\n`;
      out += `    violation: ${d.violation}\n`;
      out += `    fix:       ${d.fix}\n`;
    }
    out += '\n';
  }
  return out;
}

const HELP_URI = 'https://www.npmjs.com/package/go-cookie-secure#the-rules';

/** A SARIF reportingDescriptor. */
export function sarifRule(rule: Rule): Record<string, unknown> {
  const sinks = sinksOfRule(rule);
  const markdown =
    `${rule.help}\n\n| sink | violation | fix |\n| --- | --- | --- |\n` +
    sinks
      .map((s) => describeSink(s))
      .map((d) => `| ${cell(d.sink)} | ${cell(d.violation)} | ${cell(d.fix)} |`)
      .join('\n') +
    '\n\n' +
    sinks
      .map(
        (s) =>
          `${s.subject}:\n\n\`\`\`go\n// insecure\n${s.example.noncompliant}\n// secure\n${s.example.compliant}\n\`\`\``,
      )
      .join('\n\n');
  const cwe = rule.cwe.toLowerCase();
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.help },
    help: { text: rule.help, markdown },
    helpUri: HELP_URI,
    defaultConfiguration: { level: 'error' },
    properties: {
      tags: ['security', rule.cwe, `external/cwe/${cwe}`],
      'security-severity': rule.securitySeverity,
      precision: 'high',
    },
  };
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The README's rule section (between its `rules:start` and `rules:end` markers). */
export function readmeRules(): string {
  let out = '';
  for (const rule of RULES) {
    out += `### \`${rule.id}\` (${rule.cwe})\n\n${rule.help}\n\n| API | packages | reported | fix |\n| --- | --- | --- | --- |\n`;
    for (const sink of sinksOfRule(rule)) {
      const d = describeSink(sink);
      const packages = sink.importPaths.map((p) => `\`${p}\``).join('<br>');
      out += `| ${cell(d.sink)} | ${packages} | ${cell(d.violation)} | ${cell(d.fix)} |\n`;
    }
    out += '\n';
    for (const sink of sinksOfRule(rule)) {
      out += `\`\`\`go\n// ${sink.subject}: reported\n${sink.example.noncompliant}\n// not reported\n${sink.example.compliant}\n\`\`\`\n\n`;
    }
  }
  return `${out.trimEnd()}\n`;
}
