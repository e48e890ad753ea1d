import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding package.json, found from this file whether it runs from src/ or from dist/src/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "cards"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("Cannot find the project folder (package.json beside cards/).");
    dir = parent;
  }
}
