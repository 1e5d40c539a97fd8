/**
 * A strict OCSF event validator for tests, built from the schema source files (not a compiled
 * export), following the OCSF server's event validation:
 * - classes and objects are compiled by resolving `$include` (profile attributes are tagged with
 *   their profile), then `extends` chains, then merging each attribute over its dictionary entry
 *   (enums deep-merge, so `status_id` in a Finding is Unknown/New/.../Other);
 * - `class_uid`, `category_uid`, `type_uid` and the observable `type_id` get the enums the server
 *   derives for them;
 * - an event is checked for required attributes, unknown attributes at every level, value types,
 *   enum values, constraints (`at_least_one`, `just_one`), `type_uid = class_uid * 100 + activity_id`,
 *   profile-scoped attributes (allowed only when their profile is in `metadata.profiles`, an
 *   attribute set to `"profile": null` by a class being part of that class), observable names and
 *   `metadata.version`.
 * Errors make an event invalid; warnings (enum sibling captions, deprecations, regex mismatches)
 * follow the server's choice of what is only advisory.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface OcsfIssue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

export interface OcsfValidationResult {
  readonly errors: readonly OcsfIssue[];
  readonly warnings: readonly OcsfIssue[];
}

export interface OcsfValidateOptions {
  readonly warnOnMissingRecommended?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface EnumValue {
  readonly caption?: string;
  readonly '@deprecated'?: { readonly message?: string; readonly since?: string };
}

interface Attribute {
  readonly name: string;
  readonly type: string;
  readonly isArray: boolean;
  readonly requirement: string | undefined;
  readonly enum: Readonly<Record<string, EnumValue>> | undefined;
  readonly sibling: string | undefined;
  /** The profile that must be applied for this attribute to exist; undefined when always present. */
  readonly profile: string | undefined;
  readonly deprecated: { readonly message?: string } | undefined;
}

interface SchemaItem {
  readonly kind: 'class' | 'object';
  readonly name: string;
  readonly caption: string;
  readonly attributes: ReadonlyMap<string, Attribute>;
  readonly constraints: Readonly<Record<string, readonly string[]>>;
  readonly deprecated: { readonly message?: string } | undefined;
  /** Classes only. */
  readonly uid?: number;
  readonly categoryUid?: number;
}

interface DataType {
  readonly type?: string;
  readonly regex?: string;
  readonly max_len?: number;
  readonly range?: readonly [number, number];
  readonly values?: readonly Json[];
}

export interface OcsfSchema {
  readonly version: string;
  readonly classes: ReadonlyMap<number, SchemaItem>;
  readonly objects: ReadonlyMap<string, SchemaItem>;
  readonly profiles: ReadonlySet<string>;
  readonly types: ReadonlyMap<string, DataType>;
}

const INTEGER_MIN = -(2 ** 31);
const INTEGER_MAX = 2 ** 31 - 1;

