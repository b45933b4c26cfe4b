import type { FindingKind } from '../types.js';
import type { Sink } from './table.js';

/**
 * Why a browser refuses the cookie outright without Secure: a name with a `__Secure-` or
 * `__Host-` prefix, or SameSite=None. Said in the message, since the fix matters more there.
 */
export type Rejection = '__Secure-' | '__Host-' | 'SameSite=None';

export function withRejection(text: string, rejection: Rejection | null): string {
  if (!rejection) return text;
  const what =
    rejection === 'SameSite=None'
      ? 'a SameSite=None cookie'
      : `a cookie whose name starts with ${rejection}`;
  return `${text}, and browsers reject ${what} without Secure`;
}

/** The rejection a cookie's name (a Go string literal's text, quotes included) brings, if any. */
export function nameRejection(literal: string | undefined): Rejection | null {
  const name = literal?.slice(1);
  if (name?.startsWith('__Secure-')) return '__Secure-';
  if (name?.startsWith('__Host-')) return '__Host-';
  return null;
}

/** A finding's message, from its sink's row: what the API is, and what is wrong with the call. */
export function message(sink: Sink, kind: FindingKind): string {
  const shape = sink.shape;
  const subject = sink.subject;
  switch (shape.kind) {
    case 'struct-literal':
      switch (kind) {
        case 'missing':
          return `${subject} without ${shape.field}: true can be sent over plain HTTP`;
        case 'false':
          return `${subject} with ${shape.field}: false can be sent over plain HTTP`;
        case 'unkeyed':
          return `positional ${subject} literal: use field names and set ${shape.field}: true`;
        case 'dynamic':
          return `${subject} ${shape.field} is set from an expression: make sure it is true outside local development`;
      }
      break;
    case 'call-argument': {
      const what = shape.function ? 'its argument' : `argument ${shape.index + 1} (secure)`;
      switch (kind) {
        case 'missing':
          return `${subject} without ${what}: the cookie is not Secure and can be sent over plain HTTP`;
        case 'false':
          return `${subject} with ${what} false: the cookie can be sent over plain HTTP`;
        case 'dynamic':
          return `${subject} ${what} is an expression: make sure it is true outside local development`;
        case 'unkeyed':
          break;
      }
      break;
    }
    case 'setters':
      switch (kind) {
        case 'missing':
          return `${subject} filled in without ${shape.setter}(true) can be sent over plain HTTP`;
        case 'false':
          return `${subject} with ${shape.setter}(false) can be sent over plain HTTP`;
        case 'dynamic':
          return `${subject} ${shape.setter} is given an expression: make sure it is true outside local development`;
        case 'unkeyed':
          break;
      }
      break;
  }
  return `${subject}: ${kind}`;
}

/** What a finding's fix does, for SARIF's fix description; `statement` when it adds a statement. */
export function fixDescription(sink: Sink, kind: FindingKind, statement = false): string {
  const shape = sink.shape;
  switch (shape.kind) {
    case 'struct-literal':
      if (statement) return `Set ${shape.field} = true after the last field write`;
      return kind === 'false'
        ? `Change ${shape.field} from false to true`
        : `Add ${shape.field}: true`;
    case 'call-argument':
      return 'Change the secure argument from false to true';
    case 'setters':
      return kind === 'false'
        ? `Change ${shape.setter}(false) to ${shape.setter}(true)`
        : `Call ${shape.setter}(true) after the other setters`;
  }
}
