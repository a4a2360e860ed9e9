/** Digits only, last ten: `+91 98765-43210` and `09876543210` are the same customer. */
export const phoneKey = (phone: string): string => phone.replace(/\D/g, '').slice(-10);
