import { givenBaseline } from '@steerlog/domain/testing';
import { toView } from '@steerlog/domain';
import { describe, expect, it } from 'vitest';
import { financialYearOf, specOf } from './specs.js';
import type { FormValues } from '../outbox.js';
import { buildCommand, fieldsOf, initialValues, penceOf, problemErrors } from './values.js';

const now = '2026-01-01T00:00:00.000Z';
const ctx = { view: toView(givenBaseline().state(), { asOf: now, knownAt: now }), events: [] };

const build = (type: Parameters<typeof specOf>[0], values: FormValues) => {
  const spec = specOf(type);
  const fields = fieldsOf(spec);
  return buildCommand(spec, fields, { ...initialValues(fields, ctx), ...values });
};

describe('penceOf', () => {
  it('reads pounds as typed into integer pence, with no floating point', () => {
    expect(['50000', '£1,250.5', '0.29', '1,000,000.99'].map(penceOf)).toEqual([5_000_000, 125_050, 29, 100_000_099]);
    expect(['', '12.345', '1,00', 'fifty', '-5'].map(penceOf)).toEqual([null, null, null, null, null]);
  });
});

describe('financialYearOf', () => {
  it('runs April to March', () => {
    expect(['2025-03-31', '2025-04-01', '2099-12-31'].map(financialYearOf)).toEqual(['2024/25', '2025/26', '2099/00']);
  });
});

describe('buildCommand', () => {
  it('leaves a yes/no out unless it is answered, so an update never switches off what was not touched', () => {
    const add = build('AddPerson', { name: 'Ann', email: 'ann@council.example' });
    expect(add.ok && 'receivesReminders' in add.command.data).toBe(false);
    const update = build('UpdatePerson', { personId: 'ann', name: 'Ann Leader' });
    expect(update.ok && 'receivesReminders' in update.command.data).toBe(false);
    expect(build('UpdatePerson', { personId: 'ann', receivesReminders: 'false' })).toMatchObject({
      ok: true,
      command: { data: { receivesReminders: false } },
    });
    expect(specOf('UpdatePerson').fields.find((f) => f.name === 'receivesReminders')).toMatchObject({ kind: 'radio' });
  });

  it('sends null for a field the person asked to remove, and leaves out one left alone', () => {
    const built = build('UpdatePerson', { personId: 'ann', 'email:clear': 'true', name: 'Ann Leader' });
    expect(built).toMatchObject({
      ok: true,
      command: { type: 'UpdatePerson', data: { personId: 'ann', email: null, name: 'Ann Leader' } },
    });
    expect(built.ok && 'partnerId' in built.command.data).toBe(false);
    expect(
      specOf('UpdatePerson')
        .fields.filter((f) => f.clearable)
        .map((f) => f.name),
    ).toEqual(['email', 'partnerId', 'role']);
  });

  it('makes the contract’s command from what was typed', () => {
    expect(
      build('AllocateFunding', {
        source: ' National fund ',
        amountPence: '£25,000',
        financialYear: '2025/26',
        partnerId: 'council',
      }),
    ).toEqual({
      ok: true,
      command: {
        type: 'AllocateFunding',
        data: { source: 'National fund', amountPence: 2_500_000, financialYear: '2025/26', partnerId: 'council' },
      },
    });
    expect(build('ChangeRag', { subject: 'workstream:training', rag: 'red', reason: 'Slipping' })).toMatchObject({
      ok: true,
      command: { data: { subject: { kind: 'workstream', id: 'training' }, rag: 'red' } },
    });
  });

  it('reads dates from the day, month and year boxes as typed, and says in words what is missing', () => {
    const fields = { workstreamId: 'training', title: 'Evaluation' };
    expect(build('AddMilestone', { ...fields, dueOn: '2026-3-7' })).toMatchObject({
      ok: true,
      command: { data: { dueOn: '2026-03-07' } },
    });
    expect(build('AddMilestone', { ...fields, dueOn: '2026--7' })).toEqual({
      ok: false,
      errors: { dueOn: 'Due on must include a month, for example 27 3 2024.' },
    });
    expect(build('AddMilestone', { ...fields, dueOn: '' })).toEqual({ ok: false, errors: { dueOn: 'Enter due on.' } });
  });

  it('says what is wrong beside each field, with the domain’s own zod rules', () => {
    expect(build('AddMilestone', { title: 'Evaluation', dueOn: '2026-13-01', occurredAt: '2999-01-01' })).toEqual({
      ok: false,
      errors: {
        workstreamId: 'Choose workstream.',
        dueOn: 'Due on must be a real date, for example 27 3 2024.',
        occurredAt: 'It cannot have happened in the future.',
      },
    });
    expect(build('AllocateFunding', { source: 'x', amountPence: '10', financialYear: '2025/27' })).toMatchObject({
      ok: false,
      errors: { financialYear: 'the second year must follow the first' },
    });
  });
});

