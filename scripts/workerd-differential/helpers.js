// What worker.js and more-kinds.js share: connecting a case's socket and recording steps (ok, ok X, error M, throws M, pending).
import { connect } from 'cloudflare:sockets';

export const STEP_TIMEOUT_MS = 3000;
export const encoder = new TextEncoder();
export const decoder = new TextDecoder();

class Timeout extends Error {}

export async function settle(promise, ms = STEP_TIMEOUT_MS) {
  let timer;
  try {
    const value = await Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Timeout()), ms); })]);
    return value === undefined ? 'ok' : `ok ${value}`;
  } catch (e) {
    return e instanceof Timeout ? 'pending' : `error ${e?.message ?? e}`;
  } finally {
    clearTimeout(timer);
  }
}

export function attempt(action) {
  try {
    const value = action();
    return value === undefined ? 'ok' : `ok ${value}`;
  } catch (e) {
    return `throws ${e?.message ?? e}`;
  }
}

export const options = c => {
  const o = {};
  if (c.secureTransport) o.secureTransport = c.secureTransport;
  if (c.allowHalfOpen !== undefined) o.allowHalfOpen = c.allowHalfOpen;
  if (c.highWaterMark !== undefined) o.highWaterMark = c.highWaterMark;
  return o;
};

export function open(c) {
  if (c.nullOptions) return connect(c.address, null);
  return c.hostname !== undefined
    ? connect({ hostname: c.hostname, port: c.port }, options(c))
    : connect(c.address, options(c));
}

export async function readText(reader) {
  let text = '';
  while (true) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += decoder.decode(value);
  }
}

export const opened = socket => socket.opened.then(info => info.remoteAddress);

