/** GET / : the tree viewer (a static page and script from public/, no CDN, works offline). */
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';

/** public/ at the package root: the same path from src/server/routes (tsx) and dist/server/routes (built). */
export const PUBLIC_DIR = new URL('../../../public/', import.meta.url);

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'";

const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'viewer.js': 'text/javascript; charset=utf-8',
  'viewer.css': 'text/css; charset=utf-8',
};

export const viewerRoutes: FastifyPluginAsync = async (app) => {
  let files: { name: string; type: string; data: Buffer }[];
  try {
    files = Object.entries(ASSETS).map(([name, type]) => ({ name, type, data: readFileSync(new URL(name, PUBLIC_DIR)) }));
  } catch (err) {
    // e.g. an install without public/: the API still works, the page is simply absent (404).
    app.log.warn({ err: (err as Error).message }, 'tree viewer not available');
    return;
  }
  for (const f of files) {
    const url = f.name === 'index.html' ? '/' : `/${f.name}`;
    app.get(url, { schema: { hide: true }, logLevel: 'warn' }, async (_req, reply) =>
      reply.type(f.type).header('content-security-policy', CSP).header('cache-control', 'no-cache').send(f.data));
  }
};
