import { describe, expect, it } from 'vitest';
import type { Command } from './commands.js';
import type { DomainErrorCode } from './errors.js';
import { givenBaseline, MemoryLog, refusal } from './testing/index.js';

describe('decide: the programme must exist, once', () => {
  it('refuses any command but LaunchProgramme before the launch', () => {
    expect(refusal(new MemoryLog(), { type: 'AddPartner', data: { name: 'X', sector: 'nhs' } })).toBe(
      'programme_not_found',
    );
  });
  it('refuses a second launch', () => {
    expect(refusal(givenBaseline(), { type: 'LaunchProgramme', data: { name: 'Again' } })).toBe('programme_exists');
  });
  it('records the launch with the programme id from the context', () => {
    const [e] = new MemoryLog('wy-atr').record({ type: 'LaunchProgramme', data: { name: 'WY' } });
    expect(e).toMatchObject({ type: 'ProgrammeLaunched', data: { programmeId: 'wy-atr', name: 'WY' } });
  });
});

describe('decide: references must exist', () => {
  const cases: [string, Command, DomainErrorCode][] = [
    [
      'milestone for an unknown workstream',
      { type: 'AddMilestone', data: { workstreamId: 'nope', title: 'T', dueOn: '2025-05-01' } },
      'unknown_workstream',
    ],
    [
      'workstream led by an unknown partner',
      { type: 'CreateWorkstream', data: { name: 'W', leadPartnerId: 'nope' } },
      'unknown_partner',
    ],
    [
      'reschedule of an unknown milestone',
      { type: 'RescheduleMilestone', data: { milestoneId: 'nope', dueOn: '2025-05-01', reason: 'r' } },
      'unknown_milestone',
    ],
    [
      'completion of an unknown milestone',
      { type: 'CompleteMilestone', data: { milestoneId: 'nope', completedOn: '2025-05-01' } },
      'unknown_milestone',
    ],
    [
      'funding for an unknown partner',
      { type: 'AllocateFunding', data: { source: 'S', amountPence: 1, financialYear: '2025/26', partnerId: 'nope' } },
      'unknown_partner',
    ],
    [
      'funding for an unknown workstream',
      {
        type: 'AllocateFunding',
        data: { source: 'S', amountPence: 1, financialYear: '2025/26', workstreamId: 'nope' },
      },
      'unknown_workstream',
    ],
    [
      'spend against an unknown allocation',
      { type: 'RecordSpend', data: { allocationId: 'nope', amountPence: 1, spentOn: '2025-05-01' } },
      'unknown_allocation',
    ],
    [
      'RAG for an unknown partner',
      { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'nope' }, rag: 'red', reason: 'r' } },
      'unknown_partner',
    ],
    [
      'RAG for an unknown workstream',
      { type: 'ChangeRag', data: { subject: { kind: 'workstream', id: 'nope' }, rag: 'red', reason: 'r' } },
      'unknown_workstream',
    ],
    [
      'meeting with an unknown attendee',
      { type: 'OpenMeeting', data: { title: 'SG', attendees: ['council', 'nope'] } },
      'unknown_partner',
    ],
    ['closing an unknown meeting', { type: 'CloseMeeting', data: { meetingId: 'nope' } }, 'unknown_meeting'],
    [
      'decision in an unknown meeting',
      { type: 'RecordDecision', data: { summary: 'S', meetingId: 'nope' } },
      'unknown_meeting',
    ],
    [
      'action owned by an unknown partner',
      { type: 'AssignAction', data: { title: 'A', ownerPartnerId: 'nope', dueOn: '2025-05-01' } },
      'unknown_partner',
    ],
    [
      'action from an unknown decision',
      {
        type: 'AssignAction',
        data: { title: 'A', ownerPartnerId: 'council', dueOn: '2025-05-01', decisionId: 'nope' },
      },
      'unknown_decision',
    ],
    [
      'completion of an unknown action',
      { type: 'CompleteAction', data: { actionId: 'nope', completedOn: '2025-05-01' } },
      'unknown_action',
    ],
    [
      'risk owned by an unknown partner',
      { type: 'RaiseRisk', data: { title: 'R', likelihood: 1, impact: 1, ownerPartnerId: 'nope' } },
      'unknown_partner',
    ],
    ['closing an unknown risk', { type: 'CloseRisk', data: { riskId: 'nope', reason: 'r' } }, 'unknown_risk'],
    [
      'training by an unknown partner',
      {
        type: 'RecordTraining',
        data: { partnerId: 'nope', level: 1, audience: 'A', sessions: 1, attendees: 1, deliveredOn: '2025-05-01' },
      },
      'unknown_partner',
    ],
    [
      'champion of an unknown partner',
      { type: 'AppointChampion', data: { partnerId: 'nope', name: 'N' } },
      'unknown_partner',
    ],
    [
      'assessment of an unknown partner',
      { type: 'AssessMaturity', data: { partnerId: 'nope', domain: 'strategic-support', level: 'emerging' } },
      'unknown_partner',
    ],
    [
      'report from an unknown partner',
      {
        type: 'SubmitHighlightReport',
        data: { partnerId: 'nope', lead: 'L', summary: 'S', successes: [], challenges: [], upcoming: [] },
      },
      'unknown_partner',
    ],
    [
      'retraction of an unknown event',
      { type: 'RetractEvent', data: { eventId: '00000000-0000-4000-8000-0000000fffff', reason: 'r' } },
      'unknown_event',
    ],
  ];
  it.each(cases)('refuses a %s', (_name, command, code) => {
    expect(refusal(givenBaseline(), command)).toBe(code);
  });
});

