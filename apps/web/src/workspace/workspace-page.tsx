import { toView } from '@steerlog/domain';
import type { ComponentType, ReactNode } from 'react';
import { lazy, Suspense, useEffect, useMemo, useRef } from 'react';
import { ApiError, uploadEvidence } from '../api.js';
import { isSession, signOut } from '../auth.js';
import { ConnectionIndicator } from '../connection-status.js';
import { Link } from '../link.js';
import { useProgrammeLive } from '../live/use-programme-live.js';
import { Notice } from '../notice.js';
import { RagBadge } from '../rag.js';
import { roleNames } from '../session/roles.js';
import { SessionBar } from '../session/session-bar.js';
import { useNow } from '../use-now.js';
import { useProgrammes } from '../use-programmes.js';
import { useWhoami } from '../use-whoami.js';
import { LaunchPage } from './launch-page.js';
import { LogPage } from './log-page.js';
import { MeetingPage } from './meeting-page.js';
import { OutboxPanel } from './outbox-panel.js';
import { OverviewPage } from './overview-page.js';
import { PartnerPage } from './partner-page.js';
import { RecordPage } from './record-page.js';
import { RoundsPage } from './rounds-page.js';
import { useOutbox } from './use-outbox.js';
import type { Workspace } from './workspace.js';
import { tabs } from './workspace.js';
import { TimeTravelPage } from './time-travel-page.js';
import { HistoryPage } from './history-page.js';
import { DiffPage } from './diff-page.js';
import { DownloadsPage } from './downloads-page.js';
import { CorrectPage } from './correct-page.js';
import { IndicatorsPage } from './outcomes/indicators-page.js';
import { IssuesPage } from './outcomes/issues-page.js';
import '../workspace.css';

// Recharts is the largest dependency: it loads only when the charts are opened.
const ChartsPage = lazy(() => import('./charts/charts-page.js'));

const pages: Record<string, ComponentType<{ ws: Workspace }>> = {
  '': OverviewPage,
  meeting: MeetingPage,
  record: RecordPage,
  report: PartnerPage,
  rounds: RoundsPage,
  charts: (props) => (
    <Suspense fallback={<p>Loading the charts…</p>}>
      <ChartsPage {...props} />
    </Suspense>
  ),
  log: LogPage,
  'time-travel': TimeTravelPage,
  history: HistoryPage,
  diff: DiffPage,
  downloads: DownloadsPage,
  indicators: IndicatorsPage,
  issues: IssuesPage,
  correct: CorrectPage,
};

/** `/p/_new` launches a programme: `_` is never in a programme id, so it cannot clash with one. */
export const LAUNCH = '_new';

type Props = { programmeId: string; tab: string; token: string; onSignOut: () => void };

/** A programme's workspace: the pages a role may open, over one live fold of the programme. */
const WorkspacePage = ({ programmeId, tab, token, onSignOut }: Props) => {
  const { whoami, error } = useWhoami(token, programmeId === LAUNCH ? undefined : programmeId);
  const outbox = useOutbox(token);
  if (error instanceof ApiError && error.status === 401)
    return (
      <Notice title={isSession(token) ? 'Your session has ended' : 'The access token was not accepted'}>
        {isSession(token) ? 'Sign in again to go on.' : 'It may have been revoked.'}{' '}
        <button
          type="button"
          onClick={() => {
            signOut();
            onSignOut();
          }}
        >
          Sign in again
        </button>
      </Notice>
    );
  if (error instanceof ApiError && error.status === 403)
    return (
      <Notice title="No access to this programme">
        You have no rights in it. An administrator can grant them. <a href="/">See your programmes</a>
      </Notice>
    );
  if (whoami === null)
    return (
      <Notice title="Loading…">{error === null ? 'Checking who you are.' : 'The server cannot be reached yet.'}</Notice>
    );
  const bar = <SessionBar token={token} onSignOut={onSignOut} />;
  if (programmeId === LAUNCH)
    return (
      <div className="workspace">
        {bar}
        <LaunchPage token={token} who={whoami} outbox={outbox} />
        <OutboxPanel outbox={outbox} />
      </div>
    );
  return <Existing programmeId={programmeId} tab={tab} token={token} bar={bar} who={whoami} outbox={outbox} />;
};
export default WorkspacePage;

