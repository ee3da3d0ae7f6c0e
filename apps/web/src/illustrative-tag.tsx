/** Anything the state marks `illustrative: true` (contract v2): a thing, a figure, a rating. */
type Markable = { illustrative?: true | undefined } | null | undefined;

/** True when any of the values rests on an illustrative event. */
export const isIllustrative = (...values: Markable[]): boolean => values.some((v) => v?.illustrative === true);

/**
 * Marks a value that rests on an illustrative event, in a word rather than by colour alone, so
 * nobody in the room takes an example for a recorded fact. Renders nothing for a fact.
 */
export const IllustrativeTag = ({ of }: { of: Markable[] }) =>
  isIllustrative(...of) ? (
    <span className="illustrative-tag" title="An illustrative value, not a recorded fact">
      Illustrative
    </span>
  ) : null;