describe('decide: new ids must be new', () => {
  const cases: [string, Command][] = [
    ['partner', { type: 'AddPartner', data: { partnerId: 'council', name: 'Again', sector: 'other' } }],
    ['workstream', { type: 'CreateWorkstream', data: { workstreamId: 'training', name: 'Again' } }],
    [
      'milestone',
      {
        type: 'AddMilestone',
        data: { milestoneId: 'tier-1-live', workstreamId: 'training', title: 'Again', dueOn: '2025-05-01' },
      },
    ],
    [
      'allocation',
      {
        type: 'AllocateFunding',
        data: { allocationId: 'grant-2025', source: 'S', amountPence: 1, financialYear: '2025/26' },
      },
    ],
  ];
  it.each(cases)('refuses a duplicate %s id', (_kind, command) => {
    expect(refusal(givenBaseline(), command)).toBe('duplicate_id');
  });
  it('refuses duplicate ids of meetings, decisions, actions, risks and champions', () => {
    const log = givenBaseline().recordAll([
      { type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'SG', attendees: [] } },
      { type: 'RecordDecision', data: { decisionId: 'd1', summary: 'S' } },
      { type: 'AssignAction', data: { actionId: 'a1', title: 'A', ownerPartnerId: 'council', dueOn: '2025-05-01' } },
      { type: 'RaiseRisk', data: { riskId: 'r1', title: 'R', likelihood: 2, impact: 3 } },
      { type: 'AppointChampion', data: { championId: 'c1', partnerId: 'council', name: 'N' } },
      { type: 'CloseMeeting', data: { meetingId: 'sg-1' } },
    ]);
    expect(refusal(log, { type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'SG', attendees: [] } })).toBe(
      'duplicate_id',
    );
    expect(refusal(log, { type: 'RecordDecision', data: { decisionId: 'd1', summary: 'S' } })).toBe('duplicate_id');
    expect(
      refusal(log, {
        type: 'AssignAction',
        data: { actionId: 'a1', title: 'A', ownerPartnerId: 'council', dueOn: '2025-05-01' },
      }),
    ).toBe('duplicate_id');
    expect(refusal(log, { type: 'RaiseRisk', data: { riskId: 'r1', title: 'R', likelihood: 2, impact: 3 } })).toBe(
      'duplicate_id',
    );
    expect(refusal(log, { type: 'AppointChampion', data: { championId: 'c1', partnerId: 'council', name: 'N' } })).toBe(
      'duplicate_id',
    );
  });
  it('generates an id when the client leaves it out, and puts it in the data', () => {
    const [e] = givenBaseline().record({ type: 'AddPartner', data: { name: 'Police Scotland', sector: 'police' } });
    expect(e?.data).toMatchObject({ partnerId: expect.stringMatching(/^partner-/) });
  });
});

describe('decide: RAG', () => {
  it('refuses a change to the current colour', () => {
    const log = givenBaseline();
    log.record({
      type: 'ChangeRag',
      data: { subject: { kind: 'workstream', id: 'training' }, rag: 'amber', reason: 'slow start' },
    });
    expect(
      refusal(log, {
        type: 'ChangeRag',
        data: { subject: { kind: 'workstream', id: 'training' }, rag: 'amber', reason: 'again' },
      }),
    ).toBe('rag_unchanged');
  });
  it('records the previous rating, null the first time', () => {
    const log = givenBaseline();
    const [first] = log.record({
      type: 'ChangeRag',
      data: { subject: { kind: 'programme' }, rag: 'red', reason: 'r' },
    });
    const [second] = log.record({
      type: 'ChangeRag',
      data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'better' },
    });
    expect(first?.data).toMatchObject({ previous: null, rag: 'red' });
    expect(second?.data).toMatchObject({ previous: 'red', rag: 'amber' });
  });
});

