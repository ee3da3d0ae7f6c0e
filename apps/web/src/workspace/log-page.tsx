import type { HistorySubject, RecordedEvent } from '@steerlog/domain';
import { DomainEvent, EventEnvelope, concerns, eventTypes, HistorySubject as SubjectSchema } from '@steerlog/domain';
import type { FormEvent } from 'react';
import { useEffect, useId, useMemo, useState } from 'react';
import { z } from 'zod';
import { ApiError, getJson } from '../api.js';
import { formatDateTime } from '../format.js';
import { describeEvent, namesOf, whyOf } from './describe-event.js';
import { subjectChoices } from './subjects.js';
import type { Workspace } from './workspace.js';
import { TableScroll } from '../table-scroll.js';

const EventPage = z.object({ events: z.array(EventEnvelope), next: z.number().int().nullable() });
const PAGE_SIZE = 25;
const FETCH_SIZE = 200;

export type LogFilter = { type: string; subject: string; actor: string; from: string; to: string };
const noFilter: LogFilter = { type: '', subject: '', actor: '', from: '', to: '' };

/** Envelopes as domain events; one this client cannot read is still listed, by type only. */
export const readEnvelope = (e: EventEnvelope): RecordedEvent | null => {
  const parsed = DomainEvent.safeParse({ type: e.type, data: e.data });
  return parsed.success ? { ...e, ...parsed.data } : null;
};

/** Whether an event passes the auditor's filters (type, thing, actor, occurred between dates). */
export const matches = (e: RecordedEvent, filter: LogFilter, subject: HistorySubject | null): boolean =>
  (filter.type === '' || e.type === filter.type) &&
  (subject === null || concerns(e, subject)) &&
  (filter.actor === '' || e.actor.toLowerCase().includes(filter.actor.trim().toLowerCase())) &&
  (filter.from === '' || e.occurredAt.slice(0, 10) >= filter.from) &&
  (filter.to === '' || e.occurredAt.slice(0, 10) <= filter.to);

type Page = { rows: RecordedEvent[]; next: number | null };

/**
 * The event log, filtered and paged. The server pages by position (`after`, `limit`); filters
 * apply in the browser, reading on until a page of matches is full or the log ends.
 */
export const LogPage = ({ ws }: { ws: Workspace }) => {
  const formId = useId();
  const [draft, setDraft] = useState<LogFilter>(noFilter);
  const [filter, setFilter] = useState<LogFilter>(noFilter);
  /** `after` of each page shown so far: the last is the current page. */
  const [cursors, setCursors] = useState<number[]>([0]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = useMemo(() => namesOf(ws.view), [ws.view]);
  const choices = useMemo(() => subjectChoices(ws.view), [ws.view]);
  const after = cursors.at(-1)!;

  useEffect(() => {
    const abort = new AbortController();
    const subject = filter.subject ? (SubjectSchema.safeParse(filter.subject).data ?? null) : null;
    const load = async (): Promise<Page> => {
      const rows: RecordedEvent[] = [];
      let cursor: number | null = after;
      while (cursor !== null && rows.length < PAGE_SIZE) {
        const got: z.infer<typeof EventPage> = await getJson(
          ws.token,
          `/api/programmes/${encodeURIComponent(ws.programmeId)}/events?after=${cursor}&limit=${FETCH_SIZE}`,
          EventPage,
          abort.signal,
        );
        let stoppedAt: number | null = null;
        for (const envelope of got.events) {
          const e = readEnvelope(envelope);
          if (e && matches(e, filter, subject)) rows.push(e);
          if (rows.length === PAGE_SIZE) {
            stoppedAt = envelope.position;
            break;
          }
        }
        cursor = stoppedAt ?? got.next;
        if (stoppedAt !== null) {
          // More may follow even though this fetch filled the page; the next page will tell.
          return { rows, next: stoppedAt === got.events.at(-1)?.position ? got.next : stoppedAt };
        }
      }
      return { rows, next: cursor };
    };
    setPage(null);
    load().then(setPage, (e: unknown) => {
      if (!abort.signal.aborted) setError(e instanceof ApiError ? e.message : 'The log could not be read.');
    });
    return () => abort.abort();
  }, [ws.token, ws.programmeId, filter, after]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setFilter(draft);
    setCursors([0]);
  };
  const field = (name: keyof LogFilter) => ({
    id: `${formId}-${name}`,
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
  });
  const pageNumber = cursors.length;

  return (
    <>
      <h2 className="page-title">Event log</h2>
      <form className="filters" onSubmit={apply} aria-label="Filter the log">
        <div className="field">
          <label htmlFor={`${formId}-type`}>Type</label>
          <select {...field('type')}>
            <option value="">Any type</option>
            {eventTypes.map((t) => (
              <option key={t} value={t}>
                {t}
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
        <div className="field">
          <label htmlFor={`${formId}-from`}>Occurred from</label>
          <input type="date" {...field('from')} />
        </div>
        <div className="field">
          <label htmlFor={`${formId}-to`}>Occurred to</label>
          <input type="date" {...field('to')} />
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
              setCursors([0]);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {error && <p className="alert">{error}</p>}
      <div className="pager" role="group" aria-label="Pages">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <span role="status">
          {page === null ? 'Reading the log…' : `Page ${pageNumber}: ${page.rows.length} events`}
        </span>
        <button
          type="button"
          disabled={page === null || page.next === null}
          onClick={() => page?.next != null && setCursors((c) => [...c, page.next!])}
        >
          Next page
        </button>
      </div>
      {page && (
        <TableScroll label="Events">
          <table className="data-table log-table">
            <caption className="sr-only">Events, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Occurred</th>
                <th scope="col">Recorded</th>
                <th scope="col">By</th>
                <th scope="col">Type</th>
                <th scope="col">What and why</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((e) => (
                <tr key={e.id}>
                  <td>{e.position}</td>
                  <td>{e.occurredAt.slice(0, 10)}</td>
                  <td>{formatDateTime(e.recordedAt)}</td>
                  <td>{e.actor}</td>
                  <td>{e.type}</td>
                  <td>
                    {describeEvent(e, names)}
                    {whyOf(e) && e.type !== 'RagChanged' && <span className="meta"> Why: {whyOf(e)}</span>}
                    {e.meta.meetingId && <span className="meta"> (meeting {e.meta.meetingId})</span>}
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
