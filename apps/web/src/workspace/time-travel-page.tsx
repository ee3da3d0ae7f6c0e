import type { ProgrammeView as View } from '@steerlog/domain';
import { ProgrammeView } from '@steerlog/domain';
import { useEffect, useId, useMemo, useState } from 'react';
import { ApiError, getJson } from '../api.js';
import { formatDate, formatDateTime, plural } from '../format.js';
import { navigate } from '../router.js';
import { describeEvent, namesOf } from './describe-event.js';
import { DateBoxes } from './forms/command-form.js';
import { isoDate } from './forms/dates.js';
import { hindsightDays, learntSince } from './hindsight.js';
import { StateView } from './state-view.js';
import type { Workspace } from './workspace.js';

const today = () => new Date().toISOString().slice(0, 10);
const endOfDay = (date: string) => `${date}T23:59:59.999Z`;

/** Every date something happened, oldest first, ending today: the stops of the scrubber. */
export const scrubStops = (occurred: readonly string[], now: string): string[] =>
  [...new Set([...occurred.map((o) => o.slice(0, 10)), now])].filter((d) => d <= now).sort();

/** What the page shows for a cut: the programme, or why there is none (in words), or that it is on its way. */
type Shown =
  | { kind: 'loading' }
  | { kind: 'view'; view: View }
  | { kind: 'nothing'; why: string }
  | { kind: 'error'; message: string };

/**
 * How many things that had happened by `asOf` Steerlog learnt of only after `knownAt`: the gap
 * between what happened when and what was known when, said in numbers.
 */
export const learntLater = (
  events: readonly { occurredAt: string; recordedAt: string }[],
  asOf: string,
  knownAt: string | null,
): number =>
  knownAt === null
    ? 0
    : events.filter((e) => e.occurredAt <= endOfDay(asOf) && e.recordedAt > endOfDay(knownAt)).length;

/**
 * Time travel: the whole programme as it stood on a day (what had happened by then) and, if
 * asked, as it was known on another (what had been recorded by then), folded by the server.
 */
