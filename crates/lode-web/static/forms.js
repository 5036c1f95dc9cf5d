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
