// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { transformerNotationDiff, transformerNotationHighlight } from '@shikijs/transformers';

// WebContainer needs cross-origin isolation; the same headers are sent by `astro dev`, `astro preview`
// and (for the static build) by the host config files in public/.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

export default defineConfig({
  output: 'static',
  integrations: [mdx()],
  markdown: {
    shikiConfig: {
      themes: { light: 'github-light', dark: 'github-dark' },
      // `// [!code ++]` / `// [!code --]` mark lines to add or remove, as in a diff.
      transformers: [transformerNotationDiff(), transformerNotationHighlight()],
    },
  },
  server: { port: 4321, host: '127.0.0.1', headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  vite: {
    server: { headers: crossOriginIsolation },
    preview: { headers: crossOriginIsolation },
    worker: { format: 'es' },
  },
});
