import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/**
 * Whether the hook runs for `git commit --amend`. git tells a pre-commit hook nothing of it,
 * yet an amend replaces HEAD: what it will contain must be judged against HEAD's parent, or a
 * cookie already in the commit being amended is never checked. So the process tree is asked:
 * the nearest `git` ancestor's arguments (husky and sh stand between). Only ever called in a
 * hook (GIT_INDEX_FILE set), where that ancestor is `git commit`.
 */
export function amending(): boolean {
  let pid = process.ppid;
  for (let depth = 0; depth < 8 && pid > 1; depth++) {
    const process_ = describe(pid);
    if (!process_) return false;
    if (isGit(process_.args)) return commitAmends(process_.args);
    pid = process_.parent;
  }
  return false;
}

function isGit(args: string[]): boolean {
  const program = args[0]?.split('/').pop();
  return program === 'git' || program === 'git.exe';
}

/** `git [options] commit ... --amend ...`, options before `--` only. */
function commitAmends(args: string[]): boolean {
  const commit = args.indexOf('commit');
  if (commit === -1) return false;
  for (const arg of args.slice(commit + 1)) {
    if (arg === '--') return false;
    if (arg === '--amend') return true;
  }
  return false;
}

/** A process's arguments and parent: from /proc where there is one (Linux), else from ps. */
function describe(pid: number): { args: string[]; parent: number } | undefined {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a, i, all) => a !== '' || i < all.length - 1);
    // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { args, parent };
  } catch {
    const ps = spawnSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8' });
    const line = ps.stdout?.trim();
    if (ps.status !== 0 || !line) return undefined;
    const [parent, ...args] = line.split(/\s+/);
    return { args, parent: Number(parent) };
  }
}
