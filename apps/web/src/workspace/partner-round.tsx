import type { ProgrammeView } from '@steerlog/domain';
import { useLocation } from '../router.js';
import { formatDate } from '../format.js';
import type { FormValues } from './outbox.js';
import { CommandForm } from './forms/command-form.js';
import { specOf } from './forms/specs.js';
import type { Workspace } from './workspace.js';

type Partner = ProgrammeView['partners'][number];

/**
 * The round a partner lead is reporting for: the one the reminder's link names (`?round=`), else
 * the open round that still waits for their return, else none.
 */
const roundFor = (view: ProgrammeView, partnerId: string, asked: string | null) => {
  const theirs = view.reportingRounds.filter(
    (r) => r.status === 'open' && r.returns.some((x) => x.partnerId === partnerId),
  );
  return (
    theirs.find((r) => r.roundId === asked) ??
    theirs.find((r) => r.returns.some((x) => x.partnerId === partnerId && x.submittedOn === null)) ??
    null
  );
};

/** The last report's lead and its upcoming milestones still to come: what the next report most likely says again. */
const upcomingOf = (partner: Partner, today: string): FormValues => {
  const rows = (partner.lastReport?.upcoming ?? [])
    .filter((u) => u.dueOn === undefined || u.dueOn >= today)
    .map((u) => ({ title: u.title, dueOn: u.dueOn ?? '' }));
  const lead = partner.lastReport?.lead ?? partner.lead;
  return { ...(rows.length > 0 ? { upcoming: rows } : {}), ...(lead ? { lead } : {}) };
};

/**
 * The partner lead's highlight report: when a round asks for it, the page opens on "your report
 * for ROUND is due on DATE" and the report is filed in that round; its upcoming milestones start
 * from the last report's.
 */
export const RoundReportForm = ({ ws, partner }: { ws: Workspace; partner: Partner }) => {
  const location = useLocation();
  const asked = new URLSearchParams(location.split('?')[1] ?? '').get('round');
  const round = roundFor(ws.view, partner.partnerId, asked);
  const ret = round?.returns.find((r) => r.partnerId === partner.partnerId);
  const today = new Date().toISOString().slice(0, 10);
  const common = { ctx: ws.ctx, programmeId: ws.programmeId, outbox: ws.outbox, headingLevel: 3 as const };
  const heading = !round
    ? null
    : ret?.submittedOn
      ? `Your report for ${round.title} was submitted on ${formatDate(ret.submittedOn)}${ret.status === 'late' ? ' (late)' : ''}`
      : ret?.status === 'overdue'
        ? `Your report for ${round.title} was due on ${formatDate(round.dueOn)}: it is overdue`
        : `Your report for ${round.title} is due on ${formatDate(round.dueOn)}`;
  return (
    <div>
      {heading && (
        <p className="round-due" role="status">
          {heading}
        </p>
      )}
      <CommandForm
        key={round?.roundId ?? 'no-round'}
        {...common}
        spec={specOf('SubmitHighlightReport')}
        formId="partner-report"
        title={round ? `Highlight report: ${round.title}` : 'Highlight report'}
        fixed={{ partnerId: partner.partnerId, ...(round ? { roundId: round.roundId } : {}) }}
        fixedText={{ partnerId: partner.name, ...(round ? { roundId: round.title } : {}) }}
        start={upcomingOf(partner, today)}
        description={
          <p className="meta">
            The date is the report date (leave empty for today). A rating here is your overall RAG; the same as before
            re-affirms it.
          </p>
        }
      />
    </div>
  );
};

/** The actions the partner's own organisation owns, and a way to mark each open one complete. */
export const PartnerActions = ({ ws, partner }: { ws: Workspace; partner: Partner }) => {
  const actions = ws.view.actions.filter((a) => a.ownerPartnerId === partner.partnerId);
  const common = { ctx: ws.ctx, programmeId: ws.programmeId, outbox: ws.outbox, headingLevel: 3 as const };
  return (
    <section className="partner-actions" aria-labelledby="our-actions">
      <h3 id="our-actions">Our actions</h3>
      {actions.length === 0 && <p className="empty">No actions are assigned to {partner.name}.</p>}
      <ul className="plain-list">
        {actions.map((a) => (
          <li key={a.actionId}>
            <strong>{a.title}</strong>{' '}
            <span className="meta">
              {a.ownerName ? `${a.ownerName}, ` : ''}due {formatDate(a.dueOn)}
              {a.completedOn ? `, completed ${formatDate(a.completedOn)}` : a.status === 'overdue' ? ', overdue' : ''}
            </span>
            {a.completedOn === null && (
              <CommandForm
                {...common}
                compact
                spec={specOf('CompleteAction')}
                formId={`complete-${a.actionId}`}
                title={`Complete: ${a.title}`}
                fixed={{ actionId: a.actionId }}
                fixedText={{ actionId: a.title }}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
};

/** A partner's people as the record names them, with who takes reporting reminders. */
export const PartnerPeople = ({
  ws,
  partnerId,
  title = 'Our people',
  headingLevel = 3,
}: {
  ws: Workspace;
  partnerId: string;
  title?: string;
  headingLevel?: 3 | 4;
}) => {
  const people = ws.view.people.filter((p) => p.partnerId === partnerId);
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="partner-people" aria-label={title}>
      <Heading>{title}</Heading>
      {people.length === 0 ? (
        <p className="empty">Nobody is named for this partner yet.</p>
      ) : (
        <ul className="plain-list">
          {people.map((p) => (
            <li key={p.personId}>
              <strong>{p.name}</strong>
              {p.role ? `, ${p.role}` : ''}{' '}
              <span className="meta">
                {p.email ?? 'no e-mail address'}
                {p.email && !p.receivesReminders ? ' (no reminders)' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
