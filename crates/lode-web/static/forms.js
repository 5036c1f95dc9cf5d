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
