/** The `evaluate` function of the serverless deployment (see functions.ts). */
import { contextFromEnvironment } from './context.ts';
import { createFunctions } from './functions.ts';
import type { ServerlessFunctions } from './functions.ts';

let functions: Promise<ServerlessFunctions> | undefined;

export async function handler(event: Parameters<ServerlessFunctions['evaluate']>[0]): ReturnType<ServerlessFunctions['evaluate']> {
  functions ??= contextFromEnvironment().then(createFunctions);
  return (await functions).evaluate(event);
}
