import type { HighlightRow } from '@steerlog/contract';
import type { ProgrammeView } from '@steerlog/domain';
import { highlightRows } from './highlight.js';

/**
 * The highlight rows of one reporting round: its partners, in the round's order, each with its
 * return status as of the view's date. A partner's report shows only if its latest report is the
 * one for this round (an older round's report is not this round's return). Null when the round
 * does not exist as of the view's date.
 */
export const roundHighlightRows = (view: ProgrammeView, roundId: string, partnerId?: string): HighlightRow[] | null => {
  const round = view.reportingRounds.find((r) => r.roundId === roundId);
  if (!round) return null;
  const rows = new Map(highlightRows(view, partnerId).map((r) => [r.partnerId, r]));
  return round.returns.flatMap((ret) => {
    const row = rows.get(ret.partnerId);
    if (!row) return [];
    const report = view.partners.find((p) => p.partnerId === ret.partnerId)?.lastReport;
    const ofRound = report?.roundId === roundId;
    return [
      {
        ...row,
        ...(ofRound
          ? {}
          : { reportedOn: null, summary: null, successes: [], challenges: [], upcoming: [], evidence: [] }),
        roundId,
        returnStatus: ret.status,
      },
    ];
  });
};
