/** Customers, agent sessions and telephony settings (owned by the customers/config/admin work). */
export const up = `
`;
