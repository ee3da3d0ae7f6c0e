import type { MeetingPapers, MeetingState } from '@steerlog/domain';
import { canonicalJson } from '@steerlog/domain';
import type { Row } from './rows.js';

/** A meeting with none of its papers yet (every meeting recorded before agendas) has no row. */
const hasPapers = (m: MeetingPapers) =>
  m.agenda.length > 0 ||
  m.currentItemId !== null ||
  m.chairPersonId !== null ||
  m.present.length > 0 ||
  m.apologies.length > 0 ||
  m.approval !== null;

export const meetingPapersRows = (programmeId: string, m: MeetingState): Row[] =>
  hasPapers(m)
    ? [
        {
          table: 'rm_meeting_papers',
          values: [
            programmeId,
            m.meetingId,
            canonicalJson(m.agenda),
            m.currentItemId,
            m.chairPersonId,
            canonicalJson(m.present),
            canonicalJson(m.apologies),
            m.approval?.atMeetingId ?? null,
            m.approval?.approvedOn ?? null,
          ],
        },
      ]
    : [];

/** A meeting's papers from its row, or none. */
export const meetingPapersOf = (r: Record<string, unknown> | undefined): MeetingPapers => ({
  agenda: r ? (JSON.parse(r['agenda'] as string) as MeetingPapers['agenda']) : [],
  currentItemId: (r?.['current_item_id'] as string | null | undefined) ?? null,
  chairPersonId: (r?.['chair_person_id'] as string | null | undefined) ?? null,
  present: r ? (JSON.parse(r['present'] as string) as string[]) : [],
  apologies: r ? (JSON.parse(r['apologies'] as string) as string[]) : [],
  approval:
    r && r['approved_at_meeting_id'] !== null
      ? { atMeetingId: r['approved_at_meeting_id'] as string, approvedOn: r['approved_on'] as string }
      : null,
});
