import type { Fingerprint } from '@steerlog/contract';
import type { RecordedEvent } from '@steerlog/domain';
import { toView } from '@steerlog/domain';
import { baseline, MemoryLog } from '@steerlog/domain/testing';
import { describe, expect, it } from 'vitest';
import { buildMinutes } from './minutes.js';
import { minutesMarkdown } from './minutes-markdown.js';
import { minutesPdf } from './minutes-pdf.js';
import { pdfPages } from './testing.js';

const fingerprint: Fingerprint = {
  position: 14,
  hash: 'c0ffee'.repeat(10) + 'c0ff',
  receipt: `14:${'c0ffee'.repeat(10)}c0ff`,
  checkpoint: {
    position: 12,
    hash: 'ab',
    signedAt: '2025-06-02T10:30:00.000Z',
    signature: 'SIGNATURE-BASE64',
    keyId: 'k1',
  },
};

/** A summer meeting at 10:00 UK time (09:00 UTC): a decision with two actions, a RAG change. */
const meeting = () => {
  const log = new MemoryLog().recordAll(baseline());
  log.at('2025-06-02T09:00:00.000Z');
  log.recordAll([
    {
      type: 'OpenMeeting',
      data: { meetingId: 'sg-1', title: 'Steering group, June', attendees: ['council', 'nhs-trust'] },
    },
    {
      type: 'RecordDecision',
      data: {
        decisionId: 'fund-tier-2',
        summary: 'Fund tier 2 training <script>alert(1)</script>',
        rationale: 'Demand from schools is **high**',
        alternativesRejected: ['Wait a year'],
      },
    },
    {
      type: 'AssignAction',
      data: {
        actionId: 'plan',
        title: 'Write the tier 2 plan',
        ownerPartnerId: 'council',
        dueOn: '2025-07-01',
        decisionId: 'fund-tier-2',
      },
    },
    {
      type: 'AssignAction',
      data: {
        actionId: 'venues',
        title: 'Book venues',
        ownerPartnerId: 'nhs-trust',
        dueOn: '2025-07-15',
        decisionId: 'fund-tier-2',
      },
    },
    { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'green', reason: 'Back on track' } },
    { type: 'CloseMeeting', data: { meetingId: 'sg-1' } },
  ]);
  const from = log.events.findIndex((e) => e.type === 'MeetingOpened');
  const events = log.events.slice(from).map((e): RecordedEvent => ({
    ...e,
    programmeId: log.programmeId,
    schemaVersion: 1,
    actor: 'becky',
    meta: { correlationId: e.id, causationId: null, meetingId: 'sg-1' },
    hash: 'ab',
  }));
  const view = toView(log.state(), { asOf: '2025-06-10T00:00:00.000Z', knownAt: log.now });
  return buildMinutes(view, 'sg-1', events, fingerprint)!;
};

describe('the minute, for people', () => {
  it('numbers decisions within the minute, gives each its rationale and actions, in UK time', () => {
    const m = meeting();
    expect(m.date).toBe('Monday 2 June 2025');
    expect(m.openedLocal).toBe('2025-06-02T10:00+01:00');
    expect(m.decisions).toMatchObject([
      {
        number: 1,
        rationale: 'Demand from schools is **high**',
        actions: [
          { title: 'Write the tier 2 plan', owner: 'Testshire Council', dueOn: '2025-07-01', decisionNumber: 1 },
          { title: 'Book venues', owner: 'Testshire NHS Trust', decisionNumber: 1 },
        ],
      },
    ]);
    expect(m.otherBusiness).toEqual([
      { number: 1, time: '10:00', text: 'RAG: Programme GREEN. Reason: Back on track', retracted: false },
    ]);
  });

  it('in Markdown: no log positions, no UTC, an actions table, user text escaped', () => {
    const md = minutesMarkdown(meeting());
    expect(md).toContain('- Date: Monday 2 June 2025');
    expect(md).toContain('- Time: 10:00 to 10:00, UK time');
    expect(md).toContain('### 1. Fund tier 2 training \\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('Rationale: Demand from schools is \\*\\*high\\*\\*.');
    expect(md).toContain('| 1 | Write the tier 2 plan | Testshire Council | 1 Jul 2025 | Open | 1 |');
    expect(md).toContain('1. 10:00: RAG: Programme GREEN. Reason: Back on track');
    expect(md).not.toMatch(/\d{2}:\d{2}:\d{2}|Z\b|T\d{2}:/);
    expect(md).toContain(`receipt \`${fingerprint.receipt}\``);
  });

  it('as a PDF whose text reads back: decisions with rationale, the actions table, the fingerprint, page numbers', async () => {
    const pages = await pdfPages(await minutesPdf(meeting()));
    const text = pages.join('\n');
    expect(text).toContain('Minute: Steering group, June');
    expect(text).toContain('Monday 2 June 2025');
    expect(text).toContain('1. Fund tier 2 training <script>alert(1)</script>');
    expect(text).toContain('Demand from schools is **high**');
    expect(text).toMatch(/Write the tier 2 plan\s+Testshire Council\s+1 Jul 2025\s+Open\s+1/);
    expect(text).toMatch(/Book venues\s+Testshire NHS Trust\s+15 Jul 2025/);
    expect(text).toContain(fingerprint.receipt);
    expect(text).toContain('SIGNATURE-BASE64');
    expect(pages[0]).toContain(`Page 1 of ${pages.length}`);
  });
});