export function loadOcsfSchema(root: string): OcsfSchema {
  const readJson = (relative: string): JsonObject => asObject(JSON.parse(readFileSync(join(root, relative), 'utf8')) as Json, relative);
  const version = String(readJson('version.json').version);
  const dictionary = readJson('dictionary.json');
  const dictionaryAttributes = asObject(dictionary.attributes ?? null, 'dictionary.attributes');
  const typesSection = asObject(asObject(dictionary.types ?? null, 'dictionary.types').attributes ?? null, 'dictionary.types.attributes');
  const types = new Map<string, DataType>(Object.entries(typesSection).map(([name, value]) => [name, value as unknown as DataType]));
  const categories = asObject(readJson('categories.json').attributes ?? null, 'categories.attributes');

  const profiles = new Set<string>();
  for (const file of listJson(root, 'profiles')) profiles.add(String(readJson(file).name));

  const includeCache = new Map<string, JsonObject>();
  const resolveIncludes = (raw: JsonObject, source: string): JsonObject => {
    const attributes = { ...asObject(raw.attributes ?? {}, `${source}.attributes`) };
    const include = attributes.$include;
    delete attributes.$include;
    let merged: JsonObject = {};
    for (const file of include === undefined ? [] : Array.isArray(include) ? include : [include]) {
      const path = String(file);
      let included = includeCache.get(path);
      if (!included) {
        const raw = readJson(path);
        included = resolveIncludes(raw, path);
        if (raw.meta === 'profile') included = tagProfile(included, String(raw.name));
        includeCache.set(path, included);
      }
      merged = deepMerge(merged, asObject(included.attributes ?? {}, path));
    }
    // Attribute-level `$include` pulls in a shared enum file.
    for (const [name, attribute] of Object.entries(attributes)) {
      const definition = asObject(attribute, `${source}.${name}`);
      if (definition.$include !== undefined) {
        const { $include: file, ...rest } = definition;
        attributes[name] = deepMerge(readJson(String(file)), rest);
      }
    }
    return { ...raw, attributes: deepMerge(merged, attributes) };
  };

  const rawObjects = new Map<string, JsonObject>();
  for (const file of listJson(root, 'objects')) {
    const raw = readJson(file);
    rawObjects.set(String(raw.name), resolveIncludes(raw, file));
  }
  const rawClasses = new Map<string, JsonObject>();
  for (const file of listJson(root, 'events')) {
    const raw = readJson(file);
    rawClasses.set(String(raw.name), resolveIncludes(raw, file));
  }

  const flatten = (items: ReadonlyMap<string, JsonObject>, name: string, seen: readonly string[] = []): JsonObject => {
    const item = items.get(name);
    if (!item) throw new Error(`OCSF schema: ${seen.at(-1) ?? '?'} extends undefined "${name}"`);
    if (seen.includes(name)) throw new Error(`OCSF schema: extends cycle at "${name}"`);
    if (typeof item.extends !== 'string') return item;
    const base = flatten(items, item.extends, [...seen, name]);
    const { extends: _extends, ...own } = item;
    return {
      ...base,
      ...own,
      attributes: deepMerge(asObject(base.attributes ?? {}, name), asObject(own.attributes ?? {}, name)),
    };
  };

  const observableTypes = collectObservableTypes(typesSection, dictionaryAttributes, [...rawObjects.values(), ...rawClasses.values()]);

  const compileAttributes = (raw: JsonObject, owner: string): Map<string, Attribute> => {
    const result = new Map<string, Attribute>();
    for (const [name, value] of Object.entries(asObject(raw.attributes ?? {}, owner))) {
      const base = dictionaryAttributes[name];
      if (base === undefined) throw new Error(`OCSF schema: ${owner}.${name} is not in the dictionary`);
      const merged = deepMerge(asObject(base, name), asObject(value, `${owner}.${name}`));
      let enumeration = merged.enum === undefined ? undefined : (merged.enum as unknown as Record<string, EnumValue>);
      if (owner === 'observable' && name === 'type_id') enumeration = { ...enumeration, ...observableTypes };
      result.set(name, {
        name,
        type: String(merged.type),
        isArray: merged.is_array === true,
        requirement: typeof merged.requirement === 'string' ? merged.requirement : undefined,
        enum: enumeration,
        sibling: typeof merged.sibling === 'string' ? merged.sibling : undefined,
        profile: typeof merged.profile === 'string' ? merged.profile : undefined,
        deprecated: merged['@deprecated'] ? (merged['@deprecated'] as { message?: string }) : undefined,
      });
    }
    return result;
  };

  const objects = new Map<string, SchemaItem>();
  for (const name of rawObjects.keys()) {
    const flat = flatten(rawObjects, name);
    objects.set(name, {
      kind: 'object',
      name,
      caption: String(flat.caption ?? name),
      attributes: compileAttributes(flat, name),
      constraints: (flat.constraints ?? {}) as unknown as Record<string, string[]>,
      deprecated: flat['@deprecated'] ? (flat['@deprecated'] as { message?: string }) : undefined,
    });
  }

  const classes = new Map<number, SchemaItem>();
  for (const name of rawClasses.keys()) {
    const flat = flatten(rawClasses, name);
    // Intermediate classes (finding, network, ...) have no uid and cannot be instantiated.
    if (typeof flat.uid !== 'number' && name !== 'base_event') continue;
    const category = categories[String(flat.category)];
    const categoryUid = category ? Number(asObject(category, 'category').uid) : 0;
    const categoryCaption = category ? String(asObject(category, 'category').caption) : 'Uncategorized';
    const classUid = categoryUid * 1000 + (typeof flat.uid === 'number' ? flat.uid : 0);
    const caption = String(flat.caption ?? name);
    const attributes = compileAttributes(flat, name);
    const activity = attributes.get('activity_id');
    const typeEnum: Record<string, EnumValue> = {};
    for (const [key, value] of Object.entries(activity?.enum ?? {})) {
      typeEnum[String(classUid * 100 + Number(key))] = { caption: `${caption}: ${value.caption ?? key}` };
    }
    const derive = (attribute: string, enumeration: Record<string, EnumValue>) => {
      const existing = attributes.get(attribute);
      if (existing) attributes.set(attribute, { ...existing, enum: enumeration });
    };
    derive('class_uid', { [String(classUid)]: { caption } });
    derive('category_uid', { [String(categoryUid)]: { caption: categoryCaption } });
    derive('type_uid', typeEnum);
    classes.set(classUid, {
      kind: 'class',
      name,
      caption,
      uid: classUid,
      categoryUid,
      attributes,
      constraints: (flat.constraints ?? {}) as unknown as Record<string, string[]>,
      deprecated: flat['@deprecated'] ? (flat['@deprecated'] as { message?: string }) : undefined,
    });
  }

  return { version, classes, objects, profiles, types };
}

