import { useEffect, useState } from 'react';
import type { Whoami } from './api.js';
import { fetchWhoami } from './api.js';

const cache = new Map<string, Promise<Whoami>>();

/** Who the token belongs to, asked once per token; a failed ask is not cached, so a retry asks again. */
export const whoamiOf = (token: string): Promise<Whoami> => {
  let answer = cache.get(token);
  if (!answer) {
    answer = fetchWhoami(token);
    cache.set(token, answer);
    answer.catch(() => cache.delete(token));
  }
  return answer;
};

export const useWhoami = (token: string): { whoami: Whoami | null; error: unknown } => {
  const [result, setResult] = useState<{ whoami: Whoami | null; error: unknown }>({ whoami: null, error: null });
  useEffect(() => {
    let live = true;
    whoamiOf(token).then(
      (whoami) => live && setResult({ whoami, error: null }),
      (error: unknown) => live && setResult({ whoami: null, error }),
    );
    return () => {
      live = false;
    };
  }, [token]);
  return result;
};
