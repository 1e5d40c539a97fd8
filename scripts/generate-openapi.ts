/** `npm run openapi`: writes apps/api/openapi.json from the API's route schemas. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { OPENAPI_FILE, openApiDocument } from '../apps/api/src/openapi.ts';

await writeFile(OPENAPI_FILE, await openApiDocument());
console.log(`wrote ${fileURLToPath(OPENAPI_FILE)}`);
