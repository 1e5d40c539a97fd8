/**
 * Whether IAM wildcard patterns together match every string of a given shape: every action,
 * every IAM action, every ARN of a partition, every IAM ARN. Decided exactly — by walking the
 * strings of that shape one character at a time alongside all patterns at once — rather than by
 * trying examples, so unusual spellings (`*:*`, `arn:aws:*`, `a*` … `z*` as a set) are recognised
 * as surely as `*`.
 *
 * The walk carries where every pattern has got to, so many patterns with wildcards inside them
 * (`*a?0*`, `*b?1*`, …) multiply its states. Two rules keep a scan from stalling on such a policy:
 * - A pattern that matches every string of the shape on its own (`*`, `*:*`, `arn:aws:*`) settles
 *   the question at once, whatever patterns sit beside it; so does a pattern that, part-way
 *   through, matches whatever follows.
 * - Every search draws on a SearchBudget, counted in pattern steps and shared by all the searches
 *   made for one policy. When it runs out the answer is `undecided`, never a silent "not
 *   covered": callers decide what an undecided policy means. The administrative-privilege checks
 *   report it as FAIL (see iam-policy.ts): a policy whose wildcards are too many to prove it does
 *   not grant everything is either an administrator in disguise or built to look like one, and
 *   either way deserves a look. ERROR was rejected because an error reads as "the scanner could
 *   not look", which is not so — the policy itself is the problem.
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
  /** Per token position: the tokens from there on are all `*` that span anything, so whatever follows matches. */
  readonly matchesAnyRest: readonly boolean[];
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
  const matchesAnyRest = tokens.map(() => false);
  for (let position = tokens.length - 1; position >= 0 && isAnyRun(tokens[position]!); position -= 1) matchesAnyRest[position] = true;
  return { tokens, syntax, matchesAnyRest };
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

/**
 * A pattern as a deterministic automaton, built only as far as a search goes: each distinct set
 * of token positions gets a number and each move on a character is worked out once. A search
 * meets the same few sets of a pattern again and again, so this spares it most of its work.
 */
class PatternAutomaton {
  /** The set of the empty string. */
  readonly start: number;
  private readonly sets: (readonly number[])[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly moves: Map<string, number>[] = [];
  private readonly accepting: boolean[] = [];
  private readonly open: boolean[] = [];

  constructor(readonly pattern: CompiledPattern) {
    this.start = this.numberOf(closure(pattern, [0]));
  }

  /** The set reached from `set` on `char`, or -1 once the pattern can no longer match. */
  move(set: number, char: string): number {
    const moves = this.moves[set]!;
    let next = moves.get(char);
    if (next === undefined) {
      const positions = advance(this.pattern, this.sets[set]!, char);
      next = positions.length ? this.numberOf(positions) : -1;
      moves.set(char, next);
    }
    return next;
  }

  /** The pattern matches the string read so far. */
  accepts(set: number): boolean {
    return this.accepting[set]!;
  }

  /** The pattern matches the string read so far followed by anything at all. */
  matchesAnyRest(set: number): boolean {
    return this.open[set]!;
  }

  private numberOf(positions: readonly number[]): number {
    const key = positions.join(',');
    let number = this.numbers.get(key);
    if (number === undefined) {
      number = this.sets.length;
      this.numbers.set(key, number);
      this.sets.push(positions);
      this.moves.push(new Map());
      this.accepting.push(positions.includes(this.pattern.tokens.length));
      this.open.push(positions.some((position) => this.pattern.matchesAnyRest[position]));
    }
    return number;
  }
}

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

/** Whether patterns match every string of a shape; `undecided` when the search budget ran out first. */
export type Coverage = 'covered' | 'not-covered' | 'undecided';

/**
 * Search work still allowed, in pattern steps (one still-matching pattern advanced by one
 * character, plus one per character tried). Mutable: every search made with it draws it down.
 */
export interface SearchBudget {
  remaining: number;
}

/**
 * Pattern steps allowed for the searches of one policy: some 10–30 ms of work on one core,
 * whatever the policy. Real policies settle in a few hundred steps — a sample string or a pattern
 * that matches everything decides them — so only policies built from many inner wildcards come
 * near it.
 */
export const POLICY_SEARCH_STEPS = 50_000;

export function searchBudget(steps: number = POLICY_SEARCH_STEPS): SearchBudget {
  return { remaining: steps };
}

/**
 * `covered` when every string of `shape` is matched by one of `granted`, or is matched by none of
 * the patterns of at least one list in `leftOut` — the union of `Action` grants and of `NotAction`
 * grants (each of which allows everything its list leaves out); `not-covered` when some string is
 * neither; `undecided` when `budget` ran out before either was shown.
 */
export function coversEvery(
  shape: Shape,
  syntax: PatternSyntax,
  granted: readonly string[],
  leftOut: readonly (readonly string[])[] = [],
  budget: SearchBudget = searchBudget(),
): Coverage {
  return new CoverageSearch(shape, syntax, granted, leftOut, budget).run();
}

/** Where a pattern that can still match has got to: its index and its automaton's set. */
type LivePattern = readonly [index: number, set: number];

interface SearchState {
  readonly shape: ShapeState;
  readonly live: readonly LivePattern[];
}

/**
 * A breadth-first walk over the strings of a shape, each step one character, carrying where
 * every still-matching pattern has got to. States repeat quickly, so the walk is short.
 */
class CoverageSearch {
  private readonly patterns: readonly PatternAutomaton[];
  /** For each pattern, undefined when granted, else the index of its left-out list. */
  private readonly listOf: readonly (number | undefined)[];
  private readonly lists: number;

