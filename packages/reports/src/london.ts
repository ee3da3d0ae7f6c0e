import { LONDON } from '@steerlog/contract';

const parts = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: LONDON,
  timeZoneName: 'longOffset',
});
const weekdayDate = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: LONDON,
});

/** An instant as UK wall-clock time with its offset: `2025-06-02T10:00+01:00` (what a minute prints, in ISO form). */
export const londonIso = (iso: string): string => {
  const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  const offset = p['timeZoneName'] === 'GMT' ? '+00:00' : (p['timeZoneName'] ?? '').replace('GMT', '');
  return `${p['year']}-${p['month']}-${p['day']}T${p['hour']}:${p['minute']}${offset}`;
};

/** The UK day of an instant, for the head of a paper: `Monday 2 June 2025`. */
export const londonDay = (iso: string): string => weekdayDate.format(new Date(iso)).replace(',', '');
