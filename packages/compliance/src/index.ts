/**
 * @palisade/compliance — compliance frameworks as typed data (requirement → check ids), the
 * check → requirement index derived from them, and requirement status per account (and for all
 * accounts together) computed from findings with memory bounded by accounts × requirements.
 */
import type { Framework } from './framework.ts';
import { CIS_AWS_3_0 } from './frameworks/cis-aws-3.0.ts';
import { CIS_AZURE_3_0 } from './frameworks/cis-azure-3.0.ts';

export type { Assessment, Framework, ProfileLevel, Requirement } from './framework.ts';
export { defineFramework } from './framework.ts';
export type {
  AccountRequirementResult,
  AccountScore,
  ComplianceAccountState,
  ComplianceAccumulatorOptions,
  ComplianceFindingEntry,
  ComplianceReport,
  ComplianceRequirementState,
  ComplianceState,
  FindingCounts,
  RequirementReason,
  RequirementReport,
  RequirementStatus,
  SectionAccountScore,
  SectionScore,
} from './evaluate.ts';
export { COMPLIANCE_STATE_VERSION, ComplianceAccumulator, DEFAULT_EVIDENCE_LIMIT, requirementsByCheck } from './evaluate.ts';
export { CIS_AWS_3_0 } from './frameworks/cis-aws-3.0.ts';
export { CIS_AZURE_3_0 } from './frameworks/cis-azure-3.0.ts';

/** Every framework, of every provider; a scan reports on those of its own provider (`frameworksOfProvider`). */
export const FRAMEWORKS: readonly Framework[] = [CIS_AWS_3_0, CIS_AZURE_3_0];

const frameworksById: ReadonlyMap<string, Framework> = new Map(FRAMEWORKS.map((framework) => [framework.id, framework]));

export function getFramework(id: string): Framework | undefined {
  return frameworksById.get(id);
}

/**
 * The frameworks that map a provider's checks (`'aws'`, `'azure'`), in registry order: what a scan
 * of that provider reports on when no framework is asked for, and the ones it may be asked for.
 */
export function frameworksOfProvider(provider: string): readonly Framework[] {
  return FRAMEWORKS.filter((framework) => framework.provider === provider);
}

/** check id → `<framework id>:<requirement id>` refs, built once from the framework data. */
const refsByCheck: ReadonlyMap<string, readonly string[]> = (() => {
  const refs = new Map<string, string[]>();
  for (const framework of FRAMEWORKS) {
    for (const requirement of framework.requirements) {
      for (const checkId of requirement.checks) {
        const list = refs.get(checkId) ?? [];
        const ref = `${framework.id}:${requirement.id}`;
        if (!list.includes(ref)) list.push(ref);
        refs.set(checkId, list);
      }
    }
  }
  return new Map([...refs].map(([checkId, list]) => [checkId, Object.freeze(list)]));
})();

const NONE: readonly string[] = Object.freeze([]);

/** The requirements that include a check, e.g. `['cis-aws-3.0:1.10']`; what a finding's `compliance` field holds. */
export function frameworksForCheck(checkId: string): readonly string[] {
  return refsByCheck.get(checkId) ?? NONE;
}
