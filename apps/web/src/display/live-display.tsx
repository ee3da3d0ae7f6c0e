import { endOf, fold, IsoDate, toView } from '@steerlog/domain';
import type { ProgrammeState, RecordedEvent } from '@steerlog/domain';
import type { ReactNode } from 'react';
import { useEffect, useMemo } from 'react';
import { ConnectionIndicator } from '../connection-status.js';
import { formatDate } from '../format.js';
import { useProgrammeLive } from '../live/use-programme-live.js';
import { Notice } from '../notice.js';
import { useNow } from '../use-now.js';
import { ChangesPanel } from './changes-panel.js';
import { DisplayHeader } from './display-header.js';
import { FundingChart } from './funding-chart.js';
import { justRecorded } from './just-recorded.js';
import { JustRecordedPanel } from './just-recorded-panel.js';
import { MeetingPanel } from './meeting-panel.js';
import { meetingOnDisplay } from './meeting-record.js';
import { PartnerBoard } from './partner-board.js';
import { currentRound } from './round-returns.js';
import { changesSinceLastMeeting } from './since-last-meeting.js';
import { WorkstreamTimeline } from './workstream-timeline.js';
import './display.css';

const MINUTE_MS = 60_000;
const nothing: ReadonlySet<string> = new Set();

/** `?asOf=YYYY-MM-DD` pins the display to a day (the meeting's, say): as it stood then, as known now. */
export const pinnedDate = (search: string): { asOf: string | null; invalid: boolean } => {
  const given = new URLSearchParams(search).get('asOf');
  if (given === null || given === '') return { asOf: null, invalid: false };
  return IsoDate.safeParse(given).success ? { asOf: given, invalid: false } : { asOf: null, invalid: true };
};

/** The meeting-room display of one programme, folded live in the browser. */
export const LiveDisplay = ({ programmeId, token }: { programmeId: string; token: string }) => {
  const live = useProgrammeLive(programmeId, token);
  const pin = pinnedDate(window.location.search);
  const status = <ConnectionIndicator status={live.status} problem={live.problem} />;
  if (pin.invalid)
    return (
      <Notice title="That date is not one the display can show">
        Write the date in the address as <code>?asOf=2022-06-22</code> (year, month, day), or{' '}
        <a href={`/display/${encodeURIComponent(programmeId)}`}>show the programme as it is now</a>.
      </Notice>
    );
  if (live.state === null)
    return (
      <div className="display">
        <header className="display-header">
          <h1>{programmeId}</h1>
          {status}
        </header>
        <main className="display-waiting">
          <p>Catching up with the record…</p>
        </main>
      </div>
    );
  return (
    <Board state={live.state} events={live.events} watchedAfter={live.caughtUpAt} status={status} pinned={pin.asOf} />
  );
};

const Board = ({
  state,
  events,
  watchedAfter,
  status,
  pinned,
}: {
  state: ProgrammeState;
  events: readonly RecordedEvent[];
  watchedAfter: number | null;
  status: ReactNode;
  pinned: string | null;
}) => {
  const now = useNow(MINUTE_MS);
  const view = useMemo(() => {
    if (pinned === null) return toView(state, { asOf: now, knownAt: now });
    const asOf = endOf(pinned);
    return toView(fold(events, { asOf }), { asOf, knownAt: now });
  }, [state, events, now, pinned]);
  // Pinned to a day, the record "since the last meeting" is what had happened by that day.
  const upTo = useMemo(
    () => (pinned === null ? events : events.filter((e) => e.occurredAt <= endOf(pinned))),
    [events, pinned],
  );
  const since = useMemo(() => changesSinceLastMeeting(upTo, view), [upTo, view]);
  const meeting = useMemo(() => meetingOnDisplay(view, upTo), [view, upTo]);
  const just = useMemo(
    () => (pinned === null ? justRecorded(events, now, { watchedAfter, openMeetingId: view.openMeetingId }) : null),
    [events, now, pinned, watchedAfter, view.openMeetingId],
  );
  const justKeys = just?.keys ?? nothing;
  useEffect(() => {
    document.title = `${view.name} · Steerlog`;
  }, [view.name]);
  return (
    <div className={`display${pinned ? ' display-pinned' : ''}`}>
      <DisplayHeader view={view} changed={since.changed} just={justKeys} status={status} pinned={pinned} />
      <main className="display-body">
        <div className="display-column">
          <PartnerBoard partners={view.partners} changed={since.changed} just={justKeys} round={currentRound(view)} />
          <FundingChart funding={view.funding} />
        </div>
        <WorkstreamTimeline
          view={view}
          changed={since.changed}
          just={justKeys}
          todayLabel={pinned ? formatDate(pinned) : 'Today'}
        />
        <div className="display-column">
          <MeetingPanel record={meeting} partners={view.partners} />
          {just && <JustRecordedPanel just={just} view={view} />}
          <ChangesPanel since={since} />
        </div>
      </main>
    </div>
  );
};
