import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// `npm start`: build once if there is no build yet, then serve it.
const buildDir = path.resolve(process.env.SAMRAD_BUILD_DIR ?? 'build');
if (!existsSync(path.join(buildDir, 'server', 'index.js'))) {
  console.log('No build yet: building once (npm run build)…');
  const built = spawnSync('npx', ['react-router', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { main } = await import('./index.js');
await main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
