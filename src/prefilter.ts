/**
 * The byte test every file passes before anything else: every net/http Cookie literal spells
 * `Cookie`, so a file without those bytes needs no decoding, no parser and no rule modules.
 */
const COOKIE = Buffer.from('Cookie');

export const BINARY = 'binary file (contains NUL bytes)';

export function cookiePrefilter(bytes: Buffer): 'binary' | 'candidate' | 'none' {
  if (bytes.indexOf(0) !== -1) return 'binary';
  return bytes.indexOf(COOKIE) === -1 ? 'none' : 'candidate';
}
