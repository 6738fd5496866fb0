// The servers both runtimes connect to: echo (IPv4 and IPv6), silent, stalled, FIN, closer, byte counter, resets (on the
// first bytes, at once, a moment later), TLS (trusted, wrong name, untrusted, half-closing, telling the SNI), STARTTLS (at once, after a
// command line, after a command line and a reply).
// Usage: node peers.js <certificate folder>; prints {"echo": port, ...} on one line, then serves until killed.
'use strict';
const net = require('net');
const tls = require('tls');
const fs = require('fs');
const { Duplex } = require('stream');

const dir = process.argv[2];
const pair = name => ({ key: fs.readFileSync(`${dir}/${name}.key`), cert: fs.readFileSync(`${dir}/${name}.pem`) });
const trusted = pair('server');
const wrongName = pair('other');
const untrusted = pair('stranger-server');

const quiet = socket => socket.on('error', () => {});
const echo = socket => { quiet(socket); socket.pipe(socket); };
const tlsServer = credentials => tls.createServer(credentials, echo).on('tlsClientError', () => {});
// Over TLS: sends "bye" and ends its side, and keeps reading (a half-closing TLS peer).
const tlsFinServer = credentials => tls.createServer({ ...credentials, allowHalfOpen: true }, socket => {
  quiet(socket);
  socket.resume();
  socket.end('bye');
}).on('tlsClientError', () => {});
// STARTTLS: the client's first bytes after connecting are its TLS ClientHello, so the server upgrades at once.
const startTlsServer = credentials => net.createServer(raw => {
  quiet(raw);
  echo(new tls.TLSSocket(raw, { isServer: true, ...credentials }));
});
// A duplex stream over `raw` that yields `leftover` before what `raw` reads next.
const streamWithLeftover = (raw, leftover) => {
  const stream = new Duplex({
    read() { raw.resume(); },
    write(chunk, encoding, callback) { raw.write(chunk, callback); },
    final(callback) { raw.end(); callback(); },
    destroy(error, callback) { raw.destroy(); callback(error); },
  });
  if (leftover.length > 0) stream.push(leftover);
  raw.on('data', chunk => { if (!stream.push(chunk)) raw.pause(); });
  raw.on('end', () => stream.push(null));
  return stream;
};
// STARTTLS as SMTP and friends speak it: a plaintext command line first, an optional "OK" reply, then the handshake.
const commandThenTlsServer = (credentials, reply) => net.createServer(raw => {
  quiet(raw);
  let received = Buffer.alloc(0);
  const onData = chunk => {
    received = Buffer.concat([received, chunk]);
    const end = received.indexOf('\n');
    if (end < 0) return;
    raw.removeListener('data', onData);
    raw.pause();
    // A ClientHello sent right behind the line (startTls() without waiting) belongs to the TLS side. A TLSSocket on a
    // net.Socket reads its handle and would never see those bytes, so it gets a stream that hands them over first.
    const rest = received.subarray(end + 1);
    const upgrade = () => echo(new tls.TLSSocket(streamWithLeftover(raw, rest), { isServer: true, ...credentials }));
    if (reply) raw.write('OK\r\n', upgrade);
    else upgrade();
  };
  raw.on('data', onData);
});

const servers = {
  echo: net.createServer(echo),
  silent: net.createServer(socket => { quiet(socket); socket.resume(); }),
  // Accepts and never reads: the client's writes fill the buffers and then wait (backpressure).
  stall: net.createServer(socket => { quiet(socket); socket.pause(); }),
  // Counts the bytes it receives until the client's FIN, then answers the count and ends.
  counter: net.createServer({ allowHalfOpen: true }, socket => {
    quiet(socket);
    let count = 0;
    socket.on('data', chunk => { count += chunk.length; });
    socket.on('end', () => socket.end(String(count)));
  }),
  // Sends "bye" and its FIN, and keeps reading: a half-closing peer.
  fin: net.createServer({ allowHalfOpen: true }, socket => { quiet(socket); socket.resume(); socket.end('bye'); }),
  // Answers the first bytes with "partial", then resets the connection.
  reset: net.createServer(socket => {
    quiet(socket);
    socket.once('data', () => socket.write('partial', () => socket.resetAndDestroy()));
  }),
  // Resets the connection as soon as it is accepted.
  resetAtOnce: net.createServer(socket => { quiet(socket); socket.resetAndDestroy(); }),
  // Sends "bye", ends its side and closes the connection at once (no half-close): later client bytes meet a reset.
  closer: net.createServer(socket => { quiet(socket); socket.end('bye', () => socket.destroy()); }),
  // Resets the connection a moment after accepting it, while the client is idle.
  resetLater: net.createServer(socket => { quiet(socket); setTimeout(() => socket.resetAndDestroy(), 200); }),
  // Resets the connection as soon as the client's first bytes arrive.
  resetOnData: net.createServer(socket => { quiet(socket); socket.once('data', () => socket.resetAndDestroy()); }),
  tls: tlsServer(trusted),
  tlsWrongName: tlsServer(wrongName),
  tlsUntrusted: tlsServer(untrusted),
  tlsFin: tlsFinServer(trusted),
  // Over TLS: tells the client the server name (SNI) it asked for, then reads and ignores.
  tlsSni: tls.createServer(trusted, socket => { quiet(socket); socket.write(`sni=${socket.servername || 'none'}`); socket.resume(); })
    .on('tlsClientError', () => {}),
  starttls: startTlsServer(trusted),
  starttlsUntrusted: startTlsServer(untrusted),
  starttlsLine: commandThenTlsServer(trusted, false),
  starttlsReply: commandThenTlsServer(trusted, true),
};
const servers6 = { echo6: net.createServer(echo) };

const listen = (server, host = '127.0.0.1') => new Promise(resolve => server.listen(0, host, () => resolve(server.address().port)));

(async () => {
  const ports = {};
  for (const [name, server] of Object.entries(servers)) ports[name] = await listen(server);
  for (const [name, server] of Object.entries(servers6)) ports[name] = await listen(server, '::1');
  const closed = net.createServer();
  ports.refused = await listen(closed); // nothing listens there once it is closed
  closed.close();
  console.log(JSON.stringify(ports));
})();
