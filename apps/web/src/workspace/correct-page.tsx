import { eventTypeLabels } from '@steerlog/contract';
import type { Command } from '@steerlog/domain';
import { commandDataOf, recordedBy } from '@steerlog/domain';
import { useId, useState } from 'react';
import { Link } from '../link.js';
import { Notice } from '../notice.js';
import { formatDate } from '../format.js';
import { correctable } from './correction.js';
import { describeEvent, namesOf } from './describe-event.js';
import { CommandForm } from './forms/command-form.js';
import { formValuesOf } from './forms/from-data.js';
import { formSpecs } from './forms/specs.js';
import type { Workspace } from './workspace.js';

/**
 * Corrects one entry: the form of the command that made it, filled in as it was recorded, and a
 * reason; sent as one `CorrectEvent`, which withdraws the entry and records the replacement.
 */
export const CorrectPage = ({ ws }: { ws: Workspace }) => {
  const eventId = new URLSearchParams(window.location.search).get('event') ?? '';
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const event = correctable(ws.events, eventId);
  const spec = event && formSpecs.find((s) => s.type === recordedBy[event.type]);
  const replacement = ws.events.find((e) => e.meta.correctionOf === eventId);
  if (replacement)
    return (
      <Notice title="Corrected">
        #{replacement.position} replaces the entry: <q>{describeEvent(replacement, namesOf(ws.view))}</q>.{' '}
        <Link href={ws.href('log')}>See it in the event log</Link>
      </Notice>
    );
  if (!event || !spec)
    return (
      <Notice title="Nothing to correct">
        That entry cannot be corrected: it is not in this programme, or it has been withdrawn already.{' '}
        <Link href={ws.href('log')}>Back to the event log</Link>
      </Notice>
    );
  const prepare = (command: Command): Command | { error: string } => {
    if (reason.trim() === '') return { error: 'Enter why it is being corrected.' };
    return {
      type: 'CorrectEvent',
      data: { eventId: event.id, reason: reason.trim(), replacement: { type: command.type, data: command.data } },
      ...(command.occurredAt ? { occurredAt: command.occurredAt } : {}),
    };
  };
  return (
    <div className="correct-page">
      <h2 className="page-title">Correct an entry</h2>
      <p>
        #{event.position}, {eventTypeLabels[event.type].toLowerCase()} on {formatDate(event.occurredAt)}:{' '}
        <q>{describeEvent(event, namesOf(ws.view))}</q>
      </p>
      <p className="meta">
        The entry stays in the log, marked as withdrawn, and what you send here replaces it in one step.
      </p>
      <div className="field">
        <label htmlFor={reasonId}>Why it is being corrected</label>
        <textarea id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
      </div>
      <CommandForm
        key={event.id}
        spec={spec}
        ctx={ws.ctx}
        programmeId={ws.programmeId}
        outbox={ws.outbox}
        formId={`correct-${event.id}`}
        title={`Corrected: ${spec.title.toLowerCase()}`}
        start={formValuesOf(spec, commandDataOf(event), event.occurredAt)}
        prepare={prepare}
      />
    </div>
  );
};
