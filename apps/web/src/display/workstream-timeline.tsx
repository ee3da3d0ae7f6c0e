import type { ProgrammeView } from '@steerlog/domain';
import { useLayoutEffect, useRef, useState } from 'react';
import { formatDate, plural } from '../format.js';
import { RagBadge } from '../rag.js';
import { IllustrativeTag } from '../illustrative-tag.js';
import { ChangedTag, JustTag } from './changed-tag.js';
import { shareAmong } from './list-budget.js';
import { MilestoneStatus } from './milestone-status.js';
import { changeKey } from './since-last-meeting.js';
import type { TimelineScale } from './timeline-scale.js';
import { timelineScale, yearLabels } from './timeline-scale.js';
import { useShrinkToFit } from './use-shrink-to-fit.js';

type Workstream = ProgrammeView['workstreams'][number];
type Milestone = Workstream['milestones'][number];

const byDueDate = (a: Milestone, b: Milestone) => a.dueOn.localeCompare(b.dueOn);

/** Which milestones to keep when not all fit: overdue first, then the next due, then the latest done. */
const importance = (m: Milestone) => (m.status === 'overdue' ? 0 : m.status === 'open' ? 1 : 2);
const keepFirst = (a: Milestone, b: Milestone) =>
  importance(a) - importance(b) ||
  (a.status === 'done' ? (b.completedOn ?? '').localeCompare(a.completedOn ?? '') : a.dueOn.localeCompare(b.dueOn));

const milestoneDates = (view: ProgrammeView) => [
  ...[view.startsOn, view.endsOn].filter((d): d is string => d !== null),
  ...view.workstreams
    .flatMap((w) => w.milestones)
    .flatMap((m) => [m.dueOn, m.originalDueOn, ...(m.completedOn === null ? [] : [m.completedOn])]),
];

/** Percent offsets go through the CSSOM (`style` props), which the server's CSP allows, unlike inline style text. */
const left = (at: number) => ({ left: `${at}%` });

/** Where the milestone sits in time: when it was done, else when it is due, with a line back to its first due date. */
const Track = ({ milestone, scale, today }: { milestone: Milestone; scale: TimelineScale; today: number | null }) => {
  const at = scale.at(milestone.status === 'done' && milestone.completedOn ? milestone.completedOn : milestone.dueOn);
  const original = milestone.slipDays === 0 ? null : scale.at(milestone.originalDueOn);
  return (
    <span className="track" aria-hidden="true">
      {scale.years.map((y) => (
        <span key={y.year} className="track-year" style={left(y.at)} />
      ))}
      {today !== null && <span className="track-today" style={left(today)} />}
      {original !== null && at !== null && (
        <>
          <span
            className="track-slip"
            style={{ left: `${Math.min(original, at)}%`, width: `${Math.abs(at - original)}%` }}
          />
          <span className="track-marker track-original" style={left(original)} />
        </>
      )}
      {at !== null && <span className={`track-marker track-${milestone.status}`} style={left(at)} />}
    </span>
  );
};

const MilestoneDate = ({ milestone }: { milestone: Milestone }) => (
  <span className="milestone-date">
    {milestone.status === 'done' && milestone.completedOn
      ? `Done ${formatDate(milestone.completedOn)}`
      : `Due ${formatDate(milestone.dueOn)}`}
    {milestone.slipDays !== 0 && (
      <span className="milestone-slip">
        {milestone.slipDays > 0 ? ', slipped' : ', brought forward'} from {formatDate(milestone.originalDueOn)}
      </span>
    )}
  </span>
);

type Marks = { changed: ReadonlySet<string>; just: ReadonlySet<string> };

const Tags = ({ marks, k }: { marks: Marks; k: string }) => (
  <>{marks.just.has(k) ? <JustTag /> : marks.changed.has(k) ? <ChangedTag /> : null}</>
);

const markClass = (marks: Marks, k: string) => (marks.just.has(k) ? 'just' : marks.changed.has(k) ? 'changed' : '');

