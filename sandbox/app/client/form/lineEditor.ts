/**
 * What the lines subgrid sends for a line, as the Sales order product form does: an existing product with its unit
 * (the price then comes from the header's price list, computed by the platform), or a write-in product with its
 * description and price per unit (isproductoverridden). A price typed on a catalogue line overrides the list price
 * (ispriceoverridden). Pure: decides the body, the Subgrid does the Web API call.
 */
import type { Metadata } from '../data/metadata';
import type { EntityRecord } from '../data/webApi';
import type { LookupRef } from './formModel';

export interface LineDraft {
  kind: 'product' | 'writein';
  product: LookupRef | null;
  description: string;
  quantity: number | null;
  unit: LookupRef | null;
  /** null: the price list's price (catalogue) — a write-in line must have one. */
  price: number | null;
}

export type LineProblem = 'chooseProduct' | 'describeProduct' | 'quantity' | 'price';

/** What the form refuses before sending (the platform refuses the rest, and its message is shown). */
export function lineProblems(d: LineDraft): LineProblem[] {
  const out: LineProblem[] = [];
  if (d.kind === 'product' && !d.product) out.push('chooseProduct');
  if (d.kind === 'writein' && !d.description.trim()) out.push('describeProduct');
  if (d.quantity === null || d.quantity <= 0) out.push('quantity');
  if (d.kind === 'writein' && d.price === null) out.push('price');
  return out;
}

const bind = (meta: Metadata, entity: string, attribute: string, ref: LookupRef) => ({
  [`${meta.navigationFor(entity, attribute, ref.entityType)}@odata.bind`]: `/${meta.entitySetName(ref.entityType)}(${ref.id.replace(/[{}]/g, '')})`,
});

/** The POST body of a new line under `parent`. */
export function newLineBody(meta: Metadata, lineEntity: string, parentAttribute: string, parent: LookupRef, d: LineDraft): EntityRecord {
  const body: EntityRecord = { ...bind(meta, lineEntity, parentAttribute, parent), quantity: d.quantity };
  if (d.kind === 'writein') {
    Object.assign(body, { isproductoverridden: true, productdescription: d.description.trim(), priceperunit: d.price });
    return body;
  }
  Object.assign(body, { isproductoverridden: false }, bind(meta, lineEntity, 'productid', d.product!));
  if (d.unit) Object.assign(body, bind(meta, lineEntity, 'uomid', d.unit));
  if (d.price !== null) Object.assign(body, { priceperunit: d.price, ispriceoverridden: true });
  return body;
}

/** The PATCH body of an edited line: only what changed from `before`. */
export function changedLineBody(meta: Metadata, lineEntity: string, before: LineDraft, d: LineDraft): EntityRecord {
  const body: EntityRecord = {};
  if (d.quantity !== before.quantity) body.quantity = d.quantity;
  if (d.kind === 'writein') {
    if (d.description.trim() !== before.description.trim()) body.productdescription = d.description.trim();
    if (d.price !== before.price) body.priceperunit = d.price;
    return body;
  }
  if (d.product && d.product.id !== before.product?.id) Object.assign(body, bind(meta, lineEntity, 'productid', d.product));
  if (d.unit && d.unit.id !== before.unit?.id) Object.assign(body, bind(meta, lineEntity, 'uomid', d.unit));
  if (d.price !== before.price) Object.assign(body, d.price === null ? { ispriceoverridden: false, priceperunit: null } : { priceperunit: d.price, ispriceoverridden: true });
  return body;
}

/** A saved line (Web API record with lookup annotations) as the editor's draft. */
export function draftOf(line: EntityRecord, name: (key: string) => string | undefined): LineDraft {
  const ref = (attr: string, entityType: string): LookupRef | null => {
    const id = line[`_${attr}_value`];
    return typeof id === 'string' && id ? { id, name: name(`_${attr}_value`) ?? '', entityType } : null;
  };
  const product = ref('productid', 'product');
  const writeIn = !product && (line.isproductoverridden === true || typeof line.productdescription === 'string');
  return {
    kind: writeIn ? 'writein' : 'product',
    product,
    description: typeof line.productdescription === 'string' ? line.productdescription : '',
    quantity: typeof line.quantity === 'number' ? line.quantity : null,
    unit: ref('uomid', 'uom'),
    price: writeIn || line.ispriceoverridden === true ? (typeof line.priceperunit === 'number' ? line.priceperunit : null) : null,
  };
}
