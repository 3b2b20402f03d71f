/**
 * Renders folded stacks (`a;b;c <weight>` per line) as a static flame-graph SVG: the root at the
 * bottom, each frame as wide as its share of the weight, colours by the frame's name. Small and
 * dependency-free so that `bench/profile.js` can put a picture in the docs.
 */

const WIDTH = 1200;
const ROW = 16;
/** Frames narrower than this (px) are left out: they would be unreadable slivers. */
const MIN_WIDTH = 0.5;

/** @typedef {{ name: string, weight: number, children: Map<string, Frame> }} Frame */

/** @param {string[]} lines @param {string} title */
export function renderFlameGraph(lines, title) {
  /** @type {Frame} */
  const root = { name: 'all', weight: 0, children: new Map() };
  for (const line of lines) {
    const at = line.lastIndexOf(' ');
    const weight = Number(line.slice(at + 1));
    let frame = root;
    frame.weight += weight;
    for (const name of line.slice(0, at).split(';')) {
      let child = frame.children.get(name);
      if (!child) frame.children.set(name, (child = { name, weight: 0, children: new Map() }));
      child.weight += weight;
      frame = child;
    }
  }
  const depth = (/** @type {Frame} */ frame) =>
    1 + Math.max(0, ...[...frame.children.values()].map(depth));
  const rows = depth(root);
  const height = (rows + 2) * ROW;
  const scale = WIDTH / root.weight;
  /** @type {string[]} */
  const rects = [];
  const draw = (
    /** @type {Frame} */ frame,
    /** @type {number} */ x,
    /** @type {number} */ level,
  ) => {
    const width = frame.weight * scale;
    if (width < MIN_WIDTH) return;
    const y = height - (level + 2) * ROW;
    const share = ((100 * frame.weight) / root.weight).toFixed(1);
    const label = width > 40 ? escape(frame.name).slice(0, Math.floor(width / 7)) : '';
    rects.push(
      `<g><title>${escape(frame.name)} (${share}%)</title>` +
        `<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${ROW - 1}" fill="${colour(frame.name)}"/>` +
        `<text x="${(x + 3).toFixed(1)}" y="${y + ROW - 4}">${label}</text></g>`,
    );
    let childX = x;
    for (const child of [...frame.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      draw(child, childX, level + 1);
      childX += child.weight * scale;
    }
  };
  draw(root, 0, 0);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
<text x="4" y="${ROW - 3}" font-size="13">${escape(title)}</text>
${rects.join('\n')}
</svg>
`;
}

/** A warm colour that stays the same for a name across graphs. @param {string} name */
function colour(name) {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  const h = Math.abs(hash);
  return `rgb(${205 + (h % 50)},${80 + ((h >> 8) % 130)},${40 + ((h >> 16) % 50)})`;
}

/** @param {string} text */
const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
