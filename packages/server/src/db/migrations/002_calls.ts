/** Calls, call events and the aggregates analytics read (owned by the call-logs work). */
export const up = `
`;
