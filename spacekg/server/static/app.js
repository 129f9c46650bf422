// The spacekg page: run SPARQL (or a named query with its parameters), show the results as a
// table, ask plain-English questions, show the graph. Text from the store is only ever set with
// textContent, never as HTML.
"use strict";

const PREFIXES = {
  sm: "https://w3id.org/spacekg/ontology#", smr: "https://w3id.org/spacekg/id/",
  skos: "http://www.w3.org/2004/02/skos/core#", prov: "http://www.w3.org/ns/prov#",
  schema: "https://schema.org/", rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#", xsd: "http://www.w3.org/2001/XMLSchema#",
  owl: "http://www.w3.org/2002/07/owl#", dcterms: "http://purl.org/dc/terms/",
};
const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

const $ = (id) => document.getElementById(id);
const named = JSON.parse($("named-queries").textContent);
const byName = Object.fromEntries(named.map((q) => [q.name, q]));

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function compact(term) {
  if (!term) return "";
  if (term.type === "uri") {
    for (const [p, ns] of Object.entries(PREFIXES)) {
      if (term.value.startsWith(ns) && term.value.length > ns.length) return p + ":" + term.value.slice(ns.length);
    }
    return "<" + term.value + ">";
  }
  if (term.type === "bnode") return "_:" + term.value;
  return term.value;
}

function selectNamed() {
  const q = byName[$("named").value];
  const params = $("params");
  params.replaceChildren();
  $("summary").textContent = q ? q.summary : "";
  if (!q) return;
  $("query").value = q.text;
  for (const [name, description] of q.params) {          // in the order the .rq file gives them
    const label = el("label", name + " ");
    const input = el("input");
    input.name = name;
    input.placeholder = description;
    input.dataset.param = name;
    label.appendChild(input);
    params.appendChild(label);
  }
}

function request() {
  const q = byName[$("named").value];
  const text = $("query").value;
  if (q && text === q.text) {                       // a named query: bind its parameters on the server
    const search = new URLSearchParams();
    for (const input of document.querySelectorAll("#params input")) {
      if (input.value.trim()) search.append(input.dataset.param, input.value.trim());
    }
    return fetch("/query/" + encodeURIComponent(q.name) + "?" + search, { headers: { Accept: ACCEPT } });
  }
  return fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: ACCEPT },
    body: text,
  });
}

async function run() {
  const status = $("status");
  const results = $("results");
  status.className = "";
  status.textContent = "running…";
  results.replaceChildren();
  const started = performance.now();
  let response;
  try {
    response = await request();
  } catch (err) {
    status.className = "error";
    status.textContent = "the server did not answer: " + err;
    return;
  }
  const ms = Math.round(performance.now() - started);
  const body = await response.text();
  if (!response.ok) {
    status.className = "error";
    status.textContent = "HTTP " + response.status + ": " + body.trim();
    return;
  }
  const type = (response.headers.get("Content-Type") || "").split(";")[0];
  if (type.includes("json")) {
    const data = JSON.parse(body);
    if ("boolean" in data) {
      results.appendChild(el("p", data.boolean ? "yes" : "no", "boolean"));
      status.textContent = "answered in " + ms + " ms";
      return;
    }
    lastResult = data;
    results.appendChild(resultTable(data));
    const n = data.results.bindings.length;
    status.textContent = n + (n === 1 ? " row" : " rows") + " in " + ms + " ms";
  } else {
    results.appendChild(el("pre", body, "graph-result"));
    status.textContent = "graph answered in " + ms + " ms";
  }
}

const SMR = PREFIXES.smr;
const PROSE = new Set(["sentence", "text", "what", "evidence", "questions", "heading"]);
let lastResult = null;

function entityHref(iri) {
  // An entity's page in this workspace: smr:player/x -> /entity/player/x (reports have their own pages)
  if (typeof iri !== "string" || !iri.startsWith(SMR) || iri.length === SMR.length) return null;
  const rest = iri.slice(SMR.length);
  if (rest.startsWith("report/")) return null;
  return "/entity/" + rest.split("/").map(encodeURIComponent).join("/");
}

const ENTITY_COLUMNS = new Set(["player", "entity", "node", "concept", "technology", "region", "report", "partner",
                                "target", "about", "resource", "platform"]);

function labelColumns(vars, bindings) {
  // {IRI column: label column}: the same rule as spacekg.server.pages.label_columns
  const iriColumns = vars.filter((v) => {
    const values = bindings.map((b) => b[v]).filter((t) => t);
    return values.length && values.every((t) => t.type === "uri");
  });
  const out = {};
  for (const v of iriColumns) {
    for (const c of [v + "Label", v + "Name"]) {
      if (vars.includes(c) && !Object.values(out).includes(c)) { out[v] = c; break; }
    }
  }
  const generic = ["name", "label", "title"].filter((c) => vars.includes(c));
  const rest = iriColumns.filter((v) => !(v in out) && ENTITY_COLUMNS.has(v))
    .sort((a, b) => (a !== "player") - (b !== "player") || vars.indexOf(a) - vars.indexOf(b));
  for (const v of rest) {
    const free = generic.filter((c) => !Object.values(out).includes(c));
    if (free.length) out[v] = free[0];
  }
  return out;
}

