/**
 * Serves `some.css?inline` as a module whose default export is the file's text, as Vite does
 * in the app's build: the history view takes uPlot's own stylesheet into its shadow root so.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ServeContext {
  readonly path: string;
  readonly URL: URL;
}

export function inlineCssPlugin(rootDir = process.cwd()) {
  return {
    name: 'inline-css',
    async serve(context: ServeContext) {
      if (!context.path.endsWith('.css') || !context.URL.searchParams.has('inline')) return undefined;
      const text = await readFile(join(rootDir, decodeURIComponent(context.path)), 'utf8');
      return { body: `export default ${JSON.stringify(text)};`, type: 'js' };
    },
  };
}
