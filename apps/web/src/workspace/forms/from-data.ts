import type { FormValues, RowValues } from '../outbox.js';
import type { FieldSpec, FormSpec } from './specs.js';

const str = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';

/** Pence as a form types pounds: `125050` as `1250.50`. */
const pounds = (v: unknown) => (typeof v === 'number' ? (v % 100 === 0 ? String(v / 100) : (v / 100).toFixed(2)) : '');

const cellsOf = (cells: readonly FieldSpec[], v: unknown): RowValues =>
  Object.fromEntries(cells.map((c) => [c.name, valueOf(c, (v as Record<string, unknown> | null)?.[c.name]) as string]));

const valueOf = (f: FieldSpec, v: unknown): FormValues[string] => {
  switch (f.kind) {
    case 'pounds':
      return pounds(v);
    case 'lines':
      return Array.isArray(v) ? v.map(str).join('\n') : '';
    case 'checkboxes':
      return Array.isArray(v) ? v.map(str) : [];
    case 'checkbox':
      return v === true ? 'true' : '';
    case 'subject': {
      const s = v as { kind?: string; id?: string } | undefined;
      return !s?.kind ? '' : s.kind === 'programme' ? 'programme' : `${s.kind}:${s.id ?? ''}`;
    }
    case 'rows':
      return Array.isArray(v) ? v.map((row) => cellsOf(f.cells ?? [], row)) : [];
    case 'group':
      return v === undefined || v === null ? [cellsOf(f.cells ?? [], {})] : [cellsOf(f.cells ?? [], v)];
    default:
      return str(v);
  }
};

/**
 * A form's values holding a command's data (and its `occurredAt`), the inverse of reading the
 * form: what a correction starts from, so only the mistake needs typing.
 */
export const formValuesOf = (spec: FormSpec, data: Record<string, unknown>, occurredAt?: string): FormValues =>
  Object.fromEntries(
    spec.fields.map((f) => [
      f.name,
      valueOf(
        f,
        f.where === 'envelope' ? (f.name === 'occurredAt' ? occurredAt?.slice(0, 10) : undefined) : data[f.name],
      ),
    ]),
  );
