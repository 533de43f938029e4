/* The team board trend (ECharts), fed by the page's json_script "board-chart"; tooltips on
   the canvas (richText), since the Content-Security-Policy refuses inline styles. */
(function () {
  const data = JSON.parse(document.getElementById("board-chart").textContent);
  const el = document.getElementById("board-trend");
  const chart = echarts.init(el);
  chart.setOption({
    title: { text: data.title, left: "center", textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: (v) => (v === null || v === undefined ? "—" : v + "%") },
    legend: { bottom: 0, type: "scroll" },
    grid: { left: 44, right: 16, top: 40, bottom: 48 },
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: data.series.map((s) => ({ name: s.name, type: "line", data: s.data, connectNulls: false,
      markLine: { silent: true, symbol: "none", label: { show: false }, data: [{ yAxis: 100 }], lineStyle: { type: "dashed", color: "#999" } } })),
  });
  window.addEventListener("resize", () => chart.resize());
})();
