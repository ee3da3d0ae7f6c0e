import type { Problem } from '@steerlog/contract';
import type { Command } from '@steerlog/domain';
import { Command as CommandSchema, LaunchProgramme, Slug } from '@steerlog/domain';
import type { FormValues, RowValues } from '../outbox.js';
import { isoDate } from './dates.js';
import type { FieldSpec, FormContext, FormSpec } from './specs.js';

/** Messages by field name; `''` is the form as a whole. */
export type FieldErrors = Record<string, string>;

export const fieldsOf = (spec: FormSpec, { compact = false } = {}): FieldSpec[] =>
  compact
    ? spec.fields
        .filter((f) => !f.advanced)
        .map((f) => (f.cells ? { ...f, cells: f.cells.filter((c) => !c.advanced) } : f))
    : spec.fields;

const emptyRow = (cells: readonly FieldSpec[]): RowValues => Object.fromEntries(cells.map((c) => [c.name, '']));

export const initialValues = (fields: readonly FieldSpec[], ctx: FormContext, fixed: FormValues = {}): FormValues => {
  const values: FormValues = {};
  for (const f of fields)
    values[f.name] =
      fixed[f.name] ??
      f.initial?.(ctx) ??
      (f.kind === 'checkboxes' ? [] : f.kind === 'rows' || f.kind === 'group' ? [emptyRow(f.cells ?? [])] : '');
  return values;
};

/** Where a form keeps "remove it" for a clearable field, beside the field's own value. */
export const clearKey = (name: string) => `${name}:clear`;

const text = (v: FormValues[string] | undefined): string => (typeof v === 'string' ? v.trim() : '');

/** Pounds as typed (`£1,250.50`) to integer pence, without floating point; null when it is not an amount. */
export const penceOf = (typed: string): number | null => {
  const m = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(typed.trim());
  if (!m) return null;
  const pounds = Number(m[1]!.replaceAll(',', ''));
  const pence = Number((m[2] ?? '').padEnd(2, '0'));
  return pounds * 100 + pence;
};

/** What one field's typed value is in the command: a value, nothing typed, or why it cannot be read. */
type Read = { value: unknown } | { missing: true } | { leaveOut: true } | { error: string };

const isRow = (r: unknown): r is RowValues => typeof r === 'object' && r !== null && !Array.isArray(r);

