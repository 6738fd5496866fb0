// The case list of scripts/workerd-differential.sh. Placeholders such as {echo} are the peers' ports (peers.js).
// `byDesign` marks a row where WorkerSockets differs on purpose (docs/conformance.md says why).
'use strict';

const connect = (address, extra = {}) => ({ kind: 'connect', address, ...extra });
const object = (hostname, port, extra = {}) => ({ kind: 'connect', hostname, port, ...extra });

// Reasons shared by several rows.
const unsupportedMode = 'SecureTransport is an enum: the only unsupported values are numbers outside its members, and the error names the number (workerd names the string)';

const cases = [
  // Address forms that reach the echo server: opened reports the address as given.
  connect('127.0.0.1:{echo}'),
  connect('localhost:{echo}'),
  connect('LOCALHOST:{echo}'),
  connect('127.1:{echo}'),
  connect('2130706433:{echo}'),
  connect('0x7f.0.0.1:{echo}'),
  connect('0177.0.0.1:{echo}'),
  connect('[::ffff:127.0.0.1]:{echo}'),
  connect('127.0.0.1:0{echo}'),
  connect('localhost.:{echo}', { byDesign: 'localhost. resolves through the OS' }),
  // Malformed addresses: Connect throws.
  connect('', { byDesign: 'the empty string gets the empty-string message' }),
  connect('localhost'),
  connect('localhost:'),
  connect(':5432'),
  connect('127.0.0.1:65536'),
  connect('127.0.0.1:99999'),
  connect('127.0.0.1:-1'),
  connect('127.0.0.1:+1'),
  connect('127.0.0.1:1a'),
  connect('a b:5432'),
  connect('host$:5432'),
  connect(`${'a'.repeat(252)}.com:5432`),
  connect('[::1]'),
  connect('[::1:5432'),
  connect('::1:5432'),
  connect('http://localhost:5432'),
  connect('localhost:5432/path'),
  connect('user@localhost:5432'),
  connect('localhost:5432?query'),
  connect('localhost:5432#fragment'),
  connect('[fe80::1%eth0]:5432'),
  connect('[]:5432'),
  connect('[:::1]:5432'),
  connect('[::1]x:5432'),
  connect(' localhost:5432'),
  connect('localhost:5432 '),
  connect('exa%mple.com:5432'),
  connect('bücher.example:5432'),
  connect('localhost:5432:1'),
  // Addresses that parse but cannot be reached: Opened and Closed fault, close() completes.
  connect('127.0.0.1:{refused}'),
  connect('localhost:{refused}'),
  connect('[::1]:{refused}'),
  connect('127.0.0.1:0'),
  connect('127.0.0.1:08'),
  connect('256.1.1.1:5432'),
  connect('1.2.3.4.5:5432'),
  connect('under_score.invalid:5432'),
  connect('nowhere.invalid:5432'),
  connect('127.0.0.1:80'),
  connect('127.0.0.1:443'),
  connect('127.0.0.1:25', { byDesign: 'port 25 is refused at Connect (production does; local workerd does not)' }),
  // The object form.
  object('127.0.0.1', '{echo}'),
  object('localhost', '{echo}'),
  object('127.0.0.1', '{refused}'),
  object('127.0.0.1', 0),
  object('127.0.0.1', 65536),
  object('127.0.0.1', 70000),
  object('127.0.0.1', -1),
  object('[::1]', '{refused}'),
  object('::1', '{refused}', { byDesign: '{ hostname: "::1" } is connected to, where workerd fails it' }),
  object('', '{echo}', { byDesign: 'an empty host throws at Connect; workerd fails opened' }),
  object('localhost:80', '{echo}', { byDesign: 'a host with its own :port throws at Connect; workerd fails opened' }),
  // close() before the connection is made.
  { kind: 'closeBeforeOpen', address: '127.0.0.1:{echo}' },
  { kind: 'closeBeforeOpen', address: 'localhost:{echo}' },
  { kind: 'closeBeforeOpen', address: '127.0.0.1:{refused}' },
  { kind: 'closeBeforeOpen', address: 'nowhere.invalid:5432' },
  // Bytes written before opened; the handler cancels its reader, aborts its writer, or reads past the end.
  { kind: 'earlyWrite', address: '127.0.0.1:{echo}' },
  { kind: 'earlyWrite', address: 'localhost:{echo}', allowHalfOpen: true },
  { kind: 'earlyWrite', address: '127.0.0.1:{echo}', then: 'cancelReader', byDesign: 'reading after Readable.Complete() is an error, as the PipeReader contract has it; after reader.cancel() workerd reports done' },
  { kind: 'earlyWrite', address: '127.0.0.1:{echo}', then: 'abortWriter', byDesign: 'Writable.Complete(exception) fails the socket at once (Closed faults, the connection is reset); workerd keeps closed pending until close()' },
  { kind: 'earlyWrite', address: '127.0.0.1:{echo}', then: 'readAfterEnd' },
  { kind: 'earlyWrite', address: '127.0.0.1:{echo}', allowHalfOpen: true, then: 'readAfterEnd' },
  // Reads and writes while close() flushes and after it finished; a read pending at close().
  { kind: 'useAfterClose', address: '127.0.0.1:{echo}' },
  { kind: 'useAfterClose', address: '127.0.0.1:{echo}', afterClosed: true },
  { kind: 'readPendingAtClose', address: '127.0.0.1:{silent}' },
  // The peer ends its side; the handler ends its side.
  { kind: 'peerEnds', address: '127.0.0.1:{fin}' },
  { kind: 'peerEnds', address: '127.0.0.1:{fin}', allowHalfOpen: true },
  { kind: 'writerClose', address: '127.0.0.1:{echo}', allowHalfOpen: true },
  { kind: 'writerClose', address: '127.0.0.1:{echo}' },
  // Resets.
  { kind: 'reset', address: '127.0.0.1:{reset}', mode: 'read' },
  { kind: 'reset', address: '127.0.0.1:{resetOnData}', mode: 'write' },
  // TLS from the first byte, with real certificates.
  { kind: 'tls', address: '127.0.0.1:{tls}' },
  { kind: 'tls', address: 'localhost:{tls}' },
  { kind: 'tls', address: '127.0.0.1:{tlsWrongName}' },
  { kind: 'tls', address: '127.0.0.1:{tlsUntrusted}' },
  { kind: 'tls', address: '127.0.0.1:{echo}' },
  { kind: 'tls', address: '127.0.0.1:{fin}' },
  { kind: 'tls', address: '127.0.0.1:{refused}' },
  // startTls(): misuse and upgrades.
  { kind: 'startTls', address: '127.0.0.1:{echo}', scenario: 'plain' },
  { kind: 'startTls', address: '127.0.0.1:{tls}', secureTransport: 'on', scenario: 'onTls' },
  { kind: 'startTls', address: '127.0.0.1:{starttls}', secureTransport: 'starttls', scenario: 'upgrade' },
  { kind: 'startTls', address: '127.0.0.1:{starttls}', secureTransport: 'starttls', scenario: 'twice' },
  { kind: 'startTls', address: '127.0.0.1:{starttls}', secureTransport: 'starttls', scenario: 'twiceAfterOpened' },
  { kind: 'startTls', address: '127.0.0.1:{starttls}', secureTransport: 'starttls', scenario: 'afterClose' },
  { kind: 'startTls', address: '127.0.0.1:{refused}', secureTransport: 'starttls', scenario: 'upgrade', byDesign: "the TLS socket reports the failed connect; workerd's never settles" },
  { kind: 'startTls', address: 'nowhere.invalid:5432', secureTransport: 'starttls', scenario: 'upgrade', byDesign: "the TLS socket reports the failed connect; workerd's never settles" },
  { kind: 'startTls', address: '127.0.0.1:{tls}', secureTransport: 'starttls', scenario: 'upgrade' },
  { kind: 'startTls', address: '127.0.0.1:{starttls}', secureTransport: 'starttls', scenario: 'useOld', byDesign: "the old socket's pipes report closing/closed; workerd's old streams are locked by the upgrade" },
  { kind: 'startTls', address: '127.0.0.1:{starttls}', secureTransport: 'starttls', scenario: 'upgrade', tlsOptions: { expectedServerHostname: 'localhost' } },
  { kind: 'startTls', address: '127.0.0.1:{starttlsUntrusted}', secureTransport: 'starttls', scenario: 'upgrade', byDesign: 'workerd fails opened with "internal error; reference = ..."; ours with proxy request failed, then where and why' },
  { kind: 'startTls', address: '127.0.0.1:{fin}', secureTransport: 'starttls', scenario: 'afterPeerEnd', byDesign: 'the peer ended and the socket closed itself, so startTls throws at once; workerd accepts it and never opens' },
  // A socket opened by one request and used by the next.
  { kind: 'crossRequest', address: '127.0.0.1:{echo}', action: 'write', byDesign: 'the message names WorkerSockets, not Cloudflare Workers, and says the request ended; Closed keeps the abort at the end of the request, which workerd cannot settle' },
  { kind: 'crossRequest', address: '127.0.0.1:{echo}', action: 'read', byDesign: 'the message names WorkerSockets, not Cloudflare Workers, and says the request ended; Closed keeps the abort at the end of the request, which workerd cannot settle' },
  { kind: 'crossRequest', address: '127.0.0.1:{echo}', action: 'close', byDesign: 'Closed keeps the abort at the end of the request; workerd cannot settle a promise of an ended request' },
  { kind: 'crossRequest', address: '127.0.0.1:{echo}', action: 'startTls', byDesign: 'Closed keeps the abort at the end of the request; workerd cannot settle a promise of an ended request' },
  { kind: 'crossRequest', address: '127.0.0.1:{starttls}', secureTransport: 'starttls', action: 'startTls', byDesign: 'the message names WorkerSockets, not Cloudflare Workers, and says the request ended; Closed keeps the abort at the end of the request, which workerd cannot settle' },
  // connect() outside a handler; large writes.
  { kind: 'globalScope' },
  { kind: 'largeWrite', address: '127.0.0.1:{echo}', size: 1 << 20 },
  { kind: 'largeWrite', address: '127.0.0.1:{echo}', size: 8 << 20 },

  // --- Cases a tester writes from the connect() docs (second round) ---
  // Address forms: IPv6 to a real peer, whitespace, non-numeric ports, a trailing dot on an IPv4 literal, punycode,
  // the 255-character limit, port 25 in its other spellings.
  connect('[::1]:{echo6}'),
  connect('[0:0:0:0:0:0:0:1]:{echo6}'),
  object('[::1]', '{echo6}'),
  object('::1', '{echo6}', { byDesign: '{ hostname: "::1" } is connected to, where workerd fails it' }),
  connect('[::ffff:7f00:1]:{echo}'),
  connect('[::FFFF:127.0.0.1]:{echo}'),
  connect('0.0.0.0:{echo}'),
  connect('0:{echo}'),
  connect('[::]:{echo6}'),
  connect('[::1]:'),
  connect('localhost:abc'),
  connect('localhost:0x50'),
  connect('localhost: 80'),
  connect('localhost :80'),
  connect('\tlocalhost:5432'),
  connect('127.0.0.1.:{echo}', { byDesign: 'a trailing dot is the fully qualified form of the same address; workerd looks "127.0.0.1." up as a name' }),
  connect('xn--bcher-kva.example:5432'),
  connect(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}:5432`),
  connect(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}:5432`),
  connect('127.0.0.1:65535'),
  connect('127.0.0.1:587'),
  connect('127.0.0.1:025', { byDesign: 'port 25 is refused at Connect (production does; local workerd does not)' }),
  connect('localhost:25', { byDesign: 'port 25 is refused at Connect (production does; local workerd does not)' }),
  connect('[::1]:25', { byDesign: 'port 25 is refused at Connect (production does; local workerd does not)' }),
  object('127.0.0.1', 25, { byDesign: 'port 25 is refused at Connect (production does; local workerd does not)' }),
  object(' localhost', '{echo}'),
  object('bücher.example', 5432),
  object('localhost.', '{echo}', { byDesign: 'localhost. resolves through the OS' }),
  // Options: a round trip under each secureTransport and allowHalfOpen value, and values that are not options.
  { kind: 'echo', address: '127.0.0.1:{echo}', secureTransport: 'off' },
  { kind: 'echo', address: '127.0.0.1:{echo}', secureTransport: 'starttls' },
  { kind: 'echo', address: '127.0.0.1:{tls}', secureTransport: 'on' },
  { kind: 'echo', address: '127.0.0.1:{echo}', allowHalfOpen: false },
  { kind: 'echo', address: '127.0.0.1:{echo}', allowHalfOpen: true },
  { kind: 'echo', address: '127.0.0.1:{echo}', secureTransport: 'bogus', byDesign: unsupportedMode },
  { kind: 'echo', address: '127.0.0.1:{echo}', secureTransport: 'ON', byDesign: unsupportedMode },
  { kind: 'echo', address: '[::1]:{echo6}' },
  // What opened resolves with.
  { kind: 'openedInfo', address: '127.0.0.1:{echo}' },
  { kind: 'openedInfo', address: 'localhost:{echo}' },
  { kind: 'openedInfo', address: '[::1]:{echo6}' },
  { kind: 'openedInfo', hostname: '127.0.0.1', port: '{echo}' },
  { kind: 'openedInfo', address: '127.0.0.1:{tls}', secureTransport: 'on' },
  // close() twice, close() over a write the peer never reads, releaseLock() then close(), the peer's FIN.
  { kind: 'closeTwice', address: '127.0.0.1:{echo}' },
  { kind: 'closeTwice', address: '127.0.0.1:{refused}' },
  { kind: 'closeWithStalledWrite', address: '127.0.0.1:{stall}', size: 64 << 20 },
  { kind: 'releaseLock', address: '127.0.0.1:{echo}', byDesign: 'a write after close() says "has been closed", as with a writer held across close() in workerd; .NET pipes have no writer to take up again' },
  { kind: 'peerEnds', address: '127.0.0.1:{fin}', allowHalfOpen: false },
  { kind: 'readsToEnd', address: '127.0.0.1:{fin}' },
  { kind: 'readsToEnd', address: '127.0.0.1:{resetAtOnce}' },
  { kind: 'connect', address: '127.0.0.1:{resetAtOnce}' },
  { kind: 'writerClose', address: '127.0.0.1:{tls}', secureTransport: 'on' },
  { kind: 'writerClose', address: '127.0.0.1:{tls}', secureTransport: 'on', allowHalfOpen: true },
  { kind: 'readsToEnd', address: '127.0.0.1:{tlsFin}', secureTransport: 'on', byDesign: "the peer's end reads as the end, as over plaintext and as workerd reads the same TLS stream with allowHalfOpen; workerd's last read fails with Network connection lost. when it closes its own TLS side in answer" },
  { kind: 'readsToEnd', address: '127.0.0.1:{tlsFin}', secureTransport: 'on', allowHalfOpen: true },
  // Values other than Uint8Array on the writer.
  { kind: 'writeValue', address: '127.0.0.1:{echo}', value: 'empty' },
  { kind: 'writeValue', address: '127.0.0.1:{echo}', value: 'arrayBuffer' },
  { kind: 'writeValue', address: '127.0.0.1:{echo}', value: 'dataView' },
  { kind: 'writeValue', address: '127.0.0.1:{echo}', value: 'uint16Array' },
  { kind: 'writeValue', address: '127.0.0.1:{echo}', value: 'string' },
  // STARTTLS after a command line (not awaited, or with its reply read first), startTls() with secureTransport "off".
  { kind: 'startTlsAfterCommand', address: '127.0.0.1:{starttlsLine}' },
  { kind: 'startTlsAfterCommand', address: '127.0.0.1:{starttlsReply}', awaitReply: true },
  { kind: 'startTls', address: '127.0.0.1:{echo}', secureTransport: 'off', scenario: 'plain' },
  { kind: 'upgradeEdge', address: '127.0.0.1:{starttls}', scenario: 'pendingReadHeld', byDesign: "a read pending at StartTls fails the upgrade at once and says why (the read could take the server's first handshake bytes); workerd's upgrade never opens, its old readable being locked" },
  { kind: 'upgradeEdge', address: '127.0.0.1:{starttls}', scenario: 'heldReader', byDesign: "the upgrade goes on: .NET pipes have no reader locks, so the reader a handler keeps is no obstacle; workerd's upgrade never opens while the old readable is locked" },
  { kind: 'upgradeEdge', address: '127.0.0.1:{starttls}', scenario: 'closeOld' },
  { kind: 'upgradeEdge', address: '127.0.0.1:{starttls}', scenario: 'wrongName', tlsOptions: { expectedServerHostname: 'other.example' }, byDesign: 'workerd fails opened with "internal error; reference = ..."; ours with proxy request failed, then where and why' },
  { kind: 'properties', address: '127.0.0.1:{echo}' },
  { kind: 'properties', address: '127.0.0.1:{tls}', secureTransport: 'on' },
  { kind: 'properties', address: '127.0.0.1:{starttls}', secureTransport: 'starttls', byDesign: 'Upgraded is true as soon as StartTls returns (the old socket is unusable from then on); workerd sets upgraded once the old writable has flushed, a moment later' },
  // Many sockets in one request; a socket finished by ctx.waitUntil(); writes flushed before writer.close()'s FIN.
  { kind: 'many', address: '127.0.0.1:{echo}', count: 7, byDesign: 'the seventh socket waits for a slot, as production Workers do; local workerd does not limit' },
  { kind: 'waitUntil', address: '127.0.0.1:{echo}' },
  { kind: 'waitUntil', address: '127.0.0.1:{echo}', connectLate: true },
  { kind: 'writeThenClose', address: '127.0.0.1:{counter}', size: 1 << 20 },
  { kind: 'writeThenClose', address: 'localhost:{counter}', size: 1 << 20 },
  { kind: 'writeThenClose', address: '127.0.0.1:{refused}', size: 1024 },
  { kind: 'earlyWrite', address: '127.0.0.1:{refused}', byDesign: 'a read on a socket whose connect failed throws the connect error; workerd reports the end of the stream, which a handler would take for an empty answer' },
  { kind: 'countBytes', address: '127.0.0.1:{counter}', size: 1 << 20 },
  { kind: 'countBytes', address: '127.0.0.1:{counter}', size: 1 << 20, allowHalfOpen: true },
  // --- The third round, from workerd's sources (third-cases.js) ---
  ...require('./third-cases.js'),
];

// A stable, readable name per case.
const seen = new Map();
for (const c of cases) {
  const { kind, byDesign, ...rest } = c;
  // A very long address is named by its length, so the boundary cases (255 and 256 characters) keep readable names.
  if (rest.address?.length > 100) rest.address = `<${rest.address.length} characters>`;
  if (rest.hostname?.length > 100) rest.hostname = `<${rest.hostname.length} characters>`;
  let name = `${kind} ${JSON.stringify(rest)}`;
  if (name.length > 120) name = `${name.slice(0, 117)}...`;
  const count = (seen.get(name) ?? 0) + 1;
  seen.set(name, count);
  c.name = count === 1 ? name : `${name} #${count}`;
}

module.exports = cases;
