import { useEffect, useState } from 'react';
import type { Whoami } from './api.js';
import { fetchWhoami } from './api.js';

const cache = new Map<string, Promise<Whoami>>();

/**
 * Who the token belongs to and its role in `programmeId`, asked once per token and programme; a
 * failed ask is not cached, so a retry asks again.
 */
export const whoamiOf = (token: string, programmeId?: string): Promise<Whoami> => {
  const key = `${programmeId ?? ''} ${token}`;
  let answer = cache.get(key);
  if (!answer) {
    answer = fetchWhoami(token, programmeId);
    cache.set(key, answer);
    answer.catch(() => cache.delete(key));
  }
  return answer;
};

export const useWhoami = (token: string, programmeId?: string): { whoami: Whoami | null; error: unknown } => {
  const [result, setResult] = useState<{ whoami: Whoami | null; error: unknown }>({ whoami: null, error: null });
  useEffect(() => {
    let live = true;
    whoamiOf(token, programmeId).then(
      (whoami) => live && setResult({ whoami, error: null }),
      (error: unknown) => live && setResult({ whoami: null, error }),
    );
    return () => {
      live = false;
    };
  }, [token, programmeId]);
  return result;
};
