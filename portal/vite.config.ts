import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Maven build passes --outDir (api-server/target/portal), so nothing is built into the source tree.
// Under `npm run dev` the API of a running server (bin/run) is proxied, so the portal and the API share an origin
// as they do when the server serves the portal.
export default defineConfig({
  plugins: [react()],
  build: {
    // No inline scripts or styles: the server's Content-Security-Policy allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:8080' },
  },
});
