import type { PersonState, RoundState } from '@steerlog/domain';
import type { Collection, Row } from './collection.js';
import { collection, flag } from './collection.js';

/**
 * People (name and e-mail sealed by the writer), reporting rounds, each partner's return in a
 * round (its submission date; the status depends on the day asked, so it is not stored) and the
 * reminders recorded as sent.
 */
export const peopleAndRoundCollections: readonly Collection[] = [
  collection({
    name: 'people',
    entries: (s) => s.people,
    rows: (p, _k, v: PersonState, seq) => [
      {
        table: 'rm_people',
        values: [
          p,
          v.personId,
          seq,
          v.name,
          v.email,
          v.partnerId,
          v.role,
          v.receivesReminders ? 1 : 0,
          v.addedOn,
          flag(v),
        ],
      },
    ],
  }),
  collection({
    name: 'reportingRounds',
    entries: (s) => s.reportingRounds,
    rows: (p, _k, v: RoundState, seq) => [
      {
        table: 'rm_reporting_rounds',
        values: [p, v.roundId, seq, v.title, v.periodFrom, v.periodTo, v.dueOn, v.openedOn, v.closedOn, flag(v)],
      },
      ...v.partnerIds.map((partnerId, i): Row => ({
        table: 'rm_round_returns',
        values: [p, v.roundId, partnerId, i, v.submittedOn[partnerId] ?? null],
      })),
      ...v.reminders.map((m, i): Row => ({
        table: 'rm_reminders',
        values: [p, v.roundId, i, m.partnerId, m.personId, m.kind, m.sentAt],
      })),
    ],
  }),
];
