import type { CommandType } from '@steerlog/domain';
import { Command, systemCommandTypes } from '@steerlog/domain';
import type { z } from 'zod';
import type { DerivedField, Shape } from './derive.js';
import { deriveFields } from './derive.js';
import type { FormContext, Option } from './options.js';
import { pickers } from './options.js';
import type { Words } from './words.js';
import type { FormCommandType } from './words.js';
import { enumLabels, envelopeWords, withoutForm, words, wordsOf } from './words.js';

export type { FormContext, Option } from './options.js';
export { financialYearOf } from './options.js';
export { maturityLevels, trainingLevels } from './words.js';

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'date'
  | 'slug'
  | 'select'
  | 'radio'
  | 'number'
  | 'pounds'
  | 'lines'
  | 'checkbox'
  | 'checkboxes'
  | 'subject'
  | 'rows'
  | 'group';

export type FieldSpec = {
  /** The key in the command's `data`, or in its envelope (`occurredAt`). */
  name: string;
  where: DerivedField['where'];
  label: string;
  kind: FieldKind;
  optional?: boolean;
  hint?: string;
  options?: (ctx: FormContext) => Option[];
  /** Choices whose values are numbers in the command (a 1 to 5 scale). */
  numeric?: boolean;
  /** Choices `true` and `false`, sent as booleans; the empty choice leaves the field out. */
  boolean?: boolean;
  /** Bounds of a number, from the schema. */
  integer?: boolean;
  min?: number | null;
  max?: number | null;
  /** A checkbox whose schema takes only `true`: unticked, the field is left out. */
  onlyTrue?: boolean;
  /** The cells of each row of a repeatable field; `{n}` in a cell's label is the row's number. */
  cells?: FieldSpec[];
  /** What one row is called: "Milestone" ("Add another milestone"). */
  rowLabel?: string;
  /** Suggestions for a free-text field. */
  suggestions?: (ctx: FormContext) => string[];
  /** An id or other detail a meeting's quick entry leaves out. */
  advanced?: boolean;
  /** The value a fresh form starts with. */
  initial?: (ctx: FormContext) => string | string[];
  /** The form offers to remove the value (the command takes `null`), beside typing a new one. */
  clearable?: boolean;
};

export type FormSpec = {
  type: CommandType;
  title: string;
  submit: string;
  fields: FieldSpec[];
  /** Who may send it beside coordinators: partner leads for their own organisation. */
  partnerMay?: boolean;
};

/** Envelope fields the client fills in itself, never typed. */
const setByClient = new Set(['expectedVersion']);

/** Strings longer than a line's worth are typed in a box of several lines. */
const LONG_TEXT = 200;

const optionsOf = (shape: Extract<Shape, { kind: 'enum' }>, w: Words): Option[] => {
  const labels = w.optionLabels ?? enumLabels.get(shape.schema) ?? {};
  return shape.values.map((v) => ({ value: String(v), label: labels[String(v)] ?? wordsOf(String(v)) }));
};

/** Shapes a reference takes: a slug, a list of them, an id of another format (uuid) or a subject object. */
const refersToAThing = (shape: Shape): boolean =>
  shape.kind === 'slug' ||
  shape.kind === 'other' ||
  (shape.kind === 'text' && shape.format !== null) ||
  (shape.kind === 'list' && shape.item.kind === 'slug');

export type Unrenderable = { type: CommandType; field: string; shape: string };

/** One field's spec from its shape and its words, or why no input can take it. */
const fieldSpec = (type: CommandType, f: DerivedField, w: Words): FieldSpec | Unrenderable => {
  const base = {
    name: f.name,
    where: f.where,
    label: w.label ?? wordsOf(pickers[f.name] && refersToAThing(f.shape) ? f.name.replace(/Ids?$/, '') : f.name),
    optional: f.optional,
    ...(w.hint !== undefined && { hint: w.hint }),
    ...((w.advanced ?? f.where === 'envelope') && { advanced: true }),
    ...(w.initial && { initial: w.initial }),
    ...(f.nullable && { clearable: true }),
    ...(w.suggestions && { suggestions: w.suggestions }),
  };
  const cannot = { type, field: f.name, shape: f.shape.kind === 'other' ? f.shape.type : f.shape.kind };
  const { shape } = f;
  // A reference is chosen from a list: the field's own choices when its words give them, else the
  // list every field of that name gets.
  const picker =
    w.newId === undefined && refersToAThing(shape) ? (w.options ? { options: w.options } : pickers[f.name]) : undefined;
  if (picker)
    return {
      ...base,
      kind: ('kind' in picker ? picker.kind : undefined) ?? (shape.kind === 'list' ? 'checkboxes' : 'select'),
      options: picker.options,
    };
  switch (shape.kind) {
    case 'slug':
      return w.newId === undefined
        ? { ...base, kind: 'slug' }
        : {
            ...base,
            label: `${w.newId} id`,
            kind: 'slug',
            advanced: true,
            hint: 'Lower-case letters, digits and dashes. Leave empty and Steerlog chooses one.',
          };
    case 'text':
      return { ...base, kind: shape.maxLength !== null && shape.maxLength > LONG_TEXT ? 'textarea' : 'text' };
    case 'date':
      return { ...base, kind: 'date' };
    case 'number':
      return shape.pence
        ? { ...base, kind: 'pounds', label: w.label ?? 'Amount (£)' }
        : { ...base, kind: 'number', integer: shape.integer, min: shape.min, max: shape.max };
    case 'enum':
      return {
        ...base,
        kind: w.radio ? 'radio' : 'select',
        options: () => optionsOf(shape, w),
        ...(shape.values.some((v) => typeof v === 'number') && { numeric: true }),
      };
    case 'flag':
      // A yes/no the command may leave out has three answers, and an unticked box says only two:
      // unticked would mean "no" and switch off what the person never touched.
      return f.optional && !shape.onlyTrue
        ? {
            ...base,
            kind: 'radio',
            boolean: true,
            options: () => [
              { value: '', label: w.unsetLabel ?? 'Leave as it is' },
              { value: 'true', label: 'Yes' },
              { value: 'false', label: 'No' },
            ],
          }
        : { ...base, kind: 'checkbox', onlyTrue: shape.onlyTrue };
    case 'list':
      return shape.item.kind === 'text' || shape.item.kind === 'slug' ? { ...base, kind: 'lines' } : cannot;
    case 'rows': {
      // A row's advanced cells (an agenda item's id) come after the ones always typed.
      const cells = shape.fields
        .map((c) => fieldSpec(type, c, w.cells?.[c.name] ?? {}))
        .sort(
          (a, b) => Number('advanced' in a && a.advanced === true) - Number('advanced' in b && b.advanced === true),
        );
      const ok = cells.every((c): c is FieldSpec => 'kind' in c && rowCellKinds.has(c.kind));
      return ok ? { ...base, kind: 'rows', cells, rowLabel: w.rowLabel ?? 'Item' } : cannot;
    }
    case 'group': {
      const cells = shape.fields.map((c) => fieldSpec(type, c, w.cells?.[c.name] ?? {}));
      const ok = cells.every((c): c is FieldSpec => 'kind' in c && rowCellKinds.has(c.kind));
      return ok ? { ...base, kind: 'group', cells } : cannot;
    }
    case 'other':
      return cannot;
  }
};

