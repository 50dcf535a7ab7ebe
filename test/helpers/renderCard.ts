import { createRequire } from 'node:module';

// The adaptivecards library rendering a card to HTML, as a Teams-like host does: in a DOM (jsdom),
// with Markdown processed by markdown-it with autolinking on (Teams turns addresses into links).
/** The parts of the DOM the tests look at. */
export interface RenderedElement {
  textContent: string | null;
  querySelectorAll(selector: string): ArrayLike<RenderedElement> & Iterable<RenderedElement>;
  getAttribute(name: string): string | null;
}

const require = createRequire(import.meta.url);
const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: Record<string, unknown> } };
const dom = new JSDOM('<!doctype html><html><body></body></html>');
const globals = globalThis as Record<string, unknown>;
if (globals.window === undefined) globals.window = dom.window;
// The DOM classes the library's renderer names (HTMLElement, HTMLButtonElement, Node, Event …).
for (const name of Object.getOwnPropertyNames(dom.window)) {
  if (
    /^(HTML\w*Element|SVG\w*Element|Node|Element|Text|Event|CustomEvent|KeyboardEvent|MouseEvent|document|navigator|getComputedStyle)$/.test(
      name,
    ) &&
    globals[name] === undefined
  )
    globals[name] = dom.window[name];
}
const markdownit = require('markdown-it') as (options: object) => { render(text: string): string };
const markdown = markdownit({ linkify: true });
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: {
    new (): { parse(json: unknown): void; render(): RenderedElement | undefined };
    onProcessMarkdown: (text: string, result: { outputHtml?: string; didProcess: boolean }) => void;
  };
};
AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdown.render(text);
  result.didProcess = true;
};

/** The card as HTML, rendered by the adaptivecards library. */
export function renderCard(json: unknown): RenderedElement {
  const card = new AC.AdaptiveCard();
  card.parse(json);
  const element = card.render();
  if (!element) throw new Error('the card did not render');
  return element;
}
