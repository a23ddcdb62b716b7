// GET /openapi.json: the document, built once per app (it never changes while the server runs).
import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { json } from '../http/respond.js';
import { VERSION } from '../../cli/version.js';
import { openApiDocument } from './document.js';

export function openApiRoutes(app: Hono<AppEnv>): void {
  const doc = openApiDocument(VERSION);
  app.get('/openapi.json', function openApi(c) {
    return json(c, doc);
  });
}
