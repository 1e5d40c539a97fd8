import { createCsvWriter } from './csv.ts';
import { createHtmlWriter } from './html.ts';
import { createOcsfWriter } from './ocsf.ts';
import type { FindingWriter, ScanInfo } from './writer.ts';

export const OUTPUT_FORMATS = ['json-ocsf', 'csv', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The file name ending of each format, e.g. `palisade-<scan>.ocsf.json`. */
export const OUTPUT_FILE_SUFFIXES: Readonly<Record<OutputFormat, string>> = {
  'json-ocsf': '.ocsf.json',
  csv: '.csv',
  html: '.html',
};

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

export function createFindingWriter(format: OutputFormat, path: string, scan: ScanInfo): Promise<FindingWriter> {
  switch (format) {
    case 'json-ocsf':
      return createOcsfWriter(path, scan);
    case 'csv':
      return createCsvWriter(path, scan);
    case 'html':
      return createHtmlWriter(path, scan);
  }
}
