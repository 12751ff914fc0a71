/**
 * "Register a document", enhanced where JavaScript runs: correspondents are looked up while
 * typing (over GET /api/correspondents?q=), and files can be dropped onto the attachments field.
 * Without JavaScript the form works as it is: the "Look up" button and a plain multiple file input.
 * Texts come from the form's data- attributes, translated by the server.
 */
/* global document, DataTransfer */
(function () {
  'use strict';
  var form = document.querySelector('form[data-new-document]');
  if (!form) return;

  var LOOKUP_DELAY_MS = 250;
  var MIN_QUERY = 2;

  function choice(value, text, extra) {
    var label = document.createElement('label');
    label.className = 'choice';
    var radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'correspondentId';
    radio.value = value;
    label.appendChild(radio);
    label.appendChild(document.createTextNode(' ' + text));
    if (extra) {
      var muted = document.createElement('span');
      muted.className = 'muted';
      muted.textContent = ' (' + extra + ')';
      label.appendChild(muted);
    }
    return label;
  }

  function lookUpWhileTyping() {
    var query = form.querySelector('#correspondentQuery');
    var results = form.querySelector('#correspondentResults');
    if (!query || !results) return;
    var timer = null;
    var latest = 0;

    function show(found) {
      var chosen = form.querySelector('input[name=correspondentId]:checked');
      var keep = chosen && chosen.value ? chosen.closest('label') : null;
      results.replaceChildren();
      if (found.length === 0 && !keep) {
        var none = document.createElement('p');
        none.className = 'muted';
        none.textContent = form.dataset.noneFound || '';
        results.appendChild(none);
        return;
      }
      results.appendChild(choice('', form.dataset.noCard || ''));
      if (keep) results.appendChild(keep);
      found.forEach(function (card) {
        if (keep && keep.querySelector('input').value === card.id) return;
        results.appendChild(choice(card.id, card.name, card.registrationCode));
      });
    }

    function lookUp() {
      var text = query.value.trim();
      if (text.length < MIN_QUERY) return;
      var asked = ++latest;
      fetch('/api/correspondents?q=' + encodeURIComponent(text), {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (found) {
          // An answer to an older query arriving late must not replace a newer one.
          if (asked === latest) show(Array.isArray(found) ? found : []);
        })
        .catch(function () {
          // The "Look up" button still works: nothing to do here.
        });
    }

    query.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(lookUp, LOOKUP_DELAY_MS);
    });
    // Enter in the search field looks up instead of registering the document.
    query.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        event.preventDefault();
        clearTimeout(timer);
        lookUp();
      }
    });
  }

  function dropFiles() {
    var zone = form.querySelector('[data-dropzone]');
    var input = form.querySelector('#attachments');
    var list = form.querySelector('[data-file-list]');
    if (!zone || !input || !list || typeof DataTransfer === 'undefined') return;
    var hint = zone.querySelector('.drop-hint');
    if (hint) hint.hidden = false;

    function listFiles() {
      list.replaceChildren();
      Array.prototype.forEach.call(input.files, function (file) {
        var item = document.createElement('li');
        item.textContent = file.name;
        list.appendChild(item);
      });
    }

    zone.addEventListener('dragover', function (event) {
      event.preventDefault();
      zone.classList.add('dragging');
    });
    zone.addEventListener('dragleave', function () {
      zone.classList.remove('dragging');
    });
    zone.addEventListener('drop', function (event) {
      event.preventDefault();
      zone.classList.remove('dragging');
      if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
      // Dropped files join those already chosen, as a second choice in the dialog would not.
      var all = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (file) {
        all.items.add(file);
      });
      Array.prototype.forEach.call(event.dataTransfer.files, function (file) {
        all.items.add(file);
      });
      input.files = all.files;
      listFiles();
    });
    input.addEventListener('change', listFiles);
  }

  lookUpWhileTyping();
  dropFiles();
})();
