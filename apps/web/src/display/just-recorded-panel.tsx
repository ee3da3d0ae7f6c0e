import type { ProgrammeView } from '@steerlog/domain';
import { useRef } from 'react';
import { formatTime } from '../format.js';
import { describeEvent, namesOf } from '../workspace/describe-event.js';
import type { JustRecorded } from './just-recorded.js';
import { MoreNote } from './more-note.js';
import { useShrinkToFit } from './use-shrink-to-fit.js';

const MOST = 2;

/** What was recorded in the last quarter of an hour, newest first, in words: what the room just agreed. */
export const JustRecordedPanel = ({ just, view }: { just: JustRecorded; view: ProgrammeView }) => {
  const ref = useRef<HTMLElement>(null);
  // The newest few: the meeting panel and "since the last meeting" need the room more.
  const shown = just.events.slice(0, useShrinkToFit(ref, Math.min(MOST, just.events.length), just));
  const names = namesOf(view);
  return (
    <section ref={ref} className="panel just-recorded" aria-labelledby="just-heading">
      <h2 id="just-heading">Just recorded</h2>
      {just.events.length === 0 ? (
        <p className="empty">Nothing in the last 15 minutes.</p>
      ) : (
        <ul className="change-list">
          {shown.map((e) => (
            <li key={e.id}>
              <span className="change-kind">{formatTime(e.recordedAt)}</span>{' '}
              {describeEvent(e, names, { reason: false })}
            </li>
          ))}
        </ul>
      )}
      <MoreNote hidden={just.events.length - shown.length} what="earlier item" />
    </section>
  );
};
