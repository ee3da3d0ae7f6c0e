import type { ProgrammeView } from '@steerlog/domain';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime } from '../format.js';
import { RagBadge } from '../rag.js';
import { ChangedTag } from './changed-tag.js';
import { changeKey } from './since-last-meeting.js';

/** Programme name and RAG, whether the screen is live, and the moment it shows. */
export const DisplayHeader = ({
  view,
  changed,
  status,
}: {
  view: ProgrammeView;
  changed: ReadonlySet<string>;
  status: ReactNode;
}) => {
  const ragChanged = changed.has(changeKey('programme'));
  return (
    <header className="display-header">
      <div className="display-title">
        <h1>{view.name || view.programmeId}</h1>
        {view.ambition && <p className="display-ambition">{view.ambition}</p>}
      </div>
      <div className={`display-rag${ragChanged ? ' changed' : ''}`}>
        <span className="display-rag-label">Programme</span>
        <RagBadge rag={view.rag?.current ?? null} size="large" />
        {view.rag && (
          <span className="display-rag-since">
            {view.rag.previous ? <>was {view.rag.previous.toUpperCase()}, </> : null}since{' '}
            {formatDate(view.rag.changedOn)}
          </span>
        )}
        {ragChanged && <ChangedTag />}
      </div>
      <div className="display-status">
        {status}
        <p className="display-asof">As of {formatDateTime(view.asOf)}</p>
      </div>
    </header>
  );
};
