/** The prefix of the line bench/memory-probe.ts writes; shared so the benchmark can find it. */
export const memoryProbeMarker = "BENCH-MEMORY ";
