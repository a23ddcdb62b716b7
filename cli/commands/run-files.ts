// Where a run's results land: `<out>/<scenario>-<YYYYMMDD-HHMMSS>.json` and `.md` (the naming rule
// of output-files.ts). The JSON is written before the markdown, so a report that cannot be rendered
// never costs the raw numbers.
import type { Evaluation } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { writeJsonAndMarkdown, type WrittenFiles } from './output-files.js';

export { prepareOutDir, type WrittenFiles } from './output-files.js';

export function writeRunFiles(dir: string, result: RunResult, evaluation: Evaluation): Promise<WrittenFiles> {
  // Shards of one run write into one folder (a shared volume): each keeps its own name.
  const qualifier = result.shard ? `shard${result.shard.index}of${result.shard.count}` : undefined;
  return writeJsonAndMarkdown(dir, result.scenario.name, result.startedAt,
    () => renderJson(result, evaluation), () => renderMarkdown(result, evaluation), qualifier);
}
