// `--export KIND=URL`: where live metrics go during a run. Checked before anything starts, each
// problem in words (kind unknown, URL malformed, not http), so a typo costs no measurement.

export const EXPORT_KINDS = ['otlp', 'prometheus-rw'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportSpec {
  kind: ExportKind;
  /** The full endpoint URL: OTLP/HTTP metrics (…/v1/metrics) or Prometheus remote write (…/api/v1/write). */
  url: string;
}

const EXAMPLES: Record<ExportKind, string> = {
  otlp: 'otlp=http://127.0.0.1:4318/v1/metrics',
  'prometheus-rw': 'prometheus-rw=http://127.0.0.1:9090/api/v1/write',
};

function isKind(kind: string): kind is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(kind);
}

/** One `--export` value; throws an Error whose message names the value and the fix. */
export function parseExport(value: string): ExportSpec {
  const at = value.indexOf('=');
  const kind = at < 0 ? value.trim() : value.slice(0, at).trim();
  const url = at < 0 ? '' : value.slice(at + 1).trim();
  if (!isKind(kind)) {
    throw new Error(`--export "${value}": unknown kind "${kind}" (known: ${EXPORT_KINDS.join(', ')}), e.g. --export ${EXPORT_KINDS.map((k) => EXAMPLES[k]).join(' or --export ')}`);
  }
  if (!url) throw new Error(`--export "${value}": no URL after ${kind}=, e.g. --export ${EXAMPLES[kind]}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--export "${value}": "${url}" is not a URL, e.g. --export ${EXAMPLES[kind]}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`--export "${value}": the URL must start with http:// or https://, e.g. --export ${EXAMPLES[kind]}`);
  }
  if (parsed.username || parsed.password) {
    // A URL is printed in messages and may land in logs: credentials belong in headers.
    throw new Error(`--export "${value}": put no credentials in the URL; give them as headers (see docs/ci-and-reports.md)`);
  }
  return { kind, url: parsed.href };
}
