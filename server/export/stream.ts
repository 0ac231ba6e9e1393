import type { Writable } from 'node:stream';

/**
 * A byte stream that asks the source for the next chunk only when the
 * consumer has taken the previous one: the HTTP response waits for the socket
 * to drain, so a slow client slows the database paging instead of filling
 * memory.
 */
export function pullStream(chunks: AsyncIterable<string | Uint8Array>, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
        } catch (error) {
          onError(error);
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Resolves once the stream wants more (at once if it does already); rejects if it closes first. */
export function drained(stream: Writable): Promise<void> {
  if (!needsDrain(stream)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      stream.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      stream.off('drain', onDrain);
      reject(new Error('The export stream closed before it was finished.'));
    };
    stream.once('drain', onDrain);
    stream.once('close', onClose);
  });
}

// Streams of the readable-stream package (used by ExcelJS's zip library)
// predate `writableNeedDrain` and keep the flag in their internal state.
function needsDrain(stream: Writable) {
  return stream.writableNeedDrain ?? (stream as unknown as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain ?? false;
}
