/**
 * Whether IAM wildcard patterns together match every string of a given shape: every action,
 * every IAM action, every ARN of a partition, every IAM ARN. Decided exactly — by walking the
 * strings of that shape one character at a time alongside all patterns at once — rather than by
 * trying examples, so unusual spellings (`*:*`, `arn:aws:*`, `a*` … `z*` as a set) are recognised
 * as surely as `*`.
 */

/** How a pattern's wildcards behave: in actions `*` spans anything; in ARNs it stays in its segment unless it ends one. */
export type PatternSyntax = 'action' | 'arn';

type Token =
  | { readonly kind: 'any-run' }
  | { readonly kind: 'segment-run' }
  | { readonly kind: 'one' }
  | { readonly kind: 'literal'; readonly char: string };

interface CompiledPattern {
  readonly tokens: readonly Token[];
  readonly syntax: PatternSyntax;
}

/**
 * A field of a shape: fixed text, one character that `allows` accepts, or a run of such
 * characters at least `min` long. A run must not allow the first character of the field after
 * it, so a shape is deterministic.
 */
type Field =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'char'; readonly allows: (char: string) => boolean }
  | { readonly kind: 'run'; readonly allows: (char: string) => boolean; readonly min: 0 | 1 };

export interface Shape {
  readonly fields: readonly Field[];
  /** Characters the shape's fixed text is made of (the patterns' own literals are always tried too). */
  readonly alphabet: readonly string[];
  /** Actions compare case-insensitively; ARNs do not. */
  readonly caseInsensitive: boolean;
  /** Strings of the shape that ordinary patterns do not match, tried before any search. */
  readonly samples: readonly string[];
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ACTION_CHARS = `${LETTERS}0123456789-`;
const isLetter = (char: string): boolean => LETTERS.includes(char);
const isActionChar = (char: string): boolean => ACTION_CHARS.includes(char);
const isNotColon = (char: string): boolean => char !== ':';
const anyChar = (): boolean => true;

/** `service:Action`, both parts starting with a letter (`aws-portal:ViewBilling`, `s3:GetObject`). */
export const EVERY_ACTION: Shape = {
  fields: [
    { kind: 'char', allows: isLetter },
    { kind: 'run', allows: isActionChar, min: 0 },
    { kind: 'text', text: ':' },
    { kind: 'char', allows: isLetter },
    { kind: 'run', allows: isActionChar, min: 0 },
  ],
  alphabet: [...ACTION_CHARS, ':'],
  caseInsensitive: true,
  samples: ['zzpalisadesample:ZzSample'],
};

/** `iam:Action`. */
export const EVERY_IAM_ACTION: Shape = {
  fields: [
    { kind: 'text', text: 'iam:' },
    { kind: 'char', allows: isLetter },
    { kind: 'run', allows: isActionChar, min: 0 },
  ],
  alphabet: [...ACTION_CHARS, ':'],
  caseInsensitive: true,
  samples: ['iam:ZzPalisadeSample'],
};

// Shapes are built once per partition: the search keeps per-shape data keyed by the object.
const arnShapes = new Map<string, Shape>();
const iamArnShapes = new Map<string, Shape>();

/** `arn:<partition>:<service>:<region>:<account>:<resource>`, the resource possibly holding colons and slashes. */
export function everyArn(partition: string): Shape {
  let shape = arnShapes.get(partition);
  if (!shape) arnShapes.set(partition, (shape = buildArnShape(partition)));
  return shape;
}

function buildArnShape(partition: string): Shape {
  return {
    fields: [
      { kind: 'text', text: `arn:${partition}:` },
      { kind: 'run', allows: isNotColon, min: 1 },
      { kind: 'text', text: ':' },
      { kind: 'run', allows: isNotColon, min: 0 },
      { kind: 'text', text: ':' },
      { kind: 'run', allows: isNotColon, min: 0 },
      { kind: 'text', text: ':' },
      { kind: 'run', allows: anyChar, min: 1 },
    ],
    alphabet: [...`arn:${partition}:/`],
    caseInsensitive: false,
    samples: [`arn:${partition}:zzpalisadesample:zz-sample-1:000000000000:zz-sample/zz`],
  };
}

/** `arn:<partition>:iam::<account>:<resource>` — IAM is global, so its ARNs have no region. */
export function everyIamArn(partition: string): Shape {
  let shape = iamArnShapes.get(partition);
  if (!shape) iamArnShapes.set(partition, (shape = buildIamArnShape(partition)));
  return shape;
}

function buildIamArnShape(partition: string): Shape {
  return {
    fields: [
      { kind: 'text', text: `arn:${partition}:iam::` },
      { kind: 'run', allows: isNotColon, min: 1 },
      { kind: 'text', text: ':' },
      { kind: 'run', allows: anyChar, min: 1 },
    ],
    alphabet: [...`arn:${partition}:iam/`],
    caseInsensitive: false,
    samples: [`arn:${partition}:iam::000000000000:zz-sample/zz`],
  };
}

function compile(pattern: string, syntax: PatternSyntax, caseInsensitive: boolean): CompiledPattern {
  const text = caseInsensitive ? pattern.toLowerCase() : pattern;
  const tokens: Token[] = [...text].map((char, index): Token => {
    if (char === '?') return { kind: 'one' };
    if (char !== '*') return { kind: 'literal', char };
    // IAM: a `*` that ends an ARN segment may run on past colons; one inside a segment may not.
    if (syntax === 'action') return { kind: 'any-run' };
    const next = text[index + 1];
    return next === undefined || next === ':' ? { kind: 'any-run' } : { kind: 'segment-run' };
  });
  return { tokens, syntax };
}

/** The token positions reachable without reading a character: a run may match nothing. */
function closure(pattern: CompiledPattern, positions: readonly number[]): number[] {
  const reached: number[] = [];
  for (let position of positions) {
    addSorted(reached, position);
    while (isRun(pattern.tokens[position])) addSorted(reached, ++position);
  }
  return reached;
}

/** Keeps position lists sorted and free of repeats, so equal states get equal search keys. */
function addSorted(list: number[], value: number): void {
  let index = list.length;
  while (index > 0 && list[index - 1]! > value) index -= 1;
  if (list[index - 1] !== value) list.splice(index, 0, value);
}

const isRun = (token: Token | undefined): boolean => token?.kind === 'any-run' || token?.kind === 'segment-run';

function advance(pattern: CompiledPattern, positions: readonly number[], char: string): number[] {
  const next: number[] = [];
  for (const position of positions) {
    const token = pattern.tokens[position];
    if (!token) continue;
    if (token.kind === 'any-run') next.push(position);
    else if (token.kind === 'segment-run') {
      if (char !== ':') next.push(position);
    } else if (token.kind === 'one') {
      if (pattern.syntax === 'action' || char !== ':') next.push(position + 1);
    } else if (token.char === char) next.push(position + 1);
  }
  return closure(pattern, next);
}

const accepts = (pattern: CompiledPattern, positions: readonly number[]): boolean => positions.includes(pattern.tokens.length);

/** Where a string of the shape has got to: which field, and how far into it (runs: 0, or 1 once non-empty). */
interface ShapeState {
  readonly field: number;
  readonly progress: number;
}

/** Moves past fixed fields (text, single characters) once they are complete. */
function settle(shape: Shape, state: ShapeState): ShapeState {
  let { field, progress } = state;
  for (let current = shape.fields[field]; current && current.kind !== 'run' && progress === fieldLength(current); current = shape.fields[field]) {
    field += 1;
    progress = 0;
  }
  return { field, progress };
}

const fieldLength = (field: Field): number => (field.kind === 'text' ? field.text.length : field.kind === 'char' ? 1 : field.min);

function stepShape(shape: Shape, state: ShapeState, char: string): ShapeState | undefined {
  const field = shape.fields[state.field];
  if (!field) return undefined;
  if (field.kind === 'text') return field.text[state.progress] === char ? settle(shape, { field: state.field, progress: state.progress + 1 }) : undefined;
  if (field.kind === 'char') return field.allows(char) ? settle(shape, { field: state.field, progress: 1 }) : undefined;
  if (field.allows(char)) return { field: state.field, progress: 1 };
  return state.progress >= field.min ? stepShape(shape, settle(shape, { field: state.field + 1, progress: 0 }), char) : undefined;
}

function shapeAccepts(shape: Shape, state: ShapeState): boolean {
  for (let index = state.field; index < shape.fields.length; index += 1) {
    const field = shape.fields[index]!;
    const progress = index === state.field ? state.progress : 0;
    if (progress < fieldLength(field)) return false;
  }
  return true;
}

/** Beyond this many distinct search states the answer is "not covered": see coversEvery. */
const SEARCH_LIMIT = 200_000;

/**
 * True when every string of `shape` is matched by one of `granted`, or is matched by none of the
 * patterns of at least one list in `leftOut` — the union of `Action` grants and of `NotAction`
 * grants (each of which allows everything its list leaves out). A search that would exceed
 * SEARCH_LIMIT states answers false, so a pathological policy errs toward "not everything".
 */
export function coversEvery(shape: Shape, syntax: PatternSyntax, granted: readonly string[], leftOut: readonly (readonly string[])[] = []): boolean {
  return new CoverageSearch(shape, syntax, granted, leftOut).run();
}

/** A pattern's token positions, for the patterns that can still match. */
type LivePattern = readonly [index: number, positions: readonly number[]];

interface SearchState {
  readonly shape: ShapeState;
  readonly live: readonly LivePattern[];
}

/**
 * A breadth-first walk over the strings of a shape, each step one character, carrying where
 * every still-matching pattern has got to. States repeat quickly, so the walk is short.
 */
class CoverageSearch {
  private readonly patterns: readonly CompiledPattern[];
  /** For each pattern, undefined when granted, else the index of its left-out list. */
  private readonly listOf: readonly (number | undefined)[];
  private readonly lists: number;

