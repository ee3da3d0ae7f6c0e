import type {
  HighlightReport,
  MaturityLevel,
  ProgrammeState,
  Rag,
  RagChange,
  RagStatus,
  RagSubject,
  Sector,
} from '@steerlog/domain';
import { initialState } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PersonalDataVault } from '../personal-data.js';
import { readPeopleAndRounds } from './people-rounds-read.js';
import { idsOf, readOutcomes, riskScoresOf } from './outcome-read.js';
import { runSql } from './sql.js';
import { meetingPapersOf } from './meeting-papers.js';
import type { ReadModelTableName } from './tables.js';

type Cells = Record<string, unknown>;
const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : (v as string));
// PostgreSQL hands `bigint` back as text.
const num = (v: unknown) => Number(v);
/** The state's `illustrative: true` from a 0/1 column, or nothing. */
const marked = (r: Cells, column = 'illustrative'): { illustrative?: true } =>
  Number(r[column]) === 1 ? { illustrative: true } : {};

const ragOf = (r: Cells, prefix = 'rag'): RagStatus | null =>
  r[prefix] === null
    ? null
    : {
        current: r[prefix] as Rag,
        previous: strOrNull(r[`${prefix}_previous`]) as Rag | null,
        changedOn: str(r[`${prefix}_changed_on`]),
        reason: str(r[`${prefix}_reason`]),
        ...marked(r, `${prefix}_illustrative`),
      };

const ORDER: Partial<Record<ReadModelTableName, string>> = {
  rm_highlight_reports: 'partner_id',
  rm_training: 'level',
  rm_meeting_attendees: 'meeting_id, seq',
  rm_meeting_papers: 'meeting_id',
  rm_round_returns: 'round_id, seq',
  rm_reminders: 'round_id, seq',
  rm_risk_scores: 'risk_id, seq',
  rm_measurements: 'indicator_id, seq',
  rm_issue_responses: 'issue_id, seq',
};

export const rowsOf = async (db: Kysely<any>, table: ReadModelTableName, programmeId: string) =>
  (await runSql(db, `select * from ${table} where programme_id = ? order by ${ORDER[table] ?? 'seq'}`, [programmeId]))
    .rows as Cells[];

/**
 * What the read models hold for a programme, as a state (names decrypted through the vault, or
 * `[erased]`); null when they hold nothing. Everything `toView` shows comes back; what only
 * `decide` needs (the types of events folded, retractions) does not.
 */