const read = (f: FieldSpec, raw: FormValues[string] | undefined, label = f.label): Read => {
  const s = text(raw);
  switch (f.kind) {
    case 'date': {
      if (s === '') return { missing: true };
      const date = isoDate(s);
      return date.ok ? { value: date.date } : { error: `${label} ${date.problem}, for example 27 3 2024.` };
    }
    case 'lines':
      return {
        value:
          typeof raw === 'string'
            ? raw
                .split('\n')
                .map((l) => l.trim())
                .filter((l) => l !== '')
            : [],
      };
    case 'checkboxes':
      return { value: Array.isArray(raw) ? raw : [] };
    case 'checkbox':
      return s === 'true' ? { value: true } : f.onlyTrue ? { leaveOut: true } : { value: false };
    case 'number': {
      if (s === '') return { missing: true };
      if (!(f.integer ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(s))
        return { error: `${label} must be a ${f.integer ? 'whole ' : ''}number.` };
      const n = Number(s);
      if (f.min != null && n < f.min) return { error: `${label} must be at least ${f.min.toLocaleString('en-GB')}.` };
      if (f.max != null && n > f.max) return { error: `${label} must be at most ${f.max.toLocaleString('en-GB')}.` };
      return { value: n };
    }
    case 'pounds': {
      if (s === '') return { missing: true };
      const pence = penceOf(s);
      return pence === null ? { error: 'Enter an amount in pounds, like 50000 or 1250.50.' } : { value: pence };
    }
    case 'subject': {
      if (s === '') return { missing: true };
      if (s === 'programme') return { value: { kind: 'programme' } };
      const [kind, id] = s.split(':');
      return { value: { kind, id } };
    }
    case 'select':
    case 'radio':
      if (s === '') return { missing: true };
      return { value: f.boolean ? s === 'true' : f.numeric ? Number(s) : s };
    case 'rows': {
      const cells = f.cells ?? [];
      const rows = (Array.isArray(raw) ? raw : []).filter(isRow);
      // Empty rows at the end are rows not used; one in the middle is the schema's to judge, so that
      // row numbers in messages are the numbers on screen.
      while (rows.length > 0 && cells.every((c) => text(rows.at(-1)![c.name]) === '')) rows.pop();
      let error: string | undefined;
      const value = rows.map((row, i) => {
        const out: Record<string, unknown> = {};
        for (const c of cells) {
          const cell = read(c, row[c.name], c.label.replace('{n}', String(i + 1)));
          // A required cell left empty is the schema's to say, as "Milestone 1: Enter a value."
          if ('value' in cell) out[c.name] = cell.value;
          else if ('error' in cell) error ??= cell.error;
        }
        return out;
      });
      return error === undefined ? { value } : { error };
    }
    case 'group': {
      // One row of cells; all of them empty is the group not given.
      const cells = f.cells ?? [];
      const row = (Array.isArray(raw) ? raw : []).filter(isRow)[0] ?? {};
      if (cells.every((c) => text(row[c.name]) === '')) return { missing: true };
      const out: Record<string, unknown> = {};
      for (const c of cells) {
        const cell = read(c, row[c.name], `${label}: ${c.label.toLowerCase()}`);
        if ('value' in cell) out[c.name] = cell.value;
        else if ('error' in cell) return cell;
        else if (!c.optional) return { error: `Enter ${label.toLowerCase()}: ${c.label.toLowerCase()}.` };
      }
      return { value: out };
    }
    case 'text':
    case 'textarea':
    case 'slug':
      return s === '' ? { missing: true } : { value: s };
  }
};

const chosen = new Set<FieldSpec['kind']>(['select', 'radio', 'subject']);

const toData = (fields: readonly FieldSpec[], values: FormValues, errors: FieldErrors) => {
  const data: Record<string, unknown> = {};
  const envelope: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.clearable && values[clearKey(f.name)] === 'true') {
      (f.where === 'envelope' ? envelope : data)[f.name] = null;
      continue;
    }
    const r = read(f, values[f.name]);
    if ('missing' in r) {
      if (!f.optional) errors[f.name] = `${chosen.has(f.kind) ? 'Choose' : 'Enter'} ${f.label.toLowerCase()}.`;
    } else if ('error' in r) errors[f.name] = r.error;
    else if ('value' in r) (f.where === 'envelope' ? envelope : data)[f.name] = r.value;
  }
  return { data, envelope };
};

/** The field a zod issue or a problem's `errors[].path` (`data.dueOn`, `data.upcoming.0.title`) is about. */
export const fieldOfPath = (path: string, fields: readonly FieldSpec[]): string => {
  const parts = path.split('.');
  const name = parts[0] === 'data' ? parts[1] : parts[0];
  return fields.some((f) => f.name === name) ? name! : '';
};

const today = () => new Date().toISOString().slice(0, 10);

export type Built = { ok: true; command: Command; programmeId?: string } | { ok: false; errors: FieldErrors };

/**
 * The command a form's values make, checked with the same zod schema the server validates with,
 * so the user hears about a bad date or a missing choice before anything is sent.
 */
export const buildCommand = (spec: FormSpec, fields: readonly FieldSpec[], values: FormValues): Built => {
  const errors: FieldErrors = {};
  const { data, envelope } = toData(fields, values, errors);
  let programmeId: string | undefined;
  if (spec.type === 'LaunchProgramme') {
    programmeId = typeof data['programmeId'] === 'string' ? data['programmeId'] : undefined;
    delete data['programmeId'];
    if (programmeId !== undefined && !Slug.safeParse(programmeId).success)
      errors['programmeId'] = 'Use lower-case letters, digits and dashes, starting with a letter or digit.';
  }
  // record.ts refuses an occurredAt in the future; say so before sending.
  const { occurredAt } = envelope;
  if (typeof occurredAt === 'string' && occurredAt > today())
    errors['occurredAt'] = 'It cannot have happened in the future.';
  const candidate = { type: spec.type, data, ...envelope };
  const parsed = (spec.type === 'LaunchProgramme' ? LaunchProgramme : CommandSchema).safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath(issue.path.join('.'), fields);
      const rowLabel = fields.find((f) => f.name === field)?.rowLabel ?? 'Item';
      const row =
        issue.path[0] === 'data' && typeof issue.path[2] === 'number' ? `${rowLabel} ${issue.path[2] + 1}: ` : '';
      errors[field] ??= `${row}${friendly(issue.message)}`;
    }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, command: parsed.data, ...(programmeId ? { programmeId } : {}) };
};

