// The shape of the house, checked on every run: which layer may import which
// (api/ owns its composition and imports nothing of the bot or the dialogs;
// the methodology engine imports no layer above it and nothing of Teams), no
// import cycle anywhere — type-only imports count, since a cycle of types is
// still two concepts that cannot be read apart — and Teams/botbuilder only in
// bot/ and dialogs/, so a move to the Teams SDK v2 touches one layer.
// Run alone: npx vitest run test/importGraph.test.ts
import { readFileSync, readdirSync } from 'node:fs';
import { join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, resolveFrom, ROOT } from './sourceImports.js';

const LAYERS = ['api', 'bot', 'dialogs', 'methodology', 'test'] as const;
type Layer = (typeof LAYERS)[number];

/** Every TypeScript file of a layer, relative to the project root, specs and tests included. */
function filesOf(layer: Layer): string[] {
  return (readdirSync(join(ROOT, layer), { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.includes('node_modules'))
    .map((f) => normalize(join(layer, f)));
}

/** The specifiers a file imports or re-exports, type-only ones included. */
const specifiersOf = (file: string) => importsOf(file).map((i) => i.specifier);

const isProduction = (file: string) => !file.startsWith('test') && !/\.(spec|test|bench)\.ts$/.test(file);

interface Graph {
  /** Project-internal edges: file → files it imports. */
  edges: Map<string, string[]>;
  /** Package imports: file → bare specifiers. */
  packages: Map<string, string[]>;
}

function importGraph(): Graph {
  const edges = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  for (const file of LAYERS.flatMap(filesOf)) {
    const specifiers = specifiersOf(file);
    edges.set(file, specifiers.filter((s) => s.startsWith('.')).map((s) => resolveFrom(file, s)));
    packages.set(file, specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:')));
  }
  return { edges, packages };
}

/** Every cycle among the given files, each as the path that closes it (Tarjan's strongly connected components). */
function cycles(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfLoop = (edges.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) found.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

const layerOf = (file: string) => file.split(/[\\/]/)[0] as Layer;

/** "from → to" for every production import from `from` into one of the `forbidden` layers. */
function crossings(graph: Graph, from: Layer, forbidden: readonly Layer[]): string[] {
  return [...graph.edges].flatMap(([file, targets]) =>
    layerOf(file) === from && isProduction(file) ? targets.filter((t) => forbidden.includes(layerOf(t))).map((t) => `${file} → ${relative(ROOT, join(ROOT, t))}`) : [],
  );
}

const TEAMS_PACKAGES = /^(botbuilder|botframework-|@microsoft\/teams-ai|@microsoft\/agents)/;

describe('import graph', () => {
  const graph = importGraph();

  it('has no import cycle, type-only imports included', () => {
    expect(graph.edges.size).toBeGreaterThan(100);
    expect(cycles(graph.edges)).toEqual([]);
  });

  it('finds a cycle when there is one (the check is not blind)', () => {
    const edges = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(edges)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('keeps api/ free of the bot and the dialogs: the API owns its composition', () => {
    expect(crossings(graph, 'api', ['bot', 'dialogs', 'test'])).toEqual([]);
  });

  it('keeps the methodology engine free of every layer above it', () => {
    expect(crossings(graph, 'methodology', ['api', 'bot', 'dialogs', 'test'])).toEqual([]);
  });

  it('keeps dialogs/ free of the bot layer', () => {
    expect(crossings(graph, 'dialogs', ['bot', 'test'])).toEqual([]);
  });

  it('imports Teams and botbuilder only in bot/ and dialogs/', () => {
    const outside = [...graph.packages].filter(([file, pkgs]) => isProduction(file) && !['bot', 'dialogs'].includes(layerOf(file)) && pkgs.some((p) => TEAMS_PACKAGES.test(p)));
    expect(outside.map(([file]) => file)).toEqual([]);
  });

  // Issue 11: the runner once held 850 lines of state, recognition, views, plan and case record;
  // it holds `transition` and its phase table, and new concepts go to files of their own.
  it('keeps the assessment runner to its transition and phase table: under 300 lines', () => {
    const lines = readFileSync(join(ROOT, 'dialogs/assessmentRunner.ts'), 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThan(300);
  });
});
