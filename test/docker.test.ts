import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// No Docker engine runs here, so these check what can be checked without
// one: that the runtime image holds everything the server imports.

const dockerfile = readFileSync('docker/Dockerfile', 'utf8');
const compose = readFileSync('docker/compose.yaml', 'utf8');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };

/** Static, non-type imports of a TypeScript file. */
function importsOf(file: string) {
  const source = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    specifiers.push(match[1]!);
  }
  return specifiers;
}

function resolveLocal(from: string, specifier: string) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && !candidate.endsWith('/')) return candidate;
  }
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

function runtimeGraph(entries: string[]) {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((e) => path.resolve(e));
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) queue.push(resolveLocal(file, specifier));
      else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
      }
    }
  }
  return { files, packages };
}

describe('the Docker image', () => {
  const { files, packages } = runtimeGraph(['server/index.ts', 'server/cli/main.ts']);

  it('copies every source folder the server and the CLI load at run time', () => {
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(\S+) \.\/(\S+)$/gm)].map((m) => m[1]);
    const folders = new Set([...files].map((f) => path.relative(process.cwd(), f).split(path.sep)[0]));
    for (const folder of folders) expect(copied, `docker/Dockerfile must COPY ${folder}`).toContain(folder);
  });

  it('installs, without dev dependencies, every package the server imports', () => {
    for (const name of packages) expect(pkg.dependencies, `${name} must be a dependency, not a devDependency`).toHaveProperty([name]);
  });

  it('builds in stages and runs as a non-root user with a health check', () => {
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('composes Postgres, Redis and two app replicas sharing them', () => {
    for (const service of ['postgres', 'redis', 'app1', 'app2']) expect(compose).toMatch(new RegExp(`^  ${service}:`, 'm'));
    expect(compose).toMatch(/DATABASE_URL: postgres:\/\/\S+@postgres:5432\//);
    expect(compose).toMatch(/REDIS_URL: redis:\/\/redis:6379/);
    expect(compose).toMatch(/SESSION_SECRET: \$\{SESSION_SECRET:\?/);
    expect(compose).toMatch(/image: postgres:18/);
  });
});
