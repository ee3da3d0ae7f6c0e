import { EventPage, eventTypeLabels } from '@steerlog/contract';
import type { EventEnvelope, RecordedEvent } from '@steerlog/domain';
import { DomainEvent, eventTypes } from '@steerlog/domain';
import type { FormEvent } from 'react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiError, getJson } from '../api.js';
import { formatDate, formatDateTime } from '../format.js';
import { TableScroll } from '../table-scroll.js';
import { CorrectionNote, CorrectLink } from './correction.js';
import { describeEvent, namesOf, whyOf } from './describe-event.js';
import { DateBoxes } from './forms/command-form.js';
import { isoDate } from './forms/dates.js';
import { subjectChoices } from './subjects.js';
import type { Workspace } from './workspace.js';

const PAGE_SIZE = 25;

export type LogFilter = {
  type: string;
  subject: string;
  actor: string;
  from: string;
  to: string;
  order: 'newest' | 'oldest';
};
const noFilter: LogFilter = { type: '', subject: '', actor: '', from: '', to: '', order: 'newest' };

/** Envelopes as domain events; one this client cannot read is still listed, by type only. */
export const readEnvelope = (e: EventEnvelope): RecordedEvent | null => {
  const parsed = DomainEvent.safeParse({ type: e.type, data: e.data });
  return parsed.success ? { ...e, ...parsed.data } : null;
};

/**
 * The query of one page of the log: the filters go to the server (`GET .../events`), which pages
 * in the chosen order; `cursor` is the `next` of the page before, null for the first.
 */
export const logQuery = (filter: LogFilter, cursor: number | null): URLSearchParams => {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE), order: filter.order });
  if (cursor !== null) q.set(filter.order === 'newest' ? 'before' : 'after', String(cursor));
  if (filter.type) q.set('type', filter.type);
  if (filter.subject) q.set('subject', filter.subject);
  if (filter.actor.trim()) q.set('actor', filter.actor.trim());
  const from = isoDate(filter.from);
  const to = isoDate(filter.to);
  if (from.ok) q.set('occurredFrom', from.date);
  if (to.ok) q.set('occurredTo', to.date);
  return q;
};

/** What is wrong with the dates of a filter, in words, by field. */
const dateProblems = (filter: LogFilter): Partial<Record<'from' | 'to', string>> => {
  const problems: Partial<Record<'from' | 'to', string>> = {};
  for (const [key, label] of [
    ['from', 'Happened from'],
    ['to', 'Happened to'],
  ] as const) {
    const date = filter[key] === '' ? null : isoDate(filter[key]);
    if (date && !date.ok) problems[key] = `${label} ${date.problem}, for example 27 3 2024.`;
  }
  return problems;
};

type Page = { rows: { envelope: EventEnvelope; event: RecordedEvent | null }[]; next: number | null };

