import { AgendaKind } from '@steerlog/domain';
import { z } from 'zod';
import { Fingerprint } from './http.js';

/** A person at a meeting, by name: personal data, `[erased]` once their key is destroyed. */
const Attendee = z.object({ personId: z.string(), name: z.string(), partner: z.string().nullable() });

/** One action in a minute's actions table. */
export const MinuteAction = z.object({
  actionId: z.string(),
  title: z.string(),
  /** The owner's name (the person when one was named, else the partner). */
  owner: z.string(),
  ownerPartnerId: z.string(),
  dueOn: z.string(),
  status: z.enum(['open', 'overdue', 'done']),
  /** The number of the decision in this minute that it follows from, if any. */
  decisionNumber: z.number().int().nullable(),
  illustrative: z.literal(true).optional(),
});
export type MinuteAction = z.infer<typeof MinuteAction>;

/**
 * `GET .../meetings/{meetingId}/minutes?format=json`: the minute of a meeting (contract version 2: written for people). Instants are kept as ISO
 * strings for machines (`openedAt`), and also given in UK time (`openedLocal`, with its offset),
 * which is what the Markdown and PDF print. Items are numbered within the minute, never by log
 * position; `items` keeps every entry recorded while the meeting was open, in order.
 */
export const Minutes = z.object({
  programmeId: z.string(),
  programmeName: z.string(),
  meetingId: z.string(),
  title: z.string(),
  timeZone: z.literal('Europe/London'),
  /** `Monday 2 June 2025`, in UK time. */
  date: z.string(),
  attendees: z.array(z.object({ partnerId: z.string(), name: z.string() })),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  /** `2025-06-02T10:00+01:00`: the instants in UK time. */
  openedLocal: z.string(),
  closedLocal: z.string().nullable(),
  /** The chair, who was present and who sent apologies, by name (and partner, where the person has one). */
  chair: Attendee.nullable(),
  present: z.array(Attendee),
  apologies: z.array(Attendee),
  /** The agenda the meeting opened with, numbered; presenters by name. */
  agenda: z.array(
    z.object({
      itemId: z.string(),
      number: z.number().int(),
      title: z.string(),
      kind: AgendaKind.nullable(),
      presenter: z.string().nullable(),
    }),
  ),
  /** Whether and when a later meeting approved this minute as a true record; null while it is a draft. */
  approval: z.object({ atMeetingId: z.string(), atMeetingTitle: z.string(), approvedOn: z.string() }).nullable(),
  decisions: z.array(
    z.object({
      decisionId: z.string(),
      number: z.number().int(),
      summary: z.string(),
      rationale: z.string().nullable(),
      alternativesRejected: z.array(z.string()),
      conflictsDeclared: z.array(z.string()),
      /** The actions assigned under this decision, whenever they were recorded. */
      actions: z.array(MinuteAction),
      retracted: z.boolean(),
      illustrative: z.literal(true).optional(),
    }),
  ),
  /** Every action assigned at this meeting or following from one of its decisions. */
  actions: z.array(MinuteAction),
  /** Everything else recorded while the meeting was open (RAG changes, milestones, funding...). */
  otherBusiness: z.array(
    z.object({
      number: z.number().int(),
      /** `10:12`, UK time. */
      time: z.string(),
      text: z.string(),
      retracted: z.boolean(),
      illustrative: z.literal(true).optional(),
    }),
  ),
  items: z.array(
    z.object({
      position: z.number().int(),
      recordedAt: z.string(),
      actor: z.string(),
      type: z.string(),
      text: z.string(),
      retracted: z.boolean(),
      /** Present when the event was recorded as illustrative. */
      illustrative: z.literal(true).optional(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  /** Present when the meeting itself was recorded as illustrative. */
  illustrative: z.literal(true).optional(),
  fingerprint: Fingerprint,
});
export type Minutes = z.infer<typeof Minutes>;
