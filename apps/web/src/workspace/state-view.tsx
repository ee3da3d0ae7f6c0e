import { sectorLabels } from '@steerlog/contract';
import type { ProgrammeView } from '@steerlog/domain';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime, formatMoney, formatWhen, plural } from '../format.js';
import { Link } from '../link.js';
import { RagBadge } from '../rag.js';
import { IllustrativeTag } from '../illustrative-tag.js';
import { maturityLevels, trainingLevels } from './forms/specs.js';
import { TableScroll } from '../table-scroll.js';

/** A slip in words a board uses: "5 months late" rather than "153 days". */
export const slipWords = (days: number): string => {
  const n = Math.abs(days);
  const amount =
    n < 14 ? plural(n, 'day') : n < 61 ? plural(Math.round(n / 7), 'week') : plural(Math.round(n / 30.44), 'month');
  return `${amount} ${days > 0 ? 'late' : 'early'}`;
};

type RagStatus = ProgrammeView['rag'];

const RagPair = ({ rag }: { rag: RagStatus }) => (
  <span className="rag-pair">
    <span className="sr-only">Previous: </span>
    {rag?.previous ? <RagBadge rag={rag.previous} size="small" /> : <span className="meta">none</span>}
    <span aria-hidden="true"> → </span>
    <span className="sr-only">, current: </span>
    <RagBadge rag={rag?.current ?? null} size="small" />
  </span>
);

const Section = ({ id, title, children }: { id: string; title: string; children: ReactNode }) => (
  <section className="state-section" aria-labelledby={id}>
    <h2 id={id}>{title}</h2>
    {children}
  </section>
);

const statusWords = { done: 'DONE', overdue: 'OVERDUE', open: 'OPEN' } as const;

/**
 * The whole programme as one document: what the overview shows now, and what time travel shows
 * as it stood (and as it was known) at another moment. `historyHref` links each thing to its history.
 */