describe('decide: milestones, actions, risks', () => {
  it('refuses completing or rescheduling a completed milestone', () => {
    const log = givenBaseline();
    log.record({ type: 'CompleteMilestone', data: { milestoneId: 'tier-1-live', completedOn: '2025-04-20' } });
    expect(
      refusal(log, { type: 'CompleteMilestone', data: { milestoneId: 'tier-1-live', completedOn: '2025-04-21' } }),
    ).toBe('milestone_already_completed');
    expect(
      refusal(log, {
        type: 'RescheduleMilestone',
        data: { milestoneId: 'tier-1-live', dueOn: '2025-06-01', reason: 'r' },
      }),
    ).toBe('milestone_already_completed');
  });
  it('records the date a rescheduled milestone was due before', () => {
    const [e] = givenBaseline().record({
      type: 'RescheduleMilestone',
      data: { milestoneId: 'tier-1-live', dueOn: '2025-06-30', reason: 'recruitment' },
    });
    expect(e?.data).toMatchObject({ previousDueOn: '2025-04-30', dueOn: '2025-06-30' });
  });
  it('refuses completing an action twice and closing a risk twice', () => {
    const log = givenBaseline().recordAll([
      { type: 'AssignAction', data: { actionId: 'a1', title: 'A', ownerPartnerId: 'council', dueOn: '2025-05-01' } },
      { type: 'CompleteAction', data: { actionId: 'a1', completedOn: '2025-04-28' } },
      { type: 'RaiseRisk', data: { riskId: 'r1', title: 'R', likelihood: 2, impact: 3 } },
      { type: 'CloseRisk', data: { riskId: 'r1', reason: 'mitigated' } },
    ]);
    expect(refusal(log, { type: 'CompleteAction', data: { actionId: 'a1', completedOn: '2025-04-29' } })).toBe(
      'action_already_completed',
    );
    expect(refusal(log, { type: 'CloseRisk', data: { riskId: 'r1', reason: 'again' } })).toBe('risk_already_closed');
  });
});

describe('decide: funding', () => {
  it('refuses spending more than is left of an allocation', () => {
    const log = givenBaseline();
    log.record({
      type: 'RecordSpend',
      data: { allocationId: 'grant-2025', amountPence: 4_000_000, spentOn: '2025-06-01' },
    });
    expect(
      refusal(log, {
        type: 'RecordSpend',
        data: { allocationId: 'grant-2025', amountPence: 1_000_001, spentOn: '2025-07-01' },
      }),
    ).toBe('overspend');
    expect(
      log.record({
        type: 'RecordSpend',
        data: { allocationId: 'grant-2025', amountPence: 1_000_000, spentOn: '2025-07-01' },
      }),
    ).toHaveLength(1);
  });
});

describe('decide: meetings', () => {
  it('refuses a second open meeting and closing one that is not open', () => {
    const log = givenBaseline();
    log.record({ type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'SG', attendees: ['council'] } });
    expect(refusal(log, { type: 'OpenMeeting', data: { meetingId: 'sg-2', title: 'SG', attendees: [] } })).toBe(
      'meeting_already_open',
    );
    log.record({ type: 'CloseMeeting', data: { meetingId: 'sg-1' } });
    expect(refusal(log, { type: 'CloseMeeting', data: { meetingId: 'sg-1' } })).toBe('meeting_not_open');
  });
  it('files a decision without a meetingId under the open meeting', () => {
    const log = givenBaseline();
    log.record({ type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'SG', attendees: [] } });
    const [e] = log.record({ type: 'RecordDecision', data: { summary: 'Employ 1 FTE L&D officer' } });
    expect(e?.data).toMatchObject({ meetingId: 'sg-1', alternativesRejected: [], conflictsDeclared: [] });
  });
  it('files a decision outside meetings under none', () => {
    const [e] = givenBaseline().record({ type: 'RecordDecision', data: { summary: 'S' } });
    expect(e?.data).toMatchObject({ meetingId: null });
  });
});

describe('decide: retractions', () => {
  it('refuses to retract the launch, a retraction, or an event twice', () => {
    const log = givenBaseline();
    const [launch] = log.events;
    expect(refusal(log, { type: 'RetractEvent', data: { eventId: launch!.id, reason: 'r' } })).toBe('not_retractable');
    const [rag] = log.record({
      type: 'ChangeRag',
      data: { subject: { kind: 'programme' }, rag: 'red', reason: 'typo' },
    });
    const [retraction] = log.record({ type: 'RetractEvent', data: { eventId: rag!.id, reason: 'entered in error' } });
    expect(retraction?.data).toMatchObject({ retractedType: 'RagChanged' });
    expect(refusal(log, { type: 'RetractEvent', data: { eventId: rag!.id, reason: 'again' } })).toBe(
      'already_retracted',
    );
    expect(refusal(log, { type: 'RetractEvent', data: { eventId: retraction!.id, reason: 'undo' } })).toBe(
      'not_retractable',
    );
  });
});

describe('decide: time', () => {
  it('refuses an event that occurs in the future', () => {
    const log = givenBaseline().at('2026-01-01T12:00:00.000Z');
    expect(
      refusal(log, { type: 'RaiseRisk', data: { title: 'R', likelihood: 1, impact: 1 }, occurredAt: '2026-01-02' }),
    ).toBe('occurred_in_future');
  });
});
