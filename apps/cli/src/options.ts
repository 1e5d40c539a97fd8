/** Parsing helpers for repeatable, comma-separable flags (`--services s3,iam --services ec2`). */
import { InputError } from '@palisade/core';

export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

export function positiveInteger(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new InputError('USAGE', `${flag} must be a positive whole number, got "${value}"`);
    return parsed;
  };
}
