import { describe, expect, it } from 'vitest';
import type { Command } from '../commands.js';
import type { DomainError } from '../errors.js';
import { fold } from '../fold.js';
import { record } from '../record.js';
import type { MemoryLog } from '../testing/index.js';
import { givenBaseline, refusal } from '../testing/index.js';
import { toView } from '../view.js';

const NOW = '2026-06-01T00:00:00.000Z';
const view = (log: MemoryLog, asOf = NOW) => toView(fold(log.events, { asOf }), { asOf, knownAt: NOW });

const staffTrained: Command = {
  type: 'DefineIndicator',
  data: {
    indicatorId: 'staff-trained',
    name: 'Staff trained at level 1',
    unit: 'percent',
    direction: 'increase',
    baseline: { value: 10, on: '2025-01-01' },
    target: { value: 50, by: '2025-11-01' },
    ownerPartnerId: 'council',
  },
  occurredAt: '2025-01-07',
};
const measure = (value: number, on: string): Command => ({
  type: 'RecordMeasurement',
  data: { indicatorId: 'staff-trained', value, on },
  occurredAt: on,
});

describe('indicators', () => {
  it('refuses a target on the wrong side of the baseline, either way', () => {
    const log = givenBaseline();
    const wrong = (direction: 'increase' | 'decrease', target: number): Command =>
      ({
        ...staffTrained,
        data: { ...(staffTrained.data as object), direction, target: { value: target, by: '2025-11-01' } },
      }) as Command;
    expect(refusal(log, wrong('increase', 5))).toBe('target_wrong_direction');
    expect(refusal(log, wrong('decrease', 20))).toBe('target_wrong_direction');
    expect(log.events).toHaveLength(6);
  });
  it('refuses a measurement of an unknown indicator, and one no percentage can be', () => {
    const log = givenBaseline().recordAll([staffTrained]);
    expect(refusal(log, { type: 'RecordMeasurement', data: { indicatorId: 'nope', value: 1, on: '2025-03-01' } })).toBe(
      'unknown_indicator',
    );
    expect(refusal(log, measure(120, '2025-03-01'))).toBe('value_out_of_range');
  });
  it('is no-data, then on-track, off-track and met against the straight line from baseline to target', () => {
    const log = givenBaseline().recordAll([staffTrained]);
    expect(view(log).indicators[0]).toMatchObject({ status: 'no-data', latest: null });
    // On 2025-06-02, 152 of 304 days in: the line stands at 30.
    log.record(measure(30, '2025-06-02'));
    expect(view(log).indicators[0]).toMatchObject({ status: 'on-track', expected: 30 });
    log.record(measure(29, '2025-06-02'));
    expect(view(log).indicators[0]).toMatchObject({ status: 'off-track', latest: { value: 29 } });
    log.record(measure(50, '2025-09-01'));
    expect(view(log).indicators[0]!.status).toBe('met');
    // As of before the last measurement, it was still off track.
    expect(view(log, '2025-08-01T23:59:59.999Z').indicators[0]).toMatchObject({ status: 'off-track' });
  });
  it('respects a decreasing direction', () => {
    const log = givenBaseline().recordAll([
      {
        type: 'DefineIndicator',
        data: {
          indicatorId: 'exclusions',
          name: 'School exclusions',
          unit: 'count',
          direction: 'decrease',
          baseline: { value: 100, on: '2025-01-01' },
          target: { value: 60, by: '2025-05-01' },
        },
      },
      { type: 'RecordMeasurement', data: { indicatorId: 'exclusions', value: 85, on: '2025-03-01' } },
    ]);
    // 59 of 120 days: the line stands at about 80.3; 85 is behind it.
    expect(view(log).indicators[0]!.status).toBe('off-track');
  });
  it('lets a partner lead record measurements only of the indicators their organisation owns', () => {
    const log = givenBaseline().recordAll([staffTrained]);
    const ctx = (actorPartnerId: string) => ({
      programmeId: 'p',
      newId: (k: string) => k,
      now: NOW,
      actorPartnerId,
    });
    expect(record(log.state(), measure(20, '2025-03-01'), ctx('council')).events).toHaveLength(1);
    expect(() => record(log.state(), measure(20, '2025-03-01'), ctx('nhs-trust'))).toThrow(/own organisation/);
  });
});

