import { describe, expect, it } from "@jest/globals";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { LAYERS } from "../../staircase.js";

/**
 * The staircase the code is built as, top to bottom: each layer imports only itself and layers
 * below it, and no file reaches itself through its imports (type imports included, which ESLint's
 * no-cycle leaves out). ESLint's no-restricted-imports says the same per folder; this test reads
 * the whole graph at once.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const SOURCE_FOLDERS = LAYERS.flat();

function rankOf(file: string): number {
  const top = relative(ROOT, file).split("/")[0]!;
  return LAYERS.findIndex(layer => layer.includes(top));
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap(name => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      return name === "node_modules" || name === "results" ? [] : sourceFiles(path);
    }
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

const IMPORT =
  /(?:^|\s)(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"|import\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map(match =>
    resolve(dirname(file), (match[1] ?? match[2]!).replace(/\.js$/, ".ts")),
  );
}

const files = SOURCE_FOLDERS.flatMap(folder => sourceFiles(join(ROOT, folder)));
const graph = new Map(files.map(file => [file, importsOf(file).filter(to => to !== file)]));

/** Tarjan's strongly connected components: every component of more than one file is a cycle. */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const to of graph.get(file) ?? []) {
      if (!graph.has(to)) {
        continue;
      }
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(relative(ROOT, member));
      } while (member !== file);
      if (component.length > 1) {
        found.push(component.sort());
      }
    }
  };
  for (const file of graph.keys()) {
    if (!index.has(file)) {
      visit(file);
    }
  }
  return found;
}

describe("the import graph", () => {
  it("reads every source file's imports", () => {
    expect(files.length).toBeGreaterThan(200);
    const unresolved = [...graph.entries()].flatMap(([file, imports]) =>
      imports
        .filter(to => !to.includes("node_modules") && !files.includes(to) && rankOf(to) >= 0)
        .map(to => `${relative(ROOT, file)} → ${relative(ROOT, to)}`),
    );
    expect(unresolved).toEqual([]);
  });

  it("runs downward only: no layer imports a layer above it", () => {
    const upward = [...graph.entries()].flatMap(([file, imports]) =>
      imports
        .filter(to => rankOf(to) >= 0 && rankOf(to) < rankOf(file))
        .map(to => `${relative(ROOT, file)} → ${relative(ROOT, to)}`),
    );
    expect(upward).toEqual([]);
  });

  it("loads no sandbox in a production process (subgraph, gateway, worker)", () => {
    const entries = ["start-subgraph", "start-gateway", "start-worker"].map(name =>
      join(ROOT, "scripts", `${name}.ts`),
    );
    const loaded = new Set<string>();
    const queue = [...entries];
    while (queue.length) {
      const file = queue.pop()!;
      if (loaded.has(file) || !graph.has(file)) {
        continue;
      }
      loaded.add(file);
      queue.push(...graph.get(file)!);
    }
    expect(loaded.size).toBeGreaterThan(100);
    const sandboxes = [...loaded]
      .map(file => relative(ROOT, file))
      .filter(file => /\.sandbox(-[a-z-]+)?\.ts$|connectors\/sandbox\//.test(file));
    expect(sandboxes).toEqual([]);
  });

  it("has no cycle, type imports included", () => {
    expect(cycles()).toEqual([]);
  });
});
