import { useEffect, useId, useMemo, useState } from 'react';
import { Diff } from '@steerlog/contract';
import { ApiError, getJson } from '../api.js';
import { formatDateTime } from '../format.js';
import type { Option } from './forms/specs.js';
import type { Workspace } from './workspace.js';
import { TableScroll } from '../table-scroll.js';

/** A value of a diff, short enough for a table cell. */
const show = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'current' in value) {
    const rag = value as { current: string; reason?: string };
    return `${rag.current.toUpperCase()}${rag.reason ? ` (${rag.reason})` : ''}`;
  }
  return JSON.stringify(value);
};
const nameOf = (item: unknown, id: string): string => {
  if (typeof item !== 'object' || item === null) return id;
  const o = item as Record<string, unknown>;
  for (const key of ['name', 'title', 'summary', 'source', 'domain']) if (typeof o[key] === 'string') return o[key];
  return id;
};

/**
 * What changed between two points: each meeting as it closed (a log position), or any log
 * position typed in. The server folds both points and compares them.
 */
export const DiffPage = ({ ws }: { ws: Workspace }) => {
  const id = useId();
  const points = useMemo((): Option[] => {
    const closes = new Map(
      ws.events.flatMap((e) => (e.type === 'MeetingClosed' ? [[e.data.meetingId, e.position] as const] : [])),
    );
    return [
      ...ws.view.meetings.flatMap((m) => {
        const position = closes.get(m.meetingId);
        return position === undefined
          ? []
          : [{ value: String(position), label: `${m.title} (closed ${formatDateTime(m.closedAt!)})` }];
      }),
      { value: String(ws.live.lastPosition), label: 'Now' },
    ];
  }, [ws.events, ws.view.meetings, ws.live.lastPosition]);
  const [from, setFrom] = useState(() => points.at(-3)?.value ?? points[0]!.value);
  const [to, setTo] = useState(() => points.at(-2)?.value ?? points.at(-1)!.value);
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    setDiff(null);
    getJson(
      ws.token,
      `/api/programmes/${encodeURIComponent(ws.programmeId)}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
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
  }, [ws.token, ws.programmeId, from, to]);

  const picker = (name: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{name === 'from' ? 'From' : 'To'}</label>
      <select
        id={`${id}-${name}`}
        value={points.some((p) => p.value === value) ? value : ''}
        onChange={(e) => e.target.value && set(e.target.value)}
      >
        {!points.some((p) => p.value === value) && <option value="">Log position {value}</option>}
        {points.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <h2 className="page-title">Compare two meetings</h2>
      <div className="time-controls">
        {picker('from', from, setFrom)}
        {picker('to', to, setTo)}
      </div>
      {error && <p className="alert">{error}</p>}
      {diff === null ? (
        <p role="status">Comparing…</p>
      ) : (
        <div className="diff" role="region" aria-label="Differences">
          <p role="status">
            {diff.added.length} added, {diff.changed.length} changed, {diff.removed.length} removed,{' '}
            {diff.retracted.length} retracted.
          </p>
          <h3>Added</h3>
          {diff.added.length === 0 ? (
            <p className="empty">Nothing.</p>
          ) : (
            <ul className="plain-list">
              {diff.added.map((a) => (
                <li key={`${a.kind}:${a.id}`}>
                  <span className="diff-kind">{a.kind}</span> {nameOf(a.item, a.id)}
                </li>
              ))}
            </ul>
          )}
          <h3>Changed</h3>
          {diff.changed.length === 0 ? (
            <p className="empty">Nothing.</p>
          ) : (
            <TableScroll label="What changed">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Thing</th>
                    <th scope="col">Field</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.changed.map((c) => (
                    <tr key={`${c.kind}:${c.id}:${c.field}`}>
                      <th scope="row">
                        <span className="diff-kind">{c.kind}</span> {c.id}
                      </th>
                      <td>{c.field}</td>
                      <td>{show(c.before)}</td>
                      <td>{show(c.after)}</td>
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
                  <span className="diff-kind">{r.kind}</span> {nameOf(r.item, r.id)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
};
