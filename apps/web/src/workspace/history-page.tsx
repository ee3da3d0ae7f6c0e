import { EventEnvelope, HistorySubject } from '@steerlog/domain';
import type { RecordedEvent } from '@steerlog/domain';
import { useEffect, useId, useMemo, useState } from 'react';
import { z } from 'zod';
import { ApiError, getJson } from '../api.js';
import { formatDate, formatDateTime } from '../format.js';
import { navigate } from '../router.js';
import { CorrectionNote, CorrectLink } from './correction.js';
import { describeEvent, namesOf, whyOf } from './describe-event.js';
import { readEnvelope } from './log-page.js';
import { subjectChoices } from './subjects.js';
import type { Workspace } from './workspace.js';

/**
 * The history of one thing ("why is this workstream red?"): every event that shaped it, oldest
 * first, with who recorded it, when it happened and when it was recorded, and why.
 */
export const HistoryPage = ({ ws }: { ws: Workspace }) => {
  const id = useId();
  const subject = new URLSearchParams(window.location.search).get('subject') ?? '';
  const choices = useMemo(() => subjectChoices(ws.view), [ws.view]);
  const names = useMemo(() => namesOf(ws.view), [ws.view]);
  const [events, setEvents] = useState<RecordedEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const valid = HistorySubject.safeParse(subject).success;

  useEffect(() => {
    if (!valid) return;
    const abort = new AbortController();
    setEvents(null);
    getJson(
      ws.token,
      `/api/programmes/${encodeURIComponent(ws.programmeId)}/history?subject=${encodeURIComponent(subject)}`,
      z.array(EventEnvelope),
      abort.signal,
    ).then(
      (got) => {
        setEvents(got.flatMap((e) => readEnvelope(e) ?? []));
        setError(null);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof ApiError ? e.message : 'The history could not be read.');
      },
    );
    return () => abort.abort();
  }, [ws.token, ws.programmeId, subject, valid, ws.live.lastPosition]);

  const label = choices.find((c) => c.value === subject)?.label ?? subject;
  const retracted = new Set(events?.flatMap((e) => (e.type === 'EventRetracted' ? [e.data.eventId] : [])) ?? []);
  return (
    <>
      <h2 className="page-title">History</h2>
      <div className="field">
        <label htmlFor={`${id}-thing`}>Thing</label>
        <select
          id={`${id}-thing`}
          value={subject}
          onChange={(e) =>
            navigate(ws.href('history', e.target.value ? { subject: e.target.value } : undefined), { replace: true })
          }
        >
          <option value="">Choose a partner, workstream, milestone…</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      {error && <p className="alert">{error}</p>}
      {valid && (
        <section aria-labelledby={`${id}-heading`}>
          <h3 id={`${id}-heading`}>History of {label}</h3>
          {events === null ? (
            <p role="status">Reading the history…</p>
          ) : events.length === 0 ? (
            <p className="empty">Nothing recorded about it.</p>
          ) : (
            <ol className="history-list">
              {events.map((e) => (
                <li key={e.id} className={retracted.has(e.id) ? 'retracted' : undefined}>
                  <p className="history-what">
                    {describeEvent(e, names, { reason: false })}
                    {retracted.has(e.id) && <strong> (retracted)</strong>}
                    <CorrectionNote ws={ws} correctionOf={e.meta.correctionOf} /> <CorrectLink ws={ws} eventId={e.id} />
                  </p>
                  <p className="meta">
                    Happened {formatDate(e.occurredAt)}; recorded {formatDateTime(e.recordedAt)} by{' '}
                    <strong>{e.actor}</strong>
                    {e.meta.meetingId && <> at the meeting “{names.meeting(e.meta.meetingId)}”</>}.
                  </p>
                  {whyOf(e) && <p className="history-why">Why: {whyOf(e)}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </>
  );
};
