// The third round of cases, written from workerd's own sources (src/workerd/api/sockets.c++ and the WHATWG URL parser
// it uses for the string form) rather than from WorkerSockets: the order of its checks, the forms its parser accepts,
// what its TLS client verifies, and what settles when. cases.js appends them to its list.
'use strict';

const connect = (address, extra = {}) => ({ kind: 'connect', address, ...extra });
const object = (hostname, port, extra = {}) => ({ kind: 'connect', hostname, port, ...extra });

// Reasons shared by several rows.
const afterWriterEnd = 'StartTls after Writable.Complete() throws at once and says why (a TLS handshake has to write); workerd accepts it, its TLS socket never opens, and closed rejects with a writer-lock message';
const closeAfterPeerEnd = "Closed completes when the handler closes a socket whose peer ended: nothing failed. workerd starts its own close of the write side only when the handler's read meets the end, and a close() that comes before that has finished rejects closed with This socket has been closed. (awaited first, closed resolves, as the readsToEnd and peerEnds rows show)";
const completeTwice = "Writable.Complete()/CompleteAsync() may be called again, and after CloseAsync, as every PipeWriter's (libraries complete their writer in finally blocks); writes after it fail with This WritableStream has been closed. as in workerd, whose second writer.close() rejects";

module.exports = [
  // The object form: JSG converts the port before connect() runs, and isValidHost() checks "hostname:port" (so the
  // 255-character limit counts the port too).
  object('a b', 70000),
  object('', -1),
  object('host$', 65536),
  object('a'.repeat(250), 5432),
  object('a'.repeat(251), 5432),
  object('a'.repeat(253), 80),
  object('a'.repeat(254), 80),
  object('127.0.0.1', 80),
  object('localhost', 443),
  // The string form: the URL parser drops tabs and newlines anywhere, trims C0 controls and spaces at the ends,
  // reads the port as a decimal number (leading zeros allowed, so "080" is the HTTP port), and takes no backslash.
  connect('127.0.0.1:080'),
  connect('127.0.0.1:0443'),
  connect('[::1]:80'),
  connect('127.0.0.1:0000000000{echo}'),
  connect('localhost:54\t32'),
  connect('local\nhost:5432'),
  connect('localhost:5432\r\n'),
  connect('localhost:5432\u0001'),
  connect('localhost:5432\\x'),
  connect('localhost:/5432'),
  connect('localhost:\uff15\uff14\uff13\uff12'),
  connect('[v1.x]:5432'),
  connect('[::1]]:5432'),
  // Host names the platform resolves with getaddrinfo: every numeric form inet_aton reads, a name with an IPv6
  // address only, multicast and broadcast addresses.
  connect('0x7f000001:{echo}'),
  connect('017700000001:{echo}'),
  connect('127.0.1:{echo}'),
  connect('0x7f.1:{echo}'),
  connect('4294967296:5432'),
  connect('localhost:{echo6}'),
  connect('224.0.0.1:5432'),
  connect('255.255.255.255:5432'),
  // TLS verifies the name as given: an IP address only when it is written as one (inet_pton), else a DNS name.
  { kind: 'tls', address: 'LOCALHOST:{tls}' },
  { kind: 'tls', address: '127.1:{tls}' },
  { kind: 'tls', address: '2130706433:{tls}' },
  { kind: 'tls', address: '0177.0.0.1:{tls}' },
  { kind: 'tls', address: '[::ffff:127.0.0.1]:{tls}' },
  { kind: 'tls', hostname: 'localhost', port: '{tls}' },
  // The server name (SNI) sent: the name as written, none for an IP address.
  { kind: 'tls', address: 'localhost:{tlsSni}' },
  { kind: 'tls', address: 'LOCALHOST:{tlsSni}' },
  { kind: 'tls', address: '127.0.0.1:{tlsSni}' },
  // What opened reports for the object form with a bracketed IPv6 literal; close() before a TLS handshake finished.
  { kind: 'openedInfo', hostname: '[::1]', port: '{echo6}' },
  { kind: 'closeBeforeOpen', address: '127.0.0.1:{tls}', secureTransport: 'on' },
  { kind: 'closeBeforeOpen', address: '127.0.0.1:{tlsUntrusted}', secureTransport: 'on' },
  { kind: 'readPendingAtClose', address: '127.0.0.1:{tls}', secureTransport: 'on' },
  { kind: 'useAfterClose', address: '127.0.0.1:{tls}', secureTransport: 'on' },
  // startTls() with an empty expectedServerHostname, or one naming the other certificate's host.
  { kind: 'upgradeEdge', address: '127.0.0.1:{starttls}', scenario: 'emptyName', tlsOptions: { expectedServerHostname: '' }, byDesign: 'an empty ExpectedServerHostname throws ArgumentException at StartTls (and at Connect): the name check has no off switch; workerd hands "" to OpenSSL, which then checks no name, and the upgrade opens' },
  { kind: 'upgradeEdge', address: 'localhost:{starttls}', scenario: 'upperName', tlsOptions: { expectedServerHostname: 'LOCALHOST' } },
  // startTls(): workerd checks "TLS socket", then "closed", then the secureTransport option, then "already called".
  { kind: 'startTls', address: '127.0.0.1:{echo}', scenario: 'afterClose' },
  { kind: 'startTls', address: '127.0.0.1:{echo}', secureTransport: 'off', scenario: 'afterClose' },
  { kind: 'startTls', address: '127.0.0.1:{tls}', secureTransport: 'on', scenario: 'afterClose' },
  { kind: 'startTlsOnUpgraded', address: '127.0.0.1:{starttls}' },
  { kind: 'startTlsWhileClosing', address: '127.0.0.1:{starttls}', byDesign: 'StartTls after CloseAsync throws at once, even before the close has finished; in workerd an upgrade started before close() has torn the connection down takes it over and opens' },
  { kind: 'startTlsEdge', address: '127.0.0.1:{starttls}', scenario: 'earlyWrite' },
  { kind: 'startTlsEdge', address: '127.0.0.1:{starttls}', scenario: 'afterWriterClose', byDesign: afterWriterEnd },
  { kind: 'startTlsEdge', address: '127.0.0.1:{starttls}', scenario: 'afterWriterClose', releaseWriter: true, byDesign: afterWriterEnd },
  // STARTTLS where the server's plaintext reply is left unread: it reaches the TLS client ahead of the handshake.
  { kind: 'startTlsAfterCommand', address: '127.0.0.1:{starttlsReply}', byDesign: 'the handshake fails on the plaintext reply; workerd fails opened with "internal error; reference = ..."; ours with proxy request failed, then where and why' },
  // The properties after close(), and of a socket whose connect failed.
  { kind: 'properties', address: '127.0.0.1:{refused}', secureTransport: 'starttls', byDesign: 'a socket whose connect has failed has no connection to upgrade, so StartTls throws The connection was closed before startTls could be started.; workerd accepts startTls() and its TLS socket never opens' },
  // Bytes written before a TLS socket opened; reads and writes on a socket closed while it connects; close() with the
  // peer's data and end unread.
  { kind: 'earlyWrite', address: '127.0.0.1:{tls}', secureTransport: 'on' },
  { kind: 'useWhileConnecting', address: '127.0.0.1:{echo}' },
  { kind: 'useWhileConnecting', address: '127.0.0.1:{tls}', secureTransport: 'on' },
  { kind: 'useWhileConnecting', address: '127.0.0.1:{refused}' },
  { kind: 'useWhileConnecting', address: '127.0.0.1:{refused}', awaitOpened: true },
  { kind: 'useWhileConnecting', address: '127.0.0.1:{echo}', awaitOpened: true },
  { kind: 'useWhileConnecting', address: 'nowhere.invalid:5432' },
  connect('127.0.0.1:{fin}'),
  connect('127.0.0.1:{closer}'),
  // connect() at module scope, in every form.
  { kind: 'globalScopeForm', variant: 'object' },
  { kind: 'globalScopeForm', variant: 'objectPortOutOfRange' },
  { kind: 'globalScopeForm', variant: 'objectNegativePort' },
  { kind: 'globalScopeForm', variant: 'malformedAddress' },
  { kind: 'globalScopeForm', variant: 'unsupportedOption' },
  // A socket nobody reads: the peer ends its side, closes the connection, or resets it.
  { kind: 'idleUntilClosed', address: '127.0.0.1:{fin}', byDesign: closeAfterPeerEnd },
  { kind: 'idleUntilClosed', address: '127.0.0.1:{fin}', allowHalfOpen: true },
  { kind: 'idleUntilClosed', address: '127.0.0.1:{fin}', skipWrite: true, byDesign: closeAfterPeerEnd },
  { kind: 'idleUntilClosed', address: '127.0.0.1:{closer}', byDesign: closeAfterPeerEnd },
  { kind: 'idleUntilClosed', address: '127.0.0.1:{resetLater}' },
  { kind: 'idleUntilClosed', address: '127.0.0.1:{tlsFin}', secureTransport: 'on', byDesign: `${closeAfterPeerEnd}; over TLS workerd's last read may also fail with Network connection lost. (see the tlsFin row)` },
  { kind: 'idleUntilClosed', address: '127.0.0.1:{resetLater}', allowHalfOpen: true },
  { kind: 'peerEnds', address: '127.0.0.1:{closer}' },
  { kind: 'readsToEnd', address: '127.0.0.1:{closer}' },
  { kind: 'readsToEnd', address: '127.0.0.1:{resetLater}' },
  { kind: 'earlyWrite', address: '127.0.0.1:{closer}' },
  // writer.close() twice, and after close().
  { kind: 'endTwice', address: '127.0.0.1:{echo}', allowHalfOpen: true, byDesign: completeTwice },
  { kind: 'endTwice', address: '127.0.0.1:{echo}', scenario: 'afterClose', byDesign: completeTwice },
  // options given as null.
  { kind: 'echo', address: '127.0.0.1:{echo}', nullOptions: true, byDesign: 'null options are the defaults, as an optional .NET parameter reads; workerd refuses null with "Cannot initialize N7workerd3api13SocketOptionsE with required members from an undefined or null value."' },
  // The writable's highWaterMark option.
  { kind: 'echo', address: '127.0.0.1:{echo}', highWaterMark: 1 },
  { kind: 'largeWrite', address: '127.0.0.1:{echo}', size: 1 << 20, highWaterMark: 1 },
  { kind: 'echo', address: '127.0.0.1:{echo}', highWaterMark: -1, byDesign: 'SocketOptions has no HighWaterMark: the writable keeps no queue of its own (FlushAsync completes when the socket has taken the bytes), so there is no mark to set, and no negative one to refuse' },
];
