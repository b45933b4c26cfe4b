import { OperationalError } from './errors.js';
import type { RunResult } from './report/run-result.js';

export interface IndexRunOptions {
  cwd: string;
  strict: boolean;
  fix: boolean;
  exclude: string[];
  notice: (line: string) => void;
}

export async function runOnIndex(_options: IndexRunOptions): Promise<RunResult> {
  throw new OperationalError('--staged is not implemented yet');
}
