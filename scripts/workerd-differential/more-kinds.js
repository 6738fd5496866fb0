// More kinds of worker.js, as a tester would write them from the connect() docs: round trips under each option,
// what opened reports, close() twice and over a stalled write, releaseLock(), the values a writer accepts, STARTTLS as
// protocols speak it and its edges (a pending read, a held reader, the old socket closed, a wrong name), reads to a
// peer's end one by one, the socket properties, many sockets at once, ctx.waitUntil() work, and writes queued before
// opened followed by close() or writer.close().
// Every kind has a twin in Driver/MoreCases.cs.
import { encoder, decoder, settle, attempt, open, opened, readText } from './helpers.js';

const finished = new Map(); // steps recorded by waitUntil work, collected by the case's second request

const readDone = reader => reader.read().then(r => (r.done ? 'done' : 'data'));

// Reads until the text received ends with `end` (or the stream ends); returns the text.
async function readUntil(reader, end) {
  let text = '';
  while (!text.endsWith(end)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  return text;
}

// "127.0.0.1:51234" -> "127.0.0.1:<port>": a local port differs on every run.
const shape = address => (typeof address === 'string' ? address.replace(/:\d+$/, ':<port>') : String(address));

const values = {
  empty: () => new Uint8Array(0),
  arrayBuffer: () => encoder.encode('abc').buffer,
  dataView: () => new DataView(encoder.encode('abc').buffer),
  uint16Array: () => new Uint16Array(encoder.encode('abcd').buffer),
  string: () => 'abc',
};

const properties = socket => `secureTransport=${socket.secureTransport} upgraded=${socket.upgraded}`;

export const moreKinds = {
  // connect, one round trip through the echo server, close.
  async echo(c, steps) {
    let socket;
    steps.connect = attempt(() => { socket = open(c); });
    if (!socket) return;
    steps.opened = await settle(opened(socket));
    const writer = socket.writable.getWriter();
    const reader = socket.readable.getReader();
    steps.write = await settle(writer.write(encoder.encode('hello')));
    steps.echo = await settle(readUntil(reader, 'hello'));
    steps.close = await settle(socket.close());
    steps.closed = await settle(socket.closed);
  },
  // what opened resolves with: remoteAddress as given, localAddress's shape.
  async openedInfo(c, steps) {
    const socket = open(c);
    steps.opened = await settle(socket.opened.then(info => `remote=${info.remoteAddress} local=${shape(info.localAddress)}`));
    steps.close = await settle(socket.close());
  },
  // close() called twice before either settles.
  async closeTwice(c, steps) {
    const socket = open(c);
    steps.opened = await settle(opened(socket));
    const first = socket.close();
    const second = socket.close();
    steps.close1 = await settle(first);
    steps.close2 = await settle(second);
    steps.closed = await settle(socket.closed);
  },
  // a write the peer never reads (backpressure), then close().
  async closeWithStalledWrite(c, steps) {
    const socket = open(c);
    const writer = socket.writable.getWriter();
    steps.opened = await settle(opened(socket));
    const writing = writer.write(new Uint8Array(c.size));
    steps.writeWaits = await settle(writing, 1000);
    const closing = socket.close();
    steps.close = await settle(closing);
    steps.write = await settle(writing, 1000);
    steps.closed = await settle(socket.closed, 1000);
  },
  // the handler releases its reader and writer, closes, and then takes the streams up again.
  async releaseLock(c, steps) {
    const socket = open(c);
    const reader = socket.readable.getReader();
    const writer = socket.writable.getWriter();
    steps.opened = await settle(opened(socket));
    reader.releaseLock();
    writer.releaseLock();
    steps.close = await settle(socket.close());
    steps.closed = await settle(socket.closed);
    steps.read = await settle((async () => readDone(socket.readable.getReader()))());
    steps.write = await settle((async () => socket.writable.getWriter().write(encoder.encode('x')))());
  },
  // a value of another kind than Uint8Array, then a marker; the echo shows what reached the peer.
  async writeValue(c, steps) {
    const socket = open(c);
    const writer = socket.writable.getWriter();
    const reader = socket.readable.getReader();
    steps.write = await settle((async () => writer.write(values[c.value]()))());
    steps.write2 = await settle(writer.write(encoder.encode('!')));
    steps.echo = await settle(readUntil(reader, '!'), 1000);
    steps.close = await settle(socket.close());
  },
  // STARTTLS as protocols speak it: a command line in plaintext, (the reply,) then startTls().
  async startTlsAfterCommand(c, steps) {
    const socket = open({ ...c, secureTransport: 'starttls' });
    const writer = socket.writable.getWriter();
    const reader = socket.readable.getReader();
    const command = writer.write(encoder.encode('STARTTLS\r\n'));
    if (c.awaitReply) {
      steps.write = await settle(command);
      steps.reply = await settle(readUntil(reader, '\n').then(text => text.trim()));
    }
    reader.releaseLock();
    writer.releaseLock();
    let secure;
    steps.startTls = attempt(() => { secure = socket.startTls(); });
    if (!secure) return;
    steps.opened = await settle(opened(secure));
    const secureWriter = secure.writable.getWriter();
    const secureReader = secure.readable.getReader();
    steps.write2 = await settle(secureWriter.write(encoder.encode('secret')));
    steps.echo = await settle(readUntil(secureReader, 'secret'));
    steps.close = await settle(secure.close());
    steps.closed = await settle(secure.closed);
  },
  // startTls() with a read pending on the old socket, with the old reader held and idle, after closing the old socket,
  // or to a name the certificate lacks. (workerd refuses releaseLock() while a read is pending.)
  async upgradeEdge(c, steps) {
    const socket = open({ ...c, secureTransport: 'starttls' });
    steps.opened1 = await settle(opened(socket));
    let pending;
    if (c.scenario === 'pendingReadHeld' || c.scenario === 'heldReader') {
      const reader = socket.readable.getReader();
      if (c.scenario === 'pendingReadHeld') {
        pending = readDone(reader);
        pending.catch(() => {}); // settled below
      }
    }
    let secure;
    steps.startTls = attempt(() => { secure = socket.startTls(c.tlsOptions); });
    if (pending) steps.pendingRead = await settle(pending, 1000);
    if (c.scenario === 'closeOld') steps.closeOld = await settle(socket.close());
    if (!secure) return;
    steps.opened = await settle(opened(secure));
    if (steps.opened.startsWith('ok')) {
      const writer = secure.writable.getWriter();
      const secureReader = secure.readable.getReader();
      steps.write = await settle(writer.write(encoder.encode('secret')));
      steps.echo = await settle(readUntil(secureReader, 'secret'));
    }
    steps.oldClosed = await settle(socket.closed);
    steps.close = await settle(secure.close());
    steps.closed = await settle(secure.closed);
  },
  // the peer ends its side: each read on its own, so data before an error shows.
  async readsToEnd(c, steps) {
    const socket = open(c);
    const reader = socket.readable.getReader();
    const writer = socket.writable.getWriter();
    for (let i = 1; i <= 3; i++) {
      steps[`read${i}`] = await settle(reader.read().then(r => (r.done ? 'done' : decoder.decode(r.value))));
      if (!steps[`read${i}`].startsWith('ok ') || steps[`read${i}`] === 'ok done') break;
    }
    steps.closed = await settle(socket.closed, 1000);
    steps.write = await settle(writer.write(encoder.encode('x')));
    steps.close = await settle(socket.close());
  },
  // secureTransport and upgraded, before and after startTls().
  async properties(c, steps) {
    const socket = open(c);
    steps.before = properties(socket);
    await settle(socket.opened);
    if (c.secureTransport !== 'starttls') {
      steps.close = await settle(socket.close());
      return;
    }
    const secure = socket.startTls();
    steps.old = properties(socket);
    steps.tls = properties(secure);
    steps.opened = await settle(opened(secure));
    steps.oldAfterOpened = properties(socket);
    steps.close = await settle(secure.close());
  },
  // more sockets than a request may hold open at once.
  async many(c, steps) {
    const sockets = Array.from({ length: c.count }, () => open(c));
    const first = await Promise.all(sockets.map(s => settle(s.opened, 1000)));
    steps.opened = `${first.filter(r => r.startsWith('ok')).length} opened, ${first.filter(r => r === 'pending').length} waiting`;
    steps.closeFirst = await settle(sockets[0].close());
    steps.lastOpened = await settle(opened(sockets[c.count - 1]));
    steps.closeAll = await settle(Promise.all(sockets.map(s => s.close())).then(() => undefined));
  },
  // a socket opened by the handler (or by the waitUntil work itself) and used by ctx.waitUntil() work after the response;
  // the next request collects the steps.
  async waitUntil(c, steps, phase, ctx) {
    if (phase === 2) {
      for (let i = 0; i < 100 && !finished.has(c.name); i++) await new Promise(resolve => setTimeout(resolve, 30));
      Object.assign(steps, finished.get(c.name) ?? { late: 'pending' });
      finished.delete(c.name);
      return;
    }
    let socket = c.connectLate ? undefined : open(c);
    if (socket) steps.opened = await settle(opened(socket));
    ctx.waitUntil((async () => {
      const late = {};
      if (!socket) {
        late.lateConnect = attempt(() => { socket = open(c); });
        late.lateOpened = await settle(opened(socket));
      }
      const writer = socket.writable.getWriter();
      const reader = socket.readable.getReader();
      late.lateWrite = await settle(writer.write(encoder.encode('late')));
      late.lateEcho = await settle(readUntil(reader, 'late'));
      late.lateClose = await settle(socket.close());
      finished.set(c.name, late);
    })());
  },
  // bytes written and not awaited, then close() before opened: the write and the close both settle.
  async writeThenClose(c, steps) {
    const socket = open(c);
    const writer = socket.writable.getWriter();
    const writing = writer.write(new Uint8Array(c.size).fill(1));
    const closing = socket.close();
    steps.write = await settle(writing);
    steps.close = await settle(closing);
    steps.opened = await settle(opened(socket));
    steps.closed = await settle(socket.closed);
  },
  // bytes written and not awaited, then writer.close(): the peer counts what reached it before the FIN.
  async countBytes(c, steps) {
    const socket = open(c);
    const writer = socket.writable.getWriter();
    const reader = socket.readable.getReader();
    const writing = writer.write(new Uint8Array(c.size).fill(1));
    steps.end = await settle(writer.close(), 10000);
    steps.write = await settle(writing);
    steps.count = await settle(readText(reader));
    steps.closed = await settle(socket.closed);
  },
};
