import { enableOrderWall, enableWall } from '../../connector/register';
import { HttpError } from '../../connector/http/httpClient';
import type { DataverseApi } from '../../connector/dataverse/client';
import type { Logger } from '../../connector/log';

const logger = () => {
  const warnings: string[] = [];
  const log = { info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined, debug: () => undefined, child: () => log } as unknown as Logger;
  return { log, warnings };
};

test('an environment without Activity Feeds is left as it is, with a warning that says why', async () => {
  const dv = { list: () => Promise.reject(new HttpError('dataverse', 404, '0x80060888', "Resource not found for the segment 'msdyn_postconfigs'.", 'permanent')) } as unknown as DataverseApi;
  const { log, warnings } = logger();
  await expect(enableOrderWall(dv, log)).resolves.toBe('unavailable');
  expect(warnings.join()).toMatch(/Activity Feeds is not installed/);
});

test('any other failure is reported with Dataverse\'s answer, not hidden and not thrown', async () => {
  const dv = { list: () => Promise.reject(new HttpError('dataverse', 403, '0x80040220', 'missing prvReadmsdyn_PostConfig', 'permanent')) } as unknown as DataverseApi;
  await expect(enableWall(dv, 'salesorder', logger().log)).resolves.toMatchObject({ state: 'failed', error: expect.stringMatching(/prvReadmsdyn_PostConfig/) });
});

test('a disabled wall is switched on in place and read back', async () => {
  const updates: unknown[] = [];
  let row = { msdyn_postconfigid: 'w1', msdyn_configurewall: false, statecode: 0, statuscode: 1 };
  const dv = {
    list: () => Promise.resolve([row]),
    update: (...a: unknown[]) => {
      updates.push(a);
      row = { ...row, msdyn_configurewall: true };
      return Promise.resolve();
    },
    create: () => Promise.reject(new Error('must not create')),
  } as unknown as DataverseApi;
  await expect(enableOrderWall(dv, logger().log)).resolves.toBe('enabled');
  expect(updates).toEqual([['msdyn_postconfigs', 'w1', { msdyn_configurewall: true, statecode: 0, statuscode: 1 }]]);
});

test('a write Dataverse accepted but did not apply is caught by the read-back', async () => {
  const row = { msdyn_postconfigid: 'w1', msdyn_configurewall: false, statecode: 1, statuscode: 2 };
  const dv = { list: () => Promise.resolve([row]), update: () => Promise.resolve(), create: () => Promise.reject(new Error('must not create')) } as unknown as DataverseApi;
  await expect(enableWall(dv, 'quote', logger().log)).resolves.toEqual({ table: 'quote', state: 'failed', error: 'read back: statecode 1, statuscode 2, wall false' });
});
