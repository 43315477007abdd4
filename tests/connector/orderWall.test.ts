import { enableOrderWall } from '../../connector/register';
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

test('any other failure is not hidden', async () => {
  const dv = { list: () => Promise.reject(new HttpError('dataverse', 403, '0x80040220', 'missing prvReadmsdyn_PostConfig', 'permanent')) } as unknown as DataverseApi;
  await expect(enableOrderWall(dv, logger().log)).rejects.toThrow(/prvReadmsdyn_PostConfig/);
});

test('a disabled wall is switched on in place', async () => {
  const updates: unknown[] = [];
  const dv = { list: () => Promise.resolve([{ msdyn_postconfigid: 'w1', msdyn_configurewall: false, statecode: 0 }]), update: (...a: unknown[]) => Promise.resolve(void updates.push(a)), create: () => Promise.reject(new Error('must not create')) } as unknown as DataverseApi;
  await expect(enableOrderWall(dv, logger().log)).resolves.toBe('enabled');
  expect(updates).toEqual([['msdyn_postconfigs', 'w1', { msdyn_configurewall: true, statecode: 0, statuscode: 1 }]]);
});
