import net from 'node:net';

/**
 * Asks the OS for `count` distinct free loopback ports. All sockets stay open until every port is
 * known, so the OS cannot hand out the same one twice; another program may still take one before the
 * learner's process binds it, which the learner sees as EADDRINUSE (rare; a new session fixes it).
 */
export async function allocateFreePorts(count: number, avoid: ReadonlySet<number> = new Set()): Promise<number[]> {
  const servers: net.Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      const port = (server.address() as net.AddressInfo).port;
      if (!avoid.has(port)) ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}
