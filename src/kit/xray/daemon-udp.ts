/**
 * The daemon's UDP side: one `udp4` socket; every datagram is judged by datagram.ts and either stored or dropped and
 * counted by reason. Nothing a sender does can crash it: parse errors are values, socket errors are logged.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { ingestDatagrams } from './ingest.ts';
import type { SegmentStore } from './segment-store.ts';

const maxBatch = 500;

export interface UdpDaemon {
  readonly socket: Socket;
  readonly port: number;
  close(): Promise<void>;
}

export async function startUdpDaemon(options: { segmentStore: SegmentStore; host: string; port: number }): Promise<UdpDaemon> {
  // A larger receive buffer absorbs bursts (an SDK flushing many subsegments at once) instead of losing them.
  const socket = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  // Datagrams that arrive in one burst are stored together on the next turn of the event loop.
  let pending: Buffer[] = [];
  const flush = (): void => {
    const batch = pending;
    pending = [];
    ingestDatagrams(options.segmentStore, batch, 'udp');
  };
  socket.on('message', (message) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(message);
    if (pending.length >= maxBatch) flush();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', (error) => console.error('x-ray daemon (udp):', error.message));
  return {
    socket,
    port: (socket.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
