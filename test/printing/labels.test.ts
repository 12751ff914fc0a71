import { describe, expect, it } from '@jest/globals';
import { label, LOCALES, missingLabels, statusLabel } from '../../engine/printing/labels.js';

describe.each(LOCALES)('the printed words in %s', (locale) => {
  it('has every label, so that nothing prints in English by falling back', () => {
    expect(missingLabels(locale)).toEqual([]);
  });

  it('fills the page numbering and names the statuses', () => {
    expect(label(locale, 'page.numbering', { page: 2, pages: 7 })).toMatch(/2.*7|7.*2/);
    for (const status of ['registered', 'in_progress', 'closed']) {
      expect(statusLabel(locale, status)).not.toBe(status);
    }
  });
});
