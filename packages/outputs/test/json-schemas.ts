/**
 * Validators for the formats that have a JSON Schema (packages/outputs/schemas): SARIF 2.1.0 (the
 * OASIS schema, draft-04) and one ASFF finding (draft-07). Formats such as `uri` and `date-time`
 * are checked too.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const schemasDir = new URL('../schemas/', import.meta.url);
const readJson = (name: string): object => JSON.parse(readFileSync(new URL(name, schemasDir), 'utf8')) as object;

/** The two validators, compiled on first use (other packages import this module for the OCSF validator). */
let validators: { readonly sarif: Ajv.ValidateFunction; readonly asff: Ajv.ValidateFunction } | undefined;
function compiled() {
  if (!validators) {
    // `auto`: the SARIF schema names itself with draft-04's `id`, the ASFF one is draft-07.
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true, format: 'full' });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
    validators = { sarif: ajv.compile(readJson('sarif-schema-2.1.0.json')), asff: ajv.compile(readJson('asff-finding.schema.json')) };
  }
  return validators;
}

/** `path: problem` per schema violation; empty when the document is valid. */
export type SchemaErrors = string[];

function errorsOf(validate: Ajv.ValidateFunction, document: unknown): SchemaErrors {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.dataPath || '/'}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
}

/** Checks a whole SARIF log against the OASIS SARIF 2.1.0 schema. */
export function sarifSchemaErrors(document: unknown): SchemaErrors {
  return errorsOf(compiled().sarif, document);
}

/** Checks one ASFF finding (an element of a `*.asff.json` array) against the ASFF schema. */
export function asffSchemaErrors(finding: unknown): SchemaErrors {
  return errorsOf(compiled().asff, finding);
}
