import { useEffect, useState } from 'react';

/**
 * The current instant, refreshed every `everyMs`: statuses such as "overdue" depend on the date,
 * so a display left running overnight must move on without any new event.
 */
export const useNow = (everyMs: number): string => {
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date().toISOString()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
};
