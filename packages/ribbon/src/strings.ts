/**
 * Every user-visible text of the ribbon, in English (`en`); `i18n-hi.ts` has them in Hindi.
 * Override any of them with `init({ strings })`. `{count}`, `{number}`, `{name}`,
 * `{duration}`, `{origin}` and `{url}` are replaced where they appear. A count picks its
 * form with `Intl.PluralRules`: `eventWaiting` for the `one` category, `eventsWaiting` for
 * `other`.
 * `presence` is the status control's label, then its choices, separated by `|` (English:
 * `Status|Available|Busy|Away|On a call`, kept in the on-demand Exotel script with the control;
 * the last, shown during a call, is optional).
 */
export const DEFAULT_STRINGS = {
  region: 'Call ribbon',
  online: 'Online',
  offline: 'Offline',
  serverUnreachable: 'Server unreachable',
  eventsWaiting: '{count} events waiting',
  eventWaiting: '{count} event waiting',
  originNotAllowed: 'Origin not allowed',
  originNotAllowedHelp: 'This page ({origin}) may not use this API key: add it to the key’s allowed origins.',
  keyInvalid: 'API key refused',
  keyInvalidHelp: 'The server does not know this API key: check the apiKey given to init().',
  serverUnreachableHelp: 'Cannot reach {url}: check apiUrl and that the server is running.',
  storageMemory: 'Not saved across reloads',
  demoMode: 'Demo mode',
  noCustomer: 'No customer selected',
  history: 'History',
  phoneNumber: 'Phone number',
  call: 'Call',
  callCustomer: 'Call {name}',
  keypad: 'Keypad',
  keypadFor: 'Dial pad',
  dialing: 'Calling {number}…',
  ringing: 'Ringing {number}…',
  incoming: 'Incoming call',
  incomingFrom: 'Incoming call from {name}',
  connected: 'Connected',
  onHold: 'On hold',
  muted: 'Muted',
  mute: 'Mute',
  unmute: 'Unmute',
  hold: 'Hold',
  resume: 'Resume',
  hangUp: 'Hang up',
  onPhone: 'Answer, mute, hold and hang up on your phone',
  answer: 'Answer',
  reject: 'Reject',
  callEnded: 'Call ended ({duration})',
  callMissed: 'Missed call from {number}',
  callRejected: 'Call rejected',
  callFailed: 'Call failed: {reason}',
  connectedWith: 'Connected with {name}',
  wrapUp: 'Wrap-up',
  disposition: 'Disposition',
  dispositionNone: 'Choose…',
  dispositions: 'Interested|Not interested|Call back|Wrong number|Voicemail|Resolved',
  notes: 'Notes',
  save: 'Save',
  skip: 'Skip',
  wrapUpSaved: 'Wrap-up saved',
  recording: 'Recording',
  collapse: 'Collapse call ribbon',
  expand: 'Open call ribbon',
  dismiss: 'Dismiss',
};

/** The texts of the Exotel-only status control: its English default lives in the Exotel script. */
export type RibbonStrings = typeof DEFAULT_STRINGS & { presence?: string };

/** Replaces `{key}` placeholders; values are inserted as text by the templates, never as HTML. */
export const format = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));

/** `65` -> `1:05`, `3725` -> `1:02:05`. */
export const formatDuration = (seconds: number): string => {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
};
