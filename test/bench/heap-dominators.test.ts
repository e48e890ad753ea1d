import { writeHeapSnapshot } from "node:v8";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { retainedByBinding, type SnapshotJson } from "../../bench/heap-dominators.js";

type Node = [type: string, name: string, size: number, edges: [type: string, name: string, to: number][]];

/** A snapshot in V8's format from a list of nodes (node 0 is the root). */
function snapshot(nodes: Node[]): SnapshotJson {
  const strings: string[] = [];
  const str = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const nodeTypes = ["synthetic", "object", "closure", "array"];
  const edgeTypes = ["context", "element", "property", "internal", "hidden", "shortcut", "weak"];
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  for (const [type, name, size, edges] of nodes) {
    flatNodes.push(nodeTypes.indexOf(type), str(name), flatNodes.length / 5, size, edges.length);
    for (const [edgeType, edgeName, to] of edges)
      flatEdges.push(edgeTypes.indexOf(edgeType), edgeType === "element" ? 0 : str(edgeName), to * 5);
  }
  return {
    snapshot: {
      meta: {
        node_fields: ["type", "name", "id", "self_size", "edge_count"],
        node_types: [nodeTypes],
        edge_fields: ["type", "name_or_index", "to_node"],
        edge_types: [edgeTypes],
      },
    },
    nodes: flatNodes,
    edges: flatEdges,
    strings,
  };
}

describe("what module-scope bindings retain", () => {
  it("counts what only the binding holds: not what another path also reaches, not through weak edges", () => {
    const s = snapshot([
      [
        "synthetic",
        "",
        0,
        [
          ["element", "", 1],
          ["element", "", 6],
        ],
      ],
      [
        "object",
        "system / Context",
        100,
        [
          ["context", "cache", 2],
          ["context", "shared", 3],
        ],
      ],
      // cache → Map (8 KB) → an entry only it holds (4 KB), one that `shared` holds too, and a weak one.
      [
        "object",
        "Map",
        8000,
        [
          ["property", "entry", 4],
          ["property", "both", 5],
          ["weak", "w", 6],
        ],
      ],
      ["object", "Shared", 5000, [["property", "both", 5]]],
      ["object", "Entry", 4000, []],
      ["object", "Both", 8000, []],
      ["object", "HeldElsewhere", 9000, []],
    ]);
    expect(retainedByBinding(s)).toEqual(
      new Map([
        ["cache Map", 12000],
        ["shared Shared", 5000],
      ]),
    );
    expect(retainedByBinding(s, 6000)).toEqual(new Map([["cache Map", 12000]]));
  });

  it("finds a scope's binding and what it retains in a real snapshot of this process", () => {
    const dir = mkdtempSync(join(tmpdir(), "heap-dominators-"));
    try {
      const file = writeHeapSnapshot(join(dir, "test.heapsnapshot"));
      const bindings = retainedByBinding(JSON.parse(readFileSync(file, "utf8")) as SnapshotJson);
      // holder() below: its scope's `held` retains the array of 20 000 numbers, 160 KB or more.
      expect(
        bindings.get("held Array") ?? 0,
        JSON.stringify([...bindings].filter(([k]) => /held|keep/.test(k))),
      ).toBeGreaterThan(160_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(keep()).toBe(20_000);
  });
});

/** A scope that keeps an array of 20 000 numbers (160 KB) for as long as its closure lives. */
function holder(): () => number {
  const held = Array.from({ length: 20_000 }, (_, i) => i + 0.5);
  return () => held.length;
}
const keep = holder();