const WorkstreamRow = ({
  workstream,
  room,
  scale,
  today,
  marks,
}: {
  workstream: Workstream;
  room: number;
  scale: TimelineScale | null;
  today: number | null;
  marks: Marks;
}) => {
  const headingId = `workstream-${workstream.workstreamId}`;
  const key = changeKey('workstream', workstream.workstreamId);
  const kept = new Set([...workstream.milestones].sort(keepFirst).slice(0, room));
  const shown = workstream.milestones.filter((m) => kept.has(m)).sort(byDueDate);
  return (
    <section
      className="workstream"
      aria-labelledby={headingId}
      data-hidden={workstream.milestones.length - shown.length}
    >
      <h3 id={headingId} className={markClass(marks, key) || undefined}>
        <Tags marks={marks} k={key} />
        <span className="workstream-name">{workstream.name}</span>
        <RagBadge rag={workstream.rag?.current ?? null} size="small" />
        <IllustrativeTag of={[workstream, workstream.rag]} />
        {shown.length < workstream.milestones.length && (
          <span className="workstream-more">
            {shown.length === 0
              ? plural(workstream.milestones.length, 'milestone')
              : `+${workstream.milestones.length - shown.length} more`}
            <span className="sr-only"> not shown to fit the screen</span>
          </span>
        )}
      </h3>
      {workstream.milestones.length === 0 ? (
        <p className="empty">No milestones yet.</p>
      ) : (
        <ol className="milestones">
          {shown.map((m) => {
            const k = changeKey('milestone', m.milestoneId);
            return (
              <li key={m.milestoneId} className={`milestone ${markClass(marks, k)}`} data-id={m.milestoneId}>
                <MilestoneStatus status={m.status} />
                <span className="milestone-text">
                  <span className="milestone-title">
                    <Tags marks={marks} k={k} />
                    {m.title}
                    <IllustrativeTag of={[m]} />
                  </span>
                  <MilestoneDate milestone={m} />
                </span>
                {scale && <Track milestone={m} scale={scale} today={today} />}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
};

/** Roomy, then tighter: padding gives way before any milestone does. */
const DENSITIES = 2;

/** The axis's year labels, as many as fit its measured width without touching. */
const useYearLabels = (scale: TimelineScale | null) => {
  const ref = useRef<HTMLSpanElement>(null);
  const [size, setSize] = useState({ width: 0, em: 16 });
  useLayoutEffect(() => {
    const axis = ref.current;
    if (!axis) return;
    const measure = () => {
      const width = axis.clientWidth;
      const em = parseFloat(getComputedStyle(axis).fontSize) || 16;
      setSize((s) => (s.width === width && s.em === em ? s : { width, em }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(axis);
    return () => observer.disconnect();
  }, [scale !== null]);
  // "2024" is about 2.2em wide in bold; 2.7em leaves a clear gap between neighbours.
  return { ref, labels: scale ? yearLabels(scale.years, size.width, 2.7 * size.em) : [] };
};

/** Workstreams, each with its milestones in due-date order on a shared time axis; the least pressing give way when many. */
export const WorkstreamTimeline = ({
  view,
  changed,
  just,
  todayLabel,
}: {
  view: ProgrammeView;
  changed: ReadonlySet<string>;
  just: ReadonlySet<string>;
  /** "Today", or the date the display is pinned to. */
  todayLabel: string;
}) => {
  const ref = useRef<HTMLElement>(null);
  const total = view.workstreams.reduce((n, w) => n + w.milestones.length, 0);
  const n = useShrinkToFit(ref, total + DENSITIES, view);
  const density = Math.max(0, n - total);
  const rooms = shareAmong(
    Math.min(n, total),
    view.workstreams.map((w) => w.milestones.length),
  );
  const scale = timelineScale(milestoneDates(view));
  const today = scale?.at(view.asOf) ?? null;
  const axis = useYearLabels(scale);
  const todayAlign = today === null ? '' : today < 12 ? ' align-start' : today > 88 ? ' align-end' : '';
  return (
    <section ref={ref} className={`panel workstreams density-${density}`} aria-labelledby="workstreams-heading">
      <div className="workstreams-head">
        <h2 id="workstreams-heading">Workstreams and milestones</h2>
        {scale && (
          <span ref={axis.ref} className="track track-axis" aria-hidden="true">
            {axis.labels.map((y) => (
              <span key={y.year} className="track-year-label" style={left(y.at)}>
                {y.year}
              </span>
            ))}
            {today !== null && (
              <span className={`track-today-label${todayAlign}`} style={left(today)}>
                {todayLabel}
              </span>
            )}
          </span>
        )}
      </div>
      {view.workstreams.length === 0 ? (
        <p className="empty">No workstreams yet.</p>
      ) : (
        view.workstreams.map((w, i) => (
          <WorkstreamRow
            key={w.workstreamId}
            workstream={w}
            room={rooms[i] ?? 0}
            scale={scale}
            today={today}
            marks={{ changed, just }}
          />
        ))
      )}
    </section>
  );
};
