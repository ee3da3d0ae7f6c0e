import type { ProgrammeView } from '@steerlog/domain';
import { useRef } from 'react';
import { formatDate } from '../format.js';
import { RagBadge } from '../rag.js';
import { ChangedTag } from './changed-tag.js';
import { MilestoneStatus } from './milestone-status.js';
import { changeKey } from './since-last-meeting.js';
import type { TimelineScale } from './timeline-scale.js';
import { timelineScale } from './timeline-scale.js';
import { useShrinkToFit } from './use-shrink-to-fit.js';

type Workstream = ProgrammeView['workstreams'][number];
type Milestone = Workstream['milestones'][number];

const byDueDate = (a: Milestone, b: Milestone) => a.dueOn.localeCompare(b.dueOn);

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
        {milestone.slipDays > 0 ? 'Slipped' : 'Brought forward'} from {formatDate(milestone.originalDueOn)}
      </span>
    )}
  </span>
);

const WorkstreamRow = ({
  workstream,
  scale,
  today,
  changed,
}: {
  workstream: Workstream;
  scale: TimelineScale | null;
  today: number | null;
  changed: ReadonlySet<string>;
}) => {
  const headingId = `workstream-${workstream.workstreamId}`;
  const isChanged = changed.has(changeKey('workstream', workstream.workstreamId));
  return (
    <section className="workstream" aria-labelledby={headingId}>
      <h3 id={headingId} className={isChanged ? 'changed' : undefined}>
        {workstream.name}
        <RagBadge rag={workstream.rag?.current ?? null} size="small" />
        {isChanged && <ChangedTag />}
      </h3>
      {workstream.milestones.length === 0 ? (
        <p className="empty">No milestones yet.</p>
      ) : (
        <ol className="milestones">
          {[...workstream.milestones].sort(byDueDate).map((m) => {
            const milestoneChanged = changed.has(changeKey('milestone', m.milestoneId));
            return (
              <li key={m.milestoneId} className={`milestone${milestoneChanged ? ' changed' : ''}`}>
                <MilestoneStatus status={m.status} />
                <span className="milestone-title">
                  {milestoneChanged && <ChangedTag />}
                  {m.title}
                </span>
                <MilestoneDate milestone={m} />
                {scale && <Track milestone={m} scale={scale} today={today} />}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
};

/** Roomy, tighter, and tightest with titles on one line. */
const DENSITIES = 2;

/** Workstreams, each with its milestones in due-date order on a shared time axis; tighter when many. */
export const WorkstreamTimeline = ({ view, changed }: { view: ProgrammeView; changed: ReadonlySet<string> }) => {
  const ref = useRef<HTMLElement>(null);
  const density = useShrinkToFit(ref, DENSITIES, view);
  const scale = timelineScale(milestoneDates(view));
  const today = scale?.at(view.asOf) ?? null;
  return (
    <section ref={ref} className={`panel workstreams density-${density}`} aria-labelledby="workstreams-heading">
      <div className="workstreams-head">
        <h2 id="workstreams-heading">Workstreams and milestones</h2>
        {scale && (
          <span className="track track-axis" aria-hidden="true">
            {scale.years.map((y) => (
              <span key={y.year} className="track-year-label" style={left(y.at)}>
                {y.year}
              </span>
            ))}
            {today !== null && (
              <span className="track-today-label" style={left(today)}>
                Today
              </span>
            )}
          </span>
        )}
      </div>
      {view.workstreams.length === 0 ? (
        <p className="empty">No workstreams yet.</p>
      ) : (
        view.workstreams.map((w) => (
          <WorkstreamRow key={w.workstreamId} workstream={w} scale={scale} today={today} changed={changed} />
        ))
      )}
    </section>
  );
};
