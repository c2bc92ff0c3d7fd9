// NutSharp's live status page. Plain JavaScript, no framework, nothing fetched from elsewhere.
// The server pushes every change as server-sent events (/events): "device" (a device in full),
// "update" (changed variables), "removed". Charts start from /history.json and grow with the events.
'use strict';

(function () {
  const UPS_FIGURES = [
    { label: 'Charge', vars: ['battery.charge'], unit: '%' },
    { label: 'Runtime', vars: ['battery.runtime'], format: duration },
    { label: 'Load', vars: ['ups.load'], unit: '%' },
    { label: 'Input', vars: ['input.voltage', 'input.frequency'], units: ['V', 'Hz'] },
    { label: 'Output', vars: ['output.voltage', 'output.frequency'], units: ['V', 'Hz'] },
    { label: 'Battery voltage', vars: ['battery.voltage'], unit: 'V' },
  ];
  const METER_FIGURES = [
    { label: 'Power', vars: ['input.power'], unit: 'VA' },
    { label: 'Current', vars: ['input.current'], unit: 'A' },
    { label: 'Load', vars: ['ups.load'], unit: '%' },
    { label: 'Voltage', vars: ['input.voltage'], unit: 'V' },
  ];
  const CHARTS = {
    ups: [['battery.charge', 'Charge', '%'], ['ups.load', 'Load', '%'], ['input.voltage', 'Input voltage', 'V'], ['battery.runtime', 'Runtime', 's']],
    meter: [['input.power', 'Power', 'VA'], ['input.current', 'Current', 'A'], ['ups.load', 'Load', '%'], ['input.voltage', 'Voltage', 'V']],
  };
  const CHARTED = new Set(['battery.charge', 'ups.load', 'input.voltage', 'battery.runtime', 'input.power', 'input.current']);

  const devices = new Map(); // name -> { data, vars: Map, el, history }
  const main = document.getElementById('devices');
  let session = JSON.parse(sessionStorage.getItem('nutsharp.session') || 'null');

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) for (const [k, v] of Object.entries(props)) {
      if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k in e) e[k] = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  function duration(value) {
    const s = Number(value);
    if (!Number.isFinite(s)) return value;
    if (s < 60) return s + ' s';
    const m = Math.floor(s / 60), rest = Math.round(s % 60);
    if (m < 60) return m + ' min' + (rest ? ' ' + rest + ' s' : '');
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  // ------------------------------------------------------------------ device cards

  function card(name) {
    let d = devices.get(name);
    if (d) return d;
    const root = el('section', { className: 'device', dataset: { device: name } });
    root.append(
      el('h2', { className: 'name', textContent: name }),
      el('p', { className: 'description' }),
      el('p', { className: 'status', dataset: { severity: 'warning' }, textContent: '…' }),
      el('dl', { className: 'figures' }),
      el('div', { className: 'charts' }),
      el('details', { className: 'commands-box', hidden: true },
        el('summary', { textContent: 'Commands' }), el('div', { className: 'commands' })),
      el('p', { className: 'result', role: 'status' }),
      el('details', { className: 'variables' },
        el('summary', { textContent: 'All variables' }), el('table', null, el('tbody'))));
    d = { data: null, vars: new Map(), el: root, history: null, kind: null };
    devices.set(name, d);
    const empty = document.getElementById('no-device');
    if (empty) empty.remove();
    main.append(root);
    loadHistory(d, name);
    return d;
  }

  function q(d, selector) { return d.el.querySelector(selector); }

  function showDevice(data) {
    const d = card(data.name);
    const seen = d.data !== null;
    d.data = data;
    d.vars = new Map(data.vars.map(v => [v.name, v]));
    q(d, '.description').textContent = data.description || '';
    if (d.kind !== data.kind) { d.kind = data.kind; drawCharts(d); }
    showState(d, data);
    showFigures(d);
    showVariables(d);
    showCommands(d);
    // A link or FSD change resends the device: the chart breaks (or resumes) its line there.
    if (seen) addPoint(d, data.time, data.link === 'online');
  }

  function showState(d, state) {
    const status = q(d, '.status');
    status.textContent = state.status.text;
    status.dataset.severity = state.status.severity;
    d.el.dataset.link = state.link;
  }

  function showUpdate(update) {
    const d = devices.get(update.name);
    if (!d || !d.data) return;
    showState(d, update);
    let charted = false;
    for (const [name, value] of Object.entries(update.set)) {
      const v = d.vars.get(name);
      if (v) v.value = value; else d.vars.set(name, { name, value, writable: false, type: 'NUMBER' });
      if (v) updateRow(d, name); else showVariables(d);
      if (CHARTED.has(name)) charted = true;
    }
    for (const name of update.unset) {
      d.vars.delete(name);
      if (CHARTED.has(name)) charted = true;
    }
    if (update.unset.length) showVariables(d);
    if (charted) addPoint(d, update.time, update.link === 'online');
    showFigures(d);
  }

  function showFigures(d) {
    const box = q(d, '.figures');
    box.replaceChildren();
    for (const f of d.kind === 'meter' ? METER_FIGURES : UPS_FIGURES) {
      const parts = [];
      f.vars.forEach((name, i) => {
        const v = d.vars.get(name);
        if (!v) return;
        const unit = f.units ? f.units[i] : f.unit;
        parts.push(f.format ? f.format(v.value) : v.value + (unit ? ' ' + unit : ''));
      });
      if (!parts.length) continue;
      box.append(el('div', { dataset: { figure: f.vars[0] } }, el('dt', { textContent: f.label }), el('dd', { textContent: parts.join(' · ') })));
    }
  }

  function showVariables(d) {
    const body = q(d, '.variables tbody');
    body.replaceChildren();
    for (const v of [...d.vars.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      body.append(el('tr', { dataset: { var: v.name } }, el('td', { textContent: v.name }), valueCell(d, v)));
    }
  }

  function updateRow(d, name) {
    const row = [...q(d, '.variables tbody').rows].find(r => r.dataset.var === name);
    if (!row) return showVariables(d);
    row.cells[1].replaceWith(valueCell(d, d.vars.get(name)));
    row.classList.remove('changed');
    void row.offsetWidth; // restart the highlight
    row.classList.add('changed');
  }

  function valueCell(d, v) {
    const cell = el('td', null, el('span', { className: 'value', textContent: v.value }));
    if (!v.writable || !session || !session.set) return cell;
    let input;
    if (v.enum) {
      input = el('select', { name: 'value' }, ...v.enum.map(e => el('option', { value: e, textContent: e, selected: e === v.value })));
    } else {
      input = el('input', { name: 'value', value: v.value });
      if (v.type === 'STRING' && v.length) input.maxLength = v.length;
    }
    const form = el('form', { className: 'set', dataset: { var: v.name } }, input, el('button', { type: 'submit', textContent: 'Set' }));
    form.addEventListener('submit', e => {
      e.preventDefault();
      write(d, `/api/v1/devices/${encodeURIComponent(d.data.name)}/var/${encodeURIComponent(v.name)}`, input.value, `${v.name} = ${input.value}`);
    });
    cell.append(form);
    return cell;
  }

  function showCommands(d) {
    const box = q(d, '.commands-box');
    const list = q(d, '.commands');
    list.replaceChildren();
    const allowed = session && (session.instcmds === 'all' ? null : new Set((session.instcmds || []).map(c => c.toLowerCase())));
    const commands = (d.data.commands || []).filter(c => !allowed || allowed.has(c.toLowerCase()));
    box.hidden = !session || commands.length === 0;
    if (box.hidden) return;
    for (const c of commands) {
      const b = el('button', { type: 'button', className: 'secondary', textContent: c, dataset: { command: c } });
      b.addEventListener('click', () => {
        if (!confirm(`Run ${c} on ${d.data.name}?`)) return;
        write(d, `/api/v1/devices/${encodeURIComponent(d.data.name)}/command/${encodeURIComponent(c)}`, '', c);
      });
      list.append(b);
    }
  }

  async function write(d, url, body, what) {
    const result = q(d, '.result');
    result.textContent = what + '…';
    delete result.dataset.ok;
    try {
      const r = await fetch(url, { method: 'POST', body, headers: { Authorization: session.auth, 'Content-Type': 'text/plain' } });
      let text = await r.text();
      try { const parsed = JSON.parse(text); if (typeof parsed === 'string') text = parsed; } catch { /* plain text */ }
      result.textContent = text || (r.ok ? what + ': done' : what + ': failed (' + r.status + ')');
      result.dataset.ok = String(r.ok);
    } catch (e) {
      result.textContent = what + ': ' + e.message;
      result.dataset.ok = 'false';
    }
  }

  // ------------------------------------------------------------------ charts (SVG, drawn by hand)

  async function loadHistory(d, name) {
    try {
      const r = await fetch('/history.json?ups=' + encodeURIComponent(name), { headers: session ? { Authorization: session.auth } : {} });
      if (!r.ok) return;
      const h = await r.json();
      d.history = { time: h.time, values: h.values };
      drawCharts(d);
    } catch { /* the charts fill from the events */ }
  }

  function addPoint(d, time, usable) {
    if (!d.history) d.history = { time: [], values: {} };
    const h = d.history;
    h.time.push(time);
    for (const name of CHARTED) {
      const v = d.vars.get(name);
      const n = usable && v ? Number(v.value) : NaN;
      (h.values[name] = h.values[name] || new Array(h.time.length - 1).fill(null)).push(Number.isFinite(n) ? n : null);
    }
    drawCharts(d);
  }

  function drawCharts(d) {
    const box = q(d, '.charts');
    box.replaceChildren();
    const h = d.history || { time: [], values: {} };
    const now = Date.now();
    for (const [name, label, unit] of CHARTS[d.kind === 'meter' ? 'meter' : 'ups']) {
      const values = h.values[name] || [];
      const points = [];
      h.time.forEach((t, i) => points.push([t, values[i] == null ? null : values[i]]));
      const known = points.filter(p => p[1] != null).map(p => p[1]);
      const last = known.length ? known[known.length - 1] : null;
      if (!known.length && !(d.vars && d.vars.has(name))) continue; // nothing to chart for this device
      const chart = el('div', { className: 'chart', dataset: { chart: name } },
        el('h3', null, el('span', { textContent: label }), el('span', { className: 'last', textContent: last == null ? '—' : last + ' ' + unit })));
      chart.append(svgFor(points, unit, now));
      const start = points.length ? new Date(points[0][0]) : null;
      chart.append(el('div', { className: 'axis' },
        el('span', { textContent: start ? start.toLocaleTimeString() : 'no data yet' }),
        el('span', { textContent: known.length ? `${Math.min(...known)}–${Math.max(...known)} ${unit}` : '' }),
        el('span', { textContent: 'now' })));
      box.append(chart);
    }
  }

  function svgFor(points, unit, now) {
    const NS = 'http://www.w3.org/2000/svg';
    const W = 300, H = 70;
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    const known = points.filter(p => p[1] != null);
    if (!known.length) return svg;
    const t0 = points[0][0], t1 = Math.max(now, points[points.length - 1][0] + 1);
    let lo = Math.min(...known.map(p => p[1])), hi = Math.max(...known.map(p => p[1]));
    if (unit === '%') { lo = Math.min(lo, 0); hi = Math.max(hi, 100); }
    if (hi === lo) { hi += 1; lo -= 1; }
    const x = t => ((t - t0) / (t1 - t0)) * W;
    const y = v => H - 3 - ((v - lo) / (hi - lo)) * (H - 6);
    // A sample holds until the next one: steps, broken where the data could not be trusted.
    let line = '', area = '', open = false, startX = 0, lastY = 0;
    points.forEach((p, i) => {
      const xe = x(i + 1 < points.length ? points[i + 1][0] : t1);
      if (p[1] == null) {
        if (open) area += `L${x(p[0]).toFixed(1)},${H}L${startX.toFixed(1)},${H}Z`;
        open = false;
        return;
      }
      const xs = x(p[0]), ys = y(p[1]);
      if (!open) { line += `M${xs.toFixed(1)},${ys.toFixed(1)}`; area += `M${xs.toFixed(1)},${ys.toFixed(1)}`; startX = xs; open = true; }
      else { line += `V${ys.toFixed(1)}`; area += `V${ys.toFixed(1)}`; }
      line += `H${xe.toFixed(1)}`; area += `H${xe.toFixed(1)}`;
      lastY = ys;
      if (i + 1 === points.length) area += `V${H}H${startX.toFixed(1)}Z`;
    });
    void lastY;
    for (const [cls, d] of [['area', area], ['plot', line]]) {
      const path = document.createElementNS(NS, 'path');
      path.setAttribute('class', cls);
      path.setAttribute('d', d);
      svg.append(path);
    }
    return svg;
  }

  // ------------------------------------------------------------------ login (HTTP Basic against upsd.users)

  function showSession() {
    document.getElementById('login').hidden = !!session;
    document.getElementById('session').hidden = !session;
    document.getElementById('session-user').textContent = session ? session.user : '';
    for (const d of devices.values()) if (d.data) { showVariables(d); showCommands(d); }
  }

  document.getElementById('login').addEventListener('submit', async e => {
    e.preventDefault();
    const user = document.getElementById('login-user').value;
    const password = document.getElementById('login-password').value;
    const auth = 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + password)));
    const error = document.getElementById('login-error');
    error.textContent = '';
    try {
      const r = await fetch('/session', { headers: { Authorization: auth } });
      if (!r.ok) { error.textContent = r.status === 401 ? 'wrong user or password' : 'login failed (' + r.status + ')'; return; }
      const who = await r.json();
      session = { user: who.user, set: who.set, instcmds: who.instcmds, auth };
      sessionStorage.setItem('nutsharp.session', JSON.stringify(session));
      document.getElementById('login-password').value = '';
      showSession();
    } catch (err) {
      error.textContent = err.message;
    }
  });

  document.getElementById('logout').addEventListener('click', () => {
    session = null;
    sessionStorage.removeItem('nutsharp.session');
    showSession();
  });

  // ------------------------------------------------------------------ the live feed

  const connection = document.getElementById('connection');
  const events = new EventSource('/events');
  events.onopen = () => { connection.dataset.state = 'live'; connection.textContent = 'live'; };
  events.onerror = () => { connection.dataset.state = 'lost'; connection.textContent = 'reconnecting'; };
  events.addEventListener('device', e => showDevice(JSON.parse(e.data)));
  events.addEventListener('update', e => showUpdate(JSON.parse(e.data)));
  events.addEventListener('removed', e => {
    const name = JSON.parse(e.data).name;
    const d = devices.get(name);
    if (d) { d.el.remove(); devices.delete(name); }
  });
  showSession();
})();
