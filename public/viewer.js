/* global document, fetch, performance */
// Tree viewer: posts the text to /v1/parse and draws each sentence as an arc diagram
// (words in a row, one labeled arc from head to dependent, displaCy style). No dependencies.
const SVG = 'http://www.w3.org/2000/svg';
const LEVEL_HEIGHT = 34;
const PAD = 20;
const CHAR_WIDTH = 8.5;
const MIN_GAP = 70;

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text; // textContent: no markup injection from tokens
  return node;
}

/** Arc heights: shorter arcs first; an arc sits one level above every arc under its span. */
export function layoutArcs(words) {
  const arcs = words.filter((w) => w.head > 0).map((w) => ({
    dep: w.id, head: w.head, label: w.deprel, from: Math.min(w.id, w.head), to: Math.max(w.id, w.head),
  }));
  arcs.sort((a, b) => (a.to - a.from) - (b.to - b.from) || a.from - b.from);
  const gapLevel = new Array(words.length + 1).fill(0); // gapLevel[k]: highest arc over the gap after word k
  for (const arc of arcs) {
    let level = 0;
    for (let k = arc.from; k < arc.to; k++) level = Math.max(level, gapLevel[k]);
    arc.level = level + 1;
    for (let k = arc.from; k < arc.to; k++) gapLevel[k] = arc.level;
  }
  return arcs;
}

export function drawSentence(sentence) {
  const words = sentence.words;
  const arcs = layoutArcs(words);
  const maxLevel = arcs.reduce((m, a) => Math.max(m, a.level), 0);
  const xs = [];
  let x = PAD;
  for (const w of words) {
    const width = Math.max(MIN_GAP, (Math.max(w.text.length, w.upos.length) + 2) * CHAR_WIDTH);
    xs.push(x + width / 2);
    x += width;
  }
  const baseline = PAD + 18 + maxLevel * LEVEL_HEIGHT + 14;
  const svg = el('svg', { class: 'dep', width: x + PAD, height: baseline + 40, role: 'img', 'aria-label': sentence.text });
  const at = (id) => xs[id - 1];

  words.forEach((w, i) => {
    const g = el('g', { class: 'word', 'data-id': w.id });
    g.append(el('text', { class: 'form', x: xs[i], y: baseline + 16, 'text-anchor': 'middle' }, w.text));
    g.append(el('text', { class: 'tag', x: xs[i], y: baseline + 32, 'text-anchor': 'middle' }, w.upos));
    if (w.head === 0) {
      const r = el('g', { class: 'root', 'data-dep': w.id, 'data-label': w.deprel });
      r.append(el('line', { x1: xs[i], y1: PAD, x2: xs[i], y2: baseline }));
      r.append(el('text', { x: xs[i] + 4, y: PAD + 10 }, w.deprel));
      g.append(r);
    }
    svg.append(g);
  });

  for (const a of arcs) {
    const x1 = at(a.head), x2 = at(a.dep);
    const h = a.level * LEVEL_HEIGHT * (4 / 3); // a cubic with both control points at h peaks at 0.75 h
    const y = baseline;
    const g = el('g', { class: 'arc', 'data-label': a.label, 'data-head': a.head, 'data-dep': a.dep });
    const title = el('title', {}, `${a.label}(${words[a.head - 1].text}, ${words[a.dep - 1].text})`);
    g.append(title);
    g.append(el('path', { class: 'edge', d: `M ${x1} ${y} C ${x1} ${y - h} ${x2} ${y - h} ${x2} ${y}` }));
    g.append(el('path', { class: 'head', d: `M ${x2} ${y} l -4 -8 l 8 0 z` }));
    const apex = y - a.level * LEVEL_HEIGHT;
    g.append(el('text', { x: (x1 + x2) / 2, y: apex - 3, 'text-anchor': 'middle' }, a.label));
    svg.append(g);
  }
  return svg;
}

async function parse(text) {
  const res = await fetch('/v1/parse', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ text, probabilities: true }),
  });
  const body = await res.json().catch(() => ({ message: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(body.message ?? `HTTP ${res.status}`);
  return body;
}

function init() {
  const form = document.getElementById('parse-form');
  const input = document.getElementById('text');
  const result = document.getElementById('result');
  const status = document.getElementById('status');
  const error = document.getElementById('error');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    status.textContent = 'Parsing…';
    const started = performance.now();
    try {
      const { sentences } = await parse(input.value);
      result.replaceChildren(...sentences.map((s, i) => {
        const fig = document.createElement('figure');
        fig.className = 'sentence';
        fig.dataset.index = String(i);
        const cap = document.createElement('figcaption');
        cap.textContent = s.text;
        fig.append(cap, drawSentence(s));
        return fig;
      }));
      const words = sentences.reduce((n, s) => n + s.words.length, 0);
      status.textContent = `${sentences.length} sentence(s), ${words} words in ${Math.round(performance.now() - started)} ms`;
      document.body.dataset.state = 'done';
    } catch (err) {
      status.textContent = '';
      error.textContent = err instanceof Error ? err.message : String(err);
      error.hidden = false;
      document.body.dataset.state = 'error';
    }
  });
}

if (typeof document !== 'undefined') init();
