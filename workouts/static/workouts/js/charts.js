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

  // Chart.js (200 kB) is fetched only when the first chart comes near the screen, and each
  // chart is drawn only then: a phone opening the dashboard reads its tiles without paying for
  // charts it has not scrolled to (Lighthouse's blocking time; issue 15). The page names the
  // file (hashed by collectstatic) on this script's tag.
  var CHART_SRC = document.currentScript && document.currentScript.getAttribute("data-chartjs");
  var waiting = [];
  var loading = false;

  function withChart(callback) {
    if (window.Chart) { callback(); return; }
    waiting.push(callback);
    if (loading || !CHART_SRC) return;
    loading = true;
    var tag = document.createElement("script");
    tag.src = CHART_SRC;
    tag.onload = function () {
      var run = waiting;
      waiting = [];
      run.forEach(function (fn) { fn(); });
    };
    tag.onerror = function () {
      // No charts after all (offline before the file was cached): the tables stand open again.
      loading = false;
      waiting = [];
      Array.prototype.forEach.call(document.querySelectorAll("details.chart-table[data-folded]"),
        function (details) { details.setAttribute("open", ""); });
    };
    document.head.appendChild(tag);
  }

  // One chart per task: the page answers input between charts instead of blocking for all of
  // them at once.
  var queue = [];
  var scheduled = false;

  function drawNext() {
    scheduled = false;
    var canvas = queue.shift();
    if (!canvas) return;
    var source = findData(canvas.getAttribute("data-chart"));
    if (source && canvas.isConnected && !window.Chart.getChart(canvas)) {
      var spec = JSON.parse(source.textContent);
      canvas.chart = new window.Chart(canvas, config(spec));
      canvas.setAttribute("data-drawn", String(spec.labels.length));
    }
    if (queue.length) { scheduled = true; setTimeout(drawNext, 0); }
  }

  function enqueue(canvas) {
    withChart(function () {
      // Forget charts whose canvas htmx has swapped out.
      Object.values(window.Chart.instances || {}).forEach(function (chart) {
        if (!chart.canvas || !chart.canvas.isConnected) chart.destroy();
      });
      queue.push(canvas);
      if (!scheduled) { scheduled = true; setTimeout(drawNext, 0); }
    });
  }

  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      enqueue(entry.target);
    });
  }, { rootMargin: "300px 0px" }) : null;

  function draw(root) {
    if (!root.querySelectorAll) return;
    // Tables that stand open for browsers without JavaScript, next to a picture that says it.
    Array.prototype.forEach.call(root.querySelectorAll("details[data-fold-with-js][open]"),
      function (details) { details.removeAttribute("open"); });
    if (!CHART_SRC && !window.Chart) return;
    var canvases = root.matches && root.matches("canvas[data-chart]") ? [root] : root.querySelectorAll("canvas[data-chart]");
    Array.prototype.forEach.call(canvases, function (canvas) {
      if (canvas.hasAttribute("data-watched") || !findData(canvas.getAttribute("data-chart"))) return;
      canvas.setAttribute("data-watched", "");
      // The table stays open for browsers without JavaScript; with a chart to come, fold it
      // now (all at once, before the first paint: nothing moves when the chart arrives).
      var card = canvas.closest(".chart-card, .card");
      var table = card && card.querySelector("details.chart-table[open]");
      if (table) { table.removeAttribute("open"); table.setAttribute("data-folded", ""); }
      if (observer) observer.observe(canvas); else enqueue(canvas);
    });
  }

  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (event) { draw(event.detail.elt); });
})();
