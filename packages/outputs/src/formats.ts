import { createAsffWriter } from './asff.ts';
import { createCsvWriter } from './csv.ts';
import { createHtmlWriter } from './html.ts';
import { createOcsfWriter } from './ocsf.ts';
import { createSarifWriter } from './sarif.ts';
import type { FindingWriter, ScanInfo } from './writer.ts';
import type { OutputFormat } from './format-names.ts';

export { DEFAULT_OUTPUT_FORMATS, OUTPUT_FILE_SUFFIXES, OUTPUT_FORMATS, isOutputFormat } from './format-names.ts';
export type { OutputFormat } from './format-names.ts';

export function createFindingWriter(format: OutputFormat, path: string, scan: ScanInfo): Promise<FindingWriter> {
  switch (format) {
    case 'json-ocsf':
      return createOcsfWriter(path, scan);
    case 'csv':
      return createCsvWriter(path, scan);
    case 'html':
      return createHtmlWriter(path, scan);
    case 'sarif':
      return createSarifWriter(path, scan);
    case 'asff':
      return createAsffWriter(path, scan);
  }
}
