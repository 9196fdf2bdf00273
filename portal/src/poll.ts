import { useCallback, useEffect, useRef, useState } from 'react';
import { toProblem, type Problem } from './api/problem';

/** How often a screen refreshes what it shows while it is visible. */
export const POLL_MILLIS = 3000;

type Result<T> = { data?: T; error?: unknown; response: Response };
export type Request<T> = (headers: Record<string, string>) => Promise<Result<T>>;

/**
 * Live data by polling: the request runs now and every POLL_MILLIS while the page is visible. It sends
 * If-None-Match with the ETag of the last answer, so a server that answers 304 Not Modified costs no
 * body and no re-render. Requests stop when the screen goes away or its inputs (deps) change.
 */
export function usePolling<T>(request: Request<T>, deps: readonly unknown[], intervalMillis = POLL_MILLIS) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [generation, setGeneration] = useState(0);
  const requestRef = useRef(request);
  requestRef.current = request;

  useEffect(() => {
    let stopped = false;
    let etag: string | null = null;
    let timer: number | undefined;
    setData(undefined);
    setProblem(null);
    const tick = async () => {
      if (document.visibilityState !== 'hidden') {
        try {
          const result = await requestRef.current(etag ? { 'If-None-Match': etag } : {});
          if (stopped) {
            return;
          }
          if (result.response.status !== 304) {
            if (result.response.ok && result.data !== undefined) {
              etag = result.response.headers.get('ETag');
              setData(result.data);
              setProblem(null);
            } else {
              setProblem(toProblem(result.error, result.response.status));
            }
          }
        } catch (e) {
          if (!stopped) {
            setProblem(toProblem(e));
          }
        }
      }
      if (!stopped) {
        timer = window.setTimeout(tick, intervalMillis);
      }
    };
    void tick();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [...deps, generation, intervalMillis]);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, problem, refresh };
}
