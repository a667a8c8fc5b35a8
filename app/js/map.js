// Laps' map script: a workout's route, or every route of the athlete, on Leaflet's map. Loaded
// (after Leaflet, both deferred) only by pages that show a map; each map's container carries
// what it needs as data attributes (app/src/components/map.rs). Without this script, the
// server's SVG stays what the page shows.
//
// The route map and the chart islands (app/src/components/chart.rs) follow each other through
// the `laps-cursor` event on `window`: detail `{x, source}`, with `x` in the charts' x-axis
// units (seconds, or km / mi when the charts go by distance) and `null` when the cursor left.
(function () {
  'use strict';

  var CURSOR = 'laps-cursor';
  var ROUTE = '#c8401b';
  var OTHER_LAP = '#1d6fd8';
  var MARKED = '#f2b705';

  function read(el, name) {
    try {
      return JSON.parse(el.dataset[name] || 'null');
    } catch (e) {
      return null;
    }
  }

  // The map in `el` with its tiles; the SVG it replaces is hidden once the map is up.
  function baseMap(el, options) {
    el.hidden = false;
    var map = L.map(el, options);
    L.tileLayer(el.dataset.tiles, {
      attribution: el.dataset.attribution || '',
      maxZoom: Number(el.dataset.maxZoom) || 18,
    }).addTo(map);
    var fallback = el.dataset.fallback && document.getElementById(el.dataset.fallback);
    if (fallback) fallback.hidden = true;
    return map;
  }

  function announce(x) {
    window.dispatchEvent(new CustomEvent(CURSOR, { detail: { x: x, source: 'map' } }));
  }

  // The last index whose value is at most `v` in the ascending `values` (0 when none is).
  function indexAt(values, v) {
    var lo = 0, hi = values.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (values[mid] <= v) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function routeMap(el) {
    var track = read(el, 'track');
    if (!track || !track.lat || track.lat.length < 2) return;
    var n = track.lat.length;
    var points = [];
    for (var i = 0; i < n; i++) points.push([track.lat[i], track.lon[i]]);
    // Where each point is on the charts' x axis.
    var along = track.x || track.t;
    // A page scrolls over its map: the wheel zooms only the map of all routes.
    var map = baseMap(el, { scrollWheelZoom: false });
    var slice = function (from, to) {
      return points.slice(indexAt(track.t, from), indexAt(track.t, to) + 1);
    };

    L.polyline(points, { color: ROUTE, weight: 4, className: 'laps-map-route', interactive: false }).addTo(map);
    // Every other lap in another colour, so the laps of the table can be told apart.
    var laps = read(el, 'laps') || [];
    var last = track.t[n - 1];
    var lapEnd = function (k) { return k + 1 < laps.length ? laps[k + 1] : last; };
    if (laps.length > 1) {
      for (var k = 1; k < laps.length; k += 2) {
        L.polyline(slice(laps[k], lapEnd(k)), {
          color: OTHER_LAP, weight: 4, className: 'laps-map-lap', interactive: false,
        }).addTo(map);
      }
    }
    L.circleMarker(points[0], { radius: 6, color: '#fff', weight: 2, fillColor: '#2e9d4f', fillOpacity: 1, interactive: false }).addTo(map);
    L.circleMarker(points[n - 1], { radius: 6, color: '#fff', weight: 2, fillColor: '#d6333f', fillOpacity: 1, interactive: false }).addTo(map);

    var segment = read(el, 'segment');
    var marked = segment && slice(segment[0], segment[1]);
    if (marked && marked.length > 1) {
      L.polyline(marked, { color: MARKED, weight: 8, opacity: 0.9, className: 'laps-map-segment', interactive: false }).addTo(map);
      map.fitBounds(L.latLngBounds(marked), { padding: [24, 24] });
    } else {
      map.fitBounds(L.latLngBounds(points), { padding: [16, 16] });
    }

    // A lap pointed at in the table stands out.
    var chosen = null;
    document.querySelectorAll('table.laps tr[data-lap]').forEach(function (row) {
      var k = Number(row.dataset.lap);
      if (!(k < laps.length)) return;
      row.addEventListener('mouseenter', function () {
        if (chosen) chosen.remove();
        chosen = L.polyline(slice(laps[k], lapEnd(k)), {
          color: '#1c2330', weight: 7, opacity: 0.6, className: 'laps-map-chosen-lap', interactive: false,
        }).addTo(map);
      });
      row.addEventListener('mouseleave', function () {
        if (chosen) chosen.remove();
        chosen = null;
      });
    });

    // The cursor: where the charts point, or where the pointer is on the route.
    var marker = L.circleMarker(points[0], {
      radius: 7, color: '#fff', weight: 3, fillColor: '#1c2330', fillOpacity: 1,
      className: 'laps-map-cursor', interactive: false,
    });
    function showAt(x) {
      if (x === null || x === undefined || isNaN(x)) {
        marker.remove();
        return;
      }
      var i = indexAt(along, x);
      var j = Math.min(i + 1, n - 1);
      var span = along[j] - along[i];
      var f = span > 0 ? Math.min(Math.max((x - along[i]) / span, 0), 1) : 0;
      marker.setLatLng([
        points[i][0] + f * (points[j][0] - points[i][0]),
        points[i][1] + f * (points[j][1] - points[i][1]),
      ]).addTo(map);
    }
    window.addEventListener(CURSOR, function (e) {
      if (e.detail && e.detail.source !== 'map') showAt(e.detail.x);
    });

    // Where on the route the pointer is, as a chart position: the nearest point of the
    // nearest stretch, on the screen.
    function xAt(latlng) {
      var p = map.latLngToLayerPoint(latlng);
      var best = Infinity, at = 0;
      var a = map.latLngToLayerPoint(points[0]);
      for (var i = 1; i < n; i++) {
        var b = map.latLngToLayerPoint(points[i]);
        var dx = b.x - a.x, dy = b.y - a.y;
        var len2 = dx * dx + dy * dy;
        var t = len2 > 0 ? Math.min(Math.max(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0), 1) : 0;
        var ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
        var d = ex * ex + ey * ey;
        if (d < best) {
          best = d;
          at = along[i - 1] + t * (along[i] - along[i - 1]);
        }
        a = b;
      }
      return at;
    }
    // A wide, invisible line over the route catches the pointer near it.
    var hit = L.polyline(points, { weight: 24, opacity: 0, className: 'laps-map-hit' }).addTo(map);
    hit.on('mousemove', function (e) {
      var x = xAt(e.latlng);
      showAt(x);
      announce(x);
    });
    hit.on('mouseout', function () {
      marker.remove();
      announce(null);
    });
  }

  // Google's encoded polyline, precision 5.
  function decode(text) {
    var out = [], lat = 0, lon = 0, i = 0;
    function next() {
      var value = 0, shift = 0, b;
      do {
        b = text.charCodeAt(i++) - 63;
        value |= (b & 0x1f) << shift;
        shift += 5;
      } while (b >= 0x20 && i < text.length);
      return value & 1 ? ~(value >> 1) : value >> 1;
    }
    while (i < text.length) {
      lat += next();
      lon += next();
      out.push([lat / 1e5, lon / 1e5]);
    }
    return out;
  }

  function heatMap(el) {
    var routes = read(el, 'routes') || [];
    var map = baseMap(el, {});
    var lines = [];
    routes.forEach(function (route) {
      var points = decode(route[1]);
      if (points.length < 2) return;
      var line = L.polyline(points, { color: ROUTE, weight: 3, opacity: 0.35, className: 'laps-map-heat' });
      // Each route leads to its workout.
      line.on('click', function () { window.location.href = '/workouts/' + route[0]; });
      line.on('mouseover', function () { line.setStyle({ opacity: 1, weight: 5 }).bringToFront(); });
      line.on('mouseout', function () { line.setStyle({ opacity: 0.35, weight: 3 }); });
      line.addTo(map);
      lines.push(line);
    });
    if (!lines.length) return;
    // Framed where most routes are (the 1-degree square holding the most of their middles,
    // and what lies within about 200 km of it): a holiday far away would shrink home to a dot.
    var count = {}, best = null;
    var middles = lines.map(function (line) {
      var c = line.getBounds().getCenter();
      var key = Math.floor(c.lat) + ',' + Math.floor(c.lng);
      count[key] = (count[key] || 0) + 1;
      if (best === null || count[key] > count[best]) best = key;
      return c;
    });
    var home = best.split(',').map(function (v) { return Number(v) + 0.5; });
    var k = Math.max(Math.cos(home[0] * Math.PI / 180), 0.05);
    var frame = L.latLngBounds([]);
    lines.forEach(function (line, i) {
      var c = middles[i];
      if (Math.abs(c.lat - home[0]) <= 2 && Math.abs(c.lng - home[1]) * k <= 2) frame.extend(line.getBounds());
    });
    map.fitBounds(frame, { padding: [16, 16] });
  }

  document.querySelectorAll('.route-map').forEach(routeMap);
  document.querySelectorAll('.heat-map').forEach(heatMap);
})();
