/** The `api` function of the serverless deployment (see functions.ts). */
import { contextFromEnvironment } from './context.ts';
import { createFunctions } from './functions.ts';
import type { ServerlessFunctions } from './functions.ts';

let functions: Promise<ServerlessFunctions> | undefined;

export async function handler(event: Parameters<ServerlessFunctions['api']>[0]): ReturnType<ServerlessFunctions['api']> {
  functions ??= contextFromEnvironment().then(createFunctions);
  return (await functions).api(event);
}