export function validateOcsfEvent(schema: OcsfSchema, event: unknown, options: OcsfValidateOptions = {}): OcsfValidationResult {
  const errors: OcsfIssue[] = [];
  const warnings: OcsfIssue[] = [];
  const error = (code: string, path: string, message: string): void => {
    errors.push({ code, path, message });
  };
  const warn = (code: string, path: string, message: string): void => {
    warnings.push({ code, path, message });
  };

  if (!isPlainObject(event)) {
    error('event_wrong_type', '', `An event must be a JSON object, got ${typeName(event)}.`);
    return { errors, warnings };
  }
  const classUid = event.class_uid;
  if (classUid === undefined) {
    error('attribute_required_missing', 'class_uid', 'Required attribute "class_uid" is missing.');
    return { errors, warnings };
  }
  if (!isInteger(classUid, INTEGER_MIN, INTEGER_MAX)) {
    error('attribute_wrong_type', 'class_uid', `"class_uid" must be integer_t, got ${typeName(classUid)}.`);
    return { errors, warnings };
  }
  const schemaClass = schema.classes.get(classUid);
  if (!schemaClass) {
    error('class_uid_unknown', 'class_uid', `No class is defined for class_uid ${classUid}.`);
    return { errors, warnings };
  }

  const profiles = new Set<string>();
  const metadata = event.metadata;
  if (isPlainObject(metadata) && Array.isArray(metadata.profiles)) {
    metadata.profiles.forEach((profile, index) => {
      if (typeof profile !== 'string') return; // the type check reports it
      if (schema.profiles.has(profile)) profiles.add(profile);
      else error('profile_unknown', `metadata.profiles[${index}]`, `No profile is defined for "${profile}".`);
    });
  }

  if (schemaClass.deprecated) warn('class_deprecated', '', `Class "${schemaClass.name}" is deprecated. ${schemaClass.deprecated.message ?? ''}`);

  const attributesOf = (item: SchemaItem): Map<string, Attribute> => {
    const present = new Map<string, Attribute>();
    for (const [name, attribute] of item.attributes) {
      if (attribute.profile === undefined || profiles.has(attribute.profile)) present.set(name, attribute);
    }
    // The datetime profile adds an RFC 3339 `<name>_dt` sibling to every timestamp.
    if (profiles.has('datetime')) {
      for (const [name, attribute] of [...present]) {
        if (attribute.type === 'timestamp_t' && !present.has(`${name}_dt`)) {
          present.set(`${name}_dt`, { ...attribute, name: `${name}_dt`, type: 'datetime_t', requirement: 'optional', enum: undefined, sibling: undefined });
        }
      }
    }
    return present;
  };

  const validateItem = (value: JsonObject, item: SchemaItem, parentPath: string): void => {
    const attributes = attributesOf(item);
    const where = item.kind === 'class' ? `class "${item.name}"` : `object "${item.name}"`;
    for (const [name, attribute] of attributes) {
      const path = joinPath(parentPath, name);
      const attributeValue = value[name];
      if (attributeValue === undefined || attributeValue === null) {
        if (attribute.requirement === 'required') error('attribute_required_missing', path, `Required attribute "${path}" is missing.`);
        else if (attribute.requirement === 'recommended' && options.warnOnMissingRecommended) {
          warn('attribute_recommended_missing', path, `Recommended attribute "${path}" is missing.`);
        }
        continue;
      }
      if (attribute.deprecated) warn('attribute_deprecated', path, `Attribute "${path}" is deprecated. ${attribute.deprecated.message ?? ''}`);
      if (attribute.isArray) {
        if (!Array.isArray(attributeValue)) {
          error('attribute_wrong_type', path, `"${path}" must be an array of ${attribute.type}, got ${typeName(attributeValue)}.`);
          continue;
        }
        attributeValue.forEach((element, index) => validateValue(element, attribute, `${path}[${index}]`));
      } else {
        validateValue(attributeValue, attribute, path);
      }
      validateEnum(value, attribute, path, parentPath);
    }
    // An object with no attributes at all (`object`, used by `unmapped`) is open-ended.
    if (item.attributes.size > 0) {
      for (const key of Object.keys(value)) {
        if (attributes.has(key)) continue;
        const path = joinPath(parentPath, key);
        const scoped = item.attributes.get(key);
        if (scoped?.profile) {
          error('attribute_requires_profile', path, `Attribute "${path}" belongs to the "${scoped.profile}" profile, which is not in metadata.profiles.`);
        } else {
          error('attribute_unknown', path, `Unknown attribute "${path}": "${key}" is not defined in ${where}.`);
        }
      }
    }
    for (const [constraint, keys] of Object.entries(item.constraints)) {
      const count = keys.filter((key) => value[key] !== undefined && value[key] !== null).length;
      if (constraint === 'at_least_one' && count === 0) {
        error('constraint_failed', parentPath, `${where} at "${parentPath || '(event)'}" needs at least one of ${keys.join(', ')}.`);
      } else if (constraint === 'just_one' && count !== 1) {
        error('constraint_failed', parentPath, `${where} at "${parentPath || '(event)'}" needs exactly one of ${keys.join(', ')}, got ${count}.`);
      } else if (constraint !== 'at_least_one' && constraint !== 'just_one') {
        error('constraint_unknown', parentPath, `Unknown constraint "${constraint}" in ${where}.`);
      }
    }
  };

  const validateValue = (value: Json, attribute: Attribute, path: string): void => {
    if (value === null) return;
    const object = schema.objects.get(attribute.type);
    if (object) {
      if (!isPlainObject(value)) {
        error('attribute_wrong_type', path, `"${path}" must be a ${attribute.type} object, got ${typeName(value)}.`);
        return;
      }
      if (object.deprecated) warn('object_deprecated', path, `Object "${object.name}" at "${path}" is deprecated.`);
      validateItem(value, object, path);
      return;
    }
    const dataType = schema.types.get(attribute.type);
    if (!dataType) {
      error('schema_bug_type_missing', path, `Type "${attribute.type}" of "${path}" is not defined in the schema.`);
      return;
    }
    const primitive = dataType.type ?? attribute.type;
    const superType = dataType.type ? schema.types.get(dataType.type) : undefined;
    const wrongType = () => error('attribute_wrong_type', path, `"${path}" must be ${attribute.type}${dataType.type ? ` (${dataType.type})` : ''}, got ${typeName(value)}.`);
    switch (primitive) {
      case 'json_t':
        return;
      case 'boolean_t':
        if (typeof value !== 'boolean') return wrongType();
        break;
      case 'integer_t':
        if (!isInteger(value, INTEGER_MIN, INTEGER_MAX)) return wrongType();
        break;
      case 'long_t':
        if (!isInteger(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)) return wrongType();
        break;
      case 'float_t':
        if (typeof value !== 'number' || !Number.isFinite(value)) return wrongType();
        break;
      case 'string_t':
        if (typeof value !== 'string') return wrongType();
        break;
      default:
        error('schema_bug_primitive_type_unknown', path, `Unknown primitive type "${primitive}" at "${path}".`);
        return;
    }
    const range = dataType.range ?? superType?.range;
    if (range && typeof value === 'number' && (value < range[0] || value > range[1])) {
      error('attribute_value_exceeds_range', path, `"${path}" is outside the ${attribute.type} range ${range[0]}..${range[1]}.`);
    }
    const values = dataType.values ?? superType?.values;
    if (values && !values.includes(value)) error('attribute_value_not_in_type_values', path, `"${path}" is not an allowed ${attribute.type} value.`);
    if (typeof value === 'string') {
      const maxLength = dataType.max_len ?? superType?.max_len;
      if (maxLength !== undefined && [...value].length > maxLength) {
        error('attribute_value_exceeds_max_len', path, `"${path}" is longer than the ${attribute.type} maximum of ${maxLength}.`);
      }
      const regex = dataType.regex ?? superType?.regex;
      if (regex !== undefined && !new RegExp(regex).test(value)) {
        warn('attribute_value_regex_not_matched', path, `"${path}" does not match the ${attribute.type} pattern.`);
      }
    }
  };

  const validateEnum = (item: JsonObject, attribute: Attribute, path: string, parentPath: string): void => {
    if (!attribute.enum) return;
    const enumeration = attribute.enum;
    const check = (value: Json, elementPath: string, sibling: Json | undefined) => {
      const key = String(value);
      const entry = Object.hasOwn(enumeration, key) ? enumeration[key] : undefined;
      if (!entry) {
        error('attribute_enum_value_unknown', elementPath, `${JSON.stringify(value)} is not a value of enum "${path}" (allowed: ${Object.keys(enumeration).join(', ')}).`);
        return;
      }
      if (entry['@deprecated']) warn('attribute_enum_value_deprecated', elementPath, `Enum value ${key} of "${path}" is deprecated.`);
      if (sibling === undefined || !attribute.sibling) return;
      const siblingPath = joinPath(parentPath, attribute.sibling);
      if (value === 99) {
        if (sibling === entry.caption) warn('attribute_enum_sibling_suspicious_other', siblingPath, `"${siblingPath}" should carry the source's own value when "${path}" is 99 (Other).`);
      } else if (sibling !== entry.caption) {
        warn('attribute_enum_sibling_incorrect', siblingPath, `"${siblingPath}" is ${JSON.stringify(sibling)}; the caption of ${path} ${key} is "${entry.caption ?? ''}".`);
      }
    };
    const value = item[attribute.name];
    if (value === undefined || value === null) return;
    const siblingValue = attribute.sibling ? item[attribute.sibling] : undefined;
    if (attribute.isArray && Array.isArray(value)) {
      value.forEach((element, index) => check(element, `${path}[${index}]`, Array.isArray(siblingValue) ? siblingValue[index] : undefined));
    } else {
      check(value, path, siblingValue ?? undefined);
    }
  };

  validateItem(event, schemaClass, '');

  if (isPlainObject(metadata) && typeof metadata.version === 'string') {
    const version = metadata.version;
    if (!/^\d+\.\d+\.\d+(?:-dev|-rc\.\d+)?$/.test(version)) {
      error('version_invalid_format', 'metadata.version', `"${version}" is not a semantic version.`);
    } else if (compareVersions(version, '1.0.0') < 0 || compareVersions(version, schema.version) > 0) {
      error('version_incompatible', 'metadata.version', `"${version}" cannot be validated with schema ${schema.version}.`);
    } else if (version !== schema.version) {
      warn('version_incorrect', 'metadata.version', `"${version}" differs from the schema version ${schema.version}.`);
    }
  }

  const { activity_id: activityId, type_uid: typeUid } = event;
  if (typeof activityId === 'number' && typeof typeUid === 'number' && typeUid !== classUid * 100 + activityId) {
    error('type_uid_incorrect', 'type_uid', `type_uid ${typeUid} is not class_uid ${classUid} * 100 + activity_id ${activityId} = ${classUid * 100 + activityId}.`);
  }

  if (Array.isArray(event.observables)) {
    event.observables.forEach((observable, index) => {
      if (!isPlainObject(observable) || typeof observable.name !== 'string') return;
      if (!referencesAttribute(schema, schemaClass, observable.name.split('.'), attributesOf)) {
        error('observable_name_invalid_reference', `observables[${index}].name`, `"${observable.name}" does not name an attribute of class "${schemaClass.name}".`);
      }
    });
  }

  return { errors, warnings };
}

