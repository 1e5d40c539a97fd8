/** Test support shared with other packages' tests: the strict OCSF validator and the vendored schema, the SARIF and ASFF schema checks. */
import { fileURLToPath } from 'node:url';

export { parseCsv } from './csv-reader.ts';
export { asffSchemaErrors, sarifSchemaErrors } from './json-schemas.ts';
export { loadOcsfSchema, validateOcsfEvent } from './ocsf-validator.ts';
export type { OcsfIssue, OcsfSchema, OcsfValidationResult } from './ocsf-validator.ts';

/** OCSF schema sources, release 1.8.0, vendored so tests run from a fresh clone. */
export const OCSF_SCHEMA_DIR = fileURLToPath(new URL('./ocsf-schema-1.8.0/', import.meta.url));
