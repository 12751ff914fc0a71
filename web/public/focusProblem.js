/**
 * A refused form: focus moves to its first field marked with a problem (`aria-invalid`), so a
 * keyboard or screen-reader user starts where the correction is needed. Without JavaScript the
 * notice above the form links to the same field.
 */
/* global document */
(function () {
  'use strict';
  var FOCUSABLE = 'input:not([type=hidden]), select, textarea, button';
  var marked = document.querySelector('main [aria-invalid="true"]');
  if (!marked) return;
  // A group (a fieldset of radio buttons) is marked as a whole: its first choice takes focus.
  var field = marked.matches(FOCUSABLE) ? marked : marked.querySelector(FOCUSABLE);
  if (!field) return;
  // A field inside a closed disclosure is shown first.
  var details = field.closest('details');
  if (details) details.open = true;
  field.focus();
})();