function referencesAttribute(
  schema: OcsfSchema,
  item: SchemaItem,
  [head, ...rest]: readonly string[],
  attributesOf: (item: SchemaItem) => Map<string, Attribute>,
): boolean {
  const attribute = head === undefined ? undefined : attributesOf(item).get(head);
  if (!attribute) return false;
  if (rest.length === 0) return true;
  const object = schema.objects.get(attribute.type);
  return object !== undefined && referencesAttribute(schema, object, rest, attributesOf);
}

/** Observable type ids come from data types, objects and attributes marked `observable` in the schema. */
function collectObservableTypes(types: JsonObject, dictionary: JsonObject, items: readonly JsonObject[]): Record<string, EnumValue> {
  const result: Record<string, EnumValue> = {};
  const add = (id: Json | undefined, caption: string) => {
    if (typeof id === 'number') result[String(id)] ??= { caption };
  };
  for (const [name, type] of Object.entries(types)) add(asObject(type, name).observable, String(asObject(type, name).caption ?? name));
  for (const [name, attribute] of Object.entries(dictionary)) add(asObject(attribute, name).observable, String(asObject(attribute, name).caption ?? name));
  for (const item of items) {
    const caption = String(item.caption ?? item.name);
    add(item.observable, caption);
    for (const [name, attribute] of Object.entries(asObject(item.attributes ?? {}, String(item.name)))) {
      const definition = asObject(attribute, name);
      const dictionaryCaption = isPlainObject(dictionary[name] ?? null) ? String((dictionary[name] as JsonObject).caption ?? name) : name;
      add(definition.observable, `${caption}: ${String(definition.caption ?? dictionaryCaption)}`);
    }
  }
  return result;
}

