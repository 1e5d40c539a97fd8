/**
 * Where a task-planned scan keeps the parts collect tasks produce until the evaluate task of their
 * scope reads them (tasks.ts). Parts are plain JSON values under slash-separated keys
 * (`<scanId>/<scope>/<part>`); a store never interprets them. Two implementations here: memory
 * (one process) and a local directory (several processes on one machine, or a scan resumed after
 * the process stopped); an object store (S3) implements the same four calls.
 *
 * Both serialize on `put`: a part read back is a copy, never the collector's own object, so a scan
 * behaves the same whichever store, thread or machine holds its parts.
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { InputError } from '@palisade/core';

export interface PartStore {
  /** Stores `value` (plain JSON data) under `key`, replacing what was there. */
  put(key: string, value: unknown): Promise<void>;
  /** The value stored under `key`, or undefined when there is none. */
  get(key: string): Promise<unknown>;
  /** The keys under `prefix` (a key or a folder of keys), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Removes every key under `prefix`. */
  delete(prefix: string): Promise<void>;
}

/** Keys are relative paths of safe segments: letters, digits, `.`, `_`, `-`, `:`, `@`; no `..`. */
const SEGMENT = /^[A-Za-z0-9_:@-][A-Za-z0-9._:@-]*$/;

export function checkPartKey(key: string): string {
  const segments = key.split('/');
  if (!key || segments.some((segment) => !SEGMENT.test(segment) || segment === '..')) {
    throw new InputError('USAGE', `invalid part key "${key}": slash-separated segments of letters, digits, ".", "_", "-", ":", "@"`, { field: 'key' });
  }
  return key;
}

function under(key: string, prefix: string): boolean {
  return key === prefix || key.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

export class MemoryPartStore implements PartStore {
  private readonly parts = new Map<string, string>();

  async put(key: string, value: unknown): Promise<void> {
    this.parts.set(checkPartKey(key), JSON.stringify(value));
  }

  async get(key: string): Promise<unknown> {
    const text = this.parts.get(checkPartKey(key));
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.parts.keys()].filter((key) => under(key, prefix)).sort();
  }

  async delete(prefix: string): Promise<void> {
    for (const key of await this.list(prefix)) this.parts.delete(key);
  }

  /** Bytes held, for tests and memory budgets. */
  get size(): number {
    let bytes = 0;
    for (const text of this.parts.values()) bytes += text.length;
    return bytes;
  }
}

/**
 * Parts as files under a directory: `<root>/<key>.json`. A part is written to a temporary name and
 * renamed into place, so a reader sees a whole part or none, even when the writer is killed.
 */
export class DirectoryPartStore implements PartStore {
  constructor(readonly root: string) {}

  private file(key: string): string {
    return join(this.root, ...checkPartKey(key).split('/')) + '.json';
  }

  async put(key: string, value: unknown): Promise<void> {
    const file = this.file(key);
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, JSON.stringify(value));
    await rename(temporary, file);
  }

  async get(key: string): Promise<unknown> {
    const file = this.file(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new InputError('SNAPSHOT_INVALID', `damaged part: ${(cause as Error).message}`, { file });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (directory: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(directory, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
        throw error;
      }
      for (const entry of entries) {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith('.json')) keys.push(relative(this.root, path).slice(0, -'.json'.length).split(sep).join('/'));
      }
    };
    const folder = join(this.root, ...checkPartKey(prefix.replace(/\/$/, '')).split('/'));
    await walk(folder);
    // The prefix may also name one part.
    if ((await this.get(prefix.replace(/\/$/, ''))) !== undefined) keys.push(prefix.replace(/\/$/, ''));
    return keys.filter((key) => under(key, prefix)).sort();
  }

  async delete(prefix: string): Promise<void> {
    const key = checkPartKey(prefix.replace(/\/$/, ''));
    await rm(join(this.root, ...key.split('/')), { recursive: true, force: true });
    await rm(this.file(key), { force: true });
  }
}
