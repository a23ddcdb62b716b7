// Which host names reach only this machine. One rule for serve's /metrics warning and for diagnose's
// "the target runs here, read its CPU from /proc".

/** 127.0.0.0/8, ::1 (bracketed or not) and localhost reach only this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || h === 'localhost';
}

/** Loopback, or the wildcard a server listens on: a target named so runs on this machine. */
export function isLocalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return isLoopback(h) || h === '0.0.0.0' || h === '::';
}
