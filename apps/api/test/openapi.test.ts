import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { OPENAPI_FILE, openApiDocument } from '../src/openapi.ts';

describe('the committed OpenAPI document', () => {
  it('is what the routes generate (run `npm run openapi` after changing a route) and is valid OpenAPI 3.1', async () => {
    const generated = await openApiDocument();
    const committed = await readFile(OPENAPI_FILE, 'utf8');
    expect(committed).toBe(generated);
    const document = JSON.parse(committed) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    // No example or default in the document carries a secret-looking value.
    expect(committed).not.toMatch(/AKIA[A-Z0-9]{16}|"password":\s*"[^"]/);
  });
});
