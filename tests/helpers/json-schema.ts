/**
 * A JSON Schema 2020-12 validator for exactly the keywords src/scenario/json-schema.ts emits, so tests can check
 * scenarios against the published schema without a dependency. A keyword it does not know fails loudly
 * (`unknownKeywords`), so the schema cannot use one that these tests would silently skip.
 */

import { sameJson } from '../../src/scenario/canonical-json.js';
import type { JsonSchema, JsonType } from '../../src/scenario/json-schema.js';

/** Keywords that only annotate: they never reject a value. */
const annotations = new Set(['$schema', '$defs', 'title', 'description', 'default']);
const assertions = new Set([
  '$ref',
  'type',
  'enum',
  'const',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'uniqueItems',
  'items',
  'prefixItems',
  'properties',
  'required',
  'additionalProperties',
  'anyOf',
  'allOf',
  'if',
  'then',
]);

/** Every keyword anywhere in `schema` that this validator does not implement, as `path: keyword`. */
export function unknownKeywords(schema: JsonSchema, path = '#'): string[] {
  const found: string[] = [];
  const sub = (s: unknown, at: string): void => {
    if (typeof s === 'object' && s !== null) found.push(...unknownKeywords(s as JsonSchema, at));
  };
  for (const [key, value] of Object.entries(schema)) {
    if (!annotations.has(key) && !assertions.has(key)) found.push(`${path}: ${key}`);
    if (key === 'properties' || key === '$defs') {
      for (const [name, s] of Object.entries(value as object)) sub(s, `${path}/${key}/${name}`);
    } else if (key === 'prefixItems' || key === 'anyOf' || key === 'allOf') {
      for (const [i, s] of (value as unknown[]).entries()) sub(s, `${path}/${key}/${i}`);
    } else if (key === 'items' || key === 'additionalProperties' || key === 'if' || key === 'then') {
      sub(value, `${path}/${key}`);
    }
  }
  return found;
}

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

/** Why `value` does not match `schema` (whose `$ref`s point into `root`'s `$defs`): one line each, empty if it does. */
export function schemaErrors(schema: JsonSchema, value: unknown, root: JsonSchema = schema, at = ''): string[] {
  const errors: string[] = [];
  const fail = (text: string): void => {
    errors.push(`${at === '' ? '(root)' : at}: ${text}`);
  };
  const sub = (s: JsonSchema, v: unknown, where: string): string[] => schemaErrors(s, v, root, where);

  if (schema.$ref !== undefined) {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name === undefined ? undefined : root.$defs?.[name];
    if (target === undefined) throw new Error(`unresolvable $ref ${schema.$ref}`);
    errors.push(...sub(target, value, at));
  }
  if (schema.type !== undefined) {
    const types: readonly JsonType[] = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => hasType(value, t))) fail(`must be of type ${types.join(' or ')}`);
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => sameJson(e, value))) {
    fail(`must be one of ${JSON.stringify(schema.enum)}`);
  }
  if ('const' in schema && !sameJson(schema.const, value)) fail(`must be ${JSON.stringify(schema.const)}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail(`must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(`must be at most ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail(`needs ${schema.minItems}+ items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`allows ${schema.maxItems} items`);
    if (schema.uniqueItems && value.some((v, i) => value.findIndex((w) => sameJson(v, w)) !== i)) {
      fail('must not repeat an item');
    }
    const prefix = schema.prefixItems ?? [];
    value.forEach((v, i) => {
      const itemSchema = prefix[i] ?? (i >= prefix.length ? schema.items : undefined);
      if (itemSchema !== undefined) errors.push(...sub(itemSchema, v, `${at}[${i}]`));
    });
  }
  if (isObject(value)) {
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(value, key)) fail(`needs "${key}"`);
    }
    for (const [key, v] of Object.entries(value)) {
      const where = at === '' ? key : `${at}.${key}`;
      const known = schema.properties !== undefined && Object.hasOwn(schema.properties, key);
      const propertySchema = known ? schema.properties?.[key] : undefined;
      if (propertySchema !== undefined) errors.push(...sub(propertySchema, v, where));
      else if (schema.additionalProperties === false) fail(`must not have "${key}"`);
      else if (typeof schema.additionalProperties === 'object') {
        errors.push(...sub(schema.additionalProperties, v, where));
      }
    }
  }
  if (schema.anyOf?.every((s) => sub(s, value, at).length > 0)) {
    fail('matches none of the alternatives');
  }
  for (const s of schema.allOf ?? []) errors.push(...sub(s, value, at));
  if (schema.if !== undefined && schema.then !== undefined && sub(schema.if, value, at).length === 0) {
    errors.push(...sub(schema.then, value, at));
  }
  return errors;
}
