// ledgerflow finance console: the quarantine chart (uPlot, served from the jar), job progress polling, and the
// month view's refresh while a day of the month runs.
(function () {
  "use strict";
  var COLORS = ["#b3261e", "#1d5fa8", "#8a5a00", "#1f7a3d", "#6a3d9a", "#d95f02", "#1b9e77", "#e7298a",
                "#66a61e", "#a6761d", "#666666", "#7570b3", "#e6ab02", "#386cb0", "#f0027f"];

  function drawChart(el) {
    var chart = JSON.parse(el.dataset.chart);
    var labels = {};
    document.querySelectorAll("#reason-legend li").forEach(function (li) { labels[li.dataset.reason] = li.textContent.trim(); });
    // Stacked bars: each series is drawn as the running sum of the reasons before it and itself.
    var data = [chart.days];
    var series = [{ label: "day" }];
    var running = chart.days.map(function () { return 0; });
    var stacked = chart.series.map(function (s) {
      running = running.map(function (v, i) { return v + s.values[i]; });
      return { reason: s.reason, values: running.slice() };
    });
    var bars = uPlot.paths.bars({ size: [0.7, 40] });
    for (var i = stacked.length - 1; i >= 0; i--) {
      data.push(stacked[i].values);
      series.push({ label: labels[stacked[i].reason] || stacked[i].reason, fill: COLORS[i % COLORS.length],
                    stroke: COLORS[i % COLORS.length], paths: bars, points: { show: false } });
    }
    var width = Math.max(320, el.clientWidth - 16);
    new uPlot({ width: width, height: 240, series: series, legend: { show: true },
                scales: { x: { time: false } },
                axes: [{ label: "day" }, { label: "lines" }] }, data, el);
  }

  function pollJob(el) {
    var id = el.dataset.job;
    function tick() {
      fetch("/jobs/" + encodeURIComponent(id) + "/progress.json", { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (job.state !== "RUNNING") { window.location.reload(); return; }
          var p = document.getElementById("job-partitions");
          if (p) { p.textContent = job.partitionsDone + " / " + job.partitions; }
          var l = document.getElementById("job-lines");
          if (l) { l.textContent = job.linesDoneText + " / " + job.linesTotalText; }
          var e = document.getElementById("job-eta");
          if (e) { e.textContent = job.etaSeconds < 0 ? "–" : job.etaSeconds + " s"; }
          var bar = document.getElementById("job-progress");
          if (bar) { bar.max = Math.max(1, job.linesTotal); bar.value = job.linesDone; }
          var steps = document.getElementById("job-steps");
          if (steps) {
            steps.innerHTML = "";
            job.steps.forEach(function (s) { var li = document.createElement("li"); li.textContent = s; steps.appendChild(li); });
          }
          setTimeout(tick, 1000);
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    setTimeout(tick, 1000);
  }

  // The month view, while any day runs: each running day's progress from /month/M/days.json every 2 s; once
  // nothing runs, the page reloads once (its counts and states as published) and, nothing running, polls no more.
  var MONTH_POLL_MILLIS = 2000;
  var MONTH_POLLS_MAX = 1800; // an hour: a day that runs longer is shown as it was; reload to look again

  function pollMonth(table) {
    var polls = 0;
    function tick() {
      polls++;
      fetch(table.dataset.refresh, { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (month) {
          if (!month.running) { window.location.reload(); return; }
          month.days.forEach(function (day) {
            var row = document.getElementById("day-" + day.date);
            if (!row || day.state !== "RUNNING") { return; }
            var cell = row.querySelector(".day-state");
            var progress = cell.querySelector(".progress");
            if (day.progressText && day.linesTotal > 0) {
              if (!progress) {
                progress = document.createElement("span");
                progress.className = "progress";
                cell.appendChild(progress);
              }
              progress.textContent = day.progressText;
            }
          });
          if (polls < MONTH_POLLS_MAX) { setTimeout(tick, MONTH_POLL_MILLIS); }
        })
        .catch(function () { if (polls < MONTH_POLLS_MAX) { setTimeout(tick, 2 * MONTH_POLL_MILLIS); } });
    }
    setTimeout(tick, MONTH_POLL_MILLIS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var chart = document.getElementById("quarantine-chart");
    if (chart && window.uPlot) {
      drawChart(chart);
      var legend = document.getElementById("reason-legend");
      if (legend) { legend.hidden = true; } // uPlot's legend names the reasons with their colours
    }
    var job = document.getElementById("job");
    if (job && job.dataset.state === "RUNNING") { pollJob(job); }
    var days = document.getElementById("days");
    if (days && days.dataset.running === "true" && days.dataset.refresh) { pollMonth(days); }
  });
})();
