import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '@palisade/core';
import { AWS_SERVICES } from '@palisade/core/aws';
import { AZURE_SERVICES } from '@palisade/core/azure';
import type { Check } from '@palisade/core';
import { CHECKS } from './registry.ts';
import { listCheckFiles, renderRegistry } from './registry-source.ts';

/** Each provider's service names and how its resource types are written (AWS: ASFF types; Azure: ARM and Graph types). */
const PROVIDERS: Readonly<Record<string, { readonly services: readonly string[]; readonly resourceType: RegExp }>> = {
  aws: { services: AWS_SERVICES, resourceType: /^Aws[A-Za-z0-9]+$/ },
  azure: { services: AZURE_SERVICES, resourceType: /^Microsoft\.[A-Za-z]+(\/[A-Za-z]+)+$/ },
};

const checksSrc = fileURLToPath(new URL('./', import.meta.url));
const files = listCheckFiles(checksSrc);

describe('check registry', () => {
  it('is up to date with the check files (run `npm run generate`)', () => {
    expect(readFileSync(`${checksSrc}registry.ts`, 'utf8')).toBe(renderRegistry(files));
  });

  it('has unique ids that match file names and folders', () => {
    const ids = CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [index, file] of files.entries()) {
      const check = CHECKS[index]!;
      expect(check.id).toBe(`${file.provider}/${file.name}`);
      expect(check.service, check.id).toBe(file.serviceFolder);
    }
  });

  it.each(files.map((file) => [file.path]))('%s has a test beside it', (path) => {
    expect(existsSync(`${checksSrc}${path.replace(/\.ts$/, '.test.ts')}`)).toBe(true);
  });

  it.each(CHECKS.map((check): [string, Check] => [check.id, check]))('%s has complete metadata', (_id, check) => {
    expect(check.title.length).toBeGreaterThan(10);
    expect(check.description.length).toBeGreaterThan(20);
    expect(check.risk.length).toBeGreaterThan(20);
    expect(check.remediation.summary.length).toBeGreaterThan(10);
    expect(check.remediation.cli ?? check.remediation.console ?? check.remediation.terraform).toBeTruthy();
    expect(check.references.length).toBeGreaterThan(0);
    for (const url of check.references) expect(url).toMatch(/^https:\/\//);
    expect(check.categories.length).toBeGreaterThan(0);
    for (const category of check.categories) expect(CATEGORIES).toContain(category);
    expect(SEVERITIES).toContain(check.severity);
    expect(check.requires.length).toBeGreaterThan(0);
    const provider = PROVIDERS[check.provider];
    expect(provider, `${check.id}: provider ${check.provider}`).toBeDefined();
    for (const service of check.requires) expect(provider!.services).toContain(service);
    expect(check.resourceType).toMatch(provider!.resourceType);
  });
});
