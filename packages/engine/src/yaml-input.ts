/**
 * Reads user-written YAML (config, mutelist) so every problem names the file, line and field.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '@palisade/core';
import { LineCounter, isMap, isNode, isScalar, parseDocument } from 'yaml';
import type { Document } from 'yaml';

export type InputKind = 'CONFIG_INVALID' | 'MUTELIST_INVALID';

export interface LoadedYaml {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line of the node at `path`, or of the closest existing parent. */
  lineOf(path: readonly (string | number)[]): number | undefined;
  error(path: readonly (string | number)[], message: string): InputError;
}

export async function loadYamlFile(file: string, kind: InputKind): Promise<LoadedYaml> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new InputError(kind, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(cause)})`, { file });
  }
  return parseYamlText(text, file, kind);
}

export function parseYamlText(text: string, file: string, kind: InputKind): LoadedYaml {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? lineCounter.linePos(first.pos[0]).line;
    throw new InputError(kind, `invalid YAML: ${first.message.split('\n')[0]}`, { file, line });
  }
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      // For a mapping entry, point at its key: that is the line a person looks for.
      const parent = depth === 0 ? undefined : depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(path[depth - 1]));
        if (pair && isNode(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
      }
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return {
    file,
    value: doc.toJS({ maxAliasCount: 100 }),
    lineOf,
    error: (path, message) => {
      const line = lineOf(path);
      return new InputError(kind, message, { file, ...(line === undefined ? {} : { line }), ...(path.length ? { field: path.join('.') } : {}) });
    },
  };
}
