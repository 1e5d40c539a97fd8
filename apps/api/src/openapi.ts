/**
 * The OpenAPI document as committed (`apps/api/openapi.json`): generated from the route schemas by
 * `npm run openapi`; a test fails when the routes and the committed document drift apart.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlatform, platformServer } from './platform.ts';

export const OPENAPI_FILE = new URL('../openapi.json', import.meta.url);

/** The document the server publishes at /api/v1/openapi.json, as formatted JSON text. */
export async function openApiDocument(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'palisade-openapi-'));
  const platform = await openPlatform({ dataDir, productVersion: 'openapi', env: { PALISADE_MASTER_KEY: randomBytes(32).toString('base64') } });
  try {
    const app = await platformServer(platform, { logger: false });
    await app.ready();
    const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
    await app.close();
    return text;
  } finally {
    await platform.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
