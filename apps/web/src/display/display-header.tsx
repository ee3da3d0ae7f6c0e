import type { ProgrammeView } from '@steerlog/domain';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime } from '../format.js';
import { RagBadge } from '../rag.js';
import { IllustrativeTag } from '../illustrative-tag.js';
import { ChangedTag, JustTag } from './changed-tag.js';
import { changeKey } from './since-last-meeting.js';

/** Programme name and RAG, whether the screen is live, and the moment it shows. */
export const DisplayHeader = ({
  view,
  changed,
  just,
  status,
  pinned,
}: {
  view: ProgrammeView;
  changed: ReadonlySet<string>;
  just: ReadonlySet<string>;
  status: ReactNode;
  pinned: string | null;
}) => {
  const key = changeKey('programme');
  const mark = just.has(key) ? 'just' : changed.has(key) ? 'changed' : '';
  return (
    <header className="display-header">
      <div className="display-title">
        <h1>
          {view.name || view.programmeId}
          <IllustrativeTag of={[view]} />
        </h1>
        {view.ambition && <p className="display-ambition">{view.ambition}</p>}
      </div>
      <div className={`display-rag ${mark}`}>
        {mark === 'just' ? <JustTag /> : mark === 'changed' ? <ChangedTag /> : null}
        <span className="display-rag-label">Programme</span>
        <RagBadge rag={view.rag?.current ?? null} size="large" />
        <IllustrativeTag of={[view.rag]} />
        {view.rag && (
          <span className="display-rag-since">
            {view.rag.previous ? <>was {view.rag.previous.toUpperCase()}, </> : null}since{' '}
            {formatDate(view.rag.changedOn)}
          </span>
        )}
      </div>
      <div className="display-status">
        {status}
        {pinned ? (
          <p className="display-asof display-pin">As it stood on {formatDate(pinned)}</p>
        ) : (
          <p className="display-asof">As of {formatDateTime(view.asOf)}</p>
        )}
      </div>
    </header>
  );
};
