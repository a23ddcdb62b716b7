// Shared by the report tests: load a fixture RunResult, and pick apart the mermaid blocks of a report.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../cli/results/types.js';

export type FixtureName = 'phase1-fail' | 'phase1-pass' | 'phase2-invalid';

export function fixturePath(name: FixtureName): string {
  return fileURLToPath(new URL(`../fixtures/results-${name}.json`, import.meta.url));
}

/** A fresh copy each call, so a test may change it freely. */
export function loadFixture(name: FixtureName): RunResult {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as RunResult;
}

export interface MermaidBlock {
  lines: string[];
  categories: string[];
  series: Array<{ kind: string; values: number[] }>;
}

/** Every ```mermaid block, with its x categories and data series parsed back. */
export function mermaidBlocks(markdown: string): MermaidBlock[] {
  const blocks: MermaidBlock[] = [];
  for (const match of markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)) {
    const lines = match[1]!.split('\n');
    const axis = lines.find((l) => l.trim().startsWith('x-axis')) ?? '';
    const categories = [...(axis.match(/\[(.*)\]/)?.[1] ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    const series = lines
      .map((l) => l.trim().match(/^(line|bar) \[(.*)\]$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => ({ kind: m[1]!, values: m[2]!.split(', ').map(Number) }));
    blocks.push({ lines, categories, series });
  }
  return blocks;
}
