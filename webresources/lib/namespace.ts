/**
 * Each table's bundle adds its part to one global namespace, ErpLink, without replacing what another bundle put
 * there (a form may load several of our libraries). Ribbon and form events call e.g. ErpLink.SalesOrder.submitToErp.
 */
type Namespace = Record<string, Record<string, unknown>>;

export function register(name: string, members: Record<string, unknown>): void {
  const host = globalThis as unknown as { ErpLink?: Namespace };
  host.ErpLink = host.ErpLink ?? {};
  host.ErpLink[name] = { ...(host.ErpLink[name] ?? {}), ...members };
}
