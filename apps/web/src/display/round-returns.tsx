import type { ProgrammeView, ReturnStatus, RoundView } from '@steerlog/domain';

/** The round the room is looking at: the latest one still open, else the latest one. */
export const currentRound = (view: ProgrammeView): RoundView | null =>
  [...view.reportingRounds].reverse().find((r) => r.status === 'open') ?? view.reportingRounds.at(-1) ?? null;

const words: Record<ReturnStatus, string> = {
  submitted: 'report in',
  late: 'report late',
  outstanding: 'report due',
  overdue: 'report overdue',
};

/**
 * A partner's return in the current round, in words beside its name (colour is never the only
 * signal; a column of its own would take the width the names need), and "rating re-affirmed" when
 * a report kept the rating it had (a change can never repeat a colour).
 */
export const RoundNote = ({
  round,
  partner,
}: {
  round: RoundView | null;
  partner: ProgrammeView['partners'][number];
}) => {
  const r = round?.returns.find((x) => x.partnerId === partner.partnerId);
  const reaffirmed = partner.rag !== null && partner.rag.previous === partner.rag.current;
  if (!r && !reaffirmed) return null;
  return (
    <span className="round-note">
      {r && <span className={`return-word return-${r.status}`}> · {words[r.status]}</span>}
      {reaffirmed && <span className="reaffirmed"> · rating re-affirmed</span>}
    </span>
  );
};
