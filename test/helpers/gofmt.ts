import { spawnSync } from 'node:child_process';

/** Real gofmt is required: the fixer's output is defined as what gofmt prints. */
export function gofmtPath(): string {
  const r = spawnSync('gofmt', ['-h'], { encoding: 'utf8' });
  if (r.error)
    throw new Error(
      'gofmt is not installed (Debian: apt-get install golang-go); the fixer tests need it',
    );
  return 'gofmt';
}

/** `gofmt <args>`; throws with gofmt's stderr when it fails. */
export function gofmt(args: string[], input?: string): string {
  const r = spawnSync(gofmtPath(), args, { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`gofmt ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Go tokens (comments included), enough to tell a token change from a whitespace change. */
export function goTokens(text: string): string[] {
  const re =
    /\/\/[^\n]*|\/\*[\s\S]*?\*\/|`[^`]*`|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*|\d[\w.]*|\S/g;
  return (
    text
      .replace(/\r\n/g, '\n')
      .replace(/^\ufeff/, '')
      .match(re) ?? []
  );
}
