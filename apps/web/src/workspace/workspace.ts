import type { ProgrammeView, RecordedEvent, Role } from '@steerlog/domain';
import type { Whoami } from '../api.js';
import type { LiveModel } from '../live/live-model.js';
import type { FormContext } from './forms/specs.js';
import type { Outbox } from './outbox.js';

/** What every page of a programme's workspace gets. */
export type Workspace = {
  programmeId: string;
  token: string;
  who: Whoami;
  live: LiveModel;
  /** The live fold as the contract's state document, as of now. */
  view: ProgrammeView;
  events: readonly RecordedEvent[];
  outbox: Outbox;
  ctx: FormContext;
  /** `/p/{programmeId}/{tab}` with an optional query. */
  href: (tab: string, query?: Record<string, string>) => string;
};

const writers: readonly Role[] = ['coordinator', 'admin'];
const readers: readonly Role[] = ['coordinator', 'auditor', 'admin'];

/** What each role may do, as the server's auth.ts allows it: the UI offers nothing else. */
export const may = {
  record: (role: Role) => writers.includes(role),
  report: (role: Role) => role === 'partner',
  read: (role: Role) => readers.includes(role),
  audit: (role: Role) => role === 'auditor' || role === 'admin',
};

export type Tab = {
  slug: string;
  label: string;
  allowed: (role: Role) => boolean;
  /** Opened from a link on another page (an entry's "Correct"), not from the tabs. */
  linkedOnly?: true;
};

export const tabs: Tab[] = [
  { slug: '', label: 'Overview', allowed: () => true },
  { slug: 'meeting', label: 'Meeting', allowed: may.record },
  { slug: 'record', label: 'Record', allowed: may.record },
  { slug: 'rounds', label: 'Reporting rounds', allowed: may.record },
  { slug: 'report', label: 'Our report', allowed: may.report },
  { slug: 'charts', label: 'Charts', allowed: () => true },
  { slug: 'indicators', label: 'Indicators', allowed: () => true },
  { slug: 'issues', label: 'Issues and asks', allowed: () => true },
  { slug: 'correct', label: 'Correct an entry', allowed: may.record, linkedOnly: true },
  { slug: 'log', label: 'Event log', allowed: may.read },
  { slug: 'time-travel', label: 'Time travel', allowed: may.read },
  { slug: 'history', label: 'History', allowed: may.read },
  { slug: 'diff', label: 'Compare', allowed: may.read },
  { slug: 'downloads', label: 'Downloads', allowed: may.read },
];
