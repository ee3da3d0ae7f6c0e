import type { Rag } from '@steerlog/domain';

const words: Record<Rag, string> = { red: 'RED', amber: 'AMBER', green: 'GREEN' };

/** A distinct shape per rating, so the rating reads without colour (and on a washed-out projector). */
const RagShape = ({ rag }: { rag: Rag | null }) => (
  <svg className="rag-shape" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
    {rag === 'green' && <circle cx="5" cy="5" r="4.5" />}
    {rag === 'amber' && <polygon points="5,0.5 9.7,9.5 0.3,9.5" />}
    {rag === 'red' && <rect x="0.8" y="0.8" width="8.4" height="8.4" />}
    {rag === null && <circle cx="5" cy="5" r="3.8" className="rag-shape-none" />}
  </svg>
);

/**
 * A previous rating where room is short: colour and shape, the word for screen readers and as a
 * tooltip. The shape alone tells the ratings apart (circle, triangle, square), so colour is never
 * the only signal.
 */
export const RagMark = ({ rag }: { rag: Rag }) => (
  <span className={`rag rag-${rag} rag-mark`} title={words[rag]}>
    <RagShape rag={rag} />
    <span className="sr-only">{words[rag]}</span>
  </span>
);

/** A RAG rating as colour, shape and word; `null` is a thing not rated yet. */
export const RagBadge = ({ rag, size = 'normal' }: { rag: Rag | null; size?: 'normal' | 'large' | 'small' }) => (
  <span className={`rag rag-${rag ?? 'none'} rag-${size}`}>
    <RagShape rag={rag} />
    {rag === null ? 'NOT RATED' : words[rag]}
  </span>
);
