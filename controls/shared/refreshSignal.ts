import { REFRESH_CHANNEL, isRefreshOf, refreshedMessage, type RefreshedTable } from '../../domain/refreshSignal';
import type { RecordRef } from './pcfContext';

/**
 * The "figures refreshed" channel as a control sees it: it hears when its record's figures were refreshed elsewhere
 * (a command on the form, a control in another tab) and tells the others when it refreshed them itself.
 * See domain/refreshSignal.ts for why a BroadcastChannel.
 */
export interface RefreshLink {
  announce(): void;
  close(): void;
}

export interface RefreshSignal {
  connect(target: RecordRef, onRefreshedElsewhere: () => void): RefreshLink;
}

type Channel = Pick<BroadcastChannel, 'postMessage' | 'close' | 'addEventListener' | 'removeEventListener'>;

const isRefreshedTable = (table: string): table is RefreshedTable => table === 'account' || table === 'product';
const nothing: RefreshLink = { announce: () => undefined, close: () => undefined };

/** One channel per connected control; without BroadcastChannel, nothing (the next load shows the figures). */
export class BroadcastRefreshSignal implements RefreshSignal {
  constructor(private readonly open: (() => Channel) | null = typeof BroadcastChannel === 'undefined' ? null : () => new BroadcastChannel(REFRESH_CHANNEL)) {}

  connect(target: RecordRef, onRefreshedElsewhere: () => void): RefreshLink {
    if (!this.open) return nothing;
    const channel = this.open();
    const listener = (event: Event) => {
      if (isRefreshOf((event as MessageEvent).data, target.table, target.id)) onRefreshedElsewhere();
    };
    channel.addEventListener('message', listener);
    return {
      // A BroadcastChannel object never receives its own messages: the control that refreshed is not told twice.
      announce: () => {
        if (isRefreshedTable(target.table)) channel.postMessage(refreshedMessage(target.table, target.id));
      },
      close: () => {
        channel.removeEventListener('message', listener);
        channel.close();
      },
    };
  }
}