  constructor(
    private readonly shape: Shape,
    syntax: PatternSyntax,
    granted: readonly string[],
    leftOut: readonly (readonly string[])[],
  ) {
    const patterns: CompiledPattern[] = [];
    const listOf: (number | undefined)[] = [];
    for (const pattern of granted) {
      patterns.push(compile(pattern, syntax, shape.caseInsensitive));
      listOf.push(undefined);
    }
    leftOut.forEach((list, listIndex) => {
      for (const pattern of list) {
        patterns.push(compile(pattern, syntax, shape.caseInsensitive));
        listOf.push(listIndex);
      }
    });
    this.patterns = patterns;
    this.listOf = listOf;
    this.lists = leftOut.length;
  }

  run(): boolean {
    // Quick answers for the usual policies: a bare `*` grants everything, and a sample string
    // that no grant reaches proves a gap without searching.
    if (this.lists === 0 && this.patterns.some(isMatchEverything)) return true;
    for (const sample of this.shape.samples) if (this.isUncovered(this.walk(sample))) return false;

    const alphabet = searchAlphabet(this.shape, this.patterns);
    const start = this.walk('');
    const seen = new Set([keyOf(start)]);
    const queue = [start];
    for (let head = 0; head < queue.length; head += 1) {
      const state = queue[head]!;
      if (this.isUncovered(state)) return false;
      if (this.isHopeless(state)) continue;
      for (const char of alphabet) {
        const next = this.step(state, char);
        if (!next) continue;
        const key = keyOf(next);
        if (seen.has(key)) continue;
        if (seen.size >= SEARCH_LIMIT) return false;
        seen.add(key);
        queue.push(next);
      }
    }
    return true;
  }