function hiddenColumns(vars, bindings, labelled) {
  // The same rule as spacekg.server.pages.hidden_columns: IRI columns and empty ones, while something is left.
  const empty = vars.filter((v) => bindings.every((b) => !b[v] || b[v].value === ""));
  const iriOnly = vars.filter((v) => !empty.includes(v) && bindings.every((b) => !b[v] || b[v].type === "uri"));
  const all = new Set([...empty, ...iriOnly, ...Object.keys(labelled)]);
  if (all.size < vars.length) return [...all];
  const some = new Set([...empty, ...Object.keys(labelled)]);
  return some.size < vars.length ? [...some] : [];
}

function resultTable(data) {
  // Labels link to entity pages; IRI columns with a label beside them show only with "show IRIs".
  const vars = data.head.vars, bindings = data.results.bindings;
  const labelled = labelColumns(vars, bindings);
  const showIris = $("show-iris") && $("show-iris").checked;
  const hidden = new Set(showIris ? [] : hiddenColumns(vars, bindings, labelled));
  const labelOf = Object.fromEntries(Object.entries(labelled).map(([i, l]) => [l, i]));
  const columns = vars.filter((v) => !hidden.has(v));
  const t = el("table", null, "results");
  const head = t.createTHead().insertRow();
  for (const v of columns) head.appendChild(el("th", v, PROSE.has(v) ? "prose" : null));
  const tbody = t.createTBody();
  for (const b of bindings) {
    const tr = tbody.insertRow();
    for (const v of columns) {
      const td = el("td", null, PROSE.has(v) ? "prose" : null);
      const term = b[v];
      let href = null;
      if (v in labelOf) href = entityHref(b[labelOf[v]] && b[labelOf[v]].value);
      else if (term && term.type === "uri") href = entityHref(term.value);
      else if (v === "source" && term) href = "/reports/" + encodeURIComponent(term.value);
      const text = term && term.type !== "uri" ? term.value : compact(term);
      if (href) { const a = el("a", text); a.href = href; td.appendChild(a); } else td.textContent = text;
      tr.appendChild(td);
    }
  }
  return t;
}

function table(headers, rows) {
  const t = el("table", null, "results");
  const head = t.createTHead().insertRow();
  for (const h of headers) head.appendChild(el("th", h));
  const tbody = t.createTBody();
  for (const row of rows) {
    const tr = tbody.insertRow();
    for (const cell of row) tr.appendChild(el("td", cell));
  }
  return t;
}

function cellText(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function showAnswer(data) {
  // data is the JSON of spacekg.queries.answer: answer (summary lines), sections, notes, queries.
  const out = $("ask-answer");
  out.replaceChildren();
  if (typeof data === "string") { out.appendChild(el("p", data)); return; }
  if (data.understood) out.appendChild(el("p", "→ " + data.understood, "note"));
  const lines = Array.isArray(data.answer) ? data.answer : [data.answer ?? data.text ?? data.message];
  for (const line of lines) if (typeof line === "string") out.appendChild(el("p", line, "answer"));
  for (const section of data.sections || []) {
    out.appendChild(el("h3", section.title + " (" + section.rows.length + ")"));
    if (!section.rows.length) continue;
    out.appendChild(table(section.columns, section.rows.map((r) => section.columns.map((c) => cellText(r[c])))));
    const evidence = section.rows.flatMap((r) => r.evidence || []);
    if (evidence.length) {
      const list = el("ol", null, "evidence");
      for (const e of evidence) {
        const where = (e.source || "?") + (e.start !== null && e.start !== undefined ? ":" + e.start + "-" + e.end : "");
        list.appendChild(el("li", e.sentence + " — " + where));
      }
      out.appendChild(list);
    }
  }
  for (const note of data.notes || []) out.appendChild(el("p", note, "note"));
  if (Array.isArray(data.queries) && data.queries.length) {
    const d = el("details");
    d.appendChild(el("summary", "named queries run"));
    d.appendChild(el("pre", data.queries.map((q) => q.name + " " + JSON.stringify(q.params)).join("\n")));
    out.appendChild(d);
  }
}

async function ask(event) {
  event.preventDefault();
  const question = $("question").value.trim();
  if (!question) return;
  const out = $("ask-answer");
  out.replaceChildren(el("p", "thinking…", "note"));
  const response = await fetch("/ask", {
    method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ question }),
  });
  const body = await response.text();
  if (!response.ok) {
    out.replaceChildren(el("p", "HTTP " + response.status + ": " + body.trim(), "error"));
    return;
  }
  showAnswer(JSON.parse(body));
}

$("named").addEventListener("change", selectNamed);
$("run").addEventListener("click", run);
$("query").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
});
$("ask-form").addEventListener("submit", ask);
if ($("show-iris")) {
  $("show-iris").addEventListener("change", () => {
    if (lastResult) $("results").replaceChildren(resultTable(lastResult));
  });
}
// /?named=NAME&param=value: the server filled the editor in; run it.
if ($("named").value && byName[$("named").value]) run();
const details = $("graph-details");
if (details) {
  details.addEventListener("toggle", () => {
    const frame = $("graph-frame");
    if (details.open && !frame.src) frame.src = frame.dataset.src;
  });
}
