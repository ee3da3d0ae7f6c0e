import type { Minutes } from '@steerlog/contract';
import { agendaKindWords } from '@steerlog/domain';
import { formatLongDate, meetingHours } from '@steerlog/contract';

const person = (a: Minutes['present'][number]) => (a.partner ? `${a.name} (${a.partner})` : a.name);

export const statusWord = { open: 'Open', overdue: 'Overdue', done: 'Done' } as const;

/** The head of a minute, label and text, shared by the Markdown and the PDF so they say the same. */
export const minuteFacts = (m: Minutes): [string, string][] => [
  ['Date', m.date],
  ['Time', meetingHours(m.openedAt, m.closedAt)],
  ['Chair', m.chair ? person(m.chair) : 'not recorded'],
  ['Present', m.present.map(person).join('; ') || 'not recorded'],
  ['Apologies', m.apologies.map(person).join('; ') || 'none'],
  ['Partners represented', m.attendees.map((a) => a.name).join(', ') || 'none recorded'],
  [
    'Status',
    m.approval
      ? `Approved as a true record at ${m.approval.atMeetingTitle} on ${formatLongDate(m.approval.approvedOn)}`
      : 'Draft: not yet approved',
  ],
];

/** One agenda line: `Training update (for report, presented by Testshire Council)`. */
export const agendaLine = (i: Minutes['agenda'][number]) => {
  const notes = [
    i.kind && i.kind !== 'matters-arising' ? agendaKindWords[i.kind]?.toLowerCase() : null,
    i.presenter ? `presented by ${i.presenter}` : null,
  ].filter(Boolean);
  return notes.length > 0 ? `${i.title} (${notes.join(', ')})` : i.title;
};
