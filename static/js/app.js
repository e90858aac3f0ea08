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

/* A table wider than its box scrolls inside it (.table-scroll, in the HTML). While it does, the box is marked
   (data-scrolls, which shows the visual cue) and becomes a region named after the table that takes keyboard
   focus, so it can be scrolled with the arrow keys; when the table fits again it is a plain box. Boxes whose
   HTML already names them (a tabindex) are left as they are. */
(function () {
  function tableName(box) {
    var caption = box.querySelector("caption");
    var text = caption ? caption.textContent.trim() : "";
    return (text ? "Table: " + text : "Table") + " (scrolls sideways)";
  }
  function measure() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      box.setAttribute("data-scrolls", scrolls ? "true" : "false");
      if (box.hasAttribute("data-named-in-html")) { return; }
      if (box.hasAttribute("tabindex") && !box.hasAttribute("data-named-by-script")) {
        box.setAttribute("data-named-in-html", "");
        return;
      }
      if (scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", tableName(box));
        box.setAttribute("data-named-by-script", "");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.removeAttribute("data-named-by-script");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", measure);
  window.addEventListener("resize", measure);
})();
