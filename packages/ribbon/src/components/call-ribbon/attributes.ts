/** The attributes of `<exotel-call-ribbon>` as markup (JSX, Vue templates) sets them. */
export type CallRibbonAttributes = {
  /** Where the bar docks. */
  position?: 'bottom' | 'top';
  /** `auto` follows `prefers-color-scheme`. */
  theme?: 'auto' | 'light' | 'dark';
  /** Shows only the handle. */
  collapsed?: boolean;
  /** Link to the customer's history; `{customerId}` and `{phoneNumber}` are filled in. */
  'history-url'?: string;
};