/** zod's messages, said the way a form would say them. */
const friendly = (message: string): string =>
  message
    .replace(/^Invalid ISO date$/, 'Enter a real date, for example 27 3 2024.')
    .replace(/^Too small: expected string to have >=1 characters?$/, 'Enter a value.')
    .replace(/^Too big: expected string to have <=(\d+) characters$/, 'Keep it to $1 characters.')
    .replace(/^Invalid input: expected (\w+), received undefined$/, 'Enter a value.')
    .replace(/^Invalid option: expected one of .*$/, 'Choose one of the options.')
    .replace(/^Too small: expected number to be >=?(\d+)$/, 'Enter a larger number.')
    .replace(/^Too big: expected number to be <=?(\d+)$/, 'Enter a smaller number.');

/** Refusal codes that name a thing the form has a field for, in the order to look for it. */
const fieldsForCode: Record<string, string[]> = {
  unknown_partner: ['partnerId', 'ownerPartnerId', 'leadPartnerId', 'attendees', 'subject'],
  unknown_workstream: ['workstreamId', 'subject'],
  unknown_milestone: ['milestoneId'],
  milestone_already_completed: ['milestoneId'],
  unknown_allocation: ['allocationId'],
  overspend: ['amountPence'],
  unknown_meeting: ['meetingId'],
  meeting_not_open: ['meetingId'],
  unknown_decision: ['decisionId'],
  unknown_action: ['actionId'],
  action_already_completed: ['actionId'],
  unknown_risk: ['riskId'],
  risk_already_closed: ['riskId'],
  unknown_event: ['eventId'],
  already_retracted: ['eventId'],
  not_retractable: ['eventId'],
  rag_unchanged: ['rag'],
  programme_exists: ['programmeId'],
  date_order: ['completedOn', 'dueOn', 'spentOn', 'endsOn', 'occurredAt'],
  duplicate_id: [
    'partnerId',
    'workstreamId',
    'milestoneId',
    'allocationId',
    'meetingId',
    'decisionId',
    'actionId',
    'riskId',
    'championId',
  ],
};

/** A server refusal as messages beside the fields it is about; the rest goes to the form as a whole. */
export const problemErrors = (
  problem: Problem,
  fields: readonly FieldSpec[],
  partnerName: (id: string) => string = (id) => id,
): FieldErrors => {
  const errors: FieldErrors = {};
  for (const e of problem.errors ?? []) {
    const field = fieldOfPath(e.path, fields);
    errors[field] ??= friendly(e.message);
  }
  if (Object.keys(errors).length === 0) {
    const names = fields.map((f) => f.name);
    const field =
      problem.code === 'duplicate_id'
        ? names.find((n) => n.endsWith('Id') && fields.find((f) => f.name === n)?.kind === 'slug')
        : fieldsForCode[problem.code]?.find((n) => names.includes(n));
    // A refusal may name an organisation by its id: say its name.
    const detail = (problem.detail ?? problem.title).replace(/\(([a-z0-9][a-z0-9-]*)\)/g, (whole, id: string) => {
      const name = partnerName(id);
      return name === id ? whole : `(${name})`;
    });
    if (problem.status === 403) errors[''] = `You may not do this: ${detail}.`;
    else errors[field ?? ''] = detail.charAt(0).toUpperCase() + detail.slice(1) + (detail.endsWith('.') ? '' : '.');
  }
  return errors;
};
