import { z } from 'zod';
import { ShortText, Slug } from './primitives.js';

/** What an agenda item is for; matters arising is the one the coordinator gets filled in. */
export const AgendaKind = z.enum(['matters-arising', 'report', 'decision', 'question', 'aob']);
export type AgendaKind = z.infer<typeof AgendaKind>;

/** Each kind as a paper or the meeting page names it. */
export const agendaKindWords: Record<AgendaKind, string> = {
  'matters-arising': 'Matters arising',
  report: 'For report',
  decision: 'For decision',
  question: 'Question',
  aob: 'Any other business',
};

/** An agenda item as the coordinator writes it in `OpenMeeting`. */
export const AgendaItemInput = z.strictObject({
  itemId: Slug.optional(),
  title: ShortText,
  kind: AgendaKind.optional(),
  presenterPartnerId: Slug.optional(),
});

/** Something carried forward into matters arising: an action not yet done when the meeting opened. */
export const ArisingRef = z.object({ kind: z.literal('action'), id: Slug });
export type ArisingRef = z.infer<typeof ArisingRef>;

/** An agenda item as recorded in `MeetingOpened`: every item has its id; matters arising lists what it carries. */
export const AgendaItem = z.object({
  itemId: Slug,
  title: z.string(),
  kind: AgendaKind.optional(),
  presenterPartnerId: Slug.optional(),
  arising: z.array(ArisingRef).optional(),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

/** The papers of a meeting besides its title and times: agenda, the item under way, approval of its minute. */
export const MeetingPapersView = z.object({
  agenda: z.array(
    z.object({
      itemId: z.string(),
      title: z.string(),
      kind: AgendaKind.nullable(),
      presenterPartnerId: z.string().nullable(),
      arising: z.array(ArisingRef),
    }),
  ),
  /** The agenda item the meeting is on (the room's display shows it), or null before the first. */
  currentItemId: z.string().nullable(),
  /** Who chaired, who was present and who sent apologies (person ids; names come from the people). */
  chairPersonId: z.string().nullable(),
  present: z.array(z.string()),
  apologies: z.array(z.string()),
  /** The meeting at which this meeting's minute was approved, and the day. */
  approval: z.object({ atMeetingId: z.string(), approvedOn: z.string() }).nullable(),
});
export type MeetingPapers = z.infer<typeof MeetingPapersView>;
