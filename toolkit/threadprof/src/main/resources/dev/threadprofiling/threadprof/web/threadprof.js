// threadprof web view: reads <base>?format=json (schema threadprof/v2, or v1) and polls <base>/summary.
(function () {
  'use strict';
  var base = document.body.getAttribute('data-base');
  // model.ApplicationFrames.LIBRARY_PACKAGES, written into the page by WebAssets.page
  var LIBRARY = document.body.getAttribute('data-library-packages').split(',');
  var HISTORY_LIMIT = 600;
  var state = { profile: null, baseline: null, history: [], topSort: 'flat' };
  window.threadprof = state;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function frameText(f) {
    var where = f.line === -2 ? 'Native Method' : f.file === null ? 'Unknown Source'
      : f.line >= 0 ? f.file + ':' + f.line : f.file;
    return f['class'] + '.' + f.method + '(' + where + ')';
  }
  function shortFrame(f) {
    if (!f) { return '-'; }
    var simple = f['class'].substring(f['class'].lastIndexOf('.') + 1);
    return frameText({ 'class': simple, method: f.method, file: f.file, line: f.line });
  }
  function isLibrary(f) { return LIBRARY.some(function (p) { return f['class'].indexOf(p) === 0; }); }
  function topAppFrame(frames) {
    for (var i = 0; i < frames.length; i++) { if (!isLibrary(frames[i])) { return frames[i]; } }
    return null;
  }
  function fn(f) { return f['class'] + '.' + f.method; }
  function pct(v, total) { return total ? (100 * v / total).toFixed(2) + '%' : '0%'; }
  function groupKey(g) {
    return g.state + (g.virtual ? ' virtual' : '') + '|' + g.frames.map(function (f) {
      return (f.module || '') + '/' + frameText(f);
    }).join('\n');
  }
  // threadprof/v2 keeps stacks in tables (frames, stacks) and groups refer to one by index;
  // threadprof/v1 had the frames in each group.
  function withGroupFrames(p) {
    if (p.stacks) {
      p.groups.forEach(function (g) {
        g.frames = p.stacks[g.stack].map(function (i) { return p.frames[i]; });
      });
    }
    return p;
  }
  function label(g) { return g.namePattern || g.names; }
  function fill(table, rows) {
    var body = table.querySelector('tbody');
    body.textContent = '';
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function row(cells, cls) {
    var tr = el('tr', cls ? { 'class': cls } : {});
    cells.forEach(function (c) {
      tr.appendChild(el('td', typeof c === 'number' ? { 'class': 'num' } : {}, String(c)));
    });
    return tr;
  }

  function renderGroups(p) {
    fill(document.getElementById('groups'), p.groups.map(function (g) {
      var tr = row([g.count, g.state + (g.virtual ? ' virtual' : ''), g.names, shortFrame(topAppFrame(g.frames))]);
      tr.title = g.frames.map(frameText).join('\n');
      return tr;
    }));
  }

  function topRows(p) {
    var counts = {};
    p.groups.forEach(function (g) {
      if (!g.frames.length) { return; }
      var top = fn(g.frames[0]);
      (counts[top] = counts[top] || { fn: top, flat: 0, cum: 0 }).flat += g.count;
      var seen = {};
      g.frames.forEach(function (f) {
        var name = fn(f);
        if (seen[name]) { return; }
        seen[name] = true;
        (counts[name] = counts[name] || { fn: name, flat: 0, cum: 0 }).cum += g.count;
      });
    });
    return Object.keys(counts).map(function (k) {
      var r = counts[k];
      r.flatPct = r.flat / p.total;
      r.cumPct = r.cum / p.total;
      return r;
    });
  }
  function renderTop(p) {
    var key = state.topSort;
    var rows = topRows(p).sort(function (a, b) {
      if (key === 'fn') { return a.fn < b.fn ? -1 : a.fn > b.fn ? 1 : 0; }
      var k = key === 'flatPct' ? 'flat' : key === 'cumPct' ? 'cum' : key;
      return b[k] - a[k] || (key === 'cum' || key === 'cumPct' ? b.flat - a.flat : b.cum - a.cum) || (a.fn < b.fn ? -1 : 1);
    });
    fill(document.getElementById('top'), rows.map(function (r) {
      return row([r.flat, pct(r.flat, p.total), r.cum, pct(r.cum, p.total), r.fn]);
    }));
    document.querySelectorAll('#top th').forEach(function (th) {
      th.classList.toggle('sorted', th.getAttribute('data-key') === key);
    });
  }

  function renderFlame(p) {
    var rootNode = { name: 'all threads', count: 0, children: {} };
    var depth = 0;
    p.groups.forEach(function (g) {
      var node = rootNode;
      node.count += g.count;
      for (var i = g.frames.length - 1; i >= 0; i--) {
        var f = g.frames[i];
        var name = frameText(f);
        node = node.children[name] = node.children[name] || { name: name, frame: f, count: 0, children: {} };
        node.count += g.count;
      }
      depth = Math.max(depth, g.frames.length + 1);
    });
    var box = document.getElementById('flame');
    box.textContent = '';
    var width = box.clientWidth || 1000;
    var rowHeight = 17;
    box.style.height = (depth * rowHeight + 2) + 'px';
    function draw(node, x, level, w) {
      if (w < 1) { return; }
      var cls = node.frame ? (isLibrary(node.frame) ? 'lib' : 'app') : 'root';
      var div = el('div', { 'class': 'frame ' + cls, title: node.name + ' — ' + node.count + ' threads' },
        w > 30 ? node.name : '');
      div.style.left = x + 'px';
      div.style.top = (level * rowHeight) + 'px';
      div.style.width = w + 'px';
      box.appendChild(div);
      var offset = x;
      Object.keys(node.children).map(function (k) { return node.children[k]; })
        .sort(function (a, b) { return b.count - a.count; })
        .forEach(function (child) {
          var cw = w * child.count / node.count;
          draw(child, offset, level + 1, cw);
          offset += cw;
        });
    }
    draw(rootNode, 0, 0, width);
  }

  function diffRows(before, after) {
    var old = {};
    before.groups.forEach(function (g) { old[groupKey(g)] = g; });
    var changes = [];
    after.groups.forEach(function (g) {
      var k = groupKey(g);
      var delta = g.count - (old[k] ? old[k].count : 0);
      if (delta !== 0) { changes.push({ delta: delta, group: g }); }
      delete old[k];
    });
    Object.keys(old).forEach(function (k) { changes.push({ delta: -old[k].count, group: old[k] }); });
    return changes.sort(function (a, b) {
      return (a.delta < 0) - (b.delta < 0) || Math.abs(b.delta) - Math.abs(a.delta);
    });
  }
  function renderDiff() {
    var section = document.getElementById('diff-section');
    section.hidden = !state.baseline;
    document.getElementById('clear-baseline').disabled = !state.baseline;
    if (!state.baseline || !state.profile) { return; }
    var b = state.baseline, p = state.profile;
    var d = p.total - b.total;
    document.getElementById('diff-label').textContent =
      'total ' + b.total + ' -> ' + p.total + ' (' + (d > 0 ? '+' : '') + d + ')';
    fill(document.getElementById('diff'), diffRows(b, p).map(function (c) {
      var g = c.group;
      var tr = row([(c.delta > 0 ? '+' : '') + c.delta, g.state + (g.virtual ? ' virtual' : ''), label(g),
        shortFrame(topAppFrame(g.frames))], c.delta > 0 ? 'grew' : 'shrank');
      tr.title = g.frames.map(frameText).join('\n');
      return tr;
    }));
  }

  function renderChart() {
    var svg = document.getElementById('chart');
    var h = state.history;
    svg.textContent = '';
    if (!h.length) { return; }
    var min = Math.min.apply(null, h.map(function (s) { return s.total; }));
    var max = Math.max.apply(null, h.map(function (s) { return s.total; }));
    var lo = Math.max(0, min - 5), hi = max + 5;
    var n = Math.max(h.length - 1, 1);
    var points = h.map(function (s, i) {
      return (600 * i / n).toFixed(1) + ',' + (135 - 130 * (s.total - lo) / (hi - lo)).toFixed(1);
    }).join(' ');
    var ns = 'http://www.w3.org/2000/svg';
    var line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', points);
    svg.appendChild(line);
    var text = document.createElementNS(ns, 'text');
    text.setAttribute('x', 4);
    text.setAttribute('y', 12);
    text.textContent = 'max ' + max + '  min ' + min;
    svg.appendChild(text);
    document.getElementById('watch-label').textContent =
      'now ' + h[h.length - 1].total + ' (from ' + h[0].total + ', ' + h.length + ' samples, every second)';
  }

  function load() {
    var started = performance.now();
    var answered;
    return fetch(base + '?format=json', { cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error('GET ' + base + '?format=json answered ' + r.status); }
      answered = performance.now();
      return r.json();
    }).then(function (p) {
      p = withGroupFrames(p);
      state.profile = p;
      document.getElementById('status').textContent = 'total ' + p.total + ' threads in ' + p.groups.length +
        ' groups, captured ' + p.capturedAt + (p.process && p.process.source ? ' (' + p.process.source + ')' : '');
      renderGroups(p);
      renderTop(p);
      renderFlame(p);
      renderDiff();
      document.body.setAttribute('data-loaded', String(Date.now()));
      // ms from navigation start to the first profile drawn (what a reader waits for), and of the
      // last load: the server's answer, then the page's own work (parse and draw).
      var drawn = performance.now();
      if (state.firstPaintMillis === undefined) { state.firstPaintMillis = drawn; }
      state.lastLoad = { fetchMillis: answered - started, drawMillis: drawn - answered };
      return p;
    }).catch(function (e) {
      document.getElementById('status').textContent = 'error: ' + e.message;
    });
  }

  function poll() {
    fetch(base + '/summary', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
      state.history.push({ time: s.time, total: s.total });
      if (state.history.length > HISTORY_LIMIT) { state.history.shift(); }
      renderChart();
    }).catch(function () { /* the server may be restarting: the next poll tries again */ });
  }

  document.getElementById('refresh').addEventListener('click', load);
  document.getElementById('set-baseline').addEventListener('click', function () {
    load().then(function (p) { if (p) { state.baseline = p; renderDiff(); } });
  });
  document.getElementById('clear-baseline').addEventListener('click', function () {
    state.baseline = null;
    renderDiff();
  });
  document.querySelectorAll('#top th').forEach(function (th) {
    th.addEventListener('click', function () {
      state.topSort = th.getAttribute('data-key');
      if (state.profile) { renderTop(state.profile); }
    });
  });
  load();
  poll();
  setInterval(poll, 1000);
}());
