import { OperationalError } from './errors.js';

export async function runInit(_options: { cwd: string; mode?: string; args: string[]; log: (line: string) => void }): Promise<number> {
  throw new OperationalError('init is not implemented yet');
}
