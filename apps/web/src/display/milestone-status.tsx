import type { ProgrammeView } from '@steerlog/domain';

type Status = ProgrammeView['workstreams'][number]['milestones'][number]['status'];

const words: Record<Status, string> = { done: 'DONE', overdue: 'OVERDUE', open: 'OPEN' };

/** Tick, diamond or ring: the status reads by shape and word as well as colour. */
const StatusShape = ({ status }: { status: Status }) => (
  <svg className="status-shape" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
    {status === 'done' && <polyline points="1.5,5.5 4,8 8.5,2" />}
    {status === 'overdue' && <polygon points="5,0.5 9.5,5 5,9.5 0.5,5" />}
    {status === 'open' && <circle cx="5" cy="5" r="3.6" />}
  </svg>
);

export const MilestoneStatus = ({ status }: { status: Status }) => (
  <span className={`status status-${status}`}>
    <StatusShape status={status} />
    {words[status]}
  </span>
);
