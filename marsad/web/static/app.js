// marsad dashboard: our own small script (no libraries). Everything shown comes from
// textContent, never innerHTML, so article strings stay text.
(function () {
  "use strict";

  // Forms: leave empty fields out of the URL, so a shared address holds only real filters.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form || form.method.toLowerCase() !== "get") return;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.value === "") el.disabled = true;
    });
  });

  // Document view: hovering a highlighted span lists every extracted field covering it.
  var data = document.getElementById("annotations");
  var panel = document.getElementById("panel-body");
  if (!data || !panel) return;
  var anns = JSON.parse(data.textContent);
  var FIELDS = ["kind", "text", "code", "name", "source", "target", "date", "date_basis", "modality",
    "value", "precision", "basis", "role", "title", "country", "key", "event_id", "num_articles"];

  function show(span) {
    panel.textContent = "";
    span.getAttribute("data-ann").split(" ").forEach(function (i) {
      var a = anns[Number(i)];
      if (!a) return;
      var box = document.createElement("dl");
      box.className = "ann k-" + a.kind;
      FIELDS.forEach(function (f) {
        if (a[f] === null || a[f] === undefined || a[f] === "") return;
        var dt = document.createElement("dt");
        dt.textContent = f;
        var dd = document.createElement("dd");
        dd.setAttribute("dir", "auto");
        dd.textContent = String(a[f]);
        box.appendChild(dt);
        box.appendChild(dd);
      });
      var dt = document.createElement("dt");
      dt.textContent = "offsets";
      var dd = document.createElement("dd");
      dd.setAttribute("dir", "ltr");
      dd.textContent = a.start + "–" + a.end;
      box.appendChild(dt);
      box.appendChild(dd);
      panel.appendChild(box);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("span.hl[data-ann]"), function (span) {
    span.addEventListener("mouseenter", function () { show(span); });
    span.addEventListener("focus", function () { show(span); });
    span.tabIndex = 0;
  });
})();
