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

// A number past its box's bounds is refused naming the bound rather than as mistyped (a day
// past its bounds is refused by the typed day's box below).
function beyond(box, root) {
  var over = box.validity.rangeOverflow;
  if (!over && !box.validity.rangeUnderflow) {
    return null;
  }
  var words = root.getAttribute('data-msg-number' + (over ? '-max' : '-min'));
  return words ? words.replace('%1', box.getAttribute(over ? 'max' : 'min') || '') : null;
}

// The browser's own refusal of a box (left empty, mistyped) speaks the page's language rather
// than the browser's: the page says its words on <html>. A box's own message (a file too large)
// is left as it is.
document.addEventListener('invalid', function (event) {
  var box = event.target;
  var root = document.documentElement;
  if (box.validationMessage && box.dataset.ownMessage !== '1' && !box.validity.customError) {
    var words = box.validity.valueMissing
      ? (box.type === 'checkbox' ? root.getAttribute('data-msg-tick')
        : box.type === 'radio' || box.tagName === 'SELECT'
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

// A day is typed and shown as the pages write days, dd/mm/yyyy, whatever language the browser
// speaks (its own date box writes 12/08/2026 for the 8th of December in English). The browser's
// box stays in the form, hidden, holding the day as yyyy-mm-dd for the server, and lends its
// calendar to the button beside the typed box. Without scripts the browser's own box is shown.
(function () {
  var root = document.documentElement;
  function two(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function shown(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    return m ? m[3] + '/' + m[2] + '/' + m[1] : '';
  }
  // d/m/yyyy or d/m/yy (with / . or - between), ddmmyyyy or yyyy-mm-dd as yyyy-mm-dd; null
  // when it is written otherwise, false when it is written so but no such day is (31/02)
  function stored(text) {
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    var y, mo, d;
    if (m) {
      y = +m[1]; mo = +m[2]; d = +m[3];
    } else {
      m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4}|\d{2})$/.exec(text) || /^(\d{2})(\d{2})(\d{4})$/.exec(text);
      if (!m) {
        return null;
      }
      d = +m[1]; mo = +m[2]; y = m[3].length === 2 ? 2000 + +m[3] : +m[3];
    }
    var day = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1000 || day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) {
      return false;
    }
    return y + '-' + two(mo) + '-' + two(d);
  }
  function past(words, iso) {
    return (root.getAttribute(words) || '').replace('%1', shown(iso));
  }
  document.querySelectorAll('input[type=date]').forEach(function (day) {
    var box = document.createElement('span');
    var typed = document.createElement('input');
    var pick = document.createElement('button');
    box.className = 'day-box';
    typed.type = 'text';
    typed.autocomplete = 'off';
    typed.placeholder = 'dd/mm/yyyy';
    typed.maxLength = 10;
    // the label, the refusal and the rules follow the box a person types in
    ['id', 'required', 'disabled', 'aria-invalid', 'aria-describedby', 'autofocus'].forEach(function (name) {
      if (day.hasAttribute(name)) {
        typed.setAttribute(name, day.getAttribute(name));
      }
    });
    day.removeAttribute('id');
    day.removeAttribute('autofocus');
    day.required = false;
    day.tabIndex = -1;
    day.setAttribute('aria-hidden', 'true');
    pick.type = 'button';
    pick.className = 'day-pick';
    pick.disabled = day.disabled;
    pick.setAttribute('aria-label', root.getAttribute('data-day-pick') || '');
    pick.title = pick.getAttribute('aria-label');
    day.parentNode.insertBefore(box, day);
    box.appendChild(typed);
    box.appendChild(pick);
    box.appendChild(day);
    // the day typed, checked against the box's bounds; the hidden box holds it only when it is
    // a day within them, so that the refusal is always said beside the box typed in
    function judge() {
      var text = typed.value.trim();
      var iso = text ? stored(text) : '';
      var words = '';
      if (iso === null) {
        words = root.getAttribute('data-msg-day-typed') || '';
      } else if (iso === false) {
        words = (root.getAttribute('data-msg-day-none') || '').replace('%1', text);
      } else if (iso && day.max && iso > day.max) {
        words = past('data-msg-day-max', day.max);
      } else if (iso && day.min && iso < day.min) {
        words = past('data-msg-day-min', day.min);
      }
      typed.setCustomValidity(words);
      return words ? '' : iso;
    }
    function fromDay() {
      typed.value = shown(day.value);
      judge();
      if (typed.dataset.dayRefused === '1' && typed.validity.valid) {
        typed.removeAttribute('aria-invalid');
        delete typed.dataset.dayRefused;
      }
    }
    // a day refused is marked as it is left, and unmarked once it reads right
    typed.addEventListener('input', function () {
      day.value = judge();
      if (typed.dataset.dayRefused === '1' && typed.validity.valid) {
        typed.removeAttribute('aria-invalid');
        delete typed.dataset.dayRefused;
      }
    });
    typed.addEventListener('blur', function () {
      var iso = judge();
      if (iso) {
        typed.value = shown(iso);
      } else if (typed.validity.customError) {
        typed.setAttribute('aria-invalid', 'true');
        typed.dataset.dayRefused = '1';
      }
    });
    day.addEventListener('input', fromDay);
    day.addEventListener('change', fromDay);
    pick.addEventListener('click', function () {
      try {
        day.showPicker();
      } catch (e) {
        typed.focus();
      }
    });
    fromDay();
    // a page brought back whole by the browser's Back holds the day it was left with
    window.addEventListener('pageshow', function (event) {
      if (event.persisted) {
        fromDay();
      }
    });
  });
  // A form sent without the browser's checks (one that adds rows, or whose every refusal the
  // server says) sends a day that does not read as typed, for the server to refuse beside its
  // box, rather than nothing in its place.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.noValidate && !(event.submitter && event.submitter.formNoValidate)) {
      return;
    }
    form.querySelectorAll('.day-box').forEach(function (box) {
      var typed = box.querySelector('input[type=text]');
      var day = box.querySelector('input[type=date]');
      if (typed && day && typed.value.trim() && !day.value) {
        // a day past its bounds goes as the server reads days, for it to name the bound
        var iso = stored(typed.value.trim());
        day.type = 'text';
        day.value = iso || typed.value.trim();
      }
    });
  }, true);
})();

