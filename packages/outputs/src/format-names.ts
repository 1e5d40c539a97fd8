/**
 * The output formats and their file name endings, apart from the writers so that the CLI can list
 * them in its help without loading any writer.
 */
export const OUTPUT_FORMATS = ['json-ocsf', 'csv', 'html', 'sarif', 'asff'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * What a scan writes when no format is named. SARIF and ASFF feed other systems (a CI pipeline,
 * Security Hub) and are written only when asked for.
 */
export const DEFAULT_OUTPUT_FORMATS: readonly OutputFormat[] = ['json-ocsf', 'csv', 'html'];

/** The file name ending of each format, e.g. `palisade-<scan>.ocsf.json`. */
export const OUTPUT_FILE_SUFFIXES: Readonly<Record<OutputFormat, string>> = {
  'json-ocsf': '.ocsf.json',
  csv: '.csv',
  html: '.html',
  sarif: '.sarif',
  asff: '.asff.json',
};

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}
