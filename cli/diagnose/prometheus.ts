// Reads the Prometheus text exposition format (what prom-client's /metrics serves) into plain samples.
// Only what diagnose needs: names, labels, values. Comments, timestamps and exemplars are skipped.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of a /metrics page; malformed lines are skipped (a partial page is still useful). */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sample = parseLine(line);
    if (sample) samples.push(sample);
  }
  return samples;
}

function parseLine(line: string): Sample | null {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) return null;
  const name = nameMatch[0];
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest);
    if (!parsed) return null;
    labels = parsed.labels;
    rest = rest.slice(parsed.length);
  }
  const valueText = rest.trim().split(/\s+/)[0];
  if (valueText === undefined || valueText === '') return null;
  const value = parseValue(valueText);
  return Number.isNaN(value) && valueText !== 'NaN' ? null : { name, labels, value };
}

function parseValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** `{a="x",b="y\"z"}` -> labels and how many characters the block took. */
function parseLabels(text: string): { labels: Record<string, string>; length: number } | null {
  const labels: Record<string, string> = {};
  let i = 1;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') return { labels, length: i + 1 };
    const key = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i));
    if (!key || text[i + key[0].length] !== '=' || text[i + key[0].length + 1] !== '"') return null;
    i += key[0].length + 2;
    let value = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const next = text[i + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        i += 2;
      } else {
        value += text[i];
        i++;
      }
    }
    if (text[i] !== '"') return null;
    labels[key[0]] = value;
    i++;
  }
  return null;
}

function matches(sample: Sample, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(labels)) if (sample.labels[k] !== v) return false;
  return true;
}

/** Sum of every sample of `name` whose labels include `labels`; null when the metric is absent. */
export function total(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | null {
  let sum = 0;
  let found = false;
  for (const s of samples) {
    if (s.name !== name || !matches(s, labels)) continue;
    sum += s.value;
    found = true;
  }
  return found ? sum : null;
}

/**
 * Histogram observations above `le` seconds, summed over label sets: `_count` minus the bucket at the
 * largest bound not above `le` (a bucket counts observations <= its bound). With buckets 0.01 and 0.1,
 * `countAbove(h, 0.1)` is every observation over 100 ms.
 */
export function countAbove(samples: readonly Sample[], histogram: string, le: number): number | null {
  const count = total(samples, `${histogram}_count`);
  if (count === null) return null;
  let below = 0;
  let bound = Number.NEGATIVE_INFINITY;
  for (const s of samples) {
    if (s.name !== `${histogram}_bucket`) continue;
    const b = Number(s.labels.le);
    if (b <= le && b > bound) bound = b;
  }
  if (bound === Number.NEGATIVE_INFINITY) return count;
  for (const s of samples) {
    if (s.name === `${histogram}_bucket` && Number(s.labels.le) === bound) below += s.value;
  }
  return count - below;
}
