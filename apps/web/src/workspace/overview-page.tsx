import { Link } from '../link.js';
import { RecentEntries } from './recent-entries.js';
import { EvidenceList } from './evidence-list.js';
import { StateView } from './state-view.js';
import type { Workspace } from './workspace.js';
import { may } from './workspace.js';

/** The programme as it stands now, folded live in the browser; readers can open any thing's history from here. */
export const OverviewPage = ({ ws }: { ws: Workspace }) => {
  const role = ws.who.role;
  return (
    <>
      <h2 className="page-title">Overview</h2>
      <ul className="shortcuts">
        {may.record(role) && (
          <>
            <li>
              <Link href={ws.href('meeting')}>
                {ws.view.openMeetingId ? 'Go to the meeting in progress' : 'Run a meeting'}
              </Link>
            </li>
            <li>
              <Link href={ws.href('record')}>Record something else</Link>
            </li>
          </>
        )}
        {may.report(role) && (
          <li>
            <Link href={ws.href('report')}>Submit our highlight report</Link>
          </li>
        )}
        {may.read(role) && (
          <li>
            <Link href={ws.href('time-travel')}>See the programme at another date</Link>
          </li>
        )}
      </ul>
      {may.record(role) && <RecentEntries ws={ws} />}
      <StateView
        view={ws.view}
        {...(may.read(role) ? { historyHref: (subject: string) => ws.href('history', { subject }) } : {})}
        evidence={(ids) => <EvidenceList ws={ws} ids={ids} />}
      />
    </>
  );
};
