// The lineage graph: fetches /api/lineage (the same data as the page's table) and draws it with
// Cytoscape.js, served from /static/vendor (installed from npm by `make setup`, no CDN).
// What it cites is drawn above the root, who cites it below; a click opens the node's page.
(function () {
  "use strict";
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") { return; }

  var PER_ROW = 5, DX = 210, DY = 120;

  // Levels are rows: what the root cites above it (negative), who cites it below (positive);
  // a level of more than PER_ROW documents takes several rows, away from the root.
  function elements(data) {
    var levels = {}, out = [];
    data.nodes.forEach(function (n) { (levels[n.level] = levels[n.level] || []).push(n); });
    var rowAbove = 0, rowBelow = 0;
    Object.keys(levels).map(Number).sort(function (a, b) { return Math.abs(a) - Math.abs(b); }).forEach(function (level) {
      var nodes = levels[level];
      for (var start = 0; start < nodes.length; start += PER_ROW) {
        var row = nodes.slice(start, start + PER_ROW), y;
        if (level < 0) { rowAbove += 1; y = -rowAbove * DY; }
        else if (level > 0) { rowBelow += 1; y = rowBelow * DY; }
        else { y = 0; }
        row.forEach(function (n, i) {
          out.push({ group: "nodes", position: { x: (i - (row.length - 1) / 2) * DX, y: y },
                     data: { id: n.key, label: n.label + (n.date ? "\n" + n.date : ""), url: n.url,
                             placeholder: n.placeholder ? 1 : 0, root: n.key === data.root ? 1 : 0 } });
        });
      }
    });
    data.edges.forEach(function (e, i) {
      out.push({ group: "edges", data: { id: "e" + i, source: e.citing, target: e.cited, relation: e.relation || "mentions" } });
    });
    return out;
  }

  var style = [
    { selector: "node", style: { "shape": "round-rectangle", "width": 180, "height": 54, "label": "data(label)",
      "text-wrap": "wrap", "text-max-width": 170, "text-valign": "center", "font-size": 11,
      "background-color": "#dbeafe", "border-width": 1, "border-color": "#1e3a5f" } },
    { selector: "node[placeholder = 1]", style: { "background-color": "#f3f4f6", "border-style": "dashed", "color": "#4b5563" } },
    { selector: "node[root = 1]", style: { "background-color": "#fde68a", "border-width": 3 } },
    { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 2,
      "line-color": "#9ca3af", "target-arrow-color": "#9ca3af", "line-style": "dashed" } },
    { selector: "edge[relation = 'implements']", style: { "line-color": "#2563eb", "target-arrow-color": "#2563eb", "line-style": "solid" } },
    { selector: "edge[relation = 'based_on']", style: { "line-color": "#059669", "target-arrow-color": "#059669", "line-style": "solid" } }
  ];

  fetch(box.dataset.api, { headers: { "Accept": "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (data) {
      var cy = cytoscape({ container: box, elements: elements(data), style: style,
                           layout: { name: "preset", fit: true, padding: 30 }, maxZoom: 2.5 });
      cy.on("tap", "node", function (event) { window.location.href = event.target.data("url"); });
      cy.on("mouseover", "node", function () { box.style.cursor = "pointer"; });
      cy.on("mouseout", "node", function () { box.style.cursor = ""; });
      window.congvanGraph = cy;
      box.dataset.nodes = String(cy.nodes().length);
      box.dataset.ready = "1";
    })
    .catch(function (error) {
      box.textContent = "Không vẽ được đồ thị: " + error.message;
      box.dataset.ready = "error";
    });
})();
