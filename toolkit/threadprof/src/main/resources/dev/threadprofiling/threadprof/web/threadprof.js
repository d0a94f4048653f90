// threadprof web view. The thread profile: <threads>?format=json (schema threadprof/v2, or v1), with the
// thread total polled from <threads>/summary. The block, mutex and pinned profiles: <block>?format=json,
// <mutex>?format=json and <pinned>?format=json (schema threadprof-contention/v1), cumulative or &seconds=N.
// The page's own query picks the view: ?profile=threads|block|mutex|pinned&seconds=N.
(function () {
  'use strict';
  var body = document.body;
  var base = body.getAttribute('data-base');
  // model.ApplicationFrames.LIBRARY_PACKAGES, written into the page by WebAssets.page
  var LIBRARY = body.getAttribute('data-library-packages').split(',');
  var KNOWN = ['threads', 'block', 'mutex', 'pinned'];
  var CONTENTION_SCHEMA = 'threadprof-contention/v1';
  var THREAD_SCHEMAS = ['threadprof/v2', 'threadprof/v1'];
  var MONITOR_WAIT = 'jdk.JavaMonitorWait';
  var HISTORY_LIMIT = 600;
  // The profiles this page's server answers, by name: "threads=/debug/threads,block=/debug/block,…".
  var PATHS = {};
  body.getAttribute('data-profiles').split(',').forEach(function (entry) {
    var eq = entry.indexOf('=');
    if (eq > 0) { PATHS[entry.substring(0, eq)] = entry.substring(eq + 1); }
  });
  var state = { view: 'threads', seconds: '', profile: null, contention: null, baseline: null, history: [],
    topSort: 'flat', error: null, file: null, loads: 0 };
  window.threadprof = state;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function frameText(f) {
    var where = f.line === -2 ? 'Native Method' : f.file === null || f.file === undefined ? 'Unknown Source'
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
  // Nanoseconds as pprof and `threadprof top` print them: 4.32s, 250ms, 12us, 0.
  function delay(ns) {
    var magnitude = Math.abs(ns);
    var units = [[1e9, 's'], [1e6, 'ms'], [1e3, 'us']];
    for (var i = 0; i < units.length; i++) {
      if (magnitude >= units[i][0]) {
        return (ns / units[i][0]).toFixed(2).replace(/\.00$/, '') + units[i][1];
      }
    }
    return ns === 0 ? '0' : ns + 'ns';
  }
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
    var tbody = table.querySelector('tbody');
    tbody.textContent = '';
    rows.forEach(function (r) { tbody.appendChild(r); });
  }
  // A number, or {num: text} for a number shown formatted, is right-aligned.
  function row(cells, cls) {
    var tr = el('tr', cls ? { 'class': cls } : {});
    cells.forEach(function (c) {
      var numeric = typeof c === 'number' || (c !== null && typeof c === 'object');
      tr.appendChild(el('td', numeric ? { 'class': 'num' } : {}, String(numeric && typeof c === 'object' ? c.num : c)));
    });
    return tr;
  }

  // What the flame graph and the top table weigh: threads of a thread profile, delay of a contention one.
  function threadWeights(p) {
    return { groups: p.groups, total: p.total, weight: function (g) { return g.count; }, format: String,
      unit: 'threads', root: 'all threads' };
  }
  function delayWeights(c, groups) {
    return { groups: groups, total: c.delayNanos, weight: function (g) { return g.delayNanos; }, format: delay,
      unit: 'delay', root: 'all waits' };
  }

  function renderGroups(p) {
    fill(document.getElementById('groups'), p.groups.map(function (g) {
      var tr = row([g.count, g.state + (g.virtual ? ' virtual' : ''), g.names, shortFrame(topAppFrame(g.frames))]);
      tr.title = g.frames.map(frameText).join('\n');
      return tr;
    }));
  }

  function topRows(w) {
    var counts = {};
    w.groups.forEach(function (g) {
      if (!g.frames.length) { return; }
      var weight = w.weight(g);
      var top = fn(g.frames[0]);
      (counts[top] = counts[top] || { fn: top, flat: 0, cum: 0 }).flat += weight;
      var seen = {};
      g.frames.forEach(function (f) {
        var name = fn(f);
        if (seen[name]) { return; }
        seen[name] = true;
        (counts[name] = counts[name] || { fn: name, flat: 0, cum: 0 }).cum += weight;
      });
    });
    return Object.keys(counts).map(function (k) {
      var r = counts[k];
      r.flatPct = r.flat / w.total;
      r.cumPct = r.cum / w.total;
      return r;
    });
  }
  function renderTop(w) {
    var key = state.topSort;
    var rows = topRows(w).sort(function (a, b) {
      if (key === 'fn') { return a.fn < b.fn ? -1 : a.fn > b.fn ? 1 : 0; }
      var k = key === 'flatPct' ? 'flat' : key === 'cumPct' ? 'cum' : key;
      return b[k] - a[k] || (key === 'cum' || key === 'cumPct' ? b.flat - a.flat : b.cum - a.cum) || (a.fn < b.fn ? -1 : 1);
    });
    fill(document.getElementById('top'), rows.map(function (r) {
      return row([{ num: w.format(r.flat) }, pct(r.flat, w.total), { num: w.format(r.cum) }, pct(r.cum, w.total), r.fn]);
    }));
    document.querySelectorAll('#top th').forEach(function (th) {
      th.classList.toggle('sorted', th.getAttribute('data-key') === key);
    });
  }

  function renderFlame(w) {
    var rootNode = { name: w.root, weight: 0, children: {} };
    var depth = 0;
    w.groups.forEach(function (g) {
      var weight = w.weight(g);
      var node = rootNode;
      node.weight += weight;
      for (var i = g.frames.length - 1; i >= 0; i--) {
        var f = g.frames[i];
        var name = frameText(f);
        node = node.children[name] = node.children[name] || { name: name, frame: f, weight: 0, children: {} };
        node.weight += weight;
      }
      depth = Math.max(depth, g.frames.length + 1);
    });
    var box = document.getElementById('flame');
    box.textContent = '';
    var width = box.clientWidth || 1000;
    var rowHeight = 17;
    box.style.height = (depth * rowHeight + 2) + 'px';
    function draw(node, x, level, span) {
      if (span < 1) { return; }
      var cls = node.frame ? (isLibrary(node.frame) ? 'lib' : 'app') : 'root';
      var div = el('div', { 'class': 'frame ' + cls, title: node.name + ' — ' + w.format(node.weight) + ' ' + w.unit },
        span > 30 ? node.name : '');
      div.style.left = x + 'px';
      div.style.top = (level * rowHeight) + 'px';
      div.style.width = span + 'px';
      box.appendChild(div);
      var offset = x;
      Object.keys(node.children).map(function (k) { return node.children[k]; })
        .sort(function (a, b) { return b.weight - a.weight; })
        .forEach(function (child) {
          var childWidth = node.weight ? span * child.weight / node.weight : 0;
          draw(child, offset, level + 1, childWidth);
          offset += childWidth;
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
      var d = g.count - (old[k] ? old[k].count : 0);
      if (d !== 0) { changes.push({ delta: d, group: g }); }
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

  // Samples that differ only in the previous owner (or notifier) are one group, as in debug=1: a pinning's
  // reason (Java 24+) is part of the group, as its stack is.
  function contentionGroups(c) {
    var byKey = {};
    var groups = [];
    c.samples.forEach(function (s) {
      var key = s.event + '|' + (s.lock || '') + '|' + (s.reason || '') + '|' + s.frames.map(frameText).join('\n');
      var g = byKey[key];
      if (!g) {
        g = byKey[key] = { frames: s.frames, event: s.event, lock: s.lock || null, reason: s.reason || null, others: [],
          otherLabel: s.event === MONITOR_WAIT ? 'notifier' : 'owner', contentions: 0, delayNanos: 0 };
        groups.push(g);
      }
      g.contentions += s.contentions;
      g.delayNanos += s.delayNanos;
      var other = s.owner || s.notifier;
      if (other && g.others.indexOf(other) < 0) { g.others.push(other); }
    });
    return groups.sort(function (a, b) { return b.delayNanos - a.delayNanos || b.contentions - a.contentions; });
  }
  // The other threads, or for a pinning the reason it gives (debug=1's reason="…").
  function others(g) {
    if (g.reason) { return 'reason="' + g.reason + '"'; }
    if (!g.others.length) { return '-'; }
    var names = g.others.slice().sort();
    return g.otherLabel + '=' + names.slice(0, 3).join(', ') + (names.length > 3 ? ', … ' + (names.length - 3) + ' more' : '');
  }
  // Two rows a group: its numbers, labels and first application frame (the innermost frame, greyed, where
  // the stack has none), then its stack, shown for the first group; a click on a group's row shows or hides it.
  function renderWaits(c, groups) {
    var rows = [];
    groups.forEach(function (g, index) {
      var app = topAppFrame(g.frames);
      var tr = row([{ num: delay(g.delayNanos) }, pct(g.delayNanos, c.delayNanos), g.contentions, g.event,
        g.lock || '-', others(g), shortFrame(app || g.frames[0])], 'wait');
      if (!app) {
        tr.lastChild.className = 'none';
        tr.lastChild.title = 'no application frame on this stack: its innermost frame';
      }
      var stack = el('ol');
      g.frames.forEach(function (f) {
        stack.appendChild(el('li', { 'class': isLibrary(f) ? 'lib' : 'app' }, frameText(f)));
      });
      var cell = el('td', { colspan: '7' });
      cell.appendChild(stack);
      var stackRow = el('tr', { 'class': 'stack' });
      stackRow.appendChild(cell);
      stackRow.hidden = index !== 0;
      tr.classList.toggle('open', index === 0);
      tr.addEventListener('click', function () {
        stackRow.hidden = !stackRow.hidden;
        tr.classList.toggle('open', !stackRow.hidden);
      });
      rows.push(tr, stackRow);
    });
    fill(document.getElementById('waits'), rows);
  }
  function showContention(c, from) {
    var groups = contentionGroups(c);
    state.contention = c;
    state.contentionGroups = groups;
    // The profile's own summary (ContentionProfile.summary(), debug=1's first line): what it holds, or why it is
    // empty (not recorded on this server, or not available on this JVM).
    var summary = c.summary || c.profile + ' profile'; // a file saved before profiles carried their summary
    var notice = document.getElementById('not-recording');
    notice.hidden = c.recording;
    notice.textContent = c.recording ? '' : summary;
    document.getElementById('status').textContent = summary + ', ' + groups.length + ' stacks' + (from ? ' (' + from + ')' : '');
    renderWaits(c, groups);
    var w = delayWeights(c, groups);
    renderTop(w);
    renderFlame(w);
  }
  function showThreads(p, from) {
    state.profile = p;
    document.getElementById('status').textContent = 'total ' + p.total + ' threads in ' + p.groups.length +
      ' groups, captured ' + p.capturedAt + (from ? ' (' + from + ')'
        : p.process && p.process.source ? ' (' + p.process.source + ')' : '');
    renderGroups(p);
    var w = threadWeights(p);
    renderTop(w);
    renderFlame(w);
    renderDiff();
  }

  function showError(message) {
    state.error = message;
    var box = document.getElementById('error');
    box.textContent = message;
    box.hidden = false;
    document.getElementById('status').textContent = 'error';
    state.errors = (state.errors || 0) + 1;
    body.setAttribute('data-error', String(state.errors));
  }
  function clearError() {
    state.error = null;
    document.getElementById('error').hidden = true;
  }
  // A refused request's message: the "error" of the JSON body that HttpErrors writes, else the text.
  function refused(url, response) {
    return response.text().then(function (text) {
      var message = text.trim();
      try {
        var json = JSON.parse(text);
        if (json && typeof json.error === 'string') { message = json.error; }
      } catch (notJson) { /* the text itself */ }
      throw new Error('GET ' + url + ' answered ' + response.status + (message ? ': ' + message : ''));
    });
  }

  function setView(view, seconds) {
    state.view = view;
    state.seconds = seconds;
    body.setAttribute('data-view', view);
    document.getElementById('profile').value = view;
    var windowSelect = document.getElementById('window');
    var listed = Array.prototype.some.call(windowSelect.options, function (o) { return o.value === seconds; });
    if (view !== 'threads' && !listed) {
      windowSelect.appendChild(el('option', { value: seconds }, 'next ' + seconds + ' s'));
    }
    if (view !== 'threads') { windowSelect.value = seconds; }
    document.querySelectorAll('.weight').forEach(function (span) { span.textContent = view === 'threads' ? 'threads' : 'delay'; });
  }
  // The view the page's query asks for; an error message for a profile the page cannot show.
  function viewFromQuery() {
    var query = new URLSearchParams(location.search);
    var available = KNOWN.filter(function (name) { return PATHS[name]; });
    var view = query.get('profile') || (PATHS.threads ? 'threads' : available[0]);
    var seconds = query.has('seconds') ? query.get('seconds') : '';
    if (KNOWN.indexOf(view) < 0) {
      return { view: available[0], seconds: '', error: 'unknown profile "' + view + '" in ?profile=: this page shows '
        + 'threads, block, mutex or pinned' };
    }
    if (!PATHS[view]) {
      return { view: available[0], seconds: '', error: 'no ' + view + ' profile here: this page serves '
        + available.join(' and ') + ' only (threadprof web FILE serves the one profile the file holds; '
        + 'give it a server URL to switch between threads, block, mutex and pinned)' };
    }
    return { view: view, seconds: seconds };
  }
  function updateQuery() {
    var query = new URLSearchParams(location.search);
    query.set('profile', state.view);
    if (state.view !== 'threads' && state.seconds !== '') { query.set('seconds', state.seconds); } else { query.delete('seconds'); }
    history.replaceState(null, '', location.pathname + '?' + query.toString());
  }

  function loadThreads(token) {
    var started = performance.now();
    var answered;
    var url = PATHS.threads + '?format=json';
    return fetch(url, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) { return refused(url, r); }
      answered = performance.now();
      return r.json();
    }).then(function (p) {
      if (token !== state.loads) { return null; }
      if (THREAD_SCHEMAS.indexOf(p.schema) < 0) {
        throw new Error(url + ' is not a thread profile (schema ' + p.schema + ')');
      }
      showThreads(withGroupFrames(p));
      // ms from navigation start to the first profile drawn (what a reader waits for), and of the
      // last load: the server's answer, then the page's own work (parse and draw).
      var drawn = performance.now();
      if (state.firstPaintMillis === undefined) { state.firstPaintMillis = drawn; }
      state.lastLoad = { fetchMillis: answered - started, drawMillis: drawn - answered };
      return p;
    });
  }
  function loadContention(token) {
    var view = state.view;
    var url = PATHS[view] + '?format=json' + (state.seconds !== '' ? '&seconds=' + encodeURIComponent(state.seconds) : '');
    if (state.seconds !== '') {
      document.getElementById('status').textContent = 'recording the ' + view + ' profile of the next ' + state.seconds + ' s…';
    }
    return fetch(url, { cache: 'no-store' }).then(function (r) {
      return r.ok ? r.json() : refused(url, r);
    }).then(function (c) {
      if (token !== state.loads) { return null; }
      if (!c || c.schema !== CONTENTION_SCHEMA) {
        throw new Error(url + ' is not a ' + CONTENTION_SCHEMA + ' profile (schema ' + (c && c.schema) + ')');
      }
      showContention(c);
      return c;
    });
  }
  function load() {
    var token = ++state.loads;
    state.file = null;
    var loading = state.view === 'threads' ? loadThreads(token) : loadContention(token);
    return loading.then(function (p) {
      if (p && token === state.loads) {
        clearError();
        body.setAttribute('data-loaded', String(Date.now()));
      }
      return p;
    }).catch(function (e) {
      if (token === state.loads) { showError(e.message); }
      return null;
    });
  }

  // A saved profile opened in the page: a threadprof/v2 (or v1) or threadprof-contention/v1 document.
  function showFile(name, text) {
    state.loads++;
    var doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      doc = null;
    }
    var schema = doc && typeof doc === 'object' ? doc.schema : undefined;
    if (schema === CONTENTION_SCHEMA && (doc.profile === 'block' || doc.profile === 'mutex' || doc.profile === 'pinned') && Array.isArray(doc.samples)) {
      setView(doc.profile, '');
      showContention(doc, 'file ' + name);
    } else if (THREAD_SCHEMAS.indexOf(schema) >= 0 && Array.isArray(doc.groups)) {
      setView('threads', '');
      showThreads(withGroupFrames(doc), 'file ' + name);
    } else {
      showError('cannot open ' + name + ': ' + (doc ? 'its schema is ' + JSON.stringify(schema === undefined ? null : schema)
        : 'it is not JSON') + ', not a threadprof profile. Open a file saved from /debug/threads?format=json, '
        + '/debug/block, /debug/mutex or /debug/pinned with ?format=json (scripts/threadprof web FILE also reads jstack and jcmd dumps).');
      return;
    }
    state.file = name;
    clearError();
    body.setAttribute('data-loaded', String(Date.now()));
  }

  function poll() {
    fetch(PATHS.threads + '/summary', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
      state.history.push({ time: s.time, total: s.total });
      if (state.history.length > HISTORY_LIMIT) { state.history.shift(); }
      renderChart();
    }).catch(function () { /* the server may be restarting: the next poll tries again */ });
  }

  document.getElementById('refresh').addEventListener('click', load);
  document.getElementById('set-baseline').addEventListener('click', function () {
    load().then(function (p) { if (p && state.view === 'threads') { state.baseline = p; renderDiff(); } });
  });
  document.getElementById('clear-baseline').addEventListener('click', function () {
    state.baseline = null;
    renderDiff();
  });
  document.getElementById('profile').addEventListener('change', function (e) {
    setView(e.target.value, e.target.value === 'threads' ? '' : state.seconds);
    updateQuery();
    load();
  });
  document.getElementById('window').addEventListener('change', function (e) {
    setView(state.view, e.target.value);
    updateQuery();
    load();
  });
  document.getElementById('open-file').addEventListener('change', function (e) {
    var file = e.target.files[0];
    if (!file) { return; }
    var reader = new FileReader();
    reader.onload = function () { showFile(file.name, reader.result); };
    reader.onerror = function () { showError('cannot read ' + file.name + ': ' + reader.error); };
    reader.readAsText(file);
    e.target.value = '';
  });
  document.querySelectorAll('#top th').forEach(function (th) {
    th.addEventListener('click', function () {
      state.topSort = th.getAttribute('data-key');
      if (state.view === 'threads' && state.profile) { renderTop(threadWeights(state.profile)); }
      if (state.view !== 'threads' && state.contention) { renderTop(delayWeights(state.contention, state.contentionGroups)); }
    });
  });
  document.querySelectorAll('#profile option').forEach(function (option) {
    option.disabled = !PATHS[option.value];
  });

  var asked = viewFromQuery();
  setView(asked.view, asked.seconds);
  if (asked.error) {
    showError(asked.error);
  } else {
    load();
  }
  if (PATHS.threads) {
    poll();
    setInterval(poll, 1000);
  }
}());
