/**
 * The output formats and their file name endings, apart from the writers so that the CLI can list
 * them in its help without loading any writer.
 */
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
