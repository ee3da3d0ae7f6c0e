import type { Fingerprint, HighlightRow, Minutes } from '@steerlog/contract';
import type { ProgrammeView, RagStatus } from '@steerlog/domain';
import { highlightRows } from './highlight.js';
import { roundHighlightRows } from './round-highlight.js';
import { londonDay } from './london.js';

/** A line of the pack's RAG summary. */
export type RagLine = { name: string; rag: RagStatus | null };

/** An action the board is asked to follow up: open or overdue on the meeting's day. */
export type ArisingAction = { title: string; owner: string; dueOn: string; status: 'open' | 'overdue' };

/**
 * The board pack of a meeting: what the members read before it, as the record stood on the
 * meeting's day. Built once, printed as Markdown or PDF, so both say the same.
 */
export type Pack = {
  programmeName: string;
  ambition: string | null;
  meetingTitle: string;
  /** `Monday 2 June 2025`, UK time. */
  date: string;
  /** The day the record is taken as of (`YYYY-MM-DD`). */
  asOf: string;
  agenda: Minutes['agenda'];
  rag: { programme: RagStatus | null; partners: RagLine[]; workstreams: RagLine[] };
  arising: ArisingAction[];
  /** The latest reporting round opened by the meeting's day, whose returns the reports are; null without one. */
  round: { title: string; dueOn: string } | null;
  reports: HighlightRow[];
  /** Returns of that round overdue on the day: matters arising too. */
  overdueReturns: string[];
  indicators: ProgrammeView['indicators'];
  /** Issues and asks addressed to the steering group or the board, not yet resolved or withdrawn. */
  issues: (ProgrammeView['issues'][number] & { raisedBy: string | null })[];
  funding: ProgrammeView['funding']['byFinancialYear'];
  fingerprint: Fingerprint;
};

/** The sections of every pack, in order: the contents list and both formats follow it. */
export const PACK_SECTIONS = [
  'Agenda',
  'RAG summary',
  'Matters arising',
  'Highlight reports',
  'Indicators',
  'Issues for the group and board',
  'Funding by financial year',
  'Record fingerprint',
] as const;

/**
 * The pack for `meetingId` from `view`, the programme as of the meeting's day. Null when the
 * programme has no such meeting on that day.
 */
export const buildPack = (view: ProgrammeView, meetingId: string, fingerprint: Fingerprint): Pack | null => {
  const meeting = view.meetings.find((m) => m.meetingId === meetingId);
  if (!meeting) return null;
  const partner = (id: string) => view.partners.find((p) => p.partnerId === id)?.name ?? id;
  const round = view.reportingRounds.at(-1) ?? null;
  return {
    programmeName: view.name,
    ambition: view.ambition,
    meetingTitle: meeting.title,
    date: londonDay(meeting.openedAt),
    asOf: view.asOf.slice(0, 10),
    agenda: meeting.agenda.map((i, n) => ({
      itemId: i.itemId,
      number: n + 1,
      title: i.title,
      kind: i.kind,
      presenter: i.presenterPartnerId ? partner(i.presenterPartnerId) : null,
    })),
    rag: {
      programme: view.rag,
      partners: view.partners.map((p) => ({ name: p.name, rag: p.rag })),
      workstreams: view.workstreams.map((w) => ({ name: w.name, rag: w.rag })),
    },
    arising: view.actions.flatMap((a) =>
      a.status === 'done'
        ? []
        : [{ title: a.title, owner: partner(a.ownerPartnerId), dueOn: a.dueOn, status: a.status }],
    ),
    round: round ? { title: round.title, dueOn: round.dueOn } : null,
    reports: (round && roundHighlightRows(view, round.roundId)) ?? highlightRows(view),
    overdueReturns: round ? round.returns.filter((r) => r.status === 'overdue').map((r) => partner(r.partnerId)) : [],
    indicators: view.indicators,
    issues: view.issues
      .filter((i) => i.addressedTo !== 'national' && (i.status === 'open' || i.status === 'answered'))
      .map((i) => ({ ...i, raisedBy: i.raisedByPartnerId ? partner(i.raisedByPartnerId) : null })),
    funding: view.funding.byFinancialYear,
    fingerprint,
  };
};
