/**
 * "Open in ERP" links into the Business Central web client:
 *   <erp_webclienturl>[?|&]page=<page>&filter='No.' IS '<number>'
 * erp_webclienturl is the environment's web client address with its company, e.g.
 * https://businesscentral.dynamics.com/<tenant>/Production/?company=CRONUS%20International%20Ltd.
 * (BC docs: "Web client URL", page and filter parameters). Pages: 42 Sales Order, 41 Sales Quote,
 * 21 Customer Card, 30 Item Card, 76 Resource Card.
 */
export const ErpPages = { salesOrder: 42, salesQuote: 41, customer: 21, item: 30, resource: 76 } as const;

export function erpDeepLink(webClientUrl: string, page: number, number: string): string {
  const base = webClientUrl.trim();
  if (!/^https:\/\//i.test(base)) throw new Error(`The ERP web client URL "${base}" must start with https://.`);
  const hash = base.indexOf('#');
  const withoutHash = hash >= 0 ? base.slice(0, hash) : base;
  const separator = withoutHash.includes('?') ? (/[?&]$/.test(withoutHash) ? '' : '&') : '?';
  // BC reads filter values literally between single quotes; a quote inside is doubled.
  const filter = `'No.' IS '${number.replace(/'/g, "''")}'`;
  return `${withoutHash}${separator}page=${page}&filter=${encodeURIComponent(filter)}`;
}
