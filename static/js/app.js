/* Move keyboard and screen-reader focus to a form's error summary when the page shows one. */
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
