import { formatDate } from '../format.js';
import { CorrectionNote, CorrectLink } from './correction.js';
import { describeEvent, namesOf } from './describe-event.js';
import type { Workspace } from './workspace.js';

/** The last entries recorded, each with "Correct": a mistake is usually noticed straight after it is made. */
export const RecentEntries = ({ ws }: { ws: Workspace }) => {
  const names = namesOf(ws.view);
  const recent = ws.events.slice(-5).reverse();
  if (recent.length === 0) return null;
  return (
    <section className="recent-entries" aria-labelledby="recent-entries">
      <h3 id="recent-entries">Recently recorded</h3>
      <ol>
        {recent.map((e) => (
          <li key={e.id}>
            #{e.position}, {formatDate(e.occurredAt)}: {describeEvent(e, names)}
            <CorrectionNote ws={ws} correctionOf={e.meta.correctionOf} /> <CorrectLink ws={ws} eventId={e.id} />
          </li>
        ))}
      </ol>
    </section>
  );
};
