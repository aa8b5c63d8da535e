/** The built app (`vite build` output in dist/) served by `vite preview` on a free port. */
import { existsSync } from 'node:fs';
import { preview } from 'vite';
import { freePort } from './ports.js';

export interface Preview {
  readonly url: string;
  close(): Promise<void>;
}

export async function startPreview(): Promise<Preview> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first');
  const port = await freePort();
  const server = await preview({ preview: { host: '127.0.0.1', port, strictPort: true }, logLevel: 'warn' });
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
