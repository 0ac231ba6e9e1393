import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [reactRouter()],
  build: { target: 'es2022' },
  ssr: {
    // Loaded by Node at run time: PGlite finds its wasm next to its own files.
    external: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'ioredis'],
  },
});