const Existing = ({
  programmeId,
  tab,
  token,
  bar,
  who,
  outbox,
}: Omit<Props, 'onSignOut'> & { bar: ReactNode; who: Workspace['who']; outbox: Workspace['outbox'] }) => {
  const { programmes, error } = useProgrammes(token);
  if (programmes === null)
    return (
      <div className="workspace">
        {bar}
        <Notice title="Loading…">
          {error === null ? 'Fetching the programme.' : 'The server cannot be reached yet; trying again.'}
        </Notice>
      </div>
    );
  if (!programmes.some((p) => p.programmeId === programmeId))
    return (
      <div className="workspace">
        {bar}
        <Notice title="Programme not found">
          There is no programme “{programmeId}”. <Link href="/">See all programmes</Link>
        </Notice>
      </div>
    );
  return <Live programmeId={programmeId} tab={tab} token={token} bar={bar} who={who} outbox={outbox} />;
};

const MINUTE_MS = 60_000;

const Live = ({
  programmeId,
  tab,
  token,
  bar,
  who,
  outbox,
}: Omit<Props, 'onSignOut'> & { bar: ReactNode; who: Workspace['who']; outbox: Workspace['outbox'] }) => {
  const live = useProgrammeLive(programmeId, token);
  const now = useNow(MINUTE_MS);
  const view = useMemo(() => (live.state ? toView(live.state, { asOf: now, knownAt: now }) : null), [live.state, now]);
  const current = tabs.find((t) => t.slug === tab);
  // Moving to another page puts the keyboard (and a screen reader) at its start, as a page load would.
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else main.current?.focus();
  }, [tab]);
  useEffect(() => {
    if (view) document.title = `${current?.label ?? 'Page not found'} · ${view.name} · Steerlog`;
  }, [view, current]);
  const base = `/p/${encodeURIComponent(programmeId)}`;
  const href = (slug: string, query?: Record<string, string>) =>
    `${base}${slug ? `/${slug}` : ''}${query ? `?${new URLSearchParams(query).toString()}` : ''}`;
  const allowed = tabs.filter((t) => t.allowed(who.role) && !t.linkedOnly);
  const Page = current && current.allowed(who.role) ? pages[current.slug] : undefined;

  return (
    <div className="workspace">
      {bar}
      <header className="workspace-header">
        <div>
          <h1>{view?.name ?? programmeId}</h1>
          {view && (
            <p className="workspace-rag">
              Programme RAG <RagBadge rag={view.rag?.current ?? null} size="small" />
            </p>
          )}
        </div>
        <ConnectionIndicator status={live.status} problem={live.problem} />
      </header>
      <nav className="tabs" aria-label="Programme pages">
        <ul>
          {allowed.map((t) => (
            <li key={t.slug}>
              <Link href={href(t.slug)} aria-current={t.slug === tab ? 'page' : undefined}>
                {t.label}
              </Link>
            </li>
          ))}
          <li>
            <a href={`/display/${encodeURIComponent(programmeId)}`} target="_blank" rel="opener">
              Meeting display<span className="sr-only"> (opens in a new tab)</span>
            </a>
          </li>
        </ul>
      </nav>
      <OutboxPanel outbox={outbox} />
      <main className="workspace-main" id="main" ref={main} tabIndex={-1}>
        {!current ? (
          <Notice title="Page not found">
            <Link href={href('')}>Back to the overview</Link>
          </Notice>
        ) : !Page ? (
          <Notice title="Not available to your role">
            A {roleNames[who.role].toLowerCase()} cannot open “{current.label}”.{' '}
            <Link href={href('')}>Back to the overview</Link>
          </Notice>
        ) : view === null ? (
          <p role="status">Catching up with the record…</p>
        ) : (
          <Page
            ws={{
              programmeId,
              token,
              who,
              live,
              view,
              events: live.events,
              outbox,
              ctx: {
                view,
                events: live.events,
                uploadEvidence: (file, about, onProgress) =>
                  uploadEvidence(token, programmeId, file, about, onProgress),
              },
              href,
            }}
          />
        )}
      </main>
    </div>
  );
};
