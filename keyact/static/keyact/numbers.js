/* Numbers for the reader's language in charts: the same rules as keyact/core/numbers.py.
   English: "CNY 381,672,690", compact "CNY 382M"; Chinese: "¥381,672,690", compact "3.82 亿元". */
(function () {
  "use strict";

  var CHINESE = {
    CNY: ["¥", "元"], RMB: ["¥", "元"], USD: ["US$", "美元"], EUR: ["€", "欧元"],
    GBP: ["£", "英镑"], JPY: ["JP¥", "日元"], HKD: ["HK$", "港元"],
  };

  function chinese() {
    return (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  }

  function grouped(value, places) {
    return Number(value).toLocaleString("en-US", {
      minimumFractionDigits: places || 0, maximumFractionDigits: places || 0,
    });
  }

  function trimmed(value, places) {
    return Number(value).toLocaleString("en-US", { maximumFractionDigits: places });
  }

  function missing(value) {
    return value === null || value === undefined || value === "" || !isFinite(Number(value));
  }

  function number(value, places) {
    return missing(value) ? "—" : grouped(value, places);
  }

  function percent(share, places) {
    return missing(share) ? "—" : trimmed(Number(share) * 100, places || 0) + "%";
  }

  function money(value, currency, places) {
    if (missing(value)) return "—";
    var code = (currency || "CNY").toUpperCase();
    var amount = Number(value);
    var sign = amount < 0 && grouped(Math.abs(amount), places) !== grouped(0, places) ? "-" : "";
    var digits = grouped(Math.abs(amount), places);
    if (chinese()) {
      return CHINESE[code] ? sign + CHINESE[code][0] + digits : sign + digits + " " + code;
    }
    return code + " " + sign + digits;
  }

  function scaledText(size, divisor) {
    var scaled = size / divisor;
    var places = Math.max(0, 3 - String(Math.floor(scaled)).length);
    return trimmed(scaled, places);
  }

  function moneyCompact(value, currency) {
    if (missing(value)) return "—";
    var code = (currency || "CNY").toUpperCase();
    var amount = Number(value);
    var size = Math.abs(amount);
    var sign = amount < 0 ? "-" : "";
    var units;
    var i;
    if (chinese()) {
      var unit = CHINESE[code] ? CHINESE[code][1] : code;
      units = [[1e8, "亿"], [1e4, "万"]];
      for (i = 0; i < units.length; i++) {
        if (size >= units[i][0]) return sign + scaledText(size, units[i][0]) + " " + units[i][1] + unit;
      }
      return money(amount, code);
    }
    units = [[1e9, "B"], [1e6, "M"], [1e3, "K"]];
    for (i = 0; i < units.length; i++) {
      if (size >= units[i][0]) return code + " " + sign + scaledText(size, units[i][0]) + units[i][1];
    }
    return money(amount, code);
  }

  /* Axis labels: compact numbers without a currency ("3.8亿" / "382M"). */
  function axis(value) {
    var size = Math.abs(Number(value));
    var units = chinese() ? [[1e8, "亿"], [1e4, "万"]] : [[1e9, "B"], [1e6, "M"], [1e3, "K"]];
    for (var i = 0; i < units.length; i++) {
      if (size >= units[i][0]) return (value < 0 ? "-" : "") + scaledText(size, units[i][0]) + units[i][1];
    }
    return grouped(value, 0);
  }

  window.keyactNumbers = {
    number: number, percent: percent, money: money, moneyCompact: moneyCompact, axis: axis,
  };
})();
