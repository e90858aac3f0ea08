/* Move keyboard and screen-reader focus to a form's error summary when the page shows one. */
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});

/* Progress bars take their width from data-progress-percent: the Content-Security-Policy allows no style="" in the
   HTML, but a width set from a script is allowed. The text beside each bar says the same figure. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-progress-percent]").forEach(function (bar) {
    var percent = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-progress-percent")) || 0));
    bar.style.width = percent + "%";
  });
});
