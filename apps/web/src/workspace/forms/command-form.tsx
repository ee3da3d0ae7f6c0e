import type { Problem } from '@steerlog/contract';
import type { Command } from '@steerlog/domain';
import type { FormEvent, KeyboardEvent, ReactNode } from 'react';
import { Fragment, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import type { FormValues, Outbox, OutboxItem, RowValues } from '../outbox.js';
import type { DateParts } from './dates.js';
import { EvidenceUpload } from './evidence-upload.js';
import { dateParts, joinDate } from './dates.js';
import type { FieldSpec, FormContext, FormSpec } from './specs.js';
import type { FieldErrors } from './values.js';
import { buildCommand, clearKey, fieldsOf, initialValues, problemErrors } from './values.js';

/** Forms on screen, by id, so a refused command in the outbox can be put back where it was typed. */
const mounted = new Map<string, (values: FormValues, problem: Problem) => void>();
export const putBack = (item: OutboxItem): boolean => {
  const restore = mounted.get(item.formId);
  if (!restore || !item.problem) return false;
  restore(item.values, item.problem);
  return true;
};
export const formIsMounted = (formId: string) => mounted.has(formId);

export type CommandFormProps = {
  spec: FormSpec;
  ctx: FormContext;
  programmeId: string;
  outbox: Outbox;
  /** Values the user does not choose: a partner lead's own organisation. Shown, not editable. */
  fixed?: FormValues;
  fixedText?: Record<string, string>;
  /** Meeting mode: only what is needed to record it now. */
  compact?: boolean;
  formId?: string;
  headingLevel?: 2 | 3;
  title?: string;
  description?: ReactNode;
  onRecorded?: (item: OutboxItem, position: number | null) => void;
  /**
   * Values a fresh form starts with, editable: an entry being corrected, as it was recorded, or a
   * partner's upcoming milestones from their last report.
   */
  start?: FormValues;
  /** Turns the command the form built into the one sent (a correction wraps it), or says why it cannot be sent. */
  prepare?: (command: Command) => Command | { error: string };
};

const firstText = (command: Command): string => {
  const data = command.data as Record<string, unknown>;
  for (const key of ['summary', 'title', 'name', 'reason', 'audience', 'domain', 'source'])
    if (typeof data[key] === 'string') return data[key];
  return '';
};

/** A fixed value as text, when no friendlier text was given for it. */
const shown = (value: FormValues[string] | undefined): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

const sameValues = (a: FormValues, b: FormValues) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A form for one command: validated with the domain's zod schema as the user submits, queued in
 * the outbox (never lost, retried until acknowledged), and, if the server refuses it, put back
 * with the server's messages beside the fields they are about.
 */
export const CommandForm = ({
  spec,
  ctx,
  programmeId,
  outbox,
  fixed = {},
  fixedText = {},
  compact = false,
  formId: givenId,
  headingLevel = 2,
  title,
  description,
  onRecorded,
  start,
  prepare,
}: CommandFormProps) => {
  const autoId = useId();
  const formId = givenId ?? `form-${spec.type}`;
  const fields = useMemo(() => fieldsOf(spec, { compact }), [spec, compact]);
  const fresh = () => initialValues(fields, ctx, { ...start, ...fixed });
  const [values, setValues] = useState<FormValues>(fresh);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string>('');
  const mine = useRef(new Set<string>());
  const form = useRef<HTMLFormElement>(null);
  const items = useSyncExternalStore(outbox.subscribe, outbox.snapshot);
  const waiting = items.filter((i) => i.formId === formId && i.state === 'pending').length;
  const latest = useRef({ values, fresh });
  latest.current = { values, fresh };

  const focusField = (name: string) => {
    const el = form.current?.querySelector<HTMLElement>(`[data-field="${name}"]`);
    el?.focus();
  };
  const showErrors = (found: FieldErrors) => {
    setErrors(found);
    const first = fields.find((f) => found[f.name] !== undefined);
    if (first) setTimeout(() => focusField(first.name), 0);
  };

  useEffect(() => {
    const restore = (restored: FormValues, problem: Problem) => {
      setValues(restored);
      showErrors(
        problemErrors(problem, fields, (id) => ctx.view?.partners.find((p) => p.partnerId === id)?.name ?? id),
      );
      setStatus('');
    };
    mounted.set(formId, restore);
    const stop = outbox.onOutcome((outcome) => {
      if (!mine.current.has(outcome.item.key)) return;
      mine.current.delete(outcome.item.key);
      if (outcome.kind === 'recorded') {
        setStatus(`Recorded: ${outcome.item.label}`);
        onRecorded?.(outcome.item, outcome.position);
        return;
      }
      // Put it back only where nothing new has been typed since; otherwise the outbox keeps it.
      if (sameValues(latest.current.values, latest.current.fresh())) {
        restore(outcome.item.values, outcome.item.problem!);
        outbox.dismiss(outcome.item.key);
      } else setStatus(`Refused: ${outcome.item.label}. It is kept under “Waiting to be sent” below.`);
    });
    return () => {
      stop();
      if (mounted.get(formId) === restore) mounted.delete(formId);
    };
    // Registered once per form; `latest` carries the values of each render.
  }, [formId, outbox, fields]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const built = buildCommand(spec, fields, values);
    if (!built.ok) {
      setStatus('');
      showErrors(built.errors);
      return;
    }
    const label = `${title ?? spec.title}${firstText(built.command) ? `: ${firstText(built.command)}` : ''}`;
    const command = prepare ? prepare(built.command) : built.command;
    if ('error' in command) {
      setStatus('');
      showErrors({ '': command.error });
      return;
    }
    const key = outbox.enqueue({
      programmeId: built.programmeId ?? programmeId,
      command,
      label,
      formId,
      values,
    });
    mine.current.add(key);
    setErrors({});
    setValues(fresh());
    setStatus(`Sent: ${label}. Waiting for the server to acknowledge it.`);
    setTimeout(() => focusField(fields.find((f) => fixed[f.name] === undefined)?.name ?? ''), 0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    // Ctrl+Enter sends from a multi-line box, where Enter starts a new line.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  const set = (name: string, value: FormValues[string]) => setValues((v) => ({ ...v, [name]: value }));
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = `${autoId}-heading`;
  const formError = errors[''];
  const errorList = fields.filter((f) => errors[f.name] !== undefined);

  return (
    <form
      ref={form}
      className={`command-form${compact ? ' compact' : ''}`}
      id={formId}
      aria-labelledby={headingId}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
    >
      <Heading id={headingId}>{title ?? spec.title}</Heading>
      {description}
      {(formError !== undefined || errorList.length > 0) && (
        <div className="error-summary" role="alert">
          <p className="error-summary-title">{formError ?? 'There is a problem'}</p>
          {errorList.length > 0 && (
            <ul>
              {errorList.map((f) => (
                <li key={f.name}>
                  <a
                    href={`#${formId}-${f.name}`}
                    onClick={(e) => {
                      e.preventDefault();
                      focusField(f.name);
                    }}
                  >
                    {f.label}: {errors[f.name]}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {fields.map((f) =>
        fixed[f.name] !== undefined ? (
          <p className="field field-fixed" key={f.name}>
            <span className="field-label">{f.label}</span> {fixedText[f.name] ?? shown(fixed[f.name])}
          </p>
        ) : (
          <Fragment key={f.name}>
            <Field
              field={f}
              id={`${formId}-${f.name}`}
              ctx={ctx}
              value={values[f.name]}
              formValues={values}
              error={errors[f.name]}
              onChange={(v) => set(f.name, v)}
            />
            {f.clearable && (
              <div className="field field-clear">
                <label className="choice" htmlFor={`${formId}-${f.name}-clear`}>
                  <input
                    id={`${formId}-${f.name}-clear`}
                    type="checkbox"
                    checked={values[clearKey(f.name)] === 'true'}
                    onChange={(e) => set(clearKey(f.name), e.target.checked ? 'true' : '')}
                  />{' '}
                  Remove the {f.label.toLowerCase()}
                </label>
              </div>
            )}
          </Fragment>
        ),
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {spec.submit}
        </button>
        <p className="form-status" role="status" aria-live="polite">
          {status}
          {waiting > 0 && <span className="pending-badge"> {waiting} waiting to be sent</span>}
        </p>
      </div>
    </form>
  );
};

type FieldProps = {
  field: FieldSpec;
  id: string;
  ctx: FormContext;
  value: FormValues[string] | undefined;
  /** The whole form as typed so far, for a field whose help depends on the others. */
  formValues: FormValues;
  error: string | undefined;
  onChange: (value: FormValues[string]) => void;
};

const Field = ({ field, id, ctx, value, formValues, error, onChange }: FieldProps) => {
  // The value when an upload finishes, not when it started: boxes ticked meanwhile stay ticked.
  const latest = useRef(value);
  latest.current = value;
  const hintId = field.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const label = (
    <>
      {field.label}
      {field.optional && <span className="optional"> (optional)</span>}
    </>
  );
  const hint = field.hint && (
    <p className="hint" id={hintId}>
      {field.hint}
    </p>
  );
  const message = error && (
    <p className="field-error" id={errorId}>
      <span className="sr-only">Error: </span>
      {error}
    </p>
  );
  const str = typeof value === 'string' ? value : '';
  const common = {
    id,
    name: field.name,
    'data-field': field.name,
    'aria-invalid': error !== undefined,
    'aria-describedby': describedBy,
  };
  const className = `field${error ? ' field-invalid' : ''}`;

  switch (field.kind) {
    case 'radio':
    case 'checkboxes': {
      const options = field.options?.(ctx) ?? [];
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset className={`${className} choices`} aria-describedby={describedBy}>
          <legend>{label}</legend>
          {hint}
          {message}
          <div className={`choice-list${field.kind === 'radio' ? ' inline' : ''}`}>
            {options.length === 0 && <p className="empty">None yet.</p>}
            {options.map((o, i) => (
              <label key={o.value} className={`choice${field.name === 'rag' ? ` choice-rag choice-${o.value}` : ''}`}>
                <input
                  type={field.kind === 'radio' ? 'radio' : 'checkbox'}
                  name={`${id}-${field.name}`}
                  value={o.value}
                  {...(i === 0 ? { 'data-field': field.name, id } : {})}
                  aria-invalid={error !== undefined}
                  checked={field.kind === 'radio' ? str === o.value : chosen.includes(o.value)}
                  onChange={(e) =>
                    field.kind === 'radio'
                      ? onChange(o.value)
                      : onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))
                  }
                />{' '}
                {o.label}
              </label>
            ))}
          </div>
          {field.name === 'evidenceIds' && ctx.uploadEvidence && (
            <EvidenceUpload
              ctx={ctx}
              values={formValues}
              upload={ctx.uploadEvidence}
              onUploaded={(evidenceId) => {
                const now = Array.isArray(latest.current) ? (latest.current as string[]) : [];
                onChange([...now.filter((c) => c !== evidenceId), evidenceId]);
              }}
            />
          )}
        </fieldset>
      );
    }
    case 'checkbox':
      return (
        <div className={className}>
          <label className="choice" htmlFor={id}>
            <input
              {...common}
              type="checkbox"
              checked={str === 'true'}
              onChange={(e) => onChange(e.target.checked ? 'true' : '')}
            />{' '}
            {label}
          </label>
          {hint}
          {message}
        </div>
      );
    case 'rows': {
      const cells = field.cells ?? [];
      const rowLabel = field.rowLabel ?? 'Item';
      const rows = Array.isArray(value) ? (value as RowValues[]) : [];
      const setCell = (i: number, name: string, cell: string) =>
        onChange(rows.map((r, j) => (j === i ? { ...r, [name]: cell } : r)));
      return (
        <fieldset className={className} aria-describedby={describedBy}>
          <legend>{label}</legend>
          {hint}
          {message}
          {rows.map((row, i) => (
            <div className="upcoming-row" key={i}>
              {cells.map((c, k) => (
                <Cell
                  key={c.name}
                  cell={c}
                  ctx={ctx}
                  id={i === 0 && k === 0 ? id : `${id}-${c.name}-${i}`}
                  dataField={i === 0 && k === 0 ? field.name : undefined}
                  label={c.label.replace('{n}', String(i + 1))}
                  value={row[c.name] ?? ''}
                  onChange={(v) => setCell(i, c.name, v)}
                />
              ))}
              {rows.length > 1 && (
                <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  Remove
                  <span className="sr-only">
                    {' '}
                    {rowLabel.toLowerCase()} {i + 1}
                  </span>
                </button>
              )}
            </div>
          ))}
          <button
            type="button"
            onClick={() => {
              // The keyboard goes on to the row it asked for, not back past every cell before the
              // button: rendered at once, so not one key typed next is lost.
              flushSync(() => onChange([...rows, Object.fromEntries(cells.map((c) => [c.name, '']))]));
              document.getElementById(`${id}-${cells[0]?.name}-${rows.length}`)?.focus();
            }}
          >
            Add another {rowLabel.toLowerCase()}
          </button>
        </fieldset>
      );
    }
    case 'group': {
      const cells = field.cells ?? [];
      const row = (Array.isArray(value) ? (value as RowValues[]) : [])[0] ?? {};
      return (
        <fieldset className={className} aria-describedby={describedBy}>
          <legend>{label}</legend>
          {hint}
          {message}
          <div className="upcoming-row">
            {cells.map((c, k) => (
              <Cell
                key={c.name}
                cell={c}
                ctx={ctx}
                id={k === 0 ? id : `${id}-${c.name}`}
                dataField={k === 0 ? field.name : undefined}
                label={c.label}
                value={row[c.name] ?? ''}
                onChange={(v) => onChange([{ ...row, [c.name]: v }])}
              />
            ))}
          </div>
        </fieldset>
      );
    }
    case 'select':
    case 'subject': {
      const options = field.options?.(ctx) ?? [];
      return (
        <div className={className}>
          <label htmlFor={id}>{label}</label>
          {hint}
          {message}
          <select {...common} value={str} onChange={(e) => onChange(e.target.value)}>
            <option value="">
              {field.optional ? 'None' : options.length === 0 ? 'Nothing to choose yet' : 'Choose…'}
            </option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      );
    }
    case 'textarea':
    case 'lines':
      return (
        <div className={className}>
          <label htmlFor={id}>{label}</label>
          {hint}
          {message}
          <textarea
            {...common}
            rows={field.kind === 'lines' ? 3 : 2}
            value={str}
            onChange={(e) => onChange(e.target.value)}
          />
        </div>
      );
    case 'date':
      return (
        <DateBoxes
          id={id}
          legend={label}
          className={className}
          value={str}
          onChange={onChange}
          hint={hint}
          message={message}
          describedBy={describedBy}
          invalid={error !== undefined}
          name={field.name}
        />
      );
    default: {
      const suggestions = field.suggestions?.(ctx) ?? [];
      const listId = suggestions.length > 0 ? `${id}-suggestions` : undefined;
      return (
        <div className={className}>
          <label htmlFor={id}>{label}</label>
          {hint}
          {message}
          <input
            {...common}
            type="text"
            inputMode={field.kind === 'number' ? 'numeric' : field.kind === 'pounds' ? 'decimal' : undefined}
            autoComplete="off"
            spellCheck={field.kind === 'slug' ? false : undefined}
            list={listId}
            value={str}
            onChange={(e) => onChange(e.target.value)}
          />
          {listId && (
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          )}
        </div>
      );
    }
  }
};

/** One cell of a repeatable row: a date's boxes, a choice, or a box to type in, labelled with its row. */
const Cell = ({
  cell,
  ctx,
  id,
  dataField,
  label,
  value,
  onChange,
}: {
  cell: FieldSpec;
  ctx: FormContext;
  id: string;
  dataField: string | undefined;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) => {
  const optional = cell.optional && <span className="optional"> (optional)</span>;
  const common = { id, ...(dataField ? { 'data-field': dataField } : {}), value };
  if (cell.kind === 'date')
    return (
      <DateBoxes
        id={id}
        legend={
          <>
            {label}
            {optional}
          </>
        }
        value={value}
        onChange={onChange}
        {...(dataField ? { name: dataField } : {})}
      />
    );
  return (
    <label>
      <span>
        {label}
        {optional}
      </span>
      {cell.kind === 'select' ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">{cell.optional ? 'None' : 'Choose…'}</option>
          {(cell.options?.(ctx) ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type="text"
          autoComplete="off"
          inputMode={cell.kind === 'number' ? 'numeric' : cell.kind === 'pounds' ? 'decimal' : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </label>
  );
};

/**
 * A date as day, month and year boxes in a fieldset (the GOV.UK date pattern): plain text boxes,
 * so every digit typed stays typed, with the numeric keyboard on a phone. The day box carries `id`
 * and `data-field`, so an error's link and the jump to the first error land on it.
 */
export const DateBoxes = ({
  id,
  legend,
  value,
  onChange,
  className = 'field',
  hint,
  message,
  describedBy,
  invalid = false,
  name,
}: {
  id: string;
  legend: ReactNode;
  value: string;
  onChange: (value: string) => void;
  className?: string;
  hint?: ReactNode;
  message?: ReactNode;
  describedBy?: string | undefined;
  invalid?: boolean;
  name?: string;
}) => {
  const parts = dateParts(value);
  const box = (part: keyof DateParts, label: string, size: 'short' | 'long') => (
    <div className={`date-box date-box-${size}`}>
      <label htmlFor={part === 'day' ? id : `${id}-${part}`}>{label}</label>
      <input
        type="text"
        inputMode="numeric"
        autoComplete="off"
        id={part === 'day' ? id : `${id}-${part}`}
        {...(part === 'day' && name ? { 'data-field': name } : {})}
        name={name ? `${name}-${part}` : undefined}
        aria-invalid={invalid}
        value={parts[part]}
        onChange={(e) => onChange(joinDate({ ...parts, [part]: e.target.value }))}
      />
    </div>
  );
  return (
    <fieldset className={`${className} date-input`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint ?? <p className="hint">For example, 27 3 2024</p>}
      {message}
      <div className="date-boxes">
        {box('day', 'Day', 'short')}
        {box('month', 'Month', 'short')}
        {box('year', 'Year', 'long')}
      </div>
    </fieldset>
  );
};