  constructor(
    private readonly shape: Shape,
    private readonly syntax: PatternSyntax,
    private readonly granted: readonly string[],
    leftOut: readonly (readonly string[])[],
    private readonly budget: SearchBudget,
  ) {
    const patterns: PatternAutomaton[] = [];
    const listOf: (number | undefined)[] = [];
    for (const pattern of granted) {
      patterns.push(new PatternAutomaton(compile(pattern, syntax, shape.caseInsensitive)));
      listOf.push(undefined);
    }
    leftOut.forEach((list, listIndex) => {
      for (const pattern of list) {
        patterns.push(new PatternAutomaton(compile(pattern, syntax, shape.caseInsensitive)));
        listOf.push(listIndex);
      }
    });
    this.patterns = patterns;
    this.listOf = listOf;
    this.lists = leftOut.length;
  }

  run(): Coverage {
    // Quick answers for the usual policies: a granted `*` matches everything, and a sample string
    // that no grant reaches proves a gap without searching.
    if (this.patterns.some((pattern, index) => this.listOf[index] === undefined && isMatchEverything(pattern.pattern))) return 'covered';
    const afterSamples = this.shape.samples.map((sample) => this.walk(sample));
    if (afterSamples.some((state) => this.isUncovered(state))) return 'not-covered';
    // One pattern that covers the shape by itself (`*:*`, `arn:aws:*`) settles it, however many
    // patterns sit beside it: those would only multiply the states of the joint search below.
    // Such a pattern matches every sample, which rules most patterns out before any search.
    if (this.patterns.length > 1) {
      const matchesEverySample = (index: number): boolean => afterSamples.every((state) => state.live.some(([live, set]) => live === index && this.patterns[index]!.accepts(set)));
      for (const [index, pattern] of this.granted.entries()) {
        if (!matchesEverySample(index)) continue;
        if (new CoverageSearch(this.shape, this.syntax, [pattern], [], this.budget).run() === 'covered') return 'covered';
      }
    }
    return this.search();
  }

  private search(): Coverage {
    const alphabet = searchAlphabet(this.shape, this.patterns.map((pattern) => pattern.pattern));
    const start = this.walk('');
    const seen = new Set([keyOf(start)]);
    const queue = [start];
    for (let head = 0; head < queue.length; head += 1) {
      const state = queue[head]!;
      if (this.isUncovered(state)) return 'not-covered';
      if (this.isHopeless(state) || this.matchesAnyRest(state)) continue;
      for (const char of alphabet) {
        this.budget.remaining -= 1 + state.live.length;
        if (this.budget.remaining < 0) return 'undecided';
        const next = this.step(state, char);
        if (!next) continue;
        // Every state of a shape can still be completed to a string of it: with no pattern left
        // that could match one, that string is a gap.
        if (this.lists === 0 && next.live.length === 0) return 'not-covered';
        const key = keyOf(next);
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push(next);
      }
    }
    return 'covered';
  }

  /** The state after reading `text` from the start (undefined shape state when text is not of the shape). */
  private walk(text: string): SearchState {
    let state: SearchState = {
      shape: settle(this.shape, { field: 0, progress: 0 }),
      live: this.patterns.map((pattern, index): LivePattern => [index, pattern.start]),
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
    for (const [index, set] of state.live) {
      const next = this.patterns[index]!.move(set, char);
      if (next >= 0) live.push([index, next]);
    }
    return { shape, live };
  }

  /** Left-out lists with a live pattern (complete: one that matches the string read so far). */
  private listsMatching(state: SearchState, complete: boolean): number {
    if (this.lists === 0) return 0;
    const found = new Uint8Array(this.lists);
    let count = 0;
    for (const [index, set] of state.live) {
      const list = this.listOf[index];
      if (list !== undefined && found[list] === 0 && (!complete || this.patterns[index]!.accepts(set))) {
        found[list] = 1;
        count += 1;
      }
    }
    return count;
  }

  /** The string read so far is of the shape, no granted pattern matches it and every left-out list does. */
  private isUncovered(state: SearchState): boolean {
    if (state.shape.field < 0 || !shapeAccepts(this.shape, state.shape)) return false;
    for (const [index, set] of state.live) if (this.listOf[index] === undefined && this.patterns[index]!.accepts(set)) return false;
    return this.listsMatching(state, true) === this.lists;
  }

  /** A granted pattern matches whatever follows the string read so far: nothing further down is uncovered. */
  private matchesAnyRest(state: SearchState): boolean {
    return state.live.some(([index, set]) => this.listOf[index] === undefined && this.patterns[index]!.matchesAnyRest(set));
  }

  /** Once some left-out list can no longer match, nothing further down is uncovered. */
  private isHopeless(state: SearchState): boolean {
    return this.listsMatching(state, false) < this.lists;
  }
}

function keyOf(state: SearchState): string {
  let key = `${state.shape.field}.${state.shape.progress}|`;
  for (const [index, set] of state.live) key += `${index}:${set};`;
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