export const TimeTravelPage = ({ ws }: { ws: Workspace }) => {
  const id = useId();
  const query = new URLSearchParams(window.location.search);
  const asOf = isoDate(query.get('asOf') ?? '').ok ? query.get('asOf')! : today();
  const knownAt = isoDate(query.get('knownAt') ?? '').ok ? query.get('knownAt')! : null;
  const stops = useMemo(
    () =>
      scrubStops(
        ws.events.map((e) => e.occurredAt),
        today(),
      ),
    [ws.events],
  );
  const firstRecorded = ws.events[0]?.recordedAt ?? null;
  // What is typed in the boxes, kept apart from the cut until it is a real date.
  const [typedAsOf, setTypedAsOf] = useState(asOf);
  const [typedKnownAt, setTypedKnownAt] = useState(knownAt ?? '');
  const [shown, setShown] = useState<Shown>({ kind: 'loading' });
  const set = (next: { asOf?: string; knownAt?: string | null }) => {
    const k = next.knownAt === undefined ? knownAt : next.knownAt;
    navigate(ws.href('time-travel', { asOf: next.asOf ?? asOf, ...(k ? { knownAt: k } : {}) }), { replace: true });
  };
  // The scrubber or "Back to now" moved the cut: show it in the boxes, unless they already say it.
  const sameDay = (typed: string, date: string) => {
    const d = isoDate(typed);
    return d.ok ? d.date === date : typed === date;
  };
  useEffect(() => setTypedAsOf((t) => (sameDay(t, asOf) ? t : asOf)), [asOf]);
  useEffect(() => setTypedKnownAt((t) => (sameDay(t, knownAt ?? '') ? t : (knownAt ?? ''))), [knownAt]);

  useEffect(() => {
    const abort = new AbortController();
    setShown({ kind: 'loading' });
    const timer = setTimeout(() => {
      const q = new URLSearchParams({ asOf, ...(knownAt ? { knownAt } : {}) });
      getJson(
        ws.token,
        `/api/programmes/${encodeURIComponent(ws.programmeId)}/state?${q.toString()}`,
        ProgrammeView,
        abort.signal,
      ).then(
        (view) => setShown({ kind: 'view', view }),
        (e: unknown) => {
          if (abort.signal.aborted) return;
          if (e instanceof ApiError && e.status === 404)
            setShown({
              kind: 'nothing',
              why: knownAt
                ? `By the end of ${formatDate(knownAt)} nothing about this programme had been recorded yet${
                    firstRecorded ? `: the first entry was made on ${formatDateTime(firstRecorded)}` : ''
                  }. Try a later “known on” date, or leave it empty to use everything known now.`
                : `The programme had not started by ${formatDate(asOf)}. Try a later date.`,
            });
          else setShown({ kind: 'error', message: e instanceof ApiError ? e.message : 'The state could not be read.' });
        },
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [ws.token, ws.programmeId, asOf, knownAt, firstRecorded]);

  const stopIndex = Math.max(
    0,
    stops.findIndex((s) => s >= asOf),
  );
  const later = learntLater(ws.events, asOf, knownAt);
  const hindsight = useMemo(() => hindsightDays(ws.events).slice(0, 4), [ws.events]);
  const since = knownAt ? learntSince(ws.events, asOf, knownAt) : null;
  const names = namesOf(ws.view);
  const asOfTyped = isoDate(typedAsOf);
  const knownTyped = typedKnownAt === '' ? null : isoDate(typedKnownAt);
  return (
    <>
      <h2 className="page-title">Time travel</h2>
      <div className="explainer">
        <p>Every entry in the record has two dates, and this page lets you set each:</p>
        <ul>
          <li>
            <strong>What had happened by</strong> a day: the programme as it stood in the world then. An entry made
            later about something that happened before that day counts (a rating decided at a meeting and typed in a
            week later).
          </li>
          <li>
            <strong>As known on</strong> a day (optional): only what had been recorded by then, so you see what the
            board could have seen that day. Empty means everything known now.
          </li>
        </ul>
      </div>
      {hindsight.length > 0 && (
        <section className="hindsight" aria-labelledby={`${id}-hindsight`}>
          <h3 id={`${id}-hindsight`}>Days when the record then and the record now differ</h3>
          <ul>
            {hindsight.map((h) => (
              <li key={h.event.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => set({ asOf: h.day, knownAt: h.day })}
                  aria-pressed={asOf === h.day && knownAt === h.day}
                >
                  {formatDate(h.day)}
                </button>
                {h.kind === 'late'
                  ? `: an entry about ${formatDate(h.event.occurredAt.slice(0, 10))} was made only on ${formatDate(h.event.recordedAt.slice(0, 10))}.`
                  : `: an entry was retracted on ${formatDate(h.event.recordedAt.slice(0, 10))}.`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="time-controls">
        <div className="field scrubber">
          <label htmlFor={`${id}-scrub`}>Scrub through the dates something happened</label>
          <input
            id={`${id}-scrub`}
            type="range"
            min={0}
            max={Math.max(0, stops.length - 1)}
            step={1}
            value={stopIndex}
            aria-valuetext={formatDate(stops[stopIndex] ?? asOf)}
            onChange={(e) => set({ asOf: stops[Number(e.target.value)] ?? asOf })}
          />
          <p className="meta" aria-hidden="true">
            {stops[0] && formatDate(stops[0])} … {formatDate(today())}
          </p>
        </div>
        <DateBoxes
          id={`${id}-asof`}
          legend="What had happened by"
          className={`field${asOfTyped.ok ? '' : ' field-invalid'}`}
          value={typedAsOf}
          invalid={!asOfTyped.ok}
          message={!asOfTyped.ok && <p className="field-error">The date {asOfTyped.problem}, for example 22 6 2022.</p>}
          onChange={(typed) => {
            setTypedAsOf(typed);
            const date = isoDate(typed);
            if (date.ok) set({ asOf: date.date });
          }}
        />
        <DateBoxes
          id={`${id}-known`}
          legend={
            <>
              As known on <span className="optional">(optional)</span>
            </>
          }
          className={`field${knownTyped && !knownTyped.ok ? ' field-invalid' : ''}`}
          value={typedKnownAt}
          invalid={knownTyped !== null && !knownTyped.ok}
          message={
            knownTyped &&
            !knownTyped.ok && <p className="field-error">The date {knownTyped.problem}, for example 23 6 2022.</p>
          }
          onChange={(typed) => {
            setTypedKnownAt(typed);
            if (typed === '') set({ knownAt: null });
            const date = isoDate(typed);
            if (date.ok) set({ knownAt: date.date });
          }}
        />
        <button type="button" onClick={() => navigate(ws.href('time-travel'), { replace: true })}>
          Back to now
        </button>
      </div>
      <p role="status" className="time-summary">
        {shown.kind === 'loading'
          ? 'Reading the record…'
          : shown.kind === 'view'
            ? `The programme as it stood at the end of ${formatDate(asOf)}, ${
                knownAt ? `as known at the end of ${formatDate(knownAt)}` : 'as known now'
              }.${later > 0 ? ` ${plural(later, 'thing')} that had happened by then ${later === 1 ? 'was' : 'were'} recorded only later, and ${later === 1 ? 'is' : 'are'} left out.` : ''}`
            : shown.kind === 'nothing'
              ? shown.why
              : 'The record could not be read.'}
      </p>
      {shown.kind === 'error' && <p className="alert">{shown.message}</p>}
      {shown.kind === 'view' && since && (since.recordedLater.length > 0 || since.retractedLater.length > 0) && (
        <section className="hindsight-diff" aria-labelledby={`${id}-since`}>
          <h3 id={`${id}-since`}>What we know now that was not known on {formatDate(knownAt!)}</h3>
          <ul>
            {since.recordedLater.map((e) => (
              <li key={e.id}>
                <strong>Recorded later</strong> (on {formatDate(e.recordedAt.slice(0, 10))}), so not shown below:{' '}
                {describeEvent(e, names)}
              </li>
            ))}
            {since.retractedLater.map(({ retraction, target }) => (
              <li key={retraction.id}>
                <strong>Retracted later</strong> (on {formatDate(retraction.recordedAt.slice(0, 10))}), so still shown
                below: {describeEvent(target, names)}. Why: {retraction.data.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {shown.kind === 'view' && (
        <StateView view={shown.view} idPrefix="tt" historyHref={(subject) => ws.href('history', { subject })} />
      )}
    </>
  );
};
