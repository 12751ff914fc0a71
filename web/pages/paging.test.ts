/**
 * The shared pager (inbox, control list, register): a capped total says "page 1 of at least 11"
 * and always leaves a next page, in every language.
 */
import { describe, expect, it } from '@jest/globals';
import { renderFragment } from './views.js';
import { pager } from './paging.js';

describe('the shared pager', () => {
  it('counts the pages of an exact total', () => {
    expect(pager('/control', {}, 1, 500, 50)).toMatchObject({
      page: 1,
      pages: 10,
      pagesAtLeast: false,
      previous: null,
      next: '/control?page=2',
    });
    expect(pager('/control', {}, 10, 500, 50)?.next).toBeNull();
    expect(pager('/control', {}, 1, 50, 50)).toBeNull();
  });

  it('says "at least" for a capped total and keeps a next page', () => {
    expect(pager('/', { scope: '', sort: 'priority' }, 1, 500, 50, true)).toMatchObject({
      pages: 11,
      pagesAtLeast: true,
      next: '/?sort=priority&page=2',
    });
    expect(pager('/documents', { q: 'koku' }, 8, 200, 25, true)?.next).toBe('/documents?q=koku&page=9');
    // One page's worth counted and more beyond: still a pager.
    expect(pager('/', {}, 1, 50, 50, true)).toMatchObject({ pages: 2, pagesAtLeast: true });
  });

  it('renders the position in words', () => {
    const capped = pager('/control', {}, 1, 500, 50, true);
    const exact = pager('/control', {}, 1, 500, 50);
    const html = (lang: string, shown: unknown) => String(renderFragment('pager', { lang, pager: shown }));
    expect(html('en', capped)).toContain('Page 1 of at least 11');
    expect(html('en', exact)).toContain('Page 1 of 10');
    expect(html('lv', capped)).toContain('1. lapa no vismaz 11');
    for (const lang of ['ru', 'lt', 'cs', 'kk']) {
      expect(html(lang, capped)).toContain('11');
      expect(html(lang, capped)).not.toContain(html(lang, exact).replace(/.*<span>|<\/span>.*/gs, ''));
    }
  });
});
