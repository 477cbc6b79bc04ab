'use strict';
// FracCluster operator pages: worklist (live over server-sent events), cluster and training. Plain DOM, no
// dependencies; everything is built with textContent so no server value is ever parsed as HTML.
(function () {
  const MAX_ROWS = 300;
  const state = {
    scans: new Map(),
    threshold: 0.5,
    selected: null,
    page: 'worklist',
    lastModels: new Map(),
    selectedRun: null,
  };

  // ---- helpers ---------------------------------------------------------------------------------------------------
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of [].concat(children || [])) {
      if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const $ = (id) => document.getElementById(id);
  const pct = (p) => (typeof p === 'number' ? (p * 100).toFixed(1) + ' %' : '—');
  const time = (t) => (t ? new Date(t).toLocaleTimeString() : '—');
  function latencyMs(s) {
    if (s.completedAt && s.receivedAt) return new Date(s.completedAt) - new Date(s.receivedAt);
    return null;
  }
  const ms = (v) => (typeof v === 'number' ? (v < 1000 ? Math.round(v) + ' ms' : (v / 1000).toFixed(2) + ' s') : '—');
  function duration(text) {
    // .NET TimeSpan JSON: "hh:mm:ss.fffffff" or "d.hh:mm:ss".
    if (!text) return '—';
    const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(text);
    if (!m) return text;
    const total = (+(m[1] || 0)) * 86400 + (+m[2]) * 3600 + (+m[3]) * 60 + (+m[4]);
    return total >= 3600 ? Math.floor(total / 3600) + ' h ' + Math.floor((total % 3600) / 60) + ' min'
      : total >= 60 ? Math.floor(total / 60) + ' min ' + (total % 60) + ' s' : total + ' s';
  }
  async function getJson(url) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401) { window.location.assign('/ui/login'); throw new Error('signed out'); }
    if (!response.ok) throw new Error(url + ': ' + response.status);
    return response.json();
  }
  function setLive(text, on) {
    const live = $('live');
    live.textContent = text;
    live.className = 'live ' + (on ? 'on' : 'off');
  }
  function replaceRows(tbody, rows) {
    tbody.replaceChildren(...rows);
  }

  // ---- navigation ------------------------------------------------------------------------------------------------
  const pages = ['worklist', 'cluster', 'training'];
  function showPage() {
    const wanted = (window.location.hash || '#worklist').slice(1);
    state.page = pages.includes(wanted) ? wanted : 'worklist';
    for (const p of pages) {
      $('page-' + p).hidden = p !== state.page;
      const link = $('nav-' + p);
      if (p === state.page) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
    }
    document.title = 'FracCluster — ' + state.page.charAt(0).toUpperCase() + state.page.slice(1);
    if (state.page === 'cluster') refreshCluster();
    if (state.page === 'training') refreshTraining();
  }
  window.addEventListener('hashchange', showPage);

  // ---- worklist --------------------------------------------------------------------------------------------------
  function merge(changes) {
    if (changes.reset) state.scans.clear();
    for (const scan of changes.scans) {
      state.scans.delete(scan.scanId); // re-inserted last: Map order is arrival of the latest change
      state.scans.set(scan.scanId, scan);
    }
    while (state.scans.size > MAX_ROWS * 3) state.scans.delete(state.scans.keys().next().value);
    scheduleRender();
  }

  let renderPending = false;
  function scheduleRender() {
    if (renderPending) return;
    renderPending = true;
    requestAnimationFrame(() => { renderPending = false; renderWorklist(); });
  }

  function thumb(scan) {
    return el('img', { class: 'thumb', src: '/ui/api/scans/' + encodeURIComponent(scan.scanId) + '/image?size=thumb', alt: '', loading: 'lazy', width: 44, height: 44 });
  }
  function statusBadge(scan) {
    return el('span', { class: 'badge ' + scan.status, text: scan.status });
  }
  function labelCell(scan) {
    return el('td', { class: scan.label === 'fractured' ? 'label-fractured' : null, text: scan.label || '—' });
  }
  function openButton(scan, context) {
    return el('button', {
      type: 'button', class: 'secondary', text: 'Open',
      'aria-label': 'Open scan from ' + scan.scannerId + ' received ' + time(scan.receivedAt) + (context ? ' (' + context + ')' : ''),
      onclick: () => openScan(scan.scanId),
    });
  }
  function rowFor(scan, cells) {
    const row = el('tr', { 'data-scan': scan.scanId, class: scan.scanId === state.selected ? 'selected' : null }, cells);
    row.addEventListener('click', (e) => { if (e.target.tagName !== 'BUTTON') openScan(scan.scanId); });
    return row;
  }

  function isFlagged(scan) {
    return scan.status === 'Completed' && typeof scan.probabilityFractured === 'number' && scan.probabilityFractured >= state.threshold;
  }

  function renderWorklist() {
    const all = Array.from(state.scans.values());
    // Scanner filter options: every scanner seen, kept sorted; the current choice survives re-rendering.
    const scannerSelect = $('filter-scanner');
    const known = new Set(Array.from(scannerSelect.options).map((o) => o.value));
    for (const id of Array.from(new Set(all.map((s) => s.scannerId))).sort()) {
      if (!known.has(id)) {
        const options = Array.from(scannerSelect.options).slice(1);
        const before = options.find((o) => o.value > id) || null;
        scannerSelect.insertBefore(el('option', { value: id, text: id }), before);
      }
    }
    const scanner = scannerSelect.value;
    const status = $('filter-status').value;
    const sort = $('sort').value;
    let rows = all.filter((s) => (!scanner || s.scannerId === scanner) && (!status || s.status === status));
    const newest = (a, b) => new Date(b.receivedAt) - new Date(a.receivedAt);
    rows.sort(sort === 'probability'
      ? (a, b) => ((b.probabilityFractured ?? -1) - (a.probabilityFractured ?? -1)) || newest(a, b)
      : newest);
    $('scan-count').textContent = '(' + rows.length + (rows.length > MAX_ROWS ? ', showing ' + MAX_ROWS : '') + ')';
    rows = rows.slice(0, MAX_ROWS);
    replaceRows($('scan-table').tBodies[0], rows.map((s) => rowFor(s, [
      el('td', {}, thumb(s)),
      el('td', { text: s.scannerId }),
      el('td', {}, [statusBadge(s), s.priority === 'Urgent' ? ' ' : null, s.priority === 'Urgent' ? el('span', { class: 'badge urgent', text: 'urgent' }) : null]),
      el('td', { class: 'num', text: pct(s.probabilityFractured) }),
      labelCell(s),
      el('td', { text: s.modelVersion || '—' }),
      el('td', { class: 'num', text: ms(latencyMs(s)) }),
      el('td', { text: time(s.receivedAt) }),
      el('td', {}, openButton(s)),
    ])));
    $('scan-empty').hidden = rows.length > 0;

    const flagged = all.filter(isFlagged).sort((a, b) =>
      ((b.priority === 'Urgent') - (a.priority === 'Urgent')) || (b.probabilityFractured - a.probabilityFractured) || newest(a, b));
    $('urgent-count').textContent = '(' + flagged.length + ')';
    $('urgent-hint').textContent = 'P(fractured) ≥ ' + pct(state.threshold) + ' (the high-sensitivity threshold); urgent-priority scans first.'
      + (flagged.length ? '' : ' None right now.');
    $('urgent-table').hidden = flagged.length === 0;
    replaceRows($('urgent-table').tBodies[0], flagged.slice(0, 50).map((s) => rowFor(s, [
      el('td', {}, thumb(s)),
      el('td', { text: s.scannerId }),
      el('td', {}, s.priority === 'Urgent' ? el('span', { class: 'badge urgent', text: 'urgent' }) : 'routine'),
      el('td', { class: 'num', text: pct(s.probabilityFractured) }),
      labelCell(s),
      el('td', { text: time(s.receivedAt) }),
      el('td', {}, openButton(s, 'fractured and urgent')),
    ])));
    if (state.selected && state.scans.has(state.selected)) renderRecord(state.scans.get(state.selected));
  }

  for (const id of ['filter-scanner', 'filter-status', 'sort']) $(id).addEventListener('change', renderWorklist);

  function connectWorklist() {
    const source = new EventSource('/ui/api/worklist/events');
    source.addEventListener('open', () => setLive('Live', true));
    source.addEventListener('changes', (e) => { setLive('Live', true); merge(JSON.parse(e.data)); });
    source.addEventListener('error', () => {
      setLive('Reconnecting…', false);
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the session ended with a 401): find out which, then start again.
        getJson('/ui/api/settings').then(() => setTimeout(connectWorklist, 2000)).catch(() => {});
      }
    });
  }

  // ---- scan detail -----------------------------------------------------------------------------------------------
  // The heatmap box is read defensively: the result may carry it as heatmapBox, box or heatmap.box, as
  // {x, y, width, height} or as corners ({left, top, right, bottom} / {x0, y0, x1, y1}), in original pixels.
  function boxOf(scan) {
    const raw = scan.heatmapBox || scan.box || (scan.heatmap && scan.heatmap.box) || null;
    if (!raw || typeof raw !== 'object') return null;
    const pick = (...names) => names.map((n) => raw[n]).find((v) => typeof v === 'number');
    const x = pick('x', 'left', 'x0', 'xMin'), y = pick('y', 'top', 'y0', 'yMin');
    let w = pick('width', 'w'), h = pick('height', 'h');
    const right = pick('right', 'x1', 'xMax'), bottom = pick('bottom', 'y1', 'yMax');
    if (w === undefined && right !== undefined && x !== undefined) w = right - x;
    if (h === undefined && bottom !== undefined && y !== undefined) h = bottom - y;
    if ([x, y, w, h].some((v) => typeof v !== 'number' || !isFinite(v)) || w <= 0 || h <= 0) return null;
    return { x, y, w, h };
  }

  function drawBox(frame, img, box, original) {
    frame.querySelectorAll('svg.box').forEach((n) => n.remove());
    if (!box || !original || !img.complete || !img.naturalWidth) return;
    const svgNs = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('class', 'box');
    svg.setAttribute('viewBox', '0 0 ' + original.width + ' ' + original.height);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Box where the model looked most');
    svg.style.left = img.offsetLeft + 'px';
    svg.style.top = img.offsetTop + 'px';
    svg.style.width = img.clientWidth + 'px';
    svg.style.height = img.clientHeight + 'px';
    const rect = document.createElementNS(svgNs, 'rect');
    for (const [k, v] of Object.entries({ x: box.x, y: box.y, width: box.w, height: box.h, fill: 'none', stroke: '#00e5ff', 'stroke-width': 3, 'vector-effect': 'non-scaling-stroke' })) rect.setAttribute(k, v);
    svg.append(rect);
    frame.append(svg);
  }

  let detailToken = 0;
  async function openScan(scanId) {
    state.selected = scanId;
    const token = ++detailToken;
    $('detail').hidden = false;
    document.querySelector('.split').classList.add('open');
    document.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
    document.querySelectorAll('tr[data-scan="' + CSS.escape(scanId) + '"]').forEach((r) => r.classList.add('selected'));
    const known = state.scans.get(scanId);
    if (known) renderRecord(known);
    $('detail-title').focus();

    const image = $('detail-image');
    const heatmap = $('detail-heatmap');
    image.removeAttribute('src');
    heatmap.removeAttribute('src');
    heatmap.hidden = false;
    $('heatmap-missing').hidden = true;
    $('heatmap-missing').textContent = 'No heatmap for this scan.';
    state.original = null;

    // The full record (the worklist entry may predate fields such as the box), then the image (its original size
    // comes in headers: the box is in original pixels, the preview is scaled), then the heatmap.
    let scan = known;
    try {
      scan = await getJson('/v1/scans/' + encodeURIComponent(scanId));
      if (token !== detailToken) return;
      renderRecord(scan);
    } catch (e) { /* keep the worklist's copy */ }
    let box = scan ? boxOf(scan) : null;
    $('box-note').textContent = box ? ' — box: ' + Math.round(box.x) + ', ' + Math.round(box.y) + ', ' + Math.round(box.w) + ' × ' + Math.round(box.h) + ' px' : '';

    try {
      const response = await fetch('/ui/api/scans/' + encodeURIComponent(scanId) + '/image', { credentials: 'same-origin' });
      if (token !== detailToken) return;
      if (response.ok) {
        state.original = { width: +response.headers.get('X-Image-Width'), height: +response.headers.get('X-Image-Height') };
        if (!state.original.width || !state.original.height) state.original = null;
        const url = URL.createObjectURL(await response.blob());
        image.onload = () => { drawBox($('image-frame'), image, box, state.original); URL.revokeObjectURL(url); };
        image.src = url;
      } else {
        image.alt = 'The image cannot be shown (' + response.status + ')';
      }
    } catch (e) { image.alt = 'The image could not be loaded'; }

    heatmap.onload = async () => {
      // A heatmap computed on demand (the scan was below the threshold) adds its box to the record only now.
      if (!box) {
        try {
          const again = await getJson('/v1/scans/' + encodeURIComponent(scanId));
          if (token !== detailToken) return;
          box = boxOf(again);
          if (box) {
            renderRecord(again);
            $('box-note').textContent = ' — box: ' + Math.round(box.x) + ', ' + Math.round(box.y) + ', ' + Math.round(box.w) + ' × ' + Math.round(box.h) + ' px';
            drawBox($('image-frame'), image, box, state.original);
          }
        } catch (e) { /* the overlay shows its own box */ }
      }
      drawBox($('heatmap-frame'), heatmap, box, state.original || { width: heatmap.naturalWidth, height: heatmap.naturalHeight });
    };
    heatmap.onerror = async () => {
      if (token !== detailToken) return;
      heatmap.hidden = true;
      $('heatmap-missing').hidden = false;
      // Tell "none for this scan" (404) from a failure, without showing the response body.
      try {
        const r = await fetch('/v1/scans/' + encodeURIComponent(scanId) + '/heatmap', { credentials: 'same-origin', cache: 'no-store' });
        const why = {
          409: 'No heatmap yet: the scan is not classified.',
          422: 'No heatmap: the scan was rejected or expired, or its model gives none.',
          410: 'No heatmap: the scan\'s image is no longer stored.',
        }[r.status];
        if (r.status !== 404) $('heatmap-missing').textContent = why || 'The heatmap could not be loaded (' + r.status + ').';
      } catch (e) { /* keep the default message */ }
    };
    heatmap.src = '/v1/scans/' + encodeURIComponent(scanId) + '/heatmap';
  }

  function renderRecord(scan) {
    $('detail-title').textContent = 'Scan from ' + scan.scannerId + ', ' + time(scan.receivedAt);
    const fields = [
      ['Scan id', scan.scanId], ['Scanner', scan.scannerId], ['Status', scan.status], ['Priority', scan.priority],
      ['P(fractured)', pct(scan.probabilityFractured)], ['Label', scan.label], ['Model version', scan.modelVersion],
      ['Reason', scan.reason], ['Message', scan.message], ['Queue', ms(scan.queueMilliseconds)], ['Compute (batch)', ms(scan.computeMilliseconds)],
      ['Latency', ms(latencyMs(scan))], ['Batch size', scan.batchSize || null], ['Served by', scan.servedBy],
      ['Received', scan.receivedAt ? new Date(scan.receivedAt).toLocaleString() : null],
      ['Completed', scan.completedAt ? new Date(scan.completedAt).toLocaleString() : null],
    ];
    const box = boxOf(scan);
    if (box) fields.push(['Heatmap box', Math.round(box.x) + ', ' + Math.round(box.y) + ' (' + Math.round(box.w) + ' × ' + Math.round(box.h) + ' px)']);
    $('detail-record').replaceChildren(...fields.filter(([, v]) => v !== null && v !== undefined && v !== '')
      .flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
  }

  $('detail-close').addEventListener('click', () => {
    const closed = state.selected;
    state.selected = null;
    detailToken++;
    $('detail').hidden = true;
    document.querySelector('.split').classList.remove('open');
    document.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
    const row = closed && document.querySelector('#scan-table tr[data-scan="' + CSS.escape(closed) + '"] button');
    if (row) row.focus();
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && state.selected) $('detail-close').click(); });
  window.addEventListener('resize', () => { if (state.selected) { const img = $('detail-image'); drawBox($('image-frame'), img, boxOf(state.scans.get(state.selected) || {}), state.original); } });

  // ---- cluster ---------------------------------------------------------------------------------------------------
  async function refreshCluster() {
    if (state.page !== 'cluster') return;
    let view;
    try { view = await getJson('/ui/api/cluster'); } catch (e) { $('cluster-summary').textContent = 'The cluster view is unavailable: ' + e.message; return; }
    const now = performance.now();
    const models = view.silos.flatMap((s) => s.serving.models);
    replaceRows($('silo-table').tBodies[0], view.silos.map((s) => el('tr', {}, [
      el('td', { text: s.serving.silo }),
      el('td', { class: 'num', text: s.load.admitted + ' / ' + s.load.capacity }),
      el('td', { class: 'num', text: s.serving.queuedUrgent }),
      el('td', { class: 'num', text: s.serving.queuedRoutine }),
      el('td', { class: 'num', text: s.serving.models.length }),
    ])));
    replaceRows($('model-table').tBodies[0], models.map((m) => {
      const before = state.lastModels.get(m.key);
      const rate = before && now > before.at ? ((m.imagesServed - before.served) * 1000) / (now - before.at) : null;
      state.lastModels.set(m.key, { at: now, served: m.imagesServed });
      return el('tr', {}, [
        el('td', { text: m.silo }), el('td', { text: m.device }), el('td', { text: m.ready ? 'yes' : 'no' }),
        el('td', { text: m.modelVersion || '—' }),
        el('td', { class: 'num', text: m.inFlightImages + ' (' + m.inFlightUrgentImages + ')' }),
        el('td', { class: 'num', text: m.imagesServed }),
        el('td', { class: 'num', text: rate === null ? '…' : rate.toFixed(1) }),
        el('td', { class: 'num', text: ms(m.fullBatchMilliseconds) }),
        el('td', { text: m.error || '' }),
      ]);
    }));
    const versions = Array.from(new Set(models.map((m) => m.modelVersion || 'none')));
    const queued = view.silos.reduce((n, s) => n + s.serving.queuedUrgent + s.serving.queuedRoutine, 0);
    $('cluster-summary').textContent = view.silos.length + ' silo(s), ' + models.length + ' model grain(s); queue depth ' + queued + '; '
      + (versions.length === 1 ? 'every grain runs model version ' + versions[0] + '.' : 'model versions differ between grains: ' + versions.join(', ') + '.')
      + ' This page is served by ' + view.servedBy + '.';
    const tally = (table, counts, emptyText) => replaceRows($(table).tBodies[0], Object.keys(counts).length
      ? Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => el('tr', {}, [el('td', { text: k }), el('td', { class: 'num', text: v })]))
      : [el('tr', {}, el('td', { colspan: 2, class: 'empty', text: emptyText }))]);
    tally('rejection-table', view.rejectionsByReason, 'None since the worklist started.');
    tally('refusal-table', view.refusalsOnThisSilo, 'None since this silo started.');
    $('refusal-silo').textContent = view.servedBy;
  }

  // ---- training --------------------------------------------------------------------------------------------------
  async function refreshTraining() {
    if (state.page !== 'training') return;
    let runs;
    try { runs = await getJson('/v1/training'); } catch (e) { return; }
    runs = runs.slice().reverse();
    $('run-empty').hidden = runs.length > 0;
    $('run-table').hidden = runs.length === 0;
    replaceRows($('run-table').tBodies[0], runs.map((r) => el('tr', { class: r.runId === state.selectedRun ? 'selected' : null }, [
      el('td', { text: r.request.name || r.runId }), el('td', { text: r.request.mode }), el('td', { text: r.phase }),
      el('td', { class: 'num', text: r.epoch + ' / ' + r.request.epochs }), el('td', { text: r.isFinal ? '—' : duration(r.eta) }),
      el('td', { class: 'num', text: r.shardsDone + ' / ' + r.shardsTotal }), el('td', { text: time(r.updatedAt) }),
      el('td', {}, el('button', { type: 'button', class: 'secondary', text: 'Open', 'aria-label': 'Open run ' + (r.request.name || r.runId), onclick: () => openRun(r.runId) })),
    ])));
    if (state.selectedRun) await renderRun(state.selectedRun, false);
  }

  async function openRun(runId) {
    state.selectedRun = runId;
    state.reportFor = null;
    $('run').hidden = false;
    await renderRun(runId, true);
    $('run-title').focus();
  }

  async function renderRun(runId, fresh) {
    let run;
    try { run = await getJson('/v1/training/' + encodeURIComponent(runId)); } catch (e) { return; }
    $('run-title').textContent = 'Run ' + (run.request.name || run.runId);
    const facts = [
      ['Run id', run.runId], ['Phase', run.phase], ['Mode', run.request.mode], ['Data set', run.request.dataset],
      ['Epoch', run.epoch + ' of ' + run.request.epochs], ['ETA', run.isFinal ? '—' : duration(run.eta)],
      ['Best epoch', run.bestEpoch || '—'], ['Best validation accuracy', run.bestValidationAccuracy != null ? pct(run.bestValidationAccuracy) : '—'],
      ['Shards', run.shardsDone + ' of ' + run.shardsTotal + (run.shardsReassigned ? ' (' + run.shardsReassigned + ' reassigned)' : '')],
      ['Coordinator', run.coordinatorSilo || '—'], ['Error', run.error],
    ];
    $('run-facts').replaceChildren(...facts.filter(([, v]) => v !== null && v !== undefined && v !== '')
      .flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
    const history = run.history || [];
    lineChart($('loss-chart'), history.map((h) => h.epoch), [
      { name: 'train loss', values: history.map((h) => h.trainLoss), colour: '#0b5cad' },
      { name: 'validation loss', values: history.map((h) => h.validationLoss), colour: '#b42318' },
    ], null);
    lineChart($('auc-chart'), history.map((h) => h.epoch), [
      { name: 'validation ROC-AUC', values: history.map((h) => h.validationRocAuc), colour: '#1a7f37' },
      { name: 'validation accuracy', values: history.map((h) => h.validationAccuracy), colour: '#8a4b00' },
    ], [0, 1]);
    replaceRows($('share-table').tBodies[0], (run.siloShares || []).map((s) => el('tr', {}, [
      el('td', { text: s.silo }), el('td', { class: 'num', text: s.shards }), el('td', { class: 'num', text: s.images }),
    ])));
    if (fresh || state.reportFor !== runId) await loadReport(runId);
  }

  async function loadReport(runId) {
    const report = $('report');
    let keys;
    try { keys = await getJson('/v1/training/' + encodeURIComponent(runId) + '/artifacts'); } catch (e) { return; }
    const key = keys.includes('report.md') ? 'report.md' : keys.find((k) => k.endsWith('/report.md'));
    if (!key) return;
    const response = await fetch('/v1/training/' + encodeURIComponent(runId) + '/artifacts/' + key, { credentials: 'same-origin' });
    if (!response.ok) return;
    const base = '/v1/training/' + encodeURIComponent(runId) + '/artifacts/' + (key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : '');
    report.replaceChildren(...renderMarkdown(await response.text(), base));
    state.reportFor = runId;
  }

  // A small Markdown subset, enough for report.md: headings, paragraphs, lists, tables, images, links, bold, code.
  function renderMarkdown(text, base) {
    const resolve = (href) => (/^[a-z]+:|^\//i.test(href) ? href : base + href.split('/').map(encodeURIComponent).join('/'));
    function inline(s) {
      const out = [];
      const pattern = /!\[([^\]]*)\]\(([^)\s]+)\)|\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|`([^`]+)`/g;
      let last = 0, m;
      while ((m = pattern.exec(s))) {
        if (m.index > last) out.push(s.slice(last, m.index));
        if (m[2] !== undefined) out.push(el('img', { src: resolve(m[2]), alt: m[1] }));
        else if (m[4] !== undefined) out.push(/^(https?:|\/|[\w.-]+)/.test(m[4]) ? el('a', { href: resolve(m[4]) }, m[3]) : m[3]);
        else if (m[5] !== undefined) out.push(el('strong', { text: m[5] }));
        else out.push(el('code', { text: m[6] }));
        last = pattern.lastIndex;
      }
      if (last < s.length) out.push(s.slice(last));
      return out;
    }
    const lines = text.replace(/\r/g, '').split('\n');
    const blocks = [];
    for (let i = 0; i < lines.length;) {
      const line = lines[i];
      let m;
      if (!line.trim()) { i++; continue; }
      if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) { blocks.push(el('h' + Math.min(6, m[1].length + 2), {}, inline(m[2]))); i++; continue; }
      if (line.startsWith('```')) {
        const code = [];
        for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i]);
        i++;
        blocks.push(el('pre', {}, el('code', { text: code.join('\n') })));
        continue;
      }
      if (/^\s*\|/.test(line)) {
        const rows = [];
        for (; i < lines.length && /^\s*\|/.test(lines[i]); i++) rows.push(lines[i].trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim()));
        const body = rows.filter((r, n) => !(n === 1 && r.every((c) => /^:?-+:?$/.test(c))));
        const [head, ...rest] = body;
        blocks.push(el('table', {}, [
          el('thead', {}, el('tr', {}, head.map((c) => el('th', { scope: 'col' }, inline(c))))),
          el('tbody', {}, rest.map((r) => el('tr', {}, r.map((c) => el('td', {}, inline(c)))))),
        ]));
        continue;
      }
      if (/^\s*[-*]\s+/.test(line)) {
        const items = [];
        for (; i < lines.length && /^\s*[-*]\s+/.test(lines[i]); i++) items.push(el('li', {}, inline(lines[i].replace(/^\s*[-*]\s+/, ''))));
        blocks.push(el('ul', {}, items));
        continue;
      }
      const para = [];
      for (; i < lines.length && lines[i].trim() && !/^(#{1,6}\s|```|\s*\||\s*[-*]\s)/.test(lines[i]); i++) para.push(lines[i]);
      blocks.push(el('p', {}, inline(para.join(' '))));
    }
    return blocks;
  }

  function lineChart(container, xs, series, fixedRange) {
    const svgNs = 'http://www.w3.org/2000/svg';
    const W = 600, H = 220, L = 60, R = 12, T = 12, B = 40;
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('role', 'img');
    const add = (tag, attrs, text) => {
      const n = document.createElementNS(svgNs, tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      if (text !== undefined) n.textContent = text;
      svg.append(n);
      return n;
    };
    const values = series.flatMap((s) => s.values).filter((v) => typeof v === 'number' && isFinite(v));
    svg.setAttribute('aria-label', series.map((s) => s.name).join(' and ') + (xs.length ? ' over ' + xs.length + ' epoch(s)' : ': no epoch finished yet'));
    if (!xs.length || !values.length) {
      add('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'No epoch finished yet');
      container.replaceChildren(svg);
      return;
    }
    let [lo, hi] = fixedRange || [Math.min(...values), Math.max(...values)];
    if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
    const x0 = Math.min(...xs), x1 = Math.max(...xs);
    const px = (x) => L + (x1 === x0 ? (W - L - R) / 2 : ((x - x0) / (x1 - x0)) * (W - L - R));
    const py = (y) => T + (1 - (y - lo) / (hi - lo)) * (H - T - B);
    add('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#6b7280' });
    add('line', { x1: L, y1: T, x2: L, y2: H - B, stroke: '#6b7280' });
    // Enough decimals that the three labels differ: losses of a barely learning run differ in the fourth place.
    const decimals = Math.min(6, Math.max(2, Math.ceil(-Math.log10(hi - lo)) + 1));
    for (const t of [lo, (lo + hi) / 2, hi]) add('text', { x: L - 4, y: py(t) + 4, 'text-anchor': 'end' }, t.toFixed(decimals));
    for (const x of [x0, x1]) add('text', { x: px(x), y: H - B + 14, 'text-anchor': 'middle' }, 'epoch ' + x);
    series.forEach((s, n) => {
      const points = xs.map((x, i) => [x, s.values[i]]).filter(([, v]) => typeof v === 'number' && isFinite(v));
      add('polyline', { points: points.map(([x, v]) => px(x) + ',' + py(v)).join(' '), fill: 'none', stroke: s.colour, 'stroke-width': 2 });
      for (const [x, v] of points) add('circle', { cx: px(x), cy: py(v), r: 3, fill: s.colour });
      add('rect', { x: L + n * 170, y: H - 16, width: 12, height: 4, fill: s.colour });
      add('text', { x: L + n * 170 + 16, y: H - 11 }, s.name);
    });
    container.replaceChildren(svg);
  }

  // ---- start -----------------------------------------------------------------------------------------------------
  getJson('/ui/api/settings').then((settings) => {
    state.threshold = settings.highSensitivityThreshold;
    showPage();
    connectWorklist();
    scheduleRender();
  }).catch(() => {});
  setInterval(refreshCluster, 2000);
  setInterval(refreshTraining, 3000);
})();
