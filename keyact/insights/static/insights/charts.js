/* Insights charts (ECharts): the forest plot of adjusted odds ratios, top performers vs the
   rest, the stage funnel and the stall chart. Each chart reads its rows from the page's
   json_script and its labels from data-* attributes of its container: the
   Content-Security-Policy allows no inline script or style, so tooltips render on the canvas
   (richText) and sizes are set here. */
(function () {
  "use strict";
  const charts = [];

  function rows(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : [];
  }

  function forest(el) {
    const data = rows("forest-data").slice().reverse();
    if (!data.length) return;
    el.style.height = Math.max(220, 48 + 36 * data.length) + "px";
    const chart = echarts.init(el);
    chart.setOption({
      grid: { left: 8, right: 24, top: 16, bottom: 32, containLabel: true },
      tooltip: { trigger: "item", renderMode: "richText", formatter: (p) => {
        const r = data[p.dataIndex];
        return r.name + ": " + r.or.toFixed(2) + " (" + r.low.toFixed(2) + " – " + r.high.toFixed(2) + ")";
      } },
      xAxis: { type: "log", logBase: 2, splitLine: { show: true },
        min: (v) => Math.pow(2, Math.floor(Math.log2(Math.min(0.5, v.min)))),
        max: (v) => Math.pow(2, Math.ceil(Math.log2(Math.max(2, v.max)))),
        axisLabel: { formatter: (v) => (v >= 1 ? v.toFixed(0) : v.toFixed(v >= 0.25 ? 2 : 3)) } },
      yAxis: { type: "category", data: data.map((r) => r.name), axisTick: { show: false } },
      series: [{
        type: "custom",
        renderItem: (params, api) => {
          const y = api.value(0);
          const low = api.coord([api.value(1), y]), high = api.coord([api.value(2), y]), mid = api.coord([api.value(3), y]);
          const color = api.value(1) > 1 ? "#2f7d32" : (api.value(2) < 1 ? "#c62828" : "#6c757d");
          return { type: "group", children: [
            { type: "line", shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: { stroke: color, lineWidth: 3 } },
            { type: "circle", shape: { cx: mid[0], cy: mid[1], r: 6 }, style: { fill: color } } ] };
        },
        encode: { x: [1, 2, 3], y: 0 },
        data: data.map((r, i) => [i, r.low, r.high, r.or]),
        markLine: { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#333" }, data: [{ xAxis: 1 }] },
      }],
    });
    charts.push(chart);
  }

  function bench(el) {
    const data = rows("bench-data").slice().reverse();
    if (!data.length) return;
    const top = el.dataset.topLabel, rest = el.dataset.restLabel;
    const chart = echarts.init(el);
    chart.setOption({
      color: ["#2f7d32", "#9e9e9e"],
      legend: { top: 0, data: [top, rest] },
      grid: { left: 8, right: 24, top: 32, bottom: 24, containLabel: true },
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" },
        valueFormatter: (v) => (v == null ? "—" : v.toFixed(1)) },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: data.map((r) => r.name) },
      series: [
        { name: top, type: "bar", data: data.map((r) => r.top) },
        { name: rest, type: "bar", data: data.map((r) => r.rest) },
      ],
    });
    charts.push(chart);
  }

  function funnel(el) {
    const data = rows("funnel-data");
    if (!data.length) return;
    const chart = echarts.init(el);
    chart.setOption({
      title: { text: el.dataset.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", renderMode: "richText", formatter: "{b}: {c}" },
      series: [{ type: "funnel", sort: "none", top: 36, bottom: 8, left: "10%", width: "80%", minSize: "10%",
        label: { position: "inside", formatter: "{b}\n{c}" }, data: data }],
    });
    charts.push(chart);
  }

  function stalls(el) {
    const data = rows("stall-data").slice().reverse();
    if (!data.length) return;
    const stall = el.dataset.stallLabel, loss = el.dataset.lossLabel;
    const chart = echarts.init(el);
    chart.setOption({
      color: ["#f0a030", "#c62828"],
      title: { text: el.dataset.title, left: "center", textStyle: { fontSize: 14 } },
      legend: { bottom: 0, data: [stall, loss] },
      grid: { left: 8, right: 24, top: 36, bottom: 36, containLabel: true },
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" },
        valueFormatter: (v) => (v == null ? "—" : Math.round(v * 100) + "%") },
      xAxis: { type: "value", max: 1, axisLabel: { formatter: (v) => Math.round(v * 100) + "%" } },
      yAxis: { type: "category", data: data.map((s) => s.name) },
      series: [
        { name: stall, type: "bar", data: data.map((s) => s.stall) },
        { name: loss, type: "bar", data: data.map((s) => s.loss) },
      ],
    });
    charts.push(chart);
  }

  const builders = { forest: forest, bench: bench, funnel: funnel, stalls: stalls };
  document.querySelectorAll("[data-insights-chart]").forEach((el) => {
    const build = builders[el.dataset.insightsChart];
    if (build) build(el);
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
