import { Diff } from '@steerlog/contract';
import type { FormEvent } from 'react';
import { useEffect, useId, useMemo, useState } from 'react';
import { ApiError, getJson } from '../api.js';
import { formatDate, formatDateTime, formatWhen } from '../format.js';
import { TableScroll } from '../table-scroll.js';
import { describeEvent, namesOf } from './describe-event.js';
import { changeLines, kindLabels, thingName } from './diff-words.js';
import { DateBoxes } from './forms/command-form.js';
import { isoDate } from './forms/dates.js';
import type { Option } from './forms/specs.js';
import { readEnvelope } from './log-page.js';
import type { Workspace } from './workspace.js';

type Mode = 'meetings' | 'dates';
type Query =
  { mode: 'meetings'; from: string; to: string } | { mode: 'dates'; from: string; to: string; asKnown: boolean };

const today = () => new Date().toISOString().slice(0, 10);

/** The server's query for a comparison: log positions for meetings, days (as known now or then) for dates. */
export const diffQuery = (q: Query): URLSearchParams => {
  const params = new URLSearchParams({ from: q.from, to: q.to });
  if (q.mode === 'dates' && q.asKnown) {
    params.set('fromKnownAt', q.from);
    params.set('toKnownAt', q.to);
  }
  return params;
};

/**
 * What changed between two points: two meetings (the record as each closed) or two dates (what
 * had happened by each, as known now, or as known on each day). The server folds both and compares.
 */
