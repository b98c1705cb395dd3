/* parkgis web map (园区规划网络地图): layers, popups, legend, layer panel, search, measure and
 * mouse coordinates over Leaflet, from the data parkgis embeds in the page.
 *
 * Safety: every text that comes from the data (attribute values, field names, layer names, the
 * title) reaches the page through textContent or as a DOM element, never through innerHTML.
 * Leaflet's tooltip/popup accept an element; we always give them one.
 * Part of parkgis; same licence as parkgis.
 */
(function () {
  'use strict';

  var D = document;
  var SQM_PER_MU = 10000 / 15;

  function el(tag, cls, text) {
    var e = D.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function fmt(n, digits) {
    return Number(n).toLocaleString('zh-CN', {minimumFractionDigits: digits, maximumFractionDigits: digits});
  }

  function areaText(m2) {
    return fmt(m2, 2) + ' m² · ' + fmt(m2 / SQM_PER_MU, 4) + ' 亩 · ' + fmt(m2 / 10000, 4) + ' 公顷';
  }

  // ------------------------------------------------------------------ geometry decoding

  /* A ring/line is [x0, y0, dx1, dy1, ...]: integer lon/lat in 1/q degree, deltas after the first. */
  function decodeLine(arr, q) {
    var out = new Array(arr.length / 2), x = 0, y = 0, i, j;
    for (i = 0, j = 0; i < arr.length; i += 2, j += 1) {
      x += arr[i];
      y += arr[i + 1];
      out[j] = [y / q, x / q];
    }
    return out;
  }

  function makeGeometry(g, q, options) {
    var kind = g[0], parts = g[1], i, r;
    if (kind === 'A') {           // polygons: [[ring, ring...], ...]
      var polys = new Array(parts.length);
      for (i = 0; i < parts.length; i += 1) {
        polys[i] = new Array(parts[i].length);
        for (r = 0; r < parts[i].length; r += 1) { polys[i][r] = decodeLine(parts[i][r], q); }
      }
      return L.polygon(polys.length === 1 ? polys[0] : polys, options);
    }
    if (kind === 'L') {           // lines: [line, ...]
      var lines = parts.map(function (p) { return decodeLine(p, q); });
      return L.polyline(lines.length === 1 ? lines[0] : lines, options);
    }
    var pts = decodeLine(parts, q);  // points: one delta-encoded run
    if (pts.length === 1) { return L.circleMarker(pts[0], options); }
    return L.featureGroup(pts.map(function (p) { return L.circleMarker(p, options); }));
  }

  // ------------------------------------------------------------------ styles

  var HATCH_ANGLE = {bdiag: -45, fdiag: 45, horizontal: 0, vertical: 90, cross: 45};

  function pathOptions(style, renderer) {
    return {
      renderer: renderer,
      color: style.color || '#555555',
      weight: style.weight === undefined ? 1 : style.weight,
      opacity: style.opacity === undefined ? 1 : style.opacity,
      dashArray: style.dashArray || null,
      fill: !!style.fill,
      fillColor: style.fillColor || style.color,
      fillOpacity: style.fillOpacity === undefined ? 0.5 : style.fillOpacity,
      radius: style.radius || 4,
      smoothFactor: 1
    };
  }

  function addHatchPattern(svg, id, style) {
    var NS = 'http://www.w3.org/2000/svg';
    var defs = svg.querySelector('defs');
    if (!defs) { defs = D.createElementNS(NS, 'defs'); svg.insertBefore(defs, svg.firstChild); }
    var p = D.createElementNS(NS, 'pattern');
    p.setAttribute('id', id);
    p.setAttribute('patternUnits', 'userSpaceOnUse');
    p.setAttribute('width', '8');
    p.setAttribute('height', '8');
    p.setAttribute('patternTransform', 'rotate(' + (HATCH_ANGLE[style.hatch] || 0) + ')');
    var bg = D.createElementNS(NS, 'rect');
    bg.setAttribute('width', '8');
    bg.setAttribute('height', '8');
    bg.setAttribute('fill', style.fillColor || 'none');
    bg.setAttribute('fill-opacity', String(style.fillOpacity === undefined ? 0.5 : style.fillOpacity));
    p.appendChild(bg);
    var angles = style.hatch === 'cross' ? [0, 90] : [0];
    angles.forEach(function (a) {
      var ln = D.createElementNS(NS, 'line');
      ln.setAttribute('x1', '0'); ln.setAttribute('y1', '0');
      ln.setAttribute('x2', a ? '8' : '0'); ln.setAttribute('y2', a ? '0' : '8');
      ln.setAttribute('stroke', style.hatchColor || style.color || '#000');
      ln.setAttribute('stroke-opacity', String(style.hatchOpacity === undefined ? 1 : style.hatchOpacity));
      ln.setAttribute('stroke-width', '1.6');
      p.appendChild(ln);
    });
    defs.appendChild(p);
  }

  // ------------------------------------------------------------------ the application

  function init(map, data) {
    var q = data.q;
    var state = {map: map, data: data, layers: [], scheme: data.scheme, errors: []};
    window.parkgisWebmap.state = state;

    map.attributionControl.setPrefix('Leaflet');
    var renderer = L.svg({padding: 0.3});
    renderer.addTo(map);
    var svg = renderer._container;
    var canvasRenderer = null;

    // ---- base maps
    var bases = (data.basemaps || []).map(function (b) {
      var group = L.layerGroup();
      (b.tiles || []).forEach(function (t) {
        L.tileLayer(t.url, {subdomains: t.subdomains || 'abc', maxZoom: 20, maxNativeZoom: t.maxNativeZoom || 18,
          attribution: t.attribution || '', crossOrigin: false}).addTo(group);
      });
      return {name: b.name, group: group};
    });
    var activeBase = null;
    function setBase(i) {
      if (activeBase !== null && bases[activeBase]) { map.removeLayer(bases[activeBase].group); }
      activeBase = i;
      if (i !== null && bases[i]) { bases[i].group.addTo(map); bases[i].group.eachLayer(function (t) { t.bringToBack(); }); }
    }

    // ---- vector layers
    var popup = L.popup({maxWidth: 420, minWidth: 260, maxHeight: 440, autoPanPadding: [40, 60],
      className: 'pk-popup-wrap'});

    data.layers.forEach(function (lyr, li) {
      var style = lyr.style;
      var hatchId = null;
      if (style.hatch && style.fill && !lyr.canvas) {
        hatchId = 'pk-hatch-' + li;
        addHatchPattern(svg, hatchId, style);
      }
      // very large layers draw on a canvas (one element instead of one SVG path per feature)
      var layerRenderer = lyr.canvas ? (canvasRenderer || (canvasRenderer = L.canvas({padding: 0.3}))) : renderer;
      var base = pathOptions(style, layerRenderer);
      if (hatchId) { base.fillColor = 'url(#' + hatchId + ')'; base.fillOpacity = 1; }
      var casing = null;
      if (style.casing) {
        casing = L.layerGroup();
      }
      var group = L.featureGroup();
      var feats = new Array(lyr.features.length);
      lyr.features.forEach(function (f, fi) {
        var opts = L.extend({}, base, classStyle(lyr, f, state.scheme), categoryStyle(lyr, f));
        var shape = makeGeometry(f.g, q, opts);
        shape._pk = {layer: li, feature: fi};
        if (shape instanceof L.FeatureGroup) {
          shape.eachLayer(function (s) { s._pk = shape._pk; });
        }
        group.addLayer(shape);
        feats[fi] = shape;
        if (casing) {
          casing.addLayer(makeGeometry(f.g, q, {renderer: layerRenderer, color: style.casing, weight: style.casingWidth,
            opacity: 1, fill: false, interactive: false}));
        }
      });
      group.on('click', function (e) {
        if (measure.active) { return; }
        L.DomEvent.stopPropagation(e);
        openFeature(li, e.layer._pk.feature, e.latlng);
      });
      if (lyr.hover) {
        group.on('mouseover', function (e) {
          if (measure.active) { return; }
          var s = e.layer;
          if (s.setStyle) { s.setStyle({weight: (base.weight || 1) + 2, color: '#00a0e9'}); s.bringToFront(); }
        });
        group.on('mouseout', function (e) {
          var s = e.layer, f = lyr.features[s._pk.feature];
          if (s.setStyle) { s.setStyle({weight: base.weight, color: classStyle(lyr, f, state.scheme).color || base.color}); }
        });
      }
      if (lyr.title && lyr.title.length) {
        group.bindTooltip(function (s) {
          return el('span', 'pk-tip', featureTitle(lyr, lyr.features[s._pk.feature]));
        }, {sticky: true, direction: 'top', offset: [0, -6], opacity: 0.95});
      }
      var entry = {data: lyr, group: group, casing: casing, shapes: feats, visible: !!lyr.visible};
      state.layers.push(entry);
    });

    // the layer's own categories (三区 by zone type, a layer coloured by a field in the desktop)
    function categoryStyle(lyr, f) {
      var cls = lyr.categories && f.k !== undefined ? lyr.categories[f.k] : null;
      return cls ? {fillColor: cls.fill, fill: true} : {};
    }

    function classStyle(lyr, f, scheme) {
      if (!lyr.schemes || !f.c) { return {}; }
      var si = lyr.schemes.indexOf(scheme);
      if (si < 0) { si = 0; }
      var sc = data.schemes[lyr.schemes[si]];
      var cls = sc && sc.classes[f.c[data.schemeOrder.indexOf(lyr.schemes[si])]];
      if (!cls) { return {}; }
      return {fillColor: cls.fill, color: cls.stroke || lyr.style.color, fill: true,
        fillOpacity: cls.fillOpacity === undefined ? lyr.style.fillOpacity : cls.fillOpacity};
    }

    function applyVisibility() {
      state.layers.forEach(function (entry) {
        var on = entry.visible;
        [entry.casing, entry.group].forEach(function (g) {
          if (!g) { return; }
          if (on && !map.hasLayer(g)) { g.addTo(map); }
          if (!on && map.hasLayer(g)) { map.removeLayer(g); }
        });
      });
      // keep draw order (bottom first) after toggling
      state.layers.forEach(function (entry) {
        if (entry.visible) {
          if (entry.casing) { entry.casing.eachLayer(function (s) { s.bringToFront(); }); }
          entry.group.bringToFront();
        }
      });
      if (typeof updateLabels === 'function' && state.ready) { updateLabels(); }
    }

    function setScheme(name) {
      state.scheme = name;
      state.layers.forEach(function (entry) {
        var lyr = entry.data;
        if (!lyr.schemes) { return; }
        entry.shapes.forEach(function (s, fi) {
          var st = classStyle(lyr, lyr.features[fi], name);
          if (s.setStyle) { s.setStyle(st); }
        });
      });
      buildLegend();
    }

    // ---- popups
    function featureTitle(lyr, f) {
      var parts = [];
      (lyr.title || []).forEach(function (i) {
        var v = f.v[i];
        if (v !== null && v !== undefined && v !== '' && parts.indexOf(v) < 0) { parts.push(v); }
      });
      return parts.length ? parts.join(' ') : lyr.name;
    }

    function row(table, label, value, cls) {
      var tr = el('tr', cls || null);
      tr.appendChild(el('th', null, label));
      var td = el('td');
      if (value instanceof Node) { td.appendChild(value); } else { td.textContent = String(value); }
      tr.appendChild(td);
      table.appendChild(tr);
      return tr;
    }

    function buildPopup(li, fi) {
      var lyr = data.layers[li], f = lyr.features[fi];
      var box = el('div', 'pk-popup');
      var head = el('div', 'pk-popup-head');
      head.appendChild(el('div', 'pk-popup-title', featureTitle(lyr, f)));
      head.appendChild(el('div', 'pk-popup-layer', lyr.name + ' · ' + lyr.roleLabel));
      box.appendChild(head);
      var x = f.x;
      if (x) {
        if (x.s) {
          var st = data.statusLabels[x.s] || x.s;
          var badge = el('div', 'pk-badge pk-' + x.s, '合规性审查：' + st);
          box.appendChild(badge);
        }
        var t = el('table', 'pk-table');
        if (x.a) {
          row(t, '面积（平面）', areaText(x.a[0]));
          if (x.a[1] !== null && x.a[1] !== undefined) { row(t, '椭球面积', areaText(x.a[1])); }
        }
        box.appendChild(t);
        if (x.k && x.k.length) {
          box.appendChild(el('div', 'pk-section', '冲突'));
          var ct = el('table', 'pk-table pk-conflicts');
          x.k.forEach(function (c) {
            // c = [label, severity, area_m2, share, net_area_m2 | null]
            var v = el('span');
            v.appendChild(el('b', 'pk-sev pk-' + c[1], data.severityLabels[c[1]] || c[1]));
            v.appendChild(D.createTextNode(' ' + areaText(c[2]) + '（占 ' + fmt(c[3] * 100, 2) + '%）'));
            if (c[4] !== null && c[4] !== undefined) {
              v.appendChild(el('div', 'pk-net', '扣除田坎后 ' + areaText(c[4])));
            }
            row(ct, c[0], v);
          });
          box.appendChild(ct);
        } else if (x.s) {
          box.appendChild(el('div', 'pk-ok', '未发现冲突'));
        }
        if (x.n) { box.appendChild(el('div', 'pk-note', '另有 ' + x.n + ' 处细碎重叠（低于容差，不计冲突）')); }
      }
      (lyr.sections || []).forEach(function (sec) {
        var rows = sec.fields.filter(function (i) {
          var v = f.v[i];
          return v !== null && v !== undefined && v !== '';
        });
        if (!rows.length) { return; }
        box.appendChild(el('div', 'pk-section', sec.title));
        var tb = el('table', 'pk-table');
        rows.forEach(function (i) { row(tb, lyr.fields[i], f.v[i]); });
        box.appendChild(tb);
      });
      return box;
    }

    function openFeature(li, fi, latlng) {
      var entry = state.layers[li];
      var shape = entry.shapes[fi];
      if (!entry.visible) { entry.visible = true; applyVisibility(); syncPanel(); }
      if (!latlng) {
        latlng = shape.getBounds ? shape.getBounds().getCenter() : shape.getLatLng();
      }
      popup.setLatLng(latlng).setContent(buildPopup(li, fi)).openOn(map);
      state.lastPopup = {layer: li, feature: fi};
      return popup;
    }

    // ---- header: title, summary, search
    var header = D.getElementById('pk-header');
    header.appendChild(el('div', 'pk-logo', '园'));
    var titles = el('div', 'pk-titles');
    titles.appendChild(el('div', 'pk-title', data.title));
    if (data.subtitle) { titles.appendChild(el('div', 'pk-subtitle', data.subtitle)); }
    header.appendChild(titles);
    if (data.summary && data.summary.length) {
      var chips = el('div', 'pk-chips');
      data.summary.forEach(function (s) {
        var c = el('span', 'pk-chip pk-' + s[0]);
        c.appendChild(el('span', 'pk-chip-n', fmt(s[2], 0)));
        c.appendChild(D.createTextNode(s[1]));
        chips.appendChild(c);
      });
      header.appendChild(chips);
    }
    var searchBox = el('div', 'pk-search');
    var input = el('input');
    input.type = 'search';
    input.placeholder = '搜索地块编号或名称…';
    input.setAttribute('aria-label', '搜索地块编号或名称');
    var results = el('ul', 'pk-results');
    searchBox.appendChild(input);
    searchBox.appendChild(results);
    header.appendChild(searchBox);
    if (data.warning) {
      var warn = D.getElementById('pk-warning');
      warn.textContent = data.warning;
      warn.style.display = 'block';
    }

    var index = [];
    state.layers.forEach(function (entry, li) {
      var lyr = entry.data;
      if (!lyr.search) { return; }
      lyr.features.forEach(function (f, fi) {
        var text = featureTitle(lyr, f);
        index.push({li: li, fi: fi, text: text, key: text.toLowerCase()});
      });
    });

    function search(term) {
      term = term.trim().toLowerCase();
      if (!term) { return []; }
      var starts = [], contains = [];
      for (var i = 0; i < index.length && starts.length < 50; i += 1) {
        var k = index[i].key.indexOf(term);
        if (k === 0) { starts.push(index[i]); } else if (k > 0) { contains.push(index[i]); }
      }
      return starts.concat(contains).slice(0, 50);
    }

    function showResults() {
      results.textContent = '';
      var hits = search(input.value);
      if (!input.value.trim()) { results.style.display = 'none'; return; }
      if (!hits.length) {
        results.appendChild(el('li', 'pk-empty', '未找到匹配的地块'));
      }
      hits.forEach(function (h) {
        var li = el('li');
        li.appendChild(el('span', 'pk-hit', h.text));
        li.appendChild(el('span', 'pk-hit-layer', state.layers[h.li].data.name));
        li.addEventListener('click', function () { goTo(h.li, h.fi); results.style.display = 'none'; });
        results.appendChild(li);
      });
      results.style.display = 'block';
      state.lastSearch = hits;
    }
    input.addEventListener('input', showResults);
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && state.lastSearch && state.lastSearch.length) {
        goTo(state.lastSearch[0].li, state.lastSearch[0].fi);
        results.style.display = 'none';
      } else if (e.key === 'Escape') { results.style.display = 'none'; }
    });

    function goTo(li, fi) {
      var shape = state.layers[li].shapes[fi];
      if (!state.layers[li].visible) { state.layers[li].visible = true; applyVisibility(); syncPanel(); }
      if (shape.getBounds) { map.fitBounds(shape.getBounds(), {maxZoom: 17, padding: [60, 60]}); }
      openFeature(li, fi);
      if (shape.setStyle) {
        var old = {weight: shape.options.weight, color: shape.options.color};
        shape.setStyle({weight: 4, color: '#00a0e9'});
        setTimeout(function () { shape.setStyle(old); }, 2500);
      }
    }
    state.search = search;
    state.goTo = goTo;
    state.openFeature = openFeature;

    // ---- layer panel (grouped) and colour scheme switch
    var checkboxes = [];
    var LayerPanel = L.Control.extend({
      options: {position: 'topright'},
      onAdd: function () {
        var c = el('div', 'pk-panel pk-layers leaflet-control');
        L.DomEvent.disableClickPropagation(c);
        L.DomEvent.disableScrollPropagation(c);
        var h = el('div', 'pk-panel-head', '图层');
        var body = el('div', 'pk-panel-body');
        h.addEventListener('click', function () { c.classList.toggle('pk-collapsed'); });
        c.appendChild(h);
        c.appendChild(body);
        (data.groups || []).forEach(function (g) {
          var gh = el('label', 'pk-group');
          var gcb = el('input');
          gcb.type = 'checkbox';
          gh.appendChild(gcb);
          gh.appendChild(el('span', null, g.name));
          body.appendChild(gh);
          var members = [];
          g.layers.forEach(function (li) {
            var lab = el('label', 'pk-layer');
            var cb = el('input');
            cb.type = 'checkbox';
            cb.checked = state.layers[li].visible;
            cb.addEventListener('change', function () {
              state.layers[li].visible = cb.checked;
              applyVisibility();
              syncPanel();
            });
            lab.appendChild(cb);
            lab.appendChild(layerSwatch(data.layers[li]));
            lab.appendChild(el('span', null, data.layers[li].name));
            lab.appendChild(el('span', 'pk-count', fmt(data.layers[li].features.length, 0)));
            body.appendChild(lab);
            members.push(li);
            checkboxes.push({li: li, cb: cb});
          });
          gcb.addEventListener('change', function () {
            members.forEach(function (li) { state.layers[li].visible = gcb.checked; });
            applyVisibility();
            syncPanel();
          });
          checkboxes.push({group: members, cb: gcb});
        });
        if (bases.length) {
          body.appendChild(el('div', 'pk-group pk-static', '底图'));
          var none = baseRadio(body, '无底图', null);
          none.checked = activeBase === null;
          bases.forEach(function (b, i) { baseRadio(body, b.name, i).checked = activeBase === i; });
        }
        var schemeNames = data.schemeOrder.filter(function (s) { return data.schemes[s].used; });
        if (schemeNames.length > 1) {
          body.appendChild(el('div', 'pk-group pk-static', '地块着色'));
          schemeNames.forEach(function (s) {
            var lab = el('label', 'pk-layer');
            var rb = el('input');
            rb.type = 'radio';
            rb.name = 'pk-scheme';
            rb.checked = s === state.scheme;
            rb.addEventListener('change', function () { if (rb.checked) { setScheme(s); } });
            lab.appendChild(rb);
            lab.appendChild(el('span', null, data.schemes[s].label));
            body.appendChild(lab);
          });
        }
        return c;
      }
    });

    function baseRadio(body, name, i) {
      var lab = el('label', 'pk-layer');
      var rb = el('input');
      rb.type = 'radio';
      rb.name = 'pk-base';
      rb.addEventListener('change', function () { if (rb.checked) { setBase(i); } });
      lab.appendChild(rb);
      lab.appendChild(el('span', null, name));
      body.appendChild(lab);
      return rb;
    }

    function syncPanel() {
      checkboxes.forEach(function (item) {
        if (item.group) {
          var on = item.group.filter(function (li) { return state.layers[li].visible; }).length;
          item.cb.checked = on === item.group.length;
          item.cb.indeterminate = on > 0 && on < item.group.length;
        } else {
          item.cb.checked = state.layers[item.li].visible;
        }
      });
    }

    // a layer coloured by category shows its category colours side by side
    function layerSwatch(lyr) {
      var s = swatch(lyr.style);
      var used = (lyr.categories || []).filter(function (c) { return c.count; });
      if (used.length) {
        var step = 100 / used.length;
        s.style.background = 'linear-gradient(90deg, ' + used.map(function (c, i) {
          return c.fill + ' ' + (i * step).toFixed(1) + '% ' + ((i + 1) * step).toFixed(1) + '%';
        }).join(', ') + ')';
      }
      return s;
    }

    function swatch(style, cls) {
      var s = el('span', 'pk-swatch');
      if (style.fill) {
        s.style.background = cls ? cls.fill : style.fillColor;
        s.style.opacity = '1';
      }
      var stroke = cls ? (cls.stroke || style.color) : style.color;
      s.style.borderColor = stroke;
      s.style.borderWidth = Math.max(1, Math.min(3, style.weight || 1)) + 'px';
      s.style.borderStyle = style.dashArray ? 'dashed' : 'solid';
      if (style.hatch && !cls) {
        s.style.backgroundImage = 'repeating-linear-gradient(' + (style.hatch === 'fdiag' ? 45 : -45) + 'deg, ' +
          (style.hatchColor || stroke) + ' 0 1.5px, transparent 1.5px 5px)';
      }
      if (style.casing && !cls) { s.style.boxShadow = '0 0 0 2px ' + style.casing; }
      return s;
    }

    // ---- legend, generated from the layer styles and the colour scheme
    var legendBox = el('div', 'pk-panel pk-legend leaflet-control');
    function buildLegend() {
      legendBox.textContent = '';
      var h = el('div', 'pk-panel-head', '图例');
      h.addEventListener('click', function () { legendBox.classList.toggle('pk-collapsed'); });
      legendBox.appendChild(h);
      var body = el('div', 'pk-panel-body');
      legendBox.appendChild(body);
      var scheme = data.schemes[state.scheme];
      var parcelsShown = false;
      state.layers.forEach(function (entry) {
        var lyr = entry.data;
        if (lyr.schemes) {
          if (parcelsShown) { return; }
          parcelsShown = true;
          body.appendChild(el('div', 'pk-legend-title', '地块 · ' + scheme.label));
          scheme.classes.forEach(function (cls) {
            if (!cls.count) { return; }
            var item = el('div', 'pk-legend-item');
            item.appendChild(swatch(L.extend({}, lyr.style, {fill: true}), cls));
            item.appendChild(el('span', null, cls.label));
            item.appendChild(el('span', 'pk-count', fmt(cls.count, 0)));
            body.appendChild(item);
          });
        }
      });
      var lines = state.layers.filter(function (e) { return !e.data.schemes; });
      if (lines.length) {
        body.appendChild(el('div', 'pk-legend-title', '三区三线与范围'));
        lines.forEach(function (entry) {
          var item = el('div', 'pk-legend-item');
          var cats = entry.data.categories;
          item.appendChild(layerSwatch(entry.data));
          item.appendChild(el('span', null, entry.data.name));
          body.appendChild(item);
          (cats || []).forEach(function (cls) {
            if (!cls.count) { return; }
            var sub = el('div', 'pk-legend-item pk-legend-sub');
            sub.appendChild(swatch(L.extend({}, entry.data.style, {fill: true}), {fill: cls.fill}));
            sub.appendChild(el('span', null, cls.label));
            sub.appendChild(el('span', 'pk-count', fmt(cls.count, 0)));
            body.appendChild(sub);
          });
        });
      }
    }
    var Legend = L.Control.extend({
      options: {position: 'topright'},   // under the layer panel, in the same column (see the CSS)
      onAdd: function () {
        L.DomEvent.disableClickPropagation(legendBox);
        L.DomEvent.disableScrollPropagation(legendBox);
        return legendBox;
      }
    });

    // ---- mouse coordinates
    var Coords = L.Control.extend({
      options: {position: 'bottomleft'},
      onAdd: function () {
        var c = el('div', 'pk-coords leaflet-control', '经度 —  纬度 —');
        map.on('mousemove', function (e) {
          var ll = e.latlng;
          c.textContent = '经度 ' + ll.lng.toFixed(6) + '°  纬度 ' + ll.lat.toFixed(6) + '°  （' + data.coordNote + '）';
        });
        return c;
      }
    });

    // ---- measure (测距 / 测面): local ellipsoidal plane, good to < 0.01 % over a park
    var A = 6378137.0, E2 = 0.00669437999014;
    function radii(latDeg) {
      var s = Math.sin(latDeg * Math.PI / 180), w = 1 - E2 * s * s;
      return {m: A * (1 - E2) / Math.pow(w, 1.5), n: A / Math.sqrt(w)};
    }
    function distance(a, b) {
      var r = radii((a.lat + b.lat) / 2), rad = Math.PI / 180;
      var dx = (b.lng - a.lng) * rad * r.n * Math.cos((a.lat + b.lat) / 2 * rad);
      var dy = (b.lat - a.lat) * rad * r.m;
      return Math.sqrt(dx * dx + dy * dy);
    }
    function polygonArea(pts) {
      if (pts.length < 3) { return 0; }
      var lat0 = pts.reduce(function (s, p) { return s + p.lat; }, 0) / pts.length;
      var lng0 = pts[0].lng, r = radii(lat0), rad = Math.PI / 180, sum = 0;
      var xy = pts.map(function (p) {
        var rp = radii(p.lat);
        return [(p.lng - lng0) * rad * rp.n * Math.cos(p.lat * rad), (p.lat - lat0) * rad * r.m];
      });
      for (var i = 0; i < xy.length; i += 1) {
        var j = (i + 1) % xy.length;
        sum += xy[i][0] * xy[j][1] - xy[j][0] * xy[i][1];
      }
      return Math.abs(sum) / 2;
    }
    var measure = {active: null, pts: [], layer: L.layerGroup().addTo(map), tip: null, buttons: {}};
    function lengthText(m) { return m >= 1000 ? fmt(m / 1000, 3) + ' km' : fmt(m, 2) + ' m'; }
    function measureText(pts, closed) {
      var len = 0, i;
      for (i = 1; i < pts.length; i += 1) { len += distance(pts[i - 1], pts[i]); }
      if (!closed) { return '长度 ' + lengthText(len); }
      return '面积 ' + areaText(polygonArea(pts)) + '\n周长 ' + lengthText(len + (pts.length > 2 ? distance(pts[pts.length - 1], pts[0]) : 0));
    }
    function drawMeasure(extra, mode, live) {
      measure.layer.clearLayers();
      var pts = measure.pts.slice();
      if (extra) { pts.push(extra); }
      if (!pts.length) { return; }
      var opts = {renderer: renderer, color: '#e8590c', weight: 2.5, dashArray: '6 4', interactive: false, fillOpacity: 0.15};
      if (mode === 'area' && pts.length > 2) { L.polygon(pts, opts).addTo(measure.layer); } else {
        L.polyline(pts, opts).addTo(measure.layer);
      }
      pts.forEach(function (p) {
        L.circleMarker(p, {renderer: renderer, radius: 3.5, color: '#e8590c', weight: 2, fillColor: '#fff',
          fillOpacity: 1, interactive: false}).addTo(measure.layer);
      });
      var label = el('div', 'pk-measure-label', measureText(pts, mode === 'area'));
      if (live) { label.appendChild(el('div', 'pk-measure-hint', '单击加点，双击或按 Esc 结束')); }
      L.tooltip({permanent: true, direction: 'right', offset: [10, 0], className: 'pk-measure-tip'})
        .setLatLng(pts[pts.length - 1]).setContent(label).addTo(measure.layer);
    }
    function startMeasure(mode) {
      var same = measure.active === mode;
      stopMeasure(true);
      if (same) { return; }
      measure.active = mode;
      measure.pts = [];
      map.doubleClickZoom.disable();
      map.closePopup();
      L.DomUtil.addClass(map.getContainer(), 'pk-measuring');
      L.DomUtil.addClass(measure.buttons[mode], 'pk-active');
    }
    function stopMeasure(clear) {
      var mode = measure.active;
      if (mode) { L.DomUtil.removeClass(measure.buttons[mode], 'pk-active'); }
      measure.active = null;
      map.doubleClickZoom.enable();
      L.DomUtil.removeClass(map.getContainer(), 'pk-measuring');
      if (clear) { measure.layer.clearLayers(); measure.pts = []; } else if (mode) { drawMeasure(null, mode, false); }
    }
    map.on('click', function (e) {
      if (!measure.active) { return; }
      var last = measure.pts[measure.pts.length - 1];
      if (last && map.latLngToContainerPoint(last).distanceTo(e.containerPoint) < 3) { return; }
      measure.pts.push(e.latlng);
      drawMeasure(null, measure.active, true);
    });
    map.on('mousemove', function (e) {
      if (measure.active && measure.pts.length) { drawMeasure(e.latlng, measure.active, true); }
    });
    map.on('dblclick', function () { if (measure.active) { stopMeasure(false); } });
    D.addEventListener('keydown', function (e) { if (e.key === 'Escape' && measure.active) { stopMeasure(false); } });
    var MeasureControl = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function () {
        var bar = el('div', 'leaflet-bar pk-measure leaflet-control');
        [['distance', '测距', '测量距离'], ['area', '测面', '测量面积（m²/亩/公顷）'], ['clear', '清除', '清除量算']].forEach(function (b) {
          var a = el('a', 'pk-measure-btn', b[1]);
          a.href = '#';
          a.title = b[2];
          a.setAttribute('role', 'button');
          L.DomEvent.on(a, 'click', function (e) {
            L.DomEvent.preventDefault(e);
            L.DomEvent.stopPropagation(e);
            if (b[0] === 'clear') { stopMeasure(true); } else { startMeasure(b[0]); }
          });
          measure.buttons[b[0]] = a;
          bar.appendChild(a);
        });
        L.DomEvent.disableClickPropagation(bar);
        return bar;
      }
    });
    state.measure = {start: startMeasure, stop: stopMeasure, distance: distance, area: polygonArea, text: measureText};

    // ---- lot numbers (地块编号) on the map, decluttered: a label is placed only where it fits inside its
    // lot's box on screen and overlaps no label already placed (larger lots first), so neighbouring lots
    // at zoom 15 no longer print their numbers over each other
    var labelLayer = L.layerGroup().addTo(map);
    var LABEL_MIN_PX = 46, LABEL_MAX = 400, LABEL_H = 14, LABEL_GAP = 3;
    var measureCtx = D.createElement('canvas').getContext('2d');
    function labelWidth(text) {
      measureCtx.font = '600 11px ' + (window.getComputedStyle ? getComputedStyle(map.getContainer()).fontFamily
        : 'sans-serif');
      return Math.ceil(measureCtx.measureText(text).width) + 2;
    }
    function updateLabels() {
      labelLayer.clearLayers();
      var view = map.getBounds(), n = 0, candidates = [], placed = [];
      state.layers.forEach(function (entry) {
        var lyr = entry.data;
        if (!entry.visible || !lyr.label || !lyr.title || !lyr.title.length) { return; }
        for (var fi = 0; fi < entry.shapes.length; fi += 1) {
          var s = entry.shapes[fi];
          if (!s.getBounds) { continue; }
          var b = s.getBounds(), c = b.getCenter();
          if (!view.contains(c)) { continue; }
          var ne = map.latLngToContainerPoint(b.getNorthEast()), sw = map.latLngToContainerPoint(b.getSouthWest());
          var w = ne.x - sw.x, h = sw.y - ne.y;
          if (w < LABEL_MIN_PX) { continue; }
          var v = lyr.features[fi].v[lyr.title[0]];
          if (v === null || v === undefined || v === '') { continue; }
          candidates.push({c: c, p: map.latLngToContainerPoint(c), w: w, h: h, text: String(v)});
        }
      });
      candidates.sort(function (a, b) { return b.w * b.h - a.w * a.h; });
      candidates.forEach(function (k) {
        if (n >= LABEL_MAX) { return; }
        var lw = labelWidth(k.text);
        if (lw > k.w) { return; }                       // wider than its lot: it would spill onto neighbours
        var box = {x0: k.p.x - lw / 2 - LABEL_GAP, x1: k.p.x + lw / 2 + LABEL_GAP,
                   y0: k.p.y - LABEL_H / 2 - LABEL_GAP, y1: k.p.y + LABEL_H / 2 + LABEL_GAP};
        for (var i = 0; i < placed.length; i += 1) {
          var o = placed[i];
          if (box.x0 < o.x1 && o.x0 < box.x1 && box.y0 < o.y1 && o.y0 < box.y1) { return; }
        }
        placed.push(box);
        L.tooltip({permanent: true, direction: 'center', className: 'pk-label', interactive: false})
          .setLatLng(k.c).setContent(el('span', null, k.text)).addTo(labelLayer);
        n += 1;
      });
      state.labels = n;
      state.labelBoxes = placed;
    }
    map.on('moveend', updateLabels);

    // ---- assemble
    var startBase = null;
    (data.basemaps || []).forEach(function (b, i) { if (b.active && startBase === null) { startBase = i; } });
    setBase(startBase);
    applyVisibility();
    L.control.scale({imperial: false, maxWidth: 160, position: 'bottomleft'}).addTo(map);
    new Coords().addTo(map);
    new MeasureControl().addTo(map);
    new LayerPanel().addTo(map);
    syncPanel();
    buildLegend();
    new Legend().addTo(map);
    // a view in the address (#zoom/lat/lon) wins, so a link can point at one park
    var view = /^#(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(window.location.hash || '');
    if (view) {
      map.setView([parseFloat(view[2]), parseFloat(view[3])], parseInt(view[1], 10), {animate: false});
    } else if (data.bounds) {
      map.fitBounds(data.bounds, {padding: [20, 20], animate: false});
    }
    map.on('moveend', function () {
      var c = map.getCenter();
      var h = '#' + map.getZoom() + '/' + c.lat.toFixed(5) + '/' + c.lng.toFixed(5);
      if (window.history && window.history.replaceState) { window.history.replaceState(null, '', h); }
    });
    updateLabels();
    state.ready = true;
    state.readyAt = (window.performance && performance.now) ? performance.now() : null;
    return state;
  }

  window.parkgisWebmap = {
    init: function (map, dataElementId) {
      var node = D.getElementById(dataElementId);
      var data = JSON.parse(node.textContent);
      return init(map, data);
    }
  };
}());
