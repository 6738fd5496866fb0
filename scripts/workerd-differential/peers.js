// The servers both runtimes connect to: echo, silent, FIN, reset, TLS (trusted, wrong name, untrusted), STARTTLS.
// Usage: node peers.js <certificate folder>; prints {"echo": port, ...} on one line, then serves until killed.
'use strict';
const net = require('net');
const tls = require('tls');
const fs = require('fs');

const dir = process.argv[2];
const pair = name => ({ key: fs.readFileSync(`${dir}/${name}.key`), cert: fs.readFileSync(`${dir}/${name}.pem`) });
const trusted = pair('server');
const wrongName = pair('other');
const untrusted = pair('stranger-server');

const quiet = socket => socket.on('error', () => {});
const echo = socket => { quiet(socket); socket.pipe(socket); };
const tlsServer = credentials => tls.createServer(credentials, echo).on('tlsClientError', () => {});
// STARTTLS: the client's first bytes after connecting are its TLS ClientHello, so the server upgrades at once.
const startTlsServer = credentials => net.createServer(raw => {
  quiet(raw);
  echo(new tls.TLSSocket(raw, { isServer: true, ...credentials }));
});

const servers = {
  echo: net.createServer(echo),
  silent: net.createServer(socket => { quiet(socket); socket.resume(); }),
  // Sends "bye" and its FIN, and keeps reading: a half-closing peer.
  fin: net.createServer({ allowHalfOpen: true }, socket => { quiet(socket); socket.resume(); socket.end('bye'); }),
  // Answers the first bytes with "partial", then resets the connection.
  reset: net.createServer(socket => {
    quiet(socket);
    socket.once('data', () => socket.write('partial', () => socket.resetAndDestroy()));
  }),
  // Resets the connection as soon as the client's first bytes arrive.
  resetOnData: net.createServer(socket => { quiet(socket); socket.once('data', () => socket.resetAndDestroy()); }),
  tls: tlsServer(trusted),
  tlsWrongName: tlsServer(wrongName),
  tlsUntrusted: tlsServer(untrusted),
  starttls: startTlsServer(trusted),
  starttlsUntrusted: startTlsServer(untrusted),
};

const listen = server => new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

(async () => {
  const ports = {};
  for (const [name, server] of Object.entries(servers)) ports[name] = await listen(server);
  const closed = net.createServer();
  ports.refused = await listen(closed); // nothing listens there once it is closed
  closed.close();
  console.log(JSON.stringify(ports));
})();
