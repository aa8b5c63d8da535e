/**
 * The embedded development broker of `npm start`: Aedes with a WebSocket listener for the
 * browser and a TCP listener for mosquitto_pub and `npx mqtt pub`, on loopback only.
 */
import { Aedes } from 'aedes';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { WebSocketServer, createWebSocketStream } from 'ws';

export interface DevBroker {
  readonly host: string;
  readonly wsPort: number;
  readonly tcpPort: number;
  /** The address the app connects to. */
  readonly wsUrl: string;
  close(): Promise<void>;
}

export interface DevBrokerOptions {
  readonly host?: string;
  /** Ports to try first; a busy one is replaced by a free one. 0 means any free port. */
  readonly wsPort?: number;
  readonly tcpPort?: number;
}

function listen(server: HttpServer | TcpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && port !== 0) {
        resolve(listen(server, 0, host));
      } else {
        reject(error);
      }
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function closeServer(server: HttpServer | TcpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startDevBroker({ host = '127.0.0.1', wsPort = 0, tcpPort = 0 }: DevBrokerOptions = {}): Promise<DevBroker> {
  const aedes = await Aedes.createBroker();
  const tcpServer = createTcpServer((socket) => aedes.handle(socket));
  const httpServer = createHttpServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' }).end('This is an MQTT over WebSocket endpoint.\n');
  });
  const actualTcpPort = await listen(tcpServer, tcpPort, host);
  const actualWsPort = await listen(httpServer, wsPort, host);
  // Attached once listening: it re-emits the server's errors, a busy port among them.
  const wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', (socket, request) => aedes.handle(createWebSocketStream(socket), request));
  return {
    host,
    wsPort: actualWsPort,
    tcpPort: actualTcpPort,
    wsUrl: `ws://${host}:${actualWsPort}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await Promise.all([closeServer(httpServer), closeServer(tcpServer)]);
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    },
  };
}
