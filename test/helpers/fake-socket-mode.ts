/**
 * A Socket Mode stand-in for tests: the WebSocket end of Slack that `apps.connections.open` points
 * the app at. A WebSocket server on a loopback port (the `ws` package: framing, masking, ping/pong
 * and the close handshake are its job, not this file's). On each connection it sends `hello`; a test
 * then sends envelopes and reads the acks the app sends back.
 *
 * Shapes, from docs.slack.dev/apis/events-api/using-socket-mode and @slack/socket-mode 3
 * (dist/src/SocketModeClient.js, which reads them):
 * - hello: `{type:'hello', num_connections, connection_info:{app_id}, debug_info:{…}}`; the client
 *   counts itself connected (and `app.start()` resolves) only once it arrives.
 * - envelope: `{envelope_id, type, payload, accepts_response_payload}`; `events_api` envelopes also
 *   carry `retry_attempt` and `retry_reason`, which Bolt hands to listeners as retryNum/retryReason.
 * - ack: `{envelope_id, payload}`; the client always sends `payload` (`{}` for a bare ack).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  at: number;
}

export interface SendOptions {
  envelopeId?: string;
  /** Slack's redelivery count (0 on the first delivery); events_api only. */
  retryAttempt?: number;
  retryReason?: string;
  /** Default: true for slash commands and interactions, false for events, as Slack sends them. */
  acceptsResponsePayload?: boolean;
}

export interface FakeSocketMode {
  /** What `apps.connections.open` answers: `ws://127.0.0.1:<port>/link/?ticket=…`. */
  url: string;
  /** Every envelope sent, in order. */
  sent: Envelope[];
  /** Every ack the app sent back, in order. */
  acks: SocketAck[];
  /** Anything else the app sent (not JSON, or not an ack): expected to stay empty. */
  unexpected: string[];
  /** Connections accepted so far (each was sent `hello`). */
  connectionCount(): number;
  /** Sends an envelope on the newest open connection; returns its envelope_id. */
  send(type: EnvelopeType, payload: Record<string, unknown>, options?: SendOptions): string;
  acksFor(envelopeId: string): SocketAck[];
  /** Resolves with the first ack for the envelope. */
  waitForAck(envelopeId: string, ms?: number): Promise<SocketAck>;
  close(): Promise<void>;
}

export const APP_ID = 'A0TEST';

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const sent: Envelope[] = [];
  const acks: SocketAck[] = [];
  const unexpected: string[] = [];
  const open: WebSocket[] = [];
  let connections = 0;

  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/link/' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  server.on('connection', (socket) => {
    connections++;
    open.push(socket);
    socket.on('close', () => {
      const i = open.indexOf(socket);
      if (i >= 0) open.splice(i, 1);
    });
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      try {
        const message = JSON.parse(text) as Record<string, unknown>;
        if (typeof message['envelope_id'] === 'string') {
          const payload = message['payload'];
          acks.push({
            envelope_id: message['envelope_id'],
            ...(payload && typeof payload === 'object' ? { payload: payload as Record<string, unknown> } : {}),
            at: Date.now(),
          });
          return;
        }
      } catch {
        // not JSON: recorded below
      }
      unexpected.push(isBinary ? `<binary ${data.toString().length} bytes>` : text);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: open.length,
        connection_info: { app_id: APP_ID },
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
      }),
    );
  });

  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}`,
    sent,
    acks,
    unexpected,
    connectionCount: () => connections,
    send(type, payload, options = {}) {
      const socket = open[open.length - 1];
      if (!socket) throw new Error('no Socket Mode connection is open');
      const envelope: Envelope = {
        envelope_id: options.envelopeId ?? randomUUID(),
        type,
        payload,
        accepts_response_payload: options.acceptsResponsePayload ?? type !== 'events_api',
        ...(type === 'events_api' ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? '' } : {}),
      };
      sent.push(envelope);
      socket.send(JSON.stringify(envelope));
      return envelope.envelope_id;
    },
    acksFor: (envelopeId) => acks.filter((a) => a.envelope_id === envelopeId),
    async waitForAck(envelopeId, ms = 20000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const ack = acks.find((a) => a.envelope_id === envelopeId);
        if (ack) return ack;
        if (Date.now() > deadline) throw new Error(`gave up waiting for the ack of envelope ${envelopeId}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.terminate();
        server.close(() => resolve());
      }),
  };
}
