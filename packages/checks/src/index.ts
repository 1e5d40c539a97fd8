/**
 * @palisade/checks — every posture check as one typed module, and the generated registry.
 */
import type { Check } from '@palisade/core';
import { CHECKS } from './registry.ts';
import type { CheckId } from './registry.ts';

export { CHECKS } from './registry.ts';
export type { CheckId } from './registry.ts';

const byId: ReadonlyMap<string, Check> = new Map(CHECKS.map((check) => [check.id, check as Check]));

export function getCheck(id: string): Check | undefined {
  return byId.get(id);
}

export function isCheckId(id: string): id is CheckId {
  return byId.has(id);
}

export const ALL_CHECKS: readonly Check[] = CHECKS;
