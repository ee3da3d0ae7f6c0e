import type { ProgrammeState, ReminderKind, ReminderRecord } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { ReadModelTableName } from './tables.js';

type Cells = Record<string, unknown>;
const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : (v as string));
const marked = (r: Cells): { illustrative?: true } => (Number(r['illustrative']) === 1 ? { illustrative: true } : {});

/** People and reporting rounds from their tables into `s` (names and e-mail addresses opened by `name`). */
export const readPeopleAndRounds = async (
  db: Kysely<any>,
  programmeId: string,
  s: ProgrammeState,
  name: (subject: string, stored: unknown) => string | null,
  rowsOf: (db: Kysely<any>, table: ReadModelTableName, programmeId: string) => Promise<Cells[]>,
) => {
  for (const r of await rowsOf(db, 'rm_people', programmeId)) {
    const personId = str(r['person_id']);
    s.people.set(personId, {
      personId,
      name: name(`person:${personId}`, r['name'])!,
      email: name(`person:${personId}`, r['email']),
      partnerId: strOrNull(r['partner_id']),
      role: strOrNull(r['role']),
      receivesReminders: Number(r['receives_reminders']) === 1,
      addedOn: str(r['added_on']),
      ...marked(r),
    });
  }
  const returns = new Map<string, { partnerIds: string[]; submittedOn: Record<string, string> }>();
  for (const r of await rowsOf(db, 'rm_round_returns', programmeId)) {
    const roundId = str(r['round_id']);
    let round = returns.get(roundId);
    if (!round) returns.set(roundId, (round = { partnerIds: [], submittedOn: {} }));
    round.partnerIds.push(str(r['partner_id']));
    if (r['submitted_on'] !== null) round.submittedOn[str(r['partner_id'])] = str(r['submitted_on']);
  }
  const reminders = new Map<string, ReminderRecord[]>();
  for (const r of await rowsOf(db, 'rm_reminders', programmeId)) {
    const roundId = str(r['round_id']);
    let list = reminders.get(roundId);
    if (!list) reminders.set(roundId, (list = []));
    list.push({
      partnerId: str(r['partner_id']),
      personId: str(r['person_id']),
      kind: r['kind'] as ReminderKind,
      sentAt: str(r['sent_at']),
    });
  }
  for (const r of await rowsOf(db, 'rm_reporting_rounds', programmeId)) {
    const roundId = str(r['round_id']);
    s.reportingRounds.set(roundId, {
      roundId,
      title: str(r['title']),
      periodFrom: str(r['period_from']),
      periodTo: str(r['period_to']),
      dueOn: str(r['due_on']),
      partnerIds: returns.get(roundId)?.partnerIds ?? [],
      openedOn: str(r['opened_on']),
      closedOn: strOrNull(r['closed_on']),
      submittedOn: returns.get(roundId)?.submittedOn ?? {},
      reminders: reminders.get(roundId) ?? [],
      ...marked(r),
    });
  }
};
