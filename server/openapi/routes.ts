// GET /openapi.json: the document, built once per app (it never changes while the server runs).
import type { AppEnv } from '../http/env.js';
import { json } from '../http/respond.js';
import { VERSION } from '../../cli/version.js';
import { openApiDocument } from './document.js';
import type { RouteTable } from '../http/chain.js';

export function openApiRoutes(routes: RouteTable): void {
  const doc = openApiDocument(VERSION);
  routes.get('/openapi.json', function openApi(c) {
    return json(c, doc);
  });
}
