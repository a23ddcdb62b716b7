// The measured base URL: its origin for connections, and its path prefix for every request path.
import { UsageError } from '../core/errors.js';

export interface TargetUrl {
  /** `http://host:port`, as given (normalised by URL). */
  origin: string;
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** Path prefix without a trailing slash ('' for none), e.g. `/staging`. */
  basePath: string;
  /** The URL as given, without a trailing slash, for reports and messages. */
  href: string;
}

export function parseTargetUrl(text: string): TargetUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`invalid target URL "${text}": give a full URL such as http://127.0.0.1:3000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`invalid target URL "${text}": only http:// and https:// are supported`);
  }
  if (url.search || url.hash) {
    throw new UsageError(`invalid target URL "${text}": remove the query string or fragment`);
  }
  const protocol = url.protocol;
  const port = url.port ? Number(url.port) : protocol === 'https:' ? 443 : 80;
  // IPv6 literals come back bracketed from URL; sockets want them bare.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const basePath = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, protocol, hostname, port, basePath, href: url.origin + basePath };
}

/** Joins the base path and a request path (`/api/me`, `api/me?x=1`) with exactly one slash. */
export function joinPath(basePath: string, path: string): string {
  if (!path) return basePath || '/';
  return basePath + (path.startsWith('/') ? path : `/${path}`);
}