describe('issues and asks', () => {
  it('raises an issue to the steering group by default and follows its responses', () => {
    const log = givenBaseline().recordAll([
      { type: 'RaiseIssue', data: { issueId: 'q1', kind: 'question', title: 'Who funds year 3?' } },
      { type: 'RespondToIssue', data: { issueId: 'q1', response: 'On the next agenda', status: 'answered' } },
    ]);
    expect(view(log).issues[0]).toMatchObject({
      addressedTo: 'steering-group',
      status: 'answered',
      responses: [{ response: 'On the next agenda', status: 'answered' }],
    });
    expect(refusal(log, { type: 'RespondToIssue', data: { issueId: 'q9', response: 'x', status: 'resolved' } })).toBe(
      'unknown_issue',
    );
  });
  it("defaults a partner lead's issue to their own organisation", () => {
    const r = record(
      givenBaseline().state(),
      { type: 'RaiseIssue', data: { kind: 'barrier', title: 'No cover for training days' } },
      { programmeId: 'p', newId: () => 'issue-1', now: NOW, actorPartnerId: 'nhs-trust' },
    );
    expect(r.events[0]!.data).toMatchObject({ raisedByPartnerId: 'nhs-trust' });
  });
});

describe('workstreams and risks', () => {
  it('closes a workstream into another, after which it takes no milestones', () => {
    const log = givenBaseline().recordAll([
      { type: 'CreateWorkstream', data: { workstreamId: 'principles', name: 'Principles' } },
      {
        type: 'CloseWorkstream',
        data: { workstreamId: 'principles', reason: 'Merged', mergedIntoWorkstreamId: 'training' },
      },
    ]);
    expect(view(log).workstreams.find((w) => w.workstreamId === 'principles')).toMatchObject({
      status: 'closed',
      mergedIntoWorkstreamId: 'training',
    });
    expect(
      refusal(log, { type: 'AddMilestone', data: { workstreamId: 'principles', title: 'T', dueOn: '2025-06-01' } }),
    ).toBe('workstream_closed');
    expect(
      refusal(log, {
        type: 'CloseWorkstream',
        data: { workstreamId: 'training', reason: 'x', mergedIntoWorkstreamId: 'principles' },
      }),
    ).toBe('workstream_closed');
  });
  it('rescores a risk and keeps its history', () => {
    const log = givenBaseline().recordAll([
      {
        type: 'RaiseRisk',
        data: { riskId: 'r1', title: 'Funding gap', likelihood: 4, impact: 5 },
        occurredAt: '2025-02-01',
      },
      {
        type: 'RescoreRisk',
        data: { riskId: 'r1', likelihood: 2, impact: 5, reason: 'Bid won' },
        occurredAt: '2025-03-01',
      },
    ]);
    expect(view(log).risks[0]).toMatchObject({
      score: 10,
      scoreHistory: [
        { on: '2025-02-01', score: 20, reason: null },
        { on: '2025-03-01', score: 10, reason: 'Bid won' },
      ],
    });
    expect(refusal(log, { type: 'RescoreRisk', data: { riskId: 'r1', likelihood: 2, impact: 5, reason: 'x' } })).toBe(
      'risk_unchanged',
    );
  });
});

