/** GST on an invoice by place of supply. Pure. */

/** India's 28 states and 8 union territories, as GST names them. */
export const INDIAN_STATES = [
  'Andhra Pradesh',
  'Arunachal Pradesh',
  'Assam',
  'Bihar',
  'Chhattisgarh',
  'Goa',
  'Gujarat',
  'Haryana',
  'Himachal Pradesh',
  'Jharkhand',
  'Karnataka',
  'Kerala',
  'Madhya Pradesh',
  'Maharashtra',
  'Manipur',
  'Meghalaya',
  'Mizoram',
  'Nagaland',
  'Odisha',
  'Punjab',
  'Rajasthan',
  'Sikkim',
  'Tamil Nadu',
  'Telangana',
  'Tripura',
  'Uttar Pradesh',
  'Uttarakhand',
  'West Bengal',
  'Andaman and Nicobar Islands',
  'Chandigarh',
  'Dadra and Nagar Haveli and Daman and Diu',
  'Delhi',
  'Jammu and Kashmir',
  'Ladakh',
  'Lakshadweep',
  'Puducherry',
] as const;

const key = (place: string): string => place.trim().toLowerCase().replace(/&/g, 'and').replace(/\s+/g, ' ');
const STATE_KEYS = new Set(INDIAN_STATES.map(key));

export const isIndianState = (place: string): boolean => STATE_KEYS.has(key(place));
export const sameState = (a: string, b: string): boolean => key(a) === key(b);

/**
 * The value before GST: as given, else the amount less GST at the rate for a supply in India,
 * and the whole amount for an export (zero-rated).
 */
export const taxableValueOf = (invoice: {
  amount: number;
  taxableValue?: number | null | undefined;
  gstRate: number;
  placeOfSupply: string;
}): number => {
  if (invoice.taxableValue != null) return invoice.taxableValue;
  return isIndianState(invoice.placeOfSupply) ? invoice.amount / (1 + invoice.gstRate / 100) : invoice.amount;
};

export type GstCategory = 'Intra-State' | 'Inter-State' | 'Export';

export interface GstSplit {
  category: GstCategory;
  taxable: number;
  cgst: number;
  sgst: number;
  igst: number;
}

/**
 * Splits the GST of an invoice (its amount less its taxable value): within the supplier's home
 * state half CGST and half SGST, to another state all IGST, overseas none (export).
 */
export const splitGst = (
  invoice: { amount: number; taxableValue: number; placeOfSupply: string },
  homeState: string,
): GstSplit => {
  const taxable = invoice.taxableValue;
  if (!isIndianState(invoice.placeOfSupply))
    return { category: 'Export', taxable, cgst: 0, sgst: 0, igst: 0 };
  const gst = Math.max(0, invoice.amount - taxable);
  if (sameState(invoice.placeOfSupply, homeState)) {
    return { category: 'Intra-State', taxable, cgst: gst / 2, sgst: gst / 2, igst: 0 };
  }
  return { category: 'Inter-State', taxable, cgst: 0, sgst: 0, igst: gst };
};
