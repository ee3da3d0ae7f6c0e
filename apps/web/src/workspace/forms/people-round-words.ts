import type { CommandType } from '@steerlog/domain';
import type { FormWords } from './words.js';

const personal = 'Personal data: stored encrypted, erasable.';

/** The words of the people and reporting-round forms (RecordReminderSent is the server's own: no form). */
export const peopleAndRoundWords: Partial<Record<CommandType, FormWords>> & {
  AddPerson: FormWords;
  UpdatePerson: FormWords;
  OpenReportingRound: FormWords;
  CloseReportingRound: FormWords;
  RecordReminderSent: FormWords;
} = {
  AddPerson: {
    title: 'Add a person',
    submit: 'Add person',
    fields: {
      name: { hint: personal },
      email: { label: 'E-mail address', hint: `For reporting reminders. ${personal}` },
      partnerId: { label: 'Organisation' },
      role: { hint: 'e.g. Head of workforce development' },
      receivesReminders: { label: 'Send reporting reminders', unsetLabel: 'Yes if there is an e-mail address' },
      personId: { newId: 'Person' },
    },
  },
  UpdatePerson: {
    title: 'Update a person',
    submit: 'Update person',
    fields: {
      name: { hint: personal },
      email: { label: 'E-mail address', hint: personal },
      partnerId: { label: 'Organisation' },
      receivesReminders: { label: 'Send reporting reminders' },
    },
  },
  OpenReportingRound: {
    title: 'Open a reporting round',
    submit: 'Open round',
    fields: {
      title: { hint: 'e.g. Highlight reports for the June board' },
      periodFrom: { label: 'Period from' },
      periodTo: { label: 'Period to' },
      dueOn: { label: 'Reports due on', hint: 'On or after the end of the period.' },
      partnerIds: { label: 'Partners asked', hint: 'Left empty: every partner.' },
      roundId: { newId: 'Round' },
    },
  },
  CloseReportingRound: { title: 'Close a reporting round', submit: 'Close round', fields: {} },
  RecordReminderSent: { title: 'Reminder sent', submit: 'Record', fields: {} },
};
