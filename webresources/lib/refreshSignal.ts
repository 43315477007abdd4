import { REFRESH_CHANNEL, refreshedMessage, type RefreshedTable } from '../../domain/refreshSignal';

/**
 * Tells the controls showing this record (in this frame, the form's frame or another tab) that its ERP figures were
 * refreshed, so they reload. Best effort: without BroadcastChannel (very old browsers) the figures update on the
 * next load, as before.
 */
export function announceRefreshed(table: RefreshedTable, id: string): void {
  if (typeof BroadcastChannel === 'undefined') return;
  try {
    const channel = new BroadcastChannel(REFRESH_CHANNEL);
    channel.postMessage(refreshedMessage(table, id));
    channel.close();
  } catch {
    // A closed or refused channel only costs the automatic reload.
  }
}
