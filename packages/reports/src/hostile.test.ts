import type { Fingerprint } from '@steerlog/contract';
import type { RecordedEvent } from '@steerlog/domain';
import { toView } from '@steerlog/domain';
import { baseline, MemoryLog } from '@steerlog/domain/testing';
import { describe, expect, it } from 'vitest';
import { highlightMarkdown, highlightRows } from './highlight.js';
import { buildMinutes } from './minutes.js';
import { minutesMarkdown } from './minutes-markdown.js';
import { stateMarkdown } from './state.js';

/** What a user might type, and what each piece would become if it reached Markdown raw. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '[click me](javascript:alert(1))',
  '# Board approved everything',
  '| a | b |',
  '`rm -rf`',
  '**bold** _it_',
];
const hostile = HOSTILE.join(' ');

const fingerprint: Fingerprint = { position: 1, hash: 'ab', receipt: '1:ab', checkpoint: null };

const log = () =>
  new MemoryLog().recordAll([
    ...baseline(),
    { type: 'AddPartner', data: { partnerId: 'evil', name: hostile, sector: 'other', lead: hostile } },
    { type: 'CreateWorkstream', data: { workstreamId: 'evil-ws', name: hostile } },
    {
      type: 'AddMilestone',
      data: { milestoneId: 'evil-m', workstreamId: 'evil-ws', title: hostile, dueOn: '2025-06-30' },
    },
    {
      type: 'SubmitHighlightReport',
      data: {
        partnerId: 'evil',
        lead: hostile,
        summary: hostile,
        successes: [hostile],
        challenges: [hostile],
        upcoming: [{ title: hostile }],
      },
    },
    { type: 'OpenMeeting', data: { meetingId: 'sg-1', title: hostile, attendees: ['evil'] } },
    { type: 'RecordDecision', data: { decisionId: 'd-1', summary: hostile, rationale: hostile } },
    {
      type: 'AssignAction',
      data: { actionId: 'a-1', title: hostile, ownerPartnerId: 'evil', dueOn: '2025-07-01', decisionId: 'd-1' },
    },
    { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'evil' }, rag: 'red', reason: hostile } },
    { type: 'CloseMeeting', data: { meetingId: 'sg-1' } },
  ]);

const recorded = (l: MemoryLog): RecordedEvent[] =>
  l.events.map((e) => ({
    ...e,
    programmeId: l.programmeId,
    schemaVersion: 1,
    actor: 'coordinator',
    meta: { correlationId: e.id, causationId: null, meetingId: 'sg-1' },
    hash: 'ab',
  }));

/** No piece of hostile text may appear raw: each line carries only escaped markup. */
const expectInert = (md: string) => {
  expect(md).not.toMatch(/<script>/);
  expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
  expect(md).not.toMatch(/(^|\n)#+ Board approved/);
  expect(md).not.toMatch(/(?<!\\)\| a (?<!\\)\|/);
  expect(md).not.toMatch(/(?<!\\)`rm -rf(?<!\\)`/);
  expect(md).not.toMatch(/(?<!\\)\*\*bold/);
  // …and every one is still there to read, as text.
  expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
  expect(md).toContain('\\[click me\\](javascript:alert(1))');
};

describe('user text in every Markdown paper is text, never markup', () => {
  const l = log();
  const view = toView(l.state(), { asOf: l.now, knownAt: l.now });

  it('the highlight report', () => {
    expectInert(highlightMarkdown(view, highlightRows(view), fingerprint));
  });

  it('the minute', () => {
    const events = recorded(l).filter((e) => e.position >= l.events.findIndex((x) => x.type === 'MeetingOpened') + 1);
    expectInert(minutesMarkdown(buildMinutes(view, 'sg-1', events, fingerprint)!));
  });

  it('the state', () => {
    expectInert(stateMarkdown(view));
  });
});
