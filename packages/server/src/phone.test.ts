import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  it('gives one E.164 form for every way an Indian number is written', () => {
    for (const written of [
      '+91 98765 43210',
      '09876543210',
      '9876543210',
      '919876543210',
      '+91-98765-43210',
      '(+91) 98765.43210',
      '0091 98765 43210',
    ]) {
      assert.equal(normalizePhone(written), '+919876543210', written);
    }
  });

  it('keeps the country code of numbers written with + or 00', () => {
    assert.equal(normalizePhone('+1 (415) 555-0100'), '+14155550100');
    assert.equal(normalizePhone('0044 20 7946 0958'), '+442079460958');
  });

  it('completes national numbers with the given default country code', () => {
    assert.equal(normalizePhone('4155550100', '+1'), '+14155550100');
    assert.equal(normalizePhone('020 7946 0958', '+44'), '+442079460958');
  });

  it('refuses what is not a phone number', () => {
    for (const junk of ['', 'abc', '123', '98765x43210', '+91 +98765', '+1234567890123456']) {
      assert.equal(normalizePhone(junk), null, junk);
    }
  });
});
