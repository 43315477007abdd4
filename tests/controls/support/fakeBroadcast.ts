/**
 * BroadcastChannel as browsers deliver it, for jsdom (which has none): every channel of the same name gets a
 * message except the one that posted it, asynchronously; a closed channel gets nothing.
 */
type Listener = (event: Event) => void;

export class FakeBroadcastHub {
  private readonly channels = new Set<FakeChannel>();
  readonly posted: unknown[] = [];

  open = (): FakeChannel => {
    const channel = new FakeChannel(this);
    this.channels.add(channel);
    return channel;
  };

  /** How many channels are open: each closed subscription must free its channel. */
  get openCount(): number {
    return this.channels.size;
  }

  deliver(from: FakeChannel | null, data: unknown): void {
    this.posted.push(data);
    for (const channel of [...this.channels]) if (channel !== from) setTimeout(() => channel.receive(data), 0);
  }

  remove(channel: FakeChannel): void {
    this.channels.delete(channel);
  }
}

export class FakeChannel {
  private readonly listeners = new Set<Listener>();
  private closed = false;
  constructor(private readonly hub: FakeBroadcastHub) {}

  postMessage(data: unknown): void {
    if (this.closed) throw new Error('InvalidStateError: the channel is closed');
    this.hub.deliver(this, data);
  }

  addEventListener(_type: string, listener: Listener): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.hub.remove(this);
  }

  receive(data: unknown): void {
    if (this.closed) return;
    for (const l of this.listeners) l({ data } as unknown as Event);
  }
}
