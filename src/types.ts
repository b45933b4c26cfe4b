/** The data passed between stages: plain objects, safe to JSON.stringify. */

/** The rules' ids (the rows of rules/table.ts name theirs). */
export type RuleId = 'go-security/cookie-secure' | 'go-security/session-secure';

/** `missing`, `false` and `unkeyed` are violations; `dynamic` is reported only with --strict. */
export type FindingKind = 'missing' | 'false' | 'unkeyed' | 'dynamic';

/**
 * One replacement in a file's decoded text. Offsets and lengths count UTF-16 units of the
 * JavaScript string (tree-sitter's node binding and magic-string both use that unit).
 * An insertion has length 0.
 */
export interface Edit {
  offset: number;
  length: number;
  text: string;
}

/** A finding as detection produces it: where the sink is, plus its fix, if any. */
export interface Finding {
  ruleId: RuleId;
  /** The row of rules/table.ts that found it. */
  sink: string;
  kind: FindingKind;
  /**
   * Start and end of what is reported in the decoded text (UTF-16 units): a composite literal,
   * a call's argument (or the call, when the argument is missing), a declaration.
   */
  offset: number;
  end: number;
  /** 1-based; columns count bytes of the original file, as the Go toolchain does. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `missing` and `false` are fixable; their edits are computed when detection is asked for them. */
  fixable: boolean;
  edits: Edit[];
  /**
   * The text the edits were computed from (the literal, or the whole list or block whose
   * alignment they keep). Fixes with overlapping scopes cannot be applied in one pass.
   */
  editScope: { offset: number; end: number };
  message: string;
  /** What the fix does (SARIF's fix description), when the finding is fixable. */
  fixDescription?: string;
}

/** What became of one file in a run. */
export interface FileReport {
  /** Path relative to the current directory, with `/`. */
  file: string;
  /** The decoded text the findings' offsets refer to (used for code frames). */
  text: string;
  findings: ReportedFinding[];
  /** Set when the file's fixes could not be written, with the reason. */
  notFixedReason?: string;
}

export interface ReportedFinding extends Finding {
  fixed: boolean;
}

export interface RunSummary {
  files: number;
  findings: number;
  fixed: number;
}
