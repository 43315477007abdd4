import { dataverseErrorCode, isDuplicateKeyAnswer, isDuplicateKeyCode } from '../../../domain/duplicateKey';
import { isDuplicateKeyError } from '../../../webresources/lib/errors';
import { classifyError } from '../../../controls/shared/errors';
import { isDuplicate } from '../../../connector/sync/writes';

describe('one rule for "this row already exists"', () => {
  it('reads Dataverse codes as hex text, signed and unsigned numbers', () => {
    expect(dataverseErrorCode('0x80040237')).toBe(0x80040237);
    expect(dataverseErrorCode(-2147220937)).toBe(0x80040237);
    expect(dataverseErrorCode(-2147088238)).toBe(0x80060892);
    expect(dataverseErrorCode('duplicate')).toBeNull();
    expect(dataverseErrorCode(undefined)).toBeNull();
  });

  it('a 412 is a duplicate only with a duplicate-key code: an If-Match that lost a race is not', () => {
    expect(isDuplicateKeyAnswer(412, '0x80040237')).toBe(true);
    expect(isDuplicateKeyAnswer(412, '0x80060892')).toBe(true);
    expect(isDuplicateKeyAnswer(412, '0x80060882')).toBe(false); // ConcurrencyVersionMismatch
    expect(isDuplicateKeyAnswer(409, '0x80040237')).toBe(false);
    expect(isDuplicateKeyAnswer(400, '0x80040237')).toBe(false);
  });

  it('the browser, the controls and the sync agree', () => {
    for (const code of [-2147220937, -2147088238]) {
      expect(isDuplicateKeyCode(code)).toBe(true);
      expect(isDuplicateKeyError({ errorCode: code, message: 'x' })).toBe(true);
      expect(classifyError({ errorCode: code, message: 'x' }).kind).toBe('duplicateKey');
    }
    // Words alone decide nothing: "already exists" may be any business message.
    expect(isDuplicateKeyError({ errorCode: 0x80040220, message: 'A record already exists' })).toBe(false);
    expect(classifyError({ errorCode: 0x80060882, message: 'The version of the existing record does not match' }).kind).not.toBe('duplicateKey');
    const answer = (status: number, code: string) => ({ status, body: { error: { code, message: 'm' } } }) as never;
    expect(isDuplicate(answer(412, '0x80040237'))).toBe(true);
    expect(isDuplicate(answer(412, '0x80060882'))).toBe(false);
    expect(isDuplicate(answer(409, '0x80040265'))).toBe(false);
  });
});
