/**
 * Package tracking numbers of posted sales shipments. API v2.0 salesShipments has no tracking field; standard page
 * 142 "Posted Sales Shipments" (source table Sales Shipment Header) shows Shipping Agent Code and Package Tracking No.
 * and is read once an admin publishes it on the Web Services page as PostedSalesShipments (docs/connector.md).
 * Not published: `available` is false and shipment posts carry no tracking number; nothing else changes.
 */
import { bcLit, type BcApi, type BcRow } from './client';
import { isSourceMissing, publishedPage, publishedUrl, type SourceConfig } from './standardSources';

export interface Tracking {
  trackingNumber: string;
  shippingAgentCode: string;
}

export interface TrackingLog {
  warn(message: string, fields?: Record<string, unknown>): void;
}

const chunk = <T>(a: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, i * n + n));

export async function readTrackingNumbers(bc: BcApi, c: SourceConfig, shipmentNumbers: readonly string[], log: TrackingLog): Promise<{ available: boolean; byShipment: Map<string, Tracking> }> {
  const byShipment = new Map<string, Tracking>();
  if (!shipmentNumbers.length) return { available: true, byShipment };
  const page = publishedPage('trackingNumbers');
  try {
    const url = await publishedUrl(bc, c, page.serviceName);
    for (const part of chunk(shipmentNumbers, 40)) {
      const filter = part.map((n) => `No eq ${bcLit(n)}`).join(' or ');
      const rows = await bc.listAbsolute<BcRow>(`${url}?$filter=${encodeURIComponent(filter)}&$select=No,Shipping_Agent_Code,Package_Tracking_No`, 5);
      for (const r of rows) if (r.Package_Tracking_No) byShipment.set(String(r.No), { trackingNumber: String(r.Package_Tracking_No), shippingAgentCode: String(r.Shipping_Agent_Code ?? '') });
    }
    return { available: true, byShipment };
  } catch (e) {
    if (!isSourceMissing(e)) log.warn('tracking numbers unavailable', { page: `${page.objectId} ${page.objectName}`, error: (e as Error).message });
    return { available: false, byShipment };
  }
}