describe('evidence citations', () => {
  it('refuses a citation of evidence that was never attached', () => {
    const log = givenBaseline().recordAll([staffTrained]);
    expect(
      refusal(log, {
        type: 'RecordMeasurement',
        data: { indicatorId: 'staff-trained', value: 20, on: '2025-03-01', evidenceIds: ['nope'] },
      }),
    ).toBe('unknown_evidence');
    expect(refusal(log, { type: 'RecordDecision', data: { summary: 'S', evidenceIds: ['nope'] } })).toBe(
      'unknown_evidence',
    );
    const report = { lead: 'L', summary: 'S', successes: [], challenges: [], upcoming: [], evidenceIds: ['nope'] };
    expect(
      refusal(log, {
        type: 'SubmitHighlightReport',
        data: { partnerId: log.state().partners.keys().next().value!, ...report },
      }),
    ).toBe('unknown_evidence');
    log.record({
      type: 'AttachEvidence',
      data: {
        evidenceId: 'survey',
        sha256: 'a'.repeat(64),
        fileName: 'survey.pdf',
        mediaType: 'application/pdf',
        bytes: 10,
        about: 'indicator:staff-trained',
      },
    });
    log.record({ type: 'RecordDecision', data: { decisionId: 'd1', summary: 'S', evidenceIds: ['survey'] } });
    expect(view(log).decisions[0]!.evidenceIds).toEqual(['survey']);
  });
});

describe('corrections', () => {
  it('retracts and replaces in one append, the replacement marked with what it corrects', () => {
    const log = givenBaseline();
    const [original] = log.record({
      type: 'AddMilestone',
      data: { milestoneId: 'm2', workstreamId: 'training', title: 'Tier 2 lve', dueOn: '2025-06-30' },
      occurredAt: '2025-02-01',
    });
    const events = log.record({
      type: 'CorrectEvent',
      data: {
        eventId: original!.id,
        reason: 'Typo in the title',
        replacement: {
          type: 'AddMilestone',
          data: { milestoneId: 'm2', workstreamId: 'training', title: 'Tier 2 live', dueOn: '2025-06-30' },
        },
      },
    });
    expect(events.map((e) => e.type)).toEqual(['EventRetracted', 'MilestoneAdded']);
    expect(events[1]!.meta).toEqual({ correctionOf: original!.id });
    // It occurred when the original did.
    expect(events[1]!.occurredAt).toBe(original!.occurredAt);
    const m = view(log).workstreams[0]!.milestones.find((x) => x.milestoneId === 'm2');
    expect(m?.title).toBe('Tier 2 live');
  });
  it('refuses a replacement of another type, an invalid one (naming the field), a retraction and a retracted event', () => {
    const log = givenBaseline();
    const milestone = log.events[4]!;
    const correct = (eventId: string, replacement: { type: string; data: Record<string, unknown> }): Command => ({
      type: 'CorrectEvent',
      data: { eventId, reason: 'r', replacement },
    });
    expect(refusal(log, correct(milestone.id, { type: 'RaiseRisk', data: {} }))).toBe('correction_type_mismatch');
    try {
      log.record(
        correct(milestone.id, { type: 'AddMilestone', data: { workstreamId: 'training', title: 'T', dueOn: 'soon' } }),
      );
      throw new Error('accepted');
    } catch (e) {
      expect((e as DomainError).code).toBe('invalid_replacement');
      expect((e as DomainError).message).toMatch(/^replacement\.data\.dueOn:/);
    }
    const [retraction] = log.record({ type: 'RetractEvent', data: { eventId: milestone.id, reason: 'gone' } });
    expect(
      refusal(
        log,
        correct(milestone.id, {
          type: 'AddMilestone',
          data: { workstreamId: 'training', title: 'T', dueOn: '2025-01-01' },
        }),
      ),
    ).toBe('already_retracted');
    expect(refusal(log, correct(retraction!.id, { type: 'RetractEvent', data: {} }))).toBe('not_retractable');
    expect(log.events).toHaveLength(7);
  });
});

describe('measurements in valid time', () => {
  it('refuses a measurement recorded as happening before its indicator was defined', () => {
    const log = givenBaseline().recordAll([staffTrained]);
    expect(refusal(log, { ...measure(20, '2025-01-02'), occurredAt: '2025-01-02' })).toBe('date_order');
    expect(log.record({ ...measure(20, '2025-01-02'), occurredAt: '2025-01-08' })).toHaveLength(1);
  });
});
