import type { ProgrammeSummary } from '@steerlog/contract';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, fetchProgrammes } from './api.js';

type Programmes = { programmes: ProgrammeSummary[] | null; error: unknown };

/** A screen switched on before the server (or the network) is up keeps trying on its own. */
const RETRY_MS = 5_000;

/** A refusal (4xx) will not change by asking again; anything else may. */
const worthRetrying = (error: unknown) => !(error instanceof ApiError && error.status < 500);

/** `GET /api/programmes`, fetched again whenever `refresh` is called. A failed refresh keeps the last list. */
export const useProgrammes = (token: string) => {
  const [result, setResult] = useState<Programmes>({ programmes: null, error: null });
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    fetchProgrammes(token, abort.signal).then(
      (programmes) => setResult({ programmes, error: null }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setResult((last) => ({ ...last, error }));
        if (worthRetrying(error)) retry = setTimeout(refresh, RETRY_MS);
      },
    );
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [token, generation, refresh]);
  return { ...result, refresh };
};
