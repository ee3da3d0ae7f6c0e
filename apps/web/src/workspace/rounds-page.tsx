import type { ReminderStatus } from '@steerlog/contract';
import {
  reminderKindLabels,
  ReminderStatus as ReminderStatusSchema,
  RemindResult,
  returnStatusLabels,
} from '@steerlog/contract';
import type { ReturnStatus, RoundView } from '@steerlog/domain';
import { useCallback, useEffect, useState } from 'react';
import { apiFetch, getJson, readProblem } from '../api.js';
import { formatDate, formatDateTime } from '../format.js';
import { TableScroll } from '../table-scroll.js';
import { CommandForm } from './forms/command-form.js';
import { specOf } from './forms/specs.js';
import { PartnerPeople } from './partner-round.js';
import type { Workspace } from './workspace.js';

const statusClass: Record<ReturnStatus, string> = {
  submitted: 'status-word status-word-done',
  late: 'status-word',
  outstanding: 'status-word',
  overdue: 'status-word status-word-overdue',
};

/** Whether e-mail is set up and the reminders that failed, from the server (not part of the live state). */
const useDelivery = (ws: Workspace) => {
  const [delivery, setDelivery] = useState<ReminderStatus | null>(null);
  const refresh = useCallback(() => {
    getJson(ws.token, `/api/programmes/${ws.programmeId}/reporting-rounds/reminders`, ReminderStatusSchema).then(
      setDelivery,
      () => setDelivery(null),
    );
  }, [ws.token, ws.programmeId]);
  useEffect(refresh, [refresh, ws.view.version]);
  return { delivery, refresh };
};

