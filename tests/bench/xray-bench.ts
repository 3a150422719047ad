/**
 * X-Ray daemon stand-in throughput: a worker thread blasts valid datagrams (the SDK's format, ~500 bytes with a
 * subsegment) at the daemon over loopback UDP for a bounded time; the figure is documents STORED per second
 * (UDP drops what the receiver cannot keep up with, so sent != stored). Sender and receiver get their own threads,
 * as an app and the local cloud get their own processes.
 *
 *   node tests/bench/xray-bench.ts [durationMs]      → prints one JSON object
 */
import { Worker } from 'node:worker_threads';
import { isMain } from '../../src/kit/is-main.ts';
import { createXrayStores, startXrayDaemon } from '../../src/kit/xray/index.ts';

export interface XrayBenchResult {
  xraySegmentsPerSecond: number;
  sent: number;
  stored: number;
  dropped: number;
  durationMs: number;
}

const senderSource = `
const { parentPort, workerData } = require('node:worker_threads');
const dgram = require('node:dgram');
const socket = dgram.createSocket('udp4');
const header = '{"format":"json","version":1}\\n';
const deadline = Date.now() + workerData.durationMs;
let sent = 0;
let inFlight = 0;
function datagram(n) {
  const now = Date.now() / 1000;
  const hex = n.toString(16).padStart(16, '0');
  return Buffer.from(header + JSON.stringify({
    name: 'backend-flask', id: hex, trace_id: '1-' + Math.floor(now).toString(16) + '-' + hex.padStart(24, '0'),
    start_time: now - 0.01, end_time: now,
    http: { request: { method: 'GET', url: 'http://localhost:4567/api/activities/home' }, response: { status: 200 } },
    aws: { xray: { sdk: 'X-Ray for Node.js', sdk_version: '3.12.0', package: 'aws-xray-sdk' } },
    subsegments: [{ id: hex.slice(1) + 'a', name: 'activities_home', start_time: now - 0.009, end_time: now - 0.001 }],
  }));
}
function pump() {
  // A bounded window of sends in flight: as fast as the kernel takes them, without unbounded buffering.
  while (inFlight < 64 && Date.now() < deadline) {
    inFlight++;
    socket.send(datagram(sent++), workerData.port, '127.0.0.1', () => { inFlight--; pump(); });
  }
  if (inFlight === 0 && Date.now() >= deadline) { socket.close(); parentPort.postMessage(sent); }
}
pump();
`;

export async function benchXray(options: { durationMs: number }): Promise<XrayBenchResult> {
  const stores = createXrayStores();
  const daemon = await startXrayDaemon({ port: 0, ...stores });
  try {
    const started = Date.now();
    const sent = await new Promise<number>((resolve, reject) => {
      const worker = new Worker(senderSource, { eval: true, workerData: { port: daemon.udpPort, durationMs: options.durationMs } });
      worker.once('message', (n: number) => resolve(n));
      worker.once('error', reject);
    });
    // Let the receiver drain what is still queued in the socket buffer.
    let last = -1;
    while (stores.segmentStore.ingestStats.accepted !== last) {
      last = stores.segmentStore.ingestStats.accepted;
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsedMs = Date.now() - started;
    const stats = stores.segmentStore.ingestStats;
    return { xraySegmentsPerSecond: Math.round(stats.accepted / (elapsedMs / 1000)), sent, stored: stats.accepted, dropped: stats.droppedTotal, durationMs: elapsedMs };
  } finally {
    await daemon.close();
  }
}

if (isMain(import.meta.url)) {
  const durationMs = Number(process.argv[2] ?? 3000);
  console.log(JSON.stringify(await benchXray({ durationMs }), null, 2));
}