  /** The state after reading `text` from the start (undefined shape state when text is not of the shape). */
  private walk(text: string): SearchState {
    let state: SearchState = {
      shape: settle(this.shape, { field: 0, progress: 0 }),
      live: this.patterns.map((pattern, index): LivePattern => [index, closure(pattern, [0])]),
    };
    const value = this.shape.caseInsensitive ? text.toLowerCase() : text;
    for (const char of value) {
      const next = this.step(state, char);
      if (!next) return { shape: { field: -1, progress: 0 }, live: [] };
      state = next;
    }
    return state;
  }

  private step(state: SearchState, char: string): SearchState | undefined {
    const shape = stepShape(this.shape, state.shape, char);
    if (!shape) return undefined;
    const live: LivePattern[] = [];
    for (const [index, positions] of state.live) {
      const next = advance(this.patterns[index]!, positions, char);
      if (next.length) live.push([index, next]);
    }
    return { shape, live };
  }

  /** Left-out lists with a live pattern (complete: one that matches the string read so far). */
  private listsMatching(state: SearchState, complete: boolean): number {
    const found = new Set<number>();
    for (const [index, positions] of state.live) {
      const list = this.listOf[index];
      if (list !== undefined && (!complete || accepts(this.patterns[index]!, positions))) found.add(list);
    }
    return found.size;
  }

