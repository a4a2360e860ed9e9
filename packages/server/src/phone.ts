/**
 * Phone numbers to E.164 (`+919876543210`), so a number typed any way a CRM or an agent
 * writes it finds the same customer. Numbers without a country code take the tenant's
 * default (`widget.defaultCountryCode`, `+91` unless set).
 */

/** E.164 allows at most 15 digits; fewer than 6 is an extension or a typo, not a number. */
const MIN_DIGITS = 6;
const MAX_DIGITS = 15;
/** Longest national significant number we treat as national (India's is 10 digits). */
const NATIONAL_MAX_DIGITS = 10;

/**
 * Returns the E.164 form of `input`, or `null` when it is not a phone number.
 * `+91 98765 43210`, `09876543210`, `9876543210` and `919876543210` all give `+919876543210`;
 * numbers written with `+` or `00` keep their own country code.
 */
export const normalizePhone = (input: string, defaultCountryCode = '+91'): string | null => {
  const trimmed = input.trim();
  if (trimmed === '' || /[^\d\s+().\-/]/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  const country = defaultCountryCode.replace(/\D/g, '');

  let e164: string;
  if (trimmed.startsWith('+')) {
    if (trimmed.lastIndexOf('+') !== 0) return null;
    e164 = digits;
  } else if (digits.startsWith('00')) {
    e164 = digits.slice(2);
  } else if (digits.startsWith('0')) {
    // A national trunk prefix (India's leading 0).
    e164 = country + digits.replace(/^0+/, '');
  } else if (country !== '' && digits.startsWith(country) && digits.length > NATIONAL_MAX_DIGITS) {
    e164 = digits;
  } else {
    e164 = country + digits;
  }
  if (e164.length < MIN_DIGITS || e164.length > MAX_DIGITS || e164.startsWith('0')) return null;
  return `+${e164}`;
};
