import { describe, expect, it } from 'vitest';
import { releaseOf, runtimeSupport, runtimeVersion } from './appservice-runtimes.ts';

describe('runtimeVersion', () => {
  it.each([
    [{ linuxFxVersion: 'PHP|8.3' }, 'php', '8.3'],
    [{ linuxFxVersion: 'PYTHON|3.12' }, 'python', '3.12'],
    [{ linuxFxVersion: 'Python|3.11' }, 'python', '3.11'],
    [{ linuxFxVersion: 'JAVA|17-java17' }, 'java', '17'],
    [{ linuxFxVersion: 'TOMCAT|10.1-java21' }, 'java', '21'],
    [{ linuxFxVersion: 'TOMCAT|8.5-jre8' }, 'java', '8'],
    [{ linuxFxVersion: 'JAVA|11' }, 'java', '11'],
    [{ linuxFxVersion: 'TOMCAT|10.1' }, 'java', undefined],
    [{ linuxFxVersion: 'DOCKER|nginx:1.27' }, 'php', undefined],
    [{ linuxFxVersion: 'PHP|8.3' }, 'python', undefined],
    [{ linuxFxVersion: '', phpVersion: '7.4' }, 'php', '7.4'],
    [{ linuxFxVersion: '', phpVersion: 'OFF' }, 'php', undefined],
    [{ linuxFxVersion: '', javaVersion: '1.8' }, 'java', '1.8'],
    [{ linuxFxVersion: '', pythonVersion: '' }, 'python', undefined],
    [{}, 'java', undefined],
  ] as const)('%j runs %s %s', (config, stack, expected) => {
    expect(runtimeVersion(config, stack)).toBe(expected);
  });
});

describe('releaseOf', () => {
  it.each([
    ['java', '1.8', '8'],
    ['java', '1.8.0_202', '8'],
    ['java', '17.0.9', '17'],
    ['java', '21', '21'],
    ['python', '3.12.1', '3.12'],
    ['php', '8.3', '8.3'],
    ['php', '8', undefined],
    ['php', 'latest', undefined],
  ] as const)('%s %s → %s', (stack, version, expected) => {
    expect(releaseOf(stack, version)).toBe(expected);
  });
});

describe('runtimeSupport', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('is supported through the last day of support and not after', () => {
    expect(runtimeSupport('php', '8.2', new Date('2026-12-31T23:59:59Z'))).toEqual({ status: 'supported', release: '8.2', lastDay: '2026-12-31' });
    expect(runtimeSupport('php', '8.2', new Date('2027-01-01T00:00:00Z'))).toEqual({ status: 'unsupported', release: '8.2', lastDay: '2026-12-31' });
  });

  it('judges releases outside the table by their place in it', () => {
    expect(runtimeSupport('php', '5.6', now)).toEqual({ status: 'unsupported', release: '5.6' });
    expect(runtimeSupport('python', '3.15', now)).toEqual({ status: 'supported', release: '3.15' });
    expect(runtimeSupport('java', '23', now)).toEqual({ status: 'unsupported', release: '23' });
    expect(runtimeSupport('java', '29', now)).toEqual({ status: 'supported', release: '29' });
    expect(runtimeSupport('python', 'three', now)).toEqual({ status: 'unknown' });
  });
});