describe('buildCommand, from the schema’s shapes', () => {
  it('reads repeatable rows, numbering them as on screen, and leaves out unused rows at the end', () => {
    const report = {
      partnerId: 'council',
      lead: 'Lead officer',
      summary: 'On plan',
      successes: 'Briefed managers\n\n',
      challenges: '',
    };
    const row = (title: string, dueOn = '') => ({ title, dueOn });
    expect(
      build('SubmitHighlightReport', {
        ...report,
        upcoming: [row('Pilot', '2026-4-1'), row('Launch'), row('')],
      }),
    ).toMatchObject({
      ok: true,
      command: {
        data: {
          successes: ['Briefed managers'],
          challenges: [],
          upcoming: [{ title: 'Pilot', dueOn: '2026-04-01' }, { title: 'Launch' }],
        },
      },
    });
    expect(build('SubmitHighlightReport', { ...report, upcoming: [row(''), row('Launch', '2026-13-1')] })).toEqual({
      ok: false,
      errors: { upcoming: 'Milestone 2 due must be a real date, for example 27 3 2024.' },
    });
    expect(build('SubmitHighlightReport', { ...report, upcoming: [row(''), row('Launch')] })).toEqual({
      ok: false,
      errors: { upcoming: 'Milestone 1: Enter a value.' },
    });
  });

  it('coerces numbers by the schema: whole numbers, bounds, and numeric choices', () => {
    const training = { level: '2', audience: 'Managers', sessions: '3', attendees: '40', deliveredOn: '2025-6-1' };
    expect(build('RecordTraining', training)).toMatchObject({
      ok: true,
      command: { data: { level: 2, sessions: 3, attendees: 40, deliveredOn: '2025-06-01' } },
    });
    expect(build('RecordTraining', { ...training, sessions: '2.5', attendees: '-1' })).toEqual({
      ok: false,
      errors: { sessions: 'Sessions must be a whole number.', attendees: 'Attendees must be at least 0.' },
    });
    expect(build('RaiseRisk', { title: 'Backfill', likelihood: '4', impact: '5' })).toMatchObject({
      ok: true,
      command: { data: { likelihood: 4, impact: 5 } },
    });
  });
});

describe('problemErrors', () => {
  const fields = fieldsOf(specOf('AddMilestone'));
  it('puts a 400’s errors by their path, and a domain refusal by the field it names', () => {
    const base = { type: '/problems/x', title: 'x', instance: '/x' };
    expect(
      problemErrors(
        { ...base, status: 400, code: 'invalid_body', errors: [{ path: 'data.dueOn', message: 'Invalid ISO date' }] },
        fields,
      ),
    ).toEqual({ dueOn: 'Enter a real date, for example 27 3 2024.' });
    expect(
      problemErrors({ ...base, status: 422, code: 'unknown_workstream', detail: 'no workstream x' }, fields),
    ).toEqual({
      workstreamId: 'No workstream x.',
    });
    expect(
      problemErrors({ ...base, status: 403, code: 'forbidden', detail: 'only for your own (council)' }, fields, (id) =>
        id === 'council' ? 'Testshire Council' : id,
      ),
    ).toEqual({ '': 'You may not do this: only for your own (Testshire Council).' });
    expect(problemErrors({ ...base, status: 403, code: 'forbidden', detail: 'not yours' }, fields)).toEqual({
      '': 'You may not do this: not yours.',
    });
  });
});
