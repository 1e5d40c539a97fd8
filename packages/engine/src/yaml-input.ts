/**
 * Reads user-written YAML (config, mutelist) so every problem names the file, line and field.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '@palisade/core';
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';

export type InputKind = 'CONFIG_INVALID' | 'MUTELIST_INVALID';

export interface LoadedYaml {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line of the node at `path`, or of the closest existing parent. */
  lineOf(path: readonly (string | number)[]): number | undefined;
  error(path: readonly (string | number)[], message: string): InputError;
  /**
   * The scalar at `path` (its mapping key, with `part: 'key'`) when YAML read it as something
   * other than a string — a number, a boolean, null — with the text it was written as: an
   * unquoted `012345678901` is the number 12345678901. Undefined for strings, collections and
   * paths that do not exist.
   */
  nonStringScalar(path: readonly (string | number)[], part: 'key' | 'value'): { readonly source: string; readonly value: unknown } | undefined;
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
  // Walks the document as toJS presents it, where every mapping key has become a string.
  const nodeAt = (path: readonly (string | number)[], part: 'key' | 'value'): unknown => {
    let node: unknown = doc.contents;
    let key: unknown;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return undefined;
        [key, node] = [pair.key, pair.value];
      } else if (isSeq(node) && typeof segment === 'number') {
        [key, node] = [undefined, node.items[segment]];
      } else {
        return undefined;
      }
    }
    return part === 'key' ? key : node;
  };
  return {
    file,
    value: doc.toJS({ maxAliasCount: 100 }),
    lineOf,
    nonStringScalar: (path, part) => {
      const node = nodeAt(path, part);
      if (!isScalar(node) || typeof node.value === 'string') return undefined;
      return { source: node.source ?? String(node.value), value: node.value };
    },
    error: (path, message) => {
      const line = lineOf(path);
      return new InputError(kind, message, { file, ...(line === undefined ? {} : { line }), ...(path.length ? { field: path.join('.') } : {}) });
    },
  };
}
