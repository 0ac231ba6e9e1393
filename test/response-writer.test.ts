import http from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { sendResponse } from '../server/http/request-handler.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const MB = 2 ** 20;

/** Array buffer memory still reachable: V8 frees collected buffers on a background thread, so wait a little. */
async function settledMemory() {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().arrayBuffers;
}
let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(body: () => ReadableStream<Uint8Array>) {
  const app = express();
  app.get('/', (_req, res) => void sendResponse(res, new Response(body(), { headers: { 'content-type': 'application/octet-stream' } })));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('writing a streamed response', () => {
  it('lets go of what it has written while the response is still going', async () => {
    const chunks = 40;
    let pulled = 0;
    const url = await serve(
      () =>
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += 1;
            if (pulled > chunks) controller.close();
            else controller.enqueue(new Uint8Array(MB).fill(pulled));
          },
        }),
    );
    let received = 0;
    let heldMidway = Infinity;
    await new Promise<void>((resolve, reject) => {
      http
        .get(url, (res) => {
          res.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (heldMidway === Infinity && received >= 30 * MB) {
              res.pause();
              void settledMemory().then((held) => {
                heldMidway = held;
                res.resume();
              });
            }
          });
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    expect(received).toBe(chunks * MB);
    // Thirty megabytes have gone through; a writer that kept its chunks would hold them all.
    expect(heldMidway).toBeLessThan(12 * MB);
  });

  it('stops reading the body when the client goes away', async () => {
    let finished = false;
    const url = await serve(() => {
      async function* slowly() {
        try {
          for (let i = 0; ; i++) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            yield new Uint8Array(64 * 1024).fill(i % 256);
          }
        } finally {
          finished = true;
        }
      }
      const iterator = slowly();
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        async cancel() {
          await iterator.return(undefined);
        },
      });
    });
    await new Promise<void>((resolve) => {
      const request = http.get(url, (res) => res.once('data', () => (request.destroy(), resolve())));
    });
    for (let i = 0; i < 100 && !finished; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(true);
  });
});