/** The event log, newest first unless asked otherwise, filtered and paged by the server. */
export const LogPage = ({ ws }: { ws: Workspace }) => {
  const formId = useId();
  const [draft, setDraft] = useState<LogFilter>(noFilter);
  const [filter, setFilter] = useState<LogFilter>(noFilter);
  /** The cursor of each page shown so far: the last is the current page. */
  const [cursors, setCursors] = useState<(number | null)[]>([null]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Partial<Record<'from' | 'to', string>>>({});
  const names = useMemo(() => namesOf(ws.view), [ws.view]);
  const choices = useMemo(() => subjectChoices(ws.view), [ws.view]);
  const cursor = cursors.at(-1)!;
  const table = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    setPage(null);
    getJson(
      ws.token,
      `/api/programmes/${encodeURIComponent(ws.programmeId)}/events?${logQuery(filter, cursor).toString()}`,
      EventPage,
      abort.signal,
    ).then(
      (got) => setPage({ rows: got.events.map((e) => ({ envelope: e, event: readEnvelope(e) })), next: got.next }),
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof ApiError ? e.message : 'The log could not be read.');
      },
    );
    return () => abort.abort();
  }, [ws.token, ws.programmeId, filter, cursor]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = dateProblems(draft);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`${formId}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setError(null);
    setFilter(draft);
    setCursors([null]);
  };
  const field = (name: 'type' | 'subject' | 'actor' | 'order') => ({
    id: `${formId}-${name}`,
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
  });
  const pageNumber = cursors.length;
  const turn = (to: (number | null)[]) => {
    setCursors(to);
    table.current?.focus();
  };

  return (
    <>
      <h2 className="page-title">Event log</h2>
      <p className="meta">
        Every change ever recorded, newest first: nothing is edited or deleted, corrections are new entries.
      </p>
      <form className="filters" onSubmit={apply} aria-label="Filter the log">
        <div className="field">
          <label htmlFor={`${formId}-type`}>Type</label>
          <select {...field('type')}>
            <option value="">Any type</option>
            {eventTypes.map((t) => (
              <option key={t} value={t}>
                {eventTypeLabels[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${formId}-subject`}>Thing</label>
          <select {...field('subject')}>
            <option value="">Anything</option>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${formId}-actor`}>Recorded by</label>
          <input type="text" autoComplete="off" {...field('actor')} />
        </div>
        <DateBoxes
          id={`${formId}-from`}
          legend="Happened from"
          className={`field${problems.from ? ' field-invalid' : ''}`}
          value={draft.from}
          onChange={(from) => setDraft((d) => ({ ...d, from }))}
          message={problems.from && <p className="field-error">{problems.from}</p>}
          invalid={problems.from !== undefined}
        />
        <DateBoxes
          id={`${formId}-to`}
          legend="Happened to"
          className={`field${problems.to ? ' field-invalid' : ''}`}
          value={draft.to}
          onChange={(to) => setDraft((d) => ({ ...d, to }))}
          message={problems.to && <p className="field-error">{problems.to}</p>}
          invalid={problems.to !== undefined}
        />
        <div className="field">
          <label htmlFor={`${formId}-order`}>Order</label>
          <select {...field('order')}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            Apply filters
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(noFilter);
              setFilter(noFilter);
              setProblems({});
              setCursors([null]);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {error && <p className="alert">{error}</p>}
      <div className="pager" role="group" aria-label="Pages">
        <button type="button" disabled={cursors.length === 1} onClick={() => turn(cursors.slice(0, -1))}>
          Previous page
        </button>
        <span role="status">
          {page === null ? 'Reading the log…' : `Page ${pageNumber}: ${page.rows.length} events`}
        </span>
        <button
          type="button"
          disabled={page === null || page.next === null}
          onClick={() => page?.next != null && turn([...cursors, page.next])}
        >
          Next page
        </button>
      </div>
      <h3 className="sr-only" ref={table} tabIndex={-1}>
        Events, {filter.order === 'newest' ? 'newest' : 'oldest'} first, page {pageNumber}
      </h3>
      {page && page.rows.length > 0 && (
        <TableScroll label="Events">
          <table className="data-table log-table">
            <caption className="sr-only">Events, {filter.order === 'newest' ? 'newest' : 'oldest'} first</caption>
            <thead>
              <tr>
                <th scope="col">Happened</th>
                <th scope="col">Recorded</th>
                <th scope="col">By</th>
                <th scope="col">What</th>
                <th scope="col">What and why</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map(({ envelope, event: e }) => (
                <tr key={envelope.id} data-position={envelope.position}>
                  <td>{formatDate(envelope.occurredAt)}</td>
                  <td>{formatDateTime(envelope.recordedAt)}</td>
                  <td>{envelope.actor}</td>
                  <td>{eventTypeLabels[envelope.type]}</td>
                  <td>
                    {e ? describeEvent(e, names) : 'An entry this page cannot read.'}
                    {e && whyOf(e) && e.type !== 'RagChanged' && <span className="meta"> Why: {whyOf(e)}</span>}
                    {envelope.meta.meetingId && (
                      <span className="meta"> (at the meeting “{names.meeting(envelope.meta.meetingId)}”)</span>
                    )}
                    <CorrectionNote ws={ws} correctionOf={envelope.meta.correctionOf} />{' '}
                    <CorrectLink ws={ws} eventId={envelope.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {page?.rows.length === 0 && <p className="empty">No event matches.</p>}
    </>
  );
};