// A file box speaks the page's language (the browser's own says "Choose File" in English): the
// browser's box lies, unseen, over a button and the chosen files' names drawn in the page's
// words, so that a click, a drop or the keyboard still reach it and its refusals point at it.
document.querySelectorAll('input[type=file]').forEach(function (input) {
  var root = document.documentElement;
  var box = document.createElement('span');
  var pick = document.createElement('span');
  var named = document.createElement('span');
  box.className = 'file-box';
  pick.className = 'file-pick';
  pick.setAttribute('aria-hidden', 'true');
  pick.textContent = root.getAttribute('data-file-pick') || '';
  named.className = 'file-named';
  named.setAttribute('aria-hidden', 'true');
  input.parentNode.insertBefore(box, input);
  box.appendChild(input);
  box.appendChild(pick);
  box.appendChild(named);
  // a file the server kept from a refused form is said kept, not "none chosen"
  function name() {
    var files = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    named.textContent = files.length === 0
      ? input.getAttribute('data-kept') || root.getAttribute('data-file-none') || ''
      : files.length === 1 ? files[0]
        : (root.getAttribute('data-files-many') || '%1').replace('%1', files.length) + ': ' + files.join(', ');
    named.classList.toggle('chosen', files.length > 0);
  }
  input.addEventListener('change', name);
  name();
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      name();
    }
  });
});

// A step that cannot be undone (numbering a letter) asks first, in a dialog in the page's
// words: the form's `data-confirm` says what will happen; it is sent only on the dialog's yes,
// named as the form's own button. Escape or "Go back" leaves everything as it was. A form
// whose one choice only is final says which as `data-confirm-if="name=value"`.
document.querySelectorAll('form[data-confirm]').forEach(function (form) {
  var asked = false;
  form.addEventListener('submit', function (event) {
    var only = (form.getAttribute('data-confirm-if') || '').split('=');
    if (asked || (only.length === 2 && new FormData(form).get(only[0]) !== only[1])) {
      return;
    }
    event.preventDefault();
    var submitter = event.submitter || form.querySelector('button[type=submit]');
    var dialog = document.createElement('dialog');
    var words = document.createElement('p');
    var row = document.createElement('p');
    var yes = document.createElement('button');
    var no = document.createElement('button');
    dialog.className = 'confirm';
    words.id = 'confirm-words';
    words.textContent = form.getAttribute('data-confirm');
    dialog.setAttribute('aria-labelledby', words.id);
    row.className = 'actions';
    yes.type = 'button';
    yes.textContent = submitter ? submitter.textContent : 'OK';
    no.type = 'button';
    no.className = 'secondary';
    no.textContent = document.documentElement.getAttribute('data-confirm-no') || '';
    row.appendChild(yes);
    row.appendChild(no);
    dialog.appendChild(words);
    dialog.appendChild(row);
    no.addEventListener('click', function () { dialog.close(); });
    dialog.addEventListener('close', function () { dialog.remove(); });
    // the yes sends this once: the form asks again if it is sent again
    yes.addEventListener('click', function () {
      dialog.close();
      asked = true;
      if (form.requestSubmit) {
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      } else {
        form.submit();
      }
      asked = false;
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    // the way back has the focus: a key pressed twice does not do what cannot be undone
    no.focus();
  });
});