export const readProjectedState = async (
  kysely: Kysely<Database>,
  programmeId: string,
  vault: PersonalDataVault,
): Promise<ProgrammeState | null> => {
  const db = kysely as unknown as Kysely<any>;
  const [programme] = (await runSql(db, 'select * from rm_programmes where programme_id = ?', [programmeId]))
    .rows as Cells[];
  if (!programme) return null;
  const name = (subject: string, stored: unknown) =>
    stored === null ? null : vault.openFromReadModel(programmeId, subject, str(stored));
  const s = initialState();
  s.programmeId = programmeId;
  s.name = str(programme['name']);
  s.ambition = strOrNull(programme['ambition']);
  s.startsOn = strOrNull(programme['starts_on']);
  s.endsOn = strOrNull(programme['ends_on']);
  s.version = num(programme['version']);
  s.position = num(programme['position']);
  s.lastOccurredAt = strOrNull(programme['last_occurred_at']);
  s.rag = ragOf(programme);
  s.openMeetingId = strOrNull(programme['open_meeting_id']);
  if (marked(programme).illustrative) s.illustrative = true;

  const reports = new Map<string, HighlightReport>();
  for (const r of await rowsOf(db, 'rm_highlight_reports', programmeId))
    reports.set(str(r['partner_id']), {
      reportedOn: str(r['reported_on']),
      lead: name(`partner-lead:${str(r['partner_id'])}`, r['lead'])!,
      summary: str(r['summary']),
      successes: JSON.parse(str(r['successes'])) as string[],
      challenges: JSON.parse(str(r['challenges'])) as string[],
      upcoming: JSON.parse(str(r['upcoming'])) as HighlightReport['upcoming'],
      roundId: strOrNull(r['round_id']),
      evidenceIds: idsOf(r),
      ...marked(r),
    });
  for (const r of await rowsOf(db, 'rm_partners', programmeId)) {
    const partnerId = str(r['partner_id']);
    s.partners.set(partnerId, {
      partnerId,
      name: str(r['name']),
      sector: r['sector'] as Sector,
      lead: name(`partner-lead:${partnerId}`, r['lead']),
      leadPersonId: strOrNull(r['lead_person_id']),
      joinedOn: str(r['joined_on']),
      rag: ragOf(r),
      lastReport: reports.get(partnerId) ?? null,
      ...marked(r),
    });
  }
  for (const r of await rowsOf(db, 'rm_workstreams', programmeId))
    s.workstreams.set(str(r['workstream_id']), {
      workstreamId: str(r['workstream_id']),
      name: str(r['name']),
      leadPartnerId: strOrNull(r['lead_partner_id']),
      description: strOrNull(r['description']),
      createdOn: str(r['created_on']),
      rag: ragOf(r),
      closedOn: strOrNull(r['closed_on']),
      closedReason: strOrNull(r['closed_reason']),
      mergedIntoWorkstreamId: strOrNull(r['merged_into_workstream_id']),
      ...marked(r),
    });
  for (const r of await rowsOf(db, 'rm_milestones', programmeId))
    s.milestones.set(str(r['milestone_id']), {
      milestoneId: str(r['milestone_id']),
      workstreamId: str(r['workstream_id']),
      title: str(r['title']),
      dueOn: str(r['due_on']),
      originalDueOn: str(r['original_due_on']),
      completedOn: strOrNull(r['completed_on']),
      rescheduleReason: strOrNull(r['reschedule_reason']),
      ...marked(r),
    });
  for (const r of await rowsOf(db, 'rm_allocations', programmeId))
    s.allocations.set(str(r['allocation_id']), {
      allocationId: str(r['allocation_id']),
      source: str(r['source']),
      amountPence: num(r['amount_pence']),
      financialYear: str(r['financial_year']),
      partnerId: strOrNull(r['partner_id']),
      workstreamId: strOrNull(r['workstream_id']),
      purpose: strOrNull(r['purpose']),
      allocatedOn: str(r['allocated_on']),
      spentPence: num(r['spent_pence']),
      ...marked(r),
    });
  s.ragHistory = (await rowsOf(db, 'rm_rag_history', programmeId)).map((r): RagChange => ({
    eventId: str(r['event_id']),
    subject: (r['subject_kind'] === 'programme'
      ? { kind: 'programme' }
      : { kind: r['subject_kind'], id: str(r['subject_id']) }) as RagSubject,
    current: r['rag'] as Rag,
    previous: strOrNull(r['previous']) as Rag | null,
    changedOn: str(r['changed_on']),
    reason: str(r['reason']),
    ...marked(r),
  }));
  const attendees = new Map<string, string[]>();
  for (const r of await rowsOf(db, 'rm_meeting_attendees', programmeId)) {
    const id = str(r['meeting_id']);
    let list = attendees.get(id);
    if (!list) attendees.set(id, (list = []));
    list.push(str(r['partner_id']));
  }
  const papers = new Map((await rowsOf(db, 'rm_meeting_papers', programmeId)).map((r) => [str(r['meeting_id']), r]));
  for (const r of await rowsOf(db, 'rm_meetings', programmeId))
    s.meetings.set(str(r['meeting_id']), {
      meetingId: str(r['meeting_id']),
      title: str(r['title']),
      attendees: attendees.get(str(r['meeting_id'])) ?? [],
      openedAt: str(r['opened_at']),
      closedAt: strOrNull(r['closed_at']),
      ...meetingPapersOf(papers.get(str(r['meeting_id']))),
      ...marked(r),
    });
  for (const r of await rowsOf(db, 'rm_decisions', programmeId))
    s.decisions.set(str(r['decision_id']), {
      decisionId: str(r['decision_id']),
      summary: str(r['summary']),
      rationale: strOrNull(r['rationale']),
      alternativesRejected: JSON.parse(str(r['alternatives_rejected'])) as string[],
      conflictsDeclared: JSON.parse(str(r['conflicts_declared'])) as string[],
      meetingId: strOrNull(r['meeting_id']),
      decidedOn: str(r['decided_on']),
      evidenceIds: idsOf(r),
      ...marked(r),
    });
  for (const r of await rowsOf(db, 'rm_actions', programmeId))
    s.actions.set(str(r['action_id']), {
      actionId: str(r['action_id']),
      title: str(r['title']),
      ownerPartnerId: str(r['owner_partner_id']),
      dueOn: str(r['due_on']),
      decisionId: strOrNull(r['decision_id']),
      ownerPersonId: strOrNull(r['owner_person_id']),
      assignedOn: str(r['assigned_on']),
      completedOn: strOrNull(r['completed_on']),
      ...marked(r),
    });
  const scores = await riskScoresOf(db, programmeId);
  for (const r of await rowsOf(db, 'rm_risks', programmeId))
    s.risks.set(str(r['risk_id']), {
      riskId: str(r['risk_id']),
      title: str(r['title']),
      likelihood: num(r['likelihood']),
      impact: num(r['impact']),
      ownerPartnerId: strOrNull(r['owner_partner_id']),
      ownerPersonId: strOrNull(r['owner_person_id']),
      raisedOn: str(r['raised_on']),
      closedOn: strOrNull(r['closed_on']),
      closedReason: strOrNull(r['closed_reason']),
      scoreHistory: scores.get(str(r['risk_id'])) ?? [],
      ...marked(r),
    });
  for (const r of await rowsOf(db, 'rm_training', programmeId))
    s.training.set(num(r['level']), {
      sessions: num(r['sessions']),
      attendees: num(r['attendees']),
      evidenceIds: idsOf(r),
      ...marked(r),
    });
  for (const r of await rowsOf(db, 'rm_champions', programmeId))
    s.champions.set(str(r['champion_id']), {
      championId: str(r['champion_id']),
      partnerId: str(r['partner_id']),
      name: name(`champion:${str(r['champion_id'])}`, r['name'])!,
      role: strOrNull(r['role']),
      personId: strOrNull(r['person_id']),
      appointedOn: str(r['appointed_on']),
      ...marked(r),
    });
  for (const r of await rowsOf(db, 'rm_maturity', programmeId))
    s.maturity.set(str(r['maturity_key']), {
      partnerId: strOrNull(r['partner_id']),
      domain: str(r['domain']),
      level: r['level'] as MaturityLevel,
      evidence: strOrNull(r['evidence']),
      assessedOn: str(r['assessed_on']),
      evidenceIds: idsOf(r),
      ...marked(r),
    });
  await readPeopleAndRounds(db, programmeId, s, name, rowsOf);
  await readOutcomes(db, programmeId, s);
  return s;
};

/**
 * The last log position the read models hold: the newest programme row's. Below the log's head
 * they are behind (an import, migration 0002's empty tables, a crash before a rebuild ended).
 */
export const readModelPosition = async (kysely: Kysely<Database>): Promise<number> => {
  const db = kysely as unknown as Kysely<any>;
  const [row] = (await runSql(db, 'select max(position) as position from rm_programmes')).rows as Cells[];
  return Number(row?.['position'] ?? 0);
};
