import type { EventOf, ProgrammeView, ReminderKind, ReturnStatus } from '@steerlog/domain';
import { formatDate } from './words.js';

type RoundEvent = EventOf<
  'PersonAdded' | 'PersonUpdated' | 'ReportingRoundOpened' | 'ReportingRoundClosed' | 'ReminderSent'
>;

export const returnStatusLabels: Record<ReturnStatus, string> = {
  submitted: 'Submitted',
  late: 'Submitted late',
  outstanding: 'Outstanding',
  overdue: 'Overdue',
};

export const reminderKindLabels: Record<ReminderKind, string> = {
  'due-soon': 'due-soon reminder',
  overdue: 'overdue reminder',
  manual: 'reminder',
};

/** Names of people and rounds in a view, for the lines that describe their events. */
export const peopleAndRoundNames = (view: ProgrammeView | null) => ({
  partner: (id: string) => view?.partners.find((p) => p.partnerId === id)?.name ?? id,
  person: (id: string) => view?.people.find((p) => p.personId === id)?.name ?? id,
  round: (id: string) => view?.reportingRounds.find((r) => r.roundId === id)?.title ?? id,
});

/** One line for a person or reporting-round event, as the log, the minutes and the web show it. */
export const describeRoundEvent = (e: RoundEvent, names: ReturnType<typeof peopleAndRoundNames>): string => {
  switch (e.type) {
    case 'PersonAdded':
      return `Person added: ${e.data.name}${e.data.partnerId ? ` (${names.partner(e.data.partnerId)})` : ''}`;
    case 'PersonUpdated':
      return `Person updated: ${e.data.name ?? names.person(e.data.personId)}`;
    case 'ReportingRoundOpened':
      return `Reporting round opened: ${e.data.title}, reports due ${formatDate(e.data.dueOn)}`;
    case 'ReportingRoundClosed':
      return `Reporting round closed: ${names.round(e.data.roundId)}`;
    case 'ReminderSent':
      return `E-mail ${reminderKindLabels[e.data.kind]} sent to ${names.person(e.data.personId)} (${names.partner(e.data.partnerId)}) for ${names.round(e.data.roundId)}`;
  }
};
