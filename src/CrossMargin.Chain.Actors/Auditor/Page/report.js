// The auditor's report page: reads the report from the report-data element and builds the
// summary, the findings, the charts and the tables. The report may come from a hostile batch
// file, so every string reaches the page through textContent (never innerHTML), and the page
// asks nothing of the network (its Content-Security-Policy forbids it, and lets only this script
// and uPlot's run, by hash: edit this file and AuditReportPage computes the new hash).
//
// The charts stay inspectable: window.crossmarginCharts holds each uPlot instance (its .data is
// what was plotted, one array per series, x first); a chart with nothing to plot is null and
// its place says so. window.crossmarginReady is set last, once everything is built.
(function () {
  "use strict";

  var report = JSON.parse(document.getElementById("report-data").textContent);
  var charts = { proofsPerBlock: null, verdicts: null, gasPerStep: null, accounts: [] };
  window.crossmarginCharts = charts;

  // Lists the report may lack or hold as null (an empty audit) read as empty.
  function list(value) { return Array.isArray(value) ? value : []; }
  function isNumber(value) { return typeof value === "number" && isFinite(value); }
  // Non-finite figures (a zero-second audit's rate) arrive as the strings "NaN" / "Infinity",
  // integers beyond 2^53 as decimal strings: plotted as the nearest double, printed as written.
  function number(value) {
    var n = typeof value === "string" ? Number(value) : value;
    return isNumber(n) ? n : null;
  }
  // Identifiers (blocks, chain ids, nonces) as written; amounts (gas, rates, seconds) grouped.
  function show(value) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "number") return isFinite(value) ? String(value) : "—";
    return String(value);
  }
  function amount(value) {
    if (typeof value === "string" && /^[0-9]+$/.test(value)) return value.replace(/\B(?=(\d{3})+$)/g, ",");
    return isNumber(value) ? value.toLocaleString("en-US", { maximumFractionDigits: 2 }) : "—";
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // A cell is a value, or { amount: n } for a figure shown grouped; numbers align right.
  function row(tbody, cells, className) {
    var tr = element("tr", null, className);
    cells.forEach(function (cell) {
      var isAmount = cell !== null && typeof cell === "object";
      var text = isAmount ? amount(cell.amount) : show(cell);
      tr.appendChild(element("td", text, isAmount || typeof cell === "number" ? "number" : null));
    });
    tbody.appendChild(tr);
    return tr;
  }

  function empty(container, text) {
    container.appendChild(element("p", text, "empty"));
    container.setAttribute("data-points", "0");
  }

  function width(container) {
    return Math.max(320, Math.floor(container.getBoundingClientRect().width) || 560);
  }

  // uPlot needs x ascending; categorical charts plot at 0..n-1 and label the ticks.
  function categoryAxis(labels) {
    return {
      splits: function () { return labels.map(function (_, i) { return i; }); },
      values: function (u, splits) { return splits.map(function (i) { return labels[i] === undefined ? "" : labels[i]; }); },
    };
  }

  function plot(container, options, data) {
    options.width = width(container);
    options.height = options.height || 240;
    var chart = new uPlot(options, data, container);
    container.setAttribute("data-points", String(data[0].length));
    return chart;
  }

  // --- Source and summary -------------------------------------------------------------------

  var source = report.source || {};
  var range = source.kind === "batch"
    ? "batch " + show(source.batchFile) + (source.gate ? ", checked against gate " + source.gate + " on chain " + show(source.chainId) : "")
    : "gate " + show(source.gate) + " on chain " + show(source.chainId) + ", blocks " + show(source.fromBlock) + " to " + show(source.toBlock);
  document.getElementById("source").textContent = "Source: " + range + " (" + show(report.format) + ")";

  var summary = report.summary || {};
  var figures = document.getElementById("summary-figures");
  [
    ["Proofs", summary.proofs, false],
    ["Valid", summary.valid, false],
    ["Invalid", summary.invalid, summary.invalid > 0],
    ["Input mismatches", summary.inputMismatches, summary.inputMismatches > 0],
    ["Findings", summary.findings, summary.findings > 0],
    ["Proofs per second", number(summary.proofsPerSecond), false],
    ["Seconds", number(summary.seconds), false],
  ].forEach(function (figure) {
    var div = element("div", null, figure[2] ? "bad" : null);
    div.appendChild(element("dt", figure[0]));
    div.appendChild(element("dd", amount(figure[1])));
    figures.appendChild(div);
  });
  document.getElementById("key-sha256").textContent = show(report.verificationKeySha256);

  // --- Findings ------------------------------------------------------------------------------

  var findings = list(report.findings);
  if (findings.length === 0) {
    document.getElementById("findings-none").hidden = false;
  } else {
    document.getElementById("findings").className = "any";
    var findingsTable = document.getElementById("findings-table");
    findingsTable.hidden = false;
    findings.forEach(function (f) {
      row(findingsTable.tBodies[0], [f.kind, f.proofIndex, f.account, f.block, f.message], "bad");
    });
  }

  // --- Proofs per block and verdicts ---------------------------------------------------------

  var bars = uPlot.paths.bars({ size: [0.6, 40] });
  var perBlock = list(report.proofsPerBlock).slice().sort(function (a, b) { return number(a.block) - number(b.block); });
  var perBlockContainer = document.getElementById("chart-proofs-per-block");
  if (perBlock.length === 0) {
    empty(perBlockContainer, "No proofs in range.");
  } else {
    charts.proofsPerBlock = plot(perBlockContainer, {
      scales: { x: { time: false, range: function (u, min, max) { return [min - 1, max + 1]; } }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      axes: [{ label: "block" }, { label: "proofs" }],
      series: [{ label: "block" }, { label: "proofs", stroke: "#3559c7", fill: "#3559c7aa", paths: bars, points: { show: false } }],
    }, [perBlock.map(function (b) { return number(b.block); }), perBlock.map(function (b) { return b.count; })]);
  }

  var verdictLabels = ["valid", "invalid", "inputs mismatch"];
  charts.verdicts = plot(document.getElementById("chart-verdicts"), {
    scales: { x: { time: false, range: [-0.5, verdictLabels.length - 0.5] }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
    axes: [categoryAxis(verdictLabels), { label: "proofs" }],
    series: [{ label: "verdict", value: function (u, v) { return v === null ? "" : verdictLabels[v]; } },
             { label: "proofs", stroke: "#444", fill: "#6b7a99aa", paths: bars, points: { show: false } }],
  }, [[0, 1, 2], [number(summary.valid) || 0, number(summary.invalid) || 0, number(summary.inputMismatches) || 0]]);

  // --- Accounts ------------------------------------------------------------------------------

  var accounts = list(report.accounts);
  var accountList = document.getElementById("account-list");
  var template = document.getElementById("account-template");
  if (accounts.length === 0) document.getElementById("accounts-none").hidden = false;
  accounts.forEach(function (account) {
    var article = template.content.firstElementChild.cloneNode(true);
    article.querySelector(".account-name").textContent = show(account.account);
    accountList.appendChild(article);
    var entry = { account: account.account, health: null, headroom: null };
    charts.accounts.push(entry);

    // Stable by time, then block: uPlot needs x ascending.
    var points = list(account.points).slice().sort(function (a, b) { return (number(a.timestamp) - number(b.timestamp)) || (number(a.block) - number(b.block)); });
    var healthContainer = article.querySelector(".chart-health");
    var headroomContainer = article.querySelector(".chart-headroom");
    if (points.length === 0) {
      article.querySelector(".account-latest").textContent = "No events in range.";
      empty(healthContainer, "No events.");
      empty(headroomContainer, "No events.");
      return;
    }
    var last = points[points.length - 1];
    article.querySelector(".account-latest").textContent = "Latest (block " + show(last.block) + ", " + show(last.event) + "): "
      + (last.covered
        ? "covered at " + (last.level === 1 ? "maintenance" : "initial") + " level, " + amount(last.secondsToExpiry) + " s to expiry, "
          + amount(last.priceBandUsedPercent) + "% of the price band used"
        : "not covered");

    var times = points.map(function (p) { return number(p.timestamp); });
    // A value that does not hold (not covered) is a gap, not a zero.
    var covered = points.map(function (p) { return p.covered ? 1 : 0; });
    var expiry = points.map(function (p) { return p.covered ? number(p.secondsToExpiry) : null; });
    var used = points.map(function (p) { return p.covered ? number(p.priceBandUsedPercent) : null; });
    var lapse = points.map(function () { return 100; });
    var timeRange = function (u, min, max) { return min === max ? [min - 60, max + 60] : [min, max]; };
    // The legend's x reads as the moment and the event that made the point.
    var moment = { label: "time", value: function (u, t, s, i) {
      return i === null || i === undefined ? "" : new Date(t * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC, " + show(points[i].event);
    } };

    entry.health = plot(healthContainer, {
      scales: { x: { time: true, range: timeRange }, covered: { range: [0, 1.2] }, s: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      axes: [{}, { scale: "s", label: "seconds to expiry", size: 70 }, { scale: "covered", side: 1, label: "covered", grid: { show: false },
        splits: function () { return [0, 1]; }, values: function (u, splits) { return splits.map(function (v) { return v === 1 ? "yes" : "no"; }); } }],
      series: [moment,
               { label: "seconds to expiry", scale: "s", stroke: "#3559c7", spanGaps: false, points: { show: true } },
               { label: "covered", scale: "covered", stroke: "#1e7b34", fill: "#1e7b3422", paths: uPlot.paths.stepped({ align: 1 }) }],
    }, [times, expiry, covered]);

    entry.headroom = plot(headroomContainer, {
      scales: { x: { time: true, range: timeRange }, y: { range: function (u, min, max) { return [0, Math.max(110, (max || 0) + 10)]; } } },
      axes: [{}, { label: "% of price band" }],
      series: [moment,
               { label: "price band used %", stroke: "#b3261e", spanGaps: false, points: { show: true } },
               { label: "lapse (100%)", stroke: "#888", dash: [6, 4], points: { show: false } }],
    }, [times, used, lapse]);
  });

  // --- Gas per step ----------------------------------------------------------------------------

  var gas = list(report.gasPerStep);
  var gasContainer = document.getElementById("chart-gas-per-step");
  var gasBody = document.getElementById("gas-table").tBodies[0];
  gas.forEach(function (g) { row(gasBody, [g.step, { amount: g.transactions }, { amount: g.medianGas }, { amount: g.totalGas }]); });
  if (gas.length === 0) {
    empty(gasContainer, "No transactions in range.");
  } else {
    var steps = gas.map(function (g) { return String(g.step); });
    charts.gasPerStep = plot(gasContainer, {
      scales: { x: { time: false, range: [-0.5, steps.length - 0.5] },
                median: { range: function (u, min, max) { return [0, Math.max(1, max)]; } },
                total: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      axes: [categoryAxis(steps), { scale: "median", label: "median gas", size: 80 }, { scale: "total", side: 1, label: "total gas", size: 90, grid: { show: false } }],
      series: [{ label: "step", value: function (u, v) { return v === null ? "" : steps[v]; } },
               { label: "median gas", scale: "median", stroke: "#3559c7", fill: "#3559c7aa", paths: uPlot.paths.bars({ size: [0.35, 60], align: -1 }), points: { show: false } },
               { label: "total gas", scale: "total", stroke: "#c77d35", fill: "#c77d35aa", paths: uPlot.paths.bars({ size: [0.35, 60], align: 1 }), points: { show: false } }],
    }, [steps.map(function (_, i) { return i; }), gas.map(function (g) { return number(g.medianGas); }), gas.map(function (g) { return number(g.totalGas); })]);
  }

  // --- Proofs ----------------------------------------------------------------------------------

  var proofsBody = document.getElementById("proofs-table").tBodies[0];
  list(report.proofs).forEach(function (p) {
    row(proofsBody, [p.index, p.account, p.nonce, p.level === 1 ? "maintenance" : "initial", p.roundId, p.block, p.transaction,
      p.valid ? "yes" : "no", p.inputsMatch ? "yes" : "no", list(p.mismatches).join("; ")],
      p.valid && p.inputsMatch ? null : "bad");
  });

  window.crossmarginReady = true;
})();
