import * as React from 'react';
import { classifyError, type ClassifiedError } from './errors';

export interface LoadState<T> {
  data: T | undefined;
  isLoading: boolean;
  error: ClassifiedError | undefined;
  /** Epoch ms of the last successful load. */
  loadedAt: number | undefined;
}

/**
 * Runs `load` once per `key` (and again on reload). The last data survives a failed reload so the view can
 * keep showing it (offline, connector down) next to the error.
 */
export function useLoad<T>(load: (() => Promise<T>) | null, key: string): LoadState<T> & { reload: () => void } {
  const [state, setState] = React.useState<LoadState<T>>({ data: undefined, isLoading: !!load, error: undefined, loadedAt: undefined });
  const [nonce, setNonce] = React.useState(0);
  const loadRef = React.useRef(load);
  loadRef.current = load;
  const lastKey = React.useRef(key);

  React.useEffect(() => {
    const run = loadRef.current;
    const keyChanged = lastKey.current !== key;
    lastKey.current = key;
    if (!run) {
      setState({ data: undefined, isLoading: false, error: undefined, loadedAt: undefined });
      return;
    }
    let live = true;
    setState((s) => (keyChanged ? { data: undefined, isLoading: true, error: undefined, loadedAt: undefined } : { ...s, isLoading: true }));
    run().then(
      (data) => live && setState({ data, isLoading: false, error: undefined, loadedAt: Date.now() }),
      (e: unknown) => live && setState((s) => ({ ...s, isLoading: false, error: classifyError(e) })),
    );
    return () => {
      live = false;
    };
  }, [key, nonce]);

  const reload = React.useCallback(() => setNonce((x) => x + 1), []);
  return { ...state, reload };
}
