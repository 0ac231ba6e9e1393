import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBuildDir: string;
  }
}

/** Builds the app once for the browser tests, apart from the developer's ./build. */
export default function setup(project: TestProject) {
  const buildDir = path.resolve('node_modules/.cache/samrad-e2e', `build-${process.pid}`);
  execFileSync('npx', ['react-router', 'build'], { env: { ...process.env, NODE_ENV: 'production', SAMRAD_BUILD_DIR: buildDir }, stdio: 'pipe' });
  project.provide('e2eBuildDir', buildDir);
  return () => rmSync(buildDir, { recursive: true, force: true });
}
