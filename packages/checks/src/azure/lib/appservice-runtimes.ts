/**
 * Language runtimes of App Service sites and whether each is still supported upstream. A site
 * names its stack in `linuxFxVersion` on Linux (`PHP|8.3`, `PYTHON|3.12`, `JAVA|17-java17`,
 * `TOMCAT|10.1-java21`) and in `phpVersion` / `pythonVersion` / `javaVersion` on Windows; a
 * container image (`DOCKER|…`) runs whatever it holds and is not judged here.
 *
 * Support ends on the dates the language projects publish (reviewed December 2026), compared with
 * the evaluation time, so a version drops out of support without a code change:
 * - PHP: end of security support, https://www.php.net/supported-versions.php
 * - Python: end of life, https://devguide.python.org/versions/
 * - Java: end of Oracle Extended Support of the LTS releases,
 *   https://www.oracle.com/java/technologies/java-se-support-roadmap.html (feature releases
 *   between two LTS releases lose support at the next release and count as unsupported).
 * A version older than every entry of its table is unsupported; one newer than every entry is taken
 * as supported (released after the table was reviewed).
 */
import type { CheckResult } from '@palisade/core';
import { fail, manual, pass } from '@palisade/core';
import type { AppServiceSiteConfig, AzureScopeSnapshot } from '@palisade/core/azure';
import { eachSiteDetail, siteLabel } from './appservice-sites.ts';

export type RuntimeStack = 'php' | 'python' | 'java';

export const RUNTIME_NAMES: Readonly<Record<RuntimeStack, string>> = { php: 'PHP', python: 'Python', java: 'Java' };

/** Release → last day of support (UTC), oldest first. */
export const RUNTIME_END_OF_SUPPORT: Readonly<Record<RuntimeStack, readonly (readonly [release: string, lastDay: string])[]>> = {
  php: [
    ['7.4', '2022-11-28'],
    ['8.0', '2023-11-26'],
    ['8.1', '2025-12-31'],
    ['8.2', '2026-12-31'],
    ['8.3', '2027-12-31'],
    ['8.4', '2028-12-31'],
    ['8.5', '2029-12-31'],
  ],
  python: [
    ['3.8', '2024-10-07'],
    ['3.9', '2025-10-31'],
    ['3.10', '2026-10-31'],
    ['3.11', '2027-10-31'],
    ['3.12', '2028-10-31'],
    ['3.13', '2029-10-31'],
    ['3.14', '2030-10-31'],
  ],
  java: [
    ['8', '2030-12-31'],
    ['11', '2032-01-31'],
    ['17', '2029-09-30'],
    ['21', '2031-09-30'],
    ['25', '2033-09-30'],
  ],
};

const JAVA_LINUX_STACKS = new Set(['java', 'tomcat', 'jbosseap', 'wildfly']);
const OFF = new Set(['', 'off', 'null']);

/** The version of `stack` the site runs as configured (`8.3`, `3.12`, `17`), or undefined when it does not run that stack. */
export function runtimeVersion(config: AppServiceSiteConfig, stack: RuntimeStack): string | undefined {
  const linux = config.linuxFxVersion?.trim() ?? '';
  if (linux !== '') {
    const [name = '', version = ''] = linux.split('|');
    const lower = name.toLowerCase();
    if (stack === 'java') {
      if (!JAVA_LINUX_STACKS.has(lower)) return undefined;
      // `17-java17`, `10.1-java21`, `8-jre8`: the Java release follows `java`/`jre`; `JAVA|17` names it directly.
      const suffix = /-(?:java|jre)(\d+(?:\.\d+)?)/i.exec(version)?.[1];
      if (suffix !== undefined) return suffix;
      return lower === 'java' ? version.split('-')[0] : undefined;
    }
    return lower === stack ? version : undefined;
  }
  const windows = stack === 'php' ? config.phpVersion : stack === 'python' ? config.pythonVersion : config.javaVersion;
  const value = windows?.trim() ?? '';
  return OFF.has(value.toLowerCase()) ? undefined : value;
}

/** `1.8.0_202` → `8`, `17.0.9` → `17`, `3.12.1` → `3.12`: the release a support table lists. */
export function releaseOf(stack: RuntimeStack, version: string): string | undefined {
  const parts = version.trim().split(/[._-]/);
  const [first, second] = parts;
  if (first === undefined || !/^\d+$/.test(first)) return undefined;
  if (stack === 'java') return first === '1' && second !== undefined && /^\d+$/.test(second) ? second : first;
  return second !== undefined && /^\d+$/.test(second) ? `${first}.${second}` : undefined;
}

function compareReleases(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export type RuntimeSupport =
  | { readonly status: 'supported'; readonly release: string; readonly lastDay?: string }
  | { readonly status: 'unsupported'; readonly release: string; readonly lastDay?: string }
  | { readonly status: 'unknown' };

/** Whether `version` of `stack` is supported at `now`, with the release and its last day of support when the table lists it. */
export function runtimeSupport(stack: RuntimeStack, version: string, now: Date): RuntimeSupport {
  const release = releaseOf(stack, version);
  if (release === undefined) return { status: 'unknown' };
  const table = RUNTIME_END_OF_SUPPORT[stack];
  const entry = table.find(([listed]) => compareReleases(listed, release) === 0);
  if (entry) {
    const supported = now.getTime() < Date.parse(`${entry[1]}T00:00:00Z`) + 86_400_000;
    return { status: supported ? 'supported' : 'unsupported', release, lastDay: entry[1] };
  }
  const newest = table[table.length - 1]?.[0];
  if (newest !== undefined && compareReleases(release, newest) > 0) return { status: 'supported', release };
  // Older than the table, or a Java feature release between two LTS releases: out of support.
  return { status: 'unsupported', release };
}

/**
 * The evaluation shared by the runtime checks: sites that run `stack` PASS on a supported release,
 * FAIL on one past its end of support, MANUAL when the version cannot be read; sites that do not run
 * it report nothing.
 */
export function evaluateRuntime(scope: AzureScopeSnapshot, stack: RuntimeStack, now: Date): readonly CheckResult[] {
  const name = RUNTIME_NAMES[stack];
  return eachSiteDetail(scope, (site) => site.config, (site, config, target) => {
    const version = runtimeVersion(config, stack);
    if (version === undefined) return [];
    const support = runtimeSupport(stack, version, now);
    const label = siteLabel(site);
    if (support.status === 'unknown') return manual(target, `${label} runs ${name} "${version}", a version this check cannot read; confirm it is a supported release.`);
    const until = support.lastDay ? ` (support ${support.status === 'supported' ? 'ends' : 'ended'} ${support.lastDay})` : '';
    return support.status === 'supported'
      ? pass(target, `${label} runs ${name} ${support.release}, a supported release${until}.`)
      : fail(target, `${label} runs ${name} ${support.release}, which is out of support${until}.`);
  });
}
