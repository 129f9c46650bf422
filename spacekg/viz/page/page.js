// spacekg network page: draws the graph on a canvas from the JSON in #graph-data.
// Positions come from Python (a seeded layout); here: pan, zoom, drag, search, details.
// Text from documents is only ever inserted with textContent or drawn on the canvas.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const nodes = data.nodes, edges = data.edges;
  const canvas = document.getElementById("graph");
  const ctx = canvas.getContext("2d");
  const $ = (id) => document.getElementById(id);
  const DASHES = { solid: [], dashed: [4, 3], dotted: [1.5, 2.5] };
  const lineOf = (e) => e.line || (e.relation === "concerns" ? "dashed" : "solid");
  const typeInfo = {};
  data.types.forEach((t) => { typeInfo[t.id] = t; });
  const hiddenTypes = new Set();
  const adjacency = nodes.map(() => []);
  edges.forEach((e, i) => { adjacency[e.s].push(i); adjacency[e.t].push(i); });
  nodes.forEach((n) => { n.r = 5 + 2.2 * Math.sqrt(n.degree); n.key = (n.label + " " + n.aliases.join(" ")).toLowerCase(); });

  const view = { scale: 1, x: 0, y: 0 };          // screen = world * scale + (x, y)
  const WORLD = 1000;                                // layout [0,1] -> world units
  let selected = data.focus, hovered = null, hoveredEdge = null, cluster = null, matches = null;
  let showClusters = true, showLabels = true, drawn = 0;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  // ------------------------------------------------------------ geometry
  function resize() {
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(canvas.clientWidth * dpr));
    canvas.height = Math.max(1, Math.round(canvas.clientHeight * dpr));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }
  function visible(n) { return !hiddenTypes.has(n.type); }
  function sx(n) { return n.x * WORLD * view.scale + view.x; }
  function sy(n) { return n.y * WORLD * view.scale + view.y; }
  function fit() {
    const shown = nodes.filter(visible);
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (!shown.length) { view.scale = 1; view.x = w / 2; view.y = h / 2; return; }
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    shown.forEach((n) => { x0 = Math.min(x0, n.x); y0 = Math.min(y0, n.y); x1 = Math.max(x1, n.x); y1 = Math.max(y1, n.y); });
    // Keep clear of the panels: beside them on a wide screen (controls left, details right when
    // open), between them on a narrow one (controls on top, details below); leave room for labels,
    // which run to the right of their nodes (or to the left when the right is taken).
    const wide = w > 700, pad = 30, labelRoom = Math.min(130, w * 0.12);
    const controls = $("controls").getBoundingClientRect(), details = $("details");
    const open = !details.hidden ? details.getBoundingClientRect() : null;
    let left = pad + labelRoom, right = w - pad - labelRoom, top = pad, bottom = h - pad;
    if (wide) {
      left = controls.right + 20 + labelRoom;
      if (open) right = open.left - 20 - labelRoom;
    } else {
      left = pad; right = w - pad - Math.min(90, w * 0.25);
      top = controls.bottom + 20;
      if (open) bottom = Math.min(bottom, open.top - 20);
    }
    if (bottom - top < 120) { top = pad; bottom = h - pad; }        // no room between the panels: use it all
    const spanX = Math.max((x1 - x0) * WORLD, 1), spanY = Math.max((y1 - y0) * WORLD, 1);
    const room = Math.max(right - left, 80), roomY = Math.max(bottom - top, 80);
    view.scale = Math.min(room / spanX, roomY / spanY, 4);
    view.x = left + (room - spanX * view.scale) / 2 - x0 * WORLD * view.scale;
    view.y = top + (roomY - spanY * view.scale) / 2 - y0 * WORLD * view.scale;
  }
  function zoomAt(factor, px, py) {
    const s = Math.min(Math.max(view.scale * factor, 0.02), 40);
    view.x = px - (px - view.x) * (s / view.scale);
    view.y = py - (py - view.y) * (s / view.scale);
    view.scale = s;
    draw();
  }
  function edgeAt(px, py) {
    // The edge passing within 4 px of the pointer (the closest), or null.
    let best = null, bestD = 16;
    edges.forEach((e, i) => {
      const a = nodes[e.s], b = nodes[e.t];
      if (!visible(a) || !visible(b)) return;
      const ax = sx(a), ay = sy(a), bx = sx(b), by = sy(b);
      const dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
      const t = len ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len)) : 0;
      const ex = ax + t * dx - px, ey = ay + t * dy - py, d = ex * ex + ey * ey;
      if (d < bestD) { bestD = d; best = i; }
    });
    return best;
  }
  function edgeText(e) {
    // "Orbit Kiln targets Water/Ice": the relation read from its subject.
    const verbs = data.relations[e.relation] || [e.relation, e.relation];
    const subject = e.subject === e.t ? e.t : e.s, other = subject === e.s ? e.t : e.s;
    return nodes[subject].label + " " + verbs[0] + " " + nodes[other].label;
  }
  function nodeAt(px, py) {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i];
      if (!visible(n)) continue;
      const dx = sx(n) - px, dy = sy(n) - py, r = Math.max(n.r, 6);
      if (dx * dx + dy * dy <= r * r) return i;
    }
    return null;
  }

  // ------------------------------------------------------------ drawing
  function hull(points) {                          // monotone chain convex hull
    if (points.length < 3) return points.slice();
    const p = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    const lower = [], upper = [];
    for (const q of p) { while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop(); lower.push(q); }
    for (let i = p.length - 1; i >= 0; i--) { const q = p[i]; while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop(); upper.push(q); }
    return lower.slice(0, -1).concat(upper.slice(0, -1));
  }
  function pale(hex, amount) {                    // `hex` mixed into the page background, opaque
    const bg = [251, 251, 248], c = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
    return "rgb(" + c.map((v, k) => Math.round(bg[k] + (v - bg[k]) * amount)).join(",") + ")";
  }
  function drawClusters() {
    // Opaque pale blobs (stroke and fill of the hull together), so nothing is darker where
    // the stroke and the fill overlap.
    data.communities.forEach((c) => {
      if (c.size < 2) return;
      const pts = nodes.filter((n) => n.community === c.id && visible(n)).map((n) => [sx(n), sy(n)]);
      if (pts.length < 2) return;
      const h = hull(pts);
      ctx.fillStyle = ctx.strokeStyle = pale(c.colour, cluster === null || cluster === c.id ? 0.2 : 0.07);
      ctx.lineJoin = "round"; ctx.lineCap = "round";
      ctx.lineWidth = 36;
      ctx.beginPath();
      h.forEach((q, i) => (i ? ctx.lineTo(q[0], q[1]) : ctx.moveTo(q[0], q[1])));
      ctx.closePath(); ctx.stroke(); ctx.fill();
    });
  }
  function emphasised() {
    // The nodes to bring forward: the selection and its neighbours, search matches, a cluster.
    if (selected !== null) {
      const s = new Set([selected]);
      adjacency[selected].forEach((ei) => { s.add(edges[ei].s); s.add(edges[ei].t); });
      return s;
    }
    if (matches) return matches;
    if (cluster !== null) return new Set(nodes.map((n, i) => (n.community === cluster ? i : -1)).filter((i) => i >= 0));
    return null;
  }
  function draw() {
    const w = canvas.clientWidth, h = canvas.clientHeight;
    ctx.clearRect(0, 0, w, h);
    if (showClusters) drawClusters();
    const hot = emphasised();
    ctx.lineWidth = 1.2;
    edges.forEach((e, i) => {
      const a = nodes[e.s], b = nodes[e.t];
      if (!visible(a) || !visible(b)) return;
      const on = i === hoveredEdge || (hot && hot.has(e.s) && hot.has(e.t) && (selected === null || e.s === selected || e.t === selected));
      ctx.strokeStyle = on ? "rgba(40,40,40,0.85)" : hot ? "rgba(150,150,150,0.15)" : "rgba(120,120,120,0.45)";
      ctx.lineWidth = i === hoveredEdge ? 2.5 : 1.2;
      ctx.setLineDash(DASHES[lineOf(e)] || []);
      ctx.beginPath(); ctx.moveTo(sx(a), sy(a)); ctx.lineTo(sx(b), sy(b)); ctx.stroke();
    });
    ctx.setLineDash([]);
    drawn = 0;
    const candidates = [], taken = [];
    nodes.forEach((n, i) => {
      if (!visible(n)) return;
      const x = sx(n), y = sy(n);
      ctx.globalAlpha = hot && !hot.has(i) ? 0.2 : 1;
      ctx.beginPath();
      if (typeInfo[n.type].square) { const a = n.r * 0.9; ctx.rect(x - a, y - a, 2 * a, 2 * a); }
      else if (typeInfo[n.type].diamond) {
        const a = n.r * 1.2;
        ctx.moveTo(x, y - a); ctx.lineTo(x + a, y); ctx.lineTo(x, y + a); ctx.lineTo(x - a, y); ctx.closePath();
      }
      else ctx.arc(x, y, n.r, 0, 2 * Math.PI);
      ctx.fillStyle = typeInfo[n.type].colour; ctx.fill();
      ctx.lineWidth = i === selected ? 3 : 1.5;
      ctx.strokeStyle = i === selected ? "#111" : "#fff"; ctx.stroke();
      ctx.globalAlpha = 1;
      drawn++;
      if (x < -200 || y < -20 || x > w + 20 || y > h + 20) return;
      taken.push([x - n.r, y - n.r, x + n.r, y + n.r]);
      const forced = i === hovered || i === selected;
      if (forced || (showLabels && (!hot || hot.has(i)))) candidates.push(i);
    });
    // Labels where they overlap nothing drawn before them: the selection and the hovered node
    // first, then the best connected; a label that fits nowhere waits for a closer zoom.
    const rank = (i) => (i === selected ? 2 : 0) + (i === hovered ? 1 : 0);
    candidates.sort((a, b) => rank(b) - rank(a) || nodes[b].degree - nodes[a].degree || a - b);
    ctx.font = "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
    ctx.textBaseline = "middle";
    const overlaps = (b) => taken.some((o) => b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]);
    candidates.slice(0, 600).forEach((i) => {
      const n = nodes[i], x = sx(n), y = sy(n), g = n.r + 3;
      const tw = ctx.measureText(n.short).width, th = 14;
      const spots = [[x + g, y, "left"], [x - g - tw, y, "left"], [x - tw / 2, y - g - th / 2, "left"], [x - tw / 2, y + g + th / 2, "left"]];
      let spot = spots.find((s) => !overlaps([s[0], s[1] - th / 2, s[0] + tw, s[1] + th / 2]));
      if (!spot && rank(i)) spot = spots[0];
      if (!spot) return;
      taken.push([spot[0], spot[1] - th / 2, spot[0] + tw, spot[1] + th / 2]);
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(251,251,248,0.9)"; ctx.strokeText(n.short, spot[0], spot[1]);
      ctx.fillStyle = "#222"; ctx.fillText(n.short, spot[0], spot[1]);
    });
    document.body.dataset.drawnNodes = String(drawn);
    document.body.dataset.drawnEdges = String(edges.filter((e) => visible(nodes[e.s]) && visible(nodes[e.t])).length);
    const shaded = data.communities.filter((c) => c.size >= 2).length;     // what the legend lists and shades
    $("status").textContent = drawn + " nodes · " + document.body.dataset.drawnEdges + " edges"
      + (shaded ? " · " + shaded + (shaded === 1 ? " cluster" : " clusters") : "");
  }

  // ------------------------------------------------------------ details panel
  function showDetails(i) {
    const panel = $("details");
    if (i === null) { panel.hidden = true; return; }
    const n = nodes[i], t = typeInfo[n.type];
    panel.hidden = false;
    $("d-label").textContent = n.label;
    $("d-type").textContent = t.name + (n.kind ? " (" + n.kind + ")" : "") + " · cluster " + (n.community + 1)
      + " · " + n.degree + (n.degree === 1 ? " connection" : " connections");
    $("d-aliases").textContent = n.aliases.length ? "Also: " + n.aliases.join("; ") : "";
    $("d-text").textContent = (n.text || "") + (n.date ? " (dated " + n.date + ")" : "")
      + (n.expected ? " (expected " + n.expected + ")" : "");
    const links = $("d-links"), evidence = $("d-evidence");
    links.replaceChildren(); evidence.replaceChildren();
    const seen = new Set();
    adjacency[i].forEach((ei) => {
      const e = edges[ei], other = e.s === i ? e.t : e.s;
      const li = el("li");
      const verbs = data.relations[e.relation] || [e.relation, e.relation];
      li.append(el("span", (e.subject === i ? verbs[0] : verbs[1]) + " "));
      const a = el("span", nodes[other].label, "link");
      a.addEventListener("click", () => select(other, true));
      li.append(a);
      links.append(li);
      e.evidence.forEach((ev) => {
        const k = ev.source + "\u0000" + ev.sentence;
        if (seen.has(k)) return;
        seen.add(k);
        const item = el("li", ev.sentence);
        if (ev.source) { item.append(" "); item.append(el("span", "(" + ev.source + ")", "source")); }
        evidence.append(item);
      });
    });
    if (!seen.size) evidence.append(el("li", "no evidence sentence stored"));
  }
  function select(i, centre) {
    selected = i;
    if (i !== null && centre) {
      const n = nodes[i];
      view.x = canvas.clientWidth / 2 - n.x * WORLD * view.scale;
      view.y = canvas.clientHeight / 2 - n.y * WORLD * view.scale;
    }
    showDetails(i);
    draw();
  }

  // ------------------------------------------------------------ legend, clusters, search
  function buildControls() {
    const legend = $("legend");
    data.types.forEach((t) => {
      const count = nodes.filter((n) => n.type === t.id).length;
      if (!count) return;
      const li = el("li");
      const sw = el("span", null, t.square ? "swatch square" : t.diamond ? "swatch diamond" : "swatch");
      sw.style.background = t.colour;
      li.append(sw, el("span", t.name + " (" + count + ")"));
      li.title = "show or hide " + t.name.toLowerCase() + " nodes";
      li.addEventListener("click", () => {
        if (hiddenTypes.has(t.id)) hiddenTypes.delete(t.id); else hiddenTypes.add(t.id);
        li.classList.toggle("off", hiddenTypes.has(t.id));
        draw();
      });
      legend.append(li);
    });
    const lines = $("lines");
    (data.lines || []).forEach((l) => {
      if (!edges.some((e) => lineOf(e) === l.style)) return;
      const li = el("li");
      li.append(el("span", null, "line " + l.style), el("span", l.meaning));
      lines.append(li);
    });
    const list = $("clusters");
    const singles = data.communities.filter((c) => c.size < 2).length;
    data.communities.filter((c) => c.size >= 2).forEach((c) => {
      const li = el("li");
      const sw = el("span", null, "swatch square"); sw.style.background = c.colour;
      li.append(sw, el("span", (c.id + 1) + ". " + c.name + " (" + c.size + ")"));
      li.addEventListener("click", () => {
        cluster = cluster === c.id ? null : c.id;
        list.querySelectorAll("li").forEach((x) => x.classList.remove("on"));
        if (cluster !== null) li.classList.add("on");
        select(null);
      });
      list.append(li);
    });
    if (singles) list.append(el("li", singles === 1 ? "1 node on its own" : singles + " nodes on their own"));
    const names = $("names");
    nodes.forEach((n) => { const o = document.createElement("option"); o.value = n.label; names.append(o); });
    const search = $("search");
    search.addEventListener("input", () => {
      const q = search.value.trim().toLowerCase();
      matches = q ? new Set(nodes.map((n, i) => (n.key.includes(q) ? i : -1)).filter((i) => i >= 0)) : null;
      const exact = nodes.findIndex((n) => n.label.toLowerCase() === q);
      if (exact >= 0) { matches = null; select(exact, true); } else { selected = null; showDetails(null); draw(); }
    });
    search.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && matches && matches.size) { const first = Math.min(...matches); matches = null; select(first, true); }
      if (ev.key === "Escape") { search.value = ""; matches = null; select(null); }
    });
    $("zoom-in").addEventListener("click", () => zoomAt(1.3, canvas.clientWidth / 2, canvas.clientHeight / 2));
    $("zoom-out").addEventListener("click", () => zoomAt(1 / 1.3, canvas.clientWidth / 2, canvas.clientHeight / 2));
    $("fit").addEventListener("click", () => { fit(); draw(); });
    $("close").addEventListener("click", () => select(null));
    $("show-clusters").addEventListener("change", (ev) => { showClusters = ev.target.checked; draw(); });
    $("show-labels").addEventListener("change", (ev) => { showLabels = ev.target.checked; draw(); });
  }

  // ------------------------------------------------------------ pointer: pan, drag, hover, click
  let press = null;
  canvas.addEventListener("pointerdown", (ev) => {
    const i = nodeAt(ev.offsetX, ev.offsetY);
    press = { i, x: ev.offsetX, y: ev.offsetY, vx: view.x, vy: view.y, moved: false };
    canvas.setPointerCapture(ev.pointerId);
    canvas.classList.add("dragging");
  });
  canvas.addEventListener("pointermove", (ev) => {
    if (press) {
      const dx = ev.offsetX - press.x, dy = ev.offsetY - press.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) press.moved = true;
      if (!press.moved) return;
      if (press.i !== null) {
        const n = nodes[press.i];
        n.x = (ev.offsetX - view.x) / view.scale / WORLD;
        n.y = (ev.offsetY - view.y) / view.scale / WORLD;
      } else { view.x = press.vx + dx; view.y = press.vy + dy; }
      draw();
      return;
    }
    const i = nodeAt(ev.offsetX, ev.offsetY);
    const tip = $("tooltip");
    if (i !== hovered) { hovered = i; draw(); }
    if (i === null) {
      const ei = edgeAt(ev.offsetX, ev.offsetY);
      if (ei !== hoveredEdge) { hoveredEdge = ei; draw(); }
      if (ei === null) { tip.hidden = true; return; }
      const e = edges[ei];
      tip.hidden = false;
      tip.replaceChildren(el("b", edgeText(e)), el("br"),
        el("span", lineOf(e) + " line · "
          + e.evidence.length + (e.evidence.length === 1 ? " sentence" : " sentences")));
      tip.style.left = (ev.offsetX + 14) + "px"; tip.style.top = (ev.offsetY + 10) + "px";
      return;
    }
    if (hoveredEdge !== null) { hoveredEdge = null; draw(); }
    tip.hidden = false;
    tip.replaceChildren(el("b", nodes[i].label), el("br"), el("span", typeInfo[nodes[i].type].name));
    tip.style.left = (ev.offsetX + 14) + "px"; tip.style.top = (ev.offsetY + 10) + "px";
  });
  canvas.addEventListener("pointerup", () => {
    if (press && !press.moved) select(press.i, false);
    press = null;
    canvas.classList.remove("dragging");
  });
  canvas.addEventListener("pointerleave", () => { $("tooltip").hidden = true; if (hovered !== null) { hovered = null; draw(); } });
  canvas.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    zoomAt(Math.exp(-ev.deltaY * 0.0015), ev.offsetX, ev.offsetY);
  }, { passive: false });
  window.addEventListener("resize", () => { resize(); draw(); });

  // A link to page.html#entity=NAME opens with that entity selected (by label, alias or IRI).
  function fromHash() {
    const m = /^#entity=(.*)$/.exec(window.location.hash);
    if (!m) return null;
    const q = decodeURIComponent(m[1]).trim().toLowerCase();
    let i = nodes.findIndex((n) => n.label.toLowerCase() === q || n.id.toLowerCase() === q);
    if (i < 0) i = nodes.findIndex((n) => n.aliases.some((a) => a.toLowerCase() === q));
    return i < 0 ? null : i;
  }
  window.addEventListener("hashchange", () => { const i = fromHash(); if (i !== null) select(i, true); });

  resize();
  buildControls();
  const linked = fromHash();
  if (linked !== null) selected = linked;
  if (selected !== null) showDetails(selected);     // before fitting: the view keeps clear of the panel
  fit();
  draw();
  if (!nodes.length) $("status").textContent = "Nothing to show: the graph is empty.";
  // A small stable handle for scripts and tests driving the page.
  window.spacekgView = {
    drawnNodes: () => drawn,
    scale: () => view.scale,
    selected: () => (selected === null ? null : nodes[selected].id),
    position: (id) => { const i = nodes.findIndex((n) => n.id === id); return i < 0 ? null : [sx(nodes[i]), sy(nodes[i])]; },
    select: (id) => { const i = nodes.findIndex((n) => n.id === id); select(i < 0 ? null : i, true); },
    hoveredEdge: () => (hoveredEdge === null ? null : edgeText(edges[hoveredEdge])),
    edgeMiddle: (i) => [(sx(nodes[edges[i].s]) + sx(nodes[edges[i].t])) / 2, (sy(nodes[edges[i].s]) + sy(nodes[edges[i].t])) / 2],
    bounds: () => {
      const xs = nodes.filter(visible).map(sx), ys = nodes.filter(visible).map(sy);
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    },
  };
  document.body.dataset.ready = "1";
})();
