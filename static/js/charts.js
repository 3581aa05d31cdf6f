/* Draws every <canvas data-chart="ID"> from the JSON that Django's json_script wrote into the element
   #ID (no inline scripts: the Content-Security-Policy forbids them). The same figures are in a table
   next to each chart. Needs vendor/chartjs/chart.umd.min.js loaded first. */
(function () {
  "use strict";
  // Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by dash pattern too.
  var COLOURS = ["#0d3b66", "#b5462a", "#2b6e3f", "#6a3d9a"];
  var DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var suffix = data.suffix || "";
    new window.Chart(canvas, {
      type: data.type,
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (dataset, i) {
          return {
            label: dataset.label,
            data: dataset.data,
            borderColor: COLOURS[i % COLOURS.length],
            backgroundColor: COLOURS[i % COLOURS.length],
            borderDash: data.type === "line" ? DASHES[i % DASHES.length] : undefined,
            spanGaps: true,
            tension: 0
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0, callback: function (value) { return value + suffix; } } }
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                var value = item.raw === null ? "no data" : item.raw + suffix;
                return item.dataset.label + ": " + value;
              }
            }
          }
        }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