export const StateView = ({
  view,
  historyHref,
  idPrefix = 'state',
  evidence = () => null,
}: {
  view: ProgrammeView;
  historyHref?: (subject: string) => string;
  idPrefix?: string;
  /** The evidence a record cites, downloadable (the workspace has the token to fetch it with). */
  evidence?: (ids: readonly string[]) => ReactNode;
}) => {
  const partnerName = (id: string | null) => (id ? (view.partners.find((p) => p.partnerId === id)?.name ?? id) : '—');
  const history = (subject: string, name: string) =>
    historyHref && (
      <Link href={historyHref(subject)} className="history-link">
        History<span className="sr-only"> of {name}</span>
      </Link>
    );
  const h = (s: string) => `${idPrefix}-${s}`;
  return (
    <div className="state-view">
      <Section id={h('programme')} title="Programme">
        <p className="state-rag">
          Overall RAG <RagPair rag={view.rag} />
          <IllustrativeTag of={[view.rag]} />
          {view.rag && (
            <span className="meta">
              {' '}
              since {formatDate(view.rag.changedOn)}: {view.rag.reason}
            </span>
          )}
        </p>
        {view.illustrative && (
          <p>
            <IllustrativeTag of={[view]} /> The programme itself was recorded as an illustration.
          </p>
        )}
        {view.ambition && <p>{view.ambition}</p>}
        <p className="meta">
          What had happened by {formatDateTime(view.asOf)}, as recorded by {formatDateTime(view.knownAt)} (UK time).
        </p>
      </Section>

      <Section id={h('partners')} title={`Partners (${view.partners.length})`}>
        <TableScroll label="Partners">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col">Sector</th>
                <th scope="col">Lead</th>
                <th scope="col">RAG (previous → current)</th>
                <th scope="col">Last report</th>
                {historyHref && <th scope="col">Record</th>}
              </tr>
            </thead>
            <tbody>
              {view.partners.map((p) => (
                <tr key={p.partnerId}>
                  <th scope="row">
                    {p.name}
                    <IllustrativeTag of={[p]} />
                  </th>
                  <td>{sectorLabels[p.sector]}</td>
                  <td>{p.lead ?? '—'}</td>
                  <td>
                    <RagPair rag={p.rag} />
                    <IllustrativeTag of={[p.rag]} />
                  </td>
                  <td>
                    {p.lastReport ? formatDate(p.lastReport.reportedOn) : '—'}
                    <IllustrativeTag of={[p.lastReport]} />
                    {p.lastReport && evidence(p.lastReport.evidenceIds)}
                  </td>
                  {historyHref && <td>{history(`partner:${p.partnerId}`, p.name)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Section>

      <Section id={h('workstreams')} title={`Workstreams (${view.workstreams.length})`}>
        {view.workstreams.map((w) => (
          <div key={w.workstreamId} className="workstream-block">
            <h3>
              {w.name} <IllustrativeTag of={[w]} /> <RagPair rag={w.rag} /> <IllustrativeTag of={[w.rag]} />{' '}
              {history(`workstream:${w.workstreamId}`, w.name)}
            </h3>
            {w.rag && <p className="meta">Why: {w.rag.reason}</p>}
            {w.status === 'closed' && (
              <p className="meta workstream-closed">
                <span className="status-word">CLOSED</span> {w.closedOn && formatDate(w.closedOn)}
                {w.closedReason && `: ${w.closedReason}`}
                {w.mergedIntoWorkstreamId &&
                  `. Merged into ${view.workstreams.find((x) => x.workstreamId === w.mergedIntoWorkstreamId)?.name ?? w.mergedIntoWorkstreamId}.`}
              </p>
            )}
            {w.milestones.length === 0 ? (
              <p className="empty">No milestones.</p>
            ) : (
              <TableScroll label={`Milestones of ${w.name}`}>
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Milestone</th>
                      <th scope="col">Due</th>
                      <th scope="col">Status</th>
                      <th scope="col">Slip</th>
                      {historyHref && <th scope="col">Record</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {w.milestones.map((m) => (
                      <tr key={m.milestoneId}>
                        <th scope="row">
                          {m.title}
                          <IllustrativeTag of={[m]} />
                        </th>
                        <td>
                          {formatDate(m.dueOn)}
                          {m.slipDays !== 0 && <span className="meta"> (was {formatDate(m.originalDueOn)})</span>}
                        </td>
                        <td>
                          <span className={`status-word status-word-${m.status}`}>{statusWords[m.status]}</span>
                          {m.completedOn && <span className="meta"> {formatDate(m.completedOn)}</span>}
                        </td>
                        <td>
                          {m.slipDays === 0
                            ? '—'
                            : `${slipWords(m.slipDays)}${m.rescheduleReason ? `: ${m.rescheduleReason}` : ''}`}
                        </td>
                        {historyHref && <td>{history(`milestone:${m.milestoneId}`, m.title)}</td>}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </div>
        ))}
      </Section>

      <Section id={h('funding')} title="Funding">
        <p>
          Allocated {formatMoney(view.funding.allocatedPence)}, spent {formatMoney(view.funding.spentPence)}.
          <IllustrativeTag of={[view.funding]} />
        </p>
        {view.funding.allocations.length > 0 && (
          <TableScroll label="Funding allocations">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Allocation</th>
                  <th scope="col">Year</th>
                  <th scope="col">To</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Spent</th>
                  {historyHref && <th scope="col">Record</th>}
                </tr>
              </thead>
              <tbody>
                {view.funding.allocations.map((a) => (
                  <tr key={a.allocationId}>
                    <th scope="row">
                      {a.source}
                      {a.purpose && <span className="meta">: {a.purpose}</span>}
                      <IllustrativeTag of={[a]} />
                    </th>
                    <td>{a.financialYear}</td>
                    <td>
                      {a.partnerId
                        ? partnerName(a.partnerId)
                        : (view.workstreams.find((w) => w.workstreamId === a.workstreamId)?.name ?? '—')}
                    </td>
                    <td>{formatMoney(a.amountPence)}</td>
                    <td>{formatMoney(a.spentPence)}</td>
                    {historyHref && <td>{history(`allocation:${a.allocationId}`, a.source)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Section>

      <Section id={h('governance')} title="Meetings, decisions, actions and risks">
        <h3>Meetings</h3>
        {view.meetings.length === 0 ? (
          <p className="empty">None.</p>
        ) : (
          <ul className="plain-list">
            {view.meetings.map((m) => (
              <li key={m.meetingId}>
                {m.title}
                <IllustrativeTag of={[m]} />{' '}
                <span className="meta">
                  opened {formatWhen(m.openedAt)}
                  {m.closedAt ? `, closed ${formatWhen(m.closedAt)}` : ', OPEN NOW'}
                </span>
              </li>
            ))}
          </ul>
        )}
        <h3>Decisions</h3>
        {view.decisions.length === 0 ? (
          <p className="empty">None.</p>
        ) : (
          <ul className="plain-list">
            {view.decisions.map((d) => (
              <li key={d.decisionId}>
                {d.summary}
                <IllustrativeTag of={[d]} />{' '}
                <span className="meta">
                  ({formatDate(d.decidedOn)}
                  {d.rationale ? `; why: ${d.rationale}` : ''})
                </span>{' '}
                {history(`decision:${d.decisionId}`, d.summary)}
                {evidence(d.evidenceIds)}
              </li>
            ))}
          </ul>
        )}
        <h3>Actions</h3>
        {view.actions.length === 0 ? (
          <p className="empty">None.</p>
        ) : (
          <TableScroll label="Actions">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  {historyHref && <th scope="col">Record</th>}
                </tr>
              </thead>
              <tbody>
                {view.actions.map((a) => (
                  <tr key={a.actionId}>
                    <th scope="row">
                      {a.title}
                      <IllustrativeTag of={[a]} />
                    </th>
                    <td>{partnerName(a.ownerPartnerId)}</td>
                    <td>{formatDate(a.dueOn)}</td>
                    <td>
                      <span className={`status-word status-word-${a.status}`}>{statusWords[a.status]}</span>
                    </td>
                    {historyHref && <td>{history(`action:${a.actionId}`, a.title)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <h3>Risks</h3>
        {view.risks.length === 0 ? (
          <p className="empty">None.</p>
        ) : (
          <TableScroll label="Risks">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Risk</th>
                  <th scope="col">Score (likelihood × impact)</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Status</th>
                  {historyHref && <th scope="col">Record</th>}
                </tr>
              </thead>
              <tbody>
                {view.risks.map((r) => (
                  <tr key={r.riskId}>
                    <th scope="row">
                      {r.title}
                      <IllustrativeTag of={[r]} />
                    </th>
                    <td>
                      {r.score} ({r.likelihood} × {r.impact})
                      <ScoreTrail history={r.scoreHistory} />
                    </td>
                    <td>{partnerName(r.ownerPartnerId)}</td>
                    <td>{r.status === 'open' ? 'OPEN' : `CLOSED: ${r.closedReason ?? ''}`}</td>
                    {historyHref && <td>{history(`risk:${r.riskId}`, r.title)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Section>

      <Section id={h('people')} title="Training, self-assessment and champions">
        <h3>Training by level</h3>
        {view.training.byLevel.length === 0 ? (
          <p className="empty">None recorded.</p>
        ) : (
          <ul className="plain-list">
            {view.training.byLevel.map((t) => (
              <li key={t.level}>
                {trainingLevels.find((l) => l.value === String(t.level))?.label ?? `Level ${t.level}`}: {t.sessions}{' '}
                sessions, {t.attendees} attendees
                <IllustrativeTag of={[t]} />
                {evidence(t.evidenceIds)}
              </li>
            ))}
          </ul>
        )}
        <h3>Self-assessment</h3>
        {view.maturity.length === 0 ? (
          <p className="empty">None recorded.</p>
        ) : (
          <TableScroll label="Self-assessment">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Level</th>
                  <th scope="col">Assessed</th>
                </tr>
              </thead>
              <tbody>
                {view.maturity.map((m) => (
                  <tr key={`${m.partnerId ?? ''}|${m.domain}`}>
                    <th scope="row">
                      {m.domain}
                      <IllustrativeTag of={[m]} />
                    </th>
                    <td>{m.partnerId ? partnerName(m.partnerId) : 'Programme'}</td>
                    <td>{maturityLevels.find((l) => l.value === m.level)?.label ?? m.level}</td>
                    <td>
                      {formatDate(m.assessedOn)}
                      {evidence(m.evidenceIds)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <h3>Champions</h3>
        {view.champions.length === 0 ? (
          <p className="empty">None appointed.</p>
        ) : (
          <ul className="plain-list">
            {view.champions.map((c) => (
              <li key={c.championId}>
                {c.name}
                {c.role && `, ${c.role}`} <span className="meta">({partnerName(c.partnerId)})</span>
                <IllustrativeTag of={[c]} />
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
};

/** How a risk's score got where it is: each earlier score, latest first, with the reason it changed. */
const ScoreTrail = ({ history }: { history: ProgrammeView['risks'][number]['scoreHistory'] }) => {
  if (history.length < 2) return null;
  const changes = history
    .slice(1)
    .map((h, i) => ({ from: history[i]!, to: h }))
    .reverse();
  return (
    <ul className="score-trail meta">
      {changes.map(({ from, to }) => (
        <li key={`${to.on}-${to.score}`}>
          rescored from {from.score} on {formatDate(to.on)}
          {to.reason && `: ${to.reason}`}
          <IllustrativeTag of={[to]} />
        </li>
      ))}
    </ul>
  );
};
