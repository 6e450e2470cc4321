// Dashboard charts. Each <canvas data-chart="ID"> is drawn from the JSON in <script id="ID">
// (emitted with json_script; htmx leaves non-JavaScript script types alone when it swaps);
// htmx swaps bring new canvases, drawn on htmx:load.
(function () {
  "use strict";

  var COLOURS = {
    natural: "#8a4b22",    // timber
    high_tech: "#d7192f",  // Drago red
    mixed: "#8fa3b7",      // chrome
    time: "#2e4d3a",       // pine
    primary: "#a3171f",
    secondary: "#2f6690",
    body: "#7a4521"
  };

  function colour(style) { return COLOURS[style] || "#56606b"; }

  function paceText(minutes) {
    if (minutes === null || minutes === undefined) return "";
    var total = Math.round(minutes * 60);
    var m = Math.floor(total / 60), s = total % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function valueText(series, value) {
    if (value === null || value === undefined) return "–";
    if (series.format === "pace") return paceText(value) + " " + series.unit;
    return Number(value).toLocaleString() + " " + series.unit;
  }

  function config(spec) {
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var line = spec.type === "line";
    var datasets = spec.series.map(function (series) {
      var c = colour(series.style);
      return {
        label: series.label,
        data: series.data,
        backgroundColor: line ? c + "33" : c,
        borderColor: c,
        borderWidth: line ? 2 : 0,
        borderRadius: line ? 0 : 3,
        pointRadius: line ? (series.data.length > 60 ? 0 : 3) : 0,
        pointHoverRadius: 5,
        tension: 0.25,
        spanGaps: true,
        yAxisID: series.axis || "y",
        _series: series
      };
    });
    var scales = {
      x: { stacked: !!spec.stacked, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
      y: { stacked: !!spec.stacked, beginAtZero: !line, grace: "5%",
           title: { display: true, text: (spec.series[0] && spec.series[0].unit) || spec.unit || "" } }
    };
    spec.series.forEach(function (series) {
      var axis = series.axis || "y";
      if (axis === "y1") {
        scales.y1 = { position: "right", grid: { drawOnChartArea: false }, grace: "5%",
                      title: { display: true, text: series.unit } };
      }
      if (series.reverse) scales[axis].reverse = true;
      if (series.format === "pace") {
        scales[axis].ticks = { callback: function (v) { return paceText(v); } };
      }
    });
    return {
      type: line ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduced ? false : { duration: 300 },
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: spec.series.length > 1, position: "bottom", labels: { boxWidth: 12, boxHeight: 12 } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var series = ctx.dataset._series;
                return series.label + ": " + valueText(series, ctx.raw);
              }
            }
          }
        },
        scales: scales
      }
    };
  }

  function findData(id) {
    return document.getElementById(id);
  }

  function draw(root) {
    if (!root.querySelectorAll) return;
    // Tables that stand open for browsers without JavaScript, next to a picture that says it.
    Array.prototype.forEach.call(root.querySelectorAll("details[data-fold-with-js][open]"),
      function (details) { details.removeAttribute("open"); });
    if (!window.Chart) return;
    // Forget charts whose canvas htmx has swapped out.
    Object.values(window.Chart.instances || {}).forEach(function (chart) {
      if (!chart.canvas || !chart.canvas.isConnected) chart.destroy();
    });
    var canvases = root.matches && root.matches("canvas[data-chart]") ? [root] : root.querySelectorAll("canvas[data-chart]");
    var queue = [];
    Array.prototype.forEach.call(canvases, function (canvas) {
      if (window.Chart.getChart(canvas)) return;
      var source = findData(canvas.getAttribute("data-chart"));
      if (!source) return;
      // The table stays open for browsers without JavaScript; with a chart to come, fold it
      // now (all at once, before the first paint of the charts: nothing moves later).
      var card = canvas.closest(".chart-card, .card");
      var table = card && card.querySelector("details.chart-table[open]");
      if (table) table.removeAttribute("open");
      queue.push({ canvas: canvas, spec: JSON.parse(source.textContent) });
    });
    // One chart per task: the page answers input between charts instead of blocking for all
    // four at once (Lighthouse's total blocking time on a phone; issue 15).
    function drawNext() {
      var item = queue.shift();
      if (!item) return;
      if (item.canvas.isConnected && !window.Chart.getChart(item.canvas)) {
        var chart = new window.Chart(item.canvas, config(item.spec));
        item.canvas.setAttribute("data-drawn", String(item.spec.labels.length));
        item.canvas.chart = chart;
      }
      if (queue.length) setTimeout(drawNext, 0);
    }
    drawNext();
  }

  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (event) { draw(event.detail.elt); });
})();
