import type { Sink } from './table.js';

/**
 * Which of a table's sinks a file can hold, by the text it contains: the sink's spelling, and
 * (unless it may go without) one of its import paths. Works on bytes (before decoding) and on
 * decoded text alike. Each search of an absent needle runs over the whole file, so needles are
 * searched once each, a needle containing one known to be absent is not searched (no `SetCookie`
 * without `Cookie`), and import paths are found from the places the file spells their host
 * (`github.com/`: one search, then a comparison per place and path).
 */

interface Haystack {
  indexOf(needle: string, from?: number): number;
}

export class SinkProbe {
  // Arrays, not Maps: a probe lives for one file and holds a handful of needles.
  private readonly present: string[] = [];
  private readonly absent: string[] = [];
  /** host prefixes (`github.com/`) and where the file spells each */
  private hosts: Array<{ host: string; places: number[] }> | undefined;

  constructor(
    private readonly haystack: Haystack,
    private readonly startsWith: (needle: string, at: number) => boolean,
  ) {}

  static ofBytes(bytes: Buffer): SinkProbe {
    return new SinkProbe(
      bytes,
      (needle, at) => bytes.toString('latin1', at, at + needle.length) === needle,
    );
  }

  static ofText(text: string): SinkProbe {
    return new SinkProbe(text, (needle, at) => text.startsWith(needle, at));
  }

  has(needle: string): boolean {
    if (this.present.includes(needle)) return true;
    if (this.absent.some((a) => needle.includes(a))) return false;
    const found = this.haystack.indexOf(needle) !== -1;
    (found ? this.present : this.absent).push(needle);
    return found;
  }

  hasPath(path: string): boolean {
    const slash = path.indexOf('/');
    if (slash === -1) return this.has(path);
    const host = path.slice(0, slash + 1);
    this.hosts ??= [];
    let entry = this.hosts.find((h) => h.host === host);
    if (!entry) {
      const places: number[] = [];
      for (
        let at = this.haystack.indexOf(host);
        at !== -1;
        at = this.haystack.indexOf(host, at + host.length)
      )
        places.push(at);
      this.hosts.push((entry = { host, places }));
    }
    return entry.places.some((at) => this.startsWith(path, at));
  }

  /** The file spells the sink, and imports its package or may go without. */
  mayHold(sink: Sink): boolean {
    return (
      this.has(sink.spelling) &&
      (sink.snippetFallback === true || sink.importPaths.some((p) => this.hasPath(p)))
    );
  }
}
