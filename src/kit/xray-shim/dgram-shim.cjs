/**
 * UDP shim for runtimes without UDP (StackBlitz WebContainer: `dgram.createSocket('udp4')` throws
 * "TypeError: s.getAsyncId is not a function", webcontainer-core#39). The X-Ray SDK sends every segment as a UDP
 * datagram to the daemon; this preload carries the very same bytes over HTTP instead:
 *
 *   node -r ./dgram-shim.cjs app.js          (or NODE_OPTIONS="--require ./dgram-shim.cjs")
 *
 * When `dgram.createSocket` throws, or WORKSHOP_XRAY_TRANSPORT=http, it returns a stand-in socket whose
 * send(msg, offset, length, port, address, cb) POSTs the datagram to http://<address>:<port>/workshop/segments —
 * the local daemon's TCP side, which listens on the same port number as its UDP side (AWS_XRAY_DAEMON_ADDRESS
 * needs no change). The learner's code does not change. Where UDP works, nothing changes at all.
 *
 * Plain CommonJS with no dependencies: it must load before anything else in any Node the sandbox runs.
 */
'use strict';

const dgram = require('node:dgram');
const http = require('node:http');
const { EventEmitter } = require('node:events');
const nodeModule = require('node:module');

const ingestPath = '/workshop/segments';
const requestTimeoutMs = 5000;
const originalCreateSocket = dgram.createSocket;
let useHttp = String(process.env.WORKSHOP_XRAY_TRANSPORT || '').toLowerCase() === 'http';
let announced = false;
// Keep-alive: the SDK sends one datagram per segment; a fresh connection each time would be wasteful.
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function announce(reason) {
  if (announced) return;
  announced = true;
  process.stderr.write(`[x-ray shim] ${reason}: sending X-Ray segments to the local daemon over HTTP (${ingestPath}).\n`);
}

/** Normalises dgram's send() overloads: send(msg[, offset, length][, port][, address][, callback]). */
function sendArguments(msg, rest) {
  const args = rest.slice();
  const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  let data = Array.isArray(msg) ? Buffer.concat(msg.map((m) => Buffer.from(m))) : Buffer.from(msg);
  let port;
  let address;
  if (args.length >= 3 && typeof args[0] === 'number' && typeof args[1] === 'number') {
    data = data.subarray(args[0], args[0] + args[1]);
    port = args[2];
    address = args[3];
  } else {
    port = args[0];
    address = args[1];
  }
  if (typeof address !== 'string' || address === '' || address === 'localhost') address = '127.0.0.1';
  return { data, port: Number(port), address, callback };
}

function post(data, port, address, done) {
  const req = http.request(
    { host: address, port, method: 'POST', path: ingestPath, agent, timeout: requestTimeoutMs, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': data.length } },
    (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        if (res.statusCode !== undefined && res.statusCode < 300) return done(null);
        let message = Buffer.concat(chunks).toString('utf8');
        try {
          message = JSON.parse(message).message || message;
        } catch {
          // Not JSON: keep the text.
        }
        done(new Error(`the local X-Ray daemon refused the datagram (HTTP ${res.statusCode}): ${message}`));
      });
      res.on('error', done);
    },
  );
  req.on('timeout', () => req.destroy(new Error(`no answer from the X-Ray daemon at ${address}:${port} within ${requestTimeoutMs} ms`)));
  req.on('error', done);
  req.end(data);
}

/** Enough of dgram.Socket for the X-Ray SDK (send, close, ref/unref, bind, address) and for code that probes it. */
class HttpDatagramSocket extends EventEmitter {
  constructor() {
    super();
    this.closed = false;
  }

  send(msg, ...rest) {
    const { data, port, address, callback } = sendArguments(msg, rest);
    const finish = (error) => {
      if (callback) callback(error || null, error ? undefined : data.length);
      // dgram emits 'error' only without a callback; never crash an app that has no listener.
      else if (error && this.listenerCount('error') > 0) this.emit('error', error);
    };
    if (this.closed) return process.nextTick(finish, new Error('Not running'));
    if (!Number.isInteger(port) || port <= 0 || port > 65535) return process.nextTick(finish, new RangeError(`invalid port ${port}`));
    post(data, port, address, finish);
  }

  bind(...args) {
    const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
    process.nextTick(() => {
      this.emit('listening');
      if (callback) callback();
    });
    return this;
  }

  connect(port, address, callback) {
    this.remote = { port, address };
    if (typeof callback === 'function') process.nextTick(callback);
  }

  address() {
    return { address: '0.0.0.0', family: 'IPv4', port: 0 };
  }

  close(callback) {
    this.closed = true;
    process.nextTick(() => {
      this.emit('close');
      if (typeof callback === 'function') callback();
    });
    return this;
  }

  ref() {
    return this;
  }

  unref() {
    return this;
  }

  setRecvBufferSize() {}
  setSendBufferSize() {}
  getRecvBufferSize() {
    return 0;
  }
  getSendBufferSize() {
    return 0;
  }
}

function createSocket(...args) {
  if (!useHttp) {
    try {
      return originalCreateSocket.apply(this, args);
    } catch (error) {
      useHttp = true;
      announce(`UDP is not available here (${error && error.message ? error.message : error})`);
    }
  } else {
    announce('WORKSHOP_XRAY_TRANSPORT=http');
  }
  const socket = new HttpDatagramSocket();
  const listener = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  if (listener) socket.on('message', listener);
  return socket;
}

createSocket.workshopXrayShim = true;
dgram.createSocket = createSocket;
// ES modules that `import { createSocket } from 'node:dgram'` see the replacement too.
nodeModule.syncBuiltinESMExports();
