import { plural } from '../format.js';

/** Says how many items were left out to fit the screen. */
export const MoreNote = ({ hidden, what }: { hidden: number; what: string }) =>
  hidden === 0 ? null : <p className="more">…and {plural(hidden, what)}</p>;
