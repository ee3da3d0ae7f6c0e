// Calendar dates (`YYYY-MM-DD`) name a day, not an instant: format them in UTC so no time zone moves them.
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
/** Instants are shown as the programme's people live them: UK time, whatever the reader's machine says. */
const LONDON = 'Europe/London';
const instant = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: LONDON });
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: LONDON });
const wholePounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2 });

/** `2023-05-31` as `31 May 2023`; a date-time is shown by its UTC day. */
export const formatDate = (date: string): string => day.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));

/** An instant in UK time: `7 Jun 2024, 10:12`. */
export const formatDateTime = (iso: string): string => instant.format(new Date(iso));

/** The time of day of an instant in UK time: `10:12`. */
export const formatTime = (iso: string): string => clock.format(new Date(iso));

/** Integer pence as pounds with thousands separators; pence are shown only when there are some. */
export const formatMoney = (pence: number): string => (pence % 100 === 0 ? wholePounds : pounds).format(pence / 100);

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
