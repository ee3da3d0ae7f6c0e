import { eventTypeLabels } from '@steerlog/contract';
import type { RecordedEvent } from '@steerlog/domain';
import { Link } from '../link.js';
import { describeEvent, namesOf } from './describe-event.js';
import type { Workspace } from './workspace.js';
import { may } from './workspace.js';

/** Entries a correction can replace: not the launch, a retraction, evidence (upload the right file), or one already withdrawn. */
export const correctable = (events: readonly RecordedEvent[], id: string): RecordedEvent | undefined => {
  const e = events.find((x) => x.id === id);
  if (!e || e.type === 'ProgrammeLaunched' || e.type === 'EventRetracted' || e.type === 'EvidenceAttached')
    return undefined;
  const withdrawn = events.some((x) => x.type === 'EventRetracted' && x.data.eventId === id);
  return withdrawn ? undefined : e;
};

/** "Correct" beside an entry, for those who may record, opening the entry's own form filled in. */
export const CorrectLink = ({ ws, eventId }: { ws: Workspace; eventId: string }) => {
  const e = may.record(ws.who.role) ? correctable(ws.events, eventId) : undefined;
  if (!e) return null;
  return (
    <Link className="correct-link" href={ws.href('correct', { event: eventId })}>
      Correct
      <span className="sr-only">
        {' '}
        {eventTypeLabels[e.type].toLowerCase()} #{e.position}
      </span>
    </Link>
  );
};

/** On a replacement: what it corrected, so the record shows both the mistake and the fix. */
export const CorrectionNote = ({ ws, correctionOf }: { ws: Workspace; correctionOf: string | undefined }) => {
  if (!correctionOf) return null;
  const original = ws.events.find((e) => e.id === correctionOf);
  return (
    <span className="correction-note">
      {' '}
      Corrects #{original?.position ?? '?'}, which said: “
      {original ? describeEvent(original, namesOf(ws.view)) : 'an entry not loaded'}”.
    </span>
  );
};
