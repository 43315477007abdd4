/**
 * Timeline posts in the language of the order's owner (issue 19, finding 7): the organisation is English, Camille
 * Martin reads French, so her order's "created in the ERP" post is French and an English owner's is English.
 */
import { ReferenceData } from '../../connector/reference';
import { useStandins, api, createOrder, drain, request, startTestConnector, submitOrder, type Standins } from './harness';

jest.setTimeout(90_000);

let h!: Standins;
useStandins((s) => (h = s));

it('an owner whose language was not read (a team, a read that failed) gets the organisation\'s', () => {
  const ref = Object.assign(Object.create(ReferenceData.prototype) as ReferenceData, { lcid: 1036, userLcids: { 'aaaaaaaa-0000-0000-0000-000000000001': 1033 } });
  expect(ref.postLcid('{AAAAAAAA-0000-0000-0000-000000000001}')).toBe(1033);
  expect(ref.postLcid('bbbbbbbb-0000-0000-0000-000000000002')).toBe(1036);
  expect(ref.postLcid(null)).toBe(1036);
});

it("each order's posts are in its owner's language, whoever submits it", async () => {
  const c = await startTestConnector(h);
  try {
    const french = h.dv.users.salesperson;
    expect((await api(h).list(`usersettingscollection?$select=uilanguageid&$filter=systemuserid eq ${french.id}`))[0].uilanguageid).toBe(1036);
    const hers = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }], extra: { 'ownerid@odata.bind': `/systemusers(${french.id})` } });
    const mine = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
    const requests = [await submitOrder(h, hers), await submitOrder(h, mine)];
    await drain(h, c, requests);
    const postsOf = async (id: string) => (await api(h).list(`posts?$select=text&$filter=_regardingobjectid_value eq ${id}`)).map((p: { text: string }) => p.text);
    const number = async (r: string) => (await request(h, r)).erp_erpdocumentnumber as string;
    expect(await postsOf(hers)).toEqual([`La commande a été créée dans l’ERP sous le numéro ${await number(requests[0])}.`]);
    expect(await postsOf(mine)).toEqual([`The order was created in the ERP as order ${await number(requests[1])}.`]);
  } finally {
    await c.close();
  }
});
