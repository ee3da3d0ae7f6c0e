import { toView } from '@steerlog/domain';
import type { ProgrammeState, RecordedEvent } from '@steerlog/domain';
import type { ReactNode } from 'react';
import { useEffect, useMemo } from 'react';
import { ConnectionIndicator } from '../connection-status.js';
import { useProgrammeLive } from '../live/use-programme-live.js';
import { useNow } from '../use-now.js';
import { ChangesPanel } from './changes-panel.js';
import { DisplayHeader } from './display-header.js';
import { FundingChart } from './funding-chart.js';
import { MeetingPanel } from './meeting-panel.js';
import { meetingOnDisplay } from './meeting-record.js';
import { PartnerBoard } from './partner-board.js';
import { changesSinceLastMeeting } from './since-last-meeting.js';
import { WorkstreamTimeline } from './workstream-timeline.js';

const MINUTE_MS = 60_000;

/** The meeting-room display of one programme, folded live in the browser. */
export const LiveDisplay = ({ programmeId, token }: { programmeId: string; token: string }) => {
  const live = useProgrammeLive(programmeId, token);
  const status = <ConnectionIndicator status={live.status} problem={live.problem} />;
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
  return <Board state={live.state} events={live.events} status={status} />;
};

const Board = ({
  state,
  events,
  status,
}: {
  state: ProgrammeState;
  events: readonly RecordedEvent[];
  status: ReactNode;
}) => {
  const now = useNow(MINUTE_MS);
  const view = useMemo(() => toView(state, { asOf: now, knownAt: now }), [state, now]);
  const since = useMemo(() => changesSinceLastMeeting(events, view), [events, view]);
  const meeting = useMemo(() => meetingOnDisplay(view, events), [view, events]);
  useEffect(() => {
    document.title = `${view.name} · Steerlog`;
  }, [view.name]);
  return (
    <div className="display">
      <DisplayHeader view={view} changed={since.changed} status={status} />
      <main className="display-body">
        <div className="display-column">
          <PartnerBoard partners={view.partners} changed={since.changed} />
          <FundingChart funding={view.funding} />
        </div>
        <WorkstreamTimeline view={view} changed={since.changed} />
        <div className="display-column">
          <MeetingPanel record={meeting} partners={view.partners} />
          <ChangesPanel since={since} />
        </div>
      </main>
    </div>
  );
};
