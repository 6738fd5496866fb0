// The third round's kinds, written from workerd's sources (api/sockets.c++): connect() forms at module scope, a
// socket left idle until its peer ends or resets it, writer.close() twice or after close(), startTls() on the TLS
// socket it returned and right after a close() that has not finished.
// Every kind has a twin in Driver/ThirdCases.cs.
import { connect } from 'cloudflare:sockets';
import { encoder, decoder, settle, attempt, open, opened, readText } from './helpers.js';

// connect() at module scope in the forms a worker written wrongly would use. In the object form, JSG converts the
// port before connect() runs, so an out-of-range port is reported before the global-scope error.
const globalScopeErrors = {};
for (const [variant, call] of Object.entries({
  object: () => connect({ hostname: '127.0.0.1', port: 1 }),
  objectPortOutOfRange: () => connect({ hostname: '127.0.0.1', port: 70000 }),
  objectNegativePort: () => connect({ hostname: 'a b', port: -1 }),
  malformedAddress: () => connect('no port here'),
  unsupportedOption: () => connect('127.0.0.1:1', { secureTransport: 'bogus' }),
})) {
  try {
    call();
    globalScopeErrors[variant] = 'no error';
  } catch (e) {
    globalScopeErrors[variant] = e.message;
  }
}

const readOnce = reader => reader.read().then(r => (r.done ? 'done' : decoder.decode(r.value)));

export const thirdKinds = {
  async globalScopeForm(c, steps) {
    steps.connect = `throws ${globalScopeErrors[c.variant]}`;
  },
  // The handler opens the socket and does not read: does closed settle when the peer ends or resets the connection?
  // Then it reads, writes (unless skipWrite) and closes.
  async idleUntilClosed(c, steps) {
    const socket = open(c);
    steps.opened = await settle(opened(socket));
    steps.closedIdle = await settle(socket.closed, 1500);
    const reader = socket.readable.getReader();
    const writer = socket.writable.getWriter();
    steps.read = await settle(readOnce(reader));
    if (steps.read !== 'ok done' && steps.read.startsWith('ok ')) steps.readAgain = await settle(readOnce(reader));
    if (!c.skipWrite) steps.write = await settle(writer.write(encoder.encode('x')));
    steps.close = await settle(socket.close());
    steps.closed = await settle(socket.closed);
  },
  // writer.close() twice, or after socket.close().
  async endTwice(c, steps) {
    const socket = open(c);
    const writer = socket.writable.getWriter();
    const reader = socket.readable.getReader();
    steps.opened = await settle(opened(socket));
    if (c.scenario === 'afterClose') {
      steps.close = await settle(socket.close());
      steps.end = await settle(writer.close());
    } else {
      steps.write = await settle(writer.write(encoder.encode('ping')));
      steps.end1 = await settle(writer.close());
      steps.end2 = await settle(writer.close());
      steps.read = await settle(readText(reader));
    }
    steps.closed = await settle(socket.closed);
  },
  // startTls() on the socket startTls() returned.
  async startTlsOnUpgraded(c, steps) {
    const socket = open({ ...c, secureTransport: 'starttls' });
    const secure = socket.startTls();
    steps.opened = await settle(opened(secure));
    steps.startTls2 = attempt(() => { secure.startTls(); });
    steps.close = await settle(secure.close());
  },
  // Bytes written to the TLS socket before its handshake finished; startTls() after the handler ended its side.
  async startTlsEdge(c, steps) {
    const socket = open({ ...c, secureTransport: 'starttls' });
    if (c.scenario === 'afterWriterClose') {
      steps.opened1 = await settle(opened(socket));
      const oldWriter = socket.writable.getWriter();
      steps.end = await settle(oldWriter.close());
      if (c.releaseWriter) oldWriter.releaseLock();
    }
    let secure;
    steps.startTls = attempt(() => { secure = socket.startTls(); });
    if (!secure) return;
    const writer = secure.writable.getWriter();
    const reader = secure.readable.getReader();
    const writing = writer.write(encoder.encode('early'));
    steps.opened = await settle(opened(secure));
    steps.write = await settle(writing);
    if (steps.write === 'ok') steps.echo = await settle(readOnce(reader));
    steps.close = await settle(secure.close());
    steps.closed = await settle(secure.closed);
  },
  // read and write after close() was called while the socket was connecting (and, with awaitOpened, once it settled).
  async useWhileConnecting(c, steps) {
    const socket = open(c);
    const reader = socket.readable.getReader();
    const writer = socket.writable.getWriter();
    const closing = socket.close();
    if (c.awaitOpened) steps.opened = await settle(opened(socket));
    steps.read = await settle(reader.read().then(r => (r.done ? 'done' : 'data')));
    steps.write = await settle(writer.write(encoder.encode('x')));
    if (!c.awaitOpened) steps.opened = await settle(opened(socket));
    steps.close = await settle(closing);
    steps.closed = await settle(socket.closed);
  },
  // startTls() right after close(), before the close has finished.
  async startTlsWhileClosing(c, steps) {
    const socket = open({ ...c, secureTransport: 'starttls' });
    steps.opened1 = await settle(opened(socket));
    const closing = socket.close();
    let secure;
    steps.startTls = attempt(() => { secure = socket.startTls(); });
    if (secure) {
      steps.opened = await settle(opened(secure));
      steps.closeTls = await settle(secure.close());
    }
    steps.close = await settle(closing);
    steps.closed = await settle(socket.closed);
  },
};
