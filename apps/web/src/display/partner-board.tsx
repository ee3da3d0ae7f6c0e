import type { ProgrammeView, RoundView } from '@steerlog/domain';
import { useRef } from 'react';
import { RagBadge, RagMark } from '../rag.js';
import { IllustrativeTag } from '../illustrative-tag.js';
import { ChangedTag, JustTag } from './changed-tag.js';
import { MoreNote } from './more-note.js';
import { RoundNote } from './round-returns.js';
import { changeKey } from './since-last-meeting.js';
import { useShrinkToFit } from './use-shrink-to-fit.js';

/** Roomy, then tighter: padding gives way before any partner does. */
const DENSITIES = 2;

/** Each partner's previous and current RAG, as on the partners' highlight-report slide; tighter when many. */
export const PartnerBoard = ({
  partners,
  changed,
  just,
  round = null,
}: {
  partners: ProgrammeView['partners'];
  changed: ReadonlySet<string>;
  just: ReadonlySet<string>;
  /** The reporting round whose returns show beside the ratings, if any. */
  round?: RoundView | null;
}) => {
  const ref = useRef<HTMLElement>(null);
  const n = useShrinkToFit(ref, partners.length + DENSITIES, partners);
  const density = Math.max(0, n - partners.length);
  const shown = partners.slice(0, Math.min(n, partners.length));
  // Until some partner has been re-rated there is no "was" to show, and its column is room lost.
  const anyPrevious = partners.some((p) => p.rag?.previous);
  return (
    <section
      ref={ref}
      className={`panel partners density-${density}`}
      aria-labelledby="partners-heading"
      data-hidden={partners.length - shown.length}
    >
      <h2 id="partners-heading">Partners</h2>
      {partners.length === 0 ? (
        <p className="empty">No partners yet.</p>
      ) : (
        <table className="partner-table">
          <thead>
            <tr>
              <th scope="col">Partner</th>
              {anyPrevious && (
                <th scope="col" className="col-was">
                  Was
                </th>
              )}
              <th scope="col" className="col-now">
                Now
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => {
              const k = changeKey('partner', p.partnerId);
              const mark = just.has(k) ? 'just' : changed.has(k) ? 'changed' : undefined;
              return (
                <tr key={p.partnerId} className={mark} data-id={p.partnerId}>
                  <th scope="row">
                    {mark === 'just' ? <JustTag /> : mark === 'changed' ? <ChangedTag /> : null}
                    {p.name}
                    <IllustrativeTag of={[p, p.rag, p.lastReport]} />
                    <RoundNote round={round} partner={p} />
                  </th>
                  {anyPrevious && (
                    <td>
                      {p.rag?.previous ? (
                        <RagMark rag={p.rag.previous} />
                      ) : (
                        <span className="rag-previous-none">
                          <span aria-hidden="true">–</span>
                          <span className="sr-only">none</span>
                        </span>
                      )}
                    </td>
                  )}
                  <td>
                    <RagBadge rag={p.rag?.current ?? null} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <MoreNote hidden={partners.length - shown.length} what="more partner" />
    </section>
  );
};
