// The one stdout line `serve` prints once it listens, and how the process that spawned it reads the
// URL back: both sides of the pipe share this constant, so they cannot drift apart.
export const LISTENING_PREFIX = 'zimmer-bench reference server listening on ';

export function listeningLine(url: string): string {
  return `${LISTENING_PREFIX}${url}`;
}

/** The URL of a listening line, or null for any other line. */
export function urlOfListeningLine(line: string): string | null {
  const text = line.trim();
  if (!text.startsWith(LISTENING_PREFIX)) return null;
  const url = text.slice(LISTENING_PREFIX.length);
  return /^http:\/\/\S+$/.test(url) ? url : null;
}
