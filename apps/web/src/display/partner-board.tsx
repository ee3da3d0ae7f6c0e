import type { ProgrammeView } from '@steerlog/domain';
import { useRef } from 'react';
import { RagBadge } from '../rag.js';
import { ChangedTag } from './changed-tag.js';
import { changeKey } from './since-last-meeting.js';
import { useShrinkToFit } from './use-shrink-to-fit.js';

/** Roomy, tighter, and tightest with names on one line. */
const DENSITIES = 2;

/** Each partner's previous and current RAG, as on the partners' highlight-report slide; tighter when many. */
export const PartnerBoard = ({
  partners,
  changed,
}: {
  partners: ProgrammeView['partners'];
  changed: ReadonlySet<string>;
}) => {
  const ref = useRef<HTMLElement>(null);
  const density = useShrinkToFit(ref, DENSITIES, partners);
  return (
    <section ref={ref} className={`panel partners density-${density}`} aria-labelledby="partners-heading">
      <h2 id="partners-heading">Partners</h2>
      {partners.length === 0 ? (
        <p className="empty">No partners yet.</p>
      ) : (
        <table className="partner-table">
          <thead>
            <tr>
              <th scope="col">Partner</th>
              <th scope="col">Previous</th>
              <th scope="col">Current</th>
            </tr>
          </thead>
          <tbody>
            {partners.map((p) => {
              const isChanged = changed.has(changeKey('partner', p.partnerId));
              return (
                <tr key={p.partnerId} className={isChanged ? 'changed' : undefined}>
                  <th scope="row">
                    {isChanged && <ChangedTag />}
                    {p.name}
                  </th>
                  <td>
                    {p.rag?.previous ? (
                      <RagBadge rag={p.rag.previous} size="small" />
                    ) : (
                      <span className="rag-previous-none">
                        <span aria-hidden="true">–</span>
                        <span className="sr-only">none</span>
                      </span>
                    )}
                  </td>
                  <td>
                    <RagBadge rag={p.rag?.current ?? null} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
};
