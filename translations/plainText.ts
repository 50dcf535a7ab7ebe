import { withoutInvisible } from '../domain/validation.js';

// R25: text one party typed (a partner's message, a decline reason, names) is shown to the other
// party as plain text: no live link, no formatting, no mention. Cards and Teams messages render
// Markdown, and their hosts turn anything that looks like an address into a link, so:
// - every character that starts a Markdown construct is escaped with a backslash (links and
//   images need "[", autolinks and HTML and mentions need "<", emphasis "*" and "_", …), and so is
//   a list or heading marker at the start of a line;
// - what an autolinker would take for an address is broken with an invisible zero-width space:
//   after "://", after "@", and after a "." inside a word (contoso.com, www.example.org).
// What the reader sees is the text as typed; only a copy and paste carries the invisible spaces.
// Invisible and direction-changing characters the writer put in are removed first (R25): only the
// product's own zero-width spaces, placed as above, are left.

const ZERO_WIDTH_SPACE = '\u200B';

export function plainText(text: string): string {
  return (
    withoutInvisible(text)
      // eslint-disable-next-line no-control-regex -- control characters are what it removes
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
      .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
      .replace(/\.(?=[\p{L}\p{N}])/gu, `.${ZERO_WIDTH_SPACE}`)
      .replace(/[\\`*_[\]<>~|{}]/g, (c) => `\\${c}`)
      .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/gm, '$1\\$2')
  );
}
