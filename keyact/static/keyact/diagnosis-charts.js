/* The sales-mode diagnosis charts (ECharts), fed by the page's json_script "diagnosis-chart".
   Tooltips render on the canvas (richText): HTML tooltips carry inline styles, which the
   Content-Security-Policy refuses. */
(function () {
  const data = JSON.parse(document.getElementById("diagnosis-chart").textContent);
  const colors = ["#5470c6", "#91cc75", "#fac858", "#ee6666"];
  function pie(id, title, values) {
    const el = document.getElementById(id);
    if (!el) return null;
    const chart = echarts.init(el);
    chart.setOption({
      color: colors,
      title: { text: title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", renderMode: "richText", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0 },
      series: [{ type: "pie", radius: ["32%", "58%"], center: ["50%", "48%"],
        label: { formatter: "{d}%" },
        data: data.modes.map((name, i) => ({ name: name, value: values[i] })) }],
    });
    return chart;
  }
  const charts = [pie("chart-revenue", data.titles.revenue, data.revenue), pie("chart-count", data.titles.count, data.count)];
  const trendEl = document.getElementById("chart-trend");
  if (trendEl) {
    const trend = echarts.init(trendEl);
    trend.setOption({
      color: colors,
      title: { text: data.titles.trend, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: (v) => v + "%" },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 90 },
      xAxis: { type: "category", data: data.quarters },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: data.modes.map((name, i) => ({ name: name, type: "bar", stack: "mix", data: data.trend[i] })),
    });
    charts.push(trend);
  }
  window.addEventListener("resize", () => charts.forEach((c) => c && c.resize()));
})();
