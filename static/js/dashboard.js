// The dashboard's charts (Chart.js, served from static/vendor). Each <canvas data-chart="ID"> reads its data from
// the <script type="application/json" id="ID"> Django's json_script wrote beside it: no inline JavaScript.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var palette = ["#005eb8", "#ffb81c", "#009639", "#da291c", "#768692", "#330072"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var doughnut = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (dataset) {
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: doughnut ? palette.slice(0, dataset.data.length) : palette[0],
      };
    });
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        aspectRatio: doughnut ? 2.5 : 2,
        animation: false,
        plugins: { legend: { display: doughnut } },
        scales: doughnut ? {} : { y: { beginAtZero: true } },
      },
    });
  });
})();
