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
