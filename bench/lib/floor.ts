// The floor for live benchmarks: a bare HTTP endpoint and a bare Socket.IO
// server in this process, no database, no sessions. POST /publish emits one
// event to every socket that joined, and answers with the same payload; what
// a benchmark measures against it is what broadcasting alone costs on this
// machine in this run.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

export interface FloorOptions {
  /** The event the sockets listen for. */
  event: string;
  /** The payload of the n-th publish (1, 2, …), built from the posted JSON body. */
  payload: (body: unknown, n: number) => unknown;
  /** The status of the answer to a publish (the real endpoint's, so clients check one thing). */
  status?: number;
}

export interface Floor {
  url: string;
  /** What a socket emits, with an ack, to join the room. */
  join: { event: string; payload: unknown };
  publishPath: string;
  close(): Promise<void>;
}

export async function startFloor({ event, payload, status = 200 }: FloorOptions): Promise<Floor> {
  let published = 0;
  const httpServer = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/publish') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      published += 1;
      const message = payload(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'), published);
      io.to('room').emit(event, message);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(message));
    });
  });
  const io = new Server(httpServer, { serveClient: false });
  io.on('connection', (socket) => {
    socket.on('join', async (_: unknown, ack: (answer: { ok: true }) => void) => {
      await socket.join('room');
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    join: { event: 'join', payload: {} },
    publishPath: '/publish',
    close: () => new Promise((resolve) => io.close(() => resolve())),
  };
}
