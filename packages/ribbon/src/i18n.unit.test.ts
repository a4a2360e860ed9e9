import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatCallDuration,
  formatCount,
  formatNumber,
  isLanguageReady,
  loadLanguage,
  resolveLocale,
  ribbonStrings,
} from './i18n.ts';
import { HINDI_STRINGS } from './i18n-hi.ts';
import { DEFAULT_STRINGS } from './strings.ts';

const BUILT_IN_STRINGS = { en: DEFAULT_STRINGS, hi: HINDI_STRINGS };

const hi = resolveLocale('hi');
const en = resolveLocale('en');
const waiting = (language: 'en' | 'hi') => ({
  one: BUILT_IN_STRINGS[language].eventWaiting,
  other: BUILT_IN_STRINGS[language].eventsWaiting,
});

describe('locales', () => {
  it('picks the built-in strings by language and keeps the region for Intl', () => {
    assert.deepEqual(resolveLocale('hi-IN'), { language: 'hi', tag: 'hi-IN' });
    assert.deepEqual(resolveLocale('en-in'), { language: 'en', tag: 'en-IN' });
    assert.deepEqual(resolveLocale('fr-FR'), { language: 'en', tag: 'en' });
    assert.deepEqual(resolveLocale('not a tag!'), { language: 'en', tag: 'en' });
    assert.deepEqual(resolveLocale(undefined), { language: 'en', tag: 'en' });
  });

  it('loads Hindi on first use; English stands in until then, and overrides win', async () => {
    assert.equal(isLanguageReady('en'), true);
    assert.equal(isLanguageReady('hi'), false);
    assert.equal(ribbonStrings(hi).call, 'Call');
    await loadLanguage('hi');
    assert.equal(isLanguageReady('hi'), true);
    assert.equal(ribbonStrings(hi).call, 'कॉल करें');
    assert.equal(ribbonStrings(hi, { call: 'डायल' }).call, 'डायल');
  });

  it('has every English string in Hindi, with the same placeholders', () => {
    for (const [key, english] of Object.entries(BUILT_IN_STRINGS.en)) {
      const hindi = BUILT_IN_STRINGS.hi[key as keyof typeof BUILT_IN_STRINGS.hi];
      assert.ok(hindi, key);
      assert.deepEqual(hindi.match(/\{\w+\}/g)?.sort(), english.match(/\{\w+\}/g)?.sort(), key);
    }
  });

  it('chooses plural forms with Intl.PluralRules: Hindi puts 0 and 1 in one, English only 1', () => {
    assert.equal(formatCount(hi, 1, waiting('hi')), '1 इवेंट भेजा जाना बाकी है');
    assert.equal(formatCount(hi, 0, waiting('hi')), '0 इवेंट भेजा जाना बाकी है');
    assert.equal(formatCount(hi, 4, waiting('hi')), '4 इवेंट भेजे जाने बाकी हैं');
    assert.equal(formatCount(en, 1, waiting('en')), '1 event waiting');
    assert.equal(formatCount(en, 0, waiting('en')), '0 events waiting');
  });

  it('writes numbers and durations through Intl', () => {
    assert.equal(formatNumber(resolveLocale('en-IN'), 1234567), '12,34,567');
    assert.equal(formatCount(resolveLocale('en-IN'), 100000, waiting('en')), '1,00,000 events waiting');
    assert.equal(formatCallDuration(en, 65), '1:05');
    assert.equal(formatCallDuration(en, 3725), '1:02:05');
    assert.equal(formatCallDuration(en, 65, 'long'), '1 minute, 5 seconds');
    assert.equal(formatCallDuration(hi, 65, 'long'), '1 मिनट और 5 सेकंड');
    assert.equal(formatCallDuration(en, 0, 'long'), '0 seconds');
  });
});
