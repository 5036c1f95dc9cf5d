// The licence map of lode (/ban-do). Reads its settings from the #map element's data-
// attributes, the base map from /static/map/*.geojson (or the configured tiles or WMS), the
// licences, applications and zones from the OGC API. Text is only ever set as text: popups and
// tooltips get DOM nodes, the base map's credit line is escaped (Leaflet writes both as HTML).
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var words = {};
  try { words = JSON.parse(el.getAttribute("data-words") || "{}"); } catch (e) { words = {}; }
  var t = function (k) { return words[k] || k; };
  var staff = el.getAttribute("data-staff") === "1";
  var on = el.getAttribute("data-on") || "";
  var csrf = el.getAttribute("data-csrf") || "";
  var base = el.getAttribute("data-base") || "offline";
  var panel = document.getElementById("map-panel");

  var map = L.map(el, {
    minZoom: 4,
    maxZoom: 18,
    maxBounds: [[0, 92], [30, 125]],
    zoomSnap: 0.25,
    zoomControl: false
  });
  // the zoom buttons named in the page's language, not Leaflet's English
  L.control.zoom({ zoomInTitle: t("map.zoom_in"), zoomOutTitle: t("map.zoom_out") }).addTo(map);
  // the mainland and both archipelagos, whatever the screen
  map.fitBounds([[7.2, 102.1], [23.4, 117.6]], { padding: [8, 8] });
  var narrow = el.clientWidth < 600;
  map.createPane("zones").style.zIndex = 410;
  map.createPane("applications").style.zIndex = 420;
  map.createPane("licences").style.zIndex = 430;
  map.attributionControl.setPrefix(false);

  function node(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) { n.className = cls; }
    if (text !== undefined && text !== null) { n.textContent = String(text); }
    return n;
  }
  function day(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : (iso || "");
  }
  function instant(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return iso || ""; }
    var v = new Date(d.getTime() + 7 * 3600 * 1000);
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    return p(v.getUTCDate()) + "/" + p(v.getUTCMonth() + 1) + "/" + v.getUTCFullYear() + " " +
      p(v.getUTCHours()) + ":" + p(v.getUTCMinutes());
  }
  function hectares(v) {
    var parts = Number(v || 0).toFixed(2).split(".");
    return parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".") + "," + parts[1];
  }
  function escaped(text) {
    var d = document.createElement("div");
    d.textContent = text || "";
    return d.innerHTML;
  }
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); });
  }
  function label(latlng, text, cls) {
    return L.marker(latlng, {
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: "map-label " + cls, html: "", iconSize: null })
    }).on("add", function (e) {
      var i = e.target.getElement();
      if (i) { i.textContent = text; }
    });
  }

  // the base: the agency's tiles or WMS, or lode's own map of Vietnam
  var sea = base === "offline";
  if (sea) { el.classList.add("map-offline"); }
  if (base === "tiles") {
    L.tileLayer(el.getAttribute("data-base-url"), {
      attribution: escaped(el.getAttribute("data-attribution")), maxZoom: 19
    }).addTo(map);
  } else if (base === "wms") {
    L.tileLayer.wms(el.getAttribute("data-base-url"), {
      layers: el.getAttribute("data-base-layers"), format: "image/png", transparent: false,
      attribution: escaped(el.getAttribute("data-attribution"))
    }).addTo(map);
  }
  map.createPane("land");
  map.getPane("land").style.zIndex = 250;
  var provinces = L.layerGroup().addTo(map);
  var landStyle = sea
    ? { color: "#a99f8a", weight: 0.8, fillColor: "#fbf8ef", fillOpacity: 1, className: "province" }
    : { color: "#7d7462", weight: 1, fill: false, className: "province" };
  if (sea) {
    getJSON("/static/map/neighbours.geojson").then(function (g) {
      L.geoJSON(g, {
        pane: "land", interactive: false,
        style: { color: "#c8c2b4", weight: 0.6, fillColor: "#ebe7de", fillOpacity: 1 }
      }).addTo(map);
    }).catch(function () {});
  }
  // the land's outlines are named on hover, and stay out of the keyboard's way: Tab goes
  // from the map to the licences and the tools, not through every province and islet
  function quiet(layer) {
    function apply() {
      var e = layer.getElement && layer.getElement();
      if (e) { e.setAttribute("tabindex", "-1"); e.setAttribute("aria-hidden", "true"); }
    }
    layer.on("add", apply);
    apply();
  }
  // a licence is chosen by keyboard as by pointer: focused, then Enter or Space
  function reachable(layer, name, open) {
    function apply() {
      var e = layer.getElement && layer.getElement();
      if (!e) { return; }
      e.setAttribute("tabindex", "0");
      e.setAttribute("role", "button");
      e.setAttribute("aria-label", name);
      e.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(); }
      });
    }
    layer.on("add", apply);
    apply();
  }
  getJSON("/static/map/provinces.geojson").then(function (g) {
    L.geoJSON(g, {
      pane: "land", style: landStyle,
      onEachFeature: function (f, layer) {
        layer.bindTooltip(node("span", null, f.properties.name_with_type || f.properties.name), { sticky: true });
        quiet(layer);
      }
    }).addTo(provinces);
  }).catch(function () {});
  getJSON("/static/map/islands.geojson").then(function (g) {
    L.geoJSON(g, {
      pane: "land",
      style: { color: "#8a7f69", weight: 1, fillColor: "#fbf8ef", fillOpacity: 1, className: "island" },
      onEachFeature: function (f, layer) {
        var n = f.properties.name ? f.properties.name + " — " : "";
        layer.bindTooltip(node("span", null, n + (f.properties.archipelago === "Hoàng Sa" ? t("map.hoang_sa") : t("map.truong_sa"))));
        quiet(layer);
      }
    }).addTo(provinces);
  }).catch(function () {});
  // the archipelagos are always named, at every zoom, as Vietnam's
  label([16.45, 111.95], t("map.hoang_sa"), "archipelago").addTo(map);
  label([9.9, 114.05], t("map.truong_sa"), "archipelago").addTo(map);
  if (sea) { label([13.6, 111.2], t("map.east_sea"), "sea").addTo(map); }

  // the panel beside the map
  function show(title, rows, link) {
    panel.textContent = "";
    panel.appendChild(node("h2", null, title));
    var dl = node("dl", "facts");
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === "") { return; }
      dl.appendChild(node("dt", null, r[0]));
      dl.appendChild(node("dd", null, r[1]));
    });
    panel.appendChild(dl);
    if (link) {
      var a = node("a", "button", link[1]);
      a.href = link[0];
      panel.appendChild(a);
    }
  }

  function popupOf(title, rows, link) {
    var box = node("div", "map-popup");
    box.appendChild(node("strong", null, title));
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === "") { return; }
      box.appendChild(node("div", null, r[0] + ": " + r[1]));
    });
    if (link) {
      var a = node("a", "licence-link", link[1]);
      a.href = link[0];
      box.appendChild(a);
    }
    return box;
  }

  // the panel beside the map says everything about what was picked; where the panel stands
  // below the map (a narrow screen), a popup says it on the map too
  function panelBeside() {
    if (!panel) { return false; }
    var r = panel.getBoundingClientRect(), m = el.getBoundingClientRect();
    return r.left >= m.right - 1 && r.top < m.bottom;
  }
  // what a click (or Enter on its area) on a feature does; returns the way to open it at a place
  function pickable(layer, title, rowsOf, link) {
    function open(at) {
      var rows = rowsOf();
      show(title, rows, link);
      if (!panelBeside()) {
        // a phone's map is short: its popup says the first two facts, the panel below the rest,
        // so that the popup fits below the map's controls
        var said = narrow ? rows.slice(0, 2) : rows;
        L.popup(POPUP).setLatLng(at).setContent(popupOf(title, said, link)).openOn(map);
      }
    }
    layer.on("click", function (e) { open(e.latlng); });
    return open;
  }

  // who holds it and whether it is in force first: what a phone's short popup says
  function licenceRows(p) {
    return [
      [t("licence.holder"), p.holder],
      [t("licence.status"), t("licence.status." + p.status)],
      [t("licence.minerals"), p.minerals],
      [t("licence.kind"), t("licence.kind." + p.kind)],
      [t("map.valid_until"), day(p.valid_until)],
      [t("map.area"), hectares(p.area_ha) + " ha"]
    ];
  }

  // a popup opens below the drawing tools in the map's top corner
  var POPUP = { autoPanPaddingTopLeft: L.point(16, narrow ? 190 : 170), autoPanPaddingBottomRight: L.point(16, 16), maxWidth: narrow ? 240 : 300 };
  var colours = { valid: "#1e7a46", expired: "#7f8c8d", returned: "#95a5a6", revoked: "#34495e", terminated: "#95a5a6", closed: "#5d6d7e" };
  var licences = L.featureGroup();
  var dots = L.featureGroup();
  // each licence's way to be shown, by its id: a licence's page links to the map at it
  // (`#giay-phep-12`)
  var opens = {};
  function addLicences(g) {
    L.geoJSON(g, {
      pane: "licences",
      style: function (f) {
        var c = colours[f.properties.status] || "#1e7a46";
        return { color: c, weight: 2, fillColor: c, fillOpacity: 0.35 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        var link = ["/giay-phep/" + f.id, t("map.open_licence")];
        var rows = function () { return licenceRows(p); };
        var open = pickable(layer, p.number, rows, link);
        opens[String(f.id)] = function () { map.fitBounds(layer.getBounds(), { maxZoom: 14 }); open(layer.getBounds().getCenter()); };
        // its area is reached by the keyboard once (its dot is the pointer's, on small scales)
        reachable(layer, p.number, function () { open(layer.getBounds().getCenter()); });
        // a dot at its middle, so that small areas are found on a map of the whole country
        var c = layer.getBounds().getCenter();
        var d = L.circleMarker(c, {
          pane: "licences",
          radius: 4, color: colours[p.status] || "#1e7a46", weight: 1,
          fillColor: colours[p.status] || "#1e7a46", fillOpacity: 0.8, className: "licence-dot"
        });
        pickable(d, p.number, rows, link);
        quiet(d);
        dots.addLayer(d);
        layer.options.className = "licence-area";
      }
    }).eachLayer(function (l) { licences.addLayer(l); });
  }
  function fetchAll(url, each) {
    return getJSON(url).then(function (g) {
      each(g);
      var next = (g.links || []).filter(function (l) { return l.rel === "next"; })[0];
      if (next) { return fetchAll(next.href, each); }
      return null;
    });
  }
  var licencesUrl = "/ogc/collections/licences/items?limit=2000" + (on ? "&datetime=" + encodeURIComponent(on) : "");
  el.setAttribute("data-loading", "1");
  var loading = fetchAll(licencesUrl, addLicences).then(function () {
    licences.addTo(map);
    // the dots go with the licences' layer, and only at scales where areas are too small
    function byZoom() {
      if (map.hasLayer(licences) && map.getZoom() < 11) { dots.addTo(map); } else { map.removeLayer(dots); }
    }
    map.on("zoomend overlayadd overlayremove", byZoom);
    byZoom();
    el.setAttribute("data-licences", String(licences.getLayers().length));
    var asked = /^#giay-phep-(\d+)$/.exec(window.location.hash);
    if (asked && opens[asked[1]]) { opens[asked[1]](); }
  });

  var zones = L.featureGroup();
  var zonesLoaded = fetchAll("/ogc/collections/zones/items?limit=1000", function (g) {
    L.geoJSON(g, {
      pane: "zones",
      style: function (f) {
        var banned = f.properties.restriction === "banned";
        var c = banned ? "#b03a2e" : "#a0522d";
        return { color: c, weight: 1.5, dashArray: banned ? null : "6 4", fillColor: c, fillOpacity: banned ? 0.2 : 0.12 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        var rows = [[t("map.zones"), p.layer_name], [t("zone.restriction"), t("zone.restriction." + p.restriction)], [t("map.area"), hectares(p.area_ha) + " ha"]];
        pickable(layer, p.name, function () { return rows; }, null);
      }
    }).eachLayer(function (l) { zones.addLayer(l); });
  }).then(function () { zones.addTo(map); }).catch(function () {});

  var applications = L.featureGroup();
  var overlays = {};
  overlays[t("map.licences")] = licences;
  overlays[t("map.zones")] = zones;
  if (staff) {
    fetchAll("/ogc/collections/applications/items?limit=1000", function (g) {
      L.geoJSON(g, {
        pane: "applications",
        style: { color: "#d68910", weight: 2, dashArray: "5 4", fillColor: "#d68910", fillOpacity: 0.25 },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          var rows = [[t("check.applicant"), p.applicant], [t("licence.minerals"), p.minerals], [t("map.filed_at"), instant(p.filed_at)], [t("map.area"), hectares(p.area_ha) + " ha"]];
          var link = p.dossier ? [p.dossier, t("map.open_dossier")] : null;
          pickable(layer, p.reference, function () { return rows; }, link);
          var d = L.circleMarker(layer.getBounds().getCenter(), {
            pane: "applications", radius: 4, color: "#d68910", weight: 1, fillColor: "#f5b041", fillOpacity: 0.9
          });
          pickable(d, p.reference, function () { return rows; }, link);
          applications.addLayer(d);
        }
      }).eachLayer(function (l) { applications.addLayer(l); });
    }).then(function () { applications.addTo(map); }).catch(function () {});
    overlays[t("map.applications")] = applications;
  }
  var layersControl = L.control.layers(null, overlays, { collapsed: narrow }).addTo(map);
  var layersToggle = layersControl.getContainer().querySelector(".leaflet-control-layers-toggle");
  if (layersToggle) {
    layersToggle.title = t("map.layers");
    layersToggle.setAttribute("aria-label", t("map.layers"));
  }
  L.control.scale({ imperial: false }).addTo(map);
  // what the colours say: on the map, or on a phone, whose map has no room for it, below it
  function legendBox() {
    var box = node("div", "map-legend");
    var rows = [["valid", t("licence.status.valid")], ["expired", t("licence.status.expired")],
      ["revoked", t("licence.status.revoked")], ["returned", t("licence.status.returned")]];
    if (!staff) { rows = rows.slice(0, 1); }
    rows.forEach(function (r) {
      var line = node("div", "legend-row");
      line.appendChild(node("span", "swatch status-" + r[0], ""));
      line.appendChild(node("span", null, r[1]));
      box.appendChild(line);
    });
    [["zone-banned", t("zone.restriction.banned")], ["zone-restricted", t("zone.restriction.restricted")]]
      .concat(staff ? [["application", t("map.applications")]] : [])
      .forEach(function (r) {
        var line = node("div", "legend-row");
        line.appendChild(node("span", "swatch " + r[0], ""));
        line.appendChild(node("span", null, r[1]));
        box.appendChild(line);
      });
    return box;
  }
  var Legend = L.Control.extend({
    options: { position: "bottomright" },
    onAdd: legendBox
  });
  if (!narrow) {
    map.addControl(new Legend());
  } else {
    var below = legendBox();
    below.className += " below";
    el.parentNode.insertBefore(below, el.nextSibling);
  }

  Promise.all([loading, zonesLoaded]).then(function () {
    el.removeAttribute("data-loading");
    el.setAttribute("data-ready", "1");
  }).catch(function () {
    el.removeAttribute("data-loading");
    el.setAttribute("data-ready", "error");
  });

  // an area drawn on the map, corner by corner, then checked
  var drawing = null;
  var corners = [];
  var sketch = null;
  var Draw = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function () {
      var box = L.DomUtil.create("div", "leaflet-bar map-draw");
      var start = node("button", "draw-start", t("map.draw"));
      start.type = "button";
      var check = node("button", "draw-check", t("map.check"));
      check.type = "button";
      check.disabled = true;
      var clear = node("button", "draw-clear", t("map.clear"));
      clear.type = "button";
      box.appendChild(start);
      box.appendChild(check);
      box.appendChild(clear);
      L.DomEvent.disableClickPropagation(box);
      start.addEventListener("click", function () {
        drawing = true;
        corners = [];
        if (sketch) { map.removeLayer(sketch); sketch = null; }
        el.classList.add("drawing");
        panel.textContent = "";
        panel.appendChild(node("h2", null, t("map.draw")));
        panel.appendChild(node("p", "hint", t("map.draw_hint")));
      });
      check.addEventListener("click", function () { checkDrawn(); });
      clear.addEventListener("click", function () {
        drawing = null; corners = [];
        if (sketch) { map.removeLayer(sketch); sketch = null; }
        el.classList.remove("drawing");
        check.disabled = true;
      });
      map.on("click", function (e) {
        if (!drawing) { return; }
        corners.push(e.latlng);
        if (sketch) { map.removeLayer(sketch); }
        sketch = L.polygon(corners, { color: "#1f6fb2", weight: 2, fillOpacity: 0.2 }).addTo(map);
        check.disabled = corners.length < 3;
      });
      return box;
    }
  });
  map.addControl(new Draw());

  function checkDrawn() {
    if (corners.length < 3) { return; }
    drawing = null;
    el.classList.remove("drawing");
    panel.textContent = "";
    panel.appendChild(node("p", "hint", t("map.checking")));
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    if (csrf) { headers["X-CSRF-Token"] = csrf; }
    fetch("/api/v1/cadastre/overlaps", {
      method: "POST", credentials: "same-origin", headers: headers,
      body: JSON.stringify({ polygon: corners.map(function (c) { return [c.lng, c.lat]; }) })
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, body: j }; });
    }).then(function (r) {
      if (!r.ok) { failed((r.body.errors || []).map(function (e) { return e.code; })); return; }
      var f = r.body.findings || {};
      panel.textContent = "";
      panel.appendChild(node("h2", null, t("map.check")));
      var n = (f.licences || []).length + (f.applications || []).length + (f.zones || []).length;
      panel.appendChild(node("p", n ? "notice warning" : "notice",
        (n ? t("map.found") : t("map.none_found")).replace("#AREA#", hectares(r.body.area_ha)).replace("#COUNT#", String(n))));
      function list(title, items, text) {
        if (!items || !items.length) { return; }
        panel.appendChild(node("h3", null, title));
        var ul = node("ul");
        items.forEach(function (i) { ul.appendChild(node("li", null, text(i))); });
        panel.appendChild(ul);
      }
      list(t("check.licences"), f.licences, function (o) { return o.number + " — " + o.holder + ": " + hectares(o.overlap_ha) + " ha"; });
      list(t("check.applications"), f.applications, function (o) { return o.reference + " — " + o.applicant + " (" + instant(o.filed_at) + "): " + hectares(o.overlap_ha) + " ha"; });
      list(t("check.zones"), f.zones, function (o) { return o.name + " — " + t("zone.restriction." + o.restriction) + ": " + hectares(o.overlap_ha) + " ha"; });
    }).catch(function () { failed([]); });
  }
  function failed(codes) {
    panel.textContent = "";
    var far = codes.some(function (c) { return /range/.test(c); });
    var crossing = codes.some(function (c) { return /crossing|repeated|no_area|too_few/.test(c); });
    panel.appendChild(node("p", "alert",
      far ? t("map.check_far") : crossing ? t("map.check_failed") : t("map.check_error")));
  }
})();
