/**
 * The page's translated `designer.*` messages, handed over by the server in `data-messages`
 * (the server knows the user's language; the bundle stays one for all languages).
 */
import { formatIcu } from '../../../engine/i18n/icuMessage.js';

export type Messages = (id: string, values?: Record<string, string | number>) => string;

export function pageMessages(root: HTMLElement): Messages {
  let table: Record<string, string> = {};
  try {
    table = JSON.parse(root.dataset.messages ?? '{}') as Record<string, string>;
  } catch {
    table = {};
  }
  const locale = document.documentElement.lang || 'lv';
  return (id, values = {}) => {
    const text = table[id];
    if (text === undefined) return id;
    try {
      return formatIcu(text, locale, values);
    } catch {
      // A string the catalog test let through unreadable shows as written rather than breaking the page.
      return text;
    }
  };
}

/** A small element builder: text goes in as text, never as HTML. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...content: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...content);
  return node;
}

/** Offers `data` as a file download. */
export function download(name: string, data: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = element('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
