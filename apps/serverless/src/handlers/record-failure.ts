/** The `recordFailure` function of the serverless deployment (see functions.ts). */
import { contextFromEnvironment } from './context.ts';
import { createFunctions } from './functions.ts';
import type { ServerlessFunctions } from './functions.ts';

let functions: Promise<ServerlessFunctions> | undefined;

export async function handler(event: Parameters<ServerlessFunctions['recordFailure']>[0]): ReturnType<ServerlessFunctions['recordFailure']> {
  functions ??= contextFromEnvironment().then(createFunctions);
  return (await functions).recordFailure(event);
}
