import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * A V8 heap snapshot (`.heapsnapshot`, as `--heapsnapshot-signal` writes it) summed by what
 * allocated each object: its constructor, or for a function the function's name and where it is
 * defined, since the closures a server makes per connection are told apart only by that.
 * Self sizes (shallow), as DevTools' "Summary" view shows them.
 * @param {string} file
 * @returns {Map<string, { count: number, bytes: number }>}
 */
export function summariseHeapSnapshot(file) {
  const { snapshot, nodes, edges, strings, locations } = JSON.parse(readFileSync(file, 'utf8'));
  const { meta } = snapshot;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const nodeTypes = meta.node_types[0];
  const at = (/** @type {string} */ field) => meta.node_fields.indexOf(field);
  const [TYPE, NAME, SIZE, EDGES] = ['type', 'name', 'self_size', 'edge_count'].map(at);
  const EDGE_NAME = meta.edge_fields.indexOf('name_or_index');
  const EDGE_TO = meta.edge_fields.indexOf('to_node');
  const EDGE_TYPE = meta.edge_fields.indexOf('type');
  const edgeTypes = meta.edge_types[0];

  /** Where each node's edges start in `edges`. */
  const firstEdge = new Uint32Array(nodes.length / nodeFields);
  for (let i = 0, e = 0; i < firstEdge.length; i++) {
    firstEdge[i] = e;
    e += nodes[i * nodeFields + EDGES] * edgeFields;
  }
  /** The node an object's named internal field points to (a closure's `shared`, a script's `name`). */
  const follow = (/** @type {number} */ node, /** @type {string} */ name) => {
    const start = firstEdge[node / nodeFields];
    const end = start + nodes[node + EDGES] * edgeFields;
    for (let e = start; e < end; e += edgeFields) {
      const named =
        edgeTypes[edges[e + EDGE_TYPE]] !== 'element' &&
        edgeTypes[edges[e + EDGE_TYPE]] !== 'hidden';
      if (named && strings[edges[e + EDGE_NAME]] === name) return edges[e + EDGE_TO];
    }
    return undefined;
  };
  /** @type {Map<number, string>} closure node → its line in its script */
  const lineOf = new Map();
  const locationFields = meta.location_fields?.length ?? 4;
  for (let l = 0; l < (locations?.length ?? 0); l += locationFields) {
    lineOf.set(locations[l], `:${locations[l + 2] + 1}`);
  }
  /** @type {Map<number, string>} shared function info → its script's file name */
  const scriptOf = new Map();
  const fileOf = (/** @type {number} */ closure) => {
    const shared = follow(closure, 'shared');
    if (shared === undefined) return '?';
    let name = scriptOf.get(shared);
    if (name === undefined) {
      const script = follow(shared, 'script') ?? follow(shared, 'script_or_debug_info');
      const source = script === undefined ? undefined : follow(script, 'name');
      name = source === undefined ? '?' : basename(strings[nodes[source + NAME]]);
      scriptOf.set(shared, name);
    }
    return name;
  };

  /** @type {Map<string, { count: number, bytes: number }>} */
  const byKind = new Map();
  for (let n = 0; n < nodes.length; n += nodeFields) {
    const type = nodeTypes[nodes[n + TYPE]];
    const name = strings[nodes[n + NAME]];
    const kind =
      type === 'closure'
        ? `${name || '(anonymous)'}() ${fileOf(n)}${lineOf.get(n) ?? ''}`
        : type === 'object' || type === 'native'
          ? name
          : type === 'array' || type === 'hidden' || type === 'object shape' || type === 'code'
            ? `(${type}) ${name}`
            : `(${type})`;
    const entry = byKind.get(kind) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += nodes[n + SIZE];
    byKind.set(kind, entry);
  }
  return byKind;
}
