/**
 * Dates are typed as three boxes, day, month and year (the GOV.UK date pattern): nothing a
 * keyboard types is swallowed, as a native date field's segments can. A form keeps them as one
 * string `YEAR-MONTH-DAY` exactly as typed (`2024-3-7`, `-3-`), so nothing is lost between boxes.
 */
export type DateParts = { day: string; month: string; year: string };

/** The three boxes of a stored value; an ISO date (`2024-03-07`) fills them as typed numbers would. */
export const dateParts = (value: string): DateParts => {
  const [year = '', month = '', day = ''] = value.split('-');
  return { day, month, year };
};

/** The stored value of three boxes; empty when all are, so an optional date left blank is not sent. */
export const joinDate = ({ day, month, year }: DateParts): string => {
  const clean = (s: string) => s.replaceAll('-', '').trim();
  const parts = [clean(year), clean(month), clean(day)];
  return parts.every((p) => p === '') ? '' : parts.join('-');
};

/**
 * The ISO date of a stored value, or why it is not one, in words: a missing part is named, and a
 * day that does not exist (31 April) is not a real date.
 */
export const isoDate = (value: string): { ok: true; date: string } | { ok: false; problem: string } => {
  const { day, month, year } = dateParts(value);
  const missing = [!/\d/.test(day) && 'a day', !/\d/.test(month) && 'a month', !/\d/.test(year) && 'a year'].filter(
    (m): m is string => m !== false,
  );
  if (missing.length > 0) return { ok: false, problem: `must include ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { ok: false, problem: 'must be a real date, with a four-digit year' };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return { ok: false, problem: 'must be a real date' };
  return { ok: true, date: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` };
};
