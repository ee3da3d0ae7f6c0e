import type { Minutes } from '@steerlog/contract';
import { formatTime } from '@steerlog/contract';

export const statusWord = { open: 'Open', overdue: 'Overdue', done: 'Done' } as const;

/** The head of a minute, label and text, shared by the Markdown and the PDF so they say the same. */
export const minuteFacts = (m: Minutes): [string, string][] => [
  ['Date', m.date],
  ['Time', `${formatTime(m.openedAt)} to ${m.closedAt ? formatTime(m.closedAt) : '(still open)'}, UK time`],
  ['Partners represented', m.attendees.map((a) => a.name).join(', ') || 'none recorded'],
];
