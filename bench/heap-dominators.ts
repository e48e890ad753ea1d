/**
 * What holds the heap in a V8 heap snapshot: the dominator tree (Cooper, Harvey & Kennedy's iterative
 * algorithm, as Chrome DevTools computes "retained size"), and from it the retained size of every binding a
 * module scope holds. In a bundle every module's top-level variables live in one or a few scope objects
 * (V8's "system / Context"), so "what does the bot keep that the echo bot does not" is best asked by binding
 * name: `actionTable`, `catalogs`, `leadInputSchema`… Weak and shortcut edges do not retain, as in DevTools.
 */
export interface SnapshotJson {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: string[];
      readonly node_types: [string[], ...unknown[]];
      readonly edge_fields: string[];
      readonly edge_types: [string[], ...unknown[]];
    };
  };
  readonly nodes: number[];
  readonly edges: number[];
  readonly strings: string[];
}

/** "name Class" of each value a scope object holds that retains at least `minBytes` → retained bytes. */
export function retainedByBinding(s: SnapshotJson, minBytes = 4096): Map<string, number> {
  const { meta } = s.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const [typeAt, nameAt, sizeAt, countAt] = ["type", "name", "self_size", "edge_count"].map((f) =>
    meta.node_fields.indexOf(f),
  ) as [number, number, number, number];
  const [edgeTypeAt, edgeNameAt, toAt] = ["type", "name_or_index", "to_node"].map((f) =>
    meta.edge_fields.indexOf(f),
  ) as [number, number, number];
  const edgeTypes = meta.edge_types[0];
  const skipped = new Set([edgeTypes.indexOf("weak"), edgeTypes.indexOf("shortcut")]);
  const count = s.nodes.length / nf;
  const first = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    first[i] = e;
    e += s.nodes[i * nf + countAt]! * ef;
  }
  first[count] = s.edges.length;
  const retains = (e: number) => !skipped.has(s.edges[e + edgeTypeAt]!);
  const target = (e: number) => s.edges[e + toAt]! / nf;

  const { order, postorder } = depthFirst(count, first, ef, retains, target);
  const predecessors = reverseEdges(count, first, ef, retains, target);
  const idom = dominators(order, postorder, predecessors);
  const retained = new Float64Array(count);
  for (const node of postorder) {
    retained[node]! += s.nodes[node * nf + sizeAt]!;
    if (node !== 0) retained[idom[node]!]! += retained[node]!;
  }

  const isContext = (node: number) =>
    s.strings[s.nodes[node * nf + nameAt]!] === "system / Context" &&
    meta.node_types[0][s.nodes[node * nf + typeAt]!] === "object";
  const contextEdge = edgeTypes.indexOf("context");
  const result = new Map<string, number>();
  for (let node = 0; node < count; node++) {
    if (!isContext(node)) continue;
    for (let e = first[node]!; e < first[node + 1]!; e += ef) {
      const value = target(e);
      if (s.edges[e + edgeTypeAt] !== contextEdge || idom[value] !== node || retained[value]! < minBytes)
        continue;
      const className = s.strings[s.nodes[value * nf + nameAt]!]!.slice(0, 40);
      const key = `${s.strings[s.edges[e + edgeNameAt]!]} ${className}`;
      result.set(key, (result.get(key) ?? 0) + retained[value]!);
    }
  }
  return result;
}

/** The nodes reachable from the root in postorder, and each node's rank in it (-1 if unreachable). */
function depthFirst(
  count: number,
  first: Uint32Array,
  ef: number,
  retains: (e: number) => boolean,
  target: (e: number) => number,
): { order: Int32Array; postorder: number[] } {
  const order = new Int32Array(count).fill(-1);
  const postorder: number[] = [];
  const seen = new Uint8Array(count);
  const stack = [0];
  const next = [first[0]!];
  seen[0] = 1;
  while (stack.length > 0) {
    const node = stack[stack.length - 1]!;
    let e = next[next.length - 1]!;
    let descended = false;
    for (; e < first[node + 1]!; e += ef) {
      const to = target(e);
      if (!retains(e) || seen[to]) continue;
      seen[to] = 1;
      next[next.length - 1] = e + ef;
      stack.push(to);
      next.push(first[to]!);
      descended = true;
      break;
    }
    if (!descended) {
      stack.pop();
      next.pop();
      order[node] = postorder.length;
      postorder.push(node);
    }
  }
  return { order, postorder };
}

/** For each node, the nodes with a retaining edge to it (CSR: start offsets and a flat list). */
function reverseEdges(
  count: number,
  first: Uint32Array,
  ef: number,
  retains: (e: number) => boolean,
  target: (e: number) => number,
): { start: Uint32Array; from: Uint32Array } {
  const start = new Uint32Array(count + 1);
  for (let node = 0; node < count; node++)
    for (let e = first[node]!; e < first[node + 1]!; e += ef) if (retains(e)) start[target(e) + 1]!++;
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const from = new Uint32Array(start[count]!);
  const fill = start.slice();
  for (let node = 0; node < count; node++)
    for (let e = first[node]!; e < first[node + 1]!; e += ef) if (retains(e)) from[fill[target(e)]!++] = node;
  return { start, from };
}

function dominators(
  order: Int32Array,
  postorder: readonly number[],
  predecessors: { start: Uint32Array; from: Uint32Array },
): Int32Array {
  const idom = new Int32Array(order.length).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = idom[a]!;
      while (order[b]! < order[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let i = postorder.length - 2; i >= 0; i--) {
      const node = postorder[i]!;
      let dominator = -1;
      for (let p = predecessors.start[node]!; p < predecessors.start[node + 1]!; p++) {
        const from = predecessors.from[p]!;
        if (order[from]! < 0 || idom[from]! < 0) continue;
        dominator = dominator < 0 ? from : intersect(from, dominator);
      }
      if (dominator >= 0 && idom[node] !== dominator) {
        idom[node] = dominator;
        changed = true;
      }
    }
  }
  return idom;
}
