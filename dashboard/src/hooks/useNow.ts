import { useEffect, useState } from 'preact/hooks';

/** The current time in ms, refreshed every `intervalMs` (times shown as "3 min" stay current). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
