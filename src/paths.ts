import { isUtf8 } from 'node:buffer';
import path from 'node:path';

/**
 * A path as the file system takes it: a string when its bytes are UTF-8, else the bytes
 * themselves. git and Linux allow any bytes but NUL and '/' in a name; decoding `caf\xe9.go` as
 * UTF-8 would name another file (`caf\uFFFD.go`), so such a path stays bytes end to end.
 */
export type FsPath = string | Buffer;

/** The path that `bytes` spell. */
export function fromBytes(bytes: Uint8Array): FsPath {
  return isUtf8(bytes)
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
    : Buffer.from(bytes);
}

/** The bytes of a path, as git reads them on its standard input. */
export function toBytes(p: FsPath | Uint8Array): Buffer {
  return typeof p === 'string'
    ? Buffer.from(p, 'utf8')
    : Buffer.isBuffer(p)
      ? p
      : Buffer.from(p.buffer, p.byteOffset, p.byteLength);
}

/** A path that crossed to or from a worker thread, where a Buffer arrives as a plain Uint8Array. */
export function revivePath(p: string | Uint8Array): FsPath {
  return typeof p === 'string' ? p : toBytes(p);
}

/**
 * A relative path with nothing to normalize: no `.` or `..` segment, no empty one. git lists
 * paths so; joining such a path to a resolved directory is resolving it, without the cost of
 * path.resolve, which showed in profiles of a scan (~10 ms for 800 files).
 */
const PLAIN_RELATIVE = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))(?!.*\/\/)(?!.*\/$)./s;

let lastBase: { given: string; resolved: string } | undefined;

/** An absolute `base` normalized, remembered for the next call (a scan resolves every file against one directory). */
function resolvedBase(base: string): string {
  if (lastBase?.given !== base) lastBase = { given: base, resolved: path.resolve(base) };
  return lastBase.resolved;
}

/** `name` (relative, or absolute) resolved against the directory `base`. */
export function resolvePath(base: string, name: FsPath | Uint8Array): FsPath {
  if (typeof name === 'string') {
    if (path.sep === '/' && path.isAbsolute(base) && PLAIN_RELATIVE.test(name)) {
      const dir = resolvedBase(base);
      return dir === '/' ? `/${name}` : `${dir}/${name}`;
    }
    return path.resolve(base, name);
  }
  if (name[0] === 0x2f) return toBytes(name);
  return Buffer.concat([Buffer.from(`${path.resolve(base)}/`, 'utf8'), name]);
}

/** A path given relative to (or inside) `cwd`, as seen from `cwd`, in `/` form. */
export function relativePath(cwd: string, p: FsPath): FsPath {
  if (typeof p === 'string') {
    const relative = path.relative(cwd, path.resolve(cwd, p));
    return path.sep === '/' ? relative : relative.split(path.sep).join('/');
  }
  const prefix = Buffer.from(`${path.resolve(cwd)}/`);
  if (p.subarray(0, prefix.length).equals(prefix)) return p.subarray(prefix.length);
  return p[0] === 0x2e && p[1] === 0x2f ? p.subarray(2) : p;
}

/** `name` inside the directory `dir`, both as the walk or git spelled them. */
export function joinPath(dir: FsPath, name: FsPath): FsPath {
  if (typeof dir === 'string' && typeof name === 'string')
    return dir === '.' ? name : path.join(dir, name);
  if (typeof dir === 'string' && dir === '.') return name;
  return Buffer.concat([toBytes(dir), Buffer.from('/'), toBytes(name)]);
}

/**
 * A path for messages: UTF-8 as it is, any other byte as `\xHH` (what a terminal could not
 * show anyway), so that two files are never shown under one name.
 */
export function showPath(p: FsPath): string {
  if (typeof p === 'string') return p;
  const bytes = toBytes(p);
  let out = '';
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const width = utf8Width(bytes, i);
    if (width > 0) {
      i += width;
      continue;
    }
    out += `${bytes.toString('utf8', start, i)}\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
    start = ++i;
  }
  return out + bytes.toString('utf8', start);
}

/** The length of the valid UTF-8 sequence at `i`, or 0. */
function utf8Width(bytes: Buffer, i: number): number {
  const b = bytes[i]!;
  const width =
    b < 0x80
      ? 1
      : b >= 0xc2 && b < 0xe0
        ? 2
        : b >= 0xe0 && b < 0xf0
          ? 3
          : b >= 0xf0 && b < 0xf5
            ? 4
            : 0;
  if (width <= 1) return width;
  return isUtf8(bytes.subarray(i, i + width)) ? width : 0;
}
