import { Pence, Slug } from '@steerlog/domain';
import { z } from 'zod';

/**
 * What a form needs to know about one field, read from the domain's zod schema: its kind, whether
 * it may be left out, its choices and bounds. Words (labels, hints) are not shape and live in
 * `specs.ts`; nothing here is restated by hand, so a schema change reaches its form.
 */
export type Shape =
  | { kind: 'text'; maxLength: number | null; format: string | null }
  | { kind: 'slug' }
  | { kind: 'date' }
  | { kind: 'number'; integer: boolean; min: number | null; max: number | null; pence: boolean }
  | { kind: 'enum'; values: readonly (string | number)[]; schema: z.ZodType }
  | { kind: 'flag'; onlyTrue: boolean }
  | { kind: 'list'; item: Shape }
  | { kind: 'rows'; fields: readonly DerivedField[] }
  | { kind: 'group'; fields: readonly DerivedField[] }
  /** A shape no plain input can take (an object, a union of objects): only a picker can. */
  | { kind: 'other'; type: string };

export type DerivedField = {
  name: string;
  /** In the command's `data`, or beside it in the envelope (`occurredAt`, `illustrative`). */
  where: 'data' | 'envelope';
  optional: boolean;
  /** `null` is a value of its own: it removes what the thing had (a person's e-mail address). */
  nullable: boolean;
  shape: Shape;
};

/** Integers with at most this many choices are offered as a choice, not a box to type in. */
const MAX_CHOICES = 10;

const unwrap = (schema: z.ZodType): { schema: z.ZodType; optional: boolean; nullable: boolean } => {
  let optional = false;
  let nullable = false;
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
      optional = true;
      if (s instanceof z.ZodNullable) nullable = true;
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodReadonly) s = s.unwrap() as z.ZodType;
    else return { schema: s, optional, nullable };
  }
};

const isDate = (s: z.ZodType): boolean => s.def.type === 'string' && (s as z.ZodString).format === 'date';

/** The shape of one (unwrapped) schema. */
export const shapeOf = (s: z.ZodType): Shape => {
  if (s === Slug) return { kind: 'slug' };
  if (s instanceof z.ZodString || s.def.type === 'string') {
    const str = s as z.ZodString;
    if (isDate(s)) return { kind: 'date' };
    return { kind: 'text', maxLength: str.maxLength, format: str.format };
  }
  // A date or a date-time (`occurredAt`): the form asks for the date.
  if (s instanceof z.ZodUnion && s.options.some((o) => isDate(unwrap(o as z.ZodType).schema))) return { kind: 'date' };
  if (s instanceof z.ZodNumber) {
    const { minValue: min, maxValue: max, isInt: integer } = s;
    const bounded = min !== null && max !== null && Number.isFinite(min) && Number.isFinite(max);
    if (integer && bounded && max - min < MAX_CHOICES && s !== Pence)
      return {
        kind: 'enum',
        values: Array.from({ length: max - min + 1 }, (_, i) => min + i),
        schema: s,
      };
    return {
      kind: 'number',
      integer: integer ?? false,
      min: Number.isFinite(min) ? min : null,
      max: Number.isFinite(max) && max !== Number.MAX_SAFE_INTEGER ? max : null,
      pence: s === Pence,
    };
  }
  if (s instanceof z.ZodEnum) return { kind: 'enum', values: s.options, schema: s };
  if (s instanceof z.ZodBoolean) return { kind: 'flag', onlyTrue: false };
  if (s instanceof z.ZodLiteral && s.values.size === 1 && s.values.has(true)) return { kind: 'flag', onlyTrue: true };
  if (s instanceof z.ZodArray) {
    const item = unwrap(s.element as z.ZodType).schema;
    if (item instanceof z.ZodObject) return { kind: 'rows', fields: fieldsOfObject(item, 'data') };
    return { kind: 'list', item: shapeOf(item) };
  }
  // A small object of its own (an indicator's baseline `{value, on}`): its fields side by side.
  if (s instanceof z.ZodObject) return { kind: 'group', fields: fieldsOfObject(s, 'data') };
  return { kind: 'other', type: s.def.type };
};

const fieldsOfObject = (object: z.ZodObject, where: DerivedField['where'], skip: readonly string[] = []) =>
  Object.entries(object.shape)
    .filter(([name]) => !skip.includes(name))
    .map(([name, field]): DerivedField => {
      const { schema, optional, nullable } = unwrap(field as z.ZodType);
      return { name, where, optional, nullable, shape: shapeOf(schema) };
    });

/**
 * The fields of a command: its `data` first, then the envelope's own optional fields beside it.
 * `type` is the command's name and `data` is walked, so neither is a field.
 */
export const deriveFields = (command: z.ZodObject): DerivedField[] => {
  const data = unwrap(command.shape['data'] as z.ZodType).schema;
  if (!(data instanceof z.ZodObject)) throw new Error('a command’s data must be an object');
  return [...fieldsOfObject(data, 'data'), ...fieldsOfObject(command, 'envelope', ['type', 'data'])];
};
