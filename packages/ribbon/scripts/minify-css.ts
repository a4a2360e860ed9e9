// The CSS step of the Lit template minifier. Its default, lightningcss, holds numbers as 32-bit
// floats and prints `--ribbon-z-index: 2147483000` as 2147480000; this only collapses whitespace.

/**
 * Runs of whitespace become one space; none around `{ } ;` or after `:`; no `;` before `}`.
 * Quoted strings are kept as written, and so is the space after a comma, which custom
 * property values keep verbatim.
 */
export const minifyCss = (text: string): string =>
  text
    .split(/('[^']*'|"[^"]*")/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};]) ?/g, '$1')
            .replace(/: /g, ':'),
    )
    .join('')
    .replace(/;}/g, '}')
    .trim();
