/* The diagnosis page's amount distribution: won deals per amount band on a log scale, the
   revenue they bring, and the current and suggested large-order thresholds drawn on it.
   Data: the page's #diagnosis-chart JSON ("distribution"). Numbers through keyactNumbers. */
(function () {
  "use strict";
  var source = document.getElementById("diagnosis-chart");
  var el = document.getElementById("chart-distribution");
  if (!source || !el || !window.echarts || !window.keyactNumbers) return;
  var data = JSON.parse(source.textContent);
  var dist = data.distribution;
  if (!dist) return;
  var fmt = window.keyactNumbers;
  var money = function (v) { return fmt.money(v, dist.currency); };
  var lines = [{ name: dist.labels.threshold, xAxis: dist.threshold,
    lineStyle: { color: "#6c757d", type: "dashed", width: 2 },
    label: { formatter: dist.labels.threshold + "\n" + money(dist.threshold), position: "insideEndTop" } }];
  if (dist.suggested) {
    lines.push({ name: dist.labels.suggested, xAxis: dist.suggested,
      lineStyle: { color: "#d63384", type: "solid", width: 2 },
      label: { formatter: dist.labels.suggested + "\n" + money(dist.suggested), position: "insideEndBottom" } });
  }
  var chart = echarts.init(el);
  chart.setOption({
    title: { text: data.titles.distribution, left: "center", textStyle: { fontSize: 14 } },
    color: ["#5470c6", "#fac858"],
    legend: { bottom: 0, data: [dist.labels.deals, dist.labels.revenue] },
    grid: { left: 48, right: 64, top: 48, bottom: 64 },
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        var b = dist.bins[p.dataIndex];
        return money(b[0]) + " – " + money(b[1]) + "<br>" + dist.labels.deals + ": " + fmt.number(b[2]) +
          "<br>" + dist.labels.revenue + ": " + money(b[3]);
      },
    },
    xAxis: { type: "log", logBase: 10, name: dist.labels.amount, nameLocation: "middle", nameGap: 28,
      min: dist.bins[0][0], max: dist.bins[dist.bins.length - 1][1],
      axisLabel: { formatter: fmt.axis, hideOverlap: true } },
    yAxis: [
      { type: "value", name: dist.labels.deals, axisLabel: { formatter: fmt.axis } },
      { type: "value", name: dist.labels.revenue, axisLabel: { formatter: fmt.axis }, splitLine: { show: false } },
    ],
    series: [
      { name: dist.labels.deals, type: "custom", yAxisIndex: 0,
        renderItem: function (params, api) {
          var start = api.coord([api.value(0), api.value(2)]);
          var end = api.coord([api.value(1), 0]);
          return { type: "rect", shape: { x: start[0], y: start[1], width: Math.max(end[0] - start[0] - 1, 1), height: end[1] - start[1] },
            style: api.style() };
        },
        encode: { x: [0, 1], y: 2 },
        data: dist.bins,
        markLine: { symbol: "none", silent: true, data: lines } },
      { name: dist.labels.revenue, type: "line", yAxisIndex: 1, smooth: false, symbolSize: 4,
        data: dist.bins.map(function (b) { return [Math.sqrt(b[0] * b[1]), b[3]]; }) },
    ],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
