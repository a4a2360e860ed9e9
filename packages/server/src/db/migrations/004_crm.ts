/** CRM records behind the five dashboards (owned by the dashboards work). */
export const up = `
`;
