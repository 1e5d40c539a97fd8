import type { CheckId } from '@palisade/checks';

export type ProfileLevel = 'Level 1' | 'Level 2';

/**
 * How the framework's authors classify a requirement. A `manual` requirement is never decided by
 * checks alone: its report status is MANUAL even when checks supply evidence for the reviewer.
 */
export type Assessment = 'automated' | 'manual';

export interface Requirement {
  /** The framework's own numbering, e.g. `1.10`, `2.1.4`. */
  readonly id: string;
  readonly title: string;
  /** Top-level section as the framework names it, e.g. `1 Identity and Access Management`. */
  readonly section: string;
  readonly subsection?: string;
  readonly level: ProfileLevel;
  readonly assessment: Assessment;
  readonly description: string;
  /** Typed against the check registry, so a misspelt or removed check fails to compile. */
  readonly checks: readonly CheckId[];
}

export interface Framework {
  /** Stable id used in finding references (`<id>:<requirement id>`) and output file names. */
  readonly id: string;
  /**
   * Other names users type for this framework, e.g. the ids other tools give it (`cis_3.0_aws`).
   * `--compliance` accepts them; outputs always use `id`.
   */
  readonly aliases?: readonly string[];
  readonly name: string;
  readonly version: string;
  /** The provider whose checks the framework maps (`aws`); the compliance logic itself is the same for every provider. */
  readonly provider: string;
  readonly description: string;
  readonly requirements: readonly Requirement[];
}

/** Identity at run time; exists so framework literals are checked against `Framework` where they are written. */
export function defineFramework(framework: Framework): Framework {
  return framework;
}
