import { loadStrings } from './i18n-load.ts';
import { DEFAULT_STRINGS, format, formatDuration, type RibbonStrings } from './strings.ts';

/** The languages the ribbon speaks out of the box. */
export type RibbonLanguage = 'en' | 'hi';

const LANGUAGES: ReadonlySet<string> = new Set<RibbonLanguage>(['en', 'hi']);

/**
 * The strings of each language once loaded. English is built in; another language loads on
 * first use (a chunk for bundlers, `exotel-call-ribbon-hi.js` next to the main script), so a
 * page in English never downloads Hindi.
 */
const loaded: Partial<Record<RibbonLanguage, RibbonStrings>> = { en: DEFAULT_STRINGS };
const loading = new Map<RibbonLanguage, Promise<void>>();

/** Whether `language`'s strings are here (or failed to load, and English stands in). */
export const isLanguageReady = (language: RibbonLanguage): boolean => loaded[language] !== undefined;

/** Loads `language`'s strings once; if they cannot load, English stands in. Never rejects. */
export const loadLanguage = (language: RibbonLanguage): Promise<void> => {
  if (isLanguageReady(language)) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = loadStrings(language as Exclude<RibbonLanguage, 'en'>).then(
      (strings) => {
        loaded[language] = strings;
      },
      (error: unknown) => {
        loaded[language] = DEFAULT_STRINGS;
        console.warn(`exotel-call-ribbon: no "${language}" strings`, error);
      },
    );
    loading.set(language, pending);
  }
  return pending;
};

/** Which built-in strings to use, and the full tag numbers, plurals and durations follow. */
export interface RibbonLocale {
  language: RibbonLanguage;
  /** A canonical BCP 47 tag: `hi`, `en-IN`, ... */
  tag: string;
}

const ENGLISH: RibbonLocale = { language: 'en', tag: 'en' };

const isBuiltIn = (language: string): language is RibbonLanguage => LANGUAGES.has(language);

/**
 * `hi-IN` -> Hindi strings, Intl in `hi-IN`; `en-IN` -> English, Indian digit grouping. A
 * language without built-in strings (or no tag at all) gets English throughout, so text and
 * numbers never mix languages.
 */
export const resolveLocale = (requested: string | null | undefined): RibbonLocale => {
  if (!requested) return ENGLISH;
  try {
    const [tag] = Intl.getCanonicalLocales(requested);
    if (!tag) return ENGLISH;
    const { language } = new Intl.Locale(tag);
    return isBuiltIn(language) ? { language, tag } : ENGLISH;
  } catch {
    return ENGLISH;
  }
};

/** The language a node's page declares: the nearest `lang` attribute, else the document's. */
export const langOf = (node: Element | null | undefined): string | undefined =>
  node?.closest('[lang]')?.getAttribute('lang') || globalThis.document?.documentElement.lang || undefined;

/** The strings of a locale (English until they have loaded) with the host's overrides on top. */
export const ribbonStrings = (locale: RibbonLocale, overrides?: Partial<RibbonStrings>): RibbonStrings => ({
  ...DEFAULT_STRINGS,
  ...loaded[locale.language],
  ...overrides,
});

/** A number as the locale writes it (`1,00,000` in `en-IN`). */
export const formatNumber = (locale: RibbonLocale, value: number): string =>
  new Intl.NumberFormat(locale.tag).format(value);

/**
 * `{count}` in the form `Intl.PluralRules` picks for the locale: Hindi puts 0 and 1 in `one`,
 * English only 1. A category without its own form uses `other`.
 */
export const formatCount = (
  locale: RibbonLocale,
  count: number,
  forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string },
): string => {
  const category = new Intl.PluralRules(locale.tag).select(count);
  return format(forms[category] ?? forms.other, { count: formatNumber(locale, count) });
};

interface DurationFormatLike {
  format(duration: { hours: number; minutes: number; seconds: number }): string;
}
type DurationFormatConstructor = new (
  locale: string,
  options: { style: 'long'; secondsDisplay: 'always' },
) => DurationFormatLike;
// Intl.DurationFormat (Chromium 129, Safari 16.4, Firefox 136) is not in TypeScript's ES2023 lib yet.
const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat;

/**
 * A call's length: `digital` for the timer (`1:05`, `1:02:05`: the same in every language the
 * ribbon speaks), `long` for what a screen reader announces, through `Intl.DurationFormat`
 * (`1 minute, 5 seconds`, `1 मिनट और 5 सेकंड`; `1:05` where the browser lacks it).
 */
export const formatCallDuration = (
  locale: RibbonLocale,
  totalSeconds: number,
  style: 'digital' | 'long' = 'digital',
): string => {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (style === 'digital' || !DurationFormat) return formatDuration(s);
  const duration = { hours: Math.floor(s / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
  return new DurationFormat(locale.tag, { style, secondsDisplay: 'always' }).format(duration);
};