/** What a cell of a repeatable row can be. */
const rowCellKinds = new Set<FieldKind>(['text', 'textarea', 'slug', 'date', 'number', 'pounds', 'select']);

const schemaOf = (type: CommandType): z.ZodObject => {
  const schema = Command.options.find((o) => o.shape.type.value === type);
  if (!schema) throw new Error(`no command ${type}`);
  return schema;
};

/** A command's form from its schema (the domain's, unless a test gives another) and its words. */
export const deriveForm = (type: FormCommandType, schema: z.ZodObject = schemaOf(type)) => {
  const w = words[type];
  const made = deriveFields(schema)
    .filter((f) => !(f.where === 'envelope' && setByClient.has(f.name)))
    .map((f) => fieldSpec(type, f, (f.where === 'envelope' ? envelopeWords : w.fields)[f.name] ?? {}));
  const fields = made.filter((f): f is FieldSpec => 'kind' in f);
  const unrenderable = made.filter((f): f is Unrenderable => !('kind' in f));
  // What is always typed comes first, then details, the new thing's id, the envelope; each in schema order.
  const rank = (f: FieldSpec) =>
    f.where === 'envelope' ? 3 : w.fields[f.name]?.newId !== undefined ? 2 : f.advanced ? 1 : 0;
  const ordered = fields
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
  const spec: FormSpec = {
    type,
    title: w.title,
    submit: w.submit,
    fields: ordered,
    ...(w.partnerMay && { partnerMay: true }),
  };
  return { spec, unrenderable };
};

/** Every command type with a form, from the domain's union. */
export const commandTypes: FormCommandType[] = Command.options
  .map((o) => o.shape.type.value)
  .filter((t): t is FormCommandType => !(withoutForm as readonly string[]).includes(t));

/** Fields of a command that no input of the form can take: a schema change the form must learn. */
export const unrenderableFields = (): Unrenderable[] => commandTypes.flatMap((t) => deriveForm(t).unrenderable);

/** Words for a field the schema no longer has: a renamed or removed field whose form would lose its words. */
export const wordsWithoutField = (): string[] =>
  commandTypes.flatMap((t) => {
    const names = new Set(deriveFields(schemaOf(t)).map((f) => f.name));
    return Object.keys(words[t].fields)
      .filter((n) => !names.has(n))
      .map((n) => `${t}.${n}`);
  });

/** A form for every command of the contract but the launch, in the order a programme is usually built. */
export const formSpecs: FormSpec[] = (Object.keys(words) as FormCommandType[])
  .filter((t) => t !== 'LaunchProgramme' && !systemCommandTypes.has(t))
  .map((t) => deriveForm(t).spec);

export const specOf = (type: CommandType): FormSpec => {
  const spec = formSpecs.find((s) => s.type === type);
  if (!spec) throw new Error(`no form for ${type}`);
  return spec;
};

/**
 * LaunchProgramme has its own page: its programme id is the address it is sent to, so it is a
 * field of the form and not of the schema; what it says about other times is left to later commands.
 */
export const launchSpec: FormSpec = (() => {
  const { spec } = deriveForm('LaunchProgramme');
  const programmeId: FieldSpec = {
    name: 'programmeId',
    where: 'data',
    label: 'Programme id',
    kind: 'slug',
    hint: 'Used in addresses, e.g. wy-atr. Cannot be changed later.',
  };
  return { ...spec, fields: [programmeId, ...spec.fields.filter((f) => f.where === 'data')] };
})();
