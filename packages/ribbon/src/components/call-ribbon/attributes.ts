/** The attributes of `<exotel-call-ribbon>` as markup (JSX, Vue templates) sets them. */
export type CallRibbonAttributes = {
  /** Where the bar docks. */
  position?: 'bottom' | 'top';
  /** `auto` follows `prefers-color-scheme`. */
  theme?: 'auto' | 'light' | 'dark';
  /** Shows only the handle. */
  collapsed?: boolean;
  /** `en` or `hi` (any BCP 47 tag: `hi-IN`); by default the page's `lang`. */
  locale?: string;
  /** Link to the customer's history; `{customerId}` and `{phoneNumber}` are filled in. */
  'history-url'?: string;
};
