/**
 * Marks something changed since the last meeting in words as well as by the highlight around it.
 * It goes before a name, so a name cut short to fit the screen never cuts it off.
 */
export const ChangedTag = () => <span className="changed-tag">CHANGED</span>;

/** Marks something recorded a moment ago, during this meeting: a different word, a different mark. */
export const JustTag = () => <span className="just-tag">JUST NOW</span>;
