import type { Problem } from '@steerlog/contract';
import type { Command } from '@steerlog/domain';
import { Command as CommandSchema, LaunchProgramme, Slug } from '@steerlog/domain';
import type { FormValues, UpcomingRow } from '../outbox.js';
import { isoDate } from './dates.js';
import type { FieldSpec, FormContext, FormSpec } from './specs.js';
import { occurredAtField } from './specs.js';

/** Messages by field name; `''` is the form as a whole. */
export type FieldErrors = Record<string, string>;

export const fieldsOf = (spec: FormSpec, { compact = false, occurredAt = true } = {}): FieldSpec[] =>
  [...spec.fields, ...(occurredAt && spec.type !== 'LaunchProgramme' ? [occurredAtField] : [])].filter(
    (f) => !(compact && f.advanced),
  );

export const initialValues = (fields: readonly FieldSpec[], ctx: FormContext, fixed: FormValues = {}): FormValues => {
  const values: FormValues = {};
  for (const f of fields)
    values[f.name] =
      fixed[f.name] ??
      f.initial?.(ctx) ??
      (f.kind === 'checkboxes' ? [] : f.kind === 'upcoming' ? [{ title: '', dueOn: '' }] : '');
  return values;
};

const text = (v: FormValues[string] | undefined): string => (typeof v === 'string' ? v.trim() : '');

/** Pounds as typed (`£1,250.50`) to integer pence, without floating point; null when it is not an amount. */
export const penceOf = (typed: string): number | null => {
  const m = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(typed.trim());
  if (!m) return null;
  const pounds = Number(m[1]!.replaceAll(',', ''));
  const pence = Number((m[2] ?? '').padEnd(2, '0'));
  return pounds * 100 + pence;
};

const toData = (fields: readonly FieldSpec[], values: FormValues, errors: FieldErrors) => {
  const data: Record<string, unknown> = {};
  let occurredAt: string | undefined;
  for (const f of fields) {
    const raw = values[f.name];
    const s = text(raw);
    const missing = () => {
      if (!f.optional)
        errors[f.name] =
          `${f.kind === 'select' || f.kind === 'radio' || f.kind === 'subject' ? 'Choose' : 'Enter'} ${f.label.toLowerCase()}.`;
    };
    if (f.kind === 'date') {
      if (s === '') {
        missing();
        continue;
      }
      const date = isoDate(s);
      if (!date.ok) errors[f.name] = `${f.label} ${date.problem}, for example 27 3 2024.`;
      else if (f.name === 'occurredAt') occurredAt = date.date;
      else data[f.name] = date.date;
      continue;
    }
    switch (f.kind) {
      case 'lines':
        data[f.name] =
          typeof raw === 'string'
            ? raw
                .split('\n')
                .map((l) => l.trim())
                .filter((l) => l !== '')
            : [];
        break;
      case 'checkboxes':
        data[f.name] = Array.isArray(raw) ? raw : [];
        break;
      case 'upcoming':
        data[f.name] = (Array.isArray(raw) ? (raw as UpcomingRow[]) : [])
          .filter((r) => typeof r === 'object' && (r.title.trim() !== '' || r.dueOn !== ''))
          .map((r, i) => {
            if (!r.dueOn) return { title: r.title.trim() };
            const date = isoDate(r.dueOn);
            if (!date.ok) errors[f.name] ??= `Milestone ${i + 1}: the due date ${date.problem}, for example 27 3 2024.`;
            return { title: r.title.trim(), dueOn: date.ok ? date.date : r.dueOn };
          });
        break;
      case 'number':
        if (s === '') missing();
        else if (!/^\d+$/.test(s)) errors[f.name] = `${f.label} must be a whole number.`;
        else data[f.name] = Number(s);
        break;
      case 'pounds': {
        if (s === '') {
          missing();
          break;
        }
        const pence = penceOf(s);
        if (pence === null) errors[f.name] = 'Enter an amount in pounds, like 50000 or 1250.50.';
        else data[f.name] = pence;
        break;
      }
      case 'subject': {
        if (s === '') missing();
        else if (s === 'programme') data[f.name] = { kind: 'programme' };
        else {
          const [kind, id] = s.split(':');
          data[f.name] = { kind, id };
        }
        break;
      }
      case 'select':
        if (s === '') missing();
        else
          data[f.name] =
            f.name === 'likelihood' || f.name === 'impact' || (f.name === 'level' && /^\d$/.test(s)) ? Number(s) : s;
        break;
      default:
        if (s === '') missing();
        else data[f.name] = s;
    }
  }
  return { data, occurredAt };
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
  const { data, occurredAt } = toData(fields, values, errors);
  let programmeId: string | undefined;
  if (spec.type === 'LaunchProgramme') {
    programmeId = typeof data['programmeId'] === 'string' ? data['programmeId'] : undefined;
    delete data['programmeId'];
    if (programmeId !== undefined && !Slug.safeParse(programmeId).success)
      errors['programmeId'] = 'Use lower-case letters, digits and dashes, starting with a letter or digit.';
  }
  if (occurredAt !== undefined && occurredAt > today()) errors['occurredAt'] = 'It cannot have happened in the future.';
  const candidate = { type: spec.type, data, ...(occurredAt ? { occurredAt } : {}) };
  const parsed = (spec.type === 'LaunchProgramme' ? LaunchProgramme : CommandSchema).safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath(issue.path.join('.'), fields);
      const row = issue.path[0] === 'data' && typeof issue.path[2] === 'number' ? `Item ${issue.path[2] + 1}: ` : '';
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
    .replace(/^Invalid option: expected one of .*$/, 'Choose one of the options.');

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
