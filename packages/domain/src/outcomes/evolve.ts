import type { FoldableEvent } from '../evolve.js';
import type { ProgrammeState } from '../state.js';

type OutcomeEvent = Extract<
  FoldableEvent,
  {
    type:
      | 'IndicatorDefined'
      | 'MeasurementRecorded'
      | 'IssueRaised'
      | 'IssueResponded'
      | 'WorkstreamClosed'
      | 'RiskRescored'
      | 'EvidenceAttached';
  }
>;

/**
 * Applies one outcome event (see `applyEvent` for the rules every event follows: never throws,
 * a thing changed gets a new object, marks for illustrative values).
 */
export const applyOutcomeEvent = (
  s: ProgrammeState,
  e: OutcomeEvent,
  on: string,
  mark: { illustrative?: true },
): void => {
  switch (e.type) {
    case 'IndicatorDefined':
      s.indicators.set(e.data.indicatorId, {
        indicatorId: e.data.indicatorId,
        name: e.data.name,
        unit: e.data.unit,
        direction: e.data.direction,
        baseline: e.data.baseline ? { value: e.data.baseline.value, on: e.data.baseline.on } : null,
        target: e.data.target ? { value: e.data.target.value, by: e.data.target.by } : null,
        ownerPartnerId: e.data.ownerPartnerId ?? null,
        workstreamId: e.data.workstreamId ?? null,
        definedOn: on,
        measurements: [],
        ...mark,
      });
      return;
    case 'MeasurementRecorded': {
      const i = s.indicators.get(e.data.indicatorId);
      if (i)
        s.indicators.set(i.indicatorId, {
          ...i,
          measurements: [
            ...i.measurements,
            {
              value: e.data.value,
              on: e.data.on,
              note: e.data.note ?? null,
              evidenceIds: [...(e.data.evidenceIds ?? [])],
              ...mark,
            },
          ],
        });
      return;
    }
    case 'IssueRaised':
      s.issues.set(e.data.issueId, {
        issueId: e.data.issueId,
        kind: e.data.kind,
        title: e.data.title,
        detail: e.data.detail ?? null,
        raisedByPartnerId: e.data.raisedByPartnerId ?? null,
        addressedTo: e.data.addressedTo,
        workstreamId: e.data.workstreamId ?? null,
        status: 'open',
        raisedOn: on,
        responses: [],
        ...mark,
      });
      return;
    case 'IssueResponded': {
      const i = s.issues.get(e.data.issueId);
      if (i)
        s.issues.set(i.issueId, {
          ...i,
          status: e.data.status,
          responses: [
            ...i.responses,
            { response: e.data.response, status: e.data.status, on, decisionId: e.data.decisionId ?? null, ...mark },
          ],
        });
      return;
    }
    case 'WorkstreamClosed': {
      const w = s.workstreams.get(e.data.workstreamId);
      if (w)
        s.workstreams.set(w.workstreamId, {
          ...w,
          closedOn: on,
          closedReason: e.data.reason,
          mergedIntoWorkstreamId: e.data.mergedIntoWorkstreamId ?? null,
          ...mark,
        });
      return;
    }
    case 'RiskRescored': {
      const r = s.risks.get(e.data.riskId);
      if (r)
        s.risks.set(r.riskId, {
          ...r,
          likelihood: e.data.likelihood,
          impact: e.data.impact,
          scoreHistory: [
            ...r.scoreHistory,
            { on, likelihood: e.data.likelihood, impact: e.data.impact, reason: e.data.reason, ...mark },
          ],
          ...mark,
        });
      return;
    }
    case 'EvidenceAttached':
      s.evidence.set(e.data.evidenceId, {
        evidenceId: e.data.evidenceId,
        sha256: e.data.sha256,
        fileName: e.data.fileName,
        mediaType: e.data.mediaType,
        bytes: e.data.bytes,
        about: e.data.about,
        attachedOn: on,
        ...mark,
      });
      return;
  }
};
