// threadprof web view: it draws, Java answers. It asks <threads>/ui/view for the thread profile's view; with a
// baseline, or for the block, mutex and pinned profiles (<block>?format=json, …, cumulative or &seconds=N), it
// fetches the profile and posts it (or a file it opened; the baseline) to <threads>/ui/view (web.ProfileView):
// groups, waits, top rows, flame tree, diff, units and application frames are all Java's. The thread total
// is polled from <threads>/summary. The page's own query picks the view: ?profile=threads|block|mutex|pinned&seconds=N.
(function () {
  'use strict';
  var body = document.body;
  var VIEW = body.getAttribute('data-base') + '/ui/view';
  var KNOWN = ['threads', 'block', 'mutex', 'pinned'];
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
  function stackTitle(frames) { return frames.map(function (f) { return f.text; }).join('\n'); }

  function renderGroups(v) {
    fill(document.getElementById('groups'), v.groups.map(function (g) {
      var tr = row([g.count, g.state, g.names, g.app]);
      tr.title = stackTitle(g.frames);
      return tr;
    }));
  }
  // The wait-for graph as Java answers it: one ordered list a cycle, an arrow from each thread to its lock's holder.
  function renderDeadlocks(v) {
    var box = document.getElementById('deadlocks');
    box.textContent = '';
    document.getElementById('deadlocks-section').hidden = v.deadlocks.length === 0;
    v.deadlocks.forEach(function (cycle) {
      box.appendChild(el('h3', {}, cycle.heading));
      var list = el('ol', { 'class': 'cycle' });
      cycle.edges.forEach(function (e) {
        var item = el('li');
        item.appendChild(el('span', { 'class': 'thread' }, e.thread));
        item.appendChild(el('span', { 'class': 'arrow' }, ' \u2014 waits for ' + e.waitsFor + ' \u2192 '));
        item.appendChild(el('span', { 'class': 'thread' }, e.holderThread));
        item.appendChild(el('div', { 'class': 'holder' }, e.holder));
        list.appendChild(item);
      });
      list.appendChild(el('li', { 'class': 'back' }, '\u21BA back to ' + cycle.edges[0].thread));
      box.appendChild(list);
    });
  }
  function renderDiff() {
    var v = state.profile;
    var section = document.getElementById('diff-section');
    section.hidden = !state.baseline || !v || !v.diff;
    document.getElementById('clear-baseline').disabled = !state.baseline;
    if (section.hidden) { return; }
    document.getElementById('diff-label').textContent = v.diff.label;
    fill(document.getElementById('diff'), v.diff.rows.map(function (c) {
      var tr = row([c.delta, c.state, c.names, c.app], c.grew ? 'grew' : 'shrank');
      tr.title = stackTitle(c.frames);
      return tr;
    }));
  }
  // Java gives the rows by flat; a click on a column's head sorts by it (largest first, the function by name).
  function renderTop(top) {
    var key = state.topSort;
    var rows = top.rows.slice().sort(function (a, b) {
      return key === 'fn' ? (a['function'] < b['function'] ? -1 : 1) : b[key.replace('Pct', '')] - a[key.replace('Pct', '')];
    });
    fill(document.getElementById('top'), rows.map(function (r) {
      return row([{ num: r.flatText }, r.flatPct, { num: r.cumText }, r.cumPct, r['function']]);
    }));
    document.querySelectorAll('#top th').forEach(function (th) {
      th.classList.toggle('sorted', th.getAttribute('data-key') === key);
    });
  }
  // The icicle Java built: each node as wide as its weight's share of its parent's.
  function renderFlame(root) {
    var box = document.getElementById('flame');
    box.textContent = '';
    var width = box.clientWidth || 1000;
    var rowHeight = 17;
    var depth = 0;
    function draw(node, x, level, span) {
      if (span < 1) { return; }
      depth = Math.max(depth, level + 1);
      var cls = node.app === null ? 'root' : node.app ? 'app' : 'lib';
      var div = el('div', { 'class': 'frame ' + cls, title: node.title }, span > 30 ? node.name : '');
      div.style.left = x + 'px';
      div.style.top = (level * rowHeight) + 'px';
      div.style.width = span + 'px';
      box.appendChild(div);
      var offset = x;
      node.children.forEach(function (child) {
        var childWidth = node.weight ? span * child.weight / node.weight : 0;
        draw(child, offset, level + 1, childWidth);
        offset += childWidth;
      });
    }
    draw(root, 0, 0, width);
    box.style.height = (depth * rowHeight + 2) + 'px';
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

  // Two rows a wait: its cells, then its stack (application frames marked), shown for the first wait; a click on
  // a wait's row shows or hides its stack. Where the stack has no application frame, Java gives its innermost one.
  function renderWaits(v) {
    var rows = [];
    v.waits.forEach(function (w, index) {
      var tr = row([{ num: w.delay }, w.delayPct, w.contentions, w.event, w.lock, w.others, w.app], 'wait');
      if (!w.hasApp) {
        tr.lastChild.className = 'none';
        tr.lastChild.title = 'no application frame on this stack: its innermost frame';
      }
      var stack = el('ol');
      w.frames.forEach(function (f) { stack.appendChild(el('li', { 'class': f.app ? 'app' : 'lib' }, f.text)); });
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
  function show(v) {
    document.getElementById('status').textContent = v.status;
    if (v.view === 'threads') {
      state.profile = v;
      renderDeadlocks(v);
      renderGroups(v);
      renderDiff();
    } else {
      state.contention = v;
      var notice = document.getElementById('not-recording');
      notice.hidden = v.notice === null;
      notice.textContent = v.notice || '';
      renderWaits(v);
    }
    renderTop(v.top);
    renderFlame(v.flame);
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
  // A refused request's message: the "error" of the JSON body every server of the view answers with (ErrorJson),
  // after the request it refused, or alone for Java's answer about a posted profile.
  function refused(what, response) {
    return response.json().catch(function () { return {}; }).then(function (json) {
      var message = json.error || '';
      throw new Error(what ? what + ' answered ' + response.status + (message ? ': ' + message : '') : message);
    });
  }
  // Java's view of a profile document (and of the baseline's, for the diff); file names a file the page opened.
  function view(text, baseText, file) {
    var url = VIEW + (file ? '?file=' + encodeURIComponent(file) : '');
    var request = '{"profile":' + text + ',"base":' + (baseText || 'null') + '}';
    return fetch(url, { method: 'POST', body: request, headers: { 'Content-Type': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : refused(null, r); });
  }

  function setView(name, seconds) {
    state.view = name;
    state.seconds = seconds;
    body.setAttribute('data-view', name);
    document.getElementById('profile').value = name;
    var windowSelect = document.getElementById('window');
    var listed = Array.prototype.some.call(windowSelect.options, function (o) { return o.value === seconds; });
    if (name !== 'threads' && !listed) {
      windowSelect.appendChild(el('option', { value: seconds }, 'next ' + seconds + ' s'));
    }
    if (name !== 'threads') { windowSelect.value = seconds; }
    document.querySelectorAll('.weight').forEach(function (span) { span.textContent = name === 'threads' ? 'threads' : 'delay'; });
  }
  // The view the page's query asks for; an error message for a profile the page cannot show.
  function viewFromQuery() {
    var query = new URLSearchParams(location.search);
    var available = KNOWN.filter(function (name) { return PATHS[name]; });
    var name = query.get('profile') || (PATHS.threads ? 'threads' : available[0]);
    var seconds = query.has('seconds') ? query.get('seconds') : '';
    if (KNOWN.indexOf(name) < 0) {
      return { view: available[0], seconds: '', error: 'unknown profile "' + name + '" in ?profile=: this page shows '
        + 'threads, block, mutex or pinned' };
    }
    if (!PATHS[name]) {
      return { view: available[0], seconds: '', error: 'no ' + name + ' profile here: this page serves '
        + available.join(' and ') + ' only (threadprof web FILE serves the one profile the file holds; '
        + 'give it a server URL to switch between threads, block, mutex and pinned)' };
    }
    return { view: name, seconds: seconds };
  }
  function updateQuery() {
    var query = new URLSearchParams(location.search);
    query.set('profile', state.view);
    if (state.view !== 'threads' && state.seconds !== '') { query.set('seconds', state.seconds); } else { query.delete('seconds'); }
    history.replaceState(null, '', location.pathname + '?' + query.toString());
  }

  function load() {
    var token = ++state.loads;
    var name = state.view;
    state.file = null;
    var url = PATHS[name] + '?format=json' + (name !== 'threads' && state.seconds !== '' ? '&seconds=' + encodeURIComponent(state.seconds) : '');
    if (name !== 'threads' && state.seconds !== '') {
      document.getElementById('status').textContent = 'recording the ' + name + ' profile of the next ' + state.seconds + ' s…';
    }
    var started = performance.now();
    var answered;
    // The thread profile without a baseline: Java captures and answers the view at once (GET <threads>/ui/view),
    // the page never holds the whole profile. Else the page fetches the profile and posts it (with the baseline).
    var direct = name === 'threads' && !state.baseline;
    return fetch(direct ? VIEW : url, { cache: 'no-store' }).then(function (r) {
      return r.ok ? (direct ? r.json() : r.text()) : refused('GET ' + (direct ? VIEW : url), r);
    }).then(function (answer) {
      answered = performance.now();
      return direct ? answer : view(answer, name === 'threads' ? state.baseline : null);
    }).then(function (v) {
      if (token !== state.loads) { return null; }
      show(v);
      clearError();
      // ms from navigation start to the first profile drawn, and of the last load: the server's answer, then
      // Java's view and the page's draw.
      var drawn = performance.now();
      if (state.firstPaintMillis === undefined) { state.firstPaintMillis = drawn; }
      state.lastLoad = { fetchMillis: answered - started, drawMillis: drawn - answered };
      body.setAttribute('data-loaded', String(Date.now()));
      return v;
    }).catch(function (e) {
      if (token === state.loads) { showError(e.message); }
      return null;
    });
  }

  // A saved profile opened in the page: Java reads it (threadprof/v2 or v1, threadprof-contention/v1) or says why not.
  function showFile(name, text) {
    var token = ++state.loads;
    view(text, null, name).then(function (v) {
      if (token !== state.loads) { return; }
      setView(v.view, '');
      show(v);
      state.file = name;
      clearError();
      body.setAttribute('data-loaded', String(Date.now()));
    }).catch(function (e) { showError(e.message); });
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
    var url = PATHS.threads + '?format=json';
    fetch(url, { cache: 'no-store' }).then(function (r) { return r.ok ? r.text() : refused('GET ' + url, r); })
      .then(function (text) { state.baseline = text; return load(); })
      .catch(function (e) { showError(e.message); });
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
      var shown = state.view === 'threads' ? state.profile : state.contention;
      if (shown) { renderTop(shown.top); }
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
