import type { HighlightRow } from '@steerlog/contract';
import type { ProgrammeView } from '@steerlog/domain';
import { HttpProblem } from '../problems.js';
import { highlightRows } from './highlight.js';

/**
 * The highlight rows of one reporting round: its partners, in the round's order, each with its
 * return status as of the view's date. A partner's report shows only if its latest report is the
 * one for this round (an older round's report is not this round's return).
 */
export const roundHighlightRows = (view: ProgrammeView, roundId: string, partnerId?: string): HighlightRow[] => {
  const round = view.reportingRounds.find((r) => r.roundId === roundId);
  if (!round)
    throw new HttpProblem('unknown_round', `reporting round ${roundId} does not exist as of ${view.asOf.slice(0, 10)}`);
  const rows = new Map(highlightRows(view, partnerId).map((r) => [r.partnerId, r]));
  return round.returns.flatMap((ret) => {
    const row = rows.get(ret.partnerId);
    if (!row) return [];
    const report = view.partners.find((p) => p.partnerId === ret.partnerId)?.lastReport;
    const ofRound = report?.roundId === roundId;
    return [
      {
        ...row,
        ...(ofRound ? {} : { reportedOn: null, summary: null, successes: [], challenges: [], upcoming: [] }),
        roundId,
        returnStatus: ret.status,
      },
    ];
  });
};
