/** The built app (`vite build` output) served by `vite preview` on a free loopback port. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import { freePort } from './ports.js';

export interface Preview {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface PreviewOptions {
  /** The build to serve (default dist/). */
  readonly outDir?: string;
  /** Serve on this port (to replace one build by another at the same origin). */
  readonly port?: number;
  /** Serve over https with this certificate. */
  readonly tls?: { readonly key: string; readonly cert: string };
}

export async function startPreview({ outDir = 'dist', port, tls }: PreviewOptions = {}): Promise<Preview> {
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`${outDir}/ is missing: build the app first`);
  const chosen = port ?? (await freePort());
  const server = await preview({
    build: { outDir },
    // allowedHosts: tests reach it under other names too (an insecure-origin test maps one here).
    preview: { host: '127.0.0.1', port: chosen, strictPort: true, https: tls, allowedHosts: true },
    logLevel: 'warn',
  });
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${chosen}/`,
    port: chosen,
    close: () => server.close(),
  };
}

/** Builds the app into `outDir` with APP_BUILD set, so that two builds differ. */
export function buildApp(outDir: string, build: string): void {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    env: { ...process.env, APP_OUT_DIR: outDir, APP_BUILD: build },
    stdio: 'inherit',
  });
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', key, '-out', cert, '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}