export const DiffPage = ({ ws }: { ws: Workspace }) => {
  const id = useId();
  const names = useMemo(() => namesOf(ws.view), [ws.view]);
  const points = useMemo((): Option[] => {
    const closes = new Map(
      ws.events.flatMap((e) => (e.type === 'MeetingClosed' ? [[e.data.meetingId, e.position] as const] : [])),
    );
    return [
      ...ws.view.meetings.flatMap((m) => {
        const position = closes.get(m.meetingId);
        return position === undefined
          ? []
          : [{ value: String(position), label: `${m.title} (closed ${formatWhen(m.closedAt!)})` }];
      }),
      { value: String(ws.live.lastPosition), label: 'Now' },
    ];
  }, [ws.events, ws.view.meetings, ws.live.lastPosition]);
  const firstDay = ws.events.reduce((d, e) => (e.occurredAt.slice(0, 10) < d ? e.occurredAt.slice(0, 10) : d), today());
  const [mode, setMode] = useState<Mode>('meetings');
  const [from, setFrom] = useState(() => points.at(-3)?.value ?? points[0]!.value);
  const [to, setTo] = useState(() => points.at(-2)?.value ?? points.at(-1)!.value);
  const [dates, setDates] = useState({ from: firstDay, to: today(), asKnown: false });
  const [typed, setTyped] = useState({ from: firstDay, to: today() });
  const [dateErrors, setDateErrors] = useState<Partial<Record<'from' | 'to', string>>>({});
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query: Query = mode === 'meetings' ? { mode, from, to } : { mode, ...dates };
  const queryKey = diffQuery(query).toString();

  useEffect(() => {
    const abort = new AbortController();
    setDiff(null);
    getJson(
      ws.token,
      `/api/programmes/${encodeURIComponent(ws.programmeId)}/diff?${queryKey}`,
      Diff,
      abort.signal,
    ).then(
      (d) => {
        setDiff(d);
        setError(null);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof ApiError ? e.message : 'The comparison failed.');
      },
    );
    return () => abort.abort();
  }, [ws.token, ws.programmeId, queryKey]);

  const picker = (name: 'from' | 'to', value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{name === 'from' ? 'From' : 'To'}</label>
      <select id={`${id}-${name}`} value={value} onChange={(e) => e.target.value && set(e.target.value)}>
        {points.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </select>
    </div>
  );

  const compareDates = (event: FormEvent) => {
    event.preventDefault();
    const f = isoDate(typed.from);
    const t = isoDate(typed.to);
    const errors = {
      ...(f.ok ? {} : { from: `The first date ${f.problem}, for example 1 4 2022.` }),
      ...(t.ok ? {} : { to: `The second date ${t.problem}, for example 22 6 2022.` }),
    };
    setDateErrors(errors);
    if (f.ok && t.ok) setDates((d) => ({ ...d, from: f.date, to: t.date }));
    else document.getElementById(`${id}-${f.ok ? 'to' : 'from'}-date`)?.focus();
  };

  const describedPoint = (side: 'from' | 'to') =>
    query.mode === 'meetings'
      ? (points.find((p) => p.value === query[side])?.label ?? `the record at entry ${query[side]}`)
      : `the end of ${formatDate(query[side])} (${query.asKnown ? 'as known that day' : 'as known now'})`;

  const lines = diff ? changeLines(diff, names) : [];
  return (
    <>
      <h2 className="page-title">Compare</h2>
      <div className="explainer">
        <p>
          What changed between two moments. <strong>Between meetings</strong> compares the record as it stood when each
          meeting closed: what the board had seen. <strong>Between dates</strong> compares what had happened by each
          date; by default as known now, so something that happened in May but was recorded in July counts in May. Tick
          “as known on each date” to leave out what had not yet been recorded then.
        </p>
      </div>
      <fieldset className="field choices">
        <legend>Compare</legend>
        <div className="choice-list inline">
          {(['meetings', 'dates'] as const).map((m) => (
            <label key={m} className="choice">
              <input type="radio" name={`${id}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />{' '}
              {m === 'meetings' ? 'Between meetings' : 'Between dates'}
            </label>
          ))}
        </div>
      </fieldset>
      {mode === 'meetings' ? (
        <div className="time-controls">
          {picker('from', from, setFrom)}
          {picker('to', to, setTo)}
        </div>
      ) : (
        <form className="time-controls" onSubmit={compareDates} aria-label="Dates to compare">
          {(['from', 'to'] as const).map((side) => (
            <DateBoxes
              key={side}
              id={`${id}-${side}-date`}
              legend={side === 'from' ? 'From the end of' : 'To the end of'}
              className={`field${dateErrors[side] ? ' field-invalid' : ''}`}
              value={typed[side]}
              invalid={dateErrors[side] !== undefined}
              message={dateErrors[side] && <p className="field-error">{dateErrors[side]}</p>}
              onChange={(v) => setTyped((t) => ({ ...t, [side]: v }))}
            />
          ))}
          <label className="choice">
            <input
              type="checkbox"
              checked={dates.asKnown}
              onChange={(e) => setDates((d) => ({ ...d, asKnown: e.target.checked }))}
            />{' '}
            As known on each date
          </label>
          <div className="form-actions">
            <button type="submit" className="button-primary">
              Compare these dates
            </button>
          </div>
        </form>
      )}
      {error && <p className="alert">{error}</p>}
      {diff === null ? (
        <p role="status">Comparing…</p>
      ) : (
        <div className="diff" role="region" aria-label="Differences">
          <p role="status">
            From {describedPoint('from')} to {describedPoint('to')}: {diff.added.length} added, {lines.length} changed,{' '}
            {diff.removed.length} removed, {diff.retracted.length} withdrawn.
          </p>
          <h3>Added</h3>
          {diff.added.length === 0 ? (
            <p className="empty">Nothing.</p>
          ) : (
            <ul className="plain-list">
              {diff.added.map((a) => (
                <li key={`${a.kind}:${a.id}`}>
                  <span className="diff-kind">{kindLabels[a.kind] ?? a.kind}</span>{' '}
                  {thingName(a.kind, a.id, a.item, names)}
                </li>
              ))}
            </ul>
          )}
          <h3>Changed</h3>
          {lines.length === 0 ? (
            <p className="empty">Nothing.</p>
          ) : (
            <TableScroll label="What changed">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">What</th>
                    <th scope="col">Which</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((c) => (
                    <tr key={c.key}>
                      <th scope="row">
                        <span className="diff-kind">{c.kind}</span> {c.thing}
                      </th>
                      <td>{c.field}</td>
                      <td>{c.before}</td>
                      <td>{c.after}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <h3>Removed</h3>
          {diff.removed.length === 0 ? (
            <p className="empty">Nothing.</p>
          ) : (
            <ul className="plain-list">
              {diff.removed.map((r) => (
                <li key={`${r.kind}:${r.id}`}>
                  <span className="diff-kind">{kindLabels[r.kind] ?? r.kind}</span>{' '}
                  {thingName(r.kind, r.id, r.item, names)}
                </li>
              ))}
            </ul>
          )}
          <h3>Withdrawn entries</h3>
          {diff.retracted.length === 0 ? (
            <p className="empty">None.</p>
          ) : (
            <ul className="plain-list">
              {diff.retracted.map((e) => {
                const event = readEnvelope(e);
                return (
                  <li key={e.id}>
                    {event ? describeEvent(event, names) : 'A correction'}{' '}
                    <span className="meta">
                      recorded {formatDateTime(e.recordedAt)} by {e.actor}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </>
  );
};
