import * as React from 'react';
import type { RequestKind } from '../../domain/schema';
import { classifyError } from './errors';
import type { CancelSignal, RefreshRequester } from './integrationRequests';
import type { RecordRef } from './pcfContext';
import type { RefreshLink, RefreshSignal } from './refreshSignal';

export type RefreshState =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'succeeded'; at: number }
  | { phase: 'failed'; error: string | null; fixHint: string | null }
  | { phase: 'timedOut' }
  | { phase: 'alreadyRequested' }
  | { phase: 'denied' }
  | { phase: 'error'; message: string };

/**
 * Asks the connector for fresh data and reloads the view when it answers; also reloads when the same record's
 * figures were refreshed elsewhere (a command on the form, another tab), and tells the others of its own refreshes.
 */
export function useRefresh(
  requester: RefreshRequester,
  kind: RequestKind,
  target: RecordRef | null,
  onSucceeded: () => void,
  refreshSignal: RefreshSignal,
): { state: RefreshState; start: () => void } {
  const [state, setState] = React.useState<RefreshState>({ phase: 'idle' });
  const signal = React.useRef<CancelSignal>({ cancelled: false });
  const onSucceededRef = React.useRef(onSucceeded);
  onSucceededRef.current = onSucceeded;
  const targetKey = target ? `${target.table}:${target.id}` : '';
  const link = React.useRef<RefreshLink | null>(null);

  React.useEffect(() => {
    // A new record (or unmount) abandons the polling of the previous one.
    const current = { cancelled: false };
    signal.current = current;
    setState({ phase: 'idle' });
    const connected = target ? refreshSignal.connect(target, () => onSucceededRef.current()) : null;
    link.current = connected;
    return () => {
      current.cancelled = true;
      connected?.close();
    };
    // The target object is new on every render; its key says when it really changed.
  }, [targetKey, refreshSignal]);

  const start = React.useCallback(() => {
    if (!target || state.phase === 'running') return;
    const current = signal.current;
    setState({ phase: 'running' });
    requester.refresh(kind, target, current).then(
      (outcome) => {
        if (current.cancelled) return;
        if (outcome.status === 'succeeded') {
          setState({ phase: 'succeeded', at: Date.now() });
          onSucceededRef.current();
          link.current?.announce();
        } else if (outcome.status === 'failed') setState({ phase: 'failed', error: outcome.error, fixHint: outcome.fixHint });
        else if (outcome.status === 'timedOut') setState({ phase: 'timedOut' });
        else if (outcome.status === 'alreadyRequested') setState({ phase: 'alreadyRequested' });
        else setState({ phase: 'idle' });
      },
      (e: unknown) => {
        if (current.cancelled) return;
        const c = classifyError(e);
        setState(c.kind === 'privilege' ? { phase: 'denied' } : { phase: 'error', message: c.message });
      },
    );
  }, [requester, kind, target, state.phase]);

  return { state, start };
}
