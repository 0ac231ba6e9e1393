import { execFileSync, fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds the app into a directory of its own under node_modules (so that the
 * build's bare imports resolve), or uses the one given with --build-dir.
 */
export function benchBuild(given: string | undefined, name: string) {
  if (given) return { buildDir: path.resolve(given), remove: () => {} };
  const buildDir = path.resolve('node_modules/.cache/samrad-bench', `${name}-${process.pid}`);
  console.log('Building the app…');
  try {
    execFileSync('npx', ['react-router', 'build'], { env: { ...process.env, SAMRAD_BUILD_DIR: buildDir }, stdio: 'pipe' });
  } catch (error) {
    throw new Error(`react-router build failed:\n${(error as { stderr?: Buffer }).stderr?.toString() ?? error}`);
  }
  return { buildDir, remove: () => rmSync(buildDir, { recursive: true, force: true }) };
}

/**
 * Runs a clients script (TypeScript, beside the bench) in a child process,
 * so that parsing socket messages does not share the servers' event loop:
 * sends it the plan, resolves with the result it sends back.
 */
export async function runClients<Plan extends object, Result>(script: string, plan: Plan, timeoutMs: number): Promise<Result> {
  const child = fork(script, { execArgv: ['--import', 'tsx'] });
  const answer = new Promise<{ result?: Result; error?: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the clients did not finish in time'));
    }, timeoutMs);
    child.once('message', (message: { result?: Result; error?: string }) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the clients exited with ${code}`));
    });
  });
  child.send(plan);
  const { result, error } = await answer;
  if (!result) throw new Error(`the clients failed: ${error}`);
  return result;
}
