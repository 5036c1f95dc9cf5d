// A file chosen larger than its box takes is refused as it is chosen, beside the box and in the
// page's language, rather than after a long upload ends on an error page. The server checks
// every file again: this only spares the wait.
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input.matches || !input.matches('input[type=file][data-max-bytes]')) {
    return;
  }
  var max = Number(input.getAttribute('data-max-bytes'));
  var tooLarge = Array.prototype.some.call(input.files || [], function (file) {
    return file.size > max;
  });
  input.setCustomValidity(tooLarge ? input.getAttribute('data-too-large') || '' : '');
  if (tooLarge) {
    input.reportValidity();
  }
});

// A part of a form that belongs to one choice only (a number's unit, a fee's brackets) says so
// as `data-shown-for="name=value"`: it shows while that choice is made, and hides otherwise.
// The server hides it already when the page is drawn; a hidden part is still sent and read.
document.addEventListener('change', function (event) {
  var select = event.target;
  if (!select.matches || !select.matches('select[name]')) {
    return;
  }
  var prefix = select.name + '=';
  document.querySelectorAll('[data-shown-for]').forEach(function (part) {
    var rule = part.getAttribute('data-shown-for');
    if (rule.indexOf(prefix) === 0) {
      part.hidden = rule.slice(prefix.length) !== select.value;
    }
  });
});

// A long form that would lose much if left by mistake says so as `data-warn-unsaved`: once
// something in it changed, leaving the page without sending it asks first.
document.querySelectorAll('form[data-warn-unsaved]').forEach(function (form) {
  // a form drawn again from what was sent (refused, or with more rows) holds unsaved work
  var changed = form.hasAttribute('data-unsaved');
  form.addEventListener('input', function () { changed = true; });
  form.addEventListener('change', function () { changed = true; });
  form.addEventListener('submit', function () { changed = false; });
  window.addEventListener('beforeunload', function (event) {
    if (changed) {
      event.preventDefault();
      event.returnValue = form.getAttribute('data-warn-unsaved');
    }
  });
});

// A row of tabs wider than the screen shows the chosen tab, not only the first ones.
document.querySelectorAll('[aria-current="page"]').forEach(function (tab) {
  var row = tab.closest('nav.tabs, .tabs');
  if (row && row.scrollWidth > row.clientWidth) {
    row.scrollLeft = tab.offsetLeft - (row.clientWidth - tab.offsetWidth) / 2;
  }
});

// A day or a number past its box's bounds is refused naming the bound, a day written as the
// page writes days (dd/mm/yyyy), rather than as mistyped.
function beyond(box, root) {
  var over = box.validity.rangeOverflow;
  if (!over && !box.validity.rangeUnderflow) {
    return null;
  }
  var bound = box.getAttribute(over ? 'max' : 'min') || '';
  var day = box.type === 'date' && /^(\d{4})-(\d{2})-(\d{2})$/.exec(bound);
  var words = root.getAttribute('data-msg-' + (day ? 'day' : 'number') + (over ? '-max' : '-min'));
  var shown = day ? day[3] + '/' + day[2] + '/' + day[1] : bound;
  return words ? words.replace('%1', shown) : null;
}

// The browser's own refusal of a box (left empty, mistyped) speaks the page's language rather
// than the browser's: the page says its words on <html>. A box's own message (a file too large)
// is left as it is.
document.addEventListener('invalid', function (event) {
  var box = event.target;
  var root = document.documentElement;
  if (box.validationMessage && box.dataset.ownMessage !== '1' && !box.validity.customError) {
    var words = box.validity.valueMissing
      ? (box.type === 'radio' || box.type === 'checkbox' || box.tagName === 'SELECT'
        ? root.getAttribute('data-msg-choose') : root.getAttribute('data-msg-missing'))
      : beyond(box, root) || root.getAttribute('data-msg-mistyped');
    if (words) {
      box.setCustomValidity(words);
      box.dataset.pageMessage = '1';
    }
  }
}, true);
['input', 'change'].forEach(function (kind) {
  document.addEventListener(kind, function (event) {
    var box = event.target;
    if (box.dataset && box.dataset.pageMessage === '1') {
      box.setCustomValidity('');
      delete box.dataset.pageMessage;
      // a radio group is one answer: its other rounds were refused with it
      if (box.type === 'radio' && box.form) {
        box.form.querySelectorAll('input[type=radio][name="' + box.name + '"]').forEach(function (r) {
          r.setCustomValidity('');
          delete r.dataset.pageMessage;
        });
      }
    }
  }, true);
});

// A file chosen anew makes the refusal of the one chosen before (not a PDF, too large) no
// longer true: it goes, and the server judges the new file when it is sent.
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input.matches || !input.matches('input[type=file][aria-invalid="true"]')) {
    return;
  }
  var field = input.closest('.field');
  if (field) {
    field.querySelectorAll('p.field-error').forEach(function (p) { p.hidden = true; });
  }
  input.removeAttribute('aria-invalid');
});

// Signing in from a public page (a licence, a procedure) comes back to it: the header's link
// carries the page as `next`, which the sign-in page checks is lode's own.
document.querySelectorAll('a.sign-in[href="/login"]').forEach(function (link) {
  var here = location.pathname + location.search;
  if (here !== '/' && location.pathname !== '/login') {
    link.href = '/login?next=' + encodeURIComponent(here);
  }
});