  /** The string read so far is of the shape, no granted pattern matches it and every left-out list does. */
  private isUncovered(state: SearchState): boolean {
    if (state.shape.field < 0 || !shapeAccepts(this.shape, state.shape)) return false;
    for (const [index, positions] of state.live) if (this.listOf[index] === undefined && accepts(this.patterns[index]!, positions)) return false;
    return this.listsMatching(state, true) === this.lists;
  }

  /** Once some left-out list can no longer match, nothing further down is uncovered. */
  private isHopeless(state: SearchState): boolean {
    return this.listsMatching(state, false) < this.lists;
  }
}

function keyOf(state: SearchState): string {
  let key = `${state.shape.field}.${state.shape.progress}|`;
  for (const [index, positions] of state.live) key += `${index}:${positions.join(',')};`;
  return key;
}

function isMatchEverything(pattern: CompiledPattern): boolean {
  return pattern.tokens.every(isAnyRun);
}

function isAnyRun(token: Token): boolean {
  return token.kind === 'any-run';
}

/** Per shape: the candidate characters grouped by how the shape treats them, computed once. */
const shapeCharacterGroups = new WeakMap<Shape, readonly (readonly [char: string, group: string])[]>();

function characterGroups(shape: Shape): readonly (readonly [char: string, group: string])[] {
  let groups = shapeCharacterGroups.get(shape);
  if (!groups) {
    // A character of fixed text is its own group: text needs that very character, no stand-in.
    const inText = (char: string): boolean => shape.fields.some((field) => field.kind === 'text' && field.text.includes(char));
    groups = [...new Set([...shape.alphabet, ...'abcdefghijklmnopqrstuvwxyz0123456789_~'])].map((char) => [
      char,
      inText(char) ? `text ${char}` : shape.fields.map((field) => (field.kind !== 'text' && field.allows(char) ? '1' : '0')).join(''),
    ]);
    shapeCharacterGroups.set(shape, groups);
  }
  return groups;
}

/**
 * The characters worth trying: every literal the patterns name, and one representative of each
 * group of other characters that the shape treats alike — the rest would only repeat their search.
 */
function searchAlphabet(shape: Shape, patterns: readonly CompiledPattern[]): string[] {
  const literals = new Set<string>();
  for (const pattern of patterns) for (const token of pattern.tokens) if (token.kind === 'literal') literals.add(token.char);
  const representatives = new Map<string, string>();
  for (const [char, group] of characterGroups(shape)) if (!literals.has(char) && !representatives.has(group)) representatives.set(group, char);
  return [...literals, ...representatives.values()];
}
