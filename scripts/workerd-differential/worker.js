// The workerd side of the differential: POST a case (placeholders already resolved), get its steps as JSON.
// Every kind here, in more-kinds.js and in third-kinds.js has a twin in Driver/ that does the same steps through WorkerSockets.
import { connect } from 'cloudflare:sockets';
import { encoder, decoder, settle, attempt, open, readText, opened } from './helpers.js';
import { moreKinds } from './more-kinds.js';
import { thirdKinds } from './third-kinds.js';

// connect() at module scope, as a worker written wrongly would do it.
let globalScopeError = 'no error';
try {
  connect('127.0.0.1:1');
} catch (e) {
  globalScopeError = e.message;
}

const saved = new Map(); // sockets kept from one request for the next (cross-request cases)

const kinds = {
  // connect, then opened, close(), closed and a second close().
  async connect(c, steps) {
    let socket;
    steps.connect = attempt(() => { socket = open(c); });
    if (!socket) return;
    steps.opened = await settle(opened(socket));
    steps.close = await settle(socket.close());
    steps.closed = await settle(socket.closed);
    steps.close2 = await settle(socket.close());
  },
  // close() before the connection is made.
  async closeBeforeOpen(c, steps) {
    const socket = open(c);
    const closing = socket.close();
    steps.opened = await settle(opened(socket));
    steps.close = await settle(closing);
    steps.closed = await settle(socket.closed);
  },
  // read and write while close() is flushing, and after it finished.
  async useAfterClose(c, steps) {
    const socket = open(c);
    const reader = socket.readable.getReader();
    const writer = socket.writable.getWriter();
    await socket.opened;
    const closing = socket.close();
    if (!c.afterClosed) {
      steps.read = await settle(reader.read().then(r => (r.done ? 'done' : 'data')));
      steps.write = await settle(writer.write(encoder.encode('x')));
    }
    steps.close = await settle(closing);
    if (c.afterClosed) {
      steps.read = await settle(reader.read().then(r => (r.done ? 'done' : 'data')));
      steps.write = await settle(writer.write(encoder.encode('x')));
    }
    steps.closed = await settle(socket.closed);
  },
  // bytes written before opened, echoed back; then the handler gives up its sides in other ways.
  async earlyWrite(c, steps) {
    const socket = open(c);
    const writer = socket.writable.getWriter();
    const reader = socket.readable.getReader();
    steps.write = await settle(writer.write(encoder.encode('early')));
    steps.read = await settle(reader.read().then(r => decoder.decode(r.value)));
    if (c.then === 'cancelReader') {
      steps.cancel = await settle(reader.cancel());
      steps.readAfter = await settle(reader.read().then(r => (r.done ? 'done' : 'data')));
      steps.write2 = await settle(writer.write(encoder.encode('x')));
    }
    if (c.then === 'abortWriter') {
      steps.abort = await settle(writer.abort(new Error('encoder failed')));
      steps.write2 = await settle(writer.write(encoder.encode('x')));
    }
    if (c.then === 'readAfterEnd') {
      steps.end = await settle(writer.close());
      steps.readEnd = await settle(reader.read().then(r => (r.done ? 'done' : 'data')));
      steps.readAgain = await settle(reader.read().then(r => (r.done ? 'done' : 'data')));
    }
    steps.closed = await settle(socket.closed, 1000);
    steps.close = await settle(socket.close());
    steps.closedAfterClose = await settle(socket.closed);
  },
  // a read that waits for data when close() is called.
  async readPendingAtClose(c, steps) {
    const socket = open(c);
    const reader = socket.readable.getReader();
    await socket.opened;
    const read = reader.read().then(r => (r.done ? 'done' : 'data'));
    steps.close = await settle(socket.close());
    steps.read = await settle(read);
  },
  // the peer sends "bye" and ends its side.
  async peerEnds(c, steps) {
    const socket = open(c);
    const reader = socket.readable.getReader();
    const writer = socket.writable.getWriter();
    steps.read = await settle(readText(reader));
    steps.closed = await settle(socket.closed, 1000);
    steps.write = await settle(writer.write(encoder.encode('x')));
    steps.close = await settle(socket.close());
  },
  // the handler ends its writable side (half-close) and reads the echo to the end.
  async writerClose(c, steps) {
    const socket = open(c);
    const reader = socket.readable.getReader();
    const writer = socket.writable.getWriter();
    steps.write = await settle(writer.write(encoder.encode('ping')));
    steps.end = await settle(writer.close());
    steps.read = await settle(readText(reader));
    steps.writeAfter = await settle(writer.write(encoder.encode('x')));
    steps.closed = await settle(socket.closed);
  },
  // the peer resets the connection: the read (or the writes) fail.
  async reset(c, steps) {
    const socket = open(c);
    const reader = socket.readable.getReader();
    const writer = socket.writable.getWriter();
    steps.write = await settle(writer.write(encoder.encode('go')));
    if (c.mode === 'read') {
      let text = '';
      steps.read = await settle((async () => {
        while (true) {
          const { value, done } = await reader.read();
          if (done) return `done after ${text}`;
          text += decoder.decode(value);
        }
      })());
      steps.readAgain = await settle(reader.read().then(r => (r.done ? 'done' : 'data')));
      steps.writeAfter = await settle(writer.write(encoder.encode('x')));
    } else {
      const chunk = new Uint8Array(65536);
      steps.writes = await settle((async () => {
        for (let i = 0; i < 2000; i++) await writer.write(chunk);
        return 'all written';
      })(), 10000);
      steps.writeAgain = await settle(writer.write(chunk));
    }
    steps.closed = await settle(socket.closed);
    steps.close = await settle(socket.close());
  },
  // secureTransport "on": the handshake and one echo.
  async tls(c, steps) {
    const socket = open({ ...c, secureTransport: 'on' });
    steps.opened = await settle(opened(socket));
    if (steps.opened.startsWith('ok')) {
      const writer = socket.writable.getWriter();
      const reader = socket.readable.getReader();
      await writer.write(encoder.encode('secret'));
      steps.echo = await settle(reader.read().then(r => decoder.decode(r.value)));
      reader.releaseLock();
      writer.releaseLock();
    }
    steps.close = await settle(socket.close());
    steps.closed = await settle(socket.closed);
  },
  // startTls(): misuse and upgrades.
  async startTls(c, steps) {
    const socket = open(c);
    if (c.scenario === 'afterClose') {
      await settle(socket.opened);
      await settle(socket.close());
    }
    if (c.scenario === 'afterPeerEnd') {
      await settle(readText(socket.readable.getReader()));
      await settle(socket.closed, 1000);
    }
    let secure;
    steps.startTls = attempt(() => { secure = socket.startTls(c.tlsOptions); });
    if (c.scenario === 'twice') steps.startTls2 = attempt(() => { socket.startTls(); });
    if (c.scenario === 'twiceAfterOpened' && secure) {
      steps.opened1 = await settle(opened(secure));
      steps.startTls2 = attempt(() => { socket.startTls(); });
    }
    if (secure) {
      steps.opened = await settle(opened(secure));
      if (c.scenario === 'useOld') {
        // The old streams may be locked by the upgrade; that is what a handler would see too.
        steps.oldWrite = await settle((async () => socket.writable.getWriter().write(encoder.encode('x')))());
        steps.oldRead = await settle((async () => socket.readable.getReader().read().then(r => (r.done ? 'done' : 'data')))());
      }
      if (steps.opened.startsWith('ok')) {
        const writer = secure.writable.getWriter();
        const reader = secure.readable.getReader();
        await writer.write(encoder.encode('upgraded'));
        steps.echo = await settle(reader.read().then(r => decoder.decode(r.value)));
        reader.releaseLock();
        writer.releaseLock();
      }
      steps.oldClosed = await settle(socket.closed);
      steps.close = await settle(secure.close());
      steps.closed = await settle(secure.closed);
    } else {
      steps.close = await settle(socket.close());
    }
  },
  // a socket opened by one request and used by the next one.
  async crossRequest(c, steps, phase) {
    if (phase === 1) {
      const socket = open(c);
      steps.opened = await settle(opened(socket));
      saved.set(c.name, socket);
      return;
    }
    const socket = saved.get(c.name);
    saved.delete(c.name);
    if (c.action === 'write') steps.write = await settle((async () => socket.writable.getWriter().write(encoder.encode('x')))());
    if (c.action === 'read') steps.read = await settle((async () => socket.readable.getReader().read().then(r => (r.done ? 'done' : 'data')))());
    if (c.action === 'close') steps.close = await settle((async () => socket.close())());
    if (c.action === 'startTls') steps.startTls = attempt(() => { socket.startTls(); });
    steps.closed = await settle(socket.closed, 1000);
  },
  async globalScope(c, steps) {
    steps.connect = `throws ${globalScopeError}`;
  },
  // a large write through the echo server, read back in full.
  async largeWrite(c, steps) {
    const socket = open(c);
    const writer = socket.writable.getWriter();
    const reader = socket.readable.getReader();
    const size = c.size;
    const writing = writer.write(new Uint8Array(size).fill(7));
    let received = 0;
    steps.read = await settle((async () => {
      while (received < size) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value.byteLength;
      }
      return received;
    })(), 10000);
    steps.write = await settle(writing);
    steps.close = await settle(socket.close());
  },
};

export default {
  async fetch(request, env, ctx) {
    const { testCase, phase } = await request.json();
    const steps = {};
    try {
      await (kinds[testCase.kind] ?? moreKinds[testCase.kind] ?? thirdKinds[testCase.kind])(testCase, steps, phase, ctx);
    } catch (e) {
      steps.unexpected = `error ${e?.message ?? e}`;
    }
    return Response.json(steps);
  },
};
