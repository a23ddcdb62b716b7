// Parses the Server-Timing response header (`db;dur=1.2, auth;desc="x";dur=0.3, total;dur=2`) into
// span name -> milliseconds. A span without `dur` is kept out: it says nothing about time.

export function parseServerTiming(header: string | string[] | undefined | null): Record<string, number> {
  const spans: Record<string, number> = {};
  if (header === undefined || header === null) return spans;
  const text = Array.isArray(header) ? header.join(',') : header;
  for (const entry of splitOutsideQuotes(text, ',')) {
    const [rawName, ...params] = splitOutsideQuotes(entry, ';');
    const name = rawName?.trim();
    if (!name) continue;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'dur') continue;
      const value = Number(param.slice(eq + 1).trim().replace(/^"|"$/g, ''));
      // Several spans of one name (a middleware run twice) add up: that is the time the name cost.
      if (Number.isFinite(value)) spans[name] = (spans[name] ?? 0) + value;
    }
  }
  return spans;
}

/** The server's own idea of the request's time: its `total` span, else the sum of the others. */
export function serverTotal(spans: Record<string, number>): number | null {
  if (spans.total !== undefined) return spans.total;
  const values = Object.values(spans);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
}

function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
