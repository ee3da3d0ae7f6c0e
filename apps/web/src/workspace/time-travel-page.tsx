import type { ProgrammeView as View } from '@steerlog/domain';
import { ProgrammeView } from '@steerlog/domain';
import { useEffect, useId, useMemo, useState } from 'react';
import { ApiError, getJson } from '../api.js';
import { formatDate } from '../format.js';
import { navigate } from '../router.js';
import { StateView } from './state-view.js';
import type { Workspace } from './workspace.js';

const today = () => new Date().toISOString().slice(0, 10);

/** Every date something happened, oldest first, ending today: the stops of the scrubber. */
export const scrubStops = (occurred: readonly string[], now: string): string[] =>
  [...new Set([...occurred.map((o) => o.slice(0, 10)), now])].filter((d) => d <= now).sort();

/** `2024-06-07T10:12` (a datetime-local value, the reader's zone) as an ISO instant; '' stays ''. */
const instantOf = (local: string) => (local === '' ? '' : new Date(local).toISOString());

/**
 * Time travel: the whole programme as it stood on `asOf` (valid time) and as it was known at
 * `knownAt` (recorded time), both folded by the server from the log.
 */
export const TimeTravelPage = ({ ws }: { ws: Workspace }) => {
  const id = useId();
  const query = new URLSearchParams(window.location.search);
  const asOf = query.get('asOf') ?? today();
  const knownAt = query.get('knownAt') ?? '';
  const stops = useMemo(
    () =>
      scrubStops(
        ws.events.map((e) => e.occurredAt),
        today(),
      ),
    [ws.events],
  );
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (next: { asOf?: string; knownAt?: string }) => {
    const q = { asOf: next.asOf ?? asOf, ...((next.knownAt ?? knownAt) ? { knownAt: next.knownAt ?? knownAt } : {}) };
    navigate(ws.href('time-travel', q), { replace: true });
  };

  useEffect(() => {
    const abort = new AbortController();
    const timer = setTimeout(() => {
      const q = new URLSearchParams({ asOf, ...(knownAt ? { knownAt: instantOf(knownAt) } : {}) });
      getJson(
        ws.token,
        `/api/programmes/${encodeURIComponent(ws.programmeId)}/state?${q.toString()}`,
        ProgrammeView,
        abort.signal,
      ).then(
        (v) => {
          setView(v);
          setError(null);
        },
        (e: unknown) => {
          if (!abort.signal.aborted) setError(e instanceof ApiError ? e.message : 'The state could not be read.');
        },
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [ws.token, ws.programmeId, asOf, knownAt]);

  const stopIndex = Math.max(
    0,
    stops.findIndex((s) => s >= asOf),
  );
  return (
    <>
      <h2 className="page-title">Time travel</h2>
      <p className="meta">
        <strong>As of</strong> is when things happened in the world; <strong>known at</strong> is when Steerlog had been
        told. Together they answer “what did the board see on that day?”.
      </p>
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
        <div className="field">
          <label htmlFor={`${id}-asof`}>As of</label>
          <input
            id={`${id}-asof`}
            type="date"
            value={asOf}
            max={today()}
            onChange={(e) => e.target.value && set({ asOf: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-known`}>Known at (optional)</label>
          <input
            id={`${id}-known`}
            type="datetime-local"
            value={knownAt}
            onChange={(e) => set({ knownAt: e.target.value })}
          />
        </div>
        <button type="button" onClick={() => navigate(ws.href('time-travel'), { replace: true })}>
          Back to now
        </button>
      </div>
      <p role="status" className="time-summary">
        {view
          ? `Showing the programme as of ${formatDate(asOf)}${knownAt ? `, as known at ${knownAt.replace('T', ' ')}` : ''}: version ${view.version}.`
          : 'Folding the log…'}
      </p>
      {error && <p className="alert">{error}</p>}
      {view && <StateView view={view} idPrefix="tt" historyHref={(subject) => ws.href('history', { subject })} />}
    </>
  );
};
