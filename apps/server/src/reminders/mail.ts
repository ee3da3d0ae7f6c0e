import { formatLongDate, LONDON } from '@steerlog/contract';
import type { ProgrammeView, ReminderKind, RoundView } from '@steerlog/domain';

/** The calendar day an instant falls on in the UK, `YYYY-MM-DD`: when a day of reporting starts and ends. */
const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
export const londonDate = (instant: Date): string => londonDay.format(instant);

/** `YYYY-MM-DD` plus `days` (negative: before). */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The web client's page where a partner lead writes their report for a round. */
export const reportLink = (publicUrl: string, programmeId: string, roundId: string) =>
  new URL(`/p/${encodeURIComponent(programmeId)}/report?round=${encodeURIComponent(roundId)}`, publicUrl).toString();

export type ReminderMail = { to: string; subject: string; text: string };

const subjects: Record<ReminderKind, (title: string, due: string) => string> = {
  'due-soon': (title, due) => `Reminder: your highlight report for ${title} is due on ${due}`,
  overdue: (title, due) => `Overdue: your highlight report for ${title} was due on ${due}`,
  manual: (title, due) => `Reminder: your highlight report for ${title} is due on ${due}`,
};

/**
 * A reminder as a person reads it: plain text, short, in English; the round's title, the due
 * date as a UK calendar day (the end of that day in Europe/London is the deadline), and the link
 * to their partner's report form.
 */
export const reminderMail = (
  view: ProgrammeView,
  round: RoundView,
  person: { name: string; email: string },
  partnerName: string,
  kind: ReminderKind,
  link: string,
): ReminderMail => {
  const due = formatLongDate(round.dueOn);
  const late = kind === 'overdue' || (kind === 'manual' && round.returns.some((r) => r.status === 'overdue'));
  return {
    to: person.email,
    subject: subjects[kind](round.title, due),
    text: [
      `Dear ${person.name},`,
      '',
      late
        ? `${view.name} has not yet received ${partnerName}'s highlight report for ${round.title}. It was due on ${due}.`
        : `${view.name} asks ${partnerName} for a highlight report for ${round.title} (${formatLongDate(round.periodFrom)} to ${formatLongDate(round.periodTo)}). It is due on ${due} (end of the day, UK time).`,
      '',
      `Write and submit it here: ${link}`,
      '',
      'If it has already been sent, thank you: no need to reply.',
      '',
      `Steerlog, for the ${view.name} steering group`,
    ].join('\n'),
  };
};
