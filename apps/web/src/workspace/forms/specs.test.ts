import { AddPartner, RecordTraining, SubmitHighlightReport, systemCommandTypes } from '@steerlog/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  commandTypes,
  deriveForm,
  formSpecs,
  launchSpec,
  specOf,
  unrenderableFields,
  wordsWithoutField,
} from './specs.js';

const field = (spec: { fields: { name: string }[] }, name: string) => spec.fields.find((f) => f.name === name);

describe('forms derived from the command schemas', () => {
  it('has a form for every command type', () => {
    expect([launchSpec, ...formSpecs].map((s) => s.type).sort()).toEqual(
      commandTypes.filter((t) => !systemCommandTypes.has(t)).sort(),
    );
  });

  it('can render every field of every command schema', () => {
    expect(unrenderableFields()).toEqual([]);
  });

  it('offers a list to choose from for every reference to an existing thing, never a box to type its id in', () => {
    const typed = formSpecs.flatMap((spec) =>
      spec.fields
        .flatMap((f) => [f, ...(f.cells ?? []).map((c) => ({ ...c, name: `${f.name}.${c.name}` }))])
        .filter((f) => /(Id|Ids)$/.test(f.name) && !f.advanced && !f.options)
        .map((f) => `${spec.type}.${f.name}`),
    );
    expect(typed).toEqual([]);
    // People are ticked off a list, not typed as ids one per line.
    expect(field(specOf('RecordAttendance'), 'present')).toMatchObject({ kind: 'checkboxes' });
    expect(field(specOf('RecordAttendance'), 'apologies')).toMatchObject({ kind: 'checkboxes' });
  });

  it('has no words left for a field the schema no longer has', () => {
    expect(wordsWithoutField()).toEqual([]);
  });

  it('reads kinds, required-ness, choices and bounds from the schema', () => {
    const training = specOf('RecordTraining');
    expect(field(training, 'partnerId')).toMatchObject({ kind: 'select', optional: true });
    expect(field(training, 'level')).toMatchObject({ kind: 'select', numeric: true, optional: false });
    expect(training.fields.find((f) => f.name === 'level')?.options?.({} as never)).toEqual([
      { value: '1', label: 'Level 1: trauma-informed' },
      { value: '2', label: 'Level 2: trauma-skilled' },
      { value: '3', label: 'Level 3: trauma-enhanced' },
      { value: '4', label: 'Level 4: trauma-specialist' },
    ]);
    expect(field(training, 'attendees')).toMatchObject({ kind: 'number', integer: true, min: 0, max: 10_000_000 });
    expect(field(training, 'deliveredOn')).toMatchObject({ kind: 'date', optional: false });
    expect(field(training, 'occurredAt')).toMatchObject({ kind: 'date', where: 'envelope', advanced: true });
    expect(field(training, 'expectedVersion')).toBeUndefined();
    expect(field(specOf('AddPartner'), 'sector')).toMatchObject({ kind: 'select', label: 'Sector' });
    expect(field(specOf('AllocateFunding'), 'amountPence')).toMatchObject({ kind: 'pounds' });
    expect(field(specOf('RecordDecision'), 'alternativesRejected')).toMatchObject({ kind: 'lines', optional: true });
    expect(field(specOf('SubmitHighlightReport'), 'upcoming')).toMatchObject({
      kind: 'rows',
      cells: [
        { name: 'title', kind: 'text', optional: false },
        { name: 'dueOn', kind: 'date', optional: true },
      ],
    });
  });

  it('follows a schema change: a new envelope flag, a new bounded number, a new enum', () => {
    const changed = RecordTraining.extend({
      data: RecordTraining.shape.data.extend({
        hours: z.number().min(0.5).max(100),
        format: z.enum(['in-person', 'online']).optional(),
      }),
      illustrative: z.literal(true).optional(),
    });
    const { spec, unrenderable } = deriveForm('RecordTraining', changed);
    expect(unrenderable).toEqual([]);
    expect(field(spec, 'hours')).toMatchObject({ kind: 'number', integer: false, min: 0.5, max: 100, optional: false });
    expect(field(spec, 'format')).toMatchObject({ kind: 'select', optional: true });
    expect(field(spec, 'illustrative')).toMatchObject({
      kind: 'checkbox',
      where: 'envelope',
      onlyTrue: true,
      advanced: true,
      label: 'Illustrative value',
    });
  });

  it('names a field no input can take, so the test above fails on such a schema change', () => {
    const changed = AddPartner.extend({
      data: AddPartner.shape.data.extend({ contacts: z.record(z.string(), z.string()) }),
    });
    expect(deriveForm('AddPartner', changed).unrenderable).toEqual([
      { type: 'AddPartner', field: 'contacts', shape: 'record' },
    ]);
    const rows = SubmitHighlightReport.extend({
      data: SubmitHighlightReport.shape.data.extend({
        risks: z.array(z.strictObject({ owners: z.array(z.string()) })),
      }),
    });
    expect(deriveForm('SubmitHighlightReport', rows).unrenderable).toEqual([
      { type: 'SubmitHighlightReport', field: 'risks', shape: 'rows' },
    ]);
  });
});
