/** `url` when it is an absolute `https:` or `http:` link, else undefined: a `javascript:` link from data must never reach an `href`. */
export const httpUrl = (url: unknown): string | undefined => {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
};