function tagProfile(resolved: JsonObject, profile: string): JsonObject {
  const attributes: JsonObject = {};
  for (const [name, attribute] of Object.entries(asObject(resolved.attributes ?? {}, profile))) {
    const definition = asObject(attribute, `${profile}.${name}`);
    attributes[name] = 'profile' in definition ? definition : { ...definition, profile };
  }
  return { ...resolved, attributes };
}

/** Right wins; nested objects merge (so an override keeps the dictionary's enum captions); `null` overrides. */
function deepMerge(left: JsonObject, right: JsonObject): JsonObject {
  const result: JsonObject = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const existing = result[key];
    result[key] = isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : value;
  }
  return result;
}

function listJson(root: string, directory: string): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(root, relative)).sort()) {
      const child = join(relative, entry);
      if (statSync(join(root, child)).isDirectory()) walk(child);
      else if (entry.endsWith('.json')) files.push(child);
    }
  };
  walk(directory);
  return files;
}

function asObject(value: Json, where: string): JsonObject {
  if (!isPlainObject(value)) throw new Error(`OCSF schema: ${where} is not an object`);
  return value;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return typeof value;
}

function joinPath(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}

function compareVersions(left: string, right: string): number {
  const parse = (version: string) => (version.split('-')[0] ?? '').split('.').map(Number);
  const [a, b] = [parse(left), parse(right)];
  for (let index = 0; index < 3; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return left === right ? 0 : left.includes('-') ? -1 : right.includes('-') ? 1 : 0;
}