const RoundTracker = ({
  ws,
  round,
  delivery,
  onSent,
}: {
  ws: Workspace;
  round: RoundView;
  delivery: ReminderStatus | null;
  onSent: () => void;
}) => {
  const [message, setMessage] = useState('');
  const [sending, setSending] = useState(false);
  const nameOf = (partnerId: string) => ws.view.partners.find((p) => p.partnerId === partnerId)?.name ?? partnerId;
  const personOf = (personId: string) => ws.view.people.find((p) => p.personId === personId)?.name ?? personId;
  const missing = round.returns.filter((r) => r.submittedOn === null).length;
  const remind = async () => {
    setSending(true);
    setMessage('Sending…');
    try {
      const res = await apiFetch(
        ws.token,
        `/api/programmes/${ws.programmeId}/reporting-rounds/${round.roundId}/remind`,
        {
          method: 'POST',
        },
      );
      if (!res.ok) {
        setMessage((await readProblem(res))?.detail ?? `The server answered ${res.status}.`);
        return;
      }
      const result = RemindResult.parse(await res.json());
      const parts = [
        `Sent to ${result.sent.length} ${result.sent.length === 1 ? 'person' : 'people'}.`,
        ...(result.failed.length > 0 ? [`${result.failed.length} could not be sent: ${result.failed[0]!.error}`] : []),
        ...(result.unreachable.length > 0
          ? [`Nobody to e-mail at ${result.unreachable.map(nameOf).join(', ')}: add a person with an e-mail address.`]
          : []),
      ];
      setMessage(parts.join(' '));
    } finally {
      setSending(false);
      onSent();
    }
  };
  const failures = (delivery?.failures ?? []).filter((f) => f.roundId === round.roundId);
  return (
    <section className="state-section round" aria-labelledby={`round-${round.roundId}`}>
      <h3 id={`round-${round.roundId}`}>
        {round.title}{' '}
        <span className="meta">
          ({round.status === 'open' ? 'open' : `closed ${formatDate(round.closedOn ?? '')}`})
        </span>
      </h3>
      <p className="meta">
        Reports on {formatDate(round.periodFrom)} to {formatDate(round.periodTo)}, due {formatDate(round.dueOn)}.{' '}
        {round.returns.length - missing} of {round.returns.length} in.
      </p>
      <TableScroll label={`Returns for ${round.title}`}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Partner</th>
              <th scope="col">Return</th>
              <th scope="col">Submitted</th>
              <th scope="col">Reminders sent</th>
            </tr>
          </thead>
          <tbody>
            {round.returns.map((r) => {
              const sent = round.reminders.filter((m) => m.partnerId === r.partnerId);
              return (
                <tr key={r.partnerId}>
                  <th scope="row">{nameOf(r.partnerId)}</th>
                  <td>
                    <span className={statusClass[r.status]}>{returnStatusLabels[r.status]}</span>
                  </td>
                  <td>{r.submittedOn ? formatDate(r.submittedOn) : '—'}</td>
                  <td>
                    {sent.length === 0
                      ? 'none'
                      : sent
                          .map(
                            (m) =>
                              `${reminderKindLabels[m.kind]} to ${personOf(m.personId)}, ${formatDateTime(m.sentAt)}`,
                          )
                          .join('; ')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {failures.length > 0 && (
        <div className="alert" role="status">
          <p>
            <strong>Last send failure:</strong>{' '}
            {reminderKindLabels[failures[0]!.kind as keyof typeof reminderKindLabels] ?? failures[0]!.kind} to{' '}
            {personOf(failures[0]!.personId)}, {formatDateTime(failures[0]!.lastErrorAt)}: {failures[0]!.lastError}.
            Tried {failures[0]!.attempts} {failures[0]!.attempts === 1 ? 'time' : 'times'};{' '}
            {failures[0]!.kind === 'manual'
              ? 'press Remind now to try again.'
              : `Steerlog tries again by itself after ${formatDateTime(failures[0]!.retryAfter)}.`}
          </p>
        </div>
      )}
      {round.status === 'open' && (
        <div className="form-actions">
          <button
            type="button"
            onClick={() => void remind()}
            disabled={sending || missing === 0 || delivery?.configured === false}
          >
            Remind now
          </button>
          <span className="form-status" role="status">
            {delivery?.configured === false
              ? 'E-mail is not configured on this server (STEERLOG_SMTP_URL), so no reminders go.'
              : message}
          </span>
        </div>
      )}
    </section>
  );
};

/**
 * The coordinator's reporting rounds: who has reported, who is late or overdue, the reminders that
 * went and the last that failed, a button to remind the missing ones now, and the forms to open
 * and close a round.
 */
export const RoundsPage = ({ ws }: { ws: Workspace }) => {
  const { delivery, refresh } = useDelivery(ws);
  const rounds = [...ws.view.reportingRounds].reverse();
  const common = { ctx: ws.ctx, programmeId: ws.programmeId, outbox: ws.outbox, headingLevel: 3 as const };
  const open = rounds.filter((r) => r.status === 'open');
  return (
    <>
      <h2 className="page-title">Reporting rounds</h2>
      {rounds.length === 0 && (
        <p className="empty">No reporting round yet. Open one below to ask partners for their highlight reports.</p>
      )}
      {rounds.map((r) => (
        <RoundTracker key={r.roundId} ws={ws} round={r} delivery={delivery} onSent={refresh} />
      ))}
      <section className="state-section" aria-labelledby="people-heading">
        <h3 id="people-heading">People of each partner</h3>
        <div className="people-grid">
          {ws.view.partners.map((p) => (
            <PartnerPeople key={p.partnerId} ws={ws} partnerId={p.partnerId} title={p.name} headingLevel={4} />
          ))}
        </div>
      </section>
      <div className="partner-grid">
        <CommandForm {...common} spec={specOf('OpenReportingRound')} formId="open-round" />
        <div>
          {open.length > 0 && <CommandForm {...common} spec={specOf('CloseReportingRound')} formId="close-round" />}
          <CommandForm {...common} spec={specOf('AddPerson')} formId="add-person" />
        </div>
      </div>
    </>
  );
};
